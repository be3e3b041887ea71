"""Foreign: the weight of what a question names that neither the base nor an entry does is the heaviest of the
salience, names and kinds checks' weights; a loan the question says the base's own may affect is not what it asks
about, a lender a long question names only in its story weighs nothing unless the clauses that ask name it, and a
bare entry's answer is its own wording."""

from __future__ import annotations

import pytest
from test_bare_answer_wording import BARE

from assistant import Matcher
from assistant.matching import kinds
from assistant.models import Entry

BASE = Matcher()


@pytest.mark.parametrize(("question", "held"), [
    ("微粒贷逾期会影响我以后办房贷吗", False),   # the loan the base's own may affect
    ("房贷逾期会影响微粒贷吗", True),            # named before 影响: what the question is about
    ("拍拍贷逾期会影响征信吗", True),
    ("微粒贷逾期会影响支付宝吗", True),          # no loan: salience still weighs it
])
def test_a_loan_the_base_s_own_may_affect_weighs_nothing(question: str, held: bool) -> None:
    text = BASE.normalize(question)
    weight = BASE.foreign.weight(text, BASE.entry("overdue-consequences"))
    assert (weight >= BASE.thresholds.salience) is held


@pytest.mark.parametrize(("question", "asking", "weight"), [
    ("我微粒贷还清了想问一下借呗的利息是多少", "借呗的利息是多少", kinds.WEIGHT),
    ("我微粒贷还清了想问一下借呗的利息是多少", "", 0.0),                    # a story's lender, read alone
    ("我借呗按时还的微粒贷逾期了会上征信吗", "微粒贷逾期了会上征信吗", 0.0),  # named in the story only
])
def test_a_long_question_s_lender_weighs_when_the_clauses_that_ask_name_it(question: str, asking: str,
                                                                           weight: float) -> None:
    text = BASE.normalize(question)
    assert BASE.foreign.weight(text, BASE.entry("overdue-credit-reporting"), BASE.normalize(asking)) == weight


@pytest.mark.parametrize(("question", "entry", "held"), [
    ("可以用支付宝吗", "payment", False),   # its answer: 支持微信、支付宝和现金
    ("可以用支付宝吗", "hours", True),      # another product to an entry whose answer never names it
    ("可以用花呗吗", "payment", True),      # 花呗: no entry names it
])
def test_a_product_a_bare_entrys_answer_names_is_its_own(question: str, entry: str, held: bool) -> None:
    assert (BARE.foreign.weight(BARE.normalize(question), BARE.entry(entry)) >= BARE.thresholds.salience) is held


@pytest.mark.parametrize("question", ["拍拍贷逾期会影响征信吗", "招联的客服电话", "微粒贷客服电话是多少"])
def test_the_weight_is_the_heaviest_check_s(question: str) -> None:
    text, matcher = BASE.normalize(question), BASE
    for entry in matcher.knowledge.entries[:5]:
        assert matcher.foreign.weight(text, entry) == max(
            matcher.salience.foreign(text, entry, None, matcher.kinds.own_at(text)), matcher.names.weight(text, entry),
            matcher.kinds.weight(text))


def test_of_question_weighs_each_entry_once_as_weight_does(monkeypatch: pytest.MonkeyPatch) -> None:
    text = BASE.normalize("拍拍贷逾期会影响征信吗")
    entries = BASE.knowledge.entries[:3]
    scores = {entries[0].id: 80.0}
    calls: list[str] = []
    weigh = BASE.foreign.weight

    def counted(text: str, entry: Entry, asking: str = "", score: float | None = None) -> float:
        calls.append(entry.id)
        return weigh(text, entry, asking, score)

    of = BASE.foreign.of_question(text, "", scores)
    monkeypatch.setattr(BASE.foreign, "weight", counted)
    weights = [of(entry) for entry in (*entries, *entries)]
    assert calls == [entry.id for entry in entries]
    assert weights == [weigh(text, entry, "", scores.get(entry.id)) for entry in (*entries, *entries)]
