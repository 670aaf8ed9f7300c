from cleaner.train.align import align, block_oracle


def test_long_blocks_align_despite_punctuation_and_entities():
    gold = "The council approved the budget on Monday.\n\nIt takes effect in May."
    texts = ["Home", "The council approved the budget on Monday!", "It takes effect in May", "Share this story now"]
    assert align(texts, gold).tolist() == [False, True, True, False]


def test_short_blocks_need_a_gold_line_or_a_body_neighbour():
    gold = "Ingredients\n\nTwo cups of flour and a pinch of salt.\n\nshare the joy with friends and family"
    texts = ["Ingredients", "Two cups of flour and a pinch of salt.", "Menu", "Share"]
    assert align(texts, gold).tolist() == [True, True, False, False]
    # "Salt" occurs in the gold and follows a body block: a short list item of the article.
    assert align(["Two cups of flour and a pinch of salt.", "salt"], gold).tolist() == [True, True]


def test_block_oracle_keeps_exactly_the_gold_blocks():
    html = (
        "<body><nav><a href=/>Home</a></nav><p>First paragraph of the story here.</p>"
        "<footer>Copyright notice for all</footer></body>"
    )
    assert block_oracle(html, "First paragraph of the story here.") == "First paragraph of the story here."


def test_a_repeated_block_is_body_only_as_often_as_the_gold_has_it():
    gold = "What happens next\n\nWork on the roof begins in the autumn after the survey."
    texts = ["What happens next", "Work on the roof begins in the autumn after the survey.", "What happens next"]
    assert align(texts, gold).tolist() == [True, True, False]
