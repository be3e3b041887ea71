"""What ``assistant check`` tells a knowledge-base maintainer beyond one entry at a time: an out-of-scope
question that is also an entry's phrasing (an error) or holds nothing to match (a warning), each with its file
and line; a file of entries without a header (defaults, as for a bare list); and a folder holding an unreadable
file, whose other files are still checked; and a bare list's entries without alternates, one warning each for
one or two, one warning for them all from three; and the same for entries with a few alternates.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import HEADER, entry_yaml

from assistant import cli
from assistant.knowledge import inspect_knowledge
from assistant.knowledge_cross_checks import place_of

ENTRIES = ("entries:\n" + entry_yaml("a", "怎么还款", alternates="如何还钱")
           + entry_yaml("b", "客服电话", alternates="热线"))
"""Two entries after ``conftest.HEADER``: a's question on line 11, its alternates
on line 12, b's on 16-17; ``out_of_scope:`` after them on line 20."""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], list[str]]:
    """Run ``assistant ARGS…`` in this process: its exit status, standard output and error lines."""
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err.splitlines()


# (out_of_scope lines, exit status, the line check prints about them; {kb} is the file)
OUT_OF_SCOPE = [
    (["如何 还钱？"], 2, "{kb}:21: out_of_scope question '如何 还钱？' is also a phrasing of entry 'a' ({kb}:12): "
                          "remove it from out_of_scope, or from the entry if the base does not answer it"),
    (["车贷逾期怎么办", "客服电话"], 2, "{kb}:22: out_of_scope question '客服电话' is also a phrasing of entry 'b' "
                                  "({kb}:16): remove it from out_of_scope, or from the entry if the base does "
                                  "not answer it"),
    (["？！😀"], 0, "{kb}:21: warning: out_of_scope question '？！😀' has no letters or digits to match on: "
                   "reword it or remove it"),
]


@pytest.mark.parametrize(("declared", "status", "expected"), OUT_OF_SCOPE)
def test_an_out_of_scope_question_that_is_answered_or_empty_is_reported_with_its_line(
        declared: list[str], status: int, expected: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "kb.yaml"
    kb.write_text(HEADER + ENTRIES + "out_of_scope:\n" + "".join(f"  - {line}\n" for line in declared),
                  encoding="utf-8")
    done, out, err = run(capsys, "check", str(kb))
    line = expected.format(kb=kb)
    assert done == status
    assert line in (err if status else out)


# (a file without a header, the title, language and fallback it loads with)
NO_HEADER = [
    ("entries:\n  - id: hours\n    question: 几点开门\n    answer: 九点。\n", "faq", "zh",
     "抱歉，这个问题我还答不上来。换个说法再问一次试试。"),
    ("fallback: 不知道。\nentries:\n  - id: hours\n    question: When do you open?\n    answer: At nine.\n",
     "faq", "en", "不知道。"),
]


@pytest.mark.parametrize(("text", "title", "language", "fallback"), NO_HEADER)
def test_entries_without_a_header_load_with_the_defaults_of_a_bare_list(
        text: str, title: str, language: str, fallback: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "faq.yaml"
    kb.write_text(text, encoding="utf-8")
    knowledge, problems = inspect_knowledge(kb)
    assert knowledge is not None
    assert (knowledge.title, knowledge.language, knowledge.version, knowledge.fallback) == (title, language, "1",
                                                                                            fallback)
    assert all(problem.warning for problem in problems)
    done, out, err = run(capsys, "check", str(kb))
    assert (done, err) == (0, [])
    assert (f"{kb}: warning: no knowledge_base header, so the title is {title!r}, the language {language!r} "
            "and the version '1' (a header sets them)") in out


ADVICE = "add 6 or more other ways people ask it to match better"

# (entries of a bare list without alternates, the lines check prints about them; {kb} is the file)
BARE_LIST = [
    (1, ["{kb}:1: [q0] warning: no alternates: the question alone is matched; " + ADVICE]),
    (2, ["{kb}:1: [q0] warning: no alternates: the question alone is matched; " + ADVICE,
         "{kb}:4: [q1] warning: no alternates: the question alone is matched; " + ADVICE]),
    (3, ["{kb}: warning: 3 of 3 entries have no alternates (lines 1, 4, 7): each question alone is matched; "
         + ADVICE]),
    (12, ["{kb}: warning: 12 of 12 entries have no alternates (lines 1, 4, 7, 10, 13, 16, 19, 22, 25, 28, …): "
          "each question alone is matched; " + ADVICE]),
]


@pytest.mark.parametrize(("size", "expected"), BARE_LIST)
def test_a_bare_list_gets_one_warning_for_its_entries_without_alternates_from_three(
        size: int, expected: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "bakery.yaml"
    kb.write_text("".join(f"- question: 问题{i}\n  answer: 回答{i}。\n  id: q{i}\n" for i in range(size)),
                  encoding="utf-8")
    done, out, err = run(capsys, "check", str(kb))
    assert (done, err) == (0, [])
    assert [line for line in out if "ways people ask" in line] == [
        line.format(kb=kb) for line in expected]
    # The header and fallback defaults are the other two warnings; a grouped line counts as one.
    assert out[-1].endswith(f", {2 + len(expected)} warnings")
    assert run(capsys, "check", "--strict", str(kb))[0] == 1


def test_entries_with_alternates_are_not_counted_among_a_files_entries_without(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "faq.yaml"
    kb.write_text("- question: 几点开门\n  answer: 九点。\n  alternates: [营业时间]\n"
                  + "".join(f"- question: 问题{i}\n  answer: 回答{i}。\n" for i in range(3)), encoding="utf-8")
    out = run(capsys, "check", str(kb))[1]
    assert f"{kb}: warning: 3 of 4 entries have no alternates (lines 4, 6, 8): each question alone is matched; " \
           + ADVICE in out


FEW = "add at least 6 ways people ask"

# (how many alternates each entry (four lines) of a bare list has, the lines check prints about too few;
# {kb} is the file)
FEW_ALTERNATES = [
    ([2], ["{kb}:1: [q0] warning: only 2 alternates: " + FEW]),
    ([1, 5], ["{kb}:1: [q0] warning: only 1 alternate: " + FEW, "{kb}:5: [q1] warning: only 5 alternates: " + FEW]),
    ([6, 1, 6], ["{kb}:5: [q1] warning: only 1 alternate: " + FEW]),
    ([2, 2, 2], ["{kb}: warning: 3 entries have only 2 alternates (lines 1, 5, 9): " + FEW + " each"]),
    ([1, 6, 3, 5], ["{kb}: warning: 3 entries have only 1 to 5 alternates (lines 1, 9, 13): " + FEW + " each"]),
    ([1] * 12, ["{kb}: warning: 12 entries have only 1 alternate (lines 1, 5, 9, 13, 17, 21, 25, 29, 33, 37, …): "
                + FEW + " each"]),
]


@pytest.mark.parametrize(("alternates", "expected"), FEW_ALTERNATES)
def test_entries_with_a_few_alternates_get_one_warning_from_three(
        alternates: list[int], expected: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "faq.yaml"
    kb.write_text("".join(f"- question: 问题{i}\n  answer: 回答{i}。\n  id: q{i}\n  alternates: ["
                          + ", ".join(f"问法{i}之{k}" for k in range(count)) + "]\n"
                          for i, count in enumerate(alternates)), encoding="utf-8")
    done, out, err = run(capsys, "check", str(kb))
    assert (done, err) == (0, [])
    assert [line for line in out if "ways people ask" in line] == [
        line.format(kb=kb) for line in expected]


def test_entries_citing_a_document_without_a_header_are_told_to_list_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "faq.yaml"
    kb.write_text("entries:\n" + entry_yaml("hours", "几点开门", alternates="营业时间"), encoding="utf-8")
    done, out, err = run(capsys, "check", str(kb))
    assert (done, out) == (2, [])
    assert err == [f"{kb}:6: [hours] source document 'doc.txt' is not listed under knowledge_base.sources "
                   "(listed: none): correct it or list it"]


def _a_folder(path: Path) -> str:
    path.mkdir()
    return "is a folder, but a .yaml name promises a file: rename or remove it"


def _a_pipe(path: Path) -> str:
    os.mkfifo(path)
    return "is not a regular file (a pipe or a device?): remove it from the folder"


def _invalid_yaml(path: Path) -> str:
    path.write_text("entries: [\n", encoding="utf-8")
    return "invalid YAML"


# (how the unreadable 05-x.yaml is made: it makes it and returns what check says of it)
UNREADABLE: list[Callable[[Path], str]] = [_a_folder, _a_pipe, _invalid_yaml]


@pytest.mark.parametrize("make", UNREADABLE)
def test_an_unreadable_file_does_not_hide_the_other_files_problems(
        make: Callable[[Path], str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "00-base.yaml").write_text(HEADER + ENTRIES, encoding="utf-8")
    (folder / "10-more.yaml").write_text("entries:\n  - id: c\n    question: 12\n    answer: 答案。\n",
                                         encoding="utf-8")
    said = make(folder / "05-x.yaml")
    done, out, err = run(capsys, "check", str(folder))
    assert (done, out) == (2, [])
    assert err[0].startswith(f"{folder / '05-x.yaml'}:") and said in err[0]
    # the other file's own error, not those between files the unreadable one might settle
    assert err[1:] == [f"{folder / '10-more.yaml'}:3: [c] field 'question' must be text, not a number or other "
                       "non-text value: quote it", "assistant: 2 problems found"]


@pytest.mark.parametrize(("file", "line", "place"), [
    ("faq.yaml", 12, "faq.yaml:12"),
    ("faq.yaml", None, "faq.yaml"),                 # an entry built from data: no lines
    (None, 12, "line 12"),                          # never a bare ":12", a message without a file name
    (None, None, "an entry of no named file"),
])
def test_a_problem_names_where_the_other_entry_is_in_words_a_reader_can_follow(file: str | None, line: int | None,
                                                                               place: str) -> None:
    assert place_of(file, line) == place


def test_an_evaluation_file_checked_as_a_knowledge_base_is_said_to_be_one_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    questions = tmp_path / "questions.yaml"
    questions.write_text("- {q: 逾期了会上征信吗, expect: overdue-credit-reporting, kind: colloquial}\n"
                         "- {q: 明天会下雨吗, expect: null, kind: oos}\n", encoding="utf-8")
    said = (f"{questions}: is an evaluation file (items {{q: …, expect: …}}), not a knowledge base: measure a base "
            f"with it, 'assistant --kb KNOWLEDGE eval {questions}'")
    assert run(capsys, "check", str(questions)) == (2, [], [said])  # not an unknown field 'q' per field and item
    assert run(capsys, "--kb", str(questions), "ask", "逾期") == (2, [], [f"assistant: error: {said}"])
    # a list of questions and answers written with other keys is a knowledge base gone wrong, told field by field
    faq = tmp_path / "faq.yaml"
    faq.write_text("- q: 几点开门\n  a: 九点\n", encoding="utf-8")
    assert "unknown field 'q' in an entry" in run(capsys, "check", str(faq))[2][0]


def test_check_lists_a_files_problems_from_its_top_down_and_the_other_commands_refuse_with_the_first(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "kb.yaml"
    kb.write_text("entries:\n  - id: a\n    question: 几点开门\n    answer: 九点\n  - id: a\n    question: 几点关门\n"
                  "    answer: 九点\n  - id: d\n    question: 在哪\n    answer: 北京\n    follow_ups: d\n"
                  "    alternates: 在哪里\n", encoding="utf-8")
    status, _, err = run(capsys, "check", str(kb))
    # found as each entry's fields, then the ids across entries: shown as the file reads
    assert status == 2 and [line.split(": ")[0] for line in err[:-1]] == [f"{kb}:5", f"{kb}:11", f"{kb}:12"]
    assert run(capsys, "--kb", str(kb), "ask", "几点开门")[2][0].startswith(f"assistant: error: {err[0]} (and 2 more")
