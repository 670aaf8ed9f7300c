"""`cleaner clean` on files, folders, JSON Lines, WARC and stdin; errors, resume, exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "news-article.html"
SITE = ROOT / "tests" / "fixtures" / "corpus" / "site"


def run_cli(*args, stdin=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *map(str, args)], input=stdin, capture_output=True, env=env, timeout=300
    )


def site_jsonl(path, extra_lines=()):
    """The fixture site as JSON Lines with URLs, plus raw extra lines."""
    with open(path, "w", encoding="utf-8") as fh:
        for f in sorted(SITE.glob("*.html")):
            record = {"id": f.stem, "url": f"https://www.harbourtimes.example/{f.stem}", "html": f.read_text()}
            fh.write(json.dumps(record) + "\n")
        for line in extra_lines:
            fh.write(line + "\n")
    return path


def read_jsonl(path):
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]


def test_single_file_prints_text(capsys):
    assert main(["clean", str(EXAMPLE), "--quiet"]) == 0
    out = capsys.readouterr().out
    import cleaner

    assert out == cleaner.clean_html(EXAMPLE.read_bytes()).text + "\n"


def test_readme_first_command_as_a_process():
    result = run_cli("clean", EXAMPLE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert result.stderr == b""  # one page: no summary


def test_markdown_to_stdout_starts_with_the_headline(capsys):
    assert main(["clean", "--format", "markdown", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# ")


def test_jsonl_with_bad_records(tmp_path, capsys):
    src = site_jsonl(tmp_path / "in.jsonl", ['{"id": "broken", ', "[]", '{"id": "nohtml"}'])
    with open(src, "ab") as fh:
        fh.write(b'{"id": "pdf", "html": "%PDF-1.4 \\u0000\\u0001\\u0002 binary"}\n')
        fh.write(b'{"id": "latin", "html": "\xe9"}\n')
        fh.write(b'{"id": "last", "html": "<p>The last good record has a paragraph of its own text.</p>"}\n')
    out = tmp_path / "out.jsonl"
    code = main(["clean", str(src), "-o", str(out), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 1
    records = read_jsonl(out)
    assert [r["id"] for r in records] == ["page1", "page2", "page3", "page4", "last"]
    for r in records:
        assert set(r) == {"id", "url", "title", "text", "status"}
    assert records[0]["url"] == "https://www.harbourtimes.example/page1"
    assert "Tide gauges" in (records[0]["title"] or "") + records[0]["text"]
    for kind in ("bad_json", "bad_record", "undecodable"):
        assert kind in err
    assert "errors by kind:" in err and "pages/s" in err and "kept characters" in err
    assert not list(tmp_path.glob(".out.jsonl*"))  # the partial file was renamed over the output


def test_blocks_and_stdout(tmp_path, capsys):
    src = site_jsonl(tmp_path / "in.jsonl")
    assert main(["clean", str(src), "-o", "-", "--blocks", "-q", "-j", "1"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert len(records) == 4
    block = records[0]["blocks"][0]
    assert set(block) == {"label", "score", "reason", "kind", "text"}
    assert {b["label"] for r in records for b in r["blocks"]} <= {"body", "junk"}


def test_folder_to_text_files_and_resume(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["clean", str(SITE), "--format", "text", "-o", str(out), "-q"]) == 0
    files = sorted(p.name for p in out.iterdir())
    assert files == ["page1.txt", "page2.txt", "page3.txt", "page4.txt"]
    (out / "page2.txt").write_text("kept by resume")
    (out / "page3.txt").unlink()
    assert main(["clean", str(SITE), "--format", "text", "-o", str(out), "--resume"]) == 0
    err = capsys.readouterr().err
    assert "1 written, 3 already done" in err
    assert (out / "page2.txt").read_text() == "kept by resume"
    assert (out / "page3.txt").read_text().strip()


def test_markdown_folder_names_do_not_collide(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for d in "ab":
        (tmp_path / d / "index.html").write_bytes(EXAMPLE.read_bytes())
    out = tmp_path / "md"
    assert (
        main(
            [
                "clean",
                str(tmp_path / "a" / "index.html"),
                str(tmp_path / "b" / "index.html"),
                "--format",
                "markdown",
                "-o",
                str(out),
                "-q",
            ]
        )
        == 0
    )
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 2 and "index.md" in names and all(n.endswith(".md") for n in names)


def test_jsonl_resume_keeps_done_records_and_finishes_partial(tmp_path):
    src = site_jsonl(tmp_path / "in.jsonl")
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(src), "-o", str(out), "-q", "-j", "1"]) == 0
    full = read_jsonl(out)
    # as if a run died after two records: the output is gone, a partial file with a torn line is left
    lines = out.read_text(encoding="utf-8").splitlines()
    out.unlink()
    (tmp_path / ".out.jsonl.partial").write_text(lines[0] + "\n" + lines[1] + "\n" + lines[2][:40])
    assert main(["clean", str(src), "-o", str(out), "-q", "-j", "1", "--resume"]) == 0
    assert read_jsonl(out) == full
    # nothing left to do
    assert main(["clean", str(src), "-o", str(out), "-q", "-j", "1", "--resume"]) == 0
    assert read_jsonl(out) == full


def test_oversize_and_binary_files_fail_but_others_are_written(tmp_path, capsys):
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"x" * 5000 + b"</p>")
    pdf = tmp_path / "doc.html"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    out = tmp_path / "out.jsonl"
    code = main(["clean", str(big), str(pdf), str(SITE / "page1.html"), "-o", str(out), "--max-bytes", "4000"])
    err = capsys.readouterr().err
    assert code == 1
    assert "oversize" in err and "not_html" in err
    assert [r["id"] for r in read_jsonl(out)] == [str(SITE / "page1.html")]


def test_warc_input(tmp_path):
    from test_corpus import make_warc

    path = tmp_path / "crawl.warc.gz"
    make_warc(
        path,
        [(f"https://harbourtimes.example/{f.stem}", f.read_bytes(), "text/html") for f in sorted(SITE.glob("*.html"))],
    )
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(path), "-o", str(out), "-q", "-j", "1"]) == 0
    records = read_jsonl(out)
    assert [r["url"] for r in records] == [f"https://harbourtimes.example/page{i}" for i in range(1, 5)]


def test_site_templates_mode(tmp_path):
    src = site_jsonl(tmp_path / "in.jsonl")
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(src), "-o", str(out), "-q", "-j", "1", "--blocks", "--site-templates"]) == 0
    records = read_jsonl(out)
    for r in records:
        for b in r["blocks"]:
            if "newsletter" in b["text"] or "All rights reserved" in b["text"]:
                assert b["label"] == "junk"
    assert any(b["reason"] == "site-template" for r in records for b in r["blocks"]) or all(
        "Harbour Times" not in r["text"] for r in records
    )


def test_jobs_two_matches_jobs_one_and_keeps_order(tmp_path):
    lines = []
    for i in range(40):  # the site four times over, ten chunks' worth with varied ids
        f = SITE / f"page{i % 4 + 1}.html"
        lines.append(json.dumps({"id": f"r{i:02d}", "url": f"https://harbourtimes.example/{i}", "html": f.read_text()}))
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    r1 = run_cli("clean", src, "-o", one, "--jobs", "1", "-q")
    r2 = run_cli("clean", src, "-o", two, "--jobs", "2")
    assert r1.returncode == 0 and r2.returncode == 0, r2.stderr
    assert one.read_text() == two.read_text()
    assert [r["id"] for r in read_jsonl(two)] == [f"r{i:02d}" for i in range(40)]
    assert b"40 pages" in r2.stderr


def test_stdin_jsonl_to_stdout():
    data = b"".join(
        json.dumps({"id": f.stem, "html": f.read_text()}).encode() + b"\n" for f in sorted(SITE.glob("*.html"))
    )
    result = run_cli("clean", "-", "-o", "-", "-q", stdin=data)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["page1", "page2", "page3", "page4"]


@pytest.mark.parametrize(
    "args",
    [
        ["clean"],
        ["clean", "x.html", "--jobs", "0"],
        ["clean", "x.html", "--resume"],
        ["clean", "-", "--site-templates", "-o", "o.jsonl"],
        ["clean", "x.html", "--format", "text", "--blocks"],
        ["clean", "x.html", "--format", "nope"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2


def test_output_kind_must_match(tmp_path):
    (tmp_path / "file.txt").write_text("")
    with pytest.raises(SystemExit) as exc:
        main(["clean", str(EXAMPLE), "--format", "text", "-o", str(tmp_path / "file.txt")])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["clean", str(EXAMPLE), "-o", str(tmp_path)])
    assert exc.value.code == 2


def test_missing_input_exits_1(tmp_path, capsys):
    assert main(["clean", str(tmp_path / "missing.html")]) == 1
    assert "read_error" in capsys.readouterr().err


def test_unusable_model_exits_1_with_a_message(tmp_path, capsys):
    bad = tmp_path / "model.npz"
    bad.write_bytes(b"not a model")
    assert main(["clean", str(EXAMPLE), "--model", str(bad)]) == 1
    assert "cleaner:" in capsys.readouterr().err


def test_eval_and_train_subcommands_are_wired(tmp_path, capsys):
    import gzip

    folder = tmp_path / "data" / "mini"
    folder.mkdir(parents=True)
    page = (Path(__file__).resolve().parents[1] / "examples" / "news-article.html").read_text(encoding="utf-8")
    gold = (Path(__file__).resolve().parents[1] / "examples" / "news-article.txt").read_text(encoding="utf-8")
    with gzip.open(folder / "dev.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "mini:1", "html": page, "text": gold, "page_type": "article", "url": None}) + "\n")
    assert main(["eval", "--data", str(tmp_path / "data"), "--datasets", "mini"]) == 0
    out = capsys.readouterr().out
    assert "mini" in out and "dev F1 1.000" in out
    with pytest.raises(SystemExit) as exc:
        main(["train", "--help"])
    assert exc.value.code == 0
