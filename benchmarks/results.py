"""benchmarks/RESULTS.md is shared: each benchmark owns one marked section of it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(name: str, body: str, path: Path = RESULTS) -> None:
    """Replace the text between `<!-- name:begin -->` and `<!-- name:end -->`, or append the section."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    section = f"{begin}\n{body.rstrip()}\n{end}"
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def markdown_table(header: list[str], rows: Iterable[list[str]], text_cols: int = 1) -> str:
    """A Markdown table: the first `text_cols` columns left-aligned, the numbers right-aligned."""
    aligns = ["---"] * text_cols + ["---:"] * (len(header) - text_cols)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(aligns) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def compiled_steps() -> str:
    """Which steps run compiled here (the optional C extensions): the timings depend on it."""
    from cleaner._extensions import EXTENSIONS, optional

    built = {step: optional(name) is not None for name, step in EXTENSIONS.items()}
    compiled = [step for step, ok in built.items() if ok]
    plain = [step for step, ok in built.items() if not ok]
    return ", ".join(compiled or ["none"]) + (f" (in Python: {', '.join(plain)})" if plain else "")
