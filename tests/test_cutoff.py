"""The cut-off a candidate strategy scores against (``cutoff.CutOff``): the best entry is the same however many
are asked for, and the same as scoring every entry gives, also when a question names a product of a bare list and
the entries not naming it are ranked after those naming it (``names.Names.unnamed``), however high they score."""

from __future__ import annotations

import math
import sys

import pytest
from conftest import REPO
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_plain_large import WALLET
from test_robust_library import QUERIES

from assistant import Matcher
from assistant.matching.cutoff import CutOff

sys.path.insert(0, str(REPO / "benchmarks"))
try:
    from worker import said
finally:
    sys.path.remove(str(REPO / "benchmarks"))

BUNDLED = Matcher()
BUNDLED_FULL = Matcher(index=BUNDLED.index, exhaustive=True)
WALLET_FULL = Matcher(index=WALLET.index, exhaustive=True)

QUESTIONS = [entry.question for entry in WALLET.knowledge.entries]
PRODUCTS = ["柚借", "柚付", "柚存", "有付"]  # the list's recurring names, and one typed by its sound

# A product named next to pieces of the list's questions: the entries naming it come first, and those not naming
# it, often scoring higher on the pieces, after them.
NAMING_A_PRODUCT = st.builds(
    lambda product, pieces, at: "".join([*pieces[:at], product, *pieces[at:]]),
    st.sampled_from(PRODUCTS),
    st.lists(st.sampled_from(QUESTIONS).flatmap(
        lambda q: st.tuples(st.integers(0, len(q) - 1), st.integers(1, 6)).map(lambda c: q[c[0]:c[0] + c[1]])),
        min_size=1, max_size=3),
    st.integers(0, 3))

# Questions of this kind whose best entry was once one ranked after (the highest score, not naming 柚付), when
# one was asked for: the entry naming 柚付 that comes first scored below it and was never scored.
ONCE_DIFFERENT = ["柚付值怎么操作是几点", "柚付冻结电脑版吗", "柚付了是什么查看借款", "柚付账户被限制柚借"]


# Replies once not the full scan's: the entries ranked first scored below the decision's floor yet come before
# those ranked after (柚借账户), or a bare entry from bare_suggest up was offered or not depending on the strategy.
ONCE_DIFFERENT_REPLIES = ["柚借账户", "柚付值怎么操作是几点", "柚付冻结电脑版吗", "办什", "到支开", "提升到",
                          "记录能删使用"]


def first(matcher: Matcher, query: str, limit: int) -> str | None:
    found = matcher.search(query, limit, smalltalk=False)
    return found[0].id if found else None


@pytest.mark.parametrize("query", ONCE_DIFFERENT)
def test_the_best_entry_is_the_same_however_many_are_asked_for(query: str) -> None:
    best = first(WALLET_FULL, query, 1)
    assert [first(WALLET, query, limit) for limit in (1, 2, 5, 8)] == [best] * 4, query


@pytest.mark.parametrize("query", ONCE_DIFFERENT_REPLIES)
def test_a_bare_list_replies_as_the_full_scan(query: str) -> None:
    assert said(WALLET.reply(query)) == said(WALLET_FULL.reply(query))


@settings(max_examples=150, deadline=None)
@given(query=NAMING_A_PRODUCT)
@example(query="柚存怎么还款")  # the sibling rule weighs the fifth best: scored exactly on the fast path too
def test_a_bare_list_gives_the_full_scans_best_and_reply_to_a_question_naming_a_product(query: str) -> None:
    best = first(WALLET_FULL, query, 1)
    assert first(WALLET, query, 1) == first(WALLET, query, 5) == best
    assert WALLET.search(query, 5) == WALLET_FULL.search(query, 5)
    assert said(WALLET.reply(query)) == said(WALLET_FULL.reply(query))


@settings(max_examples=100, deadline=None)
@given(query=st.one_of(QUERIES, NAMING_A_PRODUCT))
def test_the_best_of_one_is_the_best_of_several(query: str) -> None:
    for matcher in (BUNDLED, WALLET):
        assert first(matcher, query, 1) == first(matcher, query, 3) == first(matcher, query, 6), query
    assert first(BUNDLED, query, 1) == first(BUNDLED_FULL, query, 1)


def later(owner: int) -> bool:
    return owner >= 100  # in these tables, entries 100 and over are ranked after the others


# (scores added as (entry, score), keep, floor) → the cut-off of an entry ranked first, of one ranked after
CUTS = [
    ([], 2, 30.0, -math.inf, 30.0),                                # any entry ranked first comes before the others
    ([(1, 70.0), (2, 60.0)], 2, 30.0, 60.0, 30.0),                 # two first: one after matters as the runner-up
    ([(1, 70.0), (2, 60.0), (101, 80.0)], 2, 30.0, 60.0, 80.0),    # … only above the best after so far
    ([(1, 20.0), (2, 10.0)], 2, 30.0, 10.0, 30.0),                 # entries ranked first below the floor count
    ([(101, 90.0), (102, 80.0)], 2, 30.0, -math.inf, 80.0),        # two after, none first
    ([(101, 90.0), (1, 50.0)], 2, 30.0, -math.inf, 30.0),          # one first of two: the second may be after
    ([(101, 20.0), (102, 10.0)], 2, 30.0, -math.inf, 30.0),        # one after: never below the floor
]


@pytest.mark.parametrize(("added", "keep", "floor", "first_cut", "later_cut"), CUTS)
def test_the_cut_off_of_each_rank(added: list[tuple[int, float]], keep: int, floor: float, first_cut: float,
                                  later_cut: float) -> None:
    cut = CutOff(keep, floor, False, later)
    for owner, score in added:
        cut.add(owner, score)
    assert (cut.of(1), cut.of(100)) == (first_cut, later_cut)
    assert cut.lowest() == min(first_cut, later_cut)


def test_without_entries_ranked_after_the_cut_off_is_the_keep_th_best_score() -> None:
    cut = CutOff(2, 30.0, False)
    for owner, score in [(1, 70.0), (2, 60.0), (3, 65.0)]:
        cut.add(owner, score)
    assert cut.of(4) == cut.lowest() == 65.0


def test_a_question_naming_another_product_lowers_the_cut_off_to_the_best_of_the_rank() -> None:
    cut = CutOff(2, 30.0, True)
    assert cut.of(1) == -math.inf  # nothing scored yet: any entry may be the best
    for owner, score in [(1, 20.0), (2, 10.0)]:
        cut.add(owner, score)
    assert cut.of(3) == 20.0  # the best so far, below the floor
