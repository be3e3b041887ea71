"""`assistant learn`: a question becomes an alternate (or an out-of-scope question) with a diff of exactly that
item, in the file's own style; a refused edit leaves every byte as it was."""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant import Matcher, load_knowledge
from assistant.cli import main
from assistant.errors import LearnError
from assistant.knowledge import bundled_knowledge_path
from assistant.learn import add_alternate, add_out_of_scope, installed
from assistant.miss_review import Decision, Review, review_misses
from assistant.misses import read_misses

HEAD = ("knowledge_base:\n  title: 测试\n  language: zh-CN\n  version: \"1\"\n  sources:\n"
        "    - file: doc.txt\n      title: 文档\nfallback: 不知道。\n")


def kb(entries: str, head: str = HEAD) -> str:
    return head + "entries:\n" + entries


BLOCK = kb("""\
  # 客服相关
  - id: hotline
    question: 客服电话是多少？
    alternates:
      - 客服热线   # 最常见的问法
      - 人工客服电话
    # 下面是答案
    answer: 打 400。
    source: {document: doc.txt, section: 一}

  - id: hours
    question: 客服几点上班？
    alternates: [客服工作时间, 几点能打通]
    answer: 全天。
    source: {document: doc.txt, section: 二}
""")

# (name, file text, question, entry, the line(s) the diff adds and removes)
CASES = [
    ("block list with comments", BLOCK, "怎么联系客服", "hotline",
     ["+      - 怎么联系客服"]),
    ("flow list", BLOCK, "什么时候有人接", "hours",
     ["-    alternates: [客服工作时间, 几点能打通]", "+    alternates: [客服工作时间, 几点能打通, 什么时候有人接]"]),
    ("a question that needs quotes in a plain list", BLOCK, "客服: 电话多少", "hotline",
     ["+      - '客服: 电话多少'"]),
    ("a comma in a flow list", BLOCK, "客服,几点", "hours",
     ["-    alternates: [客服工作时间, 几点能打通]", "+    alternates: [客服工作时间, 几点能打通, '客服,几点']"]),
    ("double-quoted items", kb('''\
- id: a
  question: "问题？"
  alternates:
  - "问法一"
  - "问法二"
  answer: "答案。"
  source: {document: doc.txt, section: 一}
'''), "又一个问法", "a", ['+  - "又一个问法"']),
    ("single-quoted items, four-space indentation", kb("""\
    -   id: a
        question: 问题
        alternates:
            - '问法一'
            - '问法''二'
        answer: 答案。
        source: {document: doc.txt, section: 一}
"""), "问法三", "a", ["+            - '问法三'"]),
    ("flow list over several lines", kb("""\
  - id: a
    question: 问题
    alternates: [
      问法一,
      问法二
    ]
    answer: 答案。
    source: {document: doc.txt, section: 一}
"""), "问法三", "a", ["-      问法二", "+      问法二,", "+      问法三"]),
    ("empty flow list", kb("""\
  - id: a
    question: 问题
    alternates: []
    answer: 答案。
    source: {document: doc.txt, section: 一}
"""), "问法", "a", ["-    alternates: []", "+    alternates: [问法]"]),
    ("no alternates field", kb("""\
  - id: a
    question: 问题
    answer: 答案。
    source: {document: doc.txt, section: 一}
"""), "问法", "a", ["+    alternates: [问法]"]),
    ("an empty alternates field", kb("""\
  - id: a
    question: 问题
    alternates:
    answer: 答案。
    source: {document: doc.txt, section: 一}
"""), "问法", "a", ["-    alternates:", "+    alternates: [问法]"]),
    ("an empty alternates field with a comment", kb("""\
  - id: a
    question: 问题
    alternates:   # 还没有
    answer: 答案。
    source: {document: doc.txt, section: 一}
"""), "问法", "a", ["-    alternates:   # 还没有", "+    alternates: [问法]   # 还没有"]),
    ("alternates: null with a comment", kb("""\
  - id: a
    question: 问题
    alternates: null # 以后补
    answer: 答案。
    source: {document: doc.txt, section: 一}
"""), "问法", "a", ["-    alternates: null # 以后补", "+    alternates: [问法] # 以后补"]),
    ("an entry written as a flow mapping", kb("  - {id: a, question: 问题, answer: 答案。, source: {document: doc.txt, "
                                               "section: 一}}  # 注释\n"), "问法", "a",
     ["-  - {id: a, question: 问题, answer: 答案。, source: {document: doc.txt, section: 一}}  # 注释",
      "+  - {id: a, question: 问题, answer: 答案。, source: {document: doc.txt, section: 一}, alternates: [问法]}"
      "  # 注释"]),
    ("a bare list of flow mappings",
     "- {question: 几点开门？, answer: 九点。}\n- {question: 可以刷卡吗？, answer: 可以。 }\n",
     "能不能用信用卡", "ke-yi-shua-ka-ma-53ea1e",
     ["-- {question: 可以刷卡吗？, answer: 可以。 }",
      "+- {question: 可以刷卡吗？, answer: 可以。, alternates: [能不能用信用卡] }"]),
    ("a flow mapping over several lines", "- {question: 几点开门？,\n   answer: 九点。\n  }\n", "营业时间, 周末",
     "ji-dian-kai-men-3f2596", ["-   answer: 九点。", "+   answer: 九点。, alternates: ['营业时间, 周末']"]),
    ("small talk", kb("  - id: a\n    question: 问题\n    alternates: [问法]\n    answer: 答案。\n"
                      "    source: {document: doc.txt, section: 一}\n")
     + "smalltalk:\n  - id: hi\n    question: 你好\n    alternates:\n      - 您好\n    answer: 你好！\n",
     "哈喽", "hi", ["+      - 哈喽"]),
    ("no line break at the end", kb("""\
  - id: a
    question: 问题
    answer: 答案。
    source: {document: doc.txt, section: 一}
    alternates:
      - 问法一""").rstrip("\n"), "问法二", "a", ["+      - 问法二"]),
    ("a question pasted with its line end", kb("  - id: a\n    question: 问题\n    alternates: [问法]\n"
                                              "    answer: 答案。\n    source: {document: doc.txt, section: 一}\n"),
     "\n问法二\r\n", "a",
     ["-    alternates: [问法]", "+    alternates: [问法, 问法二]"]),
]


def diff(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize(("text", "question", "entry", "changed"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
@pytest.mark.parametrize("encoding", ["lf", "crlf", "bom", "bom+crlf"])
def test_learn_changes_only_the_new_alternate(tmp_path: Path, text: str, question: str, entry: str,
                                              changed: list[str], encoding: str) -> None:
    if "crlf" in encoding:
        text = text.replace("\n", "\r\n")
    raw = (b"\xef\xbb\xbf" if "bom" in encoding else b"") + text.encode("utf-8")
    path = tmp_path / "kb.yaml"
    path.write_bytes(raw)
    learned = add_alternate(question, entry, path)
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") == ("bom" in encoding)
    decoded = after.decode("utf-8-sig")
    if "crlf" in encoding:
        assert decoded.count("\r\n") == decoded.count("\n")  # every line break is still CRLF
    assert diff(text.removeprefix("\ufeff").replace("\r\n", "\n"), decoded.replace("\r\n", "\n")) == changed
    assert question.strip() in decoded.splitlines()[learned.line - 1]
    assert load_knowledge(path).get(entry).alternates[-1] == question.strip()  # type: ignore[union-attr]


def test_learn_on_a_folder_edits_the_file_that_defines_the_entry(tmp_path: Path) -> None:
    (tmp_path / "00-head.yaml").write_text(HEAD, encoding="utf-8")
    body = BLOCK.removeprefix(HEAD)
    (tmp_path / "10-entries.yaml").write_text(body, encoding="utf-8")
    learned = add_alternate("怎么联系客服", "hotline", tmp_path)
    assert learned.file == str(tmp_path / "10-entries.yaml")
    assert (tmp_path / "00-head.yaml").read_text(encoding="utf-8") == HEAD
    assert diff(body, (tmp_path / "10-entries.yaml").read_text(encoding="utf-8")) == ["+      - 怎么联系客服"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_learn_keeps_the_permissions_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    path.chmod(0o640)
    add_alternate("怎么联系客服", "hotline", path)
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb.yaml"]


@pytest.mark.parametrize(("text", "question", "entry", "message"), [
    (BLOCK, "客服工作时间", "hotline", "'客服工作时间' is already a phrasing of entry 'hours'"),
    (BLOCK, "客服热线！", "hotline", "'客服热线！' is already a phrasing of entry 'hotline'"),
    (BLOCK, "怎么联系客服", "hotlin", "no entry with id 'hotlin' in"),
    (BLOCK, "怎么联系客服", "hotlin", "did you mean 'hotline'?"),
    (BLOCK, "  ", "hotline", "the question is empty"),
    (BLOCK, "带\x1b[31m控制字符", "hotline", "control character U+001B"),
    (BLOCK, "怎么联系\n客服", "hotline", "the question holds a line break: give one question, on one line"),
    (BLOCK, "怎么联系客服\r\n人工电话\n", "hotline", "the question holds a line break"),
    (BLOCK.replace("answer: 全天。", "answer: 全天。\n    answr: 多余"), "怎么联系客服", "hotline",
     "unknown field 'answr'"),
    (BLOCK.replace("[客服工作时间, 几点能打通]", "[客服工作时间, 几点能打通"), "怎么联系客服", "hotline",
     "kb.yaml:22:17: invalid YAML: the '[' opened here is not closed before line 23"),   # as check says it
    (BLOCK.replace("    answer: 全天。", "\tanswer: 全天。"), "怎么联系客服", "hotline",
     "kb.yaml:23:1: invalid YAML: a tab in the indentation: indent with spaces only"),
    (kb("  - id: a\n    question: 问题\n    alternates: &shared\n      - 问法\n    answer: 答案。\n"
        "    source: {document: doc.txt, section: 一}\n  - id: b\n    question: 另一个\n    alternates: *shared\n"
        "    answer: 答。\n    source: {document: doc.txt, section: 二}\n"), "新问法", "a",
     "kb.yaml:14: the edit would change more than the new item"),              # a list an alias repeats
    ("- question: 几点开门？\n  answer: 每天九点。\n", "你好！", "ji-dian-kai-men-3f2596",
     "'你好！' is already a phrasing of entry 'greeting' (built-in small talk) once normalized"),  # in no file
    # a bare list's ids are made by the loader: with an error in another item, that error, not 'no entry with id'
    ("- question: 几点开门？\n  answer: 每天九点。\n- question: 有停车位吗？\n", "什么时候开门",
     "ji-dian-kai-men-3f2596", "kb.yaml:3: [you-ting-che-wei-ma-2760fc] missing field 'answer': add it (run "
                               "'assistant check': a knowledge base with errors is not edited)"),
    ("- id: a\n  question: 几点开门？\n  alternates: 什么时候营业\n  answer: 每天九点。\n", "什么时候开门", "a",
     "kb.yaml:3: [a] field 'alternates' must be a list"),
    # an entry's question given for its id, as a bare list's author would (its ids are made up): the id named
    ("- question: 几点开门？\n  answer: 每天九点。\n", "什么时候开门", "几点开门",
     "kb.yaml: that is a phrasing of entry 'ji-dian-kai-men-3f2596', not an id: give its id ('assistant check --ids' "
     "lists them)"),
    (BLOCK, "怎么联系客服", "客服热线", "that is a phrasing of entry 'hotline', not an id"),
], ids=["another entry's alternate", "already this entry's", "unknown id", "did you mean", "empty question",
        "control character", "a line break", "two lines", "a base with errors already", "a YAML syntax error",
        "a tab", "an alias", "built-in small talk's", "a bare list with errors", "a bare list's entry with errors",
        "a question for its id", "an alternate for its id"])
@pytest.mark.parametrize("encoding", ["lf", "bom+crlf"])
def test_a_refused_learn_leaves_the_bytes_identical(tmp_path: Path, text: str, question: str, entry: str,
                                                    message: str, encoding: str) -> None:
    if encoding != "lf":
        text = "\ufeff" + text.replace("\n", "\r\n")
    path = tmp_path / "kb.yaml"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(LearnError, match=re.escape(message)):
        add_alternate(question, entry, path)
    assert path.read_bytes() == text.encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb.yaml"]


@pytest.mark.parametrize(("raw", "message"), [
    (BLOCK.encode("utf-8") + b"# caf\xe9\n", r"kb\.yaml:25: not UTF-8 text \(byte 0xe9\): save the file as UTF-8"),
    (BLOCK.encode("utf-16"), r"kb\.yaml: UTF-16 text \(it opens with UTF-16's byte-order mark\): save the file as "
                             r"UTF-8"),
], ids=["a Latin-1 byte", "UTF-16"])
def test_learn_on_a_file_that_is_not_utf8_says_so_as_check_does(tmp_path: Path, raw: bytes, message: str,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "kb.yaml"
    path.write_bytes(raw)
    with pytest.raises(LearnError, match=message):
        add_alternate("怎么联系客服", "hotline", path)
    with pytest.raises(LearnError, match=message):
        add_out_of_scope("花呗逾期怎么办", path)
    assert main(["--kb", str(path), "learn", "怎么联系客服", "--entry", "hotline"]) == 2
    err = capsys.readouterr().err
    assert re.search(message, err) and err.count("\n") == 1 and "Traceback" not in err
    assert path.read_bytes() == raw and sorted(p.name for p in tmp_path.iterdir()) == ["kb.yaml"]


BARE = "- question: 几点开门？\n  answer: 每天九点。\n- question: 可以刷卡吗？\n  answer: 可以。\n"

# (file text, question, entry asked for, entry it is a phrasing of, the line of that phrasing in kb.yaml)
PHRASING_LINES = [
    (BLOCK, "客服热线！", "hotline", "hotline", 14),          # an alternate of a block list, the entry's own
    (BLOCK, "人工客服电话", "hours", "hotline", 15),
    (BLOCK, "客服电话是多少", "hours", "hotline", 12),         # the question
    (BLOCK, "几点能打通？", "hotline", "hours", 22),           # an item of a flow list
    (BARE + "  alternates:\n    - 能不能刷卡\n", "能不能刷卡", "ji-dian-kai-men-3f2596", "ke-yi-shua-ka-ma-",
     6),                                                       # a bare list's
]


@pytest.mark.parametrize(("text", "question", "entry", "owner", "line"), PHRASING_LINES)
def test_a_question_already_a_phrasing_is_refused_naming_the_line_of_that_phrasing(
        tmp_path: Path, text: str, question: str, entry: str, owner: str, line: int) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LearnError, match=re.escape(f"is already a phrasing of entry '{owner}") + r"[0-9a-f]*' \("
                       + re.escape(f"{path}:{line})")):
        add_alternate(question, entry, path)
    assert path.read_text(encoding="utf-8") == text


def test_out_of_scope_in_a_bare_list_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text(BARE, encoding="utf-8")
    with pytest.raises(LearnError, match=r"faq\.yaml is a bare list of questions and answers: it has no "
                                         r"'out_of_scope' list to add to \(.*'out_of_scope:'"):
        add_out_of_scope("你们卖咖啡吗", path)
    assert path.read_text(encoding="utf-8") == BARE and sorted(p.name for p in tmp_path.iterdir()) == ["faq.yaml"]


def test_out_of_scope_in_a_folder_goes_to_a_file_that_can_hold_it_not_to_a_bare_list(tmp_path: Path) -> None:
    (tmp_path / "00-faq.yaml").write_text(BARE, encoding="utf-8")
    (tmp_path / "10-more.yaml").write_text("synonyms:\n  刷卡: [划卡]\n", encoding="utf-8")
    learned = add_out_of_scope("你们卖咖啡吗", tmp_path)
    assert learned.file == str(tmp_path / "10-more.yaml")
    assert (tmp_path / "00-faq.yaml").read_text(encoding="utf-8") == BARE
    assert load_knowledge(tmp_path).out_of_scope == ("你们卖咖啡吗",)


def test_built_in_small_talk_is_not_made_out_of_scope_and_is_named_as_built_in(tmp_path: Path) -> None:
    (tmp_path / "00-faq.yaml").write_text(BARE, encoding="utf-8")
    (tmp_path / "10-more.yaml").write_text("synonyms:\n  刷卡: [划卡]\n", encoding="utf-8")
    with pytest.raises(LearnError, match=re.escape("'谢谢' is a phrasing of entry 'thanks' (built-in small talk) once "
                                                   "normalized: a question the base answers cannot be out of scope")):
        add_out_of_scope("谢谢", tmp_path)
    assert (tmp_path / "10-more.yaml").read_text(encoding="utf-8") == "synonyms:\n  刷卡: [划卡]\n"


def test_learn_in_a_folder_without_yaml_says_so_not_that_the_id_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("客服电话是多少？", encoding="utf-8")
    with pytest.raises(LearnError, match=f"^{re.escape(str(tmp_path))}: folder holds no .yaml or .yml files"):
        add_alternate("怎么联系客服", "hotline", tmp_path)
    with pytest.raises(LearnError, match=f"^{re.escape(str(tmp_path))}: folder holds no .yaml or .yml files"):
        add_out_of_scope("花呗逾期怎么办", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize(("text", "changed"), [
    (BLOCK + "out_of_scope:\n  - 借呗怎么还  # 别家\n", ["+  - 花呗逾期怎么办"]),
    (BLOCK + "out_of_scope: [借呗怎么还]\n",
     ["-out_of_scope: [借呗怎么还]", "+out_of_scope: [借呗怎么还, 花呗逾期怎么办]"]),
    (BLOCK, ["+out_of_scope:", "+  - 花呗逾期怎么办"]),
], ids=["block list", "flow list", "no list yet"])
def test_out_of_scope_adds_the_question_to_the_bases_list(tmp_path: Path, text: str, changed: list[str]) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(text, encoding="utf-8")
    learned = add_out_of_scope("花呗逾期怎么办", path)
    after = path.read_text(encoding="utf-8")
    assert diff(text, after) == changed
    assert "花呗逾期怎么办" in after.splitlines()[learned.line - 1]
    assert load_knowledge(path).out_of_scope[-1] == "花呗逾期怎么办"
    with pytest.raises(LearnError, match="already listed"):
        add_out_of_scope("花呗逾期怎么办", path)
    assert path.read_text(encoding="utf-8") == after


def test_review_applies_each_decision_and_passes_over_what_is_answered_by_then(tmp_path: Path) -> None:
    from assistant.misses import MissSummary

    path = tmp_path / "kb.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    misses = [MissSummary("怎么跟客服联系上", 3, "none", None), MissSummary("怎么跟客服联系上", 1, "none", None),
              MissSummary("花呗逾期了怎么办", 2, "none", None), MissSummary("今天天气", 1, "none", None),
              MissSummary("客服工作时间", 1, "clarify", None), MissSummary("退款多久到账", 1, "none", None),
              MissSummary("最后一个", 1, "none", None), MissSummary("不会问到这里", 1, "none", None)]
    choices = iter([Decision("learn", "hotline"), Decision("out_of_scope"), Decision("skip"),
                    Decision("learn", "hotlin"), Decision("stop")])
    shown: list[Review] = []

    def decide(review: Review) -> Decision:
        shown.append(review)
        return next(choices)

    outcomes = review_misses(misses, decide, path)
    assert [o.review.query for o in outcomes] == ["怎么跟客服联系上", "怎么跟客服联系上", "花呗逾期了怎么办",
                                                  "今天天气", "客服工作时间", "退款多久到账"]
    assert outcomes[0].learned is not None and outcomes[0].learned.entry_id == "hotline"
    assert outcomes[1].answered_by == "hotline" and outcomes[1].decision is None
    assert outcomes[2].learned is not None and outcomes[2].learned.entry_id is None
    assert outcomes[3].learned is None and outcomes[3].error is None
    assert outcomes[4].answered_by == "hours"  # one of its alternates: the log is older than the base
    assert outcomes[5].error is not None and "did you mean 'hotline'?" in outcomes[5].error
    assert {match.id for match in shown[0].candidates} == {"hotline", "hours"}
    assert all(0 < match.score < 100 for match in shown[0].candidates)
    knowledge = load_knowledge(path)
    assert knowledge.get("hotline").alternates[-1] == "怎么跟客服联系上"  # type: ignore[union-attr]
    assert knowledge.out_of_scope == ("花呗逾期了怎么办",)
    again = review_misses(misses[:3], decide, path)  # the same log once more: nothing left to ask
    assert [(o.answered_by, o.listed) for o in again] == [("hotline", False), ("hotline", False), (None, True)]


@pytest.mark.parametrize(("text", "warned"), [
    ("怎么联系上客服", False),            # answered by the entry once added: nothing to say
    ("京东金融的客服电话是多少", False),   # another lender's name, but the entry's own phrasing now: answered
])
def test_learn_warns_when_the_entry_still_does_not_answer_the_question_added(tmp_path: Path, text: str,
                                                                             warned: bool) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    learned = add_alternate(text, "hotline", path)
    reply = Matcher(load_knowledge(path)).reply(text)
    assert reply.match is not None and reply.match.id == "hotline"
    assert (reply.status != "answer") is warned  # the case is what its row says
    still = [w for w in learned.warnings if "still gets" in w]
    assert len(still) == warned
    if warned:
        assert still[0].startswith(f"{path}:{learned.line}: [hotline] warning: '{text}' still gets the fallback")
    assert load_knowledge(path).get("hotline").alternates[-1] == text  # type: ignore[union-attr]


def test_ctrl_c_after_the_file_is_written_still_returns_what_was_added(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    asked = 0
    reply = Matcher.reply

    def interrupted_after_the_write(self: Matcher, text: str, previous: str | None = None) -> object:
        nonlocal asked
        asked += 1
        if asked == 2:  # the first reads the base before the edit; the second, the base as written
            raise KeyboardInterrupt
        return reply(self, text, previous=previous)

    monkeypatch.setattr(Matcher, "reply", interrupted_after_the_write)
    learned = add_alternate("怎么联系上客服", "hotline", path)
    assert asked == 2 and learned.text == "怎么联系上客服"
    assert load_knowledge(path).get("hotline").alternates[-1] == "怎么联系上客服"  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["？？？", "、", "😭😭"])
def test_a_question_with_nothing_to_match_is_refused_with_the_bytes_identical(tmp_path: Path, text: str) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    for add in (lambda: add_alternate(text, "hotline", path), lambda: add_out_of_scope(text, path)):
        with pytest.raises(LearnError, match="holds nothing to match"):
            add()
    assert path.read_text(encoding="utf-8") == BLOCK


def test_a_phrasing_of_an_entry_cannot_be_listed_out_of_scope(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    with pytest.raises(LearnError, match=r"is a phrasing of entry 'hours' .* cannot be out of scope too"):
        add_out_of_scope("客服工作时间？", path)
    assert path.read_text(encoding="utf-8") == BLOCK


def test_the_review_passes_over_what_it_cannot_teach(tmp_path: Path) -> None:
    from assistant.misses import MissSummary

    path = tmp_path / "kb.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    add_alternate("京东金融的客服电话是多少", "hotline", path)  # logged when held back; a phrasing now, answered
    misses = [MissSummary("京东金融的客服电话是多少", 2, "none", "hotline"), MissSummary("？？？", 1, "none", None),
              MissSummary("怎么跟客服联系上", 1, "none", None)]
    shown: list[str] = []

    def decide(review: Review) -> Decision:
        shown.append(review.query)
        return Decision("skip")

    outcomes = review_misses(misses, decide, path)
    assert shown == ["怎么跟客服联系上"]  # the only one a choice can change
    assert [(o.answered_by, o.empty) for o in outcomes] == [("hotline", False), (None, True), (None, False)]


def write_misses(state: Path, records: list[dict[str, str]]) -> None:
    """Write ``records`` as the misses log in the state folder ``state`` (created)."""
    state.mkdir(parents=True, exist_ok=True)
    (state / "misses.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                        encoding="utf-8")


class Keyboard:
    """Standard input of a person who types ``answers``, a line each in order, then presses Ctrl-C."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)

    def readline(self) -> str:
        if self.answers:
            return self.answers.pop(0)
        raise KeyboardInterrupt

    def isatty(self) -> bool:
        return False


def run(*argv: str | Path, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *map(str, argv)], input=stdin, text=True,
                          capture_output=True, timeout=120, env={**os.environ, **(env or {})})


@pytest.mark.slow
def test_learn_on_a_copy_of_the_bundled_base_adds_one_line_and_answers_the_question(tmp_path: Path) -> None:
    question = "能不能再告诉我一遍客服的号码"
    copy = tmp_path / "kb"
    shutil.copytree(str(bundled_knowledge_path()), copy)
    before = {p.name: p.read_text(encoding="utf-8") for p in copy.glob("*.yaml")}
    assert json.loads(run("ask", "--json", "--kb", copy, question).stdout)["status"] != "answer"
    done = run("--kb", copy, "learn", question, "--entry", "hotline-number")
    assert done.returncode == 0, done.stderr
    changed = {name: diff(text, (copy / name).read_text(encoding="utf-8")) for name, text in before.items()}
    assert [lines for lines in changed.values() if lines] == [[f"+      - {question}"]]
    reply = json.loads(run("ask", "--json", "--kb", copy, question).stdout)
    assert (reply["status"], reply["id"]) == ("answer", "hotline-number")
    confusable = run("--kb", copy, "learn", "客服的号码是多少来着", "--entry", "hotline-steps")
    assert confusable.returncode == 0 and "warning: alternate '客服的号码是多少来着' is answered by " \
        "'hotline-number'" in confusable.stdout  # as `assistant check` now warns
    check = run("check", "--strict", copy)
    assert check.returncode == 1 and "'客服的号码是多少来着' is answered by 'hotline-number'" in check.stdout
    refused = run("--kb", copy, "learn", question, "--entry", "hotline-steps")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert "is already a phrasing of entry 'hotline-number'" in refused.stderr


@pytest.mark.parametrize(("argv", "message"), [
    (["learn", "问题"], "give the entry"),
    (["learn", "--entry", "hotline"], "give the QUESTION"),
    (["learn", "客服工作时间", "--entry", "hotline"], "already a phrasing of entry 'hours'"),
])
def test_learn_errors_are_one_line_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               argv: list[str], message: str) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    assert main(["--kb", str(path), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert path.read_text(encoding="utf-8") == BLOCK


@pytest.mark.parametrize(("argv", "message"), [
    (["learn", "怎么联系客服", "--entry", "hotline", "--entry", "hours"],
     "argument --entry: given twice ('hotline' and 'hours'): give it once (a question is added to one entry: learn "
     "it again for another)"),
    (["learn", "怎么联系客服", "--kb", "other.yaml"], "argument --kb: given twice"),
])
def test_an_option_given_twice_is_refused_not_the_last_one_silently(tmp_path: Path, argv: list[str],
                                                                     message: str) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    done = run("learn", "--kb", path, *argv[1:])
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"assistant learn: error: {message}") and done.stderr.count("\n") == 1
    assert path.read_text(encoding="utf-8") == BLOCK


def test_the_same_entry_given_twice_is_that_entry(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    done = run("learn", "--kb", path, "怎么找人工客服", "--entry", "hotline", "--entry", "hotline")
    assert done.returncode == 0, done.stderr


def test_learn_with_no_question_walks_the_misses_log_from_a_pipe(tmp_path: Path, state: Path,
                                                                 capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    path = tmp_path / "kb.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    write_misses(state, [{"query": "电话号码是啥", "status": "none"}] * 2
                 + [{"query": "花呗逾期了怎么办", "status": "none"}, {"query": "今天天气", "status": "none"}])
    assert [miss.query for miss in read_misses()] == ["电话号码是啥", "今天天气", "花呗逾期了怎么办"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\ns\no\n"))
    assert main(["--kb", str(path), "learn"]) == 0
    out = capsys.readouterr().out
    assert "1. hotline" in out and "2 changes made" in out
    knowledge = load_knowledge(path)
    assert knowledge.get("hotline").alternates[-1] == "电话号码是啥"  # type: ignore[union-attr]
    assert knowledge.out_of_scope == ("花呗逾期了怎么办",)
    assert Matcher(knowledge).reply("电话号码是啥").status == "answer"


@pytest.mark.parametrize("answer", ["\n", "s\n", "skip\n"])
def test_skipping_a_miss_in_the_review_says_it_was_skipped(tmp_path: Path, state: Path, answer: str,
                                                           capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    path = tmp_path / "kb.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    write_misses(state, [{"query": "今天天气", "status": "none"}])
    monkeypatch.setattr(sys, "stdin", io.StringIO(answer))
    assert main(["--kb", str(path), "learn"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "s/Enter skip" in out[-3]
    assert out[-2:] == ["  skipped: nothing changed, asked again at the next review", "0 changes made"]
    assert [miss.query for miss in read_misses()] == ["今天天气"]


def test_the_piped_review_says_why_it_passes_a_miss_over(tmp_path: Path, state: Path,
                                                         capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    path = tmp_path / "kb.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    add_alternate("京东金融的客服电话是多少", "hotline", path)
    write_misses(state, [{"query": "京东金融的客服电话是多少", "status": "none"},
                         {"query": "？？？", "status": "none"}])
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["--kb", str(path), "learn"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "京东金融的客服电话是多少: answered by hotline now, passed over" in out
    assert not [line for line in out if "？？？" in line]  # not even listed: nothing a choice could teach
    assert out[-1] == "0 changes made"


def test_an_answer_filling_the_terminal_review_prompts_line_leaves_no_blank_line(
        tmp_path: Path, state: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from chat_helpers import screen, string_output
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input

    terminal = io.StringIO()
    terminal.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stdin", terminal)
    path = tmp_path / "kb.yaml"

    def review(columns: int) -> list[str]:
        """The terminal's lines after picking hotline for the one miss, in a review ``columns`` wide."""
        path.write_text(BLOCK, encoding="utf-8")
        write_misses(state, [{"query": "电话号码是啥", "status": "none"}])
        output, written = string_output(columns=columns)
        with create_pipe_input() as keyboard, create_app_session(input=keyboard, output=output):
            keyboard.send_text("hotline\r")
            assert main(["--kb", str(path), "learn"]) == 0
        assert load_knowledge(path).get("hotline").alternates[-1] == "电话号码是啥"  # type: ignore[union-attr]
        return screen(written.getvalue(), columns=columns)

    line = review(200)[0]  # the prompt and the answer, which fill ...
    assert line.endswith(": hotline")
    assert review(len(line)) == [line, ""]  # ... this terminal's line exactly: the cursor is on the next one


def test_ctrl_c_in_the_review_says_what_was_saved_and_exits_130(
        tmp_path: Path, state: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    write_misses(state, [{"query": "电话号码是啥", "status": "none"}] * 2 + [{"query": "今天天气", "status": "none"}])

    monkeypatch.setattr(sys, "stdin", Keyboard("1\n"))  # answers the first question, then presses Ctrl-C
    assert main(["--kb", str(path), "learn"]) == 130
    out = capsys.readouterr().out
    assert out.endswith("\nstopped: 1 change made (saved)\n")
    assert load_knowledge(path).get("hotline").alternates[-1] == "电话号码是啥"  # type: ignore[union-attr]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb.yaml"]


def test_ctrl_c_at_the_first_question_says_nothing_changed_and_the_prompt_and_answer_fit_80_columns(
        tmp_path: Path, state: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from prompt_toolkit.utils import get_cwidth

    path = tmp_path / "kb.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    write_misses(state, [{"query": "电话号码是啥", "status": "none"}])

    monkeypatch.setattr(sys, "stdin", Keyboard())  # presses Ctrl-C at the first question
    assert main(["--kb", str(path), "learn"]) == 130
    out = capsys.readouterr().out
    assert out.endswith("\nstopped: nothing changed\n")   # not "0 changes made (saved)"
    prompt = next(line for line in out.splitlines() if "an entry's id: " in line)
    # with five listed too, and an answer typed after it: a line filled would leave a blank one after the answer
    assert get_cwidth(re.sub(r"^(1-\d|1) or ", "1-5 or ", prompt)) + len("skip") < 80
    assert path.read_text(encoding="utf-8") == BLOCK


def test_ctrl_c_while_the_review_reads_the_base_again_counts_the_change_written(
        tmp_path: Path, state: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    path = tmp_path / "kb.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    write_misses(state, [{"query": "电话号码是啥", "status": "none"}] * 2 + [{"query": "今天天气", "status": "none"}])
    build = Matcher.__init__

    def held_down(self: Matcher, *args: object, **kwargs: object) -> None:
        if "电话号码是啥" in path.read_text(encoding="utf-8"):  # Ctrl-C held down from the moment it is written
            raise KeyboardInterrupt
        build(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Matcher, "__init__", held_down)
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n"))
    assert main(["--kb", str(path), "learn"]) == 130
    out = capsys.readouterr().out
    assert "[hotline] added '电话号码是啥'" in out and out.endswith("\nstopped: 1 change made (saved)\n")


@pytest.mark.slow
def test_learns_run_at_the_same_moment_all_add_their_question(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    questions = [f"第{n}种联系客服的问法" for n in "一二三四五"]
    command = [sys.executable, "-m", "assistant", "--kb", str(path), "learn"]
    running = [subprocess.Popen([*command, question, "--entry", "hotline"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for question in questions]
    results = [(process.wait(120), process.stderr.read()) for process in running]  # type: ignore[union-attr]
    assert results == [(0, "")] * len(questions)
    added = load_knowledge(path).get("hotline").alternates[-len(questions):]  # type: ignore[union-attr]
    assert sorted(added) == sorted(questions)


def test_a_reply_the_review_does_not_know_is_answered_with_the_choices(
        tmp_path: Path, state: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    path = tmp_path / "kb.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    write_misses(state, [{"query": "电话号码是啥", "status": "none"}])
    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\nq\n"))
    assert main(["--kb", str(path), "learn"]) == 0
    captured = capsys.readouterr()
    candidates = len(re.findall(r"^  \d+\. ", captured.out, flags=re.M))
    numbers = "1" if candidates == 1 else f"1-{candidates}"   # one candidate: "1", not "1-1"
    assert candidates and f"\n{numbers} or an entry's id: add it there" in captured.out
    assert captured.err == f"  'yes' is none of these: type {numbers}, an entry's id, s, o or q\n"
    assert path.read_text(encoding="utf-8") == BLOCK


def test_the_review_takes_an_entry_id_for_an_entry_it_may_not_list(
        tmp_path: Path, state: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    path = tmp_path / "kb.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    write_misses(state, [{"query": "周末有人接吗", "status": "none"}])
    monkeypatch.setattr(sys, "stdin", io.StringIO("hour\nhours\n"))   # a typo, then the id
    assert main(["--kb", str(path), "learn"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "  'hour' is no entry's id: did you mean 'hours'?\n"   # and it asks again
    assert "[hours] added '周末有人接吗' to '客服几点上班？'" in captured.out and "1 change made" in captured.out
    assert load_knowledge(path).get("hours").alternates[-1] == "周末有人接吗"  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "strict", "status"), [
    (BLOCK, False, 0), (BLOCK, True, 1),  # BLOCK's entries have fewer than six alternates: warnings
    (kb("  - id: a\n    question: 问题\n    alternates: [一, 二, 三, 四, 五, 六]\n    answer: 答案。\n"
        "    source: {document: doc.txt, section: 一}\n"), True, 0),
])
def test_check_strict_exits_1_on_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str,
                                          strict: bool, status: int) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path), *(["--strict"] if strict else [])]) == status


# Text a person might type: letters, CJK, digits, punctuation and YAML's own indicators, spaces inside.
QUESTIONS = st.text(alphabet=st.sampled_from(list("客服电话abc 0129-:#,[]{}'\"!?&*|>%@`\\，？！")), min_size=1,
                    max_size=12)


@given(question=QUESTIONS, layout=st.sampled_from(["block", "flow"]), crlf=st.booleans())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_question_is_added_as_itself_or_refused_with_the_bytes_identical(
        tmp_path: Path, question: str, layout: str, crlf: bool) -> None:
    text = BLOCK if layout == "block" else BLOCK.replace(
        "    alternates:\n      - 客服热线   # 最常见的问法\n      - 人工客服电话\n",
        "    alternates: [客服热线, 人工客服电话]   # 最常见的问法\n")
    if crlf:
        text = text.replace("\n", "\r\n")
    path = tmp_path / "kb.yaml"
    path.write_bytes(text.encode("utf-8"))
    try:
        add_alternate(question, "hotline", path)
    except LearnError:
        assert path.read_bytes() == text.encode("utf-8")
        return
    after = path.read_bytes().decode("utf-8")
    changed = diff(text.replace("\r\n", "\n"), after.replace("\r\n", "\n"))
    assert len([line for line in changed if line.startswith("+")]) == 1
    assert len([line for line in changed if line.startswith("-")]) == (0 if layout == "block" else 1)
    assert after.count("\r\n") == (after.count("\n") if crlf else 0)
    assert load_knowledge(path).get("hotline").alternates[-1] == " ".join(question.split())  # type: ignore[union-attr]


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_learn_through_a_symbolic_link_edits_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text(BLOCK, encoding="utf-8")
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "kb.yaml").symlink_to(real)
    add_alternate("怎么联系客服", "hotline", tmp_path / "kb")
    assert (tmp_path / "kb" / "kb.yaml").is_symlink()
    assert diff(BLOCK, real.read_text(encoding="utf-8")) == ["+      - 怎么联系客服"]


def test_learn_refuses_to_edit_the_bundled_base_inside_an_installed_package() -> None:
    assert installed(Path(sys.prefix) / "lib" / "site-packages" / "assistant" / "data" / "knowledge")
    assert not installed(Path(__file__).resolve().parent.parent / "assistant" / "data" / "knowledge")
