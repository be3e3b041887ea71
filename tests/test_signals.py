"""Signals: named, each within its written bound, weighted by name, and turned into a score by one function."""

from __future__ import annotations

import math

import pytest
from conftest import printed_at_hash_seeds
from hypothesis import given, settings
from hypothesis import strategies as st
from test_robust_library import QUERIES

from assistant import Matcher
from assistant.matching.candidates import Exhaustive, estimate_weights
from assistant.matching.signals import FITTED, NAMES, SIGNALS, WEIGHTS, Features, Weights, corroborates, logistic, score


def test_every_signal_has_a_name_a_bound_and_a_weight() -> None:
    assert len(NAMES) == len(set(NAMES)) == len(SIGNALS) == len(WEIGHTS.vector)
    assert set(FITTED) == set(NAMES)
    assert WEIGHTS.vector == tuple(FITTED[name] for name in NAMES)
    assert WEIGHTS.recall == FITTED["recall"]


@pytest.mark.parametrize(("z", "expected"), [(0.0, 50.0), (3.0 * math.log(3), 75.0), (-1e9, 0.0), (1e9, 100.0)])
def test_the_logistic(z: float, expected: float) -> None:
    assert logistic(z) == pytest.approx(expected, abs=1e-9)


def test_only_a_phrasing_asked_word_for_word_scores_100() -> None:
    word_for_word = Features(0, 100.0, 100.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
    nearly = Features(0, 99.9, 100.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
    assert score(word_for_word) == 100.0
    assert score(nearly) <= 99.9


@settings(max_examples=200, deadline=None)
@given(signals=st.lists(st.floats(0.0, 1.0), min_size=9, max_size=9), characters=st.floats(0.0, 99.9))
def test_the_score_is_the_logistic_of_the_weighted_signals_in_their_order(signals: list[float],
                                                                           characters: float) -> None:
    lexical, recall, precision, balance, coverage, bm25, answer, length, pinyin = signals
    features = Features(0, characters, 100 * pinyin, lexical, recall, precision, balance, coverage, bm25, answer)
    features.length = length
    weighted = sum(w * x for w, x in zip(WEIGHTS.vector, features.vector(), strict=True))
    assert score(features) == min(logistic(weighted), 99.9)  # exactly: the same sum, term by term


def test_weights_must_name_exactly_the_signals() -> None:
    with pytest.raises(ValueError, match="these differ"):
        Weights({**FITTED, "novelty": 1.0})
    with pytest.raises(ValueError, match="these differ"):
        Weights({name: 1.0 for name in NAMES[1:]})


def test_setting_the_weights_reaches_every_reader() -> None:
    saved = dict(WEIGHTS.by_name)
    try:
        WEIGHTS.set({**saved, "recall": 1.0, "coverage": 2.0, "bm25": 3.0, "recall_coverage": 4.0})
        assert estimate_weights() == (1.0, 5.0, 4.0)
    finally:
        WEIGHTS.set(saved)
    assert estimate_weights() == (saved["recall"], saved["coverage"] + saved["bm25"], saved["recall_coverage"])


@pytest.fixture(scope="module")
def every(bundled: Matcher) -> Exhaustive:
    """The exhaustive candidate strategy on the bundled base: every entry scored."""
    return Exhaustive(bundled.index)


@settings(max_examples=150, deadline=None)
@given(query=QUERIES)
def test_every_signal_stays_within_its_written_bound(every: Exhaustive, query: str) -> None:
    text = every.index.normalize(query[:500])
    for features in every.features(text).values():
        for (name, most), value in zip(SIGNALS, features.vector()):
            assert -1e-9 <= value <= most + 1e-9, (name, value)


@pytest.mark.parametrize("query", ["我还欠多少钱没还清", "钱还不上了能不能慢慢还", "要是一直不还钱会怎么样",
                                   "还了钱额度什么时候回来"])
def test_a_one_character_phrasing_is_not_matched_by_its_sound_alone(bundled: Matcher, query: str) -> None:
    # The greeting's 嗨 (hai) sounds like every 还 (hai) of a question about repaying
    assert "greeting" not in [match.id for match in bundled.search(query, limit=3)]


@pytest.mark.parametrize("query", ["嗨嗨", "嗨，在吗"])
def test_a_one_character_phrasing_asked_with_its_character_still_counts(bundled: Matcher, query: str) -> None:
    assert bundled.search(query, limit=1)[0].id == "greeting"


@pytest.mark.parametrize(("question", "leader", "runner_up", "expected"), [
    ("公众号里咋绑我的账号", "wechat-bind", "wechat-query", True),     # 绑 and 账号 are the binding entry's
    ("公众号里咋绑我的账号", "wechat-query", "wechat-bind", False),
    ("热线怎么打", "hotline-steps", "hotline-number", True),
    ("分期还款", "instalment-example", "instalment-periods", False),   # both hold all of a keyword
    ("分期协议里面会写什么", "instalment-agreement", "extension-agreement", False),  # 里面 is the other's
])
def test_a_lead_is_corroborated_by_the_closest_phrasing_and_all_phrasings(bundled: Matcher, question: str,
                                                                           leader: str, runner_up: str,
                                                                           expected: bool) -> None:
    index = bundled.index
    text = index.normalize(question)
    assert corroborates(index, text, index.entry_index[leader], index.entry_index[runner_up]) is expected


@settings(max_examples=100, deadline=None)
@given(query=QUERIES)
def test_two_entries_never_corroborate_a_lead_over_each_other(bundled: Matcher, query: str) -> None:
    index = bundled.index
    text = index.normalize(query[:200])
    found = bundled.score(text, keep=3, floor=0.0) if text else {}
    owners = sorted(found)
    for first in owners:
        for second in owners:
            if first < second:
                assert not (corroborates(index, text, first, second) and corroborates(index, text, second, first))


SCORES = """
from assistant import Matcher
matcher = Matcher()
for question in ("我的微粒贷逾期了三个月了会不会被起诉，还会不会影响我以后办房贷",
                 "提前还款有没有手续费，利息是按天算还是按月算的", "逾期以后罚息是怎么计算的能不能减免一部分"):
    scored = matcher.score(matcher.query_text.prepare(question), floor=0.0)
    print(sorted((owner, repr(s.score)) for owner, s in scored.items()))
"""


def test_every_score_is_the_same_to_the_last_bit_whatever_the_hash_seed() -> None:
    # A question's terms are a set: each sum over them (its weight, coverage, BM25, the answer signal) is taken in a
    # defined order, so that no score differs in its last bits between processes and a tie breaks alike in each.
    printed = printed_at_hash_seeds(SCORES)
    assert printed[0] == printed[1] and printed[0].count("\n") == 3
