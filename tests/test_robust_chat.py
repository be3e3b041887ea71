"""The chat under stress: nasty input, a hostile knowledge base, two chats writing the same files, a full
disk or an unwritable folder, and ``/reload`` of a broken file. It never crashes, hangs or lets text act on
the terminal; what goes wrong is one warning, and the old knowledge base stays in use.

The session is driven through ``create_pipe_input`` and ``DummyOutput`` (see ``chat_helpers``); text is sent
the way a terminal sends a paste (bracketed paste), which is how escape sequences and control characters
actually reach a prompt. ``small`` (a matcher on ``SMALL_KB``, written to ``kb_path``) and ``state`` (the chat's
folder for history and the misses log) are conftest.py's fixtures.
"""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from chat_helpers import RecordingPrinter, chat, string_output
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from assistant import Citation, Entry, Knowledge, Matcher, Source, misses
from assistant.chat import ChatSession
from assistant.chat.history import SharedFileHistory
from assistant.knowledge import MAX_DEPTH
from assistant.messages import ZH
from assistant.misses import MAX_LOGGED_CHARS, append_line, read_misses, record_miss
from assistant.normalize import shortened

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


def paste(text: str) -> str:
    """What a terminal sends when ``text`` is pasted (bracketed paste): the prompt inserts it as it is."""
    return PASTE_START + text + PASTE_END


def control_characters(text: str) -> list[str]:
    """The characters of ``text`` that could act on a terminal (line breaks aside)."""
    return [c for c in text if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F
            or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"]


# -- nasty input -------------------------------------------------------------------------------------------

NASTY: dict[str, tuple[str, str | None]] = {
    # name: (what is pasted, the status of the reply; None when no question is asked at all)
    "whitespace": (" \t \u3000 ", None),
    "only punctuation": ("？？！！。。……", "none"),
    "only emoji": ("😀🙏👍🏽👨‍👩‍👧", "none"),
    "an escape sequence alone": ("\x1b[2J\x1b[H", "none"),
    "a title change alone": ("\x1b]0;pwned\x07", "none"),
    "a question in colour": ("\x1b[31m客服电话是多少\x1b[0m", "answer"),
    "a question with NUL": ("客服电话\x00是多少", "answer"),
    "a question with control characters": ("\x01客服电话\x7f是多少\x08", "answer"),
    "right-to-left text": ("مرحبا، كيف حالك؟", "none"),
    "a right-to-left override": ("\u202e\u2066olleh\u2069", "none"),
    "mixed scripts": ("客服 hotline телефон 电话是多少", "answer"),
    "a 15 000 character line": ("客服电话是多少" + "！" * 15_000, "answer"),
}


@pytest.mark.parametrize("name", list(NASTY))
def test_a_nasty_paste_gets_a_reply_and_nothing_raw_is_printed(name: str, small: Matcher) -> None:
    text, status = NASTY[name]
    output, written = string_output()
    result = chat(small, paste(text), "/why", printer=RecordingPrinter(output))
    asked = result.session.last_asked
    if status is None:
        assert asked is None
    else:
        assert asked is not None and asked.status == status
        if status == "answer":
            assert asked.entry is not None and asked.entry.id == "hotline"
            assert "客服电话是 400-000-1234，全天都能打通。" in result.text
        else:
            assert "抱歉，这个问题我还答不上来，请拨打客服电话 400-000-1234。" in result.text
    assert result.status == 0 and result.printer.printed[-1] == "再见！祝你一切顺利。"
    assert control_characters(result.text) == []  # /why repeats the question: inert
    raw = written.getvalue()
    for injected in ("\x1b[2J", "\x1b[31m", "\x1b]0;", "\x07", "\x00", "\x08", "\x7f", "\u202e"):
        assert injected not in raw, repr(injected)


def test_a_megabyte_question_is_cut_and_answered_quickly(small: Matcher) -> None:
    printer = RecordingPrinter()
    with create_pipe_input() as keyboard:
        session = ChatSession(small, input=keyboard, output=DummyOutput(), printer=printer)
        start = time.perf_counter()
        reply = session.ask("客服电话是多少" + "逾期" * 500_000)
        assert time.perf_counter() - start < 1.0
    assert reply.status == "answer" and reply.entry is not None and reply.entry.id == "hotline"
    assert len(reply.query) == 2000  # what the chat keeps (and logs); the matcher reads 500 of them


def test_a_typed_escape_sequence_that_looks_like_a_mouse_report_is_harmless(small: Matcher) -> None:
    """ESC [ 3 1 m typed raw (not pasted) is parsed by prompt_toolkit as a mouse report."""
    from prompt_toolkit.key_binding.key_processor import KeyPress, KeyPressEvent
    from prompt_toolkit.keys import Keys

    from assistant.chat.keys import create_key_bindings

    handlers = create_key_bindings().get_bindings_for_keys((Keys.Vt100MouseEvent,))
    assert handlers
    event = KeyPressEvent(key_processor_ref=lambda: None,  # type: ignore[arg-type]
                          arg=None, key_sequence=[KeyPress(Keys.Vt100MouseEvent, "\x1b[31m")],
                          previous_key_sequence=[], is_repeat=False)
    handlers[-1].call(event)  # must not raise


# -- a hostile knowledge base ------------------------------------------------------------------------------


def hostile_knowledge() -> Knowledge:
    """A knowledge base whose every text holds escape sequences (built directly: the loader refuses them)."""
    entry = Entry(id="evil", question="危险\x1b[2J问题\x1b]0;pwned\x07", alternates=("危险问题",),
                  answer="答\x1b[31m案\x1b[0m\x07\u202e反\x00转\r\x9b2J\x1b]8;;https://evil\x1b\\链接\x1b]8;;\x1b\\完",
                  citations=(Citation("doc.txt", "章\x1b[8m节"),), topic="话\x1b[1m题",
                  follow_ups=("evil-2",))
    other = Entry(id="evil-2", question="另一个\x1b[5m问题", answer="另一个答\x1bc案", alternates=("第二个问题",),
                  citations=(Citation("doc.txt", "节"),))
    return Knowledge(title="坏\x1b]0;pwned\x07标题", language="zh", version="1", entries=(entry, other),
                     fallback="不\x1b[41m知道\x1b[0m", sources=(Source("doc.txt", "资\x1b[7m料", publisher="发\x07布",
                                                                     url="https://x\x1b]8;;y\x07"),))


@pytest.mark.parametrize("color", [True, False])
def test_text_from_a_hostile_knowledge_base_is_shown_inert(color: bool) -> None:
    output, written = string_output()
    printer = RecordingPrinter(output, color=color)
    result = chat(Matcher(hostile_knowledge()), "危险问题", "/source", "1", "/topics", "/why", "天气",
                  printer=printer)
    assert control_characters(result.text) == []
    assert "答案反转链接完" in result.text.replace("\n", "")
    raw = written.getvalue()
    for injected in ("\x1b[2J", "\x1b[31m", "\x1b[41m", "\x1b[8m", "\x1b[5m", "\x1b]0;", "\x1b]8;", "\x1bc",
                     "\x07", "\x00", "\x9b", "\u202e", "pwned", "https://evil"):
        assert injected not in raw, repr(injected)


def test_check_refuses_the_same_knowledge_base_written_as_yaml(tmp_path: Path) -> None:
    from assistant.knowledge import inspect_knowledge

    path = tmp_path / "evil.yaml"
    path.write_text('knowledge_base: {title: "坏\\e]0;pwned\\a标题", language: zh, version: "1"}\n'
                    'fallback: 不知道\n', encoding="utf-8")
    knowledge, problems = inspect_knowledge(path)
    assert knowledge is None
    assert [str(p) for p in problems] == [f"{path}:1: field 'title' contains control character U+001B (ESC, "
                                          "which starts terminal escape sequences): remove it"]


# -- two writers at once -----------------------------------------------------------------------------------

WRITERS, RECORDS = 4, 150
LONG = "逾期" * 3000  # 18 KB of UTF-8 per line: far above the size the system writes atomically


def _append_many(path: str, writer: int) -> None:
    for number in range(RECORDS):
        append_line(Path(path), json.dumps({"writer": writer, "number": number, "text": LONG}, ensure_ascii=False))


def _records(path: Path) -> list[dict[str, Any]]:
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b""  # the file ends with a complete line
    return [json.loads(line) for line in lines[:-1]]  # every line is a whole record


def _assert_all_there(records: list[dict[str, Any]]) -> None:
    assert len(records) == WRITERS * RECORDS
    for writer in range(WRITERS):
        numbers = [r["number"] for r in records if r["writer"] == writer]
        assert numbers == list(range(RECORDS))  # each writer's lines in its own order, none lost
    assert all(r["text"] == LONG for r in records)


def test_processes_appending_to_the_same_log_never_corrupt_a_line(tmp_path: Path) -> None:
    path = tmp_path / "state" / "misses.jsonl"
    context = multiprocessing.get_context("spawn" if os.name != "posix" else "fork")
    processes = [context.Process(target=_append_many, args=(str(path), writer)) for writer in range(WRITERS)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    _assert_all_there(_records(path))


def test_threads_appending_to_the_same_log_never_corrupt_a_line(tmp_path: Path) -> None:
    path = tmp_path / "misses.jsonl"
    threads = [threading.Thread(target=_append_many, args=(str(path), writer)) for writer in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    _assert_all_there(_records(path))


def test_two_chats_share_the_history_file_without_corrupting_it(state: Path) -> None:
    first = SharedFileHistory(state / "history")
    second = SharedFileHistory(state / "history")

    def store(history: SharedFileHistory, tag: str) -> None:
        for number in range(100):
            history.store_string(f"{tag}{number} " + "问" * 1500)

    threads = [threading.Thread(target=store, args=(first, "a")), threading.Thread(target=store, args=(second, "b"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    stored = list(SharedFileHistory(state / "history").load_history_strings())
    assert len(stored) == 200
    assert sorted(stored) == sorted([f"a{n} " + "问" * 1500 for n in range(100)]
                                    + [f"b{n} " + "问" * 1500 for n in range(100)])


def test_two_piped_chats_log_their_misses_to_the_same_file(state: Path) -> None:
    import subprocess
    import sys

    from conftest import REPO

    # Lines of 6 KB once logged: far above what the system writes atomically without the lock.
    questions = {tag: [f"{tag}{n}" + "～" * 3000 for n in range(40)] for tag in ("今天天气怎么样", "明天下雨吗")}
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    chats = [subprocess.Popen([sys.executable, "-m", "assistant"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, env=env) for _ in questions]
    for process, lines in zip(chats, questions.values()):
        assert process.stdin is not None
        process.stdin.write("".join(line + "\n" for line in lines).encode())
        process.stdin.close()
    for process in chats:
        assert process.wait(timeout=60) == 0
        assert process.stderr is not None and process.stderr.read() == b""
    lines = (state / "misses.jsonl").read_bytes().split(b"\n")
    assert lines[-1] == b""
    logged = [json.loads(line)["query"] for line in lines[:-1]]
    assert sorted(logged) == sorted(shortened(q, MAX_LOGGED_CHARS) for group in questions.values() for q in group)


def test_the_log_keeps_questions_inert_and_one_line(small: Matcher, state: Path) -> None:
    chat(small, paste("\x1b]0;pwned\x07今天\x1b[31m天气\x00怎么样\u202e"))
    record = json.loads((state / "misses.jsonl").read_text(encoding="utf-8"))
    assert record["query"] == "今天天气怎么样"
    assert [miss.query for miss in read_misses()] == ["今天天气怎么样"]


# -- a full disk, an unwritable folder --------------------------------------------------------------------


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every write of the log and the history fail as on a full disk (only in ``assistant.misses``)."""

    def write(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(misses, "os", SimpleNamespace(**{**vars(os), "write": write}))


def test_a_full_disk_is_one_warning_per_file_and_the_chat_goes_on(small: Matcher, state: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _full_disk(monkeypatch)
    result = chat(small, "今天天气怎么样", "客服电话是多少", "明天下雨吗", "后天呢")
    warnings = [text.replace("\n", "") for text in result.printer.printed if text.startswith("注意：")]
    assert warnings == ["注意：无法使用历史记录文件（No space left on device），本次的提问不会被记住。",
                        "注意：无法写入未回答问题的记录（No space left on device），本次不再记录。"]
    assert "客服电话是 400-000-1234，全天都能打通。" in result.text
    assert result.session.log_misses is False
    assert result.status == 0


def test_record_miss_raises_oserror_on_a_full_disk(monkeypatch: pytest.MonkeyPatch, small: Matcher) -> None:
    _full_disk(monkeypatch)
    with pytest.raises(OSError) as raised:
        record_miss(small.reply("今天天气怎么样"))
    assert raised.value.errno == errno.ENOSPC


def test_an_unwritable_state_folder_is_one_warning_per_file(small: Matcher, monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    result = chat(small, "今天天气怎么样", "客服电话是多少", "明天下雨吗")
    warnings = [text.replace("\n", "") for text in result.printer.printed if text.startswith("注意：")]
    where = blocker / "assistant"
    assert warnings == [f"注意：无法使用历史记录文件（{where}：Not a directory），本次的提问不会被记住。",
                        f"注意：无法写入未回答问题的记录（{where}：Not a directory），本次不再记录。"]
    assert result.status == 0


# -- /reload with a broken file ----------------------------------------------------------------------------

BROKEN: dict[str, tuple[bytes | None, str]] = {
    # name: (the file's new bytes, None to delete it; the problem line shown, {path} standing for the file)
    "invalid YAML": (b"entries:\n  - id: [broken\n",
                     "{path}:2:9: invalid YAML: the '[' opened here is not closed before the end of the file: "
                     "close it with ']' (items are separated by ', ')"),
    "not UTF-8": ("knowledge_base:\n  title: 测试\n".encode("gbk"),
                  "{path}:2: not UTF-8 text (byte 0xb2): save the file as UTF-8"),
    "deleted": (None, "{path}: no such file or folder: check the path"),
    "an escape sequence in an answer": (
        'knowledge_base: {title: T, language: zh, version: "1"}\nfallback: "不知道\\e[2J"\n'.encode(),
        "{path}:2: field 'fallback' contains control character U+001B (ESC, which starts terminal escape "
        "sequences): remove it"),
    "an alias bomb": (b'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
                      + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)).encode(),
                      "{path}:6: YAML aliases repeat far more values than the file writes out "
                      "(an alias bomb?): write the data out"),
    "deep nesting": (b"entries: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
                     f"{{path}}:1: nested more than {MAX_DEPTH} levels deep: a knowledge base needs only a few; "
                     "check the brackets and indentation"),
    "a list": (b"- just words\n", "{path}:1: each item of a list of questions must be a mapping with question "
                                      "and answer ('- question: …')"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_reload_of_a_broken_file_keeps_the_old_knowledge_base(name: str, small: Matcher, kb_path: Path) -> None:
    content, problem = BROKEN[name]
    if content is None:
        kb_path.unlink()
    else:
        kb_path.write_bytes(content)
    output, _ = string_output(columns=80)
    result = chat(small, "/reload", "客服电话是多少", kb_path=str(kb_path), printer=RecordingPrinter(output))
    said, problem_said = result.printer.printed[1].split("\n", 1)
    assert said == ZH.reload_failed
    assert problem_said.startswith(f"  {kb_path}")  # the path, whole
    assert " ".join(problem_said.split()) == " ".join(problem.format(path=kb_path).split())  # wrapped at 80
    assert result.session.matcher is small
    assert "客服电话是 400-000-1234，全天都能打通。" in result.text
    assert result.status == 0
