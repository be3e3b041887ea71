"""The plain-FAQ benchmark and the cross-validation harness run and print every figure they promise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.evaluation import load_questions

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO / "tests" / "eval"


def _run(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(REPO / script), *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.slow
def test_the_plain_faq_benchmark_prints_top1_for_the_matcher_and_both_baselines() -> None:
    out = _run("benchmarks/plainfaq.py", "--pinyin", str(EVAL / "holdout.yaml"))
    for label in ("top-1 this matcher", "top-1 BM25 chars+bigrams", "top-1 fuzz.ratio", "default thresholds: right"):
        assert label in out


@pytest.mark.slow
def test_the_plain_faq_benchmark_splits_another_base_s_queries_into_two_halves() -> None:
    base, asked = REPO / "benchmarks" / "data" / "wallet-base.tsv", REPO / "benchmarks" / "data" / "wallet-queries.yaml"
    counts = []
    for half in ("dev", "test"):
        out = _run("benchmarks/plainfaq.py", "--base", str(base), "--half", half, str(asked))
        head = out.splitlines()[0]
        assert head.startswith(f"plain FAQ wallet-base.tsv ({half} half): 431 bare questions;")
        counts.append([int(word) for word in head.split(";")[1].replace(",", " ").split() if word.isdigit()])
    everything = load_questions(asked)
    assert [a + b for a, b in zip(*counts)] == [sum(q.expect is not None for q in everything),
                                                 sum(q.expect is None for q in everything)]


WALLET = tuple(str(REPO / "benchmarks" / "data" / name) for name in ("wallet-base.tsv", "wallet-queries.yaml"))


@pytest.mark.parametrize("argv", [
    # (the options that would list the queries of a set read by its summary lines only): refused
    ["--base", WALLET[0], "--half", "test", WALLET[1]],
    ["--base", WALLET[0], WALLET[1]],                         # both halves, the test one among them
    [str(EVAL / "fresh2.yaml")],
    [str(EVAL / "oos-test5.yaml")],
    [str(EVAL / "small-bases" / "clinic-questions.yaml")],
    [str(EVAL / "small-bases" / "library-test-questions.yaml")],
])
def test_the_plain_faq_benchmark_never_lists_the_queries_of_a_test_set(argv: list[str]) -> None:
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "plainfaq.py"), "--show", "misses", *argv],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert done.returncode == 2 and "--show lists queries" in done.stderr and done.stdout == ""


@pytest.mark.slow
def test_cross_validation_reports_held_out_folds_per_kind() -> None:
    out = _run("tools/crossval.py", "--folds", "3", "--pinyin", str(EVAL / "holdout.yaml"))
    assert [line.split(":")[0] for line in out.splitlines() if line.startswith("fold")] == ["fold 0", "fold 1",
                                                                                           "fold 2"]
    kinds = {line.split()[0] for line in out.split("held-out folds pooled")[1].splitlines()[1:] if line}
    assert {"all", "alternate", "traditional", "out-of-scope"} <= kinds


@pytest.mark.slow
def test_cross_validation_lists_each_held_out_miss_with_what_it_scored() -> None:
    out = _run("tools/crossval.py", "--folds", "3", "--misses", str(EVAL / "holdout.yaml"))
    pooled = next(line for line in out.splitlines() if line.startswith("all "))
    inside, whole = (int(n) for n in pooled.split()[1].split("/"))
    held, outside = (int(n) for n in pooled.split()[-2].split("/"))
    heading, *misses = out.split("held-out misses")[1].strip().splitlines()
    assert heading == f"({len(misses)})"
    # every miss is listed: the in-scope questions not answered right (wrong answers counted among them)
    # and the out-of-scope questions answered
    assert len(misses) == whole - inside + outside - held
    for line in misses:
        assert line.split()[0] in {"0", "1", "2"}
        assert " expect " in line and " lead " in line and "; runner-up " in line
        assert line.rsplit("expected ", 1)[1] in {"#1", "#2", "#3", "#4", "-", "?"}


def test_folds_are_stable_and_an_alternate_left_out_leaves_the_base() -> None:
    sys.path.insert(0, str(REPO / "tools"))
    try:
        from crossval import fold_of, without_alternates
    finally:
        sys.path.remove(str(REPO / "tools"))
    from assistant.knowledge import load_knowledge

    assert [fold_of("逾期了怎么办", 5) for _ in range(3)] == [fold_of("逾期了怎么办", 5)] * 3
    full = load_knowledge()
    base = without_alternates(full, lambda text: fold_of(text, 5) == 0)
    kept = {a for e in base.entries for a in e.alternates}
    left = {a for e in full.questions for a in e.alternates if fold_of(a, 5) == 0}
    assert left and not kept & left
    assert len(base.entries) == len(full.entries)
