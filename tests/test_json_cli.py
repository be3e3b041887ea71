"""``assistant ask``: one question as text or JSON; ``ask --json -``, a co-process another program keeps open.

The JSON object is the contract with bot authors: exactly these fields, with these types for each status.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, entry_yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import cli
from assistant.cli import main
from assistant.messages import ZH
from assistant.protocol import reply_data

ENGLISH_KB = REPO / "tests" / "english_kb.yaml"

FIELDS = {"query", "status", "answer", "fallback", "id", "question", "score", "source", "confidence",
          "held_back", "read_as", "suggestions", "follow_ups", "context", "text", "citations", "topic", "matches"}
NoneType = type(None)
Types = type | tuple[type, ...]

# status → the type every field must have for it (str | None written as (str, NoneType)).
TYPES: dict[str, dict[str, Types]] = {
    "answer": {"query": str, "status": str, "answer": str, "fallback": NoneType, "id": str, "question": str,
               "score": float, "source": (dict, NoneType), "confidence": float, "held_back": NoneType,
               "read_as": (str, NoneType), "suggestions": list, "follow_ups": list, "context": str, "text": str,
               "citations": list, "topic": (str, NoneType), "matches": list},
    "clarify": {"query": str, "status": str, "answer": NoneType, "fallback": NoneType, "id": str,
                "question": str, "score": float, "source": (dict, NoneType), "confidence": (float, NoneType),
                "held_back": (str, NoneType), "read_as": NoneType, "suggestions": list, "follow_ups": list,
                "context": (str, NoneType), "text": str, "citations": list, "topic": NoneType, "matches": list},
    "none": {"query": str, "status": str, "answer": NoneType, "fallback": str, "id": (str, NoneType),
             "question": (str, NoneType), "score": float, "source": (dict, NoneType), "confidence": NoneType,
             "held_back": (str, NoneType), "read_as": NoneType, "suggestions": list, "follow_ups": list,
             "context": (str, NoneType), "text": str, "citations": list, "topic": NoneType, "matches": list},
}


def check_shape(data: dict[str, Any]) -> None:
    """Assert that ``data`` is a reply object as the issue specifies it, for its status."""
    assert set(data) == FIELDS
    assert data["status"] in TYPES
    for name, kind in TYPES[data["status"]].items():
        assert isinstance(data[name], kind), (name, data[name])
    assert 0 <= data["score"] <= 100
    assert data["confidence"] is None or 0 <= data["confidence"] <= 1
    if data["source"] is not None:
        assert set(data["source"]) == {"document", "section"}
        assert all(isinstance(value, str) for value in data["source"].values())
    for suggestion in data["suggestions"]:
        assert set(suggestion) == {"id", "question", "score"}
        assert isinstance(suggestion["id"], str) and isinstance(suggestion["question"], str)
        assert isinstance(suggestion["score"], float) and 0 <= suggestion["score"] <= 100
    for follow_up in data["follow_ups"]:
        assert set(follow_up) == {"id", "question"}
        assert all(isinstance(value, str) for value in follow_up.values())
    for citation in data["citations"]:
        assert set(citation) == {"document", "section", "title"}
    if data["status"] == "clarify":
        assert data["suggestions"]
    else:
        assert data["suggestions"] == []
    if data["status"] == "answer":
        assert data["text"] == data["answer"] and data["context"] == data["id"]
        assert data["citations"][0] == {**data["source"], "title": data["citations"][0]["title"]}
    else:
        assert data["citations"] == [] and data["topic"] is None
    if data["id"] is None:
        assert data["question"] is None and data["source"] is None and data["score"] == 0.0


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return status, out, err


def run_process(*argv: str | Path, stdin: bytes = b"", env: dict[str, str] | None = None
                ) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "assistant", *map(str, argv)], input=stdin,
                          capture_output=True, timeout=60, env={**child_env(), **(env or {})})


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


@pytest.fixture
def twins(write_kb: Callable[..., Path]) -> Path:
    """Two entries a question can be equally close to: 怎么修改密码 must get "clarify"."""
    return write_kb("entries:\n"
                    + entry_yaml("login-password", "怎么修改登录密码", "在设置里改。", "登录密码忘了怎么改")
                    + entry_yaml("payment-password", "怎么修改支付密码", "在钱包里改。",
                                 "支付密码忘了怎么改"))


# -- one question, as text ------------------------------------------------------------------------------


@pytest.mark.parametrize(("question", "shown"), [
    ("微粒贷客服电话是多少", "400-999-8866"),                 # the answer …
    ("微粒贷客服电话是多少", "来源："),                       # … with its source,
    ("微粒贷客服电话是多少", "来源：如何查询微粒贷逾期后"),   # … named by the document's title, not its file
    ("asdfgh", "抱歉"),                                      # the fallback
])
def test_ask_prints_the_reply_as_text(capsys: pytest.CaptureFixture[str], question: str, shown: str) -> None:
    status, out, err = run_cli(capsys, "ask", question)
    assert (status, err) == (0, "")
    assert shown in out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=6).filter(lambda word: not word.startswith("-")), min_size=1, max_size=4))
def test_ask_with_no_option_is_read_as_argparse_reads_it(words: list[str]) -> None:
    # (read without argparse, which takes milliseconds to import and build)
    argv = ["ask", *words]
    assert vars(cli.plain_ask(argv)) == vars(cli.build_parser(argv).parse_args(argv))


@pytest.mark.parametrize("argv", [["ask"], ["ask", "--json", "x"], ["ask", "x", "-"], ["ask", "-5"], ["check", "x"],
                                  ["ask", "x", "--kb", "k.yaml"], ["--kb", "k.yaml", "ask", "x"], ["ask", "--", "x"]])
def test_any_other_command_line_is_left_to_argparse(argv: list[str]) -> None:
    assert cli.plain_ask(argv) is None


@pytest.mark.parametrize(("question", "held_back"), [("拍拍贷逾期了怎么办", "foreign"),
                                                    ("借呗逾期了怎么办", "declared")])
def test_ask_says_why_a_question_about_something_else_is_not_answered(
        capsys: pytest.CaptureFixture[str], bundled: Any, question: str, held_back: str) -> None:
    # As the chat and the piped chat say it: the fallback alone would not say that the question was understood.
    assert bundled.reply(question).held_back == held_back
    status, out, _ = run_cli(capsys, "ask", question)
    assert status == 0
    assert out.splitlines()[:2] == [ZH.not_covered.format(title=bundled.knowledge.title),
                                    bundled.knowledge.fallback.strip()]


def test_ask_prints_the_suggestions_when_unsure(capsys: pytest.CaptureFixture[str], twins: Path) -> None:
    status, out, _ = run_cli(capsys, "ask", "--kb", twins, "怎么修改密码")
    assert status == 0
    assert "您是不是想问" in out and "1. 怎么修改" in out and "2. 怎么修改" in out


# -- one question, as JSON ------------------------------------------------------------------------------


@pytest.mark.parametrize(("question", "status", "entry_id"), [
    ("微粒贷客服电话是多少", "answer", "hotline-number"),
    ("asdfgh", "none", None),
    ("!!!？？？", "none", None),
])
def test_ask_json_gives_one_object_with_the_fields_for_its_status(
        capsys: pytest.CaptureFixture[str], question: str, status: str, entry_id: str | None) -> None:
    code, out, err = run_cli(capsys, "ask", "--json", question)
    assert (code, err) == (0, "")
    assert out.count("\n") == 1
    data = json.loads(out)
    check_shape(data)
    assert (data["query"], data["status"], data["id"]) == (question, status, entry_id)


@pytest.mark.parametrize(("request_text", "status", "entry_id"), [
    ('{"q": "微粒贷逾期了该怎么办"}', "answer", "overdue-what-to-do"),
    ('{"q": "那延期呢？", "previous": "overdue-what-to-do"}', "answer", "extension-how"),  # read as a follow-up
    (' {"q": "asdfgh"}', "none", None),
])
def test_ask_json_reads_a_json_request_given_as_the_argument(
        capsys: pytest.CaptureFixture[str], request_text: str, status: str, entry_id: str | None) -> None:
    code, out, err = run_cli(capsys, "ask", "--json", request_text)
    assert (code, err) == (0, "")
    data = json.loads(out)
    check_shape(data)
    assert (data["query"], data["status"], data["id"]) == (json.loads(request_text)["q"], status, entry_id)


@pytest.mark.parametrize(("request_text", "error"), [
    ('{"q": 5}', "'q' must be a string (the question), not a number"),
    ('{"q": "x", "previous": "nope"}', "'previous': no entry with id 'nope'"),
    ('{"q": "x"', "not valid JSON"),
])
def test_ask_json_refuses_a_bad_request_argument_in_one_line(
        capsys: pytest.CaptureFixture[str], request_text: str, error: str) -> None:
    code, out, err = run_cli(capsys, "ask", "--json", request_text)
    assert (code, out) == (2, "")
    assert err.startswith("assistant: error: ") and error in err and err.count("\n") == 1


def test_ask_without_json_asks_a_braced_argument_as_a_question(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "ask", '{"q": "微粒贷客服电话是多少"}')
    assert code == 0 and "400-999-8866" in out


def test_ask_json_answer_carries_the_text_source_and_follow_ups(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(run_cli(capsys, "ask", "--json", "微粒贷客服电话是多少")[1])
    assert "400-999-8866" in data["answer"]
    assert data["source"]["document"].endswith(".txt") and data["source"]["section"]
    assert [f["id"] for f in data["follow_ups"]] == ["hotline-steps", "hotline-services"]


def test_ask_json_none_carries_the_fallback(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(run_cli(capsys, "ask", "--json", "asdfgh")[1])
    assert "400-999-8866" in data["fallback"]


def test_ask_json_clarify_lists_the_suggestions(capsys: pytest.CaptureFixture[str], twins: Path) -> None:
    data = json.loads(run_cli(capsys, "ask", "--json", "--kb", twins, "怎么修改密码")[1])
    check_shape(data)
    assert data["status"] == "clarify"
    assert {s["id"] for s in data["suggestions"]} == {"login-password", "payment-password"}
    assert data["id"] in {"login-password", "payment-password"}


def test_ask_json_is_the_library_reply_as_protocol_data(capsys: pytest.CaptureFixture[str], bundled: Any) -> None:
    for question in ("微粒贷客服电话是多少", "怎么还款", "asdfgh"):
        reply = bundled.reply(question)
        data = json.loads(run_cli(capsys, "ask", "--json", question)[1])
        assert data == reply_data(reply, bundled.knowledge)
        assert data.items() >= reply.to_dict().items()      # Reply.to_dict(), and more


def test_ask_json_writes_chinese_as_utf8_whatever_the_locale() -> None:
    result = run_process("ask", "--json", "微粒贷客服电话是多少", env={"PYTHONIOENCODING": "latin-1"})
    assert result.returncode == 0, result.stderr
    assert b"\\u" not in result.stdout
    assert "微粒贷客服电话是多少" in result.stdout.decode("utf-8")


# -- --kb and --threshold -------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["ask", "--json", "--kb", ENGLISH_KB, "When are you open on Sunday?"],
    ["--kb", ENGLISH_KB, "ask", "--json", "When are you open on Sunday?"],   # given before the command
])
def test_kb_chooses_the_knowledge_base(capsys: pytest.CaptureFixture[str], argv: list[str | Path]) -> None:
    status, out, _ = run_cli(capsys, *argv)
    assert status == 0
    data = json.loads(out)
    assert (data["status"], data["id"]) == ("answer", "opening-hours")
    assert data["source"] == {"document": "shop-policies.txt", "section": "Opening hours"}


@pytest.mark.parametrize(("argv", "status"), [
    (["ask", "--json", "微粒贷客服电话是多少号"], "answer"),                          # close enough
    (["ask", "--json", "--threshold", "100", "微粒贷客服电话是多少号"], "clarify"),  # now it is not …
    (["--threshold", "100", "ask", "--json", "微粒贷客服电话是多少号"], "clarify"),  # (option first)
    (["ask", "--json", "--threshold", "100", "微粒贷客服电话是多少"], "answer"),      # … but word for word is
])
def test_threshold_sets_the_score_needed_to_answer(capsys: pytest.CaptureFixture[str], argv: list[str],
                                                   status: str) -> None:
    code, out, _ = run_cli(capsys, *argv)
    data = json.loads(out)
    assert (code, data["status"], data["id"]) == (0, status, "hotline-number")


@pytest.mark.parametrize(("argv", "message"), [
    (["ask", "--threshold", "abc", "q"], "'abc' is not a number from 0 to 100"),
    (["ask", "--threshold", "150", "q"], "'150' is not a number from 0 to 100"),
    (["ask", "--threshold", "-1", "q"], "'-1' is not a number from 0 to 100"),
    (["ask", "--threshold", "nan", "q"], "'nan' is not a number from 0 to 100"),
    (["ask", "--kb", "/no/such/kb.yaml", "q"], "/no/such/kb.yaml"),
    (["ask", "--json", "--kb", "NOT-YAML", "q"], "each item of a list of questions must be a mapping"),
    (["ask", "--json", "--kb", "INVALID", "q"], "missing field 'source'"),
])
def test_bad_kb_or_threshold_is_a_one_line_error(capsys: pytest.CaptureFixture[str],
                                                 write_kb: Callable[..., Path], argv: list[str],
                                                 message: str) -> None:
    files = {"NOT-YAML": write_kb("- just\n- a list\n", header=False),
             "INVALID": write_kb("entries:\n  - id: x\n    question: 问\n    answer: 答\n"
                                 "    alternates: [问问]\n")}
    argv = [str(files.get(arg, arg)) for arg in argv]
    try:
        status, out, err = run_cli(capsys, *argv)
    except SystemExit as exit:  # argparse exits rather than returning
        status, (out, err) = int(exit.code or 0), capsys.readouterr()
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("assistant")
    assert message in err
    assert "Traceback" not in err


# -- ask --json - : a co-process --------------------------------------------------------------------------


class CoProcess:
    """``assistant ask --json -`` kept open: ``ask(line)`` writes one line and reads one object back."""

    def __init__(self, *options: str | Path) -> None:
        argv = [sys.executable, "-m", "assistant", "ask", "--json", *map(str, options), "-"]
        self.process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env=child_env())
        self.reader = ThreadPoolExecutor(1)

    def ask(self, line: bytes) -> dict[str, Any]:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(line + b"\n")
        self.process.stdin.flush()
        # A reply that never comes (not flushed) fails the test instead of hanging it.
        raw = self.reader.submit(self.process.stdout.readline).result(timeout=30)
        assert raw.endswith(b"\n")
        data: dict[str, Any] = json.loads(raw.decode("utf-8"))
        return data

    def close(self) -> tuple[int, bytes, bytes]:
        out, err = self.process.communicate(timeout=30)
        self.reader.shutdown()
        return self.process.returncode, out, err


@pytest.fixture
def coprocess() -> Iterator[CoProcess]:
    co = CoProcess()
    yield co
    if co.process.poll() is None:
        co.process.kill()
        co.process.wait()
    co.reader.shutdown()


def test_coprocess_answers_line_by_line_until_end_of_input(coprocess: CoProcess) -> None:
    conversation: list[tuple[bytes, str, str | None]] = [   # line written, status and id read back
        ("微粒贷客服电话是多少".encode(), "answer", "hotline-number"),
        (b"asdfgh", "none", None),
        ("微粒贷客服电话是多少\r".encode(), "answer", "hotline-number"),   # a CRLF line ending
        ("微粒贷客服电话是多少".encode(), "answer", "hotline-number"),
    ]
    for line, status, entry_id in conversation:
        data = coprocess.ask(line)
        check_shape(data)
        assert (data["status"], data["id"]) == (status, entry_id)
    assert coprocess.close() == (0, b"", b"")


def test_coprocess_reports_a_line_that_is_not_utf8_and_goes_on(coprocess: CoProcess) -> None:
    error = coprocess.ask(b"\xff\xfe bad bytes")
    assert set(error) >= {"error"} and "UTF-8" in error["error"]
    assert "status" not in error
    assert coprocess.ask("微粒贷客服电话是多少".encode())["id"] == "hotline-number"
    assert coprocess.ask(b"\xc3")["error"]                            # a cut multibyte character
    assert coprocess.ask(b"")["error"]
    status, out, _ = coprocess.close()
    assert (status, out) == (0, b"")


def test_coprocess_takes_kb_and_threshold() -> None:
    co = CoProcess("--kb", ENGLISH_KB, "--threshold", "100")
    try:
        assert co.ask(b"What are your opening hours?")["status"] == "answer"      # word for word
        assert co.ask(b"what r your opening hours")["status"] != "answer"
    finally:
        assert co.close()[0] == 0


def test_ask_dash_without_json_prints_text_and_errors_on_stderr() -> None:
    result = run_process("ask", "-", stdin="微粒贷客服电话是多少\n".encode() + b"\xff\nasdfgh\n")
    assert result.returncode == 0
    out = result.stdout.decode("utf-8")
    assert "400-999-8866" in out and "抱歉" in out
    assert result.stderr.decode().count("\n") == 1 and b"UTF-8" in result.stderr


# -- an empty question: nothing was asked, and every way in says so ----------------------------------------


@pytest.mark.parametrize("argv", [
    ["ask", ""], ["ask", "  "], ["ask", "\u3000"], ["ask", " ", " "],          # a full-width space is a space
    ["ask", "--json", ""], ["ask", "--json", " \t"],
    ["ask", "--json", '{"q": ""}'], ["ask", "--json", '{"q": " \u3000 "}'],
    ["why", ""], ["why", "  "],
])
def test_an_empty_question_is_a_one_line_error_with_exit_2(capsys: pytest.CaptureFixture[str],
                                                            argv: list[str]) -> None:
    status, out, err = run_cli(capsys, "--no-log", *argv)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("assistant: error: ") and "empty" in err


def test_ask_dash_skips_a_blank_line_saying_so_on_stderr() -> None:
    result = run_process("--no-log", "ask", "-", stdin="微粒贷客服电话是多少\n\n \u3000\n客服电话\n".encode())
    assert result.returncode == 0
    assert result.stdout.decode("utf-8").count("400-999-8866") == 2
    assert result.stderr.decode("utf-8") == ("assistant: error: line 2 is empty: no question to answer; skipped\n"
                                             "assistant: error: line 3 is empty: no question to answer; skipped\n")


# -- what a line of `ask --json -` is: a request as POST /ask reads one, or a plain question -------------

LINES = [   # line → None (a reply) or how its error begins ({"error": "line N: …", "line": N})
    ('{"q": "微粒贷客服电话是多少"}', None),
    ("微粒贷客服电话是多少", None),                                      # plain text: a question
    ("[图片] 微粒贷客服电话是多少", None),                                # opens with [ but is no JSON
    ('"微粒贷客服电话是多少"', None),                                    # a JSON string is text a user types
    ("2", None),                                                        # as is a number (a pick)
    ("[1, 2]", "the request must be a JSON object, not an array"),      # as POST /ask refuses it
    ('[{"q": "客服电话"}]', "the request must be a JSON object, not an array"),
    ('{"q": "客服电话"', "the request is not valid JSON"),               # a broken request is no question
    ('{"q": ""}', "'q' is empty"),                                      # as POST /ask refuses it
    ('{"q": "\u3000"}', "'q' is empty"),
    ("", "the line is empty"),
    ("  \t", "the line is empty"),
]


def test_a_line_is_a_request_exactly_when_http_would_read_one(coprocess: CoProcess) -> None:
    for number, (line, error) in enumerate(LINES, 1):
        data = coprocess.ask(line.encode("utf-8"))
        if error is None:
            check_shape(data)
        else:
            assert data["error"].startswith(f"line {number}: {error}") and data["line"] == number, data
    assert coprocess.close()[0] == 0


def test_a_broken_base_named_with_kb_is_checked_with_the_same_kb(capsys: pytest.CaptureFixture[str],
                                                                  tmp_path: Path) -> None:
    broken = tmp_path / "my faq.yaml"
    broken.write_text("knowledge_base: {title: t, language: zh, version: '1'}\nfallback: f\nentries:\n"
                      "  - {id: a, question: 问一, answer: 答一}\n  - {id: a, question: 问二, answer: 答二}\n"
                      "  - {id: b, question: 问三, answer: 答三, follow_ups: [nobody]}\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "--kb", str(broken), "ask", "问一")
    assert (code, out) == (2, "")
    assert f"run 'assistant check --kb '{broken}''" in err
