"""Nasty input through the command line: ``assistant ask``, the co-process mode ``assistant ask --json -``
and the piped chat ``echo … | assistant``. Every line gets its reply (or, for bytes that are not UTF-8, an
error object), in order, in bounded time; nothing from the input reaches the output as an escape sequence.
"""

from __future__ import annotations

import doctest
import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

from assistant import MAX_QUERY_CHARS, Matcher, cli
from assistant.conversation import Conversation
from assistant.lines import MAX_LINE_BYTES, bounded_lines
from assistant.normalize import shortened

# What must never appear in output made from these inputs: ESC, BEL, the 8-bit CSI and OSC, DEL, NUL.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")

NASTY_LINES: list[tuple[str, str]] = [
    # (a line as typed or piped, the status it gets, "empty" for nothing asked: an error, not a reply);
    # answered lines are kept apart, so that the piped chat does not read one as a follow-up to the other
    ("", "empty"),
    ("   \t  ", "empty"),
    ("？？！！。。……", "none"),
    ("\x1b[31m微粒贷客服电话\x1b[0m", "answer"),
    ("😀🙏👍🏽", "none"),
    ("微粒贷客服\x00电话", "answer"),
    ("\x1b[2J\x1b[H", "none"),
    ("\x01\x02微粒贷客服电话\x08", "answer"),
    ("\x1b]0;pwned\x07", "none"),
    ("مرحبا، كيف حالك؟", "none"),
    ("\u202e话电服客贷粒微", "none"),
]

LONG_LINE_WARNING = b"assistant: warning: line 1 is longer than 65536 bytes: only its first 65536 bytes were read\n"


def run(*args: str, input: bytes = b"", timeout: float = 30) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m assistant ARGS…`` as a user would, with its own empty state folder."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    env.pop("PYTHONWARNINGS", None)
    return subprocess.run([sys.executable, "-m", "assistant", *args], input=input, capture_output=True,
                          env=env, timeout=timeout)


def assert_inert(output: bytes) -> None:
    text = output.decode("utf-8")
    assert not RAW_CONTROL.search(text), RAW_CONTROL.findall(text)


# -- assistant ask "…" -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "status"), [case for case in NASTY_LINES if "\x00" not in case[0]])
def test_ask_answers_a_nasty_question_with_its_status(line: str, status: str, bundled: Matcher) -> None:
    done = run("ask", "--json", line)
    if status == "empty":
        assert (done.returncode, done.stdout) == (2, b"")
        assert done.stderr == b"assistant: error: the question is empty: assistant ask QUESTION\n"
        assert run("ask", line).stderr == done.stderr
        return
    assert (done.returncode, done.stderr) == (0, b"")
    reply = json.loads(done.stdout)
    assert reply["status"] == status
    assert reply["query"] == line
    assert_inert(done.stdout)
    plain = run("ask", line)
    assert (plain.returncode, plain.stderr) == (0, b"")
    assert_inert(plain.stdout)
    if status == "none":
        assert plain.stdout.decode("utf-8") == bundled.knowledge.fallback.strip() + "\n\n"


def test_ask_with_an_argument_that_is_not_utf8_replies_without_a_traceback(bundled: Matcher) -> None:
    # The shell passes the bytes; Python keeps them as lone surrogates, which the output replaces with '?'.
    done = subprocess.run([sys.executable, "-m", "assistant", "ask", "--json", os.fsdecode(b"\xff\xfe")],
                          capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=30)
    assert (done.returncode, done.stderr) == (0, b"")
    reply = json.loads(done.stdout)
    assert (reply["query"], reply["status"]) == ("??", "none")


def test_ask_with_a_120_kb_argument_is_answered_quickly() -> None:
    start = time.perf_counter()
    done = run("ask", "--json", "逾期" * 20_000)  # 120 KB: about the largest argument the system passes
    assert done.returncode == 0 and time.perf_counter() - start < 10
    assert json.loads(done.stdout)["status"] in ("answer", "clarify", "none")


# -- assistant ask --json - (the co-process mode) -----------------------------------------------------------


def test_the_co_process_answers_every_line_in_order_with_an_error_object_for_invalid_utf8() -> None:
    lines = [line.encode("utf-8") for line, _ in NASTY_LINES]
    lines.insert(3, b"\xff\xfe not UTF-8")
    lines.insert(6, "半个字符".encode()[:-1])  # a character cut in half
    done = run("ask", "--json", "-", input=b"\n".join(lines) + b"\n")
    assert (done.returncode, done.stderr) == (0, b"")
    assert_inert(done.stdout)
    objects = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(objects) == len(lines)
    assert objects[3] == {"error": "line 4 is not valid UTF-8 (byte 0xff); skipped", "line": 4}
    assert objects[6] == {"error": "line 7 is not valid UTF-8 (byte 0xe7); skipped", "line": 7}
    replies = [obj for index, obj in enumerate(objects) if index not in (3, 6)]
    assert [(reply.get("query", line), reply.get("status", "empty")) for reply, (line, _) in
            zip(replies, NASTY_LINES)] == NASTY_LINES
    assert all(reply["error"].endswith("the line is empty: send a question, or a JSON request such as "
                                       '{"q": "问题"}') for reply in replies if "error" in reply)


def test_the_co_process_cuts_a_megabyte_line_and_goes_on() -> None:
    huge = "逾期" * 500_000
    start = time.perf_counter()
    done = run("ask", "--json", "-", input=f"{huge}\n微粒贷客服电话\n".encode())
    assert time.perf_counter() - start < 10
    assert done.returncode == 0
    assert done.stderr == LONG_LINE_WARNING
    first, second = (json.loads(line) for line in done.stdout.decode("utf-8").splitlines())
    read = huge.encode()[:MAX_LINE_BYTES].decode(errors="ignore")  # the line's first 64 KiB, whole characters
    assert first["query"] == shortened(read, MAX_QUERY_CHARS * 4)  # their start and end
    assert first["status"] in ("clarify", "none", "answer")
    assert (second["status"], second["id"]) == ("answer", "hotline-number")


def test_the_co_process_reads_windows_line_ends_and_a_last_line_without_one() -> None:
    done = run("ask", "--json", "-", input="微粒贷客服电话\r\n\r\n你好".encode())
    objects = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [(obj.get("query"), obj.get("status", obj.get("error"))) for obj in objects] == [
        ("微粒贷客服电话", "answer"),
        (None, 'line 2: the line is empty: send a question, or a JSON request such as {"q": "问题"}'),
        ("你好", "answer")]


COMMANDS = "chat, ask, why, check, eval, serve, misses, learn"


@pytest.mark.parametrize(("args", "read"), [
    # a question opening with a dash no option can be followed by is the question, the options kept before it
    (["ask", "-逾期怎么办"], ["ask", "--", "-逾期怎么办"]),
    (["ask", "--json", "-逾期怎么办"], ["ask", "--json", "--", "-逾期怎么办"]),
    (["ask", "-逾期", "--kb", "my.yaml", "怎么办"], ["ask", "--kb", "my.yaml", "--", "-逾期", "怎么办"]),
    (["--kb", "my.yaml", "why", "-逾期", "--prev", "x"], ["--kb", "my.yaml", "why", "--prev", "x", "--", "-逾期"]),
    (["ask", "-3天了怎么办"], ["ask", "--", "-3天了怎么办"]),
    # left as typed: an option's shape (argparse says it is unknown), standard input, -- given, no question command
    (["ask", "逾期", "-x"], ["ask", "逾期", "-x"]),
    (["ask", "-"], ["ask", "-"]),
    (["ask", "--", "-逾期"], ["ask", "--", "-逾期"]),
    (["check", "-逾期"], ["check", "-逾期"]),
])
def test_a_question_opening_with_a_dash_is_read_as_the_question(args: list[str], read: list[str]) -> None:
    assert cli.dashed_question(args) == read


def test_ask_answers_a_question_typed_with_a_dash_before_it() -> None:
    done = run("ask", "--json", "-逾期怎么办")
    assert done.returncode == 0
    reply = json.loads(done.stdout)
    assert (reply["query"], reply["status"]) == ("-逾期怎么办", "answer")


def test_a_question_after_the_end_of_options_is_left_to_argparse() -> None:
    # `assistant -- ask 逾期` would not run either: no hint to run it.
    done = run("--", "逾期")
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode("utf-8").startswith("assistant: error: argument COMMAND: invalid choice: '--'")


@pytest.mark.parametrize(("args", "message"), [
    # a question typed where the command goes: how to ask it, with the options given before it
    (["微粒贷逾期了怎么办"], f"'微粒贷逾期了怎么办' is not a command ({COMMANDS}): to ask it, run: "
                           "assistant ask 微粒贷逾期了怎么办"),
    (["客服", "电话"], f"'客服' is not a command ({COMMANDS}): to ask it, run: assistant ask 客服 电话"),
    (["--kb", "my faq.yaml", "几点开门?"], f"'几点开门?' is not a command ({COMMANDS}): to ask it, run: "
                                        "assistant --kb 'my faq.yaml' ask '几点开门?'"),
    # a question opening with a dash no option can be, typed where the command goes: not an unknown option
    (["-逾期怎么办"], f"'-逾期怎么办' is not a command ({COMMANDS}): to ask it, run: assistant ask -逾期怎么办"),
    (["--no-log", "-3天了怎么办"], f"'-3天了怎么办' is not a command ({COMMANDS}): to ask it, run: "
                                 "assistant --no-log ask -3天了怎么办"),
    (["--no-log", "chekc"], "'chekc' is not a command: did you mean 'check'?"),   # a command misspelt
    (["serv", "--port", "80"], "'serv' is not a command: did you mean 'serve'?"),
    # the help of no command: what there is, or the command meant
    (["help", "nope"], f"'nope' is not a command ({COMMANDS}): 'assistant help' lists them"),
    (["help", "chek"], "'chek' is not a command: did you mean 'check'?"),
    (["help", "\x1b[2J"], f"'\\x1b[2J' is not a command ({COMMANDS}): 'assistant help' lists them"),
    # a question no shell quoting keeps on one line, or that would reach the terminal as an escape sequence
    (["逾期\n了"], f"'逾期\\n了' is not a command ({COMMANDS}): to ask it, put 'ask' before it"),
    (["\x1b[31m红"], f"'\\x1b[31m红' is not a command ({COMMANDS}): to ask it, put 'ask' before it"),
])
def test_a_word_that_is_no_command_gets_one_line_saying_what_to_run(args: list[str], message: str) -> None:
    done = run(*args)
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode("utf-8") == f"assistant: error: {message}\n"


@pytest.mark.parametrize(("args", "message"), [
    (["ask", "--jsn", "逾期"], "unrecognized arguments: --jsn: did you mean '--json'?"),         # a command's option
    (["--thresold=60", "ask", "逾期"], "unrecognized arguments: --thresold=60: did you mean '--threshold'?"),
    (["ask", "逾期", "--zzzzzz"], "unrecognized arguments: --zzzzzz"),                            # none close
    (["serve", "--workrs", "2"], "unrecognized arguments: --workrs 2: did you mean '--workers'?"),
    # another command's option is said to be one (not 'did you mean --version', nor '--json' itself)
    (["misses", "--json"], "unrecognized arguments: --json: --json is an option of ask, not of misses"),
    (["--no-log", "misses", "--json"], "unrecognized arguments: --json: --json is an option of ask, not of misses"),
    (["ask", "--entry", "x", "逾期"], "unrecognized arguments: --entry: --entry is an option of learn, not of ask"),
    # a mistyped option close to none of the command's own but to another command's: that one, and whose it is
    (["chat", "--jsn"], "unrecognized arguments: --jsn: did you mean '--json'? --json is an option of ask, not of "
                        "chat"),
    (["--no-log", "misses", "--jsn"], "unrecognized arguments: --jsn: did you mean '--json'? --json is an option of "
                                      "ask, not of misses"),
    (["chat", "--workrs", "2"], "unrecognized arguments: --workrs 2: did you mean '--workers'? --workers is an "
                                "option of serve, not of chat"),
    (["chat", "--limt", "3"], "unrecognized arguments: --limt 3"),                              # none close anywhere
    # no command is the chat: its options are searched, and another command's is said to be that one's
    (["--jsn"], "unrecognized arguments: --jsn: did you mean '--json'? --json is an option of ask, not of chat"),
    (["--json"], "unrecognized arguments: --json: --json is an option of ask, not of chat"),
    (["--"], "unrecognized arguments: --"),                                # no option mistyped: not '--kb'
    (["--json", "ask", "逾期"], "unrecognized arguments: --json: --json is an option of ask: put it after 'ask'"),
    # the chat takes no question: how to ask it
    (["chat", "客服", "电话"], "unrecognized arguments: 客服 电话: the chat takes no question: to ask it, run: "
                             "assistant ask 客服 电话"),
    # an unknown option of the chat is an unknown option, not a question to ask
    (["chat", "-x"], "unrecognized arguments: -x"),
    (["chat", "客服", "-x"], "unrecognized arguments: 客服 -x"),
    (["chat", "--no-lg"], "unrecognized arguments: --no-lg: did you mean '--no-log'?"),
    (["chat", "-逾期怎么办"], "unrecognized arguments: -逾期怎么办: the chat takes no question: to ask it, run: "
                          "assistant ask -逾期怎么办"),
    # a global option given before the command and again after it, with another value: which is meant is asked
    (["--kb", "a.yaml", "ask", "--kb", "b.yaml", "逾期"], "argument --kb: given twice ('a.yaml' and 'b.yaml'): give "
                                                       "it once"),
    (["--threshold", "50", "ask", "--threshold=60", "逾期"], "argument --threshold: given twice (50.0 and 60.0): "
                                                            "give it once"),
    # words no shell quoting keeps on one line are written as escapes: the error stays one line
    (["misses", "--x\ny"], "unrecognized arguments: --x\\ny"),
    (["chat", "客服\n电话"], "unrecognized arguments: 客服\\n电话: the chat takes no question: ask it with ask"),
    (["misses", "--\x1b[2J"], "unrecognized arguments: --\\x1b[2J"),
])
def test_a_mistyped_option_is_told_the_option_it_is_close_to(args: list[str], message: str) -> None:
    done = run(*args)
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode("utf-8") == f"assistant: error: {message} (see 'assistant --help')\n"


@pytest.mark.parametrize(("args", "usage"), [
    (["help"], "usage: assistant [-h]"),              # as git and pip read it: the help, not a question to ask
    (["help", "ask"], "usage: assistant ask [-h]"),
    (["help", "serve"], "usage: assistant serve [-h]"),
    (["--no-log", "help"], "usage: assistant [-h]"),    # after the global options, as the command would be
    (["--kb", "help", "help", "ask"], "usage: assistant ask [-h]"),   # (the path named help is --kb's)
])
def test_help_in_the_command_s_place_shows_the_help(args: list[str], usage: str) -> None:
    done = run(*args)
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.decode("utf-8").startswith(usage)


def test_the_parser_examples_hold() -> None:
    from assistant import cli_parser

    results = doctest.testmod(cli_parser, verbose=False, report=True)
    assert results.attempted > 0 and results.failed == 0


@pytest.mark.parametrize(("args", "message"), [
    # an empty path (an unset variable: --kb "$KB") is not the working folder, whatever yaml files lie there
    (["--kb", "", "ask", "微粒贷客服电话是多少"], "assistant: error: argument --kb: the path is empty"),
    (["ask", "微粒贷客服电话是多少", "--kb", ""], "assistant ask: error: argument --kb: the path is empty"),
    (["--kb", "", "learn", "客服号码", "--entry", "hotline-number"], "assistant: error: argument --kb: the path is "
                                                                    "empty"),
    (["--kb", "", "misses"], "assistant: error: argument --kb: the path is empty"),
    (["check", ""], "'': the path is empty: give a YAML file or a folder"),
])
def test_an_empty_knowledge_base_path_is_refused_in_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "stray.yaml").write_text("- question: 几点开门？\n  answer: 九点。\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, cwd=tmp_path,
                          env={**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}, timeout=60)
    lines = (done.stdout + done.stderr).decode("utf-8").splitlines()
    assert done.returncode == 2 and len(lines) == 1 and lines[0].startswith(message)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stray.yaml"]


def test_the_library_refuses_an_empty_knowledge_base_path_too(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant import load_knowledge
    from assistant.errors import KnowledgeError, LearnError
    from assistant.learn import add_alternate

    monkeypatch.chdir(tmp_path)
    (tmp_path / "stray.yaml").write_text("- question: 几点开门？\n  answer: 九点。\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="the path is empty"):
        load_knowledge("")
    with pytest.raises(LearnError, match="the path is empty"):
        add_alternate("什么时候开门", "ji-dian-kai-men-3f2596", "")
    assert (tmp_path / "stray.yaml").read_text(encoding="utf-8") == "- question: 几点开门？\n  answer: 九点。\n"


@pytest.mark.parametrize(("raw", "limit", "texts"), [
    (b"\xef\xbb\xbf\xe5\xae\xa2\xe6\x9c\x8d\r\n\xe4\xbd\xa0\xe5\xa5\xbd\n", 64, ["客服", "你好"]),  # as Notepad saves
    (b"\xef\xbb\xbf\n", 64, [""]),
    (b"a\n\xef\xbb\xbfb\n", 64, ["a", "\ufeffb"]),            # a mark inside the stream is text like any other
    (b"\xef\xbb\xbf" + b"x" * 10 + b"\nb\n", 8, ["x" * 5, "b"]),  # cut at the limit counting the mark, then read on
])
def test_a_byte_order_mark_opening_the_input_is_not_part_of_the_first_line(raw: bytes, limit: int,
                                                                           texts: list[str]) -> None:
    assert [line.text for line in bounded_lines(io.BytesIO(raw), limit)] == texts


@pytest.mark.parametrize(("raw", "problem"), [
    # an input in UTF-16 (Notepad's "Unicode", PowerShell's pipe): the first line says what to send instead
    ("客服电话\n".encode("utf-16-le"), "line 1 is not valid UTF-8 (byte 0xa2)"),   # no mark: only where it breaks
    ("\ufeff客服电话\n".encode("utf-16-le"), "line 1 is not valid UTF-8 (byte 0xff): the input opens with UTF-16's "
                                           "byte-order mark: send UTF-8; skipped"),
    ("\ufeff客服电话\n".encode("utf-16-be"), "line 1 is not valid UTF-8 (byte 0xfe): the input opens with UTF-16's "
                                           "byte-order mark: send UTF-8; skipped"),
])
def test_an_input_in_utf16_is_said_to_be_so_on_its_first_line(raw: bytes, problem: str) -> None:
    first = next(bounded_lines(io.BytesIO(raw)))
    assert first.text is None and first.problem is not None and first.problem.startswith(problem)


@pytest.mark.parametrize(("raw", "limit", "texts"), [
    # (bytes piped, the most bytes a line may have, the lines read): a line ends where str.splitlines ends it
    # among \n, \r\n and \r, and a line end inside a JSON request is always escaped, so none is broken
    (b"a\nb\n", 64, ["a", "b"]),
    (b"a\r\nb\r\n", 64, ["a", "b"]),                       # as Windows saves
    (b"a\rb\r", 64, ["a", "b"]),                            # as old Macs save
    (b"a\rb\r\nc\n\rd", 64, ["a", "b", "c", "", "d"]),    # mixed: an empty line between \n and \r
    (b"a\r\r\nb", 64, ["a", "", "b"]),
    (b"x" * 10 + b"\ry\r", 4, ["xxxx", "y"]),               # a long line cut, the next read after its \r
    (b"abcd\refgh\r", 4, ["abcd", "efgh"]),                # exactly the limit: whole
])
def test_lines_end_at_newline_crlf_or_a_bare_carriage_return(raw: bytes, limit: int, texts: list[str]) -> None:
    lines = list(bounded_lines(io.BytesIO(raw), limit))
    assert [line.text for line in lines] == texts
    if not any(line.problem for line in lines):
        assert texts == raw.decode().splitlines()


def test_a_file_whose_format_ends_lines_at_newline_only_keeps_a_bare_carriage_return_as_text() -> None:
    # (the chat's history, prompt_toolkit's format: an entry's \r is part of it)
    raw = b"+a\rb\r\n+c\n"
    assert [line.text for line in bounded_lines(io.BytesIO(raw), 64, bare_cr=False)] == ["+a\rb", "+c"]


def test_the_co_process_answers_each_line_of_a_file_with_old_mac_line_ends() -> None:
    done = run("ask", "--json", "-", input="微粒贷客服电话是多少\r逾期会上征信吗\r".encode())
    replies = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [reply["query"] for reply in replies] == ["微粒贷客服电话是多少", "逾期会上征信吗"]
    assert [reply["status"] for reply in replies] == ["answer", "answer"]


def test_plain_ask_from_standard_input_reports_invalid_utf8_on_stderr() -> None:
    done = run("ask", "-", input=b"\xff\n")
    assert done.returncode == 0 and done.stdout == b""
    assert done.stderr == b"assistant: error: line 1 is not valid UTF-8 (byte 0xff); skipped\n"


def test_the_co_process_escapes_8bit_controls_and_bidi_overrides_it_echoes() -> None:
    done = run("ask", "--json", "-", input="\x9b31m客服\u202e电话\x7f\n".encode())
    assert json.loads(done.stdout)["query"] == "\x9b31m客服\u202e电话\x7f"
    assert not re.search("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]", done.stdout.decode("utf-8"))


# -- echo … | assistant (the piped chat) --------------------------------------------------------------------


def test_the_piped_chat_answers_plainly_and_skips_invalid_utf8(bundled: Matcher, tmp_path: Path) -> None:
    lines = [line.encode("utf-8") for line, _ in NASTY_LINES] + [b"\xff\xfe", "微粒贷客服电话".encode()]
    done = run("--no-log", input=b"\n".join(lines) + b"\n")
    assert done.returncode == 0
    bad_line = len(lines) - 1
    assert done.stderr == f"assistant: error: line {bad_line} is not valid UTF-8 (byte 0xff); skipped\n".encode()
    assert_inert(done.stdout)
    text = done.stdout.decode("utf-8")
    hotline = bundled.knowledge.get("hotline-number")
    assert hotline is not None
    # Blank lines are skipped; every other line gets a reply followed by an empty line, the reply the same
    # conversation gives (the piped chat is one: context carries through the lines that are not answers).
    talk = Conversation(bundled)
    turns = [talk.say(line) for line, _ in NASTY_LINES] + [talk.say("微粒贷客服电话")]
    answered = [turn.reply.status for turn in turns if turn.reply is not None]
    assert text.count(hotline.answer) == answered.count("answer")
    assert text.count(bundled.knowledge.fallback.strip()) == answered.count("none")


def test_the_piped_chat_with_a_megabyte_line_is_quick() -> None:
    start = time.perf_counter()
    done = run("--no-log", input=("逾期" * 500_000 + "\n").encode())
    assert done.returncode == 0
    assert done.stderr == LONG_LINE_WARNING
    assert time.perf_counter() - start < 10


def test_the_piped_chat_warns_once_when_the_misses_log_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("a file where the state folder should be", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_STATE_HOME": str(blocker)}
    done = subprocess.run([sys.executable, "-m", "assistant"], input="今天天气怎么样\n明天呢\n".encode(),
                          capture_output=True, env=env, timeout=30)
    assert done.returncode == 0
    assert done.stderr == b"assistant: warning: cannot write the misses log: Not a directory\n"
    assert done.stdout.decode("utf-8").count("\n\n") == 2


@pytest.mark.parametrize("args", [["ask", "微粒贷客服电话是多少"], ["chat"]])
def test_an_unusable_cache_folder_is_one_warning_line_not_a_python_warning(tmp_path: Path, args: list[str]) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(blocker), "XDG_STATE_HOME": str(tmp_path)}
    env.pop("PYTHONWARNINGS", None)
    done = subprocess.run([sys.executable, "-m", "assistant", *args], input="微粒贷客服电话是多少\n".encode(),
                          capture_output=True, env=env, timeout=30)
    assert done.returncode == 0 and "400-999-8866" in done.stdout.decode("utf-8")
    err = done.stderr.decode("utf-8")
    assert err == f"assistant: warning: the cache folder is not used: {blocker / 'assistant'}: Not a directory\n"
    assert "RuntimeWarning" not in err and ".py:" not in err


def test_the_misses_command_reports_an_unreadable_log_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "assistant" / "misses.jsonl").mkdir(parents=True)
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_STATE_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "assistant", "misses"], capture_output=True, env=env,
                          timeout=30)
    assert done.returncode == 2 and done.stdout == b""
    log = tmp_path / "assistant" / "misses.jsonl"
    assert done.stderr.decode("utf-8") == \
        f"assistant: error: cannot read the misses log {log}: is not a regular file: remove it\n"


def test_the_misses_command_shows_logged_questions_inert(tmp_path: Path) -> None:
    log = tmp_path / "assistant" / "misses.jsonl"
    log.parent.mkdir(parents=True)
    record = {"time": time.strftime("%Y-%m-%dT%H:%M:%S+0000"), "query": "\x1b]0;pwned\x07天气\x1b[2J怎么样\n",
              "status": "none", "best": None, "score": 0.0}
    log.write_text(json.dumps(record) + "\n{torn line\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_STATE_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "assistant", "misses"], capture_output=True, env=env,
                          timeout=30)
    assert (done.returncode, done.stderr) == (0, b"")
    assert_inert(done.stdout)
    assert done.stdout.decode("utf-8").splitlines()[1].endswith(" 天气怎么样")


# -- an output encoding that cannot write Chinese --------------------------------------------------------------

LOST_WARNING = ("assistant: warning: the output's encoding ({encoding}) cannot write some characters of the replies: "
                "they are printed as '?'; set PYTHONIOENCODING=utf-8 (or a UTF-8 locale, LANG=C.UTF-8) to see them\n")


@pytest.mark.parametrize(("args", "input"), [
    (["ask", "微粒贷客服电话是多少"], b""),
    (["--no-log"], "微粒贷客服电话是多少\n逾期了怎么办\n".encode()),        # the piped chat: said once for both
])
def test_an_output_encoding_lacking_chinese_is_said_once_not_a_traceback(args: list[str], input: bytes) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "ascii"}
    done = subprocess.run([sys.executable, "-m", "assistant", *args], input=input, capture_output=True, env=env,
                          timeout=30)
    assert done.returncode == 0
    assert done.stderr.decode("ascii") == LOST_WARNING.format(encoding="ascii")
    assert b"400-999-8866" in done.stdout and b"?" in done.stdout


def test_an_output_encoding_holding_chinese_is_used_as_it_is() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "gbk"}
    done = subprocess.run([sys.executable, "-m", "assistant", "ask", "微粒贷客服电话是多少"], capture_output=True,
                          env=env, timeout=30)
    assert (done.returncode, done.stderr) == (0, b"")
    assert "客服电话" in done.stdout.decode("gbk")


def test_the_c_locale_s_ascii_is_read_as_utf8_as_python_s_utf8_mode_reads_it() -> None:
    # (Python before 3.7 in the C locale; here, with UTF-8 mode and locale coercion turned off)
    env = {**os.environ, "PYTHONPATH": str(REPO), "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    env.pop("PYTHONIOENCODING", None)
    done = subprocess.run([sys.executable, "-m", "assistant", "--no-log"], input="微粒贷客服电话是多少\n".encode(),
                          capture_output=True, env=env, timeout=30)
    assert (done.returncode, done.stderr) == (0, b"")
    assert "微粒贷官方客服电话" in done.stdout.decode("utf-8")


def test_the_terminal_chat_over_an_encoding_lacking_chinese_reads_and_writes_utf8(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli_encoding import terminal_in_utf8

    utf8 = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", utf8)
    assert not terminal_in_utf8("微粒贷")
    typed, shown = (io.TextIOWrapper(io.BytesIO(), encoding="ascii") for _ in range(2))
    monkeypatch.setattr(sys, "stdin", typed)
    monkeypatch.setattr(sys, "stdout", shown)
    assert terminal_in_utf8("微粒贷")
    assert (typed.encoding, shown.encoding) == ("utf-8", "utf-8")   # what is typed is read as the terminal sends it
