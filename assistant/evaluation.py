"""Measuring accuracy on a labelled question set, side by side with two simple baselines.

An evaluation file is a YAML list of items ``{q: question, expect: entry id or null, kind: …,
also: [other acceptable entry ids], previous: entry id answered the turn before}``. ``expect: null`` marks
a question the knowledge base does not cover (see docs/knowledge-format.md).

Stages can be composed with a matcher for measuring: ``rewrite`` turns the question into the text the
matcher reads (query understanding, e.g. ``pinyin_input.PinyinReader``), ``gate`` may withhold an answer
after the matcher (a check under trial, before it joins the decision).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from rapidfuzz import fuzz, process

from .errors import AssistantError, KnowledgeError, did_you_mean
from .matcher import Matcher
from .replies import Reply


class EvaluationFileError(AssistantError):
    """The evaluation file cannot be read or is not a list of {q, expect, kind} items."""


@dataclass(frozen=True)
class Question:
    """One labelled question of an evaluation set."""

    text: str
    expect: str | None
    kind: str
    previous: str | None = None
    also: tuple[str, ...] = ()
    where: str | None = None
    """Where the question was read (``FILE: item N``), for problems; None for questions built in code."""

    @property
    def acceptable(self) -> tuple[str, ...]:
        """The entry ids whose answer is right for this question (empty when it is out of scope)."""
        return () if self.expect is None else (self.expect, *self.also)


@dataclass(frozen=True)
class Outcome:
    """What the matcher did with one labelled question."""

    question: Question
    reply: Reply

    @property
    def right(self) -> bool:
        """True when an in-scope question was answered with its entry, or an out-of-scope one was not answered."""
        if self.question.expect is None:
            return self.reply.status != "answer"
        return self.reply.status == "answer" and self.reply.entry is not None \
            and self.reply.entry.id in self.question.acceptable

    @property
    def suggested(self) -> bool:
        """True when the expected entry is among the "您是不是想问…" suggestions."""
        return self.reply.status == "clarify" and any(m.id in self.question.acceptable
                                                        for m in self.reply.suggestions)

    @property
    def wrong_answer(self) -> bool:
        """True when an answer was given, but not the expected one."""
        return self.reply.status == "answer" and not self.right


@dataclass(frozen=True)
class BaselineResult:
    """A baseline's accuracy at its best single cutoff."""

    name: str
    cutoff: float
    in_scope_right: int
    out_of_scope_right: int


@dataclass
class Report:
    """The results of one evaluation run."""

    outcomes: list[Outcome]
    baselines: list[BaselineResult] = field(default_factory=list)

    @property
    def in_scope(self) -> list[Outcome]:
        """Outcomes of the questions the knowledge base covers."""
        return [o for o in self.outcomes if o.question.expect is not None]

    @property
    def out_of_scope(self) -> list[Outcome]:
        """Outcomes of the questions it does not cover."""
        return [o for o in self.outcomes if o.question.expect is None]

    def rate(self, which: str) -> float:
        """Return the share (0–1) of in-scope questions answered right (``"in"``) or of out-of-scope
        questions rightly not answered (``"out"``); 1.0 when there are none."""
        group = self.in_scope if which == "in" else self.out_of_scope
        return sum(o.right for o in group) / len(group) if group else 1.0

    def wrong_rate(self) -> float:
        """Return the share (0–1) of in-scope questions given a wrong answer; 0.0 when there are none."""
        group = self.in_scope
        return sum(o.wrong_answer for o in group) / len(group) if group else 0.0


ITEM_FIELDS = ("q", "expect", "also", "previous", "kind")
"""The fields an item of an evaluation file may have (docs/knowledge-format.md)."""


def load_questions(path: str | Path) -> list[Question]:
    """Read an evaluation file; raises ``EvaluationFileError`` naming the item that is malformed and the line
    it starts on."""
    from .yaml_reader import line_of, read_yaml

    path = Path(path)
    items = "a YAML list of labelled questions, one a line: - {q: 问题, expect: ENTRY-ID or null}"
    if not path.exists():
        raise EvaluationFileError(f"{path}: no such file: give the evaluation file to read")
    if path.is_dir():
        raise EvaluationFileError(f"{path}: is a folder: give the evaluation file to read ({items})")
    try:  # the knowledge base's hardened reader: a deep or alias-bomb file is refused at once
        data = read_yaml(path)
    except KnowledgeError as error:
        problem = error.problems[0]
        if problem.message == "file is empty":
            problem = replace(problem, message=f"file is empty: write {items}")
        raise EvaluationFileError(str(problem)) from None
    # A knowledge file given in its place (a header, or entries with a question and an answer) is said to be one.
    a_knowledge_base = (f"{path} is a knowledge base, not an evaluation file: give it with --kb "
                        f"('assistant --kb {path} eval QUESTIONS'); an evaluation file is a YAML list of items "
                        "{q: …, expect: …}")
    if isinstance(data, dict) and ("knowledge_base" in data or "entries" in data):
        raise EvaluationFileError(a_knowledge_base)
    if not isinstance(data, list) or not data:
        line = line_of(data)
        where = f"{path}{f':{line}' if line else ''}"
        if isinstance(data, list):  # ([]): no question to measure on, and no share of none to report
            raise EvaluationFileError(f"{where}: holds no questions: write {items}")
        raise EvaluationFileError(f"{where}: must be {items}")
    questions = []
    for number, item in enumerate(data, 1):
        line = line_of(item)
        where = f"{path}:{line}: item {number}" if line else f"{path}: item {number}"
        if number == 1 and isinstance(item, dict) and "question" in item and "q" not in item:
            raise EvaluationFileError(a_knowledge_base)
        # A misspelt field first: 'expec' is better named than said missing as 'expect'.
        unknown = sorted(str(key) for key in item if key not in ITEM_FIELDS) if isinstance(item, dict) else []
        if unknown:
            hint = did_you_mean(unknown[0], ITEM_FIELDS, cutoff=0.6)
            raise EvaluationFileError(f"{where}: unknown field {unknown[0]!r}"
                                      f"{hint or ': the fields are ' + ', '.join(ITEM_FIELDS)}")
        if not isinstance(item, dict) or not isinstance(item.get("q"), str) or "expect" not in item:
            raise EvaluationFileError(f"{where} needs 'q' (text) and 'expect' (an id or null)")
        if not item["q"].strip():  # nothing asked (a full-width space is a space): every way in refuses it
            raise EvaluationFileError(f"{where}: 'q' is empty: write the question as a person typed it")
        for field_name in ("expect", "kind", "previous"):
            if item.get(field_name) is not None and not isinstance(item[field_name], (str, int)):
                raise EvaluationFileError(f"{where}: {field_name!r} must be one word, not a list or a mapping")
        expect = item["expect"]
        previous = item.get("previous")
        also = item.get("also") or []
        if isinstance(also, str):
            also = [also]
        if not isinstance(also, list) or (also and expect is None) \
                or not all(isinstance(other, (str, int)) for other in also):
            raise EvaluationFileError(f"{where}: 'also' must be a list of entry ids, "
                                      "and only for a question with an 'expect' id")
        questions.append(Question(item["q"], None if expect is None else str(expect),
                                  str(item.get("kind", "other")), None if previous is None else str(previous),
                                  tuple(str(a) for a in also), where))
    return questions


Rewrite = Callable[[str], str]
"""A stage before the matcher: the question as the user typed it -> the text the matcher reads."""

Gate = Callable[[str, Reply], bool]
"""A stage after the matcher: (the question as typed, the matcher's reply) -> True to withhold the answer."""


def staged_reply(matcher: Matcher, text: str, previous: str | None = None, *, rewrite: Rewrite | None = None,
                 gate: Gate | None = None) -> Reply:
    """Return ``matcher``'s reply to ``text`` read through ``rewrite`` first; a reply ``gate`` withholds
    becomes a "none" (the best match kept for inspection)."""
    read = rewrite(text) if rewrite is not None else text
    reply = matcher.reply(read, previous=previous)
    if gate is not None and reply.status != "none" and gate(text, reply):
        return Reply(text, "none", None, reply.match, fallback=matcher.knowledge.fallback)
    return reply


_NO_ENTRY_WORDS = frozenset({"none", "null", "nil", "no", "false", "~", ""})
"""An ``expect`` meant to say "no entry" but read as text (``expect: none``, as the reply's status is named)."""


def evaluate(matcher: Matcher, questions: Sequence[Question], *, baselines: bool = True,
             rewrite: Rewrite | None = None, gate: Gate | None = None) -> Report:
    """Run every question through ``matcher`` (and the baselines) and return the report.

    ``rewrite`` and ``gate`` compose stages with the matcher (see ``staged_reply``). Raises
    ``EvaluationFileError`` when a question names an entry id the knowledge base lacks.
    """
    for question in questions:
        for wanted in (*question.acceptable, question.previous):
            if wanted is not None and matcher.knowledge.get(wanted) is None:
                where = f"{question.where}: " if question.where else ""
                hint = did_you_mean(wanted, (entry.id for entry in matcher.knowledge.entries), cutoff=0.75)
                if wanted.strip().lower() in _NO_ENTRY_WORDS and wanted == question.expect:
                    hint = ": a question the base should not answer is written 'expect: null' (no quotes)"
                raise EvaluationFileError(f"{where}question {question.text!r} names unknown entry id {wanted!r}"
                                          f"{hint or ': correct it'}")
    questions = [_with_ids_now(question, matcher) for question in questions]
    outcomes = [Outcome(q, staged_reply(matcher, q.text, q.previous, rewrite=rewrite, gate=gate))
                for q in questions]
    report = Report(outcomes)
    if baselines:
        report.baselines = [_baseline(matcher, questions, name, scorer) for name, scorer in _BASELINES]
    return report


def _with_ids_now(question: Question, matcher: Matcher) -> Question:
    """Return ``question`` naming each entry by its id now: a bare list's former id (``Knowledge.former_ids``)
    by the entry's id made from its question, which replies carry."""
    def now(entry_id: str) -> str:
        entry = matcher.knowledge.get(entry_id)
        return entry.id if entry is not None else entry_id

    return replace(question, expect=None if question.expect is None else now(question.expect),
                   also=tuple(map(now, question.also)),
                   previous=None if question.previous is None else now(question.previous))


def _difflib_ratio(a: str, b: str, **_: object) -> float:
    return 100.0 * difflib.SequenceMatcher(None, a, b).ratio()


_BASELINES: list[tuple[str, Callable[..., float]]] = [
    ("rapidfuzz extractOne (fuzz.ratio, raw text)", fuzz.ratio),
    ("difflib SequenceMatcher (ChatterBot-style)", _difflib_ratio),
]


def _baseline(matcher: Matcher, questions: Sequence[Question], name: str,
              scorer: Callable[..., float]) -> BaselineResult:
    """Best match over the raw questions and alternates, at the single cutoff that scores best overall."""
    choices: list[str] = []
    owners: list[str] = []
    for entry in matcher.knowledge.entries:
        for phrasing in entry.phrasings:
            choices.append(phrasing)
            owners.append(entry.id)
    best: list[tuple[float, str | None, tuple[str, ...]]] = []
    for question in questions:
        found = process.extractOne(question.text, choices, scorer=scorer)
        if found:
            best.append((float(found[1]), owners[found[2]], question.acceptable))
        else:
            best.append((0.0, None, question.acceptable))
    result = BaselineResult(name, 0.0, 0, 0)
    for cutoff in range(0, 101):
        in_right = sum(1 for score, got, want in best if want and score >= cutoff and got in want)
        out_right = sum(1 for score, _, want in best if not want and score < cutoff)
        if in_right + out_right > result.in_scope_right + result.out_of_scope_right:
            result = BaselineResult(name, float(cutoff), in_right, out_right)
    return result


def below_targets(report: Report, *, min_right: float | None = None, min_oos: float | None = None) -> list[str]:
    """Return one line per target (percent, 0–100) the report falls short of; empty when it meets them all."""
    short = []
    if min_right is not None and 100 * report.rate("in") < min_right:
        short.append(f"in-scope answered right {100 * report.rate('in'):.1f}% is below --min-right {min_right:g}%")
    if min_oos is not None and 100 * report.rate("out") < min_oos:
        short.append(f"out of scope not answered {100 * report.rate('out'):.1f}% is below --min-oos {min_oos:g}%")
    return short


def _percent(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100.0 * part / whole:.1f}%)" if whole else "0/0"


def render_report(report: Report, *, show_misses: bool = True) -> str:
    """Return the report as plain text: totals, a table per kind, the baselines and every miss."""
    in_scope, out_scope = report.in_scope, report.out_of_scope
    lines = [
        f"questions: {len(report.outcomes)} ({len(in_scope)} in scope, {len(out_scope)} out of scope)",
        f"answered right:                      {_percent(sum(o.right for o in in_scope), len(in_scope))}",
        f"right answer among the suggestions:  {_percent(sum(o.suggested for o in in_scope), len(in_scope))}",
        f"wrong answer given:                  {_percent(sum(o.wrong_answer for o in in_scope), len(in_scope))}",
        f"out of scope rightly not answered:   {_percent(sum(o.right for o in out_scope), len(out_scope))}",
        "",
        f"{'kind':<14}{'n':>5}{'right':>8}{'suggested':>11}{'wrong':>7}{'accuracy':>10}",
    ]
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in report.outcomes:
        by_kind[outcome.question.kind].append(outcome)
    for kind in sorted(by_kind):
        group = by_kind[kind]
        right = sum(o.right for o in group)
        lines.append(f"{kind:<14}{len(group):>5}{right:>8}{sum(o.suggested for o in group):>11}"
                     f"{sum(o.wrong_answer for o in group):>7}{100.0 * right / len(group):>9.1f}%")
    if report.baselines:
        ours_in = sum(o.right for o in in_scope)
        ours_out = sum(o.right for o in out_scope)
        total = len(report.outcomes)
        lines += ["", f"{'matcher':<46}{'cutoff':>7}{'in scope':>16}{'out of scope':>16}{'overall':>9}",
                  f"{'this matcher (default thresholds)':<46}{'—':>7}{_percent(ours_in, len(in_scope)):>16}"
                  f"{_percent(ours_out, len(out_scope)):>16}{100.0 * (ours_in + ours_out) / total:>8.1f}%"]
        for baseline in report.baselines:
            overall = 100.0 * (baseline.in_scope_right + baseline.out_of_scope_right) / total
            lines.append(f"{baseline.name:<46}{baseline.cutoff:>7.0f}"
                         f"{_percent(baseline.in_scope_right, len(in_scope)):>16}"
                         f"{_percent(baseline.out_of_scope_right, len(out_scope)):>16}{overall:>8.1f}%")
    misses = [o for o in report.outcomes if not o.right]
    if show_misses and misses:
        lines += ["", f"misses ({len(misses)}):"]
        for outcome in misses:
            reply = outcome.reply
            got = reply.entry.id if reply.entry else "-"
            matched = reply.match.matched if reply.match else "-"
            context = f" after {outcome.question.previous}" if outcome.question.previous else ""
            lines.append(f"  [{outcome.question.kind}] {outcome.question.text!r}{context}: expected "
                         f"{outcome.question.expect or 'none'}, got {reply.status} {got} "
                         f"(score {reply.score:.1f}, matched {matched!r})")
    return "\n".join(lines)
