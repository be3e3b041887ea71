"""The leave-one-out check of a knowledge base (``assistant check``): alternates another entry would answer.

Each alternate is asked with itself left out of its entry; the check reads it with a small base's pre-selection
limits, so its time grows in proportion to the base, and on a small base it reads exactly as the matcher does.
"""

from __future__ import annotations

import pytest

from assistant import Matcher, knowledge_from_data
from assistant.matching import confusables as confusables_module
from assistant.matching.candidates import LEAST_CANDIDATES, LEAST_ENTRIES, LEAST_POSTINGS, Preselection
from assistant.matching.confusables import find_confusables

HEADER = {"title": "T", "language": "zh-CN", "version": "1", "sources": [{"file": "a.txt", "title": "A"}]}


def _entry(entry_id: str, question: str, *alternates: str) -> dict[str, object]:
    return {"id": entry_id, "question": question, "answer": "答。", "alternates": list(alternates),
            "source": {"document": "a.txt", "section": "一"}}


TWO_ENTRIES = knowledge_from_data({"knowledge_base": HEADER, "fallback": "不知道", "entries": [
    _entry("fee", "逾期费用怎么算", "罚息要多少", "违约金怎么收", "逾期一天收多少钱"),
    _entry("penalty", "罚息是多少", "罚息怎么算", "罚息按天算吗"),
    _entry("hotline", "客服电话是多少", "人工客服怎么联系", "热线号码"),
]})


def _found(matcher: Matcher) -> list[tuple[str, str, str]]:
    return [(entry.id, alternate, match.id) for entry, alternate, match in matcher.confusables()]


def _as_the_matcher_reads(matcher: Matcher) -> list[tuple[str, str, str]]:
    """The check as it was before it was capped: every alternate read by the matcher's own strategy."""
    return [(entry.id, alternate, match.id)
            for entry, alternate, match in find_confusables(matcher.index, matcher.score, matcher.thresholds)]


@pytest.mark.parametrize(("entry", "alternate", "answered_by"), [
    ("fee", "罚息要多少", "penalty"),  # near the other entry's very question
])
def test_an_alternate_another_entry_answers_is_found(entry: str, alternate: str, answered_by: str) -> None:
    assert (entry, alternate, answered_by) in _found(Matcher(TWO_ENTRIES))


def test_an_alternate_only_its_own_entry_answers_is_not_found() -> None:
    assert not [item for item in _found(Matcher(TWO_ENTRIES)) if item[0] == "hotline"]


@pytest.mark.parametrize("knowledge", [None, TWO_ENTRIES], ids=["bundled", "two-entries"])
def test_on_a_small_base_the_check_reads_exactly_as_the_matcher_does(knowledge: object) -> None:
    matcher = Matcher(knowledge)  # type: ignore[arg-type]
    capped, own = matcher.preselection.capped(), matcher.preselection
    assert (capped.entry_limit, capped.candidate_limit, capped.posting_budget) == (
        own.entry_limit, own.candidate_limit, own.posting_budget)
    assert _found(matcher) == _as_the_matcher_reads(matcher)


def test_the_work_per_alternate_does_not_grow_with_the_base(bundled: Matcher) -> None:
    large = Preselection(bundled.index, candidate_limit=1_000, entry_limit=60, posting_budget=100_000)
    capped = large.capped()
    assert (capped.entry_limit, capped.candidate_limit, capped.posting_budget) == (
        LEAST_ENTRIES, LEAST_CANDIDATES, LEAST_POSTINGS)


def test_progress_is_told_every_so_many_alternates(bundled: Matcher, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(confusables_module, "PROGRESS_EVERY", 100)
    calls: list[tuple[int, int]] = []
    found = bundled.confusables(progress=lambda done, total: calls.append((done, total)))
    total = sum(1 for raw, owner in zip(bundled.index.raw, bundled.index.owner)
                if not bundled.index.entries[owner].smalltalk and raw != bundled.index.entries[owner].question)
    assert calls == [(done, total) for done in range(100, total + 1, 100)]
    assert found == bundled.confusables()
