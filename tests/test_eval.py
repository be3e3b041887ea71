"""The evaluation set measures matching, not memory, and the matcher keeps its measured accuracy."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from assistant import Matcher
from assistant.evaluation import Report, evaluate, load_questions

EVAL = Path(__file__).resolve().parent / "eval"
QUESTIONS = load_questions(EVAL / "questions.yaml")
HOLDOUT = load_questions(EVAL / "holdout.yaml")

# The product's targets, with the default thresholds. Measured (assistant eval, 2026-11-21): 97.8% in
# scope and 96.6% out of scope here; 93.2% and 94.1% on holdout.yaml, which is never used for tuning.
IN_SCOPE_FLOOR = 0.95
OUT_OF_SCOPE_FLOOR = 0.95


@pytest.fixture(scope="module")
def report(bundled: Matcher) -> Report:
    return evaluate(bundled, QUESTIONS)


@pytest.mark.parametrize(("kind", "at_least"), [
    (None, 200), ("typo", 40), ("traditional", 30), ("long", 20), ("out_of_scope", 50)])
def test_the_evaluation_set_has_every_kind_of_question(kind: str | None, at_least: int) -> None:
    counts = Counter(q.kind for q in QUESTIONS)
    assert (len(QUESTIONS) if kind is None else counts[kind]) >= at_least


def test_no_evaluation_question_is_a_phrasing_of_the_knowledge_base(bundled: Matcher) -> None:
    phrasings = {bundled.normalize(p) for entry in bundled.knowledge.entries for p in entry.phrasings}
    copied = [q.text for q in QUESTIONS + HOLDOUT if bundled.normalize(q.text) in phrasings]
    assert copied == []


def test_every_entry_is_reached_by_some_evaluation_question(report: Report, bundled: Matcher) -> None:
    reached = {o.question.expect for o in report.outcomes if o.right and o.question.expect}
    assert [e.id for e in bundled.knowledge.entries if e.id not in reached] == []


def test_accuracy_with_default_thresholds_stays_at_its_measured_level(report: Report) -> None:
    assert report.rate("in") >= IN_SCOPE_FLOOR
    assert report.rate("out") >= OUT_OF_SCOPE_FLOOR


def test_the_matcher_beats_both_baselines_at_their_best_cutoffs(report: Report) -> None:
    ours = sum(o.right for o in report.outcomes)
    for baseline in report.baselines:
        assert ours > baseline.in_scope_right + baseline.out_of_scope_right, baseline.name


def test_the_eval_command_prints_totals_kinds_baselines_and_misses(tmp_path: Path) -> None:
    from assistant.cli import main

    path = tmp_path / "few.yaml"
    path.write_text("- {q: 微粒贷客服电话是几号, expect: hotline-number, kind: keyword}\n"
                    "- {q: 今天天气怎么样, expect: null, kind: out_of_scope}\n"
                    "- {q: 怎么还钱, expect: repay-channels, kind: colloquial}\n", encoding="utf-8")
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["eval", str(path)]) == 0
    text = out.getvalue()
    for line in ("answered right:", "right answer among the suggestions:", "wrong answer given:",
                 "out of scope rightly not answered:   1/1", "rapidfuzz extractOne", "difflib SequenceMatcher"):
        assert line in text


def _eval_file(tmp_path: Path, lines: str) -> Path:
    path = tmp_path / "set.yaml"
    path.write_text(lines, encoding="utf-8")
    return path


def test_an_answer_with_an_also_entry_counts_as_right(tmp_path: Path, bundled: Matcher) -> None:
    got = bundled.reply("微粒贷客服电话是多少").entry
    assert got is not None and got.id == "hotline-number"
    path = _eval_file(tmp_path, "- {q: 微粒贷客服电话是多少, expect: contact-customer-service, "
                                "also: [hotline-number], kind: keyword}\n")
    with_also = evaluate(bundled, load_questions(path), baselines=False)
    path.write_text("- {q: 微粒贷客服电话是多少, expect: contact-customer-service, kind: keyword}\n",
                    encoding="utf-8")
    without = evaluate(bundled, load_questions(path), baselines=False)
    assert (with_also.rate("in"), with_also.wrong_rate()) == (1.0, 0.0)
    assert (without.rate("in"), without.wrong_rate()) == (0.0, 1.0)


@pytest.mark.parametrize("line", [
    "- {q: 今天天气, expect: null, also: [hotline-number]}\n",       # also without expect
    "- {q: 客服电话, expect: hotline-number, also: {a: b}}\n",        # not a list
])
def test_a_malformed_also_is_refused(tmp_path: Path, line: str) -> None:
    from assistant.evaluation import EvaluationFileError

    with pytest.raises(EvaluationFileError, match="also"):
        load_questions(_eval_file(tmp_path, line))


@pytest.mark.parametrize(("line", "problem"), [
    ("- {q: 客服电话, expect: hotline-numbr}\n", "names unknown entry id 'hotline-numbr': did you mean "
                                                "'hotline-number'?"),
    ("- {q: 客服电话, expect: hotline-number, also: [zzz]}\n", "names unknown entry id 'zzz': correct it"),
    ("- {q: 那延期呢, expect: extension-how, previous: nope}\n", "names unknown entry id 'nope': correct it"),
    # "no entry" written as a word, as the reply's status is named: the way to write it is said
    ("- {q: 明天会下雨吗, expect: none}\n", "names unknown entry id 'none': a question the base should not answer "
                                          "is written 'expect: null' (no quotes)"),
    ("- {q: 明天会下雨吗, expect: 'null'}\n", "names unknown entry id 'null': a question the base should not answer "
                                            "is written 'expect: null' (no quotes)"),
    ("- {q: 那延期呢, expect: extension-how, previous: none}\n", "names unknown entry id 'none': correct it"),
])
def test_an_unknown_entry_id_is_named_with_its_file_and_item(tmp_path: Path, bundled: Matcher, line: str,
                                                             problem: str) -> None:
    from assistant.evaluation import EvaluationFileError

    path = _eval_file(tmp_path, "- {q: 你好, expect: greeting}\n" + line)
    with pytest.raises(EvaluationFileError) as raised:
        evaluate(bundled, load_questions(path), baselines=False)
    assert str(raised.value).startswith(f"{path}:2: item 2: question ")
    assert str(raised.value).endswith(problem)


@pytest.mark.parametrize(("text", "problem"), [
    ("- q: 你好\n  expect: greeting\n- q: 逾期了\n  expec: overdue-what-to-do\n",
     ":3: item 2: unknown field 'expec': did you mean 'expect'?"),       # named, not said missing as 'expect'
    ("- {q: 你好, expect: greeting}\n\n- {expect: greeting}\n",
     ":3: item 2 needs 'q' (text) and 'expect' (an id or null)"),
    ("- {q: 你好, expect: null, also: [greeting]}\n", ":1: item 1: 'also' must be a list of entry ids"),
    ("- {q: 逾期了, expect: overdue-what-to-do, alsso: [pay-off-quickly]}\n",
     ":1: item 1: unknown field 'alsso': did you mean 'also'?"),
    ("- {q: 逾期了, expect: overdue-what-to-do, note: 口语}\n",
     ":1: item 1: unknown field 'note': the fields are q, expect, also, previous, kind"),
    ("- {q: 逾期了, expect: overdue-what-to-do, kind: [typo]}\n", ":1: item 1: 'kind' must be one word"),
    ("- {q: 那利息呢, expect: penalty-interest, previous: {id: x}}\n", ":1: item 1: 'previous' must be one word"),
    ("- {q: 客服电话, expect: [hotline-number]}\n", ":1: item 1: 'expect' must be one word"),  # not "['hotline…']"
    ("- {q: 客服电话, expect: hotline-number}\n- {q: '', expect: hotline-number}\n", ":2: item 2: 'q' is empty"),
    ("- {q: '　 ', expect: null}\n", ":1: item 1: 'q' is empty"),            # spaces (a full-width one) only
    ("- {q: 客服电话, expect: hotline-number, also: [[hotline-steps]]}\n",
     ":1: item 1: 'also' must be a list of entry ids"),
])
def test_a_malformed_item_is_named_with_its_file_and_line(tmp_path: Path, text: str, problem: str) -> None:
    from assistant.evaluation import EvaluationFileError

    path = _eval_file(tmp_path, text)
    with pytest.raises(EvaluationFileError) as raised:
        load_questions(path)
    assert str(raised.value).startswith(f"{path}{problem}")


@pytest.mark.parametrize("text", [
    "knowledge_base: {title: 小店, language: zh, version: '1'}\nfallback: 不知道\n"
    "entries:\n  - {id: hours, question: 几点开门？, answer: 九点。}\n",
    "entries:\n  - {id: hours, question: 几点开门？, answer: 九点。}\n",
    "- question: 几点开门？\n  answer: 九点。\n",                      # a bare list
])
def test_a_knowledge_base_given_as_the_evaluation_file_is_said_to_be_one(tmp_path: Path, text: str) -> None:
    from assistant.evaluation import EvaluationFileError

    path = _eval_file(tmp_path, text)
    with pytest.raises(EvaluationFileError) as raised:
        load_questions(path)
    assert str(raised.value) == (f"{path} is a knowledge base, not an evaluation file: give it with --kb "
                                 f"('assistant --kb {path} eval QUESTIONS'); an evaluation file is a YAML list "
                                 "of items {q: …, expect: …}")


def test_eval_without_a_file_outside_a_checkout_asks_for_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["eval"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert "give the evaluation file: assistant eval FILE" in captured.err


def test_eval_of_an_empty_list_is_one_line_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main

    path = _eval_file(tmp_path, "[]\n")
    assert main(["eval", "--no-log", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert captured.err.startswith(f"assistant: error: {path}:1: holds no questions: write a YAML list")


@pytest.mark.parametrize(("options", "status"), [
    ([], 0), (["--min-right", "50", "--min-oos", "100"], 0), (["--min-right", "100"], 1), (["--min-oos", "100"], 0),
])
def test_min_right_and_min_oos_make_the_eval_command_fail_below_them(
        tmp_path: Path, options: list[str], status: int) -> None:
    from assistant.cli import main

    path = _eval_file(tmp_path, "- {q: 微粒贷客服电话是几号, expect: hotline-number, kind: keyword}\n"
                                "- {q: 今天天气怎么样, expect: null, kind: out_of_scope}\n"
                                "- {q: asdfgh, expect: hotline-number, kind: noise}\n")
    assert main(["eval", str(path), *options]) == status


def test_a_gate_after_the_matcher_withholds_the_answer(bundled: Matcher) -> None:
    from assistant.evaluation import staged_reply

    assert staged_reply(bundled, "微粒贷客服电话是多少").status == "answer"
    withheld = staged_reply(bundled, "微粒贷客服电话是多少", gate=lambda text, reply: True)
    assert (withheld.status, withheld.answer, withheld.entry.id if withheld.entry else None) == (
        "none", None, "hotline-number")
    rewritten = staged_reply(bundled, "asdfgh", rewrite=lambda text: "微粒贷客服电话是多少")
    assert rewritten.status == "answer"


def test_an_evaluation_file_given_as_a_folder_says_so(tmp_path: Path) -> None:
    from assistant.evaluation import EvaluationFileError

    with pytest.raises(EvaluationFileError, match=r": is a folder: give the evaluation file to read \(a YAML list"):
        load_questions(tmp_path)


@pytest.mark.parametrize(("content", "problem"), [
    ("- {q: " + "[" * 100_000 + "]" * 100_000 + ", expect: null}\n", "nested more than 50 levels deep"),
    ("a0: &a0 [" + ", ".join(["x"] * 9) + "]\n"
     + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)), r"an alias bomb\?"),
    # not a knowledge base's advice (a header, entries): what an evaluation file holds
    ("", r"deep.yaml:1: file is empty: write a YAML list of labelled questions, one a line: - \{q: 问题, expect: "
         r"ENTRY-ID or null\}$"),
    ("# 还没写\n", r"deep.yaml:1: file is empty: write a YAML list"),
    ("[]\n", r"deep.yaml:1: holds no questions: write a YAML list of labelled questions, one a line"),
    ("# 还没写\n\n[]\n", r"deep.yaml:3: holds no questions: write a YAML list"),   # the line the list is on
    ("q: 几点开门\n", r"deep.yaml:1: must be a YAML list of labelled questions, one a line: - \{q: 问题"),
])
def test_an_evaluation_file_is_read_with_the_hardened_reader(tmp_path: Path, content: str, problem: str) -> None:
    from assistant.evaluation import EvaluationFileError

    path = tmp_path / "deep.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationFileError, match=problem):
        load_questions(path)
