"""Fit the matcher's logistic weights (``assistant.matching.signals.FITTED``) on a labelled question set.

Each (question, shortlisted entry) pair is one example: positive when the entry is the labelled answer.
Out-of-scope questions only give negatives, weighted up so that "none" is learnt, not just ranking.
Plain gradient descent on the log-loss with a little L2; no third-party code. Run::

    python tools/fit_weights.py tests/eval/questions.yaml [--check tests/eval/holdout.yaml]

and paste the printed mapping into ``FITTED``. The weights are set in place (``WEIGHTS.set``) before the
evaluation it prints, so scores, bounds and pre-selection all read the refit.
"""

from __future__ import annotations

import argparse
import math

from assistant import Matcher, Thresholds
from assistant.evaluation import evaluate, load_questions
from assistant.matching.candidates import Exhaustive
from assistant.matching.signals import NAMES, WEIGHTS

OUT_OF_SCOPE_WEIGHT = 10.0


def examples(matcher: Matcher, path: str) -> tuple[list[tuple[float, ...]], list[int], list[float]]:
    vectors, labels, weights = [], [], []
    every = Exhaustive(matcher.index)  # learn from every entry sharing a term with the question
    for question in load_questions(path):
        text = matcher.normalize(question.text)
        if not text:
            continue
        for owner, features in every.features(text).items():
            vectors.append(features.vector())
            labels.append(int(matcher.index.entries[owner].id == question.expect))
            weights.append(OUT_OF_SCOPE_WEIGHT if question.expect is None else 1.0)
    return vectors, labels, weights


def fit(vectors: list[tuple[float, ...]], labels: list[int], weights: list[float],
        epochs: int = 1500, rate: float = 2.0, l2: float = 1e-3) -> list[float]:
    size = len(vectors[0])
    w = [0.0] * size
    positives = sum(labels)
    positive_weight = (len(labels) - positives) / max(positives, 1)
    for _ in range(epochs):
        gradient = [0.0] * size
        for x, y, weight in zip(vectors, labels, weights):
            z = max(min(sum(a * b for a, b in zip(w, x)), 30.0), -30.0)
            p = 1.0 / (1.0 + math.exp(-z))
            scale = (positive_weight if y else weight) * (p - y)
            for i, value in enumerate(x):
                gradient[i] += scale * value
        for i in range(size):
            w[i] -= rate * (gradient[i] / len(vectors) + l2 * w[i])
    return w


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train")
    parser.add_argument("--check", help="a held-out evaluation file to report on")
    args = parser.parse_args()
    weights = fit(*examples(Matcher(), args.train))
    fitted = {name: round(w, 2) for name, w in zip(NAMES, weights)}
    print("FITTED =", fitted)
    WEIGHTS.set(fitted)
    for path in [args.train] + ([args.check] if args.check else []):
        report = evaluate(Matcher(thresholds=Thresholds()), load_questions(path), baselines=False)
        print(f"{path}: in scope {report.rate('in'):.1%}, out of scope {report.rate('out'):.1%}")


if __name__ == "__main__":
    main()
