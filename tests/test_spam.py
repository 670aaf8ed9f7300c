"""The named spam steps of cleaner.spam, each on small hand-labelled pages (no model needed)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner import features, spam
from cleaner.segment import Block

PROSE = (
    "The council voted on Tuesday to approve the new tram line, ending a debate that has lasted for more "
    "than two years and divided the city."
)
PROSE_DE = (
    "Der Stadtrat hat am Donnerstag den Bau der neuen Radwege beschlossen, die bis zum Ende des kommenden "
    "Jahres fertig sein sollen."
)


def page(*items: tuple[str, str] | str) -> list[Block]:
    """Blocks from (text, label) pairs; a bare string is a kept paragraph, kind guessed from its shape."""
    blocks = []
    for item in items:
        text, label = (item, "body") if isinstance(item, str) else item
        kind = "paragraph" if text.endswith(".") else "heading"
        reason, score = (None, 0.9) if label == "body" else ("classifier", 0.1)
        blocks.append(Block(text=text, kind=kind, tag="p", path="", label=label, score=score, reason=reason))
    return blocks


def kept(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks if b.label == "body"]


def test_cta_hits_is_multilingual():
    assert spam.cta_hits("sign up for our newsletter") >= 1
    assert spam.cta_hits("newsletter abonnieren") >= 1
    assert spam.cta_hits("abonnez-vous à notre lettre") >= 1
    assert spam.cta_hits("suscríbete a nuestro boletín") >= 1
    assert spam.cta_hits("the river burst its banks") == 0


CTA_SAMPLES = spam._CTA_PHRASES.replace("\\b", "").replace("[ -]?", "-").replace("s?", "").split("|")


@given(st.lists(st.sampled_from([*CTA_SAMPLES, "s", " ", "io", "join", "comment", "x", "-", "'"]), max_size=12))
def test_phrases_grouped_by_first_character_match_as_the_plain_alternation(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert spam._CTA.findall(text) == re.findall(spam._CTA_PHRASES, text)


def test_grouping_keeps_the_order_of_phrases_with_the_same_first_character() -> None:
    grouped = re.compile(spam._by_first_character("ab|b|abc|a"))
    assert grouped.pattern == "a(?:b|bc|)|b(?:)"
    assert grouped.findall("abc b a") == re.findall("ab|b|abc|a", "abc b a") == ["ab", "b", "a"]


def test_duplicate_heading_near_verbatim_keeps_first():
    blocks = page("What happens next", PROSE, "What Happens Next?", PROSE_DE)
    assert spam.duplicate_heading(blocks) == 1
    assert blocks[2].reason == "duplicate-heading" and blocks[0].label == "body"


def test_duplicate_heading_one_word_differs_on_long_heading():
    blocks = page("How the city will pay for the barrier", PROSE, "How the city will pay for its barrier", PROSE_DE)
    assert spam.duplicate_heading(blocks) == 1
    assert kept(blocks) == ["How the city will pay for the barrier", PROSE, PROSE_DE]


def test_duplicate_heading_leaves_different_short_headings():
    blocks = page("Step 1", PROSE, "Step 2", PROSE_DE)
    assert spam.duplicate_heading(blocks) == 0


def test_duplicate_heading_text_mode_covers_title_like_lines():
    blocks = page(
        PROSE,
        ("x", "junk"),
        "Ten years on: the night the river burst",
        PROSE_DE,
        "ten years on the night the river burst",
    )
    blocks[2].kind = blocks[4].kind = "text"
    assert spam.duplicate_heading(blocks, mode="html") == 0
    assert spam.duplicate_heading(blocks, mode="text") == 1
    assert blocks[4].reason == "duplicate-heading"


def test_link_farm_after_body_with_header():
    blocks = page(
        PROSE,
        PROSE_DE,
        PROSE,
        "More from Politics",
        "Mayor defends budget as opposition calls for inquiry",
        "New bus lanes approved despite traders' objections",
        "Council tax set to rise by five per cent in April",
    )
    assert spam.link_farm(blocks) == 4
    assert kept(blocks) == [PROSE, PROSE_DE, PROSE]
    assert {b.reason for b in blocks[3:]} == {"link-farm"}


def test_link_farm_needs_three_and_spares_lists_inside_the_body():
    two = page(PROSE, PROSE_DE, "Mayor defends budget in council", "New bus lanes approved by council")
    assert spam.link_farm(two) == 0
    inside = page(
        PROSE, "Slow cooking the onions first", "Adding the lentils and water", "Seasoning at the very end", PROSE_DE
    )
    assert spam.link_farm(inside) == 0


def test_link_farm_keeps_a_list_larger_than_the_article():
    titles = [f"Winter tea number {i} with spices and citrus peel" for i in range(12)]
    blocks = page(PROSE, *titles)
    assert spam.link_farm(blocks) == 0


def test_link_farm_uses_link_density_in_html_mode():
    blocks = page(PROSE, PROSE_DE, PROSE, "Mayor defends budget.", "Bus lanes approved.", "Council tax to rise.")
    assert spam.link_farm(blocks) == 0  # sentence-shaped, no links: not teasers
    blocks = page(PROSE, PROSE_DE, PROSE, "Mayor defends budget.", "Bus lanes approved.", "Council tax to rise.")
    links = [0, 0, 0] + [len(b.text) for b in blocks[3:]]
    assert spam.link_farm(blocks, link_chars=links) == 3


def test_call_to_action_outside_body():
    blocks = page(PROSE, PROSE_DE, PROSE, "Sign up to our morning newsletter", ("Most read", "junk"))
    assert spam.call_to_action(blocks) == 1
    assert blocks[3].reason == "call-to-action"


def test_call_to_action_phrase_alone_is_not_enough():
    inside = "Readers can subscribe to the council's newsletter to follow the works."
    blocks = page(PROSE, inside, PROSE_DE)
    assert spam.call_to_action(blocks) == 0


def test_call_to_action_multilingual():
    blocks = page(PROSE_DE, PROSE_DE, "Newsletter abonnieren und nichts verpassen", ("Impressum", "junk"))
    assert spam.call_to_action(blocks) == 1
    blocks = page(PROSE, PROSE, "Abonnez-vous à notre newsletter culture")
    assert spam.call_to_action(blocks) == 1


@pytest.mark.parametrize("compiled", [True, False])
def test_wordy_means_at_least_a_tenth_of_the_words_are_function_words(monkeypatch, compiled: bool) -> None:
    if not compiled:
        monkeypatch.setattr(features, "_words", None)  # where the shared count dispatches
    texts = ["the " + "x " * 9, "the " + "x " * 10, "x " * 12, "Der Die das " + "y " * 27, "the the the"]
    blocks = [Block(text, "paragraph", "p", "") for text in texts]
    words = np.array([len(text.split()) for text in texts])
    where = np.array([True, True, True, True, False])
    # 1 of 10, 1 of 11, 0 of 12, 3 of 30 (counted lower-cased), and a block not asked about.
    assert spam._wordy(blocks, words, where).tolist() == [True, False, False, True, False]


def test_keyword_line_shape():
    assert spam.is_keyword_line("radwege, innenstadt, stadtrat, verkehr, fahrrad, mobilität")
    assert spam.is_keyword_line("Tags: tram, city council, transport, budget")
    assert not spam.is_keyword_line("Flour, sugar, butter and eggs are mixed until smooth.")
    assert not spam.is_keyword_line("Berlin, Paris, London, Rome")  # capitalised: a list of places
    assert not spam.is_keyword_line("tram, city council")
    assert spam.is_keyword_line("tram; city council | transport、budget")  # every separator counts
    assert not spam.is_keyword_line("tram, city council, transport, budget. ")  # ends a sentence


def test_keyword_spam_near_title_only():
    keywords = "tram, city council, transport, budget, public transport"
    blocks = page(("City approves tram line", "junk"), keywords, PROSE, PROSE_DE)
    blocks[0].reason = "title"
    assert spam.keyword_spam(blocks) == 1
    assert blocks[1].reason == "keyword-spam"
    far = page(*([PROSE] * 4), *([("menu", "junk")] * 20), *([PROSE_DE] * 3), keywords)
    assert spam.keyword_spam(far, near=2) == 0


def test_tail_drops_stragglers_keeps_later_prose():
    later = "If the stew is too thick, add a little hot water at the end and let it boil for a couple of minutes."
    blocks = page(
        PROSE,
        PROSE_DE,
        PROSE,
        ("Advertisement", "junk"),
        ("Subscribe to our newsletter", "junk"),
        later,
        ("Comments", "junk"),
        ("Leave a comment", "junk"),
        "Follow us on social media",
        "Related recipes",
    )
    assert spam.tail(blocks) == 2
    assert kept(blocks) == [PROSE, PROSE_DE, PROSE, later]
    assert blocks[-1].reason == "tail"


def test_tail_keeps_short_text_right_after_the_article():
    blocks = page(PROSE, PROSE_DE, "Additional reporting by Jane Doe", ("Share", "junk"), ("Tweet", "junk"))
    assert spam.tail(blocks) == 0


def test_apply_counts_by_reason_and_never_keeps_junk():
    blocks = page(PROSE, PROSE_DE, ("Menu", "junk"), ("Home", "junk"), "What happens next", "What happens next")
    before = [b.label for b in blocks]
    counts = spam.apply(blocks, mode="text")
    assert set(counts) == set(spam.STEPS)
    for b, was in zip(blocks, before):
        assert was == "body" or b.label == "junk"
    assert spam.apply([]) == {}


def test_apply_steps_see_the_drops_of_the_steps_before():
    teasers = ["Tram line opens in spring", "Council budget explained", "Ten years of city cycling"]
    blocks = page(PROSE, PROSE_DE, PROSE, PROSE_DE, ("Menu", "junk"), ("Home", "junk"), *teasers)
    counts = spam.apply(blocks)
    # The link farm takes the teasers; the tail, which would take them too, finds nothing left.
    assert counts["link-farm"] == 3 and counts["tail"] == 0
    assert [b.reason for b in blocks[-3:]] == ["link-farm"] * 3


def test_link_farm_menu_before_the_body():
    blocks = page("Home", "News", "Sport", PROSE, PROSE_DE, PROSE)
    assert spam.link_farm(blocks) == 3
    assert kept(blocks) == [PROSE, PROSE_DE, PROSE]
    after = page(PROSE, PROSE_DE, PROSE, "Flour", "Sugar", "Butter")  # short items after the body: not a menu
    assert spam.link_farm(after) == 0


def test_call_to_action_weak_line_inside_body_and_its_follow_up():
    blocks = page(PROSE, "Advertisement", "Subscribe to our newsletter", PROSE_DE)
    blocks[1].score, blocks[2].score = 0.55, 0.64
    assert spam.call_to_action(blocks) == 2
    assert kept(blocks) == [PROSE, PROSE_DE]
    confident = page(PROSE, "How to subscribe", PROSE_DE)
    confident[1].score = 0.95
    assert spam.call_to_action(confident) == 0
    blocks = page(PROSE, PROSE_DE, "Sign up for our weekly newsletter", "Get our picks every Friday morning")
    assert spam.call_to_action(blocks) == 2


def test_tail_drops_weak_short_text_right_after_the_article():
    blocks = page(PROSE, PROSE_DE, "Comments", ("Leave a comment", "junk"), ("Share", "junk"))
    blocks[2].score = 0.42
    assert spam.tail(blocks) == 1
    assert blocks[2].reason == "tail"


def test_html_pipeline_runs_the_spam_steps(monkeypatch):
    import cleaner
    from cleaner.pipeline import Cleaner

    calls = []
    real = spam.apply
    monkeypatch.setattr(
        spam, "apply", lambda blocks, link_chars=None, **kw: calls.append(link_chars) or real(blocks, link_chars, **kw)
    )
    html = (
        "<html><body><article><h1>Storm hits the coast</h1>"
        f"<p>{PROSE}</p><p>{PROSE}</p></article>"
        "<ul><li><a href='/a'>Mayor defends budget as opposition calls for inquiry</a></li>"
        "<li><a href='/b'>New bus lanes approved despite traders' objections</a></li>"
        "<li><a href='/c'>Council tax set to rise by five per cent in April</a></li></ul></body></html>"
    )
    doc = Cleaner().clean_html(html)
    assert len(calls) == 1 and calls[0] is not None
    assert "bus lanes" not in doc.text
    assert isinstance(cleaner.clean_html(html).text, str)


def _article_with_comments(comment_path="div.comments>div.comment"):
    prose = "The council approved the plan after a long debate about costs and the harbour. " * 4
    blocks = [Block(prose, "paragraph", "p", "article.post>p") for _ in range(3)]
    blocks += [Block("Great article, thanks for writing it up so clearly!", "paragraph", "p", comment_path)] * 1
    blocks += [Block("I disagree with the part about the budget entirely.", "paragraph", "p", comment_path + ">p")]
    for block in blocks:
        block.label, block.reason = "body", None
    return blocks


def test_comments_after_an_article_are_dropped():
    blocks = _article_with_comments()
    assert spam.comments(blocks) == 2
    assert [b.reason for b in blocks[3:]] == ["comments", "comments"]
    assert all(b.label == "body" for b in blocks[:3])


def test_comments_are_kept_where_they_are_the_content():
    assert spam.comments(_article_with_comments(), page_types={"discussionforumposting"}) == 0
    assert spam.comments(_article_with_comments(), page_types={"product"}) == 0
    # a thread that starts the page (a forum without markup saying so) is the content
    thread = _article_with_comments()[3:]
    assert spam.comments(thread) == 0


def test_comment_containers_in_any_case_and_script():
    # Upper case in ASCII, and a long s (ſ), which the case-insensitive regex matches as "s".
    for path in ("div.COMMENTS>div.Comment", "div#diſqus_thread"):
        assert spam.comments(_article_with_comments(path)) == 2
    assert spam.comments(_article_with_comments("div.replies>div.reply")) == 0
    assert spam.comments(_article_with_comments("div.antworten-ü>div.antwort")) == 0  # non-ASCII: the regex decides


def test_only_a_non_ascii_path_or_a_thread_word_goes_to_the_regex():
    assert not spam._may_name_thread(["div.replies>div.reply", "article.post>p"])
    assert spam._may_name_thread(["div.replies", "div.Post-Comments"])
    assert spam._may_name_thread(["div.antworten-ü"])


def test_steps_that_drop_outside_the_article_stop_when_nothing_kept_lies_there():
    teasers = ["Mayor defends budget as opposition calls for inquiry", "New bus lanes approved", "Council tax to rise"]
    around = page(*[(t, "junk") for t in teasers], PROSE, PROSE_DE, PROSE, *[(t, "junk") for t in teasers])
    assert spam.link_farm(around) == 0 and spam.tail(around) == 0
    assert kept(around) == [PROSE, PROSE_DE, PROSE]
    for step in (spam.link_farm, spam.tail):  # the same teasers kept after the article's junk go
        kept_after = page(*[(t, "junk") for t in teasers], PROSE, PROSE_DE, PROSE, ("Share", "junk"), ("Tweet", "junk"))
        kept_after += page(*teasers)
        assert step(kept_after) == 3 and kept(kept_after) == [PROSE, PROSE_DE, PROSE]
