"""The result of cleaning one page."""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaner.segment import Block

#: Values of `Document.status`.
STATUSES = ("ok", "no_main_content", "empty", "not_html", "truncated")


@dataclass
class Document:
    """A cleaned page: `.text` is the body, `.blocks` every block with its decision."""

    text: str
    title: str | None
    blocks: list[Block] = field(default_factory=list)
    status: str = "ok"
    url: str | None = None
    encoding: str | None = None  # how input bytes were decoded; None for str input
    truncated: bool = False  # a size limit cut the input or its blocks (see Options)
    threshold: float | None = None  # score at or above which this page's blocks were kept

    @property
    def body(self) -> list[Block]:
        return [b for b in self.blocks if b.label == "body"]

    def to_markdown(self) -> str:
        """The body with headings, lists, quotes, tables and code kept as Markdown."""
        out: list[str] = []
        for block in self.body:
            out.append(_markdown(block))
        return "\n\n".join(out)


def _markdown(block: Block) -> str:
    text = block.text
    if block.kind == "heading":
        level = int(block.tag[1]) if block.tag[:1] == "h" and block.tag[1:].isdigit() else 2
        return "#" * level + " " + text
    if block.kind == "list_item":
        return "- " + text
    if block.kind == "code":
        fence = "~~~~" if "```" in text else "```"
        return f"{fence}\n{text}\n{fence}"
    if block.kind == "quote":
        return "\n".join("> " + line for line in text.splitlines())
    if block.kind == "table_cell":
        return "| " + text.replace("|", "\\|") + " |"
    return text
