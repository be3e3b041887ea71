"""Fit the matcher's logistic weights (``assistant.matching.signals.FITTED``) on labelled questions.

Each (question, entry sharing a term with it) pair is one example: positive when the entry is the labelled
answer. Out-of-scope questions only give negatives, weighted up so that "none" is learnt, not just ranking.
Plain gradient descent on the log-loss with a little L2. Two kinds of examples::

    python tools/fit_weights.py tests/eval/questions.yaml [--plain] [--check tests/eval/holdout.yaml]

the labelled questions asked of the bundled base, and with ``--plain`` also of the same base reduced to bare
questions (``benchmarks/plainfaq.plain_base``: what a bot author starts with, one phrasing per entry, where
the answer texts and the words matter more). Paste the printed mapping into ``FITTED``. The weights are set in
place (``WEIGHTS.set``) before the evaluation it prints, so scores, bounds and pre-selection all read the refit.
``benchmarks/plainfaq.py --folds 5`` refits this way on folds and reports the plain-FAQ figures held out.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from assistant import Matcher, Thresholds
from assistant.evaluation import Question, evaluate, load_questions
from assistant.knowledge import load_knowledge
from assistant.matching.candidates import Exhaustive
from assistant.matching.signals import FITTED, NAMES, WEIGHTS

OUT_OF_SCOPE_WEIGHT = 10.0

Examples = tuple[list[tuple[float, ...]], list[int], list[float]]


def examples(matcher: Matcher, questions: Sequence[Question]) -> Examples:
    """The feature vectors, labels and example weights of ``questions`` asked of ``matcher``'s base."""
    vectors: list[tuple[float, ...]] = []
    labels: list[int] = []
    weights: list[float] = []
    every = Exhaustive(matcher.index)  # learn from every entry sharing a term with the question
    entries = matcher.index.entries
    for question in questions:
        text = matcher.normalize(question.text)
        if not text:
            continue
        for owner, features in every.features(text).items():
            vectors.append(features.vector())
            labels.append(int(entries[owner].id in question.acceptable))
            weights.append(OUT_OF_SCOPE_WEIGHT if question.expect is None else 1.0)
    return vectors, labels, weights


def joined(*parts: Examples) -> Examples:
    """Several sets of examples as one."""
    return ([v for p in parts for v in p[0]], [y for p in parts for y in p[1]], [w for p in parts for w in p[2]])


def fit(vectors: list[tuple[float, ...]], labels: list[int], weights: list[float],
        epochs: int = 1500, rate: float = 2.0, l2: float = 1e-3, free: Sequence[str] | None = None) -> list[float]:
    """Logistic weights minimizing the weighted log-loss (positives weighted up to balance the negatives) plus
    a little L2, by projected gradient descent from 0 (numpy: the examples of a few thousand questions).

    Every weight but the bias is kept at 0 or above: each signal says "more alike", and pre-selection ranks
    entries by recall, coverage and BM25 with their weights (``candidates.estimate_weights``), which a negative
    weight would turn upside down (a free fit gave BM25 a negative weight and plain-FAQ top-1 fell to 51%).
    ``free``: fit only these signals' weights, the others kept at ``FITTED``'s (a new signal added to weights
    that the thresholds were tuned for)."""
    import numpy as np

    x = np.asarray(vectors, dtype=float)
    y = np.asarray(labels, dtype=float)
    positives = y.sum()
    positive_weight = (len(y) - positives) / max(positives, 1.0)
    scale = np.where(y == 1, positive_weight, np.asarray(weights, dtype=float))
    fixed = np.array([name not in free for name in NAMES]) if free is not None else np.zeros(len(NAMES), bool)
    w = np.where(fixed, np.array([FITTED[name] for name in NAMES]), 0.0)
    for _ in range(epochs):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30.0, 30.0)))
        w -= np.where(fixed, 0.0, rate * (x.T @ (scale * (p - y)) / len(y) + l2 * w))
        np.maximum(w[:-1], 0.0, out=w[:-1], where=~fixed[:-1])  # the bias is last (signals.SIGNALS)
    return [float(v) for v in w]


def named(weights: Sequence[float]) -> dict[str, float]:
    """The fitted weights by signal name, rounded as ``FITTED`` writes them."""
    return {name: round(w, 2) for name, w in zip(NAMES, weights)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train")
    parser.add_argument("--plain", action="store_true", help="also fit on the base reduced to bare questions")
    parser.add_argument("--check", help="a held-out evaluation file to report on")
    parser.add_argument("--free", help="comma-separated signals to fit, the others kept at FITTED's weights")
    args = parser.parse_args()
    train = load_questions(args.train)
    parts = [examples(Matcher(), train)]
    if args.plain:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
        from plainfaq import plain_base

        parts.append(examples(Matcher(plain_base(load_knowledge())), train))
    fitted = named(fit(*joined(*parts), free=args.free.split(",") if args.free else None))
    print("FITTED =", fitted)
    WEIGHTS.set(fitted)
    for path in [args.train] + ([args.check] if args.check else []):
        report = evaluate(Matcher(thresholds=Thresholds()), load_questions(path), baselines=False)
        print(f"{path}: in scope {report.rate('in'):.1%}, out of scope {report.rate('out'):.1%}")


if __name__ == "__main__":
    main()
