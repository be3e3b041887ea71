"""A bare entry's recall (``signals.lacking_rarer``) also counts, at ``BARE_LACKING`` of their weight, the
question's terms its one phrasing lacks that are rarer than every term of the question it holds, and its phrasing
weighs at least ``BARE_SHORT`` of the average phrasing: a short bare question (柚借是什么) held whole by a longer
question that merely names the product and asks what no longer has the recall of a long phrasing held whole. An
entry holding the question's rarest term loses nothing to ``lacking_rarer``; an entry with alternates keeps the
recall it had; a question asked word for word still scores 100."""

from __future__ import annotations

import pytest

from assistant import Matcher
from assistant.matching import signals
from assistant.matching.signals import BARE_LACKING, BARE_SHORT, entry_features, lacking_rarer
from assistant.models import Entry, Knowledge

QUESTIONS = {"about": "柚借是什么？", "wechat": "柚借有微信公众号吗？叫什么？", "hotline": "柚借客服电话是多少？",
             "overdue": "柚借逾期了会有什么影响？", "limit": "柚借额度怎么提高？", "repay": "柚借怎么提前还款？",
             "channels": "逾期的钱通过什么渠道还？", "login": "怎么登录柚借APP？"}
"""A made-up lender's list of questions, each asked one way."""


def knowledge(alternates: bool) -> Knowledge:
    entries = tuple(Entry(id=id, question=question, answer="答案。",
                          alternates=(question.rstrip("？") + "呢",) if alternates else ())
                    for id, question in QUESTIONS.items())
    return Knowledge(title="t", language="zh", version="1", entries=entries, fallback="不知道。")


BARE, PHRASED = Matcher(knowledge(False)), Matcher(knowledge(True))


def recall(matcher: Matcher, query: str, entry: str) -> float:
    index = matcher.index
    text = matcher.normalize(query)
    key, terms, weight, _ = index.query(text)
    features = entry_features(index, index.entry_index[entry], text, key, terms, weight)
    assert features is not None
    return features.recall


def lacking(matcher: Matcher, query: str, entry: str) -> float:
    index = matcher.index
    text = matcher.normalize(query)
    _, terms, _, _ = index.query(text)
    phrasing = index.first_phrasing[index.entry_index[entry]]
    return lacking_rarer(index, terms, phrasing, index.key(phrasing))


@pytest.mark.parametrize(("query", "entry", "lowered"), [
    ("柚借公众号是什么", "about", True),      # holds 柚借 and 什么, lacks the rarer 公众号
    ("柚借电话是什么", "about", True),        # lacks 电话
    ("柚借公众号是什么", "wechat", False),    # holds 公众号, the question's rarest
    ("柚借是什么", "about", False),           # asked word for word: nothing lacking
    ("柚借电话是什么", "hotline", False),     # holds 电话
])
def test_a_bare_entry_lacking_the_questions_rarer_terms_recalls_less(query: str, entry: str,
                                                                      lowered: bool) -> None:
    assert (lacking(BARE, query, entry) > 0.0) is lowered


def test_the_lacking_weight_is_its_share_of_the_rarer_terms_idf() -> None:
    index = BARE.index
    text = BARE.normalize("柚借电话是什么")
    _, terms, _, _ = index.query(text)
    phrasing = index.first_phrasing[index.entry_index["about"]]
    held = terms & index.terms(phrasing, index.key(phrasing))
    rarest = max(index.idf[term] for term in held)
    rarer = sum(index.idf.get(term, 0.0) for term in terms - held if index.idf.get(term, 0.0) > rarest)
    assert lacking(BARE, "柚借电话是什么", "about") == pytest.approx(BARE_LACKING * rarer)
    assert rarer > 0.0


@pytest.mark.parametrize(("query", "entry"), [("柚借公众号是什么", "about"), ("柚借电话是什么", "about"),
                                             ("柚借是什么", "about")])
def test_an_entry_with_alternates_keeps_its_recall(query: str, entry: str, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = recall(PHRASED, query, entry)
    lowered = recall(BARE, query, entry)
    monkeypatch.setattr(signals, "BARE_LACKING", 0.0)
    monkeypatch.setattr(signals, "BARE_SHORT", 0.0)
    assert recall(PHRASED, query, entry) == kept
    assert recall(BARE, query, entry) > lowered


def test_a_short_bare_phrasing_weighs_at_least_its_share_of_the_average() -> None:
    index = BARE.index
    phrasing = index.first_phrasing[index.entry_index["about"]]
    assert index.weights[phrasing] < BARE_SHORT * index.average_weight  # 柚借是什么 is short: the floor counts
    assert recall(BARE, "柚借是什么", "about") == pytest.approx(index.weights[phrasing]
                                                            / (BARE_SHORT * index.average_weight))
    assert BARE.search("柚借是什么", 1)[0].score == 100.0  # asked word for word
