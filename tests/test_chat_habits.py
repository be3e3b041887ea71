"""The chat and the command line behave as people expect from the REPLs they know (ptpython, litecli, pgcli):
exit words, picks in every form, a visible context and /reset, the interface in the base's language, a pager
for long output, completion as the matcher reads, plain output into pipes, global options anywhere.

The terminal chat is driven with keystrokes (``create_pipe_input`` + ``DummyOutput``); the piped chat and the
command line run as the real program in a subprocess.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from chat_helpers import chat
from conftest import ENGLISH_KB, REPO
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from assistant import Matcher
from assistant.chat import commands, pager, wrap
from assistant.chat.completer import ChatCompleter
from assistant.cli import build_parser
from assistant.messages import EN, ZH
from assistant.paths import cache_folder, state_folder

EXIT_WORDS = ["exit", "quit", "退出", ":q", "QUIT"]


def run(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m assistant ARGS`` with ``stdin`` piped in; return what it did."""
    return subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin, capture_output=True,
                          text=True, timeout=120, cwd=REPO, env=env)


def misses(state: Path) -> str:
    log = state / "misses.jsonl"
    return log.read_text(encoding="utf-8") if log.exists() else ""


# -- exit words ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("word", EXIT_WORDS)
def test_an_exit_word_ends_the_terminal_chat_and_is_not_a_miss(bundled: Matcher, state: Path, word: str) -> None:
    result = chat(bundled, word, "微粒贷客服电话是多少", end="")
    assert result.status == 0
    assert result.printer.printed[-1] == ZH.goodbye
    assert "400-999-8866" not in result.text  # the line after the exit word was never read
    assert result.session.last_asked is None and misses(state) == ""


@pytest.mark.parametrize("word", EXIT_WORDS)
def test_an_exit_word_ends_the_piped_chat_and_is_not_a_miss(state: Path, word: str) -> None:
    done = run(stdin=f"{word}\n微粒贷客服电话是多少\n")
    assert done.returncode == 0 and done.stdout == "" and misses(state) == ""


# -- picks -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("pick", ["2", "2.", "第二个", "第2个", "二", "２"])
def test_every_way_of_writing_a_number_picks_in_the_terminal_chat(bundled: Matcher, pick: str) -> None:
    result = chat(bundled, "微粒贷客服电话是多少", pick)
    second = bundled.reply("微粒贷客服电话是多少").follow_ups[1]
    assert result.session.last_answer is not None and result.session.last_answer.entry == second
    assert f"» {second.question}" in result.printer.printed


@pytest.mark.parametrize("pick", ["2", "2.", "第二个", "第2个", "二"])
def test_every_way_of_writing_a_number_picks_in_the_piped_chat(bundled: Matcher, state: Path, pick: str) -> None:
    done = run(stdin=f"多少钱\n{pick}\n")
    suggestions = bundled.reply("多少钱").suggestions
    assert ZH.did_you_mean in done.stdout
    assert f"» {suggestions[1].question}" in done.stdout
    assert suggestions[1].entry.answer.strip() in done.stdout


# -- context ---------------------------------------------------------------------------------------------


def test_a_follow_up_is_marked_with_the_question_it_was_read_with_and_reset_drops_it(bundled: Matcher) -> None:
    result = chat(bundled, "微粒贷逾期了该怎么办", "那延期呢", "/reset", "那延期呢")
    first = bundled.reply("微粒贷逾期了该怎么办").entry
    assert first is not None
    marks = [text for text in result.printer.printed if text.startswith("↳")]
    assert marks == [ZH.read_with.format(question=first.question)]
    assert ZH.reset in result.printer.printed
    # the second 那延期呢 stood on its own: what it gets asked first (how to apply for an extension, in general)
    alone = bundled.reply("那延期呢")
    assert result.session.previous == (alone.entry.id if alone.status == "answer" and alone.entry else None)


def test_the_piped_chat_shows_the_context_mark_and_knows_reset(state: Path) -> None:
    done = run("--no-log", stdin="微粒贷逾期了该怎么办\n那延期呢\n/reset\n那延期呢\n")
    assert done.stdout.count("↳") == 1 and ZH.reset in done.stdout


# -- commands in the piped chat ------------------------------------------------------------------------


def test_help_is_a_command_in_the_piped_chat_too(state: Path) -> None:
    done = run(stdin="/help\n/topics\n1\n")
    assert "/reset" in done.stdout and "/topics" in done.stdout
    assert "400-999-8866" not in done.stdout.split("/topics")[0]  # /help was not answered as a question
    assert "Ctrl-D" not in done.stdout.split(ZH.commands)[1].split("\n\n")[0]  # no keys where none work
    assert misses(state) == ""


# -- the interface speaks the base's language ---------------------------------------------------------


def test_the_terminal_chat_speaks_english_with_an_english_base(english: Matcher) -> None:
    result = chat(english, "a book", "/help", "2")
    assert "直接用中文" not in result.text and "您是不是想问" not in result.text
    assert result.shows(EN.keys_hint) and EN.commands in result.text
    assert result.printer.printed[-1] == EN.goodbye
    assert result.session.prompt_session.message() == [("class:prompt", EN.prompt)]  # type: ignore[operator]


def test_why_and_source_speak_english_with_an_english_base(english: Matcher) -> None:
    result = chat(english, "when are you open", "/why", "/source", "a book", "/why")
    said = "\n".join(result.printer.printed)
    for english_line in ("You asked: when are you open", "Phrasing matched: When are you open? (an alternate)",
                         "Score: 100.0 / 100", "Outcome: answered with it.",
                         "The answer to “What are your opening hours?” comes from:", "Section: Opening hours",
                         "File: shop-policies.txt", "You asked: a book", "candidates were listed:"):
        assert english_line in said, english_line
    assert not re.search(r"[\u4e00-\u9fff]", said), said          # not one Chinese character


def test_commands_reload_and_warnings_speak_english_with_an_english_base(
        english: Matcher, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = tmp_path / "shop.yaml"
    kb.write_bytes(ENGLISH_KB.read_bytes())
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))   # neither the history nor the misses log can be written
    first = chat(english, "/topic", "/", "/reload", "the weather tomorrow", kb_path=str(kb))
    kb.write_text("entries: [", encoding="utf-8")
    broken = chat(english, "/reload", kb_path=str(kb))
    said = "\n".join(first.printer.printed + broken.printer.printed)
    assert not re.search(r"[\u4e00-\u9fff]", said), said          # not one Chinese character
    where, title, count = blocker / "assistant", english.knowledge.title, len(english.knowledge.questions)
    for english_line in ("There is no command /topic. Did you mean /topics? Commands: /help /topics",
                         "There is no command /. Commands: /help",      # a bare slash is close to no command
                         f"Read the knowledge base “{title}” again: {count} questions.",
                         f"Warning: cannot use the history file ({where}: Not a directory)",
                         f"Warning: cannot write the log of unanswered questions ({where}: Not a directory)",
                         EN.reload_failed):
        assert english_line in said.replace("\n", " "), english_line


def test_the_piped_chat_and_ask_speak_english_with_an_english_base(english: Matcher) -> None:
    reply = english.reply("a book")
    assert reply.status == "clarify"
    piped = run("--kb", str(ENGLISH_KB), "--no-log", stdin="a book\n9\n")
    assert EN.did_you_mean in piped.stdout and EN.pick_hint in piped.stdout
    assert EN.out_of_range.format(count=len(reply.suggestions)) in piped.stdout
    asked = run("ask", "--kb", str(ENGLISH_KB), "a", "book")
    assert asked.stdout.startswith(EN.did_you_mean)
    answered = run("ask", "--kb", str(ENGLISH_KB), "when", "are", "you", "open")
    assert "(Source: Corner Bookshop policies · Opening hours)" in answered.stdout and EN.related in answered.stdout


# -- the pager -----------------------------------------------------------------------------------------


def _recording_pager(tmp_path: Path) -> tuple[str, Path]:
    """A PAGER that copies what it is given into a file."""
    script = tmp_path / "pager.py"
    paged = tmp_path / "paged.txt"
    script.write_text(f"import sys; open({str(paged)!r}, 'wb').write(sys.stdin.buffer.read())\n")
    return f"{sys.executable} {script}", paged


def test_topics_taller_than_the_screen_go_through_the_pager(bundled: Matcher, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    pager, paged = _recording_pager(tmp_path)
    monkeypatch.setenv("PAGER", pager)
    result = chat(bundled, "/topics", "/help", pager=True, color=False)
    shown = paged.read_text(encoding="utf-8")
    assert bundled.knowledge.questions[-1].question in shown  # /topics (42 lines at 40 rows) was paged …
    assert bundled.knowledge.questions[-1].question not in result.text
    assert "/reset" in result.text  # … and /help, which fits, was printed


def test_an_empty_pager_or_no_terminal_means_no_pager(bundled: Matcher, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGER", "")
    assert bundled.knowledge.questions[-1].question in chat(bundled, "/topics", pager=True).text
    pager, paged = _recording_pager(tmp_path)
    monkeypatch.setenv("PAGER", pager)
    assert bundled.knowledge.questions[-1].question in chat(bundled, "/topics", pager=False).text
    assert not paged.exists()


@pytest.mark.parametrize("command", [
    "false",                                                   # starts, shows nothing, fails
    f"{sys.executable} -c 'import sys; sys.exit(2)'",         # an option the pager does not know (less --bogus)
    "no-such-pager-anywhere",                                  # never starts
])
def test_a_pager_that_fails_leaves_the_text_printed_and_says_so_once(bundled: Matcher, command: str,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGER", command)
    result = chat(bundled, "/topics", "/topics", pager=True, color=False)
    assert result.text.count(bundled.knowledge.questions[-1].question) == 2   # each /topics shown
    assert result.text.count(ZH.pager_failed.split("{")[0]) == 1              # said once


@pytest.mark.parametrize(("user_less", "less"), [(None, "R"), ("FX", "FX")])
def test_less_as_the_pager_shows_colours_unless_the_user_set_its_options(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user_less: str | None, less: str) -> None:
    # PAGER=less (no -R) would show every colour as ESC[0;1m, as git's pager would without its LESS=FRX.
    seen = tmp_path / "less.txt"
    script = tmp_path / "pager.py"
    script.write_text(f"import os, sys; sys.stdin.read(); open({str(seen)!r}, 'w').write(os.environ['LESS'])\n")
    if user_less is None:
        monkeypatch.delenv("LESS", raising=False)
    else:
        monkeypatch.setenv("LESS", user_less)
    assert pager.run_pager([sys.executable, str(script)], "/topics 的问题") is True
    assert seen.read_text() == less


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to the process itself")
def test_ctrl_c_in_the_pager_is_the_pagers_and_the_chat_waits_for_it_to_end(tmp_path: Path) -> None:
    # Ctrl-C at the terminal reaches the pager and the chat alike. less stays open; were it killed (as
    # subprocess.run kills on an interrupt), it would leave the terminal in its own modes for the next prompt.
    go, paged = tmp_path / "go", tmp_path / "paged.txt"
    script = tmp_path / "pager.py"
    script.write_text("import os, sys, time\ntext = sys.stdin.buffer.read()\ndeadline = time.monotonic() + 30\n"
                      f"while not os.path.exists({str(go)!r}) and time.monotonic() < deadline:\n"
                      "    time.sleep(0.05)\n"
                      f"open({str(paged)!r}, 'wb').write(text)\n")

    def interrupt_then_quit() -> None:
        time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGINT)   # Ctrl-C while the pager shows the text
        time.sleep(1.0)                       # longer than subprocess waits before it kills
        go.touch()                            # then the pager is quit (q)

    helper = threading.Thread(target=interrupt_then_quit)
    helper.start()
    try:
        assert pager.run_pager([sys.executable, str(script)], "/topics 的问题") is True
    finally:
        helper.join()
    assert paged.read_text(encoding="utf-8") == "/topics 的问题"   # it ran to its end, not killed


# -- completion ----------------------------------------------------------------------------------------


def _completions(matcher: Matcher, typed: str, *, tab: bool = False, choices: tuple = ()) -> list[str]:
    completer = ChatCompleter(lambda: matcher, commands.all_commands, lambda: choices)
    return [c.text for c in completer.get_completions(Document(typed), CompleteEvent(completion_requested=tab))]


@pytest.mark.parametrize(("name", "language"), [("bundled", "zh"), ("english", "en")])
def test_commands_complete_with_their_summaries_in_the_bases_language(name: str, language: str,
                                                                      request: pytest.FixtureRequest) -> None:
    matcher = request.getfixturevalue(name)
    completer = ChatCompleter(lambda: matcher, commands.all_commands)
    offered = {c.text: c.display_meta_text for c in completer.get_completions(Document("/re"), CompleteEvent())}
    assert offered == {c.name: c.summary_in(language) for c in commands.all_commands() if c.name.startswith("/re")}
    assert len(offered) == 2 and (language == "zh") == bool(re.search(r"[\u4e00-\u9fff]", "".join(offered.values())))


@pytest.mark.parametrize(("typed", "entry"), [
    ("预期", "overdue-consequences"),     # a pinyin-input typo of 逾期
    ("正信", "overdue-credit-reporting"),  # … of 征信
    ("kefu", "hotline-number"),          # pinyin typed without a Chinese input method
    ("逾期 征信", "overdue-credit-reporting"),
])
def test_completion_reads_the_typed_text_as_the_matcher_does(bundled: Matcher, typed: str, entry: str) -> None:
    offered = _completions(bundled, typed)
    assert bundled.entry(entry).question in offered


def test_tab_on_an_empty_line_lists_the_numbered_list_or_every_question(bundled: Matcher) -> None:
    assert _completions(bundled, "") == []  # nothing while not asked for
    every = _completions(bundled, "", tab=True)
    assert every == [entry.question for entry in bundled.knowledge.questions]
    listed = bundled.reply("多少钱").suggestions
    assert _completions(bundled, "", tab=True, choices=tuple(m.entry for m in listed)) == [
        str(number) for number in range(1, len(listed) + 1)]


# -- the command line ----------------------------------------------------------------------------------


def test_ask_joins_unquoted_words(state: Path) -> None:
    assert run("ask", "客服", "电话").stdout == run("ask", "客服 电话").stdout
    assert "400-999-8866" in run("ask", "微粒贷", "客服电话").stdout


@pytest.mark.parametrize("command", [["chat"], ["ask", "x"], ["check"], ["eval"], ["serve"], ["misses"],
                                     ["learn"]])
@pytest.mark.parametrize("where", ["before", "after"])
def test_every_global_option_is_accepted_before_or_after_every_command(command: list[str], where: str) -> None:
    options = ["--no-color", "--no-log", "--kb", "my.yaml", "--threshold", "60"]
    argv = [*options, *command] if where == "before" else [*command, *options]
    args = build_parser().parse_args(argv)
    assert (args.no_color, args.no_log, args.kb, args.threshold) == (True, True, "my.yaml", 60)


def test_check_checks_the_kb_given_before_or_after_it(tmp_path: Path) -> None:
    for argv in (["check", "--kb", str(ENGLISH_KB)], ["--kb", str(ENGLISH_KB), "check"], ["check", str(ENGLISH_KB)]):
        done = run(*argv)
        assert done.returncode == 0 and "ok: Corner Bookshop FAQ" in done.stdout, argv
    broken = tmp_path / "broken.yaml"
    broken.write_text("- a list\n", encoding="utf-8")
    for argv in (["check", "--kb", str(broken)], ["--kb", str(broken), "check"]):
        assert run(*argv).returncode == 2, argv
    both = run("check", str(ENGLISH_KB), "--kb", str(broken))
    assert both.returncode == 2 and len(both.stderr.splitlines()) == 1


def test_help_has_examples_exit_statuses_environment_and_files() -> None:
    shown = run("--help").stdout
    for part in ("examples:", "exit status:", "environment:", "files:", "NO_COLOR", "PAGER", "XDG_STATE_HOME",
                 "XDG_CACHE_HOME", "assistant ask 微粒贷 客服电话", os.path.join(state_folder(), "history"),
                 os.path.join(state_folder(), "misses.jsonl"), cache_folder()):
        assert part in shown, part


def test_no_line_of_ours_breaks_an_answer_in_the_piped_chat(bundled: Matcher) -> None:
    answer = bundled.reply("微粒贷逾期了该怎么办").answer
    assert answer is not None and wrap.width_of(answer) > wrap.MAX_WIDTH
    assert answer.strip() in run("--no-log", stdin="微粒贷逾期了该怎么办\n").stdout.splitlines()
