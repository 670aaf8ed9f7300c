"""Adapters that make every peer extractor look alike: `(html, url) -> main text`.

Each adapter runs its library with default settings, so the figures are what a user of
that library gets out of the box. Adapters may raise: the runner turns an exception into an
empty output for that page and counts it in the `errors` column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version

import lxml.html

Extractor = Callable[[str, "str | None"], str]


@dataclass(frozen=True)
class Peer:
    """One peer extractor: `dist` names the package whose version keys the output cache."""

    name: str
    dist: str
    extract: Extractor
    #: Bump when the adapter's output changes, so the old adapter's cached outputs go unused.
    rev: int = 1

    def version(self) -> str:
        return version(self.dist)

    def cache_key(self) -> str:
        return f"{self.version()}+a{self.rev}"


def trafilatura_text(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)


def justext_text(html: str, url: str | None) -> str:
    """jusText keeps the paragraphs it does not classify as boilerplate.

    jusText needs a stoplist for the page's language, and the page gives its language only in
    `<html lang>`. Pages declaring English, or nothing (most pages of the English-only datasets),
    use the English stoplist. Pages declaring another language use jusText's documented
    language-independent mode (empty stoplist with stopwords_low = stopwords_high = 0, as its
    command line does for an empty stoplist), rather than a stoplist that would be wrong.
    """
    import justext

    match = _HTML_LANG.search(html)
    if match is None or match.group(1).lower() == "en":
        paragraphs = justext.justext(html, justext.get_stoplist("English"))
    else:
        paragraphs = justext.justext(html, frozenset(), stopwords_low=0, stopwords_high=0)
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


_BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption"}
    | {"figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "main", "nav"}
    | {"ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead", "tr", "ul"}
)


def _blocks_text(root: lxml.html.HtmlElement) -> str:
    """Text of an HTML fragment with blocks kept apart, so words of adjacent blocks never merge."""
    for el in root.iter():
        if el.tag in _BLOCK_TAGS:
            el.text = "\n\n" + (el.text or "")
            el.tail = "\n\n" + (el.tail or "")
        elif el.tag == "br":
            el.tail = "\n" + (el.tail or "")
    blocks = (" ".join(b.split()) for b in re.split(r"\n\s*\n", root.text_content()))
    return "\n\n".join(b for b in blocks if b)


def readability_text(html: str, url: str | None) -> str:
    """readability-lxml returns cleaned HTML; its text is what a reader of it would see."""
    from readability import Document

    summary = Document(html).summary()
    return _blocks_text(lxml.html.fromstring(summary)) if summary.strip() else ""


def resiliparse_text(html: str, url: str | None) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(html, main_content=True)


def boilerpy3_text(html: str, url: str | None) -> str:
    from boilerpy3 import extractors

    return extractors.ArticleExtractor().get_content(html)


def html_text_text(html: str, url: str | None) -> str:
    """Every visible word: the keep-everything baseline (recall ceiling, precision floor)."""
    import html_text

    return html_text.extract_text(html)


PEERS: dict[str, Peer] = {
    p.name: p
    for p in (
        Peer("trafilatura", "trafilatura", trafilatura_text),
        Peer("justext", "jusText", justext_text),
        Peer("readability-lxml", "readability-lxml", readability_text),
        Peer("resiliparse", "Resiliparse", resiliparse_text),
        Peer("boilerpy3", "boilerpy3", boilerpy3_text),
        Peer("html-text", "html-text", html_text_text),
    )
}
