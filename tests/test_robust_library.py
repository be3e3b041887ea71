"""The library never fails on what people type: ``Matcher.search`` and ``Matcher.reply`` take any string.

Property tests (hypothesis) over arbitrary text, lone surrogates included, then a table of nasty inputs each
with the reply it must get, in bounded time.
"""

from __future__ import annotations

import copy
import time

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from assistant import MAX_QUERY_CHARS, Matcher
from assistant.matching.signals import entry_features

# Any code point at all (surrogates included, which only the Python API can receive), plus text near the
# knowledge base's own words, so that many examples actually match something.
ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF)
NEAR_WORDS = st.sampled_from(["逾期", "微粒贷", "客服", "电话", "征信", "分期", "延期", "还款", "罚息", "怎么办",
                              "吗", "？", " ", "\x1b[31m", "\x00", "\ud800", "\u202e", "😀", "ｋｆ", "4天"])
QUERIES = st.one_of(st.text(ANY_CHARACTER, max_size=60),
                    st.lists(NEAR_WORDS, max_size=12).map("".join),
                    st.lists(st.one_of(NEAR_WORDS, st.text(ANY_CHARACTER, max_size=3)), max_size=10).map("".join))
PROPERTY = settings(max_examples=150, deadline=None)


@PROPERTY
@given(query=QUERIES)
def test_search_never_raises_and_scores_stay_within_0_and_100(bundled: Matcher, query: str) -> None:
    matches = bundled.search(query, limit=5)
    assert len(matches) <= 5
    assert all(0 < match.score <= 100 for match in matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert len({match.id for match in matches}) == len(matches)


@PROPERTY
@given(query=QUERIES)
@example(query="0000000000000000000㐀\ud800")  # a long question holding a lone surrogate: its asking part is read
def test_reply_never_raises_and_is_consistent(bundled: Matcher, query: str) -> None:
    reply = bundled.reply(query)
    assert reply.status in ("answer", "clarify", "none")
    assert 0 <= reply.score <= 100
    assert reply.query == query
    if reply.status == "answer":
        assert reply.answer and reply.match is not None and reply.answer == reply.match.entry.answer
    elif reply.status == "clarify":
        assert 1 <= len(reply.suggestions) <= 4 and reply.answer is None
        assert all(0 <= match.score <= 100 for match in reply.suggestions)
    else:
        assert reply.answer is None and reply.fallback == bundled.knowledge.fallback
    assert reply.text  # there is always something to show


@PROPERTY
@given(query=QUERIES)
def test_results_are_deterministic(bundled: Matcher, query: str) -> None:
    assert bundled.search(query) == bundled.search(query)
    assert bundled.reply(query) == bundled.reply(query)


@PROPERTY
@given(query=QUERIES, previous=st.sampled_from([None, "hotline-number", "extension-how", "greeting"]))
def test_reply_with_a_previous_entry_never_raises(bundled: Matcher, query: str, previous: str | None) -> None:
    if previous is not None and bundled.knowledge.get(previous) is None:
        pytest.skip(f"the bundled knowledge base has no entry {previous!r}")
    reply = bundled.reply(query, previous=previous)
    assert reply.status in ("answer", "clarify", "none") and 0 <= reply.score <= 100


# -- nasty inputs, each with the outcome it must get -------------------------------------------------------

NOTHING = "none"
HOTLINE = "hotline-number"

NASTY: dict[str, tuple[str, str, str | None]] = {
    # name: (query, expected status, expected entry id for an answer)
    "empty": ("", NOTHING, None),
    "whitespace": (" \t\n\r\u3000\u00a0 ", NOTHING, None),
    "only punctuation": ("？？！！。。…… ,.;'[]", NOTHING, None),
    "only emoji": ("😀🙏👍🏽👨‍👩‍👧❤️", NOTHING, None),
    "only control characters": ("\x00\x01\x07\x08\x1b\x7f\x9b", NOTHING, None),
    "only an escape sequence": ("\x1b[2J\x1b]0;title\x07", NOTHING, None),
    "a question with NUL in it": ("微粒贷客服\x00电话", "answer", HOTLINE),
    "a question with control characters": ("\x01微粒贷\x7f客服电话\x08", "answer", HOTLINE),
    "a question in ANSI colours": ("\x1b[31;1m微粒贷客服电话\x1b[0m", "answer", HOTLINE),
    "a question after a title change": ("\x1b]0;pwned\x07微粒贷客服电话", "answer", HOTLINE),
    "a question with a lone surrogate": ("微粒贷客服\ud800电话", "answer", HOTLINE),
    "only lone surrogates": ("\udc80\udfff", NOTHING, None),
    "full-width letters": ("ｈｅｌｌｏ", "answer", "greeting"),  # NFKC: the same as hello
    "full-width digits": ("１２３４５", NOTHING, None),
    "right-to-left text": ("مرحبا، كيف حالك؟", NOTHING, None),
    "Hebrew": ("שלום מה שלומך", NOTHING, None),
    "a right-to-left override": ("\u202e\u202d\u200f\u200e\u2066", NOTHING, None),
    "combining marks": ("a" + "\u0301" * 5000, NOTHING, None),
    "zero-width characters": ("\u200b\u200c\u200d\ufeff", NOTHING, None),
}


@pytest.mark.parametrize("name", list(NASTY))
def test_a_nasty_input_gets_a_sensible_reply(bundled: Matcher, name: str) -> None:
    query, status, entry_id = NASTY[name]
    reply = bundled.reply(query)
    assert reply.status == status
    if status == "answer":
        assert reply.entry is not None and reply.entry.id == entry_id
    else:
        assert reply.answer is None and reply.fallback == bundled.knowledge.fallback
        assert bundled.search(query) == [] or all(0 < m.score <= 100 for m in bundled.search(query))


def test_mixed_scripts_still_find_the_chinese_words(bundled: Matcher) -> None:
    reply = bundled.reply("微粒贷 hotline 客服电话 телефон 전화번호")
    assert reply.status in ("answer", "clarify")
    assert reply.entry is not None and reply.entry.id == HOTLINE


@pytest.mark.parametrize("query", ["逾期" * 500_000, "x" * 1_000_000, " " * 1_000_000, "\n" * 1_000_000,
                                   "微粒贷客服电话" + "😀" * 1_000_000, "\x1b[" * 500_000])
def test_a_megabyte_line_is_cut_and_answered_in_bounded_time(bundled: Matcher, query: str) -> None:
    start = time.perf_counter()
    reply = bundled.reply(query)
    matches = bundled.search(query)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0
    # Only the first MAX_QUERY_CHARS characters are read: the reply is the one to that prefix.
    short = bundled.reply(query[:MAX_QUERY_CHARS])
    assert (reply.status, reply.match, reply.suggestions) == (short.status, short.match, short.suggestions)
    assert matches == bundled.search(query[:MAX_QUERY_CHARS])


def test_the_cut_is_documented_and_takes_effect(bundled: Matcher) -> None:
    assert MAX_QUERY_CHARS == 500
    hotline = "微粒贷客服电话"
    assert bundled.reply(" " * MAX_QUERY_CHARS + hotline).status == "none"  # cut before it is seen
    assert bundled.reply(" " * (MAX_QUERY_CHARS - len(hotline)) + hotline).entry.id == HOTLINE  # type: ignore[union-attr]


def test_not_a_string_is_a_type_error(bundled: Matcher) -> None:
    with pytest.raises(TypeError, match="query must be a str, not bytes"):
        bundled.reply(b"\xe5\xae\xa2\xe6\x9c\x8d")  # type: ignore[arg-type]


@PROPERTY
@given(query=QUERIES, previous=st.sampled_from([None, HOTLINE, "overdue-what-to-do"]))
def test_the_lean_tables_of_a_large_base_give_the_same_replies(bundled: Matcher, query: str,
                                                                previous: str | None) -> None:
    index = copy.copy(bundled.index)
    # What a base of more than 50,000 phrasings keeps: sound keys and terms are recomputed when needed, and
    # the terms' weights are added up per phrasing met rather than in a list over all phrasings.
    index.keys = index.phrasing_terms = index.entry_term_counts = index.inverse_weights = None
    lean = Matcher(index=index)
    reply, expected = lean.reply(query, previous), bundled.reply(query, previous)
    # What the reply says is the same; the best match behind a fallback, when it is weaker than a suggestion,
    # may be another weak one (the README's benchmark notes: the matcher does not look for the very best there).
    assert (reply.status, reply.answer, reply.suggestions, reply.held_back, reply.confidence) == \
        (expected.status, expected.answer, expected.suggestions, expected.held_back, expected.confidence)
    if reply.status != "none" or expected.score >= bundled.thresholds.suggest:
        assert reply == expected
    assert lean.search(query) == bundled.search(query)


@PROPERTY
@given(query=QUERIES)
def test_scoring_from_the_preselections_weights_gives_every_entry_the_same_signals(bundled: Matcher,
                                                                                   query: str) -> None:
    # A small base scores a phrasing from the weight of the question's terms that pre-selection added up
    # for it, and an entry's term frequencies from its count table; without them, from term sets.
    index = bundled.index
    text = bundled.normalize(query[:MAX_QUERY_CHARS])
    key, query_terms, query_weight, _ = index.query(text)
    _, shared_weights = bundled.preselection.entries(query_terms, query_weight)
    assume(shared_weights is not None)  # None when the question's postings exceed the budget (very long ones)
    for owner in range(len(index.entries)):
        from_weights = entry_features(index, owner, text, key, query_terms, query_weight, -1, shared_weights)
        from_sets = entry_features(index, owner, text, key, query_terms, query_weight, -1)
        if from_sets is None:
            assert from_weights is None
        else:
            assert from_weights is not None
            assert from_weights.vector() == pytest.approx(from_sets.vector(), rel=1e-12, abs=1e-12)
