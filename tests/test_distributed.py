"""`cleaner.distributed.clean_bag` on a local Dask cluster (skipped without dask)."""

import json
from pathlib import Path

import pytest

db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("dask.distributed")

from cleaner.cli import main  # noqa: E402
from cleaner.distributed import clean_bag  # noqa: E402

SITE = Path(__file__).resolve().parent / "fixtures" / "corpus" / "site"


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        with distributed.Client(cluster) as c:
            yield c


def pages():
    return [
        {"id": f.stem, "url": f"https://harbourtimes.example/{f.stem}", "html": f.read_text()}
        for f in sorted(SITE.glob("*.html"))
    ]


def test_paths_as_partitions_match_the_cli(client, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(p) + "\n" for p in pages()) + "{broken\n")
    second = tmp_path / "more.jsonl"
    second.write_text(json.dumps(pages()[0] | {"id": "again"}) + "\n")
    bag = clean_bag([str(src), str(second)])
    assert bag.npartitions == 2
    records = bag.compute()
    assert [r["id"] for r in records] == ["page1", "page2", "page3", "page4", f"{src}:5", "again"]
    assert records[4]["status"] == "error" and records[4]["error"] == "bad_json"
    out = tmp_path / "cli.jsonl"
    main(["clean", str(src), "-o", str(out), "-q", "-j", "1"])
    cli = [json.loads(line) for line in out.read_text().splitlines()]
    assert records[:4] == cli


def test_bag_of_dicts_with_blocks(client):
    bag = db.from_sequence(pages(), npartitions=2)
    records = clean_bag(bag, blocks=True).compute()
    assert [r["id"] for r in records] == ["page1", "page2", "page3", "page4"]
    assert all(r["blocks"] and r["status"] in ("ok", "no_main_content") for r in records)


def test_bag_of_html_strings_and_bad_items(client):
    html = (SITE / "page1.html").read_text()
    records = clean_bag(db.from_sequence([html, 42], npartitions=1)).compute()
    assert records[0]["text"] and records[1]["error"] == "bad_record"


def test_not_a_bag():
    with pytest.raises(TypeError):
        clean_bag("one/path.warc")
