"""Plain-FAQ mode: a bare list of questions and answers (what a bot author starts with) is matched with the same
code, and the answer's words tell its entries apart when a question uses other words than the entry's one
phrasing (the ``answer`` signal). The fixture, tests/plain_faq.yaml, is a made-up shop, not an eval set."""

from __future__ import annotations

import io
import json
import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import example, given, settings
from test_robust_library import QUERIES

from assistant import Matcher, Normalizer, load_knowledge
from assistant.cli import main
from assistant.entry_ids import question_id
from assistant.evaluation import evaluate, load_questions
from assistant.knowledge import inspect_knowledge
from assistant.knowledge_checks import DEFAULT_FALLBACK
from assistant.learn import add_alternate
from assistant.matching.answer_signal import answer_share
from assistant.matching.candidates import Bounded, Exhaustive
from assistant.matching.index import Index
from assistant.matching.signals import SIGNALS
from assistant.models import Knowledge
from assistant.protocol import answer, parse_request

WRITTEN = load_knowledge(REPO / "tests" / "plain_faq.yaml")


def bare(knowledge: Knowledge) -> Knowledge:
    """The base without its alternates: one phrasing per entry."""
    return replace(knowledge, entries=tuple(replace(entry, alternates=()) for entry in knowledge.entries))


BARE = bare(WRITTEN)
MATCHER = Matcher(BARE)

# Each question shares at most a word or two with its entry's question; the rest of its words are in the answer.
FOUND_THROUGH_THE_ANSWER = [
    ("快递已经寄出了还能改吗", "change-address"),
    ("退款几天到账", "returns"),
    ("能用支付宝吗", "payment"),
    ("节假日发货吗", "dispatch-time"),
    ("偏远地区运费多少", "shipping-fee"),
    ("生日有优惠券吗", "membership"),
    ("电子发票发到哪", "invoice"),
    ("怎么退货", "returns"),
    ("会员好处", "membership"),
    # 货到付款 is in no question, only in the payment entry's answer: it outweighs 可以 of 可以开发票吗
    ("可以货到付款吗", "payment"),
]

NOT_YET = [
    # Only entries sharing a term with the question's phrasings are scored: the answer alone makes no candidate.
    pytest.param("满多少钱包邮", "shipping-fee", marks=pytest.mark.xfail(strict=True, reason="no shared term")),
    pytest.param("积分能抵钱吗", "membership", marks=pytest.mark.xfail(strict=True, reason="no shared term")),
    pytest.param("税号在哪填", "invoice", marks=pytest.mark.xfail(strict=True, reason="no shared term")),
]


@pytest.mark.parametrize(("query", "expected"), FOUND_THROUGH_THE_ANSWER + NOT_YET)
def test_the_best_entry_of_a_bare_list(query: str, expected: str) -> None:
    found = MATCHER.search(query, limit=1)
    assert [match.id for match in found] == [expected]


@pytest.mark.parametrize(("query", "expected"), [("偏远地区运费多少", "shipping-fee"), ("电子发票发到哪", "invoice"),
                                                 ("怎么退货", "returns")])
def test_a_clear_question_is_answered(query: str, expected: str) -> None:
    reply = MATCHER.reply(query)
    assert reply.status == "answer" and reply.entry is not None and reply.entry.id == expected


@pytest.mark.parametrize("query", ["今天天气怎么样", "你们老板是谁", "asdfgh"])
def test_an_unrelated_question_is_not_answered(query: str) -> None:
    assert MATCHER.reply(query).status == "none"


def _signal(matcher: Matcher, entry_id: str, query: str) -> float:
    index = matcher.index
    _, query_terms, _, _ = index.query(matcher.normalize(query))
    return answer_share(index, index.entry_index[entry_id], query_terms)


@pytest.mark.parametrize(("query", "entry_id", "bare_value"), [
    ("支付宝", "payment", 1.0),          # every term of the question is in the answer
    ("邮箱", "invoice", 1.0),
    ("支付宝", "invoice", 0.0),          # none is
    ("天气", "payment", 0.0),
])
def test_the_answer_signal_is_the_share_held_by_the_answer_over_the_phrasings_squared(
        query: str, entry_id: str, bare_value: float) -> None:
    assert _signal(MATCHER, entry_id, query) == pytest.approx(bare_value)
    # With one alternate, two phrasings: a quarter of it
    assert _signal(Matcher(WRITTEN), entry_id, query) == pytest.approx(bare_value / 4)


@pytest.mark.parametrize(("query", "entry_id"), [
    ("可以货到付款吗", "payment"),  # 货到付款: in no phrasing, in the payment entry's answer
    ("支持货到付款吗", "payment"),
])
def test_a_word_only_an_answer_says_counts_unsquared_for_a_bare_entry(query: str, entry_id: str) -> None:
    # With one alternate the signal is the squared share over two phrasings: a quarter of the squared share. The
    # bare entry gets more than the squared share: the word no phrasing holds also counts, unsquared.
    squared_share = 4 * _signal(Matcher(WRITTEN), entry_id, query)
    assert 0.0 < squared_share < _signal(MATCHER, entry_id, query) <= 1.0


def test_an_answer_holding_part_of_the_question_gets_part_of_the_signal() -> None:
    # shipping-fee's answer holds 偏远地区, invoice's 邮箱; neither holds the whole question
    for entry_id in ("shipping-fee", "invoice"):
        assert 0.0 < _signal(MATCHER, entry_id, "偏远地区的邮箱") < 1.0


_EVERY = Exhaustive(MATCHER.index)


@settings(max_examples=150, deadline=None)
@given(query=QUERIES)
@example(query="好的")  # the built-in small talk's own words: weighed lighter in the question than in its phrasing
def test_every_signal_stays_within_its_bound_on_a_bare_list(query: str) -> None:
    text = MATCHER.normalize(query[:500])
    for owner, features in _EVERY.features(text).items():
        for (name, most), value in zip(SIGNALS, features.vector()):
            assert -1e-9 <= value <= most + 1e-9, (name, value)
        phrasings = MATCHER.index.first_phrasing[owner + 1] - MATCHER.index.first_phrasing[owner]
        assert features.answer <= 1.0 / phrasings ** 2 + 1e-12


_LARGE = Matcher(index=Index(BARE, Normalizer(BARE.synonyms), exact=True))
_FULL = Matcher(index=_LARGE.index, exhaustive=True)


@settings(max_examples=100, deadline=None)
@given(query=QUERIES)
def test_a_bare_list_built_large_replies_as_scoring_every_entry(query: str) -> None:
    assert isinstance(_LARGE.candidates, Bounded)
    assert _LARGE.search(query, limit=3) == _FULL.search(query, limit=3)


@pytest.mark.parametrize("query", [q for q, _ in FOUND_THROUGH_THE_ANSWER])
def test_bounds_hold_where_the_answer_decides(query: str) -> None:
    assert _LARGE.search(query, limit=3) == _FULL.search(query, limit=3)
    assert _LARGE.reply(query).status == _FULL.reply(query).status


def test_a_weak_match_in_a_bare_list_is_offered_with_the_next_best() -> None:
    reply = MATCHER.reply("可以货到付款吗")    # payment, in words its one phrasing does not use
    assert reply.status == "clarify"
    assert "payment" in [match.id for match in reply.suggestions]
    assert 2 <= len(reply.suggestions) <= 3
    assert all(match.score >= MATCHER.thresholds.bare_suggest for match in reply.suggestions)


@pytest.mark.parametrize("question", ["你们卖不卖手机", "店铺在哪"])
def test_nothing_like_a_bare_list_gets_the_fallback(question: str) -> None:
    assert MATCHER.reply(question).status == "none"


# -- a bare list at the top level: what a bot author writes first -------------------------------------------

GYM_HOURS, GYM_PRICE = "jian-shen-fang-ji-dian-kai-a657ee", "ban-ka-duo-shao-qian-a6bd76"
BARE_LIST = """\
- question: 健身房几点开门？
  answer: 每天早上6点开门，晚上11点关门。
- question: 办卡多少钱？
  answer: 月卡299元，年卡2399元。
- id: parking
  question: 有停车位吗？
  answer: 地下停车场有50个车位。
"""


def test_a_bare_list_loads_with_ids_made_from_its_questions_and_says_what_it_assumed(tmp_path: Path) -> None:
    path = tmp_path / "My Gym.yaml"
    path.write_text(BARE_LIST, encoding="utf-8")
    knowledge, problems = inspect_knowledge(path)
    assert knowledge is not None
    assert [entry.id for entry in knowledge.questions] == [GYM_HOURS, GYM_PRICE, "parking"]
    assert (knowledge.title, knowledge.language, knowledge.fallback) == ("My Gym", "zh", DEFAULT_FALLBACK["zh"])
    assert all(problem.warning for problem in problems)
    assert any("a bare list: no knowledge_base header" in problem.message for problem in problems)
    assert Matcher(knowledge).reply("健身房几点开门").entry.id == GYM_HOURS


# An id is a contract with every bot that stored it: these must never change.
@pytest.mark.parametrize(("question", "made"), [
    ("健身房几点开门？", "jian-shen-fang-ji-dian-kai-a657ee"),    # the first six words in pinyin, a hash of all
    ("健身房几点开门", "jian-shen-fang-ji-dian-kai-a657ee"),      # punctuation aside
    ("健身房幾點開門？", "jian-shen-fang-ji-dian-kai-a657ee"),    # traditional characters
    ("健身房几点关门？", "jian-shen-fang-ji-dian-guan-14d583"),
    ("健身房几点开门呀？", "jian-shen-fang-ji-dian-kai-df4f34"),  # the same first words: the hash tells them apart
    ("When are you open?", "when-are-you-open-73c905"),
    ("WiFi 密码是多少", "wifi-mi-ma-shi-duo-shao-be1285"),
    ("？？？", "q-e3b0c4"),
])
def test_a_bare_list_id_is_made_from_the_question_alone(question: str, made: str) -> None:
    assert question_id(question) == made


def test_bare_list_ids_stay_when_the_file_is_renamed_reordered_or_moved_into_a_folder(tmp_path: Path) -> None:
    first = load_knowledge(_written(tmp_path / "gym.yaml", BARE_LIST))
    before = {entry.question: entry.id for entry in first.questions}
    items = BARE_LIST.split("- ")[1:]
    inserted = "question: 有淋浴吗？\n  answer: 有，免费。\n"
    folder = tmp_path / "faq"
    folder.mkdir()
    _written(folder / "0-other.yaml", "- question: 能带小孩吗？\n  answer: 不能。\n")
    _written(folder / "renamed.yaml", "".join("- " + item for item in [inserted, *reversed(items)]))
    after = {entry.question: entry.id for entry in load_knowledge(folder).questions}
    assert {question: after[question] for question in before} == before


def test_the_ids_a_bare_list_had_by_its_place_still_find_their_entries(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    # Bots, evaluation files and misses logs that kept gym-2 from before go on working; replies carry the new id.
    path = _written(tmp_path / "gym.yaml", BARE_LIST)
    matcher = Matcher(load_knowledge(path))
    assert matcher.knowledge.get("gym-2").id == GYM_PRICE and matcher.knowledge.get("gym-3") is None  # parking's own
    unknown = answer(matcher, parse_request({"q": "今天天气怎么样", "previous": "gym-2"}))
    assert (unknown["status"], unknown["context"]) == ("none", GYM_PRICE)  # the context kept, by its id now
    questions = tmp_path / "questions.yaml"
    questions.write_text("- {q: 健身房几点开门, expect: gym-1}\n- {q: 办卡多少钱, expect: gym-2}\n", encoding="utf-8")
    assert sum(outcome.right for outcome in evaluate(matcher, load_questions(questions), baselines=False).outcomes) == 2
    assert main(["learn", "年卡价格", "--entry", "gym-2", "--kb", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}:4: [{GYM_PRICE}] added '年卡价格' to '办卡多少钱？'\n"


def _written(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_an_english_bare_list_replies_in_english_when_unsure(tmp_path: Path) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text("- question: What time do you open?\n  answer: At 6 am.\n", encoding="utf-8")
    knowledge, _ = inspect_knowledge(path)
    assert knowledge is not None and knowledge.language == "en"
    assert Matcher(knowledge).reply("do you sell shoes").text == DEFAULT_FALLBACK["en"]


def test_learn_adds_an_alternate_to_an_entry_of_a_bare_list(tmp_path: Path) -> None:
    path = tmp_path / "gym.yaml"
    path.write_text(BARE_LIST, encoding="utf-8")
    learned = add_alternate("年卡价格", GYM_PRICE, path)
    assert learned.line == 4                   # the line of the new alternate
    assert path.read_text(encoding="utf-8") == BARE_LIST.replace(
        "- question: 办卡多少钱？\n", "- question: 办卡多少钱？\n  alternates: [年卡价格]\n")
    assert load_knowledge(path).get(GYM_PRICE).alternates == ("年卡价格",)


def test_learn_on_a_bare_list_names_the_question_taught_and_suggests_a_made_up_id(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gym.yaml"
    path.write_text(BARE_LIST, encoding="utf-8")
    misspelt = GYM_PRICE.replace("ban-ka", "banka")
    assert main(["learn", "年卡价格", "--entry", misspelt, "--kb", str(path)]) == 2
    assert capsys.readouterr().err == (f"assistant: error: no entry with id {misspelt!r} in {path}: "
                                       f"did you mean {GYM_PRICE!r}?\n")
    assert path.read_text(encoding="utf-8") == BARE_LIST
    assert main(["learn", "年卡价格", "--entry", GYM_PRICE, "--kb", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}:4: [{GYM_PRICE}] added '年卡价格' to '办卡多少钱？'\n"


def test_check_ids_lists_each_entry_with_its_id_and_a_bare_list_s_former_id(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _written(tmp_path / "gym.yaml", BARE_LIST)
    assert main(["check", "--ids", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [          # only the list: check --ids > ids.txt writes it clean
        f"{path}:1: {GYM_HOURS}  健身房几点开门？  (was gym-1)",
        f"{path}:3: {GYM_PRICE}  办卡多少钱？  (was gym-2)",
        f"{path}:5: parking  有停车位吗？",  # its own id: never another
    ]
    assert err.splitlines()[0].startswith(f"{path}: warning: ") and err.splitlines()[-1].startswith("ok: gym: ")


@pytest.mark.parametrize(("argv", "out_starts", "err_starts"), [
    # where check writes what: the warnings and the summary are the output, unless the ids are
    ([], ["PATH: warning: ", "PATH: warning: ", "PATH: warning: ", "ok: gym: "], []),
    (["--ids"], ["PATH:1: ", "PATH:3: ", "PATH:5: parking"], ["PATH: warning: ", "PATH: warning: ",
                                                              "PATH: warning: ", "ok: gym: "]),
])
def test_check_writes_the_warnings_to_stdout_unless_it_lists_the_ids(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], out_starts: list[str],
        err_starts: list[str]) -> None:
    path = _written(tmp_path / "gym.yaml", BARE_LIST)
    assert main(["check", *argv, str(path)]) == 0
    out, err = capsys.readouterr()
    for written, starts in ((out, out_starts), (err, err_starts)):
        expected = [start.replace("PATH", str(path)) for start in starts]
        assert [line[:len(start)] for line, start in zip(written.splitlines(), expected)] == expected
        assert len(written.splitlines()) == len(expected)


def test_the_review_of_a_bare_list_offers_only_entries_of_its_file_in_a_column_as_wide_as_their_ids(
        tmp_path: Path, state: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = _written(tmp_path / "gym.yaml", BARE_LIST)
    state.mkdir(parents=True)
    (state / "misses.jsonl").write_text(json.dumps({"query": "你好呀请问健身房卖咖啡吗", "status": "none",
                                                    "base": str(path)}, ensure_ascii=False) + "\n", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("s\n"))
    assert main(["--kb", str(path), "learn"]) == 0
    offered = [line for line in capsys.readouterr().out.splitlines() if re.match(r"  \d\. ", line)]
    assert offered and not [line for line in offered if line.split()[1] in ("greeting", "thanks", "okay", "goodbye")]
    assert len({re.search(r"\d+\.\d", line).start() for line in offered}) == 1  # the scores in one column
    assert main(["misses", "--kb", str(path)]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].index("question") == rows[1].index("你好呀")  # the question column, past the longest id


def test_learn_refuses_built_in_small_talk_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _written(tmp_path / "gym.yaml", BARE_LIST)
    assert main(["learn", "嗨", "--entry", "greeting", "--kb", str(path)]) == 2
    assert capsys.readouterr().err == (f"assistant: error: 'greeting' is built-in small talk, written in no file of "
                                       f"{path}: declare small talk of your own under 'smalltalk:' to teach it "
                                       "(docs/knowledge-format.md)\n")
    assert path.read_text(encoding="utf-8") == BARE_LIST
