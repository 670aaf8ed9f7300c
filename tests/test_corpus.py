"""Site templates (on hand-made documents, no model) and the corpus readers."""

import gzip
import io
import json
import pickle
from pathlib import Path

import pytest

from cleaner.corpus import SiteTemplates, block_hash, chunked, host_of, ordered_map
from cleaner.document import Document
from cleaner.readers import Fields, Record, iter_records, safe_name
from cleaner.segment import Block

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"


def page(url, *texts, label="body"):
    blocks = [
        Block(text=t, kind="paragraph", tag="p", path="body>p", label=label, score=0.9, reason=None) for t in texts
    ]
    return Document(text="\n".join(texts), title=None, blocks=blocks, url=url)


def _word(i):
    return "".join(chr(97 + int(c)) for c in str(i)) + "ville"  # digits are normalised away, letters are not


def corpus(n, host="news.example", shared=(), shared_on=None):
    """n pages of one host, each with its own article line, plus `shared` lines on the first `shared_on` pages."""
    docs = []
    for i in range(n):
        extra = shared if i < (shared_on if shared_on is not None else n) else ()
        docs.append(page(f"https://{host}/a/{i}", f"Unique article about {_word(i)}.", *extra))
    return docs


# ---------------------------------------------------------------- SiteTemplates


def test_block_hash_ignores_case_spacing_punctuation_and_numbers():
    assert block_hash("Posted 3 March  2024 |") == block_hash("posted 14 march 2025")
    assert block_hash("Share this") != block_hash("Share that")
    assert block_hash(" -- ") is None


def test_host_strips_www_and_case():
    assert host_of("https://WWW.Example.org/x?y") == "example.org"
    assert host_of("example.org/path") == "example.org"
    assert host_of(None) is None and host_of("") is None


def test_block_on_most_pages_of_a_host_becomes_site_template():
    docs = corpus(10, shared=["Sign up to our newsletter"], shared_on=10)
    templates = SiteTemplates().fit(docs)
    doc = docs[0]
    assert templates.apply(doc) == 1
    assert [b.reason for b in doc.blocks] == [None, "site-template"]
    assert doc.blocks[1].label == "junk"
    assert doc.text == doc.blocks[0].text
    assert "newsletter" not in doc.text


def test_threshold_is_max_of_three_pages_and_thirty_percent():
    # 10 pages: threshold max(3, 3) = 3
    docs = corpus(10, shared=["Follow us"], shared_on=3)
    assert SiteTemplates().fit(docs).is_template("https://news.example/", "Follow us")
    docs = corpus(10, shared=["Follow us"], shared_on=2)
    assert not SiteTemplates().fit(docs).is_template("https://news.example/", "Follow us")
    # 20 pages: threshold max(3, 6) = 6
    docs = corpus(20, shared=["Follow us"], shared_on=5)
    assert not SiteTemplates().fit(docs).is_template("https://news.example/", "Follow us")
    docs = corpus(20, shared=["Follow us"], shared_on=6)
    assert SiteTemplates().fit(docs).is_template("https://news.example/", "Follow us")


def test_a_host_with_fewer_than_three_pages_is_never_touched():
    docs = corpus(2, shared=["Menu"])
    templates = SiteTemplates().fit(docs)
    assert all(templates.apply(d) == 0 for d in docs)
    assert all(b.label == "body" for d in docs for b in d.blocks)


def test_long_blocks_need_half_the_pages():
    long = "A long syndicated paragraph that two desks both ran in full. " * 10
    assert len(long) > 400
    docs = corpus(10, shared=[long], shared_on=4)  # 40 %: enough for a short block, not for a long one
    assert not SiteTemplates().fit(docs).is_template("https://news.example/", long)
    docs = corpus(10, shared=[long], shared_on=5)
    assert SiteTemplates().fit(docs).is_template("https://news.example/", long)


def test_hosts_are_counted_apart_and_junk_stays_junk():
    docs = corpus(4, host="a.example", shared=["About us"]) + corpus(4, host="b.example")
    docs.append(page("https://b.example/x", "About us"))
    templates = SiteTemplates().fit(docs)
    assert templates.is_template("https://www.a.example/", "About us")
    assert not templates.is_template("https://b.example/", "About us")
    junk = page("https://a.example/j", "About us", label="junk")
    junk.blocks[0].reason = "classifier"
    assert templates.apply(junk) == 0 and junk.blocks[0].reason == "classifier"


def test_page_left_empty_has_no_main_content():
    docs = [page(f"https://c.example/{i}", "Home", "Contact") for i in range(5)]
    templates = SiteTemplates().fit(docs)
    assert templates.apply(docs[0]) == 2
    assert docs[0].text == "" and docs[0].status == "no_main_content"


def test_pages_without_url_are_ignored():
    docs = [page(None, "Home") for _ in range(5)]
    templates = SiteTemplates().fit(docs)
    assert templates.apply(docs[0]) == 0


def test_templates_pickle_small_and_equal():
    docs = corpus(50, shared=["Cookie settings"])
    templates = SiteTemplates().fit(docs)
    clone = pickle.loads(pickle.dumps(templates))
    assert clone.is_template("https://news.example/", "Cookie settings")
    assert sum(len(c) for c in clone.counts.values()) == 1  # the 50 unique lines were pruned


def test_sample_cap_bounds_the_count():
    templates = SiteTemplates(max_pages_per_host=5).fit(corpus(50, shared=["x y"]))
    assert templates.pages["news.example"] == 5


def test_site_templates_on_fixture_site_keep_every_article_paragraph():
    """End to end with the shipped model on four pages of one made-up site."""
    import cleaner

    c = cleaner.Cleaner()
    files = sorted((FIXTURES / "site").glob("*.html"))
    docs = list(c.clean_many((f.read_bytes(), f"https://harbourtimes.example/{f.stem}") for f in files))
    before = [[b.label for b in d.blocks] for d in docs]
    templates = SiteTemplates().fit(docs)
    for doc, labels in zip(docs, before):
        templates.apply(doc)
        for block, was in zip(doc.blocks, labels):
            on_all = all(any(b.text == block.text for b in other.blocks) for other in docs)
            if was == "body" and on_all:
                assert (block.label, block.reason) == ("junk", "site-template")
            elif block.reason != "site-template":
                assert block.label == was
            if block.kind == "paragraph" and len(block.text) > 80 and "Harbour Times" not in block.text:
                assert block.reason != "site-template", block.text  # article text is unique to its page


# ---------------------------------------------------------------- readers


def test_safe_name_cannot_escape_the_output_folder():
    assert safe_name("../../etc/passwd") == "etc/passwd"
    assert safe_name("a b/c?d") == "a_b/c_d"
    assert safe_name("") == "page"
    assert len(safe_name("x" * 500)) <= 150


def write_jsonl(path, lines):
    with open(path, "wb") as fh:
        for line in lines:
            fh.write((json.dumps(line) if not isinstance(line, bytes) else line.decode("latin-1")).encode("utf-8"))
            fh.write(b"\n")


def test_jsonl_bad_lines_are_reported_and_good_ones_kept(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        b'{"id": "a", "url": "https://x.example/a", "html": "<p>A</p>"}\n'
        b'{"id": "b", "html": \n'  # broken JSON
        b"\n"  # blank: skipped silently
        b'{"id": "c", "html": "\xff"}\n'  # not UTF-8
        b"[1, 2]\n"
        b'{"id": "e"}\n'  # no html
        b'{"id": "f", "html": 3}\n'
        b'{"id": "g", "text": "<p>G</p>"}\n'  # "text" when there is no "html"
        b'{"id": "h", "html": "' + b"x" * 200 + b'"}\n'  # oversize for max_bytes=100
        b'{"id": 9, "html": "<p>I</p>"}'  # no final newline, numeric id
    )
    records = list(iter_records([str(path)], Fields(), max_bytes=100))
    assert [(r.id, r.error) for r in records] == [
        ("a", None),
        (f"{path}:2", "bad_json"),
        (f"{path}:4", "undecodable"),
        (f"{path}:5", "bad_record"),
        ("e", "bad_record"),
        ("f", "bad_record"),
        ("g", None),
        ("h", "oversize"),
        ("9", None),
    ]
    assert records[0].url == "https://x.example/a" and records[6].html == "<p>G</p>"


def test_jsonl_gz_and_custom_fields(tmp_path):
    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"key": "k1", "link": "https://y.example/", "body": "<p>x</p>", "html": "no"}) + "\n")
    (record,) = iter_records([str(path)], Fields(id="key", url="link", html="body", fallbacks=()))
    assert (record.id, record.url, record.html) == ("k1", "https://y.example/", "<p>x</p>")


def test_overlong_jsonl_line_is_skipped_without_losing_the_next(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "big", "html": "' + "y" * 5000 + '"}\n{"id": "next", "html": "<p>n</p>"}\n')
    records = list(iter_records([str(path)], max_bytes=100))
    assert [(r.id, r.error) for r in records] == [(f"{path}:1", "oversize"), ("next", None)]


def test_folder_is_read_recursively_in_order(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.html").write_text("<p>b</p>")
    (tmp_path / "sub" / "a.HTM").write_text("<p>a</p>")
    (tmp_path / "notes.txt").write_text("not a page")
    records = list(iter_records([str(tmp_path)]))
    assert [r.name for r in records] == ["b", "sub/a"]
    assert all(r.error is None for r in records)


def test_missing_file_is_an_error_record(tmp_path):
    records = list(iter_records([str(tmp_path / "nope.html"), str(tmp_path / "nope.jsonl")]))
    assert [r.error for r in records] == ["read_error", "read_error"]


def test_stdin_is_sniffed():
    jsonl = io.BytesIO(b'{"id": "s1", "html": "<p>x</p>"}\n{"id": "s2", "html": "<p>y</p>"}\n')
    assert [r.id for r in iter_records(["-"], stdin=jsonl)] == ["s1", "s2"]
    html = io.BytesIO(b"<html><body><p>hello</p></body></html>")
    (record,) = iter_records(["-"], stdin=html)
    assert record.html.startswith(b"<html>") and record.id == "-"
    gz = io.BytesIO(gzip.compress(b'{"id": "z", "html": "<p>z</p>"}\n'))
    assert [r.id for r in iter_records(["-"], stdin=gz)] == ["z"]


def make_warc(path, pages, extra_image=True):
    warcio = pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    assert warcio
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=str(path).endswith(".gz"))
        for url, body, ctype in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)
            if extra_image:
                headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                image = writer.create_warc_record(
                    url + ".png", "response", payload=io.BytesIO(b"\x89PNG\r\n"), http_headers=headers
                )
                writer.write_record(image)


@pytest.mark.parametrize("suffix", [".warc", ".warc.gz"])
def test_warc_html_responses_only(tmp_path, suffix):
    path = tmp_path / ("crawl" + suffix)
    pages = [
        ("https://w.example/1", "<p>Grüße</p>".encode("latin-1"), "text/html; charset=ISO-8859-1"),
        ("https://w.example/2", b"<p>two</p>", "application/xhtml+xml"),
        ("https://w.example/3", b"x" * 300, "text/html"),
    ]
    make_warc(path, pages)
    records = list(iter_records([str(path)], max_bytes=200))
    assert [r.url for r in records] == ["https://w.example/1", "https://w.example/2", "https://w.example/3"]
    assert [r.error for r in records] == [None, None, "oversize"]
    assert records[0].html == "<p>Grüße</p>"  # decoded with the HTTP charset
    assert records[0].id.startswith("urn:uuid:")


def test_damaged_warc_keeps_records_before_the_damage(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    make_warc(path, [(f"https://w.example/{i}", b"<p>page</p>" * 50, "text/html") for i in range(3)], extra_image=False)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    records = list(iter_records([str(path)]))
    assert records[0].error is None
    assert records[-1].error in ("bad_warc", None)
    assert len(records) >= 2


def test_chunked_and_ordered_map_in_processes():
    records = [Record(id=str(i), html="x" * i) for i in range(23)]
    chunks = list(chunked(records, size=5))
    assert [len(c) for c in chunks] == [5, 5, 5, 5, 3]
    assert [len(c) for c in chunked(records, size=100, max_bytes=50)] == [11, 4, 4, 3, 1]
    out = list(ordered_map(_ids, chunked(records, size=2), jobs=2, initargs=(None, None, None), window=2))
    assert [i for chunk in out for i in chunk] == [str(i) for i in range(23)]


def _ids(chunk):
    return [r.id for r in chunk]
