import pytest

from cleaner.train.scoring import mean_score, score


def test_bag_of_words_f1():
    s = score("the cat sat", "The cat sat down")
    assert s.precision == 1.0 and s.recall == 0.75
    assert s.f1 == pytest.approx(2 * 0.75 / 1.75)


def test_multiset_counts_repeated_tokens_once_each():
    assert score("a a a", "a").precision == pytest.approx(1 / 3)


def test_empty_gold_and_empty_output():
    assert score("", "").f1 == 1.0
    assert score("junk", "").f1 == 0.0
    assert score("", "gold").f1 == 0.0


def test_mean_is_macro():
    assert mean_score([score("a", "a"), score("", "a")]).f1 == 0.5
