"""The project's own training material: hand-written pages and synthetic pages from templates.

The shared trainable splits are small and come from a limited set of sites, so the
classifier can learn site quirks instead of what junk looks like. The hand-written
pages in ``training_data/pages`` add languages and markup styles the shared data
lacks; ``augment`` re-wraps real gold text in fresh templates with randomised junk
(link farms, consent banners, newsletter boxes, duplicated headings) so the model
sees the same content surrounded by many different kinds of boilerplate.
"""

from __future__ import annotations

import html
import json
import random
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

#: ``training_data/`` at the repository root (pages/, templates/, README.md).
DATA_DIR = Path(__file__).resolve().parents[2] / "training_data"

_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")
_LIST_MARKER = re.compile(r"(?:[-*•]|\d{1,3}[.)])\s+")
# A block ending in one of these is a sentence, not a heading.
_SENTENCE_END = tuple(".!?:;,…。！？：；、")
_MAX_HEADING_CHARS = 100

_SITE_NAMES = (
    "The Daily Ledger",
    "Brightside Media",
    "Northfield Post",
    "Urban Pulse",
    "The Weekly Anchor",
    "Signal & Noise",
    "Harbor Times",
    "Metro Insider",
    "Greenway Journal",
    "The Open Desk",
)
_AUTHORS = (
    "Alex Morgan",
    "Priya Raman",
    "Daniel Okafor",
    "Sofia Lindqvist",
    "Marcus Chen",
    "Hannah Weber",
    "Lucía Ortega",
    "Tom Becker",
    "Yuki Tanaka",
    "Staff Writer",
)
_NAV_ITEMS = (
    "Home",
    "News",
    "World",
    "Business",
    "Tech",
    "Science",
    "Health",
    "Sport",
    "Culture",
    "Travel",
    "Food",
    "Opinion",
    "Video",
    "Podcasts",
    "Lifestyle",
    "Money",
    "Reviews",
    "Deals",
    "Events",
    "About",
    "Contact",
    "Shop",
)
_COOKIE_TEXTS = (
    "We use cookies to personalise content and ads, to provide social media features and to "
    "analyse our traffic. You can change your preferences at any time.",
    "This website uses cookies to ensure you get the best experience on our website. "
    "By continuing to browse you agree to our use of cookies.",
    "We and our partners store and access information on your device, such as cookies, "
    "to deliver personalised ads and content and to measure audience engagement.",
    "Your privacy matters to us. We use essential cookies to run this site and, with your "
    "consent, analytics cookies to understand how it is used.",
    "By clicking Accept All, you agree to the storing of cookies on your device to enhance "
    "site navigation, analyse site usage and assist in our marketing efforts.",
)
_NEWSLETTER_HEADINGS = (
    "Subscribe to our newsletter",
    "Never miss a story",
    "Get the morning briefing",
    "Join 50,000 readers",
    "Stay in the loop",
    "Sign up for updates",
)
_NEWSLETTER_TEXTS = (
    "The best of our reporting, delivered to your inbox every weekday morning. Unsubscribe at any time.",
    "Get our top stories, exclusive offers and early access to new features. No spam, ever.",
    "A weekly round-up of the stories you may have missed, hand-picked by our editors.",
    "Enter your email address to receive notifications of new posts by email.",
)
_LINK_FARM_HEADINGS = (
    "Related Articles",
    "You May Also Like",
    "Top Trending",
    "Most Read",
    "More Stories",
    "Recommended for You",
    "Don't Miss",
    "Popular Now",
    "Editor's Picks",
    "Read Next",
)
_FOOTER_ITEMS = (
    "About us",
    "Contact",
    "Careers",
    "Advertise",
    "Privacy Policy",
    "Terms of Use",
    "Cookie Settings",
    "Accessibility",
    "Sitemap",
)
_SHARE_LABELS = ("Facebook", "X", "LinkedIn", "WhatsApp", "Reddit", "Pinterest", "Email", "Copy link", "Print")
_KEYWORD_FILLERS = ("news", "latest", "guide", "tips", "2025", "update", "review", "how to", "best", "explained")
# Used only when too few other records have titles to build a link farm from.
_FALLBACK_TEASERS = (
    "Ten Things We Learned This Week",
    "The Quiet Revolution in Local Transport",
    "Why Everyone Is Talking About Sleep Again",
    "Inside the Race to Build Cheaper Batteries",
    "What the New Rules Mean for Renters",
    "A Beginner's Guide to Saving Money on Groceries",
)
_AD_SNIPPETS = (
    '<div class="ad-slot"><span class="ad-label">Advertisement</span><div class="ad-unit"></div></div>',
    '<aside class="promo"><small>ADVERTISEMENT</small><div id="gpt-ad-{n}"></div></aside>',
    '<div class="adsbygoogle-wrap"><span>Sponsored</span><ins class="adsbygoogle"></ins></div>',
    '<div data-ad-slot="inline-{n}" class="inline-ad">'
    '<p class="ad-disclaimer">Story continues below advertisement</p></div>',
)


def iter_own_pages(root: Path = DATA_DIR) -> Iterator[dict]:
    """Yield the hand-written pages in ``root/pages`` as records in the shared-dataset schema, sorted by id."""
    for meta_path in sorted((root / "pages").glob("*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        html = meta_path.with_suffix(".html").read_text(encoding="utf-8")
        fields = {key: meta[key] for key in ("text", "title", "page_type", "lang")}
        yield _own_record(meta["id"], html, **fields)


def iter_empty_pages(root: Path = DATA_DIR) -> Iterator[dict]:
    """Yield the pages in ``root/empty`` (a 404, a login wall, a nav stub...): nothing on them is content."""
    for html_path in sorted((root / "empty").glob("*.html")):
        html = html_path.read_text(encoding="utf-8")
        yield _own_record(f"own:{html_path.stem}", html, text="", title=None, page_type="empty")


def _own_record(record_id: str, html: str, **fields) -> dict:
    """A page of ours as a record of the shared datasets' schema."""
    return {"id": record_id, "dataset": "own", "split": "train", "url": None, "html": html, **fields}


def is_heading(block: str) -> bool:
    """Short single-line blocks without closing punctuation read as headings, so render them as <h2>."""
    return "\n" not in block and len(block) <= _MAX_HEADING_CHARS and not block.endswith(_SENTENCE_END)


def augment(records: Iterable[dict], templates_dir: Path, seed: int, per_record: int = 1) -> Iterator[dict]:
    """Yield ``per_record`` synthetic pages per record: its gold blocks inside a random junk-filled template.

    Records without text or title are skipped. Output depends only on the records, the
    templates and ``seed``. Link farms are built from other records' titles, because real
    teaser lists look exactly like headlines and are the hardest junk to tell apart.
    """
    templates = [p.read_text(encoding="utf-8") for p in sorted(templates_dir.glob("*.html"))]
    if not templates:
        raise ValueError(f"no *.html templates in {templates_dir}")
    # Keep only what is needed: full records carry their (large) original HTML.
    usable = [
        {k: rec.get(k) for k in ("id", "text", "title", "page_type", "lang")}
        for rec in records
        if (rec.get("text") or "").strip() and (rec.get("title") or "").strip()
    ]
    titles = [rec["title"].strip() for rec in usable]
    prose = [_first_paragraph(rec["text"]) for rec in usable]
    rng = random.Random(seed)
    for index, rec in enumerate(usable):
        others = titles[:index] + titles[index + 1 :]
        other_prose = [p for i, p in enumerate(prose) if p and i != index]
        for variant in range(per_record):
            yield {
                "id": f"augmented:{rec['id']}:{variant}",
                "dataset": "augmented",
                "split": "train",
                "url": None,
                "html": _fill(rng.choice(templates), rec, others, other_prose, rng),
                "text": rec["text"],
                "title": rec["title"],
                "page_type": rec["page_type"],
                "lang": rec["lang"],
            }


def _fill(template: str, rec: dict, other_titles: list[str], other_prose: list[str], rng: random.Random) -> str:
    """Substitute every ``{{NAME}}`` slot in one pass, so inserted text is never re-scanned."""
    body = _render_body(rec["text"], rng)
    # Junk that reads like prose, placed where real sites put it (inside the article's
    # container, after the text): comments and teasers with summaries. Older pages are
    # full of both; modern ones load them with JavaScript, so the datasets lack them.
    if other_prose and rng.random() < 0.6:
        body += _teaser_cards(other_titles, other_prose, rng)
    if other_prose and rng.random() < 0.6:
        body += _comments(other_prose, rng)
    values = {
        "TITLE": _esc(rec["title"].strip()),
        "BODY": body,
        "SITE": _esc(rng.choice(_SITE_NAMES)),
        "AUTHOR": _esc(rng.choice(_AUTHORS)),
        "DATE": f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "YEAR": str(rng.randint(2019, 2025)),
        "NAV_ITEMS": "".join(
            f'<li><a href="/{_slug(item)}/">{item}</a></li>' for item in rng.sample(_NAV_ITEMS, rng.randint(5, 9))
        ),
        "KEYWORDS": _esc(_keywords(rec["title"], rng)),
        "COOKIE": _esc(rng.choice(_COOKIE_TEXTS)),
        "SHARE": " ".join(f'<a href="#share">{label}</a>' for label in rng.sample(_SHARE_LABELS, rng.randint(3, 6))),
        "NEWSLETTER_HEADING": _esc(rng.choice(_NEWSLETTER_HEADINGS)),
        "NEWSLETTER_TEXT": _esc(rng.choice(_NEWSLETTER_TEXTS)),
        "FOOTER_ITEMS": "".join(
            f'<li><a href="/{_slug(item)}/">{item}</a></li>' for item in rng.sample(_FOOTER_ITEMS, 5)
        ),
    }
    first, second = rng.sample(_LINK_FARM_HEADINGS, 2)
    values["RELATED_HEADING"], values["RELATED_ITEMS"] = first, _teasers(other_titles, rng)
    values["TRENDING_HEADING"], values["TRENDING_ITEMS"] = second, _teasers(other_titles, rng)
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _render_body(text: str, rng: random.Random) -> str:
    """Gold blocks as HTML, plus an ad between blocks and one heading repeated after the body."""
    # Some gold files separate blocks by single newlines only.
    separator = "\n\n" if "\n\n" in text else "\n"
    blocks = [b.strip() for b in text.split(separator) if b.strip()]
    parts = [_render_block(block) for block in blocks]
    if len(parts) > 2:
        ad = rng.choice(_AD_SNIPPETS).replace("{n}", str(rng.randint(1, 99)))
        parts.insert(rng.randint(1, len(parts) - 1), ad)
    headings = [b for b in blocks if is_heading(b)]
    if headings:
        # Sticky tables of contents and "back to" links repeat a subheading verbatim;
        # the gold keeps only the first occurrence, so the repeat must be learned as junk.
        parts.append(f"<h2>{_esc(rng.choice(headings))}</h2>")
    return "\n".join(parts)


def _render_block(block: str) -> str:
    """One gold block as the element a real page would most likely use for it."""
    lines = [line.strip() for line in block.split("\n") if line.strip()]
    if len(lines) > 1:
        # Multi-line gold blocks are mostly Markdown-style lists ("- item", "3. item").
        markers = [_LIST_MARKER.match(line) for line in lines]
        if all(markers):
            tag = "ol" if lines[0][0].isdigit() else "ul"
            items = "".join(f"<li>{_esc(line[m.end() :])}</li>" for line, m in zip(lines, markers, strict=True))
            return f"<{tag}>{items}</{tag}>"
        return "<p>" + "<br>\n".join(_esc(line) for line in lines) + "</p>"
    if is_heading(block):
        return f"<h2>{_esc(block)}</h2>"
    return f"<p>{_esc(block)}</p>"


def _teasers(titles: list[str], rng: random.Random) -> str:
    """A link-farm list: headline-like teaser links taken from other pages."""
    pool = titles if len(titles) >= 3 else list(_FALLBACK_TEASERS)
    picked = rng.sample(pool, min(len(pool), rng.randint(3, 6)))
    return "".join(f'<li><a href="/{_slug(t) or rng.randint(1000, 99999)}">{_esc(t)}</a></li>' for t in picked)


_COMMENT_CLASSES = (
    ("comment", "comment-author", "comment-body"),
    ("c-reply", "c-reply__user", "c-reply__text"),
    ("response", "byline", "response-content"),
    ("css-1q2w3e", "css-4r5t6y", "css-7u8i9o"),  # hashed CSS-module names carry no keyword
)
_COMMENT_HEADINGS = ("{n} Comments", "Leave a Reply", "Discussion", "Kommentare ({n})", "Commentaires", "Comentarios")
_TEASER_HEADINGS = ("More from {site}", "Read next", "Recommended for you", "Weitere Artikel", "À lire aussi")


def _first_paragraph(text: str) -> str:
    """A prose paragraph of a record, the raw material of junk that looks like body text."""
    for block in text.split("\n"):
        if len(block) >= 80 and block.rstrip().endswith(_SENTENCE_END):
            return block.strip()[:600]
    return ""


def _comments(prose: list[str], rng: random.Random) -> str:
    """A comment thread whose comments are real sentences: junk that reads like body."""
    thread, author, body = rng.choice(_COMMENT_CLASSES)
    n = rng.randint(2, 6)
    heading = rng.choice(_COMMENT_HEADINGS).replace("{n}", str(n))
    items = "".join(
        f'<li class="{thread}"><div class="{author}">{_esc(rng.choice(_AUTHORS))} · {rng.randint(1, 23)}h</div>'
        f'<div class="{body}"><p>{_esc(text)}</p></div><a href="#reply">Reply</a></li>'
        for text in rng.sample(prose, min(n, len(prose)))
    )
    return f'<section id="{thread}s"><h3>{_esc(heading)}</h3><ol>{items}</ol></section>'


def _teaser_cards(titles: list[str], prose: list[str], rng: random.Random) -> str:
    """Teasers of other articles with a summary paragraph each."""
    k = min(rng.randint(2, 4), len(titles), len(prose))
    heading = rng.choice(_TEASER_HEADINGS).replace("{site}", rng.choice(_SITE_NAMES))
    cards = "".join(
        f'<div class="card"><h3><a href="/{_slug(t)}">{_esc(t)}</a></h3><p>{_esc(p[:220])}</p></div>'
        for t, p in zip(rng.sample(titles, k), rng.sample(prose, k))
    )
    return f"<h2>{_esc(heading)}</h2><div>{cards}</div>"


def _keywords(title: str, rng: random.Random) -> str:
    """An SEO keyword line: lower-cased title words mixed with filler search terms."""
    words = [w for w in re.findall(r"\w+", title.lower()) if len(w) > 3]
    terms = rng.sample(words, min(len(words), 4)) + rng.sample(_KEYWORD_FILLERS, 3)
    rng.shuffle(terms)
    return ", ".join(terms)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def _esc(text: str) -> str:
    return html.escape(text, quote=False)
