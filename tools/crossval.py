"""Cross-validation: every fitted number is fitted on some folds and reported on the fold it never saw.

    PYTHONPATH=. python tools/crossval.py [--folds 5] [--pinyin] [--fit] [--salience S] [--misses] [EVAL.yaml ...]

The data: the labelled questions (default: tests/eval/questions.yaml, tests/eval/holdout.yaml and
../shared/eval/questions-b.yaml, or ../../shared from a worktree, when present) and the bundled knowledge
base's alternates. Each item
goes to a fold by a hash of its text (stable across runs and machines). For fold k, the knowledge base
loses the alternates of fold k; the decision's thresholds (``--fit``: ``answer``, ``margin``, ``suggest``,
then ``salience`` given those)
are chosen on the labelled questions of the other folds, maximizing right answers plus out-of-scope
questions held back minus ``WRONG_COST`` times wrong answers; and fold k's questions and alternates (each
alternate expecting its own entry) are answered with them. The figures printed are those of the held-out
folds only, pooled, with the thresholds each fold chose. Without ``--fit`` the default thresholds are used
(they were tuned on tests/eval/questions.yaml: its figures are then not held out).

``--calibrate`` fits ``decision.CALIBRATION`` (the probability that the best match is right, from its score
and lead) on the held-out replies of all folds but one, prints predicted against observed on that fold,
pooled, and the coefficients fitted on every fold.
``--misses`` prints, after the figures, every held-out question answered wrongly (in scope: not answered with
its entry; out of scope: answered), one a line: the fold, the kind, the question, the expected entry, the
reply's status and best match with its score and lead, the runner-up, and where the expected entry ranks
(``#1`` … ``#4``, ``-`` when lower; ranked without context, so a follow-up's shows ``?``).
``--pinyin`` reads questions through ``pinyin_input.PinyinReader`` (built on fold k's base);
``--salience S`` sets the salience threshold without fitting (100: the check off).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from assistant import Matcher, Thresholds
from assistant.evaluation import Gate, Outcome, Question, Report, Rewrite, evaluate, load_questions
from assistant.knowledge import load_knowledge
from assistant.models import Knowledge

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((folder for folder in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if folder.is_dir()),
            ROOT.parent / "shared")
"""The project's shared folder beside the checkout (../shared), or beside its worktrees (../../shared)."""
DEFAULT_SETS = [ROOT / "tests" / "eval" / "questions.yaml", ROOT / "tests" / "eval" / "holdout.yaml",
                SHARED / "eval" / "questions-b.yaml"]

WRONG_COST = 4.0
"""A wrong answer costs this many right ones in the fitting objective (the targets: ≤2% wrong, ≥95% right)."""

GRID = {"answer": (49.0, 53.0, 57.0, 61.0), "margin": (2.0, 4.0, 6.0), "suggest": (41.0, 45.0, 49.0)}
"""The thresholds tried when fitting."""

WIDE_GRID = {"wide_answer": (41.0, 45.0, 49.0, 100.0), "wide_margin": (8.0, 12.0)}
"""The scores a clear winner needs, and the leads that make one, tried once ``GRID``'s are chosen (100: off)."""

SALIENCE_GRID = (9.0, 10.0, 10.5, 11.0, 12.0, 100.0)
"""The salience thresholds tried once the others are fitted (100: the check off)."""


def fold_of(text: str, folds: int) -> int:
    """The fold (0 … folds-1) an item goes to: a hash of its text, the same on every run."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big") % folds


def without_alternates(knowledge: Knowledge, held_out: Callable[[str], bool]) -> Knowledge:
    """The knowledge base without the alternates ``held_out`` selects."""
    entries = tuple(replace(e, alternates=tuple(a for a in e.alternates if not held_out(a)))
                    if not e.smalltalk else e for e in knowledge.entries)
    return replace(knowledge, entries=entries)


def objective(report: Report) -> float:
    """What fitting maximizes: right answers plus out-of-scope held back, less ``WRONG_COST`` per wrong answer."""
    return sum(o.right for o in report.outcomes) - WRONG_COST * sum(o.wrong_answer for o in report.outcomes)


StageMaker = Callable[[Matcher], tuple[Rewrite | None, Gate | None]]


def fit_thresholds(knowledge: Knowledge, train: Sequence[Question], stages: StageMaker,
                   salience: float) -> Thresholds:
    """The grid's thresholds that score best on ``train`` (ties: the first, the grid's lowest values), then
    the clear winner's (``WIDE_GRID``) and the salience threshold of ``SALIENCE_GRID`` that score best with them
    (ties: the highest)."""
    def score(thresholds: Thresholds) -> float:
        matcher = Matcher(knowledge, thresholds=thresholds)
        rewrite, gate = stages(matcher)
        return objective(evaluate(matcher, train, baselines=False, rewrite=rewrite, gate=gate))

    best: tuple[float, Thresholds] | None = None
    for answer, margin, suggest in itertools.product(*GRID.values()):
        if suggest > answer:
            continue
        thresholds = Thresholds(answer=answer, margin=margin, wide_answer=100.0, suggest=suggest,
                                salience=salience)
        found = score(thresholds)
        if best is None or found > best[0]:
            best = (found, thresholds)
    assert best is not None
    for wide_answer, wide_margin in itertools.product(*WIDE_GRID.values()):
        thresholds = replace(best[1], wide_answer=min(wide_answer, best[1].answer), wide_margin=wide_margin)
        found = score(thresholds)
        if found > best[0]:
            best = (found, thresholds)
    for level in sorted(SALIENCE_GRID, reverse=True):
        thresholds = replace(best[1], salience=level)
        found = score(thresholds)
        if found > best[0]:
            best = (found, thresholds)
    return best[1]


def _calibration_inputs(outcome: Outcome) -> tuple[float, float, float]:
    reply = outcome.reply
    right = reply.entry is not None and reply.entry.id in outcome.question.acceptable
    return reply.score / 100.0, min(max(reply.lead, 0.0), 30.0) / 30.0, float(right)


def fit_calibration(rows: Sequence[tuple[float, float, float]]) -> tuple[float, float, float]:
    """The logistic coefficients (bias, score, lead) that best predict ``right`` from ``(score, lead, right)``
    rows, by Newton's method with a little L2 regularization."""
    import numpy as np

    data = np.array(rows, dtype=float).reshape(-1, 3)
    inputs = np.column_stack([np.ones(len(data)), data[:, 0], data[:, 1]])
    right = data[:, 2]
    weights = np.zeros(3)
    for _ in range(50):
        predicted = 1.0 / (1.0 + np.exp(-inputs @ weights))
        gradient = inputs.T @ (predicted - right) / len(data) + 1e-4 * weights
        hessian = (inputs.T * (predicted * (1 - predicted))) @ inputs / len(data) + 1e-4 * np.eye(3)
        weights -= np.linalg.solve(hessian, gradient)
    bias, per_score, per_lead = (round(float(w), 2) for w in weights)
    return bias, per_score, per_lead


def report_calibration(outcomes: Sequence[Outcome], folds: Sequence[int]) -> None:
    """Print, band by band of predicted probability, the predicted and observed share of right best matches on
    each fold with coefficients fitted on the others, and the coefficients fitted on all."""
    import math

    rows = [(_calibration_inputs(o), fold) for o, fold in zip(outcomes, folds) if o.reply.match is not None]
    predicted: list[tuple[float, float]] = []
    for k in sorted(set(folds)):
        bias, per_score, per_lead = fit_calibration([r for r, fold in rows if fold != k])
        for (score, lead, right), fold in rows:
            if fold == k:
                predicted.append((1.0 / (1.0 + math.exp(-(bias + per_score * score + per_lead * lead))), right))
    print("\ncalibration, held out      n  predicted  observed")
    for low, high in ((0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)):
        band = [(p, r) for p, r in predicted if low <= p < high]
        if band:
            print(f"  {low:.2f}-{min(high, 1.0):.2f}          {len(band):5d}  "
                  f"{sum(p for p, _ in band) / len(band):9.3f} {sum(r for _, r in band) / len(band):9.3f}")
    print(f"coefficients fitted on every fold (decision.CALIBRATION): {fit_calibration([r for r, _ in rows])}")


def _line(name: str, outcomes: Sequence[Outcome]) -> str:
    inside = [o for o in outcomes if o.question.expect is not None]
    outside = [o for o in outcomes if o.question.expect is None]
    right = sum(o.right for o in inside)
    wrong = sum(o.wrong_answer for o in inside)
    held = sum(o.right for o in outside)

    def pct(part: int, whole: int) -> str:
        return f"{part}/{whole} {100 * part / whole:5.1f}%" if whole else "-"

    return f"{name:<22}{pct(right, len(inside)):>18}{pct(wrong, len(inside)):>16}{pct(held, len(outside)):>16}"


def miss_line(fold: int, matcher: Matcher, outcome: Outcome) -> str:
    """One line telling what went wrong with ``outcome`` (see ``--misses`` in the module's docstring)."""
    question, reply = outcome.question, outcome.reply
    ranked = matcher.search(question.text, limit=4, smalltalk=False) if question.previous is None else []
    place = next((f"#{i}" for i, m in enumerate(ranked, 1) if m.id in question.acceptable),
                 "?" if question.previous is not None else "-")
    best = f"{reply.match.id} {reply.match.score:.1f}" if reply.match is not None else "(nothing)"
    runner_up = next((f"{m.id} {m.score:.1f}" for m in ranked if reply.match is None or m.id != reply.match.id),
                     "-")
    held = f" held back: {reply.held_back}" if reply.held_back else ""
    return (f"{fold} {question.kind:<12} {question.text[:40]:<40} expect {question.expect or '(none)'}: "
            f"{reply.status} {best} lead {reply.lead:.1f}{held}; runner-up {runner_up}; expected {place}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, help="evaluation files (default: ours and questions-b)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--pinyin", action="store_true", help="read questions through PinyinReader first")
    parser.add_argument("--salience", type=float, default=Thresholds().salience,
                        help="the salience threshold when not fitted (100: off)")
    parser.add_argument("--fit", action="store_true", help="fit the thresholds on the other folds")
    parser.add_argument("--misses", action="store_true",
                        help="list every held-out question answered wrongly, with scores, lead and runner-up")
    parser.add_argument("--calibrate", action="store_true",
                        help="fit the confidence's calibration on the other folds and report it")
    args = parser.parse_args(argv)

    def stages(matcher: Matcher) -> tuple[Rewrite | None, Gate | None]:
        rewrite: Rewrite | None = None
        gate: Gate | None = None
        if args.pinyin:
            from assistant.pinyin_input import PinyinReader

            rewrite = PinyinReader.from_knowledge(matcher.knowledge, matcher.normalize)
        return rewrite, gate

    full = load_knowledge()
    labelled = [q for path in (args.sets or DEFAULT_SETS) if path.exists() for q in load_questions(path)]
    held: list[Outcome] = []
    held_folds: list[int] = []
    misses: list[str] = []
    for k in range(args.folds):
        def in_fold(text: str, k: int = k) -> bool:
            return fold_of(text, args.folds) == k

        base = without_alternates(full, in_fold)
        train = [q for q in labelled if not in_fold(q.text)]
        test = [q for q in labelled if in_fold(q.text)]
        test += [Question(a, e.id, "alternate") for e in full.questions for a in e.alternates if in_fold(a)]
        thresholds = (fit_thresholds(base, train, stages, args.salience) if args.fit
                      else Thresholds(salience=args.salience))
        matcher = Matcher(base, thresholds=thresholds)
        rewrite, gate = stages(matcher)
        report = evaluate(matcher, test, baselines=False, rewrite=rewrite, gate=gate)
        held += report.outcomes
        held_folds += [k] * len(report.outcomes)
        if args.misses:
            misses += [miss_line(k, matcher, o) for o in report.outcomes if not o.right]
        print(f"fold {k}: answer {thresholds.answer:g}, margin {thresholds.margin:g}, "
              f"wide {thresholds.wide_answer:g}/{thresholds.wide_margin:g}, "
              f"suggest {thresholds.suggest:g}, salience {thresholds.salience:g}; "
              + _line("", report.outcomes).strip(), flush=True)
    print(f"\nheld-out folds pooled{'':<1}{'in scope right':>18}{'wrong':>16}{'OOS held back':>16}")
    print(_line("all", held))
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in held:
        by_kind[outcome.question.kind.replace("_", "-")].append(outcome)
    for kind in sorted(by_kind):
        print(_line(kind, by_kind[kind]))
    if args.calibrate:
        report_calibration(held, held_folds)
    if args.misses:
        print(f"\nheld-out misses ({len(misses)})")
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
