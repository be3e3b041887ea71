"""A miss made in conversation is logged with the entry answered just before it, and ``assistant misses``
(and ``learn``'s review) asks it again after that entry: a follow-up that now answers alone but still gets
the fallback after its previous answer is listed, not left out. Logs from before keep being read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from chat_helpers import chat

from assistant import Matcher
from assistant.cli import main
from assistant.misses import MissSummary, misses_path, read_misses, reask

FOLLOW_UP = "会不会起诉我"
AFTER = "overdue-what-to-do"
"""The miss a user walk found: 会不会起诉我 asked right after the answer to 微粒贷逾期了怎么办."""


def _logged(*records: dict[str, object]) -> None:
    path = misses_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def _record(previous: str | None = None) -> dict[str, object]:
    record: dict[str, object] = {"time": "2026-12-06T17:00:00+0000", "query": FOLLOW_UP, "status": "none",
                                 "best": None, "score": 30.0, "base": "bundled"}
    if previous is not None:
        record["previous"] = previous
    return record


def test_the_chat_logs_the_entry_a_miss_was_asked_after(bundled: Matcher, state: Path) -> None:
    chat(bundled, "今天天气怎么样", "微粒贷逾期了怎么办", FOLLOW_UP)
    records = [json.loads(line) for line in misses_path().read_text(encoding="utf-8").splitlines()]
    assert [(r["query"], r.get("previous")) for r in records if r["query"] != FOLLOW_UP] == [("今天天气怎么样", None)]
    after = [r.get("previous") for r in records if r["query"] == FOLLOW_UP]
    assert after in ([], [AFTER])  # logged only when it missed, and then with the entry before it
    assert "previous" not in records[0]  # asked first: nothing recorded, as in the logs from before


@pytest.mark.parametrize(("records", "previous"), [
    ([_record()], (None,)),                                # a log from before: asked alone
    ([_record(AFTER)], (AFTER,)),
    ([_record(), _record(AFTER), _record(AFTER)], (None, AFTER)),
])
def test_read_misses_gathers_the_entries_a_question_was_asked_after(state: Path, records: list[dict[str, object]],
                                                                    previous: tuple[str | None, ...]) -> None:
    _logged(*records)
    assert [(m.query, m.count, m.previous) for m in read_misses()] == [(FOLLOW_UP, len(records), previous)]


@pytest.mark.parametrize("previous", [(AFTER,), (None, AFTER), ("an-entry-since-removed",), (None,)])
def test_reask_reads_the_question_after_its_previous_answer_as_the_chat_does(bundled: Matcher,
                                                                            previous: tuple[str | None, ...]) -> None:
    again = reask(bundled, MissSummary(FOLLOW_UP, 1, "none", None, "bundled", previous))
    # what the chat replies to it asked right after each (alone for None or an entry gone), the first miss
    chats = [chat(bundled, *([] if p is None or bundled.knowledge.get(p) is None else
                             [bundled.knowledge.get(p).question]), FOLLOW_UP).session.last_asked  # type: ignore[union-attr]
             for p in previous]
    expected = next((r for r in chats if r is not None and r.status != "answer"), chats[-1])
    assert expected is not None
    assert (again.status, again.id) == (expected.status, expected.id)


def test_misses_lists_a_follow_up_that_still_misses_after_its_previous_answer(
        bundled: Matcher, state: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bundled.reply(FOLLOW_UP).status == "answer"  # answered alone: an old log's record is left out
    assert reask(bundled, MissSummary(FOLLOW_UP, 1, "none", None, "bundled", (AFTER,))).status != "answer"
    _logged(_record())
    assert main(["misses"]) == 0
    assert FOLLOW_UP not in capsys.readouterr().out
    _logged(_record(), _record(AFTER))
    assert main(["misses"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert [row.split()[0] for row in rows if row.endswith(FOLLOW_UP)] == ["2"]
