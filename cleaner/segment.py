"""Step 2: an lxml tree to a flat list of text blocks, each with its structural context.

One iterative pass over the tree (no recursion, so no depth can overflow the stack).
Block-level elements start and end blocks; inline markup merges into the block around
it; `<br><br>` splits a run of text. Everything the classifier later wants to know
about where a block sits (ancestor tags, class/id keywords, container ids) is recorded
here, while the walk has it at hand, as small integers.

The walk below is the reference; `cleaner/_walk.c` is the same walk compiled, which `segment`
uses where the install built it, with every table and rarer decision taken from this module.
"""

from __future__ import annotations

import json
import re
import threading
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import etree

from cleaner._extensions import optional
from cleaner.decode import flatten_deep_nesting

#: Elements whose content is never page text.
DROPPED_TAGS = frozenset(
    "script style template svg math iframe object embed canvas select option datalist "
    "textarea input button link meta noembed audio video map area source track param "
    "frameset frame head base dialog".split()
)
#: Elements that end the text before them and start a block of their own.
BLOCK_TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 li dt dd td th pre blockquote figcaption caption div section "
    "article main aside header footer nav ul ol dl table tr thead tbody tfoot form "
    "fieldset legend address details summary figure hgroup body html center menu "
    "noscript label".split()
)
KINDS = ("heading", "paragraph", "list_item", "table_cell", "code", "quote", "caption", "text")
_KIND_OF_TAG = {
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "heading"),
    "p": "paragraph",
    **dict.fromkeys(("li", "dt", "dd"), "list_item"),
    **dict.fromkeys(("td", "th"), "table_cell"),
    "pre": "code",
    "blockquote": "quote",
    **dict.fromkeys(("figcaption", "caption", "legend", "summary"), "caption"),
}

# Structural context: one bit per kind of enclosing element, set while inside one.
CONTEXT_FLAGS = (
    "article",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "form",
    "noscript",
    "list",
    "table",
    "link",
    "hidden",
    "figure",
    "quote",
    "code",
    "heading",
    "address",
    "details",
    "body_prop",
)
#: The bit of each context flag in `Segmentation.flags`.
FLAG = {name: 1 << i for i, name in enumerate(CONTEXT_FLAGS)}
_FLAGS_OF_TAG = {
    "article": FLAG["article"],
    "main": FLAG["main"],
    "header": FLAG["header"],
    "footer": FLAG["footer"],
    "nav": FLAG["nav"],
    "aside": FLAG["aside"],
    "form": FLAG["form"],
    "noscript": FLAG["noscript"],
    **dict.fromkeys(("ul", "ol", "dl", "menu"), FLAG["list"]),
    "table": FLAG["table"],
    "a": FLAG["link"],
    **dict.fromkeys(("figure", "figcaption"), FLAG["figure"]),
    **dict.fromkeys(("blockquote", "q"), FLAG["quote"]),
    **dict.fromkeys(("pre", "code"), FLAG["code"]),
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), FLAG["heading"]),
    "address": FLAG["address"],
    "details": FLAG["details"],
}

# Class/id/role/itemprop keyword groups. They are features, not rules: the model learns
# what each group means; the words are the conventions of web templates, not of English prose.
KEYWORD_GROUPS = {
    "nav": r"nav|menu|breadcrumb|skip",
    "footer": r"foot|copyright|legal|colophon",
    "header": r"head|masthead|topbar|banner|hero",
    "sidebar": r"side|aside|widget|rail|column|col-",
    "related": r"relat|recommend|trend|popular|more|also|next|prev|teaser|suggest|feed|latest|most",
    "share": r"share|social|follow|facebook|twitter|linkedin|whatsapp|print|email",
    "comment": r"comment|reply|repl|discuss|disqus|respon",
    "article": r"article|post|entry|story|blog|news",
    "content": r"content|main|body|text|prose|cooked|markdown|rich|editor|wysiwyg|detail|desc",
    "tag": r"tag|label|categor|topic|keyword",
    "author": r"author|byline|bio|profile|avatar|user",
    "consent": r"cookie|consent|gdpr|privacy|notice|alert",
    "cta": r"newsletter|subscri|signup|sign-up|register|promo|cta|offer|join|login|account|paywall",
    "ad": r"(?:^|[-_ ])ads?(?:$|[-_ ])|advert|sponsor|dfp|gpt|taboola|outbrain|commercial",
    "meta": r"meta|date|time|info|stats|count|rating",
    "caption": r"caption|credit|figure|photo|image|img|media|gallery|video",
    "modal": r"modal|popup|overlay|drawer|toast|dialog|lightbox",
    "hidden": r"hidden|sr-only|visually|screen-reader|offscreen|hide|invisible",
    "pager": r"pag(?:e|ing|ination)|pager",
    "search": r"search|filter|sort",
    "thread": r"thread|message|forum|topic-body|reply-body|answer|question",
    "product": r"product|price|spec|feature|review|cart|buy",
    "docs": r"doc|manual|reference|api|highlight|syntax|rst|section",
    "card": r"card|item|tile|grid|list",
    "title": r"title|headline|heading",
}
_REGEX_SYNTAX = frozenset(".^$*+?{}[]\\|()")


def _top_level(pattern: str):
    """Each character of a regex with whether it stands outside any group, class, count or escape."""
    depth, escaped, closing = 0, False, ""
    for i, char in enumerate(pattern):
        top = False
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif closing:
            closing = "" if char == closing else closing
        elif char in "[{":
            closing = "]" if char == "[" else "}"
        elif char in "()":
            depth += 1 if char == "(" else -1
        else:
            top = not depth
        yield i, char, top


def _branches(pattern: str) -> list[str]:
    """The top-level alternatives of a regex: `a(?:b|c)|d` -> ["a(?:b|c)", "d"]."""
    branches, start = [], 0
    for i, char, top in _top_level(pattern):
        if top and char == "|":
            branches.append(pattern[start:i])
            start = i + 1
    return [*branches, pattern[start:]]


def _required_literal(branch: str) -> str:
    """The longest run of plain characters that every match of a regex branch contains ("ad" of
    `(?:^|[-_ ])ads?`): a string without it need not be searched."""
    best = run = ""
    for i, char, top in _top_level(branch):
        if top and char not in _REGEX_SYNTAX and branch[i + 1 : i + 2] not in ("?", "*", "+", "{"):
            run += char
            best = max(best, run, key=len)
        else:
            run = ""
    return best


def _trie_regex(words: list[str]) -> str:
    """A regex matching the longest of `words` at a position, as a trie: one test per
    character instead of one per word (the `re` module tries alternatives one by one)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict) -> str:
        alternatives = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        if "" not in node:
            return body
        return ("(?:" + body + ")?") if len(alternatives) == 1 else body + "?"  # greedy: longer words first

    return pattern(trie)


class _KeywordMatcher:
    """The KEYWORD_GROUPS bits whose regex matches a string, in one scan instead of one search per group.

    Literal alternatives of all groups go into one trie regex, looked ahead at every position:
    it finds the longest word starting there, and the words that also match there are exactly
    its prefixes, so each word carries the bits of all its prefixes. The few non-literal
    alternatives keep a regex each, searched only where the literal every match contains is.
    """

    def __init__(self, groups: list[str]) -> None:
        bits_of: dict[str, int] = {}
        self.regexes: list[tuple[int, re.Pattern, str]] = []  # (bit, one branch, its required literal)
        for i, group in enumerate(groups):
            for branch in _branches(group):
                if _REGEX_SYNTAX.intersection(branch):
                    self.regexes.append((1 << i, re.compile(branch), _required_literal(branch)))
                else:
                    bits_of[branch] = bits_of.get(branch, 0) | 1 << i
        self.bits: dict[str, int] = {}
        for word in bits_of:
            for prefix, bits in bits_of.items():
                if word.startswith(prefix):
                    self.bits[word] = self.bits.get(word, 0) | bits
        self.words = re.compile(f"(?=({_trie_regex(list(bits_of))}))")

    def mask(self, names: str) -> int:
        mask = 0
        for word in self.words.findall(names):
            mask |= self.bits[word]
        for bit, regex, literal in self.regexes:
            if not mask & bit and literal in names and regex.search(names):
                mask |= bit
        return mask


_KEYWORDS = _KeywordMatcher(list(KEYWORD_GROUPS.values()))
#: The bit of each keyword group in `Segmentation.keywords` and `.near_keywords`.
KEYWORD_BIT = {name: 1 << i for i, name in enumerate(KEYWORD_GROUPS)}

_JSONLD_BODY_KEYS = ("articleBody", "text", "reviewBody", "description")
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff\ufffd"
_BLANK = _INVISIBLE + " "
_MAX_ANCESTORS = 24  # container ids kept per block: enough for any real layout, bounded for deep junk


@dataclass(slots=True)
class Block:
    """One block of the page; the label fields are filled in by the classifier and clean-up."""

    text: str
    kind: str
    tag: str
    path: str
    label: str = "junk"
    score: float = 0.0
    reason: str | None = "classifier"


@dataclass(slots=True)
class Segmentation:
    """Blocks plus the per-block context the features need, in parallel lists."""

    blocks: list[Block] = field(default_factory=list)
    link_chars: list[int] = field(default_factory=list)
    flags: list[int] = field(default_factory=list)  # CONTEXT_FLAGS bits active at the block
    keywords: list[int] = field(default_factory=list)  # KEYWORD_GROUPS bits of any ancestor
    near_keywords: list[int] = field(default_factory=list)  # ... of the block element and its parent
    depth: list[int] = field(default_factory=list)
    ancestors: list[tuple[int, ...]] = field(default_factory=list)  # container ids, innermost last
    page_title: str = ""  # <title>
    meta_title: str = ""  # og:title / twitter:title
    jsonld_body: str = ""  # articleBody (or text) from JSON-LD
    schema_types: set[str] = field(default_factory=set)  # JSON-LD @type, microdata itemtype, og:type
    truncated: bool = False
    #: `ancestors` flattened for numpy (`features.containers`), made by the first step that reads them.
    containers: Any = field(default=None, repr=False, compare=False)


@lru_cache(maxsize=1 << 16)
def _mask_of_names(names: str) -> int:
    """Keyword bits of a class/id string (any case); cached, since templates repeat the same few strings.

    No keyword spans whitespace, so the string's bits are those of its words, cached one by one:
    a string seen for the first time ("post post-4711 type-post") is mostly words seen before.
    """
    mask = 0
    for word in names.split():
        mask |= _mask_of_word(word)
    return mask


@lru_cache(maxsize=1 << 16)
def _mask_of_word(word: str) -> int:
    return _KEYWORDS.mask(word.lower())


#: Attributes besides class and id that the walk reads; most elements have none of them.
_RARE_ATTRIBUTES = frozenset(("role", "itemprop", "itemtype", "hidden", "aria-hidden", "style"))


def _read_rare_attributes(attrib, classes: str | None, ident: str | None, seg: Segmentation) -> tuple[str, int]:
    """The class/id/role/itemprop names of an element that has some of `_RARE_ATTRIBUTES`, and
    the context flags they set: a declared article body, or hidden content. Records its itemtype.

    `rare_flags` in `_walk.c` mirrors this for elements without an itemtype: change both."""
    role, itemprop = attrib.get("role"), attrib.get("itemprop")
    flags = 0
    if itemprop in ("articleBody", "text", "reviewBody") or role == "main":
        flags |= FLAG["body_prop"]
    style = attrib.get("style")
    if (
        "hidden" in attrib
        or attrib.get("aria-hidden") == "true"
        or (style and "display:none" in style.replace(" ", ""))
    ):
        flags |= FLAG["hidden"]
    if itemtype := attrib.get("itemtype"):
        seg.schema_types.add(itemtype.rstrip("/").rsplit("/", 1)[-1].lower())
    return " ".join(filter(None, (classes, ident, role, itemprop))), flags


def _read_jsonld(source: str, seg: Segmentation) -> None:
    """Collect the schema types and the longest article-like text field of a JSON-LD script."""
    try:
        data = json.loads(source)
    except (ValueError, RecursionError):
        return
    todo = [data]
    while todo:  # iterative: JSON-LD graphs can nest deeply
        item = todo.pop()
        if isinstance(item, list):
            todo.extend(item)
        elif isinstance(item, dict):
            for key, value in item.items():
                if key == "@type":
                    seg.schema_types.update(
                        t.lower() for t in (value if isinstance(value, list) else [value]) if isinstance(t, str)
                    )
                elif key in _JSONLD_BODY_KEYS and isinstance(value, str):
                    if len(value) > len(seg.jsonld_body):
                        seg.jsonld_body = value
                elif isinstance(value, (dict, list)):
                    todo.append(value)


#: Dropped elements that libxml2 can leave open over the rest of the page: it ignores `</button>`
#: while an element opened inside the button is still open (`<button><div></button>`), where a
#: browser closes a button, object or select at its end tag whatever is open inside. One that holds
#: a `main`, `article` or `h1` (`PAGE_PARTS`) is such a case, and is read as an inline element:
#: dropping it would drop the article (Dotdash Meredith's template does this). Others (`video`,
#: `dialog`...) stay dropped: a browser leaves them open too and does not show what they swallow.
SWALLOWING_TAGS = frozenset(("button", "object", "select"))
PAGE_PARTS = ("main", "article", "h1")  # also in _walk.c's `holds_page_part`
_ANY_PAGE_PART = tuple("{*}" + tag for tag in PAGE_PARTS)  # with or without a namespace, as _walk.c reads names

# What the walk does at an element, decided once per tag name; other tags are inline too.
# _DROPPED elements are skipped after `_read_metadata` has read them, _SKIPPED ones (the other
# DROPPED_TAGS, which it would ignore) without asking it; _SWALLOWING ones unless they hold a page part.
_INLINE, _BLOCK, _BR, _DROPPED, _TITLE, _SKIPPED, _SWALLOWING = range(7)  # also the enum in _walk.c
_METADATA_TAGS = frozenset(("head", "meta", "script"))  # the tags `_read_metadata` reads
_TAG_ACTIONS = {
    **dict.fromkeys("a span b i u s em strong small sub sup img abbr cite code q time font mark wbr".split(), _INLINE),
    **dict.fromkeys(BLOCK_TAGS, _BLOCK),
    **{tag: _DROPPED if tag in _METADATA_TAGS else _SKIPPED for tag in DROPPED_TAGS},
    **dict.fromkeys(SWALLOWING_TAGS, _SWALLOWING),
    "br": _BR,
    "title": _TITLE,
}
_LINK, _CODE, _HEADING = FLAG["link"], FLAG["code"], FLAG["heading"]
_ENTITY_FRAME = (False, 0, 0, 0, "", "")  # an entity reference: neither it nor its tail is text


class _Walker:
    """Collects blocks during one walk; state that would otherwise thread through every branch.

    `cleaner/_walk.c` mirrors this class step by step: change both, and the tests that compare them.
    """

    def __init__(self, max_blocks: int) -> None:
        self.seg = Segmentation()
        self.max_blocks = max_blocks
        self.parts: list[str] = []  # text of the block being read
        # Frames: (is_block, context flags before the element, keyword mask of ancestors-or-self,
        #          own keyword mask, "tag.first-class" for Block.path, tag without namespace)
        self.stack: list[tuple] = []
        self.block_stack: list[int] = []  # indices into self.stack of open block elements
        self.block_ids: list[int] = []  # their container ids

    def walk(self, root: etree._Element) -> Segmentation:
        """Read every element's text and tail in document order, opening and closing blocks.

        This loop runs for every element of every page, so its state lives in local variables
        and the text handling is inlined; `flush` runs only once a block's text is complete.
        """
        seg, parts, stack, block_stack, block_ids = self.seg, self.parts, self.stack, self.block_stack, self.block_ids
        flags = link_chars = next_id = 0  # context flags in force, link text of the current block
        pending_br = False  # a <br> just ended a line: a second one ends the block
        walk = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
        for event, el in walk:
            if event == "end":
                frame = stack[-1]
                if frame[0]:
                    if parts:
                        self.flush(flags, link_chars)
                        link_chars = 0
                    pending_br = False
                    block_stack.pop()
                    block_ids.pop()
                elif frame is _ENTITY_FRAME:
                    stack.pop()
                    continue
                stack.pop()
                flags = frame[1]  # elements nest, so the flags of the enclosing ones are those before this one
                text = el.tail
            elif event == "start":
                tag = el.tag
                action = _TAG_ACTIONS.get(tag)
                if action is None:
                    if not isinstance(tag, str):
                        walk.skip_subtree()
                        stack.append(_ENTITY_FRAME)
                        continue
                    if tag[0] == "{":  # XHTML parsed as XML: "{http://www.w3.org/1999/xhtml}p"
                        tag = tag.rpartition("}")[2]
                    action = _TAG_ACTIONS.get(tag, _INLINE)
                if action == _BLOCK:
                    if parts:
                        self.flush(flags, link_chars)
                        link_chars = 0
                    pending_br = False
                elif action == _BR:
                    if pending_br:
                        self.flush(flags, link_chars)
                        link_chars, pending_br = 0, False
                    else:
                        parts.append("\n")
                        pending_br = True
                elif action >= _DROPPED and not _read_after_all(action, el, seg):
                    if action == _DROPPED:
                        _read_metadata(el, tag, seg)
                    elif action == _TITLE:
                        seg.page_title = _title_text(el)
                    walk.skip_subtree()  # its end event still comes
                    stack.append((False, flags, 0, 0, tag, tag))
                    continue
                before = flags
                kw = 0
                component = tag
                if keys := el.keys():  # not el.attrib: a proxy object per element costs 15% of the walk
                    classes, ident = el.get("class"), el.get("id")
                    if _RARE_ATTRIBUTES.isdisjoint(keys):
                        names = f"{classes} {ident}" if classes and ident else classes or ident
                    else:
                        names, rare_flags = _read_rare_attributes(el.attrib, classes, ident, seg)
                        flags |= rare_flags
                    if names:
                        kw = _mask_of_names(names)
                    if classes and (first := classes.split(maxsplit=1)):
                        component = tag + "." + first[0]
                flags |= _FLAGS_OF_TAG.get(tag, 0)
                if action == _BLOCK:
                    block_stack.append(len(stack))
                    block_ids.append(next_id)
                stack.append((action == _BLOCK, before, (stack[-1][2] if stack else 0) | kw, kw, component, tag))
                next_id += 1
                text = el.text
            else:  # comments and processing instructions: only their tail is text
                text = el.tail
            if text:
                parts.append(text)
                if flags & _LINK:
                    link_chars += len(text.strip())
                if pending_br and not text.isspace():
                    pending_br = False
        if parts:
            self.flush(flags, link_chars)
        return seg

    def flush(self, flags: int, link_chars: int) -> None:
        """End the current block: its text, if a reader would see any, becomes a Block."""
        parts = self.parts
        text = _block_text("".join(parts), bool(flags & _CODE))
        parts.clear()
        if text is None:
            return
        seg = self.seg
        if len(seg.blocks) >= self.max_blocks:
            seg.truncated = True
            return
        stack, block_stack = self.stack, self.block_stack
        if block_stack:  # the innermost open block element owns the text
            at = block_stack[-1]
            tag, near = stack[at][5], stack[at][3]
            if at:
                near |= stack[at - 1][3]
        else:
            tag, near = "html", 0
        kind = _KIND_OF_TAG.get(tag, "text")
        if kind == "text" and flags & _HEADING:
            kind = "heading"
        seg.blocks.append(Block(text, kind, tag, ">".join([f[4] for f in stack[-6:]])))
        seg.link_chars.append(min(link_chars, len(text)))
        seg.flags.append(flags)
        seg.keywords.append(stack[-1][2] if stack else 0)
        seg.near_keywords.append(near)
        seg.depth.append(len(stack))
        # The block elements among the innermost _MAX_ANCESTORS elements.
        seg.ancestors.append(tuple(self.block_ids[bisect_left(block_stack, len(stack) - _MAX_ANCESTORS) :]))


def _block_text(raw: str, code: bool) -> str | None:
    """A block's text as the reader sees it, or None when there is nothing to see.

    `block_words` in `_walk.c` mirrors the branch for text that is not code: change both."""
    if raw.isspace():  # most runs between blocks: nothing to read, whatever the branch below
        return None
    if code:
        text = raw.strip("\n").rstrip()
        return text if text.strip() else None
    text = " ".join(raw.split())
    return text if text.strip(_BLANK) else None  # not only zero-width spaces, BOMs, soft hyphens


def _read_after_all(action: int, el: etree._Element, seg: Segmentation) -> bool:
    """Whether an element of a dropped kind is read as inline: a `<title>` after the one that named
    the page, or a _SWALLOWING element the parser left open over a page part. Asked only of the
    dropped kinds, so the walk's common path pays nothing for it."""
    if action == _TITLE:
        return bool(seg.page_title)
    return action == _SWALLOWING and next(el.iterdescendants(*_ANY_PAGE_PART), None) is not None


#: A longer `<title>` is not a headline but one left open (`<title>Storm</titl>`): the parser, like a
#: browser, reads the rest of the page's markup into it, and it would pass for the title of every block.
#: The longest gold headline of the training pages has 188 characters; no training page's title or
#: og:title reaches this.
MAX_TITLE_CHARS = 300


def _title_hint(text: str) -> str:
    """The text with its whitespace collapsed, or "" (no hint) if it is too long to be a headline."""
    hint = " ".join(text.split())
    return hint if len(hint) <= MAX_TITLE_CHARS else ""


def _title_text(el: etree._Element) -> str:
    return _title_hint("".join(el.itertext()))


_walk = optional("_walk")  # the same walk compiled against libxml2's tree (see _walk.c)
#: The tables the compiled walk finds keywords with, made from `_KEYWORDS` (one definition).
_WALK_KEYWORDS = _walk.keywords(_KEYWORDS.bits, _KEYWORDS.regexes) if _walk else None


def segment(root: etree._Element, max_blocks: int = 100_000) -> Segmentation:
    """Split a parsed page into blocks in document order.

    The compiled walk reads the page where it can; it leaves pages with entity references,
    namespaced attributes or text that is not UTF-8 to the Python walk, which is the reference
    both follow.
    """
    if _walk is not None:
        seg = Segmentation()
        if _walk.walk(root, seg, max_blocks, _WALK_CONTEXT):
            return seg
    return _Walker(max_blocks).walk(root)


_META_TITLES = ("og:title", "twitter:title")
_META_TYPE = "og:type"
#: The <meta> properties (or names) `_read_metadata` reads, and the mark of a JSON-LD <script> type:
#: the compiled walk does not ask about the others.
_META_PROPERTIES = frozenset((*_META_TITLES, _META_TYPE))
_JSONLD_MARK = "ld+json"


def _read_metadata(el: etree._Element, tag: str, seg: Segmentation) -> None:
    """Pick the headline hints and JSON-LD body out of elements the walk otherwise drops.

    The walk asks only for `_METADATA_TAGS`: a tag read here must be added there. `read_head`
    in `_walk.c` mirrors the `head` branch: change both."""
    if tag == "meta":
        prop = el.get("property") or el.get("name") or ""
        if prop in _META_TITLES and not seg.meta_title:
            seg.meta_title = _title_hint(el.get("content") or "")
        elif prop == _META_TYPE and el.get("content"):
            seg.schema_types.add(el.get("content").lower())
    elif tag == "head":
        for child in el.iter("title", "meta", "script"):
            if child.tag == "title" and not seg.page_title:
                seg.page_title = _title_text(child)
            elif child.tag != "title":
                _read_metadata(child, child.tag, seg)
    elif tag == "script" and _JSONLD_MARK in (el.get("type") or ""):
        _read_jsonld(el.text or "", seg)


#: What the compiled walk calls and reads: its tables and rarer decisions are defined here once. The
#: few steps it restates in C (`block_words`, `rare_flags`, `read_head`) say so in their Python form.
_WALK_CONTEXT = (
    Block,
    _TAG_ACTIONS,
    _FLAGS_OF_TAG,
    _KIND_OF_TAG,
    _mask_of_names,
    _read_rare_attributes,
    _read_metadata,
    _title_text,
    _block_text,
    _RARE_ATTRIBUTES,
    _LINK,
    _CODE,
    _HEADING,
    FLAG["body_prop"],
    FLAG["hidden"],
    _MAX_ANCESTORS,
    etree._Element,
    _BLANK,
    _WALK_KEYWORDS,
    _META_PROPERTIES,
    _JSONLD_MARK,
)


_XML_DECLARATION = re.compile(r"\s*<\?xml[^>]{0,500}\?>")
#: Nesting kept when a page is deeper than the parser allows (see `decode.flatten_deep_nesting`).
FLATTEN_DEPTHS = (1000, 200)
_PARSERS = threading.local()  # parsers are neither picklable nor safe to share: one per thread


def _parser() -> etree.HTMLParser:
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        # collect_ids=False: libxml2 need not index id attributes the walk reads directly (a
        # tenth of the parse). Comments stay: dropping them merges the text around them, which
        # changes how much of a link's text is counted.
        parser = etree.HTMLParser(
            recover=True, huge_tree=True, remove_blank_text=False, no_network=True, collect_ids=False
        )
        _PARSERS.parser = parser
    return parser


def _too_deep(parser: etree.HTMLParser) -> bool:
    """Whether the last parse stopped at libxml2's nesting limit (dropping the rest of the page)."""
    return any(e.type_name == "ERR_RESOURCE_LIMIT" or "xcessive depth" in e.message for e in parser.error_log)


def _fromstring(html: str, parser: etree.HTMLParser) -> etree._Element | None:
    try:
        return etree.fromstring(html, parser)
    except (etree.LxmlError, ValueError):
        return None


def parse(html: str) -> etree._Element | None:
    """Parse HTML leniently; None when there is no element at all.

    Nesting deeper than libxml2 keeps (about 2,000 levels) is flattened, then re-parsed,
    so text planted at the bottom of 100,000 nested elements is still read.
    """
    if match := _XML_DECLARATION.match(html):  # lxml refuses str input that declares an encoding
        html = html[match.end() :]
    if not html.strip():
        return None
    parser = _parser()
    root = _fromstring(html, parser)
    for depth in FLATTEN_DEPTHS:
        if not _too_deep(parser):
            break
        root = _fromstring(flatten_deep_nesting(html, depth), parser)
    return root
