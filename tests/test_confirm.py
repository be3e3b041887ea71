"""Answer confirmation: a word of the question that only the entry's answer says (not its phrasings, not another
answer) confirms an entry of few alternates standing clear of every other, when its phrasings alone cannot
corroborate its lead. The base here is made up for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant import Matcher, Thresholds
from assistant.matching.confirm import confirming_words
from assistant.matching.decision import decide
from assistant.models import Entry, Knowledge
from assistant.replies import Match, ScoreParts

ENTRIES = (
    Entry("holiday", "节假日开门吗？", "节假日照常开放，春节除夕和初一闭馆休息。"),
    Entry("hours", "几点开门？", "每天早上九点到晚上九点开放。", alternates=("开放时间",)),
    Entry("invoice", "能开发票吗？", "可以开电子发票，付款时填写抬头和税号。", alternates=("开票",)),
    Entry("card", "怎么办卡？", "带身份证到前台办卡，当场制卡。", alternates=("办卡要带什么",)),
    Entry("lost", "东西丢了怎么办？", "到前台登记，遗失物品保存三十天。"),
)
GYM = Knowledge("小区会所", "zh", "1", ENTRIES, "请问前台。")
MATCHER = Matcher(GYM)


@pytest.mark.parametrize(("question", "entry", "words"), [
    ("春节休息吗", "holiday", ["春节", "休息"]),     # only the answer says them
    ("抬头怎么填", "invoice", ["抬头"]),
    ("发票要填什么", "invoice", []),                 # 发票 is a phrasing's own word: nothing to confirm
    ("春节休息吗", "hours", []),                     # another entry's answer
    ("前台在哪", "card", []),                        # two answers say 前台: it tells them nothing apart
    ("能用身份证吗", "card", ["身份证"]),
    ("可以晚点走吗", "hours", []),                   # 可以 is a function word, 晚点 no answer's
])
def test_the_words_only_an_entrys_answer_says_confirm_it(question: str, entry: str, words: list[str]) -> None:
    index = MATCHER.index
    assert confirming_words(index, MATCHER.normalize(question), index.entry_index[entry]) == words


def _ranked(*pairs: tuple[Entry, float]) -> list[Match]:
    return [Match(entry, score, entry.question, ScoreParts(0.0, 0.0, 0.0)) for entry, score in pairs]


def _never(best: Match, runner_up: Match) -> bool:
    return False


@pytest.mark.parametrize(("pairs", "confirmed", "status"), [
    # clear ahead (wide_margin) from few_answer, its lead uncorroborated but its answer confirming it: answered
    (((ENTRIES[0], 40.0), (ENTRIES[1], 30.0)), {"holiday"}, "answer"),
    # the runner-up's answer confirms it as well: nothing told apart, offered
    (((ENTRIES[0], 40.0), (ENTRIES[1], 30.0)), {"holiday", "hours"}, "clarify"),
    # unconfirmed, or not far enough ahead, or too low: offered or nothing, as before
    (((ENTRIES[0], 40.0), (ENTRIES[1], 30.0)), set(), "clarify"),
    (((ENTRIES[0], 40.0), (ENTRIES[1], 34.0)), {"holiday"}, "clarify"),
    (((ENTRIES[0], 32.0), (ENTRIES[1], 20.0)), {"holiday"}, "none"),
])
def test_an_answer_confirming_a_clear_lead_stands_for_its_corroboration(
        pairs: tuple[tuple[Entry, float], ...], confirmed: set[str], status: str) -> None:
    reply = decide("q", _ranked(*pairs), Thresholds(), GYM, corroborated=_never,
                   confirmed=lambda entry: entry.id in confirmed)
    assert reply.status == status



@pytest.mark.parametrize(("pairs", "confirmed", "answered"), [
    # tied at the top (a lead under few_lead), only the runner-up's answer says a word of the question: it is
    # answered when it stands clear of the third as a best must (few_answer, wide_margin)
    (((ENTRIES[1], 38.0), (ENTRIES[0], 36.0), (ENTRIES[2], 20.0)), {"holiday"}, "holiday"),
    (((ENTRIES[0], 38.0), (ENTRIES[1], 36.0), (ENTRIES[2], 20.0)), {"holiday"}, "holiday"),
    # both answers say one, or neither: nothing told apart
    (((ENTRIES[1], 38.0), (ENTRIES[0], 36.0), (ENTRIES[2], 20.0)), {"holiday", "hours"}, None),
    (((ENTRIES[1], 38.0), (ENTRIES[0], 36.0), (ENTRIES[2], 20.0)), set(), None),
    # not clear of the third, too low, or no tie (a lead of few_lead is the best's own)
    (((ENTRIES[1], 38.0), (ENTRIES[0], 36.0), (ENTRIES[2], 30.0)), {"holiday"}, None),
    (((ENTRIES[1], 34.0), (ENTRIES[0], 32.0), (ENTRIES[2], 10.0)), {"holiday"}, None),
    (((ENTRIES[1], 40.0), (ENTRIES[0], 36.0), (ENTRIES[2], 20.0)), {"holiday"}, None),
])
def test_a_tie_is_broken_by_the_one_answer_saying_a_word_of_the_question(
        pairs: tuple[tuple[Entry, float], ...], confirmed: set[str], answered: str | None) -> None:
    reply = decide("q", _ranked(*pairs), Thresholds(), GYM, corroborated=_never,
                   confirmed=lambda entry: entry.id in confirmed)
    assert (reply.match.id if reply.status == "answer" and reply.match else None) == answered


@given(st.text(alphabet=st.sampled_from("春节休息吗抬头发票身份证前台开门几点ab1 "), max_size=30)
       | st.text(max_size=30), st.integers(min_value=-1, max_value=len(ENTRIES) + 2))
def test_any_text_and_any_entry_place_are_read_without_raising(text: str, owner: int) -> None:
    index = MATCHER.index
    found = confirming_words(index, MATCHER.normalize(text), owner)
    assert all(len(word) > 1 and word in MATCHER.normalize(text) for word in found)
    assert not found or 0 <= owner < len(ENTRIES)

