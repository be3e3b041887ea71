"""A long list of bare questions (benchmarks/data/wallet-base.tsv: 431 questions of an invented wallet app with
three products, 柚借, 柚付 and 柚存): many sibling questions differ in one word, and the products' names recur in
a hundred questions each. The list is the benchmark's data, not an eval set: these tests ask questions of their
own, not its queries."""

from __future__ import annotations

from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import Matcher
from assistant.matching.topic import RECURRING, Topics
from assistant.models import Entry, Knowledge
from assistant.normalize import is_chinese


def read_tsv() -> Knowledge:
    """The wallet list as a bare base (id, question, answer a line)."""
    lines = (REPO / "benchmarks" / "data" / "wallet-base.tsv").read_text(encoding="utf-8").splitlines()
    entries = tuple(Entry(*line.split("\t")) for line in lines if line and not line.startswith("#"))
    return Knowledge(title="wallet", language="zh", version="1", entries=entries, fallback="抱歉。")


WALLET = Matcher(read_tsv())


def entry_asking(question: str) -> Entry:
    """The entry of the list whose question is ``question``."""
    return next(entry for entry in WALLET.knowledge.entries if entry.question == question)


def test_the_list_recurs_its_product_names_more_than_the_topic_threshold() -> None:
    counts = {name: sum(name in e.question for e in WALLET.knowledge.entries) for name in ("柚借", "柚付")}
    assert min(counts.values()) > RECURRING


# A question about one product, and the sibling entry about the other product that shares the rest of its words.
OTHER_PRODUCT = [
    ("柚借额度一下子没了", "柚付额度突然没了"),
    ("柚付的还款在哪里", "柚借在哪里还款"),
    ("柚借临时额度到期了怎么办", "柚付临时额度到期了怎么办"),
]


def test_a_question_naming_the_other_product_is_displaced_from_the_sibling_entry() -> None:
    topics = Topics(WALLET.index)
    for query, sibling in OTHER_PRODUCT:
        text = WALLET.normalize(query)
        assert topics.displaced(text, entry_asking(sibling)), (query, sibling)
        # The same question about the sibling's own product is not
        own = query.replace("柚借", "柚付") if "柚借" in query else query.replace("柚付", "柚借")
        assert not topics.displaced(WALLET.normalize(own), entry_asking(sibling)), own


def test_the_sibling_entry_about_the_other_product_is_not_answered() -> None:
    for query, sibling in OTHER_PRODUCT:
        reply = WALLET.reply(query)
        assert not (reply.status == "answer" and reply.entry is not None and reply.entry.question == sibling), query


def test_a_short_list_has_no_recurring_topic_words() -> None:
    # A few bare questions sharing a word: no word recurs enough to be a topic, so nothing is displaced by one.
    entries = tuple(Entry(f"q{i}", f"柚借{ask}", "答。") for i, ask in enumerate(["怎么开通", "额度多少", "怎么还款"]))
    entries += (Entry("p", "柚付怎么开通", "答。"),)
    matcher = Matcher(Knowledge(title="t", language="zh", version="1", entries=entries, fallback="抱歉。"))
    assert not Topics(matcher.index).displaced(matcher.normalize("柚付额度多少"), entries[1])



UNNAMED = [
    # (question, entry, whether the entry is ranked after those naming the product the question names)
    ("柚付过期了还能用吗", "优惠券过期了还能用吗", True),    # names 柚付, the entry no product
    ("柚付过期了还能用吗", "柚借逾期了还能借吗", True),      # the other product
    ("柚付过期了还能用吗", "柚付逾期了还能用吗", False),     # the product named
    ("有付过期了还能用吗", "优惠券过期了还能用吗", True),    # 有付: 柚付 as it sounds
    ("优惠券过期了还能用吗", "柚付逾期了还能用吗", False),   # the question names no product: nothing reordered
]


def test_a_bare_question_not_naming_the_product_asked_about_is_ranked_after() -> None:
    for query, question, expected in UNNAMED:
        owner = WALLET.index.entry_index[entry_asking(question).id]
        after = WALLET.names.unnamed(WALLET.normalize(query), [owner], WALLET.topics)
        assert (owner in after) is expected, (query, question)


def test_the_entry_naming_the_product_comes_first_but_must_lead_the_one_ranked_after_it() -> None:
    # 柚付卡券过期了还能用吗 shares most with 优惠券过期了还能用吗, which names no product: 柚付逾期了还能用吗 comes
    # first, and is offered with it rather than answered over it
    query = "柚付卡券过期了还能用吗"
    assert WALLET.search(query, limit=1)[0].question == "柚付逾期了还能用吗"
    reply = WALLET.reply(query)
    assert reply.status != "answer"


def test_a_recurring_dictionary_word_is_no_product_asked_about() -> None:
    # 逾期 recurs in more than RECURRING bare questions, but the general dictionary knows it: no name of the base's.
    asks = ["怎么办", "会怎样", "上征信吗", "罚息多少", "能延期吗", "被催收吗", "影响额度吗", "能分期吗", "要还多少",
            "会被起诉吗", "多久消除", "能借吗"]
    entries = tuple(Entry(f"q{i}", f"逾期{ask}", "答。") for i, ask in enumerate(asks))
    entries += (Entry("other", "征信怎么查", "答。"),)
    matcher = Matcher(Knowledge(title="t", language="zh", version="1", entries=entries, fallback="抱歉。"))
    assert matcher.names.unnamed(matcher.normalize("逾期征信怎么查"), range(len(entries)), matcher.topics) == set()


PRODUCT_TEXT = (st.text(alphabet=st.sampled_from("柚有借付存过期没还咋办优惠券能用吗额度 a1"), max_size=20)
                | st.text(max_size=20))
"""Texts naming the list's products (or their homophones) among other characters, and any text."""


@settings(max_examples=60, deadline=None)
@given(PRODUCT_TEXT)
def test_only_bare_entries_of_those_given_are_ranked_after_for_any_text(text: str) -> None:
    owners = range(0, len(WALLET.knowledge.entries), 3)
    after = WALLET.names.unnamed(WALLET.normalize(text), owners, WALLET.topics)
    assert after <= set(owners)
    assert not after or any(map(is_chinese, text))      # only a name of the list's own sets entries after

