"""cleaner: scraped web pages to clean text, with a trained block classifier.

>>> import cleaner
>>> doc = cleaner.clean_html(html)
>>> doc.text, doc.title, doc.status
>>> doc = cleaner.clean_text(text)  # text already flattened: one block per line
>>> doc = cleaner.clean(anything)  # HTML or plain text, sniffed
"""

from __future__ import annotations

from cleaner.document import Document
from cleaner.model import ModelError
from cleaner.pipeline import Cleaner, InputHTML, Options, default_cleaner
from cleaner.segment import Block

__all__ = ["Block", "Cleaner", "Document", "ModelError", "Options", "clean", "clean_html", "clean_text"]
__version__ = "0.1.0"


def clean_html(html: InputHTML, url: str | None = None) -> Document:
    """Clean one page with the shipped model and default options."""
    return default_cleaner().clean_html(html, url=url)


def clean_text(text: str | bytes, title: str | None = None, url: str | None = None) -> Document:
    """Clean text that is already flattened (a page's text, one block per line) with the text-mode model."""
    from cleaner.text import clean_text as _clean_text

    return _clean_text(text, title=title, url=url)


def clean(data: InputHTML, url: str | None = None) -> Document:
    """Clean HTML (bytes or str, lxml element, BeautifulSoup) or plain text; bytes and str are
    sniffed (tags like <html, <body, <p, <div mean HTML, anything else is text)."""
    from cleaner.text import looks_like_html

    if isinstance(data, (bytes, bytearray, memoryview)):
        from cleaner.decode import decode

        decoded = decode(bytes(data))
        if not decoded.binary and not looks_like_html(decoded.text):
            return clean_text(bytes(data), url=url)
    elif isinstance(data, str) and not looks_like_html(data):
        return clean_text(data, url=url)
    return clean_html(data, url=url)
