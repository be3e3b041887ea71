"""The library never fails on what people type: ``Matcher.search`` and ``Matcher.reply`` take any string.

Property tests (hypothesis) over arbitrary text, lone surrogates included, then a table of nasty inputs each
with the reply it must get, in bounded time.
"""

from __future__ import annotations

import copy
import re
import time
from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from assistant import MAX_QUERY_CHARS, Matcher
from assistant.matching.signals import entry_features
from assistant.normalize import shortened

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
    # Only MAX_QUERY_CHARS characters are read, its start and its end: the reply is the one to them.
    short = bundled.reply(shortened(query, MAX_QUERY_CHARS))
    assert (reply.status, reply.match, reply.suggestions) == (short.status, short.match, short.suggestions)
    assert matches == bundled.search(shortened(query, MAX_QUERY_CHARS))


@pytest.mark.parametrize(("query", "expected"), [
    ("微粒贷客服电话" + " " * 1000, HOTLINE),                      # the start is read
    (" " * 1000 + "微粒贷客服电话", HOTLINE),                      # so is the end, where a paste mostly asks
    (" " * 500 + "微粒贷客服电话" + " " * 500, None),              # the middle of a long text is cut
])
def test_the_cut_is_documented_and_takes_effect(bundled: Matcher, query: str, expected: str | None) -> None:
    assert MAX_QUERY_CHARS == 500
    reply = bundled.reply(query)
    assert (reply.entry.id if reply.status == "answer" and reply.entry else None) == expected


def test_shortened_keeps_the_start_and_the_end_within_the_limit() -> None:
    assert shortened("逾期了怎么办", 10) == "逾期了怎么办"
    assert shortened("一二三四五六七八九十", 5) == "一二…九十"
    assert shortened("一二三四五六七八九十", 6) == "一二…八九十"
    assert all(len(shortened("逾" * 1000, limit)) == limit for limit in (1, 2, 3, 499, 500))


# A borrower's story of over MAX_QUERY_CHARS characters, all of it before the question (none of the story's words
# asks anything the base answers): its start alone read as a list of unrelated entries.
LONG_STORY = (
    "我今年三十二岁，在一家小工厂上班，每个月工资四千多，家里有两个孩子在上学，老婆身体不太好，经常要去医院看病，"
    "去年老家的房子漏雨又花了一笔钱修。前年为了周转在微粒贷借了一笔钱，一直都是按时还的，从来没有晚过一天。"
    "今年上半年厂里订单少了很多，工资经常拖着发，有时候两三个月才发一次，我只能先找亲戚朋友借一点应付日常开销。"
    "孩子的学费、房租、水电、老人看病，每一样都要花钱，我每天晚上都睡不着，想着怎么才能把这个月撑过去。"
    "上个星期老板说再过一阵子可能要放长假，让大家自己想办法，我听了心里更慌了，回家也不敢跟老婆说。"
    "我试过去找别的活干，送外卖跑了几天，腿都跑肿了，挣的钱还不够油费，后来电动车又坏了，修车又是几百块。"
    "我妈知道以后把她攒的一点养老钱给了我，我拿着心里特别难受，觉得自己这么大的人了还要让老人操心。"
    "朋友劝我把情况跟家里人都说清楚，大家一起想办法，可我总觉得开不了这个口，怕他们担心，也怕被人看不起。"
    "这几天我把能省的都省了，烟也戒了，中午就带馒头去上班，晚上回家吃点剩饭，可算来算去还是差一大截。"
    "我老婆说实在不行就把她陪嫁的金镯子拿去卖了，可那是她妈留给她的念想，我怎么舍得。"
    "我也想过再去别的平台借一点先把这边还上，但是怕越借越多，最后窟窿填不上。")


@pytest.mark.parametrize(("question", "expected"), [
    ("请问逾期了会不会上征信？", "overdue-credit-reporting"),
    ("想问问微粒贷的客服电话是多少？", HOTLINE),
    ("能不能申请延期还款，怎么申请？", "extension-how"),
    ("这个月肯定还不上了，逾期了该怎么办？", "overdue-what-to-do"),
])
def test_a_story_longer_than_the_cut_is_answered_by_the_question_ending_it(bundled: Matcher, question: str,
                                                                           expected: str) -> None:
    assert len(LONG_STORY) > MAX_QUERY_CHARS
    reply = bundled.reply(LONG_STORY + question)
    assert (reply.status, reply.entry and reply.entry.id) == ("answer", expected)


def test_not_a_string_is_a_type_error(bundled: Matcher) -> None:
    with pytest.raises(TypeError, match="query must be a str, not bytes"):
        bundled.reply(b"\xe5\xae\xa2\xe6\x9c\x8d")  # type: ignore[arg-type]


@pytest.mark.parametrize(("knowledge", "message"), [
    ("my-faq.yaml", "Matcher takes a Knowledge, not str: Matcher(load_knowledge('my-faq.yaml'))"),
    (Path("my-faq.yaml"), f"Matcher takes a Knowledge, not {type(Path()).__name__}: Matcher(load_knowledge("
                          f"{Path('my-faq.yaml')!r}))"),
    ([{"question": "几点开门？", "answer": "九点。"}], "Matcher takes a Knowledge (load_knowledge(path)), not list"),
    ("/srv/" + "faq/" * 30 + "my-faq.yaml", "Matcher takes a Knowledge, not str: Matcher(load_knowledge(path))"),
])
def test_a_matcher_given_a_path_rather_than_a_knowledge_base_says_how_to_load_it(knowledge: object,
                                                                                  message: str) -> None:
    with pytest.raises(TypeError, match=re.escape(message)):
        Matcher(knowledge)  # type: ignore[arg-type]


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
    text = bundled.normalize(shortened(query, MAX_QUERY_CHARS))
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
