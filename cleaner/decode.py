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

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{1,40})""", re.I)
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


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    binary: bool  # the bytes look like a non-HTML format (PDF, image, archive...)


def sanitize(text: str) -> str:
    """Replace what lxml cannot hold (NULs, controls, lone surrogates) by U+FFFD."""
    return _UNSAFE.sub("\ufffd", text) if _UNSAFE.search(text) else text


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
        return Decoded(sanitize(data.decode("utf-8")), "utf-8", binary)
    except UnicodeDecodeError:
        pass
    head = data[:8192]
    match = _XML_DECLARED.search(head) or _DECLARED.search(head)
    for name in (declared, match and match.group(1).decode("ascii", "replace")):
        codec = _codec(name)
        if codec and codec != "utf-8":
            try:
                return Decoded(sanitize(data.decode(codec)), codec, binary)
            except UnicodeDecodeError:
                pass
    best = None if binary else charset_normalizer.from_bytes(data[:200_000]).best()
    codec = _codec(best.encoding) if best else None
    if codec in _SINGLE_BYTE_WESTERN:
        codec = "cp1252"  # detectors split hairs between Latin code pages on short samples
    if codec:
        return Decoded(sanitize(data.decode(codec, "replace")), codec, binary)
    return Decoded(sanitize(data.decode("cp1252", "replace")), "cp1252", binary)


def _codec(name: str | None) -> str | None:
    """Python's name for a charset label, or None if Python does not know it."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    # A page labelled ISO-8859-1 or ASCII is decoded as windows-1252 by browsers.
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec
