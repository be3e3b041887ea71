"""Candidate strategies: a large base scores only the entries whose bound reaches the cut-off (``Bounded``,
``bounds.ScoreBounds``), and replies exactly as scoring every entry would (``Exhaustive``, the reference). Checked
here on small bases built the large way (``Index(..., exact=True)``), against the exhaustive strategy."""

from __future__ import annotations

import copy
import math
import sys
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import given, settings
from test_robust_library import QUERIES

from assistant import Matcher, Normalizer, Thresholds, load_knowledge
from assistant.cache import load_matcher
from assistant.matching.candidates import Bounded, Preselection
from assistant.matching.decision import decision_floor
from assistant.matching.foreign import names_another_product
from assistant.matching.index import EXACT_FROM, Index
from assistant.matching.signals import FITTED, WEIGHTS

sys.path.insert(0, str(REPO / "benchmarks"))
try:  # the benchmark's synthetic bases, full scan and reading of a reply
    import synth
    from worker import said
finally:
    sys.path.remove(str(REPO / "benchmarks"))


def built_large(path: Path | None, thresholds: Thresholds | None = None) -> Matcher:
    knowledge = load_knowledge(path)
    matcher = Matcher(index=Index(knowledge, Normalizer(knowledge.synonyms), exact=True), thresholds=thresholds)
    assert isinstance(matcher.candidates, Bounded)
    return matcher


def full_scan(matcher: Matcher) -> Matcher:
    """The same index, every entry sharing a term scored."""
    return Matcher(index=matcher.index, thresholds=matcher.thresholds, exhaustive=True)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A synthetic base of 300 entries (the benchmark's) and its question mix."""
    folder, paraphrases = synth.build_base(300, tmp_path_factory.mktemp("synthetic"))
    mix = [query.q for query in synth.question_mix(REPO, paraphrases)]
    return folder, [*mix[:80], *(query.q for query in paraphrases[:20]), "借呗逾期怎么办", "信用卡怎么办理", "你好",
                    "asdfgh", "？？？", "逾期", "微粒贷"]


def test_a_base_of_5000_phrasings_or_more_uses_bounds() -> None:
    assert EXACT_FROM == 5_000
    assert not Matcher().index.exact  # the bundled base is small: no numpy at all


@pytest.mark.parametrize("thresholds", [None, (100, 4, 90, 45), (53, 25, 90, 45), (60, 4, 80, 20)],
                         ids=["default", "answer-100", "wide-margin", "low-suggest"])
def test_replies_are_the_full_scans(thresholds: tuple[float, ...] | None, synthetic: tuple[Path, list[str]]) -> None:
    folder, queries = synthetic
    large = built_large(folder, Thresholds(*thresholds) if thresholds else None)
    full = full_scan(large)
    words = large.index.raw[::97]  # phrasings asked word for word score 100
    for query in [*queries, *words]:
        mine, theirs = large.reply(query), full.reply(query)
        assert said(mine) == said(theirs), query
        if theirs.score >= decision_floor(large.thresholds) + 0.1:
            assert mine.match == theirs.match, query


def test_search_gives_the_full_scans_best(synthetic: tuple[Path, list[str]]) -> None:
    folder, queries = synthetic
    large = built_large(folder)
    full = full_scan(large)
    for query in queries[::3]:
        for limit in (1, 5, 12):
            assert large.search(query, limit) == full.search(query, limit), (query, limit)
        assert large.search(query, smalltalk=False) == full.search(query, smalltalk=False), query


OTHER_WEIGHTS = [
    None,  # the fitted ones
    # a refit (tools/fit_weights.py) can change any sign: here precision's turns positive, recall's negative
    {**FITTED, "recall": -1.0, "precision": 6.0},
]


@pytest.mark.parametrize("weights", OTHER_WEIGHTS, ids=["fitted", "refit"])
def test_no_entry_above_the_cut_off_is_left_out(synthetic: tuple[Path, list[str]],
                                                weights: dict[str, float] | None) -> None:
    """Every bound is at least the entry's score, whatever the weights: an entry scoring at least the cut-off
    is always yielded."""
    saved = dict(WEIGHTS.by_name)
    if weights is not None:
        WEIGHTS.set(weights)
    try:
        _check_bounds(synthetic)
    finally:
        WEIGHTS.set(saved)


def _check_bounds(synthetic: tuple[Path, list[str]]) -> None:
    folder, queries = synthetic
    large = built_large(folder)
    assert isinstance(large.candidates, Bounded)
    bounds = large.candidates.bounds()
    checked = 0
    for query in queries:
        text = large.normalize(query)
        if not text:
            continue
        _, query_terms, weight, length = large.index.query(text)
        scores = full_scan(large).score(text)
        for cut_off in (20.0, 50.0, 70.0):
            above = {owner for owner, scored in scores.items()
                     if scored.score >= cut_off and not large.index.entries[owner].smalltalk}
            yielded = list(bounds.candidates(query_terms, weight, length, lambda cut_off=cut_off: cut_off))
            assert len(yielded) == len(set(yielded))
            verbatim = {owner for owner in above if scores[owner].score >= 100.0}
            assert above - verbatim <= set(yielded), (query, cut_off)
            checked += len(above)
    assert checked > 500


def test_follow_ups_are_answered_on_a_large_base() -> None:
    large = built_large(None)
    first = large.reply("逾期了会怎么样")
    assert first.status == "answer"
    follow_up = large.reply("那延期呢", previous=first.entry.id)
    small = Matcher().reply("那延期呢", previous=first.entry.id)
    assert said(follow_up) == said(small)


@settings(max_examples=120, deadline=None)
@given(query=QUERIES)
def test_any_text_gets_the_full_scans_reply_from_the_bundled_base_built_large(query: str) -> None:
    large, full = _BUNDLED_LARGE
    assert said(large.reply(query)) == said(full.reply(query))
    assert [m.score for m in large.search(query)] == [m.score for m in full.search(query)]


def _bundled_large() -> tuple[Matcher, Matcher]:
    large = built_large(None)
    return large, full_scan(large)


_BUNDLED_LARGE = _bundled_large()


def test_a_cached_large_base_replies_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.cache import cache_key, read_cached, write_cached

    built = built_large(None)
    assert write_cached(*cache_key(None), built)
    cached = read_cached(*cache_key(None))  # read back from the cache: the numpy views are made again
    assert cached is not None and cached is not built and cached.index.exact
    for query in ("客服电话", "预期4天了要紧吗", "延期", "借呗逾期怎么办", "asdfgh"):
        assert cached.reply(query) == built.reply(query)
    assert not math.isnan(cached.search("延期")[0].score)
    assert load_matcher().reply("客服电话") == built.reply("客服电话")


@pytest.mark.parametrize("exact", [False, True], ids=["small", "large"])
def test_the_exhaustive_strategy_meets_what_unlimited_preselection_meets(exact: bool,
                                                                        synthetic: tuple[Path, list[str]]) -> None:
    from assistant.matching.candidates import Exhaustive, Preselection

    folder, queries = synthetic
    knowledge = load_knowledge(folder)
    index = Index(knowledge, Normalizer(knowledge.synonyms), exact=exact)
    unlimited = Preselection(index, candidate_limit=Exhaustive.UNLIMITED, entry_limit=Exhaustive.UNLIMITED,
                             posting_budget=Exhaustive.UNLIMITED)
    exhaustive = Exhaustive(index)
    for query in [*queries, "", "asdfgh", "逾期逾期逾期", "微粒贷客服电话是多少"]:
        _, query_terms, query_weight, _ = index.query(index.normalize(query))
        assert exhaustive.entries(query_terms, query_weight) == unlimited.entries(query_terms, query_weight), query


# -- a small base: pre-selection scores the likeliest entries, then every other whose bound reaches the cut-off --


SMALL_BASES = {
    "bundled": None,
    "plain FAQ, bare": REPO / "tests" / "plain_faq.yaml",  # one phrasing an entry: the answer signal counts
}


def small(path: Path | None, thresholds: Thresholds | None = None) -> Matcher:
    knowledge = load_knowledge(path)
    if path is not None and path.name == "plain_faq.yaml":
        from test_plain_faq import bare

        knowledge = bare(knowledge)
    matcher = Matcher(knowledge, thresholds=thresholds)
    assert isinstance(matcher.candidates, Preselection) and not matcher.index.exact
    return matcher


# Questions whose reply pre-selection alone once got wrong: the entry scoring 4th was ranked 8th by its
# estimate (recall and coverage), so the "您是不是想问…" list offered the 5th instead.
ONCE_WRONG = ["怎么申请微粒贷"]


@pytest.mark.parametrize("base", SMALL_BASES, ids=list(SMALL_BASES))
def test_a_small_base_replies_as_the_full_scan_to_every_benchmark_question(base: str) -> None:
    fast = small(SMALL_BASES[base])
    full = full_scan(fast)
    mix = [query.q for query in synth.question_mix(REPO, [])]
    plain = [entry.question for entry in fast.knowledge.entries]
    for query in [*ONCE_WRONG, *mix, *plain]:
        assert said(fast.reply(query)) == said(full.reply(query)), query
    for query in mix[::7]:
        assert fast.search(query, 6) == full.search(query, 6), query


def test_the_once_wrong_question_offers_the_full_scans_fourth_entry() -> None:
    fast = small(None)
    reply, reference = fast.reply(ONCE_WRONG[0]), full_scan(fast).reply(ONCE_WRONG[0])
    assert reply.status == reference.status == "clarify"
    assert [m.id for m in reply.suggestions] == [m.id for m in reference.suggestions]
    assert len(reply.suggestions) == 4


@pytest.mark.parametrize("weights", OTHER_WEIGHTS, ids=["fitted", "refit"])
@pytest.mark.parametrize("thresholds", [None, (60, 4, 80, 20)], ids=["default", "low-suggest"])
def test_a_small_synthetic_base_replies_as_the_full_scan(synthetic: tuple[Path, list[str]],
                                                         weights: dict[str, float] | None,
                                                         thresholds: tuple[float, ...] | None) -> None:
    folder, queries = synthetic
    knowledge = load_knowledge(folder)
    limits = Thresholds(*thresholds) if thresholds else None
    fast = Matcher(index=Index(knowledge, Normalizer(knowledge.synonyms), exact=False), thresholds=limits)
    full = full_scan(fast)
    saved = dict(WEIGHTS.by_name)
    if weights is not None:
        WEIGHTS.set(weights)
    try:
        for query in queries:
            assert said(fast.reply(query)) == said(full.reply(query)), query
            assert fast.search(query, 5) == full.search(query, 5), query
    finally:
        WEIGHTS.set(saved)


@settings(max_examples=120, deadline=None)
@given(query=QUERIES)
def test_any_text_gets_the_full_scans_reply_from_the_bundled_base(query: str) -> None:
    fast, full = _BUNDLED_SMALL
    assert said(fast.reply(query)) == said(full.reply(query))
    assert [m.score for m in fast.search(query)] == [m.score for m in full.search(query)]


_BUNDLED_SMALL = (Matcher(), full_scan(Matcher()))


def test_a_large_base_without_phrasing_terms_finds_them_in_its_postings() -> None:
    """Past 50,000 phrasings an index keeps no phrasing's terms: the question's terms each phrasing of a scored
    entry holds are read from the postings (``signals.held_terms``), and every reply and score is the same."""
    from assistant.matching.signals import held_terms

    large = built_large(None)
    index = copy.copy(large.index)
    index.keys = index.phrasing_terms = index.entry_terms = None
    lean = Matcher(index=index)
    first = index.first_phrasing
    for query in ["微粒贷逾期了怎么办", "APP登录不上", "逾期2万怎么协商", "你好"]:
        _, query_terms, _, _ = index.query(index.normalize(query))
        for owner in range(0, len(index.entries), 5):
            held = held_terms(index, first[owner], first[owner + 1], query_terms)
            assert held == [query_terms & large.index.terms(p) for p in range(first[owner], first[owner + 1])]
    for query in [*ONCE_WRONG, *(q.q for q in synth.question_mix(REPO, [])[:150])]:
        assert lean.reply(query) == large.reply(query), query
        assert lean.search(query) == large.search(query), query


@pytest.mark.parametrize(("question", "entry", "names"), [
    ("借呗逾期了怎么办", "overdue-what-to-do", True),     # 借呗, an out-of-scope term no phrasing of it holds
    ("微粒贷逾期了怎么办", "overdue-what-to-do", False),  # no out-of-scope term
])
def test_an_out_of_scope_term_the_best_entry_never_holds_names_another_product(question: str, entry: str,
                                                                                names: bool) -> None:
    matcher = Matcher()
    index = matcher.index
    assert names_another_product(index, matcher.normalize(question), index.entry_index[entry]) is names
