"""`cleaner explain`: the report's structure (lxml), and a real render in headless Chromium."""

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from lxml import html as lxml_html

import cleaner
from cleaner.cli import main
from cleaner.explain import COLOURS, report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "news-article.html"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.fixture(scope="module")
def doc():
    return cleaner.clean_html(EXAMPLE.read_bytes(), url="https://example.org/news/ferry")


@pytest.fixture()
def report_file(tmp_path):
    path = tmp_path / "report.html"
    assert main(["explain", str(EXAMPLE), "-o", str(path), "--url", "https://example.org/news/ferry"]) == 0
    return path


def test_report_structure(report_file, doc):
    tree = lxml_html.fromstring(report_file.read_bytes())
    assert tree.findtext(".//header/h1") == (doc.title or "(no title)")
    meta = tree.find(".//header/div").text_content()
    assert f"status: {doc.status}" in meta and "https://example.org/news/ferry" in meta
    rows = tree.findall(".//tbody/tr")
    assert len(rows) == len(doc.blocks)
    for row, block in zip(rows, doc.blocks):
        cells = row.findall("td")
        assert len(cells) == 3
        kept, dropped = cells[1].findall("div"), cells[2].findall("div")
        (box,) = kept if block.label == "body" else dropped
        assert not (kept if block.label != "body" else dropped)
        assert box.get("data-label") == block.label
        assert box.get("data-reason") == (block.reason or "")
        assert abs(float(box.get("data-score")) - block.score) < 1e-3
        info = box.find("div[@class='i']").text_content()
        assert "score" in info and block.kind in info
        if block.reason:
            assert f"reason {block.reason}" in info
        text = box.find("div[@class='t']").text_content()
        assert text == block.text or text.endswith("\u2026")


def test_report_is_self_contained(report_file):
    tree = lxml_html.fromstring(report_file.read_bytes())
    assert not tree.xpath("//script | //link | //img | //iframe | //object")
    assert not tree.xpath("//@src | //@href")
    assert "url(" not in report_file.read_text(encoding="utf-8").split("</style>")[0]
    assert tree.find(".//style") is not None


def test_report_escapes_page_text():
    page = b"<html><body><article><p>A paragraph with &lt;script&gt;alert(1)&lt;/script&gt; in it, " + b"long. " * 30
    page += b"</p></article></body></html>"
    out = report(cleaner.clean_html(page))
    assert "<script>" not in out
    tree = lxml_html.fromstring(out)
    assert not tree.xpath("//script")


def test_empty_page_report():
    out = report(cleaner.clean_html(b""))
    assert "No blocks" in out and "empty" in out


def test_explain_to_stdout_and_missing_file(tmp_path, capsys):
    assert main(["explain", str(EXAMPLE)]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert main(["explain", str(tmp_path / "missing.html")]) == 1


# ---------------------------------------------------------------- a real browser


def read_png(path: Path) -> tuple[int, int, tuple[int, list[bytes]]]:
    """Width, height and unfiltered rows of an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        filt = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        if filt == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif filt == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif filt == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif filt == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, (bpp, rows)


def colours(bpp: int, rows: list[bytes], step: int = 3) -> set[tuple[int, int, int]]:
    seen = set()
    for row in rows[::step]:
        for i in range(0, len(row), bpp * step):
            seen.add((row[i], row[i + 1], row[i + 2]))
    return seen


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_report_renders_in_headless_chromium(report_file, tmp_path):
    png = tmp_path / "shot.png"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={png}",
        "--window-size=1200,900",
        report_file.as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, timeout=120)
    assert png.exists(), result.stderr.decode(errors="replace")[-2000:]
    width, height, (bpp, rows) = read_png(png)
    assert (width, height) == (1200, 900)
    seen = colours(bpp, rows)
    assert len(seen) > 20, "a blank or single-colour screenshot"
    # the report's colours are on screen: the dark header, and the kept and dropped block backgrounds

    def near(target):
        return any(sum(abs(a - b) for a, b in zip(c, target)) <= 9 for c in seen)

    assert near(_rgb("#263238"))
    assert near(_rgb(COLOURS["body"][0])) or near(_rgb(COLOURS["classifier"][0]))
