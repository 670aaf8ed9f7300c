"""cleaner: scraped web pages to clean text, with a trained block classifier.

>>> import cleaner
>>> doc = cleaner.clean_html(html)
>>> doc.text, doc.title, doc.status
"""

from __future__ import annotations

from cleaner.document import Document
from cleaner.model import ModelError
from cleaner.pipeline import Cleaner, InputHTML, Options, default_cleaner
from cleaner.segment import Block

__all__ = ["Block", "Cleaner", "Document", "ModelError", "Options", "clean_html"]
__version__ = "0.1.0"


def clean_html(html: InputHTML, url: str | None = None) -> Document:
    """Clean one page with the shipped model and default options."""
    return default_cleaner().clean_html(html, url=url)
