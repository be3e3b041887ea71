"""Built-in small talk: a base that declares no small talk of its own (a bot author's bare list of questions and
answers) still answers a greeting, thanks, an acknowledgement and a goodbye, in the base's language, with neutral
replies; it never answers a question, and the base's own entries are matched exactly as they are without it.
``smalltalk: false`` in the header switches it off; a base with small talk of its own keeps only its own."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import REPO

from assistant import Matcher, knowledge_from_data, load_knowledge
from assistant.cli import main
from assistant.default_smalltalk import default_smalltalk
from assistant.protocol import entry_data

LIBRARY = [  # a made-up library's FAQ, as a bot author writes one: questions and answers, nothing else
    {"question": "借书要带什么证件", "answer": "带读者证或身份证。"},
    {"question": "一次能借几本书", "answer": "一次最多借10本。"},
    {"question": "借书能借多久", "answer": "借期30天，可以续借一次。"},
    {"question": "书丢了怎么办", "answer": "按书价赔偿。"},
    {"question": "图书馆几点开门", "answer": "每天9点到21点。"},
    {"question": "怎么办理读者证", "answer": "带身份证到服务台办理。"},
    {"question": "可以在网上续借吗", "answer": "可以，在官网或公众号续借。"},
    {"question": "图书馆有自习室吗", "answer": "三楼有自习室。"},
    {"question": "可以带电脑吗", "answer": "可以。"},
    {"question": "逾期还书要罚款吗", "answer": "每本每天0.1元。"},
]
BARE = knowledge_from_data(LIBRARY)
MATCHER = Matcher(BARE)
WITHOUT = Matcher(replace(BARE, entries=tuple(entry for entry in BARE.entries if not entry.builtin)))

SMALL_TALK = [
    ("你好", "greeting"), ("您好", "greeting"), ("在吗", "greeting"), ("在吗？", "greeting"), ("hello", "greeting"),
    ("谢谢", "thanks"), ("谢谢你", "thanks"), ("谢谢啊", "thanks"), ("好的，谢谢", "thanks"), ("多谢", "thanks"),
    ("好的", "okay"), ("嗯嗯", "okay"), ("好的好的", "okay"), ("行", "okay"),
    ("再见", "goodbye"), ("拜拜", "goodbye"), ("好的再见", "goodbye"),
]


@pytest.mark.parametrize(("said", "entry_id"), SMALL_TALK)
def test_a_bare_list_answers_the_commonest_small_talk(said: str, entry_id: str) -> None:
    reply = MATCHER.reply(said)
    assert (reply.status, reply.entry.id if reply.entry else None) == ("answer", entry_id)
    assert reply.entry is not None and reply.entry.smalltalk and reply.entry.builtin


REAL = ["借书要带什么证件", "你好，借书要带什么", "一次能借几本", "书丢了怎么办", "图书馆几点开门呀",
        "好的，那几点开门", "在网上能续借吗", "还书晚了要罚多少钱", "你们有没有咖啡厅", "前台晚上有人吗",
        "好吃吗", "谢谢你的耐心解答"]


@pytest.mark.parametrize("question", REAL)
def test_questions_get_the_reply_they_get_without_it(question: str) -> None:
    with_it, without = MATCHER.reply(question), WITHOUT.reply(question)
    # the same status and the same best match, a fallback's included (what /why and the misses log show)
    assert (with_it.status, with_it.entry.id if with_it.entry else None, with_it.score) == (
        without.status, without.entry.id if without.entry else None, without.score)
    assert [m.id for m in MATCHER.search(question, smalltalk=False)] == [m.id for m in WITHOUT.search(question)]


def test_thanks_said_before_a_question_is_read_as_small_talk_and_the_question_answered() -> None:
    # Without small talk the whole utterance is read as one question, and 谢谢 weighs on it: no reply.
    reply = MATCHER.reply("谢谢，可以带电脑吗")
    assert reply.status == "answer" and reply.entry is not None and reply.entry.question == "可以带电脑吗"


def test_the_replies_are_neutral_and_in_the_bases_language() -> None:
    english = knowledge_from_data([{"question": "When do you open?", "answer": "At nine."}])
    greeting = next(entry for entry in english.entries if entry.builtin)
    assert (greeting.id, greeting.answer) == ("greeting", "Hello! Please type your question.")
    assert Matcher(english).reply("Thanks").entry.id == "thanks"  # type: ignore[union-attr]
    answers = [entry.answer for entry in BARE.entries if entry.builtin]
    assert answers == ["您好！请直接输入您的问题。", "不客气。", "好的。还有别的问题请直接输入。", "再见。"]
    assert default_smalltalk("fr") == ()  # no table: no built-in small talk


def test_a_base_with_small_talk_of_its_own_keeps_only_its_own() -> None:
    gym = load_knowledge(REPO / "tests" / "eval" / "small-bases" / "gym.yaml")
    assert not any(entry.builtin for entry in gym.entries)
    assert not any(entry.builtin for entry in load_knowledge().entries)


def test_an_entry_id_of_the_base_is_never_taken(tmp_path) -> None:
    knowledge = knowledge_from_data([{"id": "thanks", "question": "怎么寄感谢信", "answer": "寄到前台。"}])
    assert [entry.id for entry in knowledge.entries if entry.builtin] == ["greeting", "okay", "goodbye"]


HEADER = """knowledge_base:
  title: 图书馆
  language: zh-CN
  version: "1"
  smalltalk: {value}
fallback: 答不上来。
entries:
  - id: lost
    question: 书丢了怎么办
    alternates: [书弄丢了]
    answer: 按书价赔偿。
"""


@pytest.mark.parametrize(("value", "replies", "status"), [
    ("false", "答不上来。", 0), ("true", "您好！请直接输入您的问题。", 0), ('"no"', None, 2)])
def test_the_header_switches_it_off(tmp_path, capsys, value: str, replies: str | None, status: int) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(HEADER.format(value=value), encoding="utf-8")
    assert main(["check", str(path)]) == status
    out, err = capsys.readouterr()
    if status:
        assert "smalltalk must be true or false" in err
        return
    assert ("4 small talk built in" in out) == (value == "true")
    assert main(["--kb", str(path), "ask", "你好"]) == 0
    assert capsys.readouterr().out.strip() == replies


def test_the_protocol_tells_built_in_entries_apart() -> None:
    greeting = BARE.get("greeting")
    assert greeting is not None and entry_data(greeting, BARE)["builtin"] is True
    assert entry_data(BARE.entries[0], BARE)["builtin"] is False


GYM = Matcher(load_knowledge(REPO / "tests" / "eval" / "small-bases" / "gym.yaml"))
"""Declares its own small talk: hello (你好, 在吗, 有人吗) and thanks (谢谢, 好的谢谢), no goodbye."""


@pytest.mark.parametrize(("said", "entry_id"), [
    ("您好", "hello"), ("嗨", "hello"), ("你好", "hello"), ("在吗", "hello"),
    ("多谢", "thanks"), ("感谢", "thanks"), ("太感谢了", "thanks"), ("谢谢你", "thanks"), ("谢啦", "thanks"),
])
def test_a_bases_own_small_talk_is_reached_by_the_built_in_phrasings_of_its_intent(said: str, entry_id: str) -> None:
    # hello is the greeting by its question (你好, the built-in greeting's), thanks by its id
    reply = GYM.reply(said)
    assert (reply.status, reply.entry.id if reply.entry else None) == ("answer", entry_id)
    assert reply.entry is not None and not reply.entry.builtin


def test_an_intent_the_base_does_not_declare_is_not_added() -> None:
    assert GYM.reply("拜拜").status == "none"  # gym.yaml declares no goodbye
    assert not any(entry.builtin for entry in GYM.knowledge.entries)


OWN_SMALL_TALK = """knowledge_base:
  title: 图书馆
  language: zh-CN
  version: "1"
fallback: 答不上来。
smalltalk:
  - id: hi
    question: 你好
    answer: 你好，想借什么书？
  - id: here
    question: 在吗
    answer: 在的，请问。
  - id: goodbye
    question: 回头见
    answer: 欢迎再来。
  - id: weather
    question: 今天天气真好
    answer: 是啊。
entries:
  - id: lost
    question: 书丢了怎么办
    answer: 按书价赔偿。
"""


def test_built_in_phrasings_go_by_id_or_question_and_never_take_a_phrasing_of_the_base(tmp_path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(OWN_SMALL_TALK, encoding="utf-8")
    knowledge = load_knowledge(path)
    alternates = {entry.id: entry.heard for entry in knowledge.entries if entry.smalltalk}
    assert not any(entry.alternates for entry in knowledge.entries)  # what the file writes, as it writes it
    # 你好 is the greeting's question: hi gets the greeting's other phrasings but 在吗, which here has its own entry
    assert alternates["hi"] == ("您好", "嗨", "哈喽", "hello", "hi")
    assert alternates["here"] == ()  # 在吗 is a phrasing of the greeting, not its question
    assert alternates["goodbye"] == ("再见", "拜拜", "bye", "好的再见")  # by its id
    assert alternates["weather"] == ()  # no intent of the built-in small talk
    matcher = Matcher(knowledge)
    assert [matcher.reply(said).entry.id for said in ("您好", "在吗", "拜拜")] == [  # type: ignore[union-attr]
        "hi", "here", "goodbye"]


GYM_UNHEARD = Matcher(replace(GYM.knowledge,
                              entries=tuple(replace(entry, heard=()) for entry in GYM.knowledge.entries)))


@pytest.mark.parametrize("question", ["健身房几点开门", "办卡多少钱", "可以洗澡吗", "感谢信寄到哪", "你好，有储物柜吗",
                                      "私教课可以取消吗", "有没有游泳池", "好的，那几点关门"])
def test_the_phrasings_given_change_nothing_in_how_the_bases_entries_are_matched(question: str) -> None:
    # the same reply (感谢信寄到哪 gets the fallback either way, closest now to thanks, which writes 感谢) and the
    # same scores of the base's entries
    with_them, without = GYM.reply(question), GYM_UNHEARD.reply(question)
    assert (with_them.status, with_them.answer) == (without.status, without.answer)
    assert [(m.id, m.score) for m in GYM.search(question, smalltalk=False)] == [
        (m.id, m.score) for m in GYM_UNHEARD.search(question, smalltalk=False)]
