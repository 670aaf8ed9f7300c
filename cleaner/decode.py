"""Step 1: bytes to text that lxml accepts, without ever raising.

Order of trust: a byte-order mark, then valid UTF-8 (a page that decodes as UTF-8 and
has non-ASCII bytes is UTF-8 whatever it declares), then the declared charset, then a
detector, then cp1252, the HTML standard's fallback for undeclared Western pages.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from cleaner._extensions import optional

_words = optional("_words")  # `_has_unsafe` compiled (see _words.c)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Audited for backtracking: bounded repeats, and no two adjacent repeats that can match the same text.
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=["'\s]{0,40}([a-zA-Z0-9_.:-]{1,40})""", re.I)
_XML_DECLARED = re.compile(rb"""^<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-zA-Z0-9_.:-]{1,40})""")
# Formats that are certainly not HTML, by their magic numbers.
_BINARY_MAGIC = (
    b"%PDF-",
    b"\x1f\x8b",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"PK\x03\x04",
    b"BZh",
    b"\xfd7zXZ",
    b"RIFF",
    b"\x00\x00\x01\x00",
    b"OggS",
    b"ID3",
    b"\x7fELF",
    b"7z\xbc\xaf",
)
_SINGLE_BYTE_WESTERN = {"cp1250", "cp1252", "iso8859-15", "iso8859-2", "mac-roman", "cp850"}
# Characters XML (and so lxml) refuses: C0 controls but tab/newline/CR, and lone surrogates.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_UNSAFE_CONTROLS = bytes(range(0x09)) + b"\x0b\x0c" + bytes(range(0x0E, 0x20))
_OTHER_BYTES = bytes(sorted(set(range(256)).difference(_UNSAFE_CONTROLS)))
# Python codecs that are not charsets a page can be written in (or that a meta tag, itself
# ASCII, cannot truthfully declare): a label naming one is ignored.
_NOT_PAGE_CODECS = frozenset("idna punycode unicode-escape raw-unicode-escape undefined utf-7 charmap".split())
# A label read from the page itself is ASCII, so the page is not in one of these (the HTML
# standard reads such a label as UTF-8); real UTF-16/32 was caught by its BOM or NUL pattern.
_WIDE_CODECS = frozenset("utf-16 utf-16-le utf-16-be utf-32 utf-32-le utf-32-be".split())


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    binary: bool  # the bytes look like a non-HTML format (PDF, image, archive...)


def sanitize(text: str) -> str:
    """Make any str safe for lxml: NULs are dropped (as browsers do), other controls and
    lone surrogates become U+FFFD."""
    if not _has_unsafe(text):
        return text
    return _UNSAFE.sub("\ufffd", text.replace("\x00", ""))


def _has_unsafe(text: str) -> bool:
    """Whether `_UNSAFE` matches: one compiled pass over the characters where the install built
    `_words`, else `_has_unsafe_python` (the reference it matches)."""
    if _words is None:
        return _has_unsafe_python(text)
    return _words.has_unsafe(text)


def _has_unsafe_python(text: str) -> bool:
    """Whether `_UNSAFE` matches, at memory speed rather than the regex's per-character test: lone
    surrogates fail UTF-8 encoding, and the controls are ASCII bytes, which UTF-8 never uses inside
    a longer character, so they are what is left after deleting all other bytes."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return bool(data.translate(None, _OTHER_BYTES)) or "\ufffe" in text or "\uffff" in text


def looks_binary(data: bytes) -> bool:
    head = data[:8]
    if head.startswith(_BINARY_MAGIC):
        return True
    sample = data[:4096]
    # Text in UTF-16/32 has many NULs too, but those were caught by their BOM or by the
    # alternating pattern below; other text has almost no control bytes.
    if not sample or _utf16_without_bom(sample):
        return False
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) * 0.1


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16/32 text without a BOM shows NULs at a fixed stride; name the codec if so."""
    n = len(sample) - len(sample) % 4
    if n < 8:
        return None
    quads = [sample[i : i + 4] for i in range(0, n, 4)]

    def share(pred) -> float:
        return sum(1 for q in quads if pred(q)) / len(quads)

    if share(lambda q: q[1:] == b"\0\0\0" or q[1] == 0 and q[3] == 0 and q[2] == 0) > 0.7:
        return "utf-32-le"
    if share(lambda q: q[:3] == b"\0\0\0") > 0.7:
        return "utf-32-be"
    if share(lambda q: q[1] == 0 and q[3] == 0) > 0.7:
        return "utf-16-le"
    if share(lambda q: q[0] == 0 and q[2] == 0) > 0.7:
        return "utf-16-be"
    return None


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Decode page bytes; `declared` is a charset from outside (e.g. an HTTP header)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Decoded(sanitize(data[len(bom) :].decode(codec, "replace")), codec, False)
    wide = _utf16_without_bom(data[:4096])
    if wide:
        return Decoded(sanitize(data.decode(wide, "replace")), wide, False)
    binary = looks_binary(data)
    try:
        # Not final: a page cut in the middle of a character (see Options.max_bytes) is still UTF-8.
        decoder = codecs.getincrementaldecoder("utf-8")()
        text = decoder.decode(data, final=False)
        if decoder.getstate()[0]:
            text += "\ufffd"
        return Decoded(sanitize(text), "utf-8", binary)
    except UnicodeDecodeError:
        pass
    head = data[:8192]
    match = _XML_DECLARED.search(head) or _DECLARED.search(head)
    for name in (declared, match and match.group(1).decode("ascii", "replace")):
        codec = _codec(name)
        if codec and codec != "utf-8" and codec not in _WIDE_CODECS:
            try:
                return Decoded(sanitize(data.decode(codec)), codec, binary)
            except (UnicodeError, LookupError):
                pass
    best = None
    if not binary:
        try:
            best = charset_normalizer.from_bytes(data[:200_000]).best()
        except Exception:  # a detector bug must not lose the page: fall back to cp1252 below
            best = None
    codec = _codec(best.encoding) if best else None
    if codec in _SINGLE_BYTE_WESTERN:
        codec = "cp1252"  # detectors split hairs between Latin code pages on short samples
    if codec:
        try:
            return Decoded(sanitize(data.decode(codec, "replace")), codec, binary)
        except (UnicodeError, LookupError):
            pass
    return Decoded(sanitize(data.decode("cp1252", "replace")), "cp1252", binary)


def _codec(name: str | None) -> str | None:
    """Python's name for a charset label, or None if Python does not know it."""
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().lower())
    except (LookupError, ValueError):  # ValueError: a label with a NUL in it
        return None
    codec = info.name
    if not getattr(info, "_is_text_encoding", True) or codec in _NOT_PAGE_CODECS:
        return None  # rot13, zlib, base64...: not charsets
    # A page labelled ISO-8859-1 or ASCII is decoded as windows-1252 by browsers.
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


# --- Nesting deeper than the parser keeps -------------------------------------------------
# libxml2 stops reading a page nested deeper than about 2,000 elements and silently drops
# everything after that point. `segment.parse` notices (the parser logs a resource-limit
# error) and re-parses the output of `flatten_deep_nesting`, which keeps every character of
# text but turns each element opened beyond `max_depth` into an empty one: its content then
# follows it as a sibling, so block boundaries survive and nothing is lost. Text blocks
# (paragraphs, headings, list items...) are still opened there, one level deep, so the
# article at the bottom of a deep pile of wrappers still reads as paragraphs.

_VOID_TAGS = frozenset(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param source track wbr".split()
)
# Their content is raw text: skipped whole, never counted as nesting.
_RAW_TEXT_TAGS = frozenset("script style textarea title xmp iframe noembed noframes plaintext".split())
# Opening one of these closes an open one of the same name (`<p>a<p>b`, `<li>a<li>b`).
_SELF_CLOSING_SIBLINGS = frozenset("p li dt dd tr td th option".split())
# Opened even beyond the depth limit while no other of them is open there: they hold text, not structure.
_TEXT_BLOCK_TAGS = frozenset("p h1 h2 h3 h4 h5 h6 li dt dd pre blockquote figcaption".split())
_TAG_NAME = re.compile(r"/?([A-Za-z][A-Za-z0-9:_-]{0,63})")
_RAW_TEXT_END = {name: re.compile("</" + name, re.I) for name in _RAW_TEXT_TAGS}


def flatten_deep_nesting(html: str, max_depth: int) -> str:
    """`html` with every element opened deeper than `max_depth` made empty (`<div>` becomes
    `<div></div>` and its end tag is dropped), so no element nests deeper; the text is kept.

    A single forward scan with `str.find`, linear in the length of the input whatever it holds.
    """
    out: list[str] = []
    stack: list[str] = []  # names of open elements, as this scan understands them
    emptied: list[bool] = []  # per open element: made empty, so its end tag is dropped
    open_count: dict[str, int] = {}
    deep_blocks = 0  # text blocks open beyond max_depth (at most one)
    last = i = 0
    gt = -1
    n = len(html)
    while i < n:
        lt = html.find("<", i)
        if lt < 0:
            break
        if html.startswith("<!--", lt):
            end = html.find("-->", lt + 4)
            if end < 0:
                break
            i = end + 3
            continue
        if gt <= lt:  # the first ">" after lt; reused while it lies ahead, so "<<<<" stays linear
            gt = html.find(">", lt + 1)
            if gt < 0:
                break
        match = _TAG_NAME.match(html, lt + 1, gt)
        if not match:
            i = lt + 1
            continue
        name = match.group(1).lower()
        i = gt + 1
        if html[lt + 1] == "/":
            if open_count.get(name):
                while stack:
                    top, was_emptied = stack.pop(), emptied.pop()
                    open_count[top] -= 1
                    if len(stack) >= max_depth and not was_emptied:
                        deep_blocks -= 1
                    if top == name:
                        break
                if was_emptied:  # the end of an element made empty: drop it
                    out.append(html[last:lt])
                    last = i
            continue
        if name in _RAW_TEXT_TAGS:
            end_match = _RAW_TEXT_END[name].search(html, i)
            i = end_match.end() if end_match else n
            continue
        if name in _SELF_CLOSING_SIBLINGS and stack and stack[-1] == name:
            stack.pop()
            open_count[name] -= 1
            if not emptied.pop() and len(stack) >= max_depth:
                deep_blocks -= 1
        if name in _VOID_TAGS or html[gt - 1] == "/":
            continue
        empty = len(stack) >= max_depth and (name not in _TEXT_BLOCK_TAGS or deep_blocks > 0)
        if empty:
            out.append(html[last:i])
            out.append(f"</{name}>")
            last = i
        elif len(stack) >= max_depth:
            deep_blocks += 1
        stack.append(name)
        emptied.append(empty)
        open_count[name] = open_count.get(name, 0) + 1
    if not out:
        return html
    out.append(html[last:])
    return "".join(out)
