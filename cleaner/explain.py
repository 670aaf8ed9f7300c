"""`cleaner explain`: one page's blocks and decisions as a self-contained HTML report.

Kept blocks in the left column, dropped ones in the right, in page order, each coloured by
its decision and showing its score (a bar and a number), reason, kind and tag. Inline CSS
only: no scripts, fonts, images or links to fetch, so the file opens anywhere, offline.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from cleaner.document import Document

#: Background and edge colour of each decision; the legend shows only those that occur.
COLOURS = {
    "body": ("#dcf5dc", "#2e8b3e"),
    "classifier": ("#f6dede", "#b03a3a"),
    "title": ("#dde6fa", "#3559b0"),
    "duplicate-heading": ("#fbecd5", "#c07a12"),
    "duplicate": ("#fbecd5", "#c07a12"),
    "navigation": ("#f6dede", "#b03a3a"),
    "site-template": ("#ece0f7", "#7a3fb0"),
}
_OTHER = ("#eeeeee", "#777777")

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;background:#fafafa;color:#222}
header{padding:16px 24px;background:#263238;color:#fff}
header h1{margin:0 0 6px;font-size:20px}
header .meta{font-size:13px;opacity:.9}
header .meta span{margin-right:18px}
.legend{padding:10px 24px;background:#fff;border-bottom:1px solid #ddd}
.legend span{display:inline-block;margin:2px 10px 2px 0;padding:2px 8px;border-left:6px solid;border-radius:3px}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th{position:sticky;top:0;background:#eceff1;text-align:left;padding:6px 10px;font-size:13px;z-index:1}
td{vertical-align:top;padding:3px 6px;border-bottom:1px solid #eee}
.n{width:44px;color:#888;font-size:11px;text-align:right}
.b{border-left:6px solid;border-radius:3px;padding:4px 8px;word-wrap:break-word}
.b .t{white-space:pre-wrap}
.b .i{font-size:11px;color:#555;margin-top:2px}
.bar{display:inline-block;width:60px;height:7px;background:#ddd;margin-right:6px;vertical-align:middle}
.bar i{display:block;height:7px;background:#444}
.empty{color:#999;font-style:italic;padding:12px 24px}
"""


def _colours(label: str, reason: str | None) -> tuple[str, str]:
    return COLOURS["body"] if label == "body" else COLOURS.get(reason or "", _OTHER)


def report(doc: Document, source: str = "", max_chars: int = 2000) -> str:
    """The report as one HTML string; block texts beyond `max_chars` are cut (marked with an ellipsis)."""
    dropped = Counter(b.reason or "?" for b in doc.blocks if b.label != "body")
    kept = sum(1 for b in doc.blocks if b.label == "body")
    meta = [
        ("status", doc.status),
        ("blocks", f"{len(doc.blocks)} ({kept} kept, {len(doc.blocks) - kept} dropped)"),
        ("kept characters", f"{len(doc.text):,}"),
    ]
    if doc.threshold is not None:
        meta.append(("threshold", f"{doc.threshold:.3f}"))
    if doc.url:
        meta.append(("url", doc.url))
    if source:
        meta.append(("input", source))
    if doc.encoding:
        meta.append(("encoding", doc.encoding))

    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>cleaner explain: {escape(doc.title or source or 'page')}</title>",
        f"<style>{_CSS}</style></head><body>",
        f'<header><h1 class="title">{escape(doc.title or "(no title)")}</h1><div class="meta">',
    ]
    out += [f'<span class="{escape(k.replace(" ", "-"))}"><b>{escape(k)}:</b> {escape(v)}</span>' for k, v in meta]
    out.append('</div></header><div class="legend">')
    legend = [("body", "kept (body)", kept)] + [(r, f"dropped: {r}", n) for r, n in dropped.most_common()]
    for key, text, n in legend:
        bg, edge = COLOURS.get(key, _OTHER)
        out.append(f'<span style="background:{bg};border-color:{edge}">{escape(text)} ({n})</span>')
    out.append("</div>")
    if not doc.blocks:
        out.append(f'<p class="empty">No blocks: the page is {escape(doc.status)}.</p>')
    else:
        out.append('<table><thead><tr><th class="n">#</th><th>kept</th><th>dropped</th></tr></thead><tbody>')
        for i, block in enumerate(doc.blocks):
            bg, edge = _colours(block.label, block.reason)
            text = block.text if len(block.text) <= max_chars else block.text[:max_chars] + " \u2026"
            score = float(block.score)
            info = f"{block.label} \u00b7 score {score:.3f}"
            if block.reason:
                info += f" \u00b7 reason {block.reason}"
            info += f" \u00b7 {block.kind} &lt;{escape(block.tag)}&gt;"
            cell = (
                f'<div class="b {escape(block.label)}" data-label="{escape(block.label)}" '
                f'data-reason="{escape(block.reason or "")}" data-score="{score:.4f}" title="{escape(block.path)}" '
                f'style="background:{bg};border-color:{edge}"><div class="t">{escape(text)}</div>'
                f'<div class="i"><span class="bar"><i style="width:{max(0.0, min(score, 1.0)) * 100:.0f}%"></i></span>'
                f"{info}</div></div>"
            )
            left, right = (cell, "") if block.label == "body" else ("", cell)
            out.append(f'<tr><td class="n">{i}</td><td>{left}</td><td>{right}</td></tr>')
        out.append("</tbody></table>")
    out.append("</body></html>\n")
    return "\n".join(out)
