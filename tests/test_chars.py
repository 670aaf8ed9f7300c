"""The page-wide character arrays must answer exactly as Python's own string methods and regexes."""

import re

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from cleaner import chars
from cleaner.cleanup import token_counts
from cleaner.segment import Block

TRICKY = [
    "",
    "   ",
    "plain words, and_underscores 42",
    "Grüße aus Köln\u00a0– ça va?",
    "日本語の記事です。中文",
    "emoji 😀 and astral 𝐀𝐁 letters 𠀋",
    "tab\tnew\nline\u2028sep\u3000ideographic",
    "lone \ud800 surrogate",
    "trailing space   ",
]


def _per_block(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    codes = chars.code_points(texts)
    owner = chars.owners(np.array([len(t) for t in texts], dtype=np.int64))
    return codes, owner


def _check(texts: list[str]) -> None:
    codes, owner = _per_block(texts)
    n = len(texts)
    assert chars.runs(chars.is_word(codes), owner, n).tolist() == [len(re.findall(r"\w+", t)) for t in texts]
    solid = ~chars.is_space(codes)
    assert chars.runs(solid, owner, n).tolist() == [len(t.split()) for t in texts]
    last = chars.last_flagged(solid, codes, owner, n).tolist()
    assert last == [ord(t.rstrip()[-1]) if t.strip() else 0 for t in texts]
    joined = [" ".join(re.findall(r"\w+", t)) for t in texts]
    assert chars.joined_tokens(texts) == chars.joined_tokens_numpy(texts) == joined
    # Stored as every str of the same characters is (the narrowest width): equal hashes, dict keys that match.
    assert {key: None for key in chars.joined_tokens(texts)}.keys() == set(joined)
    for counts in (chars.text_counts(texts), chars.text_counts_numpy(texts)):
        assert counts.lengths.tolist() == [len(t) for t in texts]
        assert counts.tokens.tolist() == [len(re.findall(r"\w+", t)) for t in texts]
        assert counts.words.tolist() == [len(t.split()) for t in texts]
        assert counts.last.tolist() == [ord(t.rstrip()[-1]) if t.strip() else 0 for t in texts]
        assert counts.cjk.tolist() == [
            sum(0x3040 <= ord(c) <= 0x9FFF or 0xAC00 <= ord(c) <= 0xD7AF for c in t) for t in texts
        ]


def test_tricky_texts_match_python() -> None:
    _check(TRICKY)
    _check([t.lower() for t in TRICKY] + ["€ and ascii tokens", "한국어 뉴스", "Ἀθῆναι ΟΔΟΣ"])


@given(st.lists(st.text(max_size=40), max_size=12))
def test_any_texts_match_python(texts: list[str]) -> None:
    _check(texts)


def test_token_counts_count_as_the_scoring_does() -> None:
    blocks = [Block(text, "paragraph", "p", "") for text in TRICKY]
    assert token_counts(blocks).tolist() == [len(re.findall(r"\w+", t)) for t in TRICKY]


def test_bmp_table_from_a_predicate_or_from_its_characters() -> None:
    assert chars.bmp_table(".!?").nonzero()[0].tolist() == sorted(map(ord, ".!?"))
    digits = chars.bmp_table(str.isdigit)
    assert digits[ord("7")] and digits[ord("٣")] and not digits[ord("a")]
