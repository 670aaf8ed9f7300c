"""A page's text as one numpy array of code points, for per-block counts in one pass a page.

Python's regex engine and per-block string methods cost a call and a new object per block
or per token; a lookup table over the page's code points answers the same questions (is this
a word character, is it whitespace) for every character at once. The clean-up's counts
(`text_counts`, `joined_tokens`) are compiled in `_words` where the install built it; the numpy
versions are their references.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from cleaner._extensions import optional

_words = optional("_words")  # `text_counts` and `joined_tokens` compiled (see _words.c)


def code_points(texts: list[str]) -> np.ndarray:
    """The code points of all `texts`, one after the other (lone surrogates kept as they are)."""
    return np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def owners(lengths: np.ndarray) -> np.ndarray:
    """The block of each item (character or word) of the page, given each block's number of items."""
    return np.repeat(np.arange(len(lengths)), lengths)


def bmp_table(test: Callable[[str], bool] | str) -> np.ndarray:
    """Whether `test` holds, for every code point of the BMP (look codes up with `lookup`);
    `test` is a predicate or the string of the characters it holds for."""
    if isinstance(test, str):
        table = np.zeros(0x10000, dtype=bool)
        table[[ord(char) for char in test]] = True
        return table
    return np.fromiter(map(test, _BMP), dtype=bool, count=0x10000)


_BMP = "".join(map(chr, range(0x10000)))


def lookup(table: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """`table`'s answer for each code point; U+FFFF's (no class) for those above the BMP.

    `take` clips the codes to the table as it reads them: five times faster than clipping first.
    """
    return table.take(codes, mode="clip")


_WORD = bmp_table(str.isalnum)
_WORD[ord("_")] = True
_SPACE = bmp_table(str.isspace)  # str.split's and str.strip's whitespace; none lies above the BMP


def is_word(codes: np.ndarray) -> np.ndarray:
    """Which code points are regex word characters (`\\w`: alphanumeric or "_")."""
    word = lookup(_WORD, codes)
    astral = np.flatnonzero(codes > 0xFFFF)  # rare (some CJK, old scripts): looked up one by one
    word[astral] = [chr(c).isalnum() for c in codes[astral].tolist()]
    return word


def is_space(codes: np.ndarray) -> np.ndarray:
    """Which code points are whitespace to `str.split` and `str.strip`."""
    return lookup(_SPACE, codes)


def runs(flags: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    """Per block: how many runs of consecutive flagged characters it has (a run ends with its block).

    Runs of word characters are the block's regex `\\w+` tokens; runs of non-space ones its
    `str.split()` words.
    """
    starts = flags.copy()
    starts[1:] &= ~flags[:-1] | (owner[1:] != owner[:-1])
    return np.bincount(owner[starts], minlength=n)


def last_flagged(flags: np.ndarray, codes: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    """Per block: the code point of its last flagged character (0 when it has none)."""
    where = np.flatnonzero(flags)
    counts = np.bincount(owner[where], minlength=n)
    has = counts > 0
    out = np.zeros(n, dtype=np.uint32)
    out[has] = codes[where[np.cumsum(counts)[has] - 1]]
    return out


def joined_tokens(texts: list[str]) -> list[str]:
    """Per text: its regex `\\w+` tokens joined by single spaces; one pass over each text's characters
    where the install built `_words`, else `joined_tokens_numpy` (the reference it matches)."""
    if _words is None:
        return joined_tokens_numpy(texts)
    return _words.joined_tokens(texts)


def joined_tokens_numpy(texts: list[str]) -> list[str]:
    """`joined_tokens` of all texts with one pass of numpy.

    A regex pass per text costs a call and a list of tokens per text; here the word characters
    are kept, and so is the character before each token but the first of its text, as a space.
    """
    codes = code_points(texts).copy()
    owner = owners(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)))
    kept = is_word(codes)
    starts = np.flatnonzero(kept & ~np.concatenate([[False], kept[:-1] & (owner[1:] == owner[:-1])]))
    gaps = starts[1:][owner[starts[1:]] == owner[starts[:-1]]] - 1  # just before a token that is not its text's first
    kept[gaps] = True
    codes[gaps] = ord(" ")
    ends = np.cumsum(np.bincount(owner[kept], minlength=len(texts))).tolist()
    joined = codes[kept].tobytes().decode("utf-32-le")
    return [joined[start:end] for start, end in zip([0, *ends], ends)]


class TextCounts(NamedTuple):
    """Per text of a page: what the clean-up steps count in it, one array each."""

    lengths: np.ndarray  # characters
    tokens: np.ndarray  # regex `\w+` tokens
    words: np.ndarray  # `str.split()` words
    last: np.ndarray  # the code point of the last character of `text.rstrip()` (0 when it is blank)
    cjk: np.ndarray  # kana, CJK ideographs and hangul (U+3040-U+9FFF, U+AC00-U+D7AF)


def text_counts(texts: list[str]) -> TextCounts:
    """`TextCounts` of `texts`: one pass over each text's characters where the install built
    `_words`, else `text_counts_numpy` (the reference it matches)."""
    if _words is None:
        return text_counts_numpy(texts)
    counts = np.empty((len(texts), len(TextCounts._fields)), dtype=np.int64)
    _words.text_counts(texts, counts)
    return TextCounts(*counts.T)


def text_counts_numpy(texts: list[str]) -> TextCounts:
    """`text_counts` over the page's code points at once, with numpy."""
    n = len(texts)
    codes = code_points(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    owner = owners(lengths)
    solid = ~is_space(codes)
    cjk_chars = ((codes >= 0x3040) & (codes <= 0x9FFF)) | ((codes >= 0xAC00) & (codes <= 0xD7AF))
    return TextCounts(
        lengths,
        runs(is_word(codes), owner, n),
        runs(solid, owner, n),
        last_flagged(solid, codes, owner, n).astype(np.int64),
        np.bincount(owner[cjk_chars], minlength=n),
    )
