"""The decision: which ranked positions it reads, and what it says for each case."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant import Matcher, Thresholds, load_knowledge
from assistant.matching.decision import confidence, decide, decision_floor
from assistant.models import Entry
from assistant.replies import Match, ScoreParts

BASE = Matcher()
REAL = [entry for entry in BASE.knowledge.entries if not entry.smalltalk]
CHAT = next(entry for entry in BASE.knowledge.entries if entry.smalltalk)


def _ranked(*scores: float, smalltalk_first: bool = False) -> list[Match]:
    entries: list[Entry] = [CHAT, *REAL] if smalltalk_first else list(REAL)
    return [Match(entry, score, entry.question, ScoreParts(0.0, 0.0, 0.0)) for entry, score in zip(entries, scores)]


@pytest.mark.parametrize(("scores", "status", "suggested"), [
    ((), "none", 0),
    ((44.9,), "none", 0),                 # below suggest
    ((53.0,), "answer", 0),               # at answer, nobody close
    ((60.0, 56.5), "clarify", 2),         # a runner-up within the margin
    ((60.0, 56.0), "answer", 0),          # a lead of exactly the margin
    ((91.0, 89.0), "answer", 0),          # confident, the runner-up is not
    ((91.0, 90.5), "clarify", 2),         # both confident
    ((48.0,), "answer", 0),               # far ahead of all others (wide_margin): wide_answer is enough
    ((52.0, 40.0), "answer", 0),
    ((48.0, 41.0), "none", 0),            # one weak candidate, not far ahead, is no reason to ask
    ((52.0, 44.5), "clarify", 2),         # one fair candidate is offered with the next best
    ((50.0, 49.0, 48.0, 47.0, 46.0), "clarify", 4),  # position 5 is never read
])
def test_the_decision_reads_the_first_four_positions(scores: tuple[float, ...], status: str, suggested: int) -> None:
    reply = decide("q", _ranked(*scores), Thresholds(), BASE.knowledge)
    assert reply.status == status
    assert len(reply.suggestions) == suggested


@pytest.mark.parametrize(("scores", "status", "suggested"), [
    ((52.0,), "none", 0),                 # one fair candidate is offered with the next best ...
    ((52.0, 33.0), "none", 0),            # ... if at least 0.75 · suggest: a list of one is no question
    ((52.0, 40.0), "clarify", 2),
])
def test_without_the_wide_rule_a_lone_candidate_needs_answer(scores: tuple[float, ...], status: str,
                                                              suggested: int) -> None:
    reply = decide("q", _ranked(*scores), Thresholds(wide_answer=100), BASE.knowledge)
    assert (reply.status, len(reply.suggestions)) == (status, suggested)


def test_a_wide_lead_read_only_through_context_is_not_enough() -> None:
    alone = _ranked(50.0, 30.0)
    through_context = [replace(alone[0], parts=replace(alone[0].parts, context=True)), alone[1]]
    assert decide("q", alone, Thresholds(), BASE.knowledge).status == "answer"
    assert decide("q", through_context, Thresholds(), BASE.knowledge).status != "answer"


def test_small_talk_is_answered_without_a_lead_but_never_suggested() -> None:
    assert decide("q", _ranked(60.0, 59.0, smalltalk_first=True), Thresholds(), BASE.knowledge).status == "answer"
    reply = decide("q", _ranked(50.0, 49.0, 48.0, smalltalk_first=True), Thresholds(), BASE.knowledge)
    assert all(not match.entry.smalltalk for match in reply.suggestions)


def test_a_refused_question_gets_the_fallback_whatever_it_matched() -> None:
    reply = decide("q", _ranked(99.0), Thresholds(), BASE.knowledge, refused=True)
    assert reply.status == "none" and reply.fallback == BASE.knowledge.fallback


@pytest.mark.parametrize("limits", [Thresholds(), Thresholds(answer=100), Thresholds(60, 25, 90, 20)])
@pytest.mark.parametrize("above", [1.0, 10.0, 30.0])
def test_a_runner_up_below_the_floor_changes_nothing(limits: Thresholds, above: float) -> None:
    best = min(round(limits.suggest + above, 1), 100.0)
    low = round(decision_floor(limits) - 0.1, 1)
    with_low = decide("q", _ranked(best, low), limits, BASE.knowledge)
    alone = decide("q", _ranked(best), limits, BASE.knowledge)
    assert (with_low.status, with_low.suggestions) == (alone.status, alone.suggestions)


@pytest.mark.parametrize(("weight", "limits", "status"), [
    (0.0, Thresholds(), "answer"),                  # nothing foreign named
    (Thresholds().salience, Thresholds(), "none"),  # a foreign word at the threshold: the fallback
    (25.0, Thresholds(salience=100), "answer"),     # 100 turns the check off
])
def test_an_answer_naming_something_foreign_is_held_back(weight: float, limits: Thresholds, status: str) -> None:
    reply = decide("q", _ranked(80.0, 40.0), limits, BASE.knowledge, foreign=lambda entry: weight)
    assert reply.status == status
    assert reply.match is not None and reply.match.entry is REAL[0]


def test_the_foreign_weight_is_asked_only_of_entries_about_to_be_given_or_of_a_fallbacks_best() -> None:
    asked: list[Entry] = []

    def foreign(entry: Entry) -> float:
        asked.append(entry)
        return 0.0

    decide("q", _ranked(30.0), Thresholds(), BASE.knowledge, foreign=foreign)               # the fallback: is it
    assert asked == [REAL[0]]                                                               # not covered?
    asked.clear()
    decide("q", _ranked(48.0, 41.0), Thresholds(), BASE.knowledge, foreign=foreign)         # a weak one alone
    assert asked == []
    decide("q", _ranked(80.0, 40.0), Thresholds(), BASE.knowledge, foreign=foreign)         # an answer
    assert asked == [REAL[0]]
    asked.clear()
    decide("q", _ranked(60.0, 58.0, 50.0), Thresholds(), BASE.knowledge, foreign=foreign)   # a list: its first
    assert asked == [REAL[0]]                                                               # resembles it


@pytest.mark.parametrize(("score", "weight", "held_back"), [
    (30.0, 20.0, "foreign"),   # too far from every entry, and naming what the base never mentions: not covered
    (30.0, 0.0, None),         # too far, naming nothing foreign: the plain fallback
    (30.0, 8.5, "foreign"),    # a common noun as rare as a name of 10 (天气): far from every entry, it counts alike
    (30.0, 8.0, None),
])
def test_a_fallback_naming_something_foreign_is_not_covered(score: float, weight: float,
                                                            held_back: str | None) -> None:
    reply = decide("q", _ranked(score), Thresholds(), BASE.knowledge, foreign=lambda entry: weight)
    assert (reply.status, reply.held_back) == ("none", held_back)


@pytest.mark.parametrize("question", ["今天天气怎么样", "天气怎么样", "明天会下雨吗"])
@pytest.mark.parametrize("base", ["gym", "hotel"])
def test_the_weather_is_not_covered_by_a_small_base_however_asked(base: str, question: str) -> None:
    matcher = Matcher(load_knowledge(Path(__file__).parent / "eval" / "small-bases" / f"{base}.yaml"))
    reply = matcher.reply(question)
    assert (reply.status, reply.held_back) == ("none", "foreign")


@pytest.mark.parametrize(("foreign_to", "status", "held_back"), [
    ({0, 1, 2}, "none", "foreign"),     # no suggestion resembles what the question names: no list either
    ({0, 1}, "clarify", None),          # one does (the third): the list, as without the check
    ({0}, "clarify", None),
    (set(), "clarify", None),
])
def test_a_list_is_not_offered_for_a_question_none_of_its_entries_is_about(foreign_to: set[int], status: str,
                                                                          held_back: str | None) -> None:
    weights = {REAL[place].id: Thresholds().salience if place in foreign_to else 0.0 for place in range(3)}
    reply = decide("q", _ranked(60.0, 58.0, 50.0), Thresholds(), BASE.knowledge,
                   foreign=lambda entry: weights[entry.id])
    assert (reply.status, reply.held_back) == (status, held_back)
    assert reply.match is not None and reply.match.entry is REAL[0]


@pytest.mark.parametrize(("scores", "declared", "status"), [
    ((80.0, 40.0), 0.0, "answer"),      # the base declares nothing out of scope, or nothing close
    ((80.0, 40.0), 76.0, "answer"),     # a lead of exactly the margin over the declared questions
    ((80.0, 40.0), 76.5, "clarify"),    # the declared questions within the margin: a close runner-up
    ((80.0,), 78.0, "none"),            # ... and with no second real candidate, no list of one
    ((95.0, 40.0), 85.0, "answer"),     # confident, the declared questions are not
    ((95.0, 40.0), 92.0, "clarify"),    # both confident
])
def test_the_declared_out_of_scope_questions_are_a_runner_up(scores: tuple[float, ...], declared: float,
                                                             status: str) -> None:
    assert decide("q", _ranked(*scores), Thresholds(), BASE.knowledge, rival_score=declared).status == status


def test_small_talk_is_answered_whatever_the_declared_questions_score() -> None:
    reply = decide("q", _ranked(60.0, smalltalk_first=True), Thresholds(), BASE.knowledge, rival_score=59.0)
    assert reply.status == "answer"


@pytest.mark.parametrize(("displaced", "foreign", "status"), [
    (False, 0.0, "answer"),
    (True, 0.0, "clarify"),                      # another topic's word in the entry's place: not with confidence
    (True, Thresholds().salience, "none"),       # naming a thing the base never mentions comes first
])
def test_an_answer_whose_topic_word_is_displaced_is_not_given_with_confidence(displaced: bool, foreign: float,
                                                                              status: str) -> None:
    reply = decide("q", _ranked(80.0, 50.0), Thresholds(), BASE.knowledge, foreign=lambda entry: foreign,
                   displaced=lambda entry: displaced)
    assert reply.status == status
    assert reply.match is not None and reply.match.entry is REAL[0]


@pytest.mark.parametrize(("scores", "taking", "status", "first", "offered"), [
    ((80.0, 60.0, 40.0), 1, "answer", 1, 0),       # the one whose topic took the best's place, alone enough
    ((80.0, 50.0, 48.0), 1, "clarify", 1, 2),      # ... or first among the rest, the best left out
    ((80.0, 50.0, 48.0, 47.0), 3, "clarify", 3, 3),
    ((80.0, 60.0, 40.0), None, "answer", 0, 0),    # nobody takes its place
    ((80.0, 44.0, 40.0), 1, "answer", 0, 0),       # one under suggest does not
    ((80.0, 60.0, 59.0, 58.0, 57.0), 4, "answer", 0, 0),    # position 5 is never read
])
def test_a_best_match_gives_way_to_the_one_whose_topic_took_its_place(scores: tuple[float, ...],
                                                                      taking: int | None, status: str, first: int,
                                                                      offered: int) -> None:
    ranked = _ranked(*scores)
    reply = decide("q", ranked, Thresholds(), BASE.knowledge,
                   gives_way=lambda best, other: taking is not None and best is REAL[0] and other is REAL[taking])
    assert (reply.status, len(reply.suggestions)) == (status, offered)
    assert reply.match is not None and reply.match.entry is REAL[first]
    assert all(m.entry is not REAL[0] for m in reply.suggestions) or first == 0


@pytest.mark.parametrize(("scores", "yields", "status"), [
    ((60.0, 59.0, 40.0), True, "answer"),       # the runner-up's topic word replaced by the best's: no rival
    ((60.0, 59.0, 40.0), False, "clarify"),     # ... otherwise a tie
    ((60.0, 59.0, 57.0), True, "clarify"),      # the third is then the runner-up, and it is close
    ((60.0, 59.0), True, "answer"),             # no third: nobody is close
    ((50.0, 47.0, 30.0), True, "answer"),       # a wide lead over the third is enough from wide_answer …
    ((50.0, 49.0, 30.0), True, "clarify"),      # … unless the set-aside runner-up is within close_margin: below
                                                # answer, a topic word replaced does not break a tie
])
def test_a_runner_up_whose_topic_the_best_took_is_no_rival(scores: tuple[float, ...], yields: bool,
                                                            status: str) -> None:
    reply = decide("q", _ranked(*scores), Thresholds(), BASE.knowledge,
                   gives_way=lambda best, other: yields and best is REAL[1] and other is REAL[0])
    assert reply.status == status
    assert reply.match is not None and reply.match.entry is REAL[0]


def test_a_bare_best_keeps_its_runner_up_as_a_rival() -> None:
    # A bare list's sibling questions differ in the product they name: the runner-up naming another stays a rival.
    ranked = [replace(m, entry=replace(m.entry, alternates=())) for m in _ranked(60.0, 59.0, 40.0)]
    reply = decide("q", ranked, Thresholds(), BASE.knowledge,
                   gives_way=lambda best, other: best is ranked[1].entry and other is ranked[0].entry)
    assert reply.status == "clarify"


@pytest.mark.parametrize(("scores", "corroborated", "declared", "status"), [
    ((60.0, 57.5), True, 0.0, "answer"),     # a close lead that every kind of evidence agrees with
    ((60.0, 57.5), False, 0.0, "clarify"),   # ... or that one kind contradicts
    ((60.0, 58.5), True, 0.0, "clarify"),    # under close_margin: a tie, whatever agrees
    ((52.0, 49.5), True, 0.0, "clarify"),    # under answer: the rule relaxes the margin, not the score
    ((60.0, 57.5), True, 57.9, "clarify"),   # the declared out-of-scope questions are the runner-up
])
def test_a_close_lead_is_enough_when_corroborated(scores: tuple[float, ...], corroborated: bool, declared: float,
                                                  status: str) -> None:
    reply = decide("q", _ranked(*scores), Thresholds(), BASE.knowledge, rival_score=declared,
                   corroborated=lambda best, runner_up: corroborated)
    assert reply.status == status
    assert reply.match is not None and reply.match.entry is REAL[0]


def test_corroboration_is_asked_only_of_a_close_lead() -> None:
    asked: list[tuple[str, str]] = []

    def corroborated(best: Match, runner_up: Match) -> bool:
        asked.append((best.id, runner_up.id))
        return True

    for scores in ((80.0, 40.0), (60.0, 59.0), (40.0,), (50.0, 47.0)):   # clear, tied, weak, under answer
        decide("q", _ranked(*scores), Thresholds(), BASE.knowledge, corroborated=corroborated)
    assert asked == []
    decide("q", _ranked(60.0, 57.0), Thresholds(), BASE.knowledge, corroborated=corroborated)
    assert asked == [(REAL[0].id, REAL[1].id)]


LEFT_OUT = frozenset({"还清后额度什么时候回来", "结清逾期后多久能再借", "多久能重新评估额度", "还清了额度啥时候能回来",
                      "还完逾期额度要等多久", "还清了额度能马上恢复吗", "逾期了信用是不是就彻底完了",
                      "逾期后信用和额度还能回来吗", "欠款结清了额度多久恢复", "还完逾期后多久能用额度",
                      "还清后要等几天额度才回来", "还完了啥时候能再借出来"})
"""Alternates of two sibling entries (limit-restore-wait, restore-record-and-limit) left out together."""


def test_a_close_lead_corroborated_is_answered_by_the_matcher() -> None:
    # Asked of the base without them, 还清了额度能马上恢复吗 leads restore-record-and-limit by under the margin,
    # and both its closest phrasing and its phrasings together hold more of the question
    base = replace(BASE.knowledge, entries=tuple(replace(e, alternates=tuple(a for a in e.alternates
                                                                             if a not in LEFT_OUT))
                                                 for e in BASE.knowledge.entries))
    reply = Matcher(base).reply("还清了额度能马上恢复吗")
    assert (reply.status, reply.entry and reply.entry.id) == ("answer", "limit-restore-wait")
    assert Thresholds().close_margin <= reply.lead < Thresholds().margin
    assert Matcher(base, thresholds=Thresholds(close_margin=100)).reply("还清了额度能马上恢复吗").status == "clarify"


@given(st.lists(st.floats(0, 100), max_size=6))
def test_a_clarify_never_lists_a_single_candidate(scores: list[float]) -> None:
    ranked = _ranked(*sorted((round(s, 1) for s in scores), reverse=True))
    reply = decide("q", ranked, Thresholds(), BASE.knowledge)
    assert reply.status != "clarify" or len(reply.suggestions) >= 2


@given(st.floats(0, 100), st.floats(0, 100), st.floats(0, 100))
def test_confidence_is_a_probability_rising_with_score_and_lead(score: float, lead: float, more: float) -> None:
    sure = confidence(score, lead)
    assert 0.0 <= sure <= 1.0
    assert confidence(min(score + more, 100.0), lead) >= sure
    assert confidence(score, lead + more) >= sure


@pytest.mark.parametrize(("scores", "status"), [
    ((80.0, 40.0), "answer"), ((60.0, 58.0), "clarify"), ((40.0,), "none"), ((), "none")])
def test_a_reply_carries_its_lead_and_a_confidence_unless_it_is_the_fallback(scores: tuple[float, ...],
                                                                             status: str) -> None:
    reply = decide("q", _ranked(*scores), Thresholds(), BASE.knowledge)
    assert reply.status == status
    floor = decision_floor(Thresholds())     # a runner-up under it counts as at it
    runner_up = max(scores[1] if len(scores) > 1 else 0.0, floor)
    assert reply.lead == (max(scores[0] - runner_up, 0.0) if scores else 0.0)
    assert (reply.confidence is None) == (status == "none")
    assert reply.to_dict()["confidence"] == reply.confidence


def test_a_plain_answer_is_more_certain_than_a_close_call() -> None:
    clear = BASE.reply("微粒贷客服电话是多少")
    close = BASE.reply("分期")
    assert clear.confidence is not None and clear.confidence > 0.9
    assert close.confidence is None or close.confidence < clear.confidence


@pytest.mark.parametrize(("question", "held_back", "status"), [
    ("花呗逾期怎么办", "declared", "none"),          # 花呗 is one of the base's out_of_scope_terms
    ("美团借钱逾期了怎么办", "foreign", "none"),     # 美团: a name the base never mentions
    ("我逾期了会不会被起诉", "topic", "clarify"),    # 逾期 where extension-collection's phrasings say 延期
    ("微粒贷客服电话是多少", None, "answer"),
])
def test_a_reply_says_why_an_answer_was_held_back(question: str, held_back: str | None, status: str) -> None:
    reply = BASE.reply(question)
    assert (reply.status, reply.held_back) == (status, held_back)
    assert reply.to_dict()["held_back"] == held_back


@pytest.mark.parametrize(("scores", "bare", "status"), [
    ((70.0, 64.0), (False, False), "answer"),   # a lead of margin (4) is enough between entries with alternates
    ((70.0, 64.0), (True, True), "clarify"),    # between two bare questions it needs bare_margin (8)
    ((70.0, 62.0), (True, True), "answer"),
    ((70.0, 64.0), (True, False), "answer"),    # a bare best over an entry with alternates: margin
    ((70.0, 64.0), (False, True), "answer"),
])
def test_two_bare_questions_need_a_wider_lead(scores: tuple[float, ...], bare: tuple[bool, bool], status: str) -> None:
    # Sibling bare questions (柚借怎么还款 / 柚借如何还款) score close for a question put in other words: a list is
    # the better reply than either one's answer unless the best stands clear.
    ranked = [replace(match, entry=replace(match.entry, alternates=()) if alone else match.entry)
              for match, alone in zip(_ranked(*scores), bare)]
    assert decide("q", ranked, Thresholds(), BASE.knowledge).status == status


@pytest.mark.parametrize(("scores", "bare", "status", "suggested"), [
    ((45.5, 40.0), True, "clarify", 2),    # a bare best under a fair score is offered with the next bare ones ...
    ((45.5, 40.0, 31.0, 30.5, 30.2), True, "clarify", 4),  # ... of the best four
    ((60.0, 56.5, 31.0), True, "clarify", 3),  # a close runner-up too
    ((45.5, 26.0), True, "clarify", 2),    # ... or, clearly ahead (few_lead), with the next, as a few-alternate entry
    ((45.5, 40.0, 26.0), True, "clarify", 2),  # ... that reach bare_suggest
    ((30.0, 20.0), True, "none", 0),       # under few_suggest and alone over bare_suggest: a list of one is no question
    ((45.5, 40.0), False, "none", 0),      # with alternates, one weak candidate is no reason to ask
])
def test_a_lone_bare_candidate_is_offered_with_the_next_bare_ones(scores: tuple[float, ...], bare: bool, status: str,
                                                                  suggested: int) -> None:
    ranked = [replace(match, entry=replace(match.entry, alternates=())) if bare else match
              for match in _ranked(*scores)]
    reply = decide("q", ranked, Thresholds(), BASE.knowledge)
    assert (reply.status, len(reply.suggestions)) == (status, suggested)


@pytest.mark.parametrize("name", [field.name for field in fields(Thresholds)])
@pytest.mark.parametrize("value", [-1, 100.5, float("nan"), "50"])
def test_every_threshold_is_a_number_from_0_to_100(name: str, value: object) -> None:
    with pytest.raises(ValueError, match=f"threshold {name} must be a number from 0 to 100"):
        Thresholds(**{name: value})  # type: ignore[arg-type]
    assert getattr(Thresholds(**{name: 100}), name) == 100  # type: ignore[arg-type]
