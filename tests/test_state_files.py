"""The user's state (history, the misses log): private folders, no symbolic link followed, no personal
numbers kept, a log of bounded size and age that can be cleared and listed quickly (issue 15's rows)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from chat_helpers import chat
from conftest import REPO

from assistant import Matcher
from assistant.chat.history import SharedFileHistory
from assistant.errors import UnsafePathError
from assistant.misses import (
    MAX_AGE_DAYS,
    MAX_LOG_BYTES,
    append_line,
    base_label,
    clear_misses,
    loggable,
    misses_path,
    read_misses,
    record_miss,
    redact,
)
from assistant.paths import bundled_knowledge, bundled_knowledge_folder, open_state_file, private_folder


def run(*args: str, input: bytes = b"", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m assistant ARGS…`` with this test's HOME and XDG folders."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "assistant", *args], input=input, capture_output=True,
                          env=environment, timeout=60)


# -- folders and files ----------------------------------------------------------------------------------


def test_the_state_folder_is_created_private(small: Matcher, state: Path) -> None:
    chat(small, "今天天气怎么样")
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    assert stat.S_IMODE((state / "misses.jsonl").stat().st_mode) == 0o600
    assert stat.S_IMODE((state / "history").stat().st_mode) == 0o600


def test_an_existing_state_folder_open_to_others_is_made_private(tmp_path: Path) -> None:
    folder = tmp_path / "assistant"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    private_folder(str(folder))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


@pytest.mark.parametrize("name", ["misses.jsonl", "history"])
def test_a_state_file_that_is_a_link_is_never_written_through(name: str, small: Matcher, state: Path,
                                                             tmp_path: Path) -> None:
    # another user of a shared XDG_STATE_HOME planted a link to the user's ~/.bashrc
    bashrc = tmp_path / ".bashrc"
    bashrc.write_text("export PATH\n", encoding="utf-8")
    state.mkdir(parents=True, mode=0o700)
    (state / name).symlink_to(bashrc)
    result = chat(small, "今天天气怎么样", "客服电话是多少")
    assert bashrc.read_text(encoding="utf-8") == "export PATH\n"
    assert (state / name).is_symlink()
    assert any("符号链接" in text or "symbolic link" in text for text in result.printer.printed)


def test_a_state_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    (tmp_path / "assistant").symlink_to(target)
    with pytest.raises(UnsafePathError, match="is a symbolic link"):
        append_line(tmp_path / "assistant" / "misses.jsonl", "{}")
    assert list(target.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="giving a folder away needs root")
def test_a_state_folder_of_another_user_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "assistant"
    folder.mkdir(mode=0o777)
    os.chown(folder, 12345, 12345)
    with pytest.raises(UnsafePathError, match="belongs to another user"):
        private_folder(str(folder))


def test_a_fifo_in_place_of_the_log_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "misses.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(UnsafePathError, match="not a regular file"):
        os.close(open_state_file(str(fifo), append=False))


def test_history_is_not_read_through_a_link(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("+my password\n", encoding="utf-8")
    (tmp_path / "history").symlink_to(secret)
    errors: list[OSError] = []
    history = SharedFileHistory(tmp_path / "history", on_error=errors.append)
    assert list(history.load_history_strings()) == []
    assert len(errors) == 1 and isinstance(errors[0], UnsafePathError)


def test_the_bundled_knowledge_base_is_a_real_folder_inside_the_package() -> None:
    folder = Path(bundled_knowledge_folder())
    assert folder.is_dir() and not folder.is_symlink()
    assert folder.parent.name == "data" and folder.parent.parent.name == "assistant"
    assert sorted(f.name for f in bundled_knowledge().iterdir()) == sorted(p.name for p in folder.glob("*.yaml"))
    # knowledge/ stays for maintainers: a link to the package's folder in the source tree (the installed copy
    # may live in site-packages)
    assert (REPO / "knowledge").resolve() == (REPO / "assistant" / "data" / "knowledge").resolve()


# -- what the misses log keeps ----------------------------------------------------------------------------


@pytest.mark.parametrize(("question", "kept"), [
    ("我的身份证号是11010519491231002X能查吗", "我的身份证号是*能查吗"),
    ("卡号 6222 0212 3456 7890 扣款失败", "卡号 * 扣款失败"),
    ("手机13800138000收不到验证码", "手机*收不到验证码"),
    ("打了400-999-8866没人接", "打了*没人接"),
    ("逾期3天罚息多少", "逾期3天罚息多少"),                  # short numbers are not personal: kept
    ("欠了20000元，2024年5月6日到期", "欠了20000元，2024年5月6日到期"),
    ("手机１３８００１３８０００", "手机*"),                  # full-width digits too
])
def test_long_digit_runs_never_reach_the_log(question: str, kept: str, small: Matcher, tmp_path: Path) -> None:
    log = tmp_path / "misses.jsonl"
    record_miss(small.reply(question), log)
    assert [miss.query for miss in read_misses(log)] == [kept]
    assert "13800138000" not in log.read_text(encoding="utf-8")


@pytest.mark.parametrize("record", [{"query": 5}, {"query": ["今天天气怎么样"]}, {"query": None}, {"best": "a"}])
def test_a_record_without_a_text_question_is_skipped_as_a_hand_edit(small: Matcher, tmp_path: Path,
                                                                   record: dict[str, object]) -> None:
    log = tmp_path / "misses.jsonl"
    log.write_text(json.dumps({"time": time.strftime("%Y-%m-%dT%H:%M:%S+0000"), "status": "none", **record})
                   + "\n", encoding="utf-8")
    record_miss(small.reply("明天会下雨吗"), log)
    assert [miss.query for miss in read_misses(log)] == ["明天会下雨吗"]


def test_redact_and_loggable_agree() -> None:
    assert loggable("\x1b[31m卡号6222021234567890\x1b[0m\n") == "卡号*" == redact("卡号6222021234567890")


def test_the_log_stays_under_its_size_cap_dropping_the_oldest(small: Matcher, tmp_path: Path) -> None:
    log = tmp_path / "misses.jsonl"
    reply = small.reply("今天天气怎么样")
    filler = json.dumps({"time": time.strftime("%Y-%m-%dT%H:%M:%S+0000"), "query": "旧问题" + "x" * 200,
                         "status": "none", "best": None, "score": 0.0}, ensure_ascii=False)
    log.write_text((filler + "\n") * (MAX_LOG_BYTES // len(filler) + 10), encoding="utf-8")
    record_miss(reply, log)
    assert log.stat().st_size <= MAX_LOG_BYTES // 2 + 1000
    misses = read_misses(log)
    assert {miss.query for miss in misses} == {"今天天气怎么样", loggable("旧问题" + "x" * 200)}
    assert json.loads(log.read_text(encoding="utf-8").splitlines()[-1])["query"] == "今天天气怎么样"


def test_records_older_than_the_retention_are_dropped(small: Matcher, tmp_path: Path) -> None:
    log = tmp_path / "misses.jsonl"
    old = time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.localtime(time.time() - (MAX_AGE_DAYS + 1) * 86400))
    log.write_text(json.dumps({"time": old, "query": "很久以前的问题", "status": "none"}, ensure_ascii=False)
                   + "\n", encoding="utf-8")
    assert read_misses(log) == []  # never listed
    record_miss(small.reply("今天天气怎么样"), log)
    assert "很久以前的问题" not in log.read_text(encoding="utf-8")  # and gone once the log is written


@pytest.mark.parametrize(("line", "logged"), [
    ("今天天气怎么样", True),
    ("？？？", False),        # only punctuation: nothing a maintainer could add to the base
    ("、", False),
    ("😭😭", False),
    ("😭 今天天气怎么样", True),
])
def test_a_line_with_nothing_to_match_is_not_logged_as_a_miss(small: Matcher, tmp_path: Path, line: str,
                                                              logged: bool) -> None:
    log = tmp_path / "misses.jsonl"
    record_miss(small.reply(line), log)
    assert bool(read_misses(log)) is logged
    # nor listed when an older version logged it
    log.write_text(json.dumps({"time": time.strftime("%Y-%m-%dT%H:%M:%S+0000"), "query": line, "status": "none"},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    assert [miss.query for miss in read_misses(log)] == ([line] if logged else [])


def test_misses_clear_deletes_the_log_and_only_the_log(small: Matcher, state: Path, tmp_path: Path) -> None:
    record_miss(small.reply("今天天气怎么样"))
    done = run("misses", "--clear")
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.decode("utf-8").startswith("deleted the log of unanswered questions")
    assert not misses_path().exists()
    again = run("misses", "--clear")
    assert again.stdout.decode("utf-8").startswith("there was no log")
    target = tmp_path / "keep.txt"
    target.write_text("keep\n", encoding="utf-8")
    misses_path().symlink_to(target)
    assert clear_misses() is True
    assert target.read_text(encoding="utf-8") == "keep\n"


def test_each_miss_names_its_base_and_listing_by_base_keeps_that_base_and_unnamed_old_records(
        small: Matcher, tmp_path: Path) -> None:
    log = tmp_path / "misses.jsonl"
    now = time.strftime("%Y-%m-%dT%H:%M:%S+0000")
    log.write_text(json.dumps({"time": now, "query": "旧日志里的问题", "status": "none"}, ensure_ascii=False)
                   + "\n", encoding="utf-8")
    record_miss(small.reply("今天天气怎么样"), log, base=base_label(None))
    record_miss(small.reply("明天会下雨吗"), log, base=base_label("shop.yaml"))
    assert json.loads(log.read_text(encoding="utf-8").splitlines()[-1])["base"] == str(Path("shop.yaml").resolve())
    everything = {miss.query for miss in read_misses(log)}
    bundled = {miss.query for miss in read_misses(log, base=base_label(None))}
    shop = {miss.query for miss in read_misses(log, base=base_label("shop.yaml"))}
    assert everything == {"旧日志里的问题", "今天天气怎么样", "明天会下雨吗"}
    assert (bundled, shop) == ({"旧日志里的问题", "今天天气怎么样"}, {"旧日志里的问题", "明天会下雨吗"})


def test_misses_kb_lists_the_questions_of_that_base_only(state: Path, tmp_path: Path) -> None:
    english = REPO / "tests" / "english_kb.yaml"
    asked = run("--kb", str(english), input=b"xyzzy plugh qwerty\n")
    assert asked.returncode == 0
    run(input="今天天气怎么样\n".encode())
    listed = run("misses", "--kb", str(english)).stdout.decode("utf-8")
    assert "xyzzy plugh" in listed and "今天天气怎么样" not in listed
    assert "今天天气怎么样" in run("misses").stdout.decode("utf-8")
    other = run("misses", "--kb", str(REPO / "tests" / "plain_faq.yaml")).stdout.decode("utf-8")
    assert "no unanswered questions logged for this knowledge base" in other
    assert "2 questions asked of other knowledge bases: 'assistant misses' lists them all" in other
    refused = run("misses", "--clear", "--kb", str(english))
    assert refused.returncode == 2 and refused.stderr.decode("utf-8").count("\n") == 1
    assert misses_path().exists()


@pytest.mark.parametrize("args", [["misses", "--kb", "no/such/kb.yaml"], ["--kb", "no/such/kb.yaml", "learn"]])
def test_a_mistyped_kb_path_is_said_not_taken_for_a_base_without_misses(state: Path, args: list[str]) -> None:
    run(input="今天天气怎么样\n".encode())  # a log with a miss of another base
    done = run(*args)
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode("utf-8") == "assistant: error: no/such/kb.yaml: no such file or folder: check the path\n"


def test_misses_lists_a_long_question_by_its_opening_on_one_line(state: Path) -> None:
    story = "我上个月因为公司裁员失业了，一直没找到工作，" * 10 + "明天会下雨吗"
    assert run(input=(story + "\n明天会下雨吗\n").encode()).returncode == 0
    listed = run("misses").stdout.decode("utf-8").splitlines()
    assert len(listed) == 3                                            # the header and one line per question
    assert any(line.endswith(" " + story[:80] + "…") for line in listed)
    assert any(line.endswith(" 明天会下雨吗") for line in listed)


def test_a_100k_miss_log_lists_quickly_and_bounded(state: Path) -> None:
    state.mkdir(parents=True, mode=0o700)
    now = time.strftime("%Y-%m-%dT%H:%M:%S+0000")
    lines = (json.dumps({"time": now, "query": f"问题{number % 5000}", "status": "none", "best": None,
                         "score": 10.0}, ensure_ascii=False) for number in range(100_000))
    (state / "misses.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = time.perf_counter()
    done = run("misses")
    elapsed = time.perf_counter() - start
    assert (done.returncode, done.stderr) == (0, b"")
    assert elapsed < 10
    rows = done.stdout.decode("utf-8").splitlines()[1:]
    assert 0 < len(rows) <= 5000
    assert sum(int(row.split()[0]) for row in rows) * 40 < MAX_LOG_BYTES * 2  # only the newest part is read


# -- unbounded input, unwritable output -------------------------------------------------------------------


@pytest.mark.parametrize("args", [("ask", "-"), ("ask", "--json", "-"), ("--no-log",)])
def test_a_huge_line_is_read_bounded(args: tuple[str, ...]) -> None:
    big = b"x" * (50 * 1024 * 1024) + b"\n" + "微粒贷客服电话".encode() + b"\n"
    done = subprocess.run(
        [sys.executable, "-c", "import resource, sys, runpy; sys.argv = ['assistant', *sys.argv[1:]]; "
         "runpy.run_module('assistant', run_name='__main__')", *args],
        input=big, capture_output=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"})
    assert done.returncode == 0
    assert done.stderr.decode("utf-8").splitlines() == [
        "assistant: warning: line 1 is longer than 65536 bytes: only its first 65536 bytes were read"]
    assert "400-999-8866" in done.stdout.decode("utf-8")


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads the peak memory from /proc")
def test_memory_stays_small_for_a_huge_line() -> None:
    # the peak memory of this process since it started (VmHWM: ru_maxrss would count the forked parent's)
    script = ("import sys; from assistant.lines import bounded_lines\n"
              "lines = list(bounded_lines(sys.stdin.buffer))\n"
              "peak = [line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM')][0]\n"
              "print(len(lines), peak)\n")
    zeros = subprocess.Popen(["head", "-c", str(512 << 20), "/dev/zero"], stdout=subprocess.PIPE)
    done = subprocess.run([sys.executable, "-c", script], stdin=zeros.stdout, capture_output=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert zeros.stdout is not None
    zeros.stdout.close()
    zeros.wait()
    count, peak_kib = done.stdout.split()
    assert int(count) == 1
    assert int(peak_kib) < 100 * 1024  # a 512 MiB line, under 100 MB of memory


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("ask", "微粒贷客服电话"), ("misses",), ("ask", "--json", "你好")])
def test_output_to_a_full_device_is_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "assistant", *args], stdout=full, stderr=subprocess.PIPE,
                              env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert done.returncode == 2
    assert done.stderr.decode("utf-8") == "assistant: error: cannot write the output: No space left on device\n"


@pytest.mark.parametrize(("args", "errors_too", "status"), [
    # (the command, its errors into the same closed pipe (`2>&1 | head`) or on the screen, its exit status)
    (("ask", "微粒贷客服电话"), True, 141),
    (("ask", "微粒贷客服电话"), False, 141),
    (("ask", "--json", "你好"), False, 141),
    (("check",), True, 141),                     # a base without problems: its summary line is not read either
    (("check", "no-such-base.yaml"), True, 141),  # the problem itself cannot be said: still not a success
    (("check", "no-such-base.yaml"), False, 2),   # said on the screen: the usual error
    (("why", "客服"), False, 141),
])
def test_output_whose_reader_went_away_is_exit_141_as_with_sigpipe(args: tuple[str, ...], errors_too: bool,
                                                                   status: int) -> None:
    # `assistant check | head` under `set -o pipefail`: like `grep … | head`, the command did not finish, and
    # says nothing about it (the pipe closing is the reader's doing, not an error)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-m", "assistant", *args], stdout=write_end,
                              stderr=write_end if errors_too else subprocess.PIPE, stdin=subprocess.DEVNULL,
                              env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    finally:
        os.close(write_end)
    assert done.returncode == status
    if not errors_too:
        said = done.stderr.decode("utf-8")
        assert said == ("" if status == 141 else
                        "no-such-base.yaml: no such file or folder: check the path\n"), said  # as check says it


@pytest.mark.parametrize("args", [("ask", "微粒贷客服电话"), ("misses",)])
def test_closed_output_is_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    done = subprocess.run([sys.executable, "-m", "assistant", *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60,
                          preexec_fn=lambda: os.close(1))
    assert done.returncode == 2
    assert done.stderr.decode("utf-8") == "assistant: error: standard output is closed: nothing can be printed\n"


@pytest.mark.parametrize(("args", "status", "stderr"), [
    (("ask", "-"), 2, "assistant: error: standard input is closed: nothing can be read (ask on the command line: "
                      "assistant ask QUESTION)\n"),
    (("ask", "--json", "-"), 2, "assistant: error: standard input is closed: nothing can be read (ask on the "
                                "command line: assistant ask QUESTION)\n"),
    (("chat",), 2, "assistant: error: standard input is closed: nothing can be read (ask on the command line: "
                   "assistant ask QUESTION)\n"),
    (("ask", "微粒贷客服电话"), 0, ""),      # a question on the command line needs no input
    (("learn",), 0, ""),                    # nothing to review: nothing read
])
def test_closed_input_is_one_line_and_exit_2_where_it_is_read(args: tuple[str, ...], status: int, stderr: str,
                                                              tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "assistant", *args], stdin=subprocess.DEVNULL, capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(REPO), "XDG_STATE_HOME": str(tmp_path)}, timeout=60,
                          preexec_fn=lambda: os.close(0))
    assert (done.returncode, done.stderr.decode("utf-8")) == (status, stderr)


def test_misses_leaves_out_the_questions_the_base_answers_by_now(state: Path, tmp_path: Path) -> None:
    kb = tmp_path / "kb.yaml"
    kb.write_bytes((REPO / "tests" / "english_kb.yaml").read_bytes())
    assert run("--kb", str(kb), input=b"xyzzy plugh qwerty\nzork frobozz grue\n").returncode == 0
    assert run("--kb", str(kb), "learn", "xyzzy plugh qwerty", "--entry", "opening-hours").returncode == 0
    for args in (["misses", "--kb", str(kb)], ["misses"]):  # the records name their base: re-asked either way
        done = run(*args)
        assert (done.returncode, done.stderr) == (0, b"")
        rows = done.stdout.decode("utf-8").splitlines()
        assert [row.split()[-3:] for row in rows[1:-1]] == [["zork", "frobozz", "grue"]]
        assert rows[-1] == ("(1 logged question left out: the knowledge base answers it by now, "
                            "or lists it as out of scope)")
    assert run("--kb", str(kb), "learn", "zork frobozz grue", "--entry", "opening-hours").returncode == 0
    assert run("misses", "--kb", str(kb)).stdout.decode("utf-8") == (
        "no unanswered questions left to look at (2 logged questions left out: the knowledge base answers them "
        "by now, or lists them as out of scope)\n")


def test_a_base_reached_through_a_link_is_the_same_base_in_the_misses_log(small: Matcher, tmp_path: Path) -> None:
    log = tmp_path / "misses.jsonl"
    (tmp_path / "real").mkdir()
    base = tmp_path / "real" / "faq.yaml"
    base.write_text("", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    linked = tmp_path / "link" / "faq.yaml"
    assert base_label(linked) == base_label(base) == str(base.resolve())
    record_miss(small.reply("今天天气怎么样"), log, base=base_label(linked))
    now = time.strftime("%Y-%m-%dT%H:%M:%S+0000")
    with log.open("a", encoding="utf-8") as written:   # as the log named it before links were resolved
        written.write(json.dumps({"time": now, "query": "明天会下雨吗", "status": "none", "base": str(linked)},
                                 ensure_ascii=False) + "\n")
    for asked_as in (base, linked):
        listed = {miss.query for miss in read_misses(log, base=base_label(asked_as))}
        assert listed == {"今天天气怎么样", "明天会下雨吗"}
