"""A bot author's small base, whose entries have a few alternates each: its right matches score lower than on a
base of ~15 alternates an entry, so a real entry ahead at a low score is offered in a list rather than nothing,
and one far ahead is answered; small talk is never that list, nor the best, and answers only what shares a
character of its own. The base here is made up for these tests (tests/eval/small-bases/ holds the evaluation sets)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant import Matcher, Thresholds
from assistant.matching.decision import FEW_ALTERNATES, decide
from assistant.models import Entry, Knowledge
from assistant.replies import Match, ScoreParts

HELLO = Entry("hello", "你好", "你好！", alternates=("您好", "在吗"), smalltalk=True)
ENTRIES = (
    Entry("hours", "图书馆几点开门？", "九点开门。", alternates=("开放时间", "几点关门")),
    Entry("renew", "怎么续借？", "在自助机上续借。", alternates=("续借方法", "能不能续借")),
    Entry("fine", "逾期还书要罚款吗？", "每本每天一角。", alternates=("超期罚款",)),
    Entry("kids", "小孩能来吗？", "可以，有少儿阅览室。", alternates=("儿童区",)),
)
LIBRARY = Knowledge("社区图书馆", "zh", "1", (HELLO, *ENTRIES), "请问工作人员。")
BARE = replace(ENTRIES[0], alternates=())
MANY = replace(ENTRIES[0], alternates=tuple(f"开门时间{n}" for n in range(FEW_ALTERNATES + 1)))


def _ranked(*pairs: tuple[Entry, float]) -> list[Match]:
    return [Match(entry, score, entry.question, ScoreParts(0.0, 0.0, 0.0)) for entry, score in pairs]


@pytest.mark.parametrize(("pairs", "status", "offered"), [
    # a few-alternate entry ahead (few_lead) from few_suggest: offered first, with the next one
    (((ENTRIES[0], 40.0), (ENTRIES[1], 30.0)), "clarify", ["hours", "renew"]),
    (((ENTRIES[0], 40.0), (ENTRIES[1], 35.0)), "clarify", ["hours", "renew"]),
    (((ENTRIES[0], 33.0), (ENTRIES[1], 22.0), (ENTRIES[2], 33.0)), "clarify", ["hours", "renew", "fine"]),
    (((ENTRIES[0], 33.0), (ENTRIES[1], 22.0), (ENTRIES[2], 32.0)), "clarify", ["hours", "renew"]),
    # not ahead, or too low: nothing
    (((ENTRIES[0], 40.0), (ENTRIES[1], 37.0)), "none", []),
    (((ENTRIES[0], 32.0), (ENTRIES[1], 10.0)), "none", []),
    # alone: a list of one is no question
    (((ENTRIES[0], 40.0),), "none", []),
    # from suggest up, where a list of one would be the fallback, too
    (((ENTRIES[0], 45.5), (ENTRIES[1], 40.0)), "clarify", ["hours", "renew"]),
    (((ENTRIES[0], 45.5), (ENTRIES[1], 43.0)), "none", []),
    # an entry of many alternates scoring this low is not what was asked
    (((MANY, 40.0), (ENTRIES[1], 20.0)), "none", []),
    (((MANY, 45.5), (ENTRIES[1], 20.0)), "none", []),
    # a bare entry among entries with alternates (no bare runner-up for bare_suggest) is offered as well
    (((BARE, 40.0), (ENTRIES[1], 30.0)), "clarify", ["hours", "renew"]),
    (((BARE, 40.0), (ENTRIES[1], 37.0)), "none", []),
    # small talk is neither the best nor offered
    (((HELLO, 42.0), (ENTRIES[1], 40.0), (ENTRIES[2], 30.0)), "clarify", ["renew", "fine"]),
    (((HELLO, 42.0), (ENTRIES[1], 40.0), (ENTRIES[2], 38.0)), "none", []),
])
def test_a_few_alternate_entry_ahead_is_offered(pairs: tuple[tuple[Entry, float], ...], status: str,
                                                offered: list[str]) -> None:
    reply = decide("q", _ranked(*pairs), Thresholds(), LIBRARY)
    assert (reply.status, [m.id for m in reply.suggestions]) == (status, offered)


def _corroborated_always(best: Match, runner_up: Match) -> bool:
    return True


@pytest.mark.parametrize(("pairs", "answered"), [
    # a few-alternate entry leading the next real one by wide_margin on every kind of evidence, from few_answer
    (((ENTRIES[0], 40.0), (ENTRIES[1], 32.0)), "hours"),
    (((ENTRIES[0], 33.0), (ENTRIES[1], 10.0)), "hours"),
    (((ENTRIES[0], 45.5), (ENTRIES[1], 30.0)), "hours"),
    (((BARE, 40.0), (ENTRIES[1], 20.0)), "hours"),               # bare among entries with alternates
    (((ENTRIES[1], 40.0), (HELLO, 35.0), (ENTRIES[2], 20.0)), "renew"),  # small talk is no rival
    (((ENTRIES[0], 40.0),), "hours"),              # alone: the one entry sharing anything with the question
    (((ENTRIES[0], 32.0),), None),                 # ... but not under few_answer
    (((MANY, 40.0),), None),
    (((ENTRIES[0], 40.0), (HELLO, 35.0)), "hours"),
    # not far enough ahead, too low, alone, or of many alternates: not answered
    (((ENTRIES[0], 40.0), (ENTRIES[1], 33.0)), None),
    (((ENTRIES[0], 32.0), (ENTRIES[1], 10.0)), None),
    (((MANY, 40.0), (ENTRIES[1], 20.0)), None),
    # a bare list's entry over a bare runner-up: its siblings differ in a word (bare_suggest, bare_margin)
    (((BARE, 40.0), (replace(ENTRIES[1], alternates=()), 20.0)), None),
    # small talk scoring best: not a real entry's answer
    (((HELLO, 42.0), (ENTRIES[1], 40.0), (ENTRIES[2], 20.0)), None),
])
def test_a_few_alternate_entry_clear_ahead_is_answered(pairs: tuple[tuple[Entry, float], ...],
                                                       answered: str | None) -> None:
    reply = decide("q", _ranked(*pairs), Thresholds(), LIBRARY, corroborated=_corroborated_always)
    assert (reply.match.id if reply.status == "answer" and reply.match else None) == answered


def test_a_lead_that_does_not_hold_on_every_kind_of_evidence_is_offered() -> None:
    pairs = _ranked((ENTRIES[0], 40.0), (ENTRIES[1], 20.0))
    reply = decide("q", pairs, Thresholds(), LIBRARY, corroborated=lambda best, runner_up: False)
    assert (reply.status, [m.id for m in reply.suggestions]) == ("clarify", ["hours", "renew"])
    assert decide("q", pairs, Thresholds(), LIBRARY).status == "clarify"      # nothing to corroborate it


@pytest.mark.parametrize(("weight", "status"), [
    (0.0, "answer"),
    (5.0, "clarify"),   # a weak match naming a thing the base never mentions, however light, is offered only
    (20.0, "clarify"),
])
def test_a_few_alternate_answer_needs_a_question_naming_nothing_else(weight: float, status: str) -> None:
    pairs = _ranked((ENTRIES[0], 40.0), (ENTRIES[1], 20.0))
    reply = decide("q", pairs, Thresholds(), LIBRARY, corroborated=_corroborated_always, foreign=lambda entry: weight)
    assert reply.status == status


def test_a_few_alternate_answer_is_held_back_as_any_answer() -> None:
    pairs = _ranked((ENTRIES[0], 40.0), (ENTRIES[1], 20.0))
    assert decide("q", pairs, Thresholds(), LIBRARY, corroborated=_corroborated_always,
                  displaced=lambda entry: True).status != "answer"
    assert decide("q", pairs, Thresholds(), LIBRARY, corroborated=_corroborated_always, refused=True).status == "none"


def test_a_list_turned_off_is_the_fallback() -> None:
    reply = decide("q", _ranked((ENTRIES[0], 40.0), (ENTRIES[1], 10.0)), Thresholds(few_suggest=100, few_answer=100),
                   LIBRARY)
    assert reply.status == "none"


MATCHER = Matcher(LIBRARY)


@pytest.mark.parametrize(("question", "small_talk"), [
    ("在吗", True),
    ("您好在吗", True),
    ("有人在吗", True),
    ("到期了还能再借吗", False),  # 吗 as written and 再 only by its sound: no 在吗
    ("还要再等吗", False),
])
def test_small_talk_answers_only_what_shares_a_character_of_its_own(question: str, small_talk: bool) -> None:
    reply = MATCHER.reply(question)
    assert (reply.match is not None and reply.match.id == "hello") is small_talk
