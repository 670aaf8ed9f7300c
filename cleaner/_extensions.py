"""The optional C extensions, imported in one place.

Each compiled step (`_walk`, `_words`, `_trees`) has a Python reference it matches. Without a
C compiler at install time the extensions are missing and the reference runs; with
`CLEANER_NO_EXTENSIONS=1` in the environment it runs anyway, to rule the extensions out when
something looks wrong.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

#: Each extension and the step it compiles.
EXTENSIONS = {"_walk": "segment walk", "_words": "word counts", "_trees": "tree walk"}


def optional(name: str) -> ModuleType | None:
    """The extension `cleaner.<name>`, or None where it is missing, switched off or unusable."""
    if os.environ.get("CLEANER_NO_EXTENSIONS", "") not in ("", "0"):
        return None
    try:
        return importlib.import_module(f"cleaner.{name}")
    except Exception:  # not built, or (for _walk) built for an lxml whose C API differs
        return None
