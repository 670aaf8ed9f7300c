"""The optional C extensions against their Python references, end to end."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import clean_html
from cleaner._extensions import optional

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "examples" / "news-article.html", *sorted((ROOT / "tests" / "fixtures").rglob("*.html"))]
_DESCRIBE = """
import json, sys
from pathlib import Path
from cleaner import clean_html
docs = [clean_html(Path(p).read_bytes()) for p in sys.argv[1:]]
print(json.dumps([[d.text, d.title, d.status, [[b.label, b.reason, b.score] for b in d.blocks]] for d in docs]))
"""


def _describe(environment: dict[str, str]) -> list:
    result = subprocess.run(
        [sys.executable, "-c", _DESCRIBE, *map(str, PAGES)],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_switching_the_extensions_off_runs_the_python_steps(monkeypatch):
    monkeypatch.setenv("CLEANER_NO_EXTENSIONS", "1")
    assert optional("_trees") is None
    monkeypatch.setenv("CLEANER_NO_EXTENSIONS", "0")
    assert optional("no_such_extension") is None


@pytest.mark.skipif(optional("_walk") is None and optional("_trees") is None, reason="no extension was built")
def test_documents_are_the_same_with_and_without_the_extensions():
    compiled, python = _describe({}), _describe({"CLEANER_NO_EXTENSIONS": "1"})
    assert len(compiled) == len(PAGES) > 1
    for page, with_c, without in zip(PAGES, compiled, python):
        assert with_c[:3] == without[:3], page.name
        assert [b[:2] for b in with_c[3]] == [b[:2] for b in without[3]], page.name
        assert max((abs(a[2] - b[2]) for a, b in zip(with_c[3], without[3])), default=0) < 1e-12, page.name
    assert compiled[0][0] == clean_html(PAGES[0].read_bytes()).text  # and the subprocess is this install
