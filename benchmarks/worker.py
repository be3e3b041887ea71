"""One measurement in its own process, so that peak memory figures never mix: ``run.py`` starts one per job.

Usage: ``python benchmarks/worker.py JOB KB_PATH QUERIES_JSON RESULT_JSON [BUDGET_SECONDS|none [skip]]``,
where JOB is

* ``ours-first``: ``load_knowledge`` + ``Matcher`` (+ writing the cache), then the question mix;
* ``ours-later``: ``load_matcher`` from the cache written by ``ours-first``, then the question mix;
* ``toy``: ``rapidfuzz.process.extractOne(q, choices, scorer=fuzz.ratio)`` over the raw phrasings;
* ``difflib``: the best ``difflib.SequenceMatcher`` ratio over the raw phrasings (ChatterBot's way);
* ``agree``: our reply with candidate pre-selection vs with none (a full scan: every entry with a phrasing
  sharing a term with the question is scored; the others score 0 on every signal): the same reply means the
  same status and the same answered entry or the same suggestions; the top entry is compared too, even
  under "none". The full scan is the public reference strategy: the same index with
  ``Matcher(..., exhaustive=True)`` (``assistant.matching.candidates.Exhaustive``); slow on a large base, so
  the job's budget bounds how many questions it checks there.

A job with a budget stops timing questions when the budget is spent; the result then says how many were
timed (the mix is shuffled, so they are a fair sample). With ``skip``, a job whose whole mix would take
longer than the budget is not timed at all (difflib at 100,000 entries).
"""

from __future__ import annotations

import json
import math
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

WARM_UP = 10
PRESELECTION_KNOBS = ("candidate_limit", "posting_budget", "entry_limit")
"""The pre-selection's limits (``Matcher.preselection``), reported by the ``agree`` job."""


def peak_memory_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def time_queries(answer: Callable[[str], Any], queries: list[str], budget: float | None,
                 skip_over_budget: bool = False) -> dict[str, Any]:
    """Warm up, time each question alone, then time the whole mix as one batch.

    Returns median and p99 in ms, questions per second, how many questions were timed, and the answers.
    With a budget, the per-question pass stops once it is spent and the batch figure comes from it; with
    ``skip_over_budget``, nothing is timed when the first question shows the mix would exceed the budget.
    """
    started = time.perf_counter()
    answer(queries[0])
    one = time.perf_counter() - started
    if budget is None:  # a slow matcher with a budget is warm after one question
        for query in queries[1:WARM_UP]:
            answer(query)
    elif one * len(queries) > budget and (skip_over_budget or one * 3 > budget):
        return {"skipped": f"one question took {one:.1f} s, so the {len(queries)} questions would take "
                           f"~{one * len(queries) / 60:.0f} min (over the {budget:.0f} s budget)",
                "seconds_per_query": one}
    latencies: list[float] = []
    cpu: list[int] = []
    answers: list[Any] = []
    spent = 0.0
    for query in queries:
        started, started_cpu = time.perf_counter(), time.process_time_ns()
        result = answer(query)
        elapsed = time.perf_counter() - started
        cpu.append(time.process_time_ns() - started_cpu)
        latencies.append(elapsed)
        answers.append(result)
        spent += elapsed
        if budget is not None and spent > budget:
            break
    timed = len(latencies)
    if timed == len(queries):
        started = time.perf_counter()
        for query in queries:
            answer(query)
        batch = time.perf_counter() - started
    else:
        batch = spent
    ordered = sorted(latencies)
    return {
        "queries": len(queries), "timed": timed,
        "median_ms": percentile(ordered, 0.5) * 1000, "p99_ms": percentile(ordered, 0.99) * 1000,
        "max_ms": ordered[-1] * 1000, "per_second": timed / batch if batch else float("inf"),
        # CPU time is less sensitive than wall time to other processes on a busy machine
        "cpu_median_ms": percentile(sorted(cpu), 0.5) / 1e6, "cpu_p99_ms": percentile(sorted(cpu), 0.99) / 1e6,
        "answers": answers,
    }


def _ours(path: str | None, queries: list[str], later: bool) -> dict[str, Any]:
    started = time.perf_counter()
    import assistant
    from assistant import Matcher, load_knowledge

    imported = time.perf_counter()
    result: dict[str, Any] = {"import_s": imported - started}
    try:
        from assistant import cache
    except ImportError:
        cache = None  # type: ignore[assignment]
    if later:
        if cache is None:
            return {"skipped": "no cache module"}
        slot, key = cache.cache_key(path)
        matcher = cache.read_cached(slot, key)
        result["cache_hit"] = matcher is not None
        if matcher is None:
            matcher = Matcher(load_knowledge(path))
        result["load_s"] = time.perf_counter() - imported
    else:
        knowledge = load_knowledge(path)
        loaded = time.perf_counter()
        matcher = Matcher(knowledge)
        built = time.perf_counter()
        result.update(yaml_and_validate_s=loaded - imported, build_s=built - loaded, load_s=built - imported)
        if cache is not None:
            slot, key = cache.cache_key(path)
            result["cache_written"] = cache.write_cached(slot, key, matcher)
            result["cache_write_s"] = time.perf_counter() - built
    result["entries"] = len(matcher.knowledge.entries)
    result["phrasings"] = len(matcher.index.texts)
    result["version"] = assistant.__version__

    def answer(query: str) -> tuple[str, str | None]:
        reply = matcher.reply(query)
        return reply.status, reply.entry.id if reply.entry else None

    result.update(time_queries(answer, queries, None))
    return result


def _raw_choices(path: str | None) -> tuple[list[str], list[str]]:
    """Read the YAML as a toy would (no validation, no normalization): every question and alternate."""
    import yaml

    from assistant import bundled_knowledge_path

    folder: Any = bundled_knowledge_path() if path is None else Path(path)
    files = sorted((child for child in folder.iterdir() if child.name.endswith((".yaml", ".yml"))),
                   key=lambda child: child.name) if folder.is_dir() else [folder]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    choices: list[str] = []
    owners: list[str] = []
    for file in files:
        document = yaml.load(file.read_text(encoding="utf-8"), Loader=loader) or {}
        for key in ("entries", "smalltalk"):
            for entry in document.get(key) or []:
                for text in [entry["question"], *(entry.get("alternates") or [])]:
                    choices.append(str(text))
                    owners.append(str(entry["id"]))
    return choices, owners


def _toy(path: str | None, queries: list[str]) -> dict[str, Any]:
    started = time.perf_counter()
    from rapidfuzz import fuzz, process

    choices, owners = _raw_choices(path)
    result: dict[str, Any] = {"load_s": time.perf_counter() - started, "phrasings": len(choices)}

    def answer(query: str) -> str | None:
        best = process.extractOne(query, choices, scorer=fuzz.ratio)
        return owners[best[2]] if best else None

    result.update(time_queries(answer, queries, None))
    return result


def _difflib(path: str | None, queries: list[str], budget: float | None, skip: bool) -> dict[str, Any]:
    started = time.perf_counter()
    from difflib import SequenceMatcher

    choices, owners = _raw_choices(path)
    result: dict[str, Any] = {"load_s": time.perf_counter() - started, "phrasings": len(choices)}

    def answer(query: str) -> str | None:
        matcher = SequenceMatcher(autojunk=False)
        matcher.set_seq2(query)  # the query's analysis is reused for every choice
        best, best_ratio = None, -1.0
        for index, choice in enumerate(choices):
            matcher.set_seq1(choice)
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = index, ratio
        return owners[best] if best is not None else None

    result.update(time_queries(answer, queries, budget, skip))
    return result


def _top(reply: Any) -> str | None:
    return reply.entry.id if reply.entry else None


def said(reply: Any) -> tuple[Any, ...]:
    """What the person is shown: the answered entry, the suggested entries, or the fallback."""
    if reply.status == "answer":
        return ("answer", _top(reply))
    if reply.status == "clarify":
        return ("clarify", *(match.id for match in reply.suggestions))
    return ("none",)


def _agree(path: str | None, queries: list[str], budget: float | None) -> dict[str, Any]:
    from assistant import Matcher, load_knowledge

    try:
        from assistant.cache import load_matcher

        matcher = load_matcher(path)
    except ImportError:
        matcher = Matcher(load_knowledge(path))
    result: dict[str, Any] = {name: getattr(matcher.preselection, name) for name in PRESELECTION_KNOBS}
    started = time.perf_counter()
    # The reference: the same index, every entry sharing a term with the question scored
    full = Matcher(index=matcher.index, thresholds=matcher.thresholds, exhaustive=True)
    result["full_scan"] = "exhaustive (assistant.matching.candidates.Exhaustive)"
    result["full_scan_prepare_s"] = spent = time.perf_counter() - started
    same = checked = same_top = 0
    differ: list[dict[str, Any]] = []
    spent_fast = spent_full = 0.0
    for query in queries:
        started = time.perf_counter()
        fast = matcher.reply(query)
        middle = time.perf_counter()
        slow = full.reply(query)
        spent_fast += middle - started
        spent_full += time.perf_counter() - middle
        checked += 1
        same_top += _top(fast) == _top(slow)
        if said(fast) == said(slow):
            same += 1
        elif len(differ) < 20:
            differ.append({"q": query, "preselected": [fast.status, _top(fast), fast.score],
                           "full_scan": [slow.status, _top(slow), slow.score]})
        if budget is not None and spent + spent_fast + spent_full > budget:
            break
    result.update(queries=len(queries), checked=checked, same_answers=same, same_top=same_top,
                  agreement=same / checked if checked else None, differences=differ,
                  preselected_mean_ms=spent_fast / max(checked, 1) * 1000,
                  full_scan_mean_ms=spent_full / max(checked, 1) * 1000)
    return result


def main(argv: list[str]) -> int:
    job, kb, queries_file, result_file = argv[:4]
    budget = float(argv[4]) if len(argv) > 4 and argv[4] != "none" else None
    path = None if kb == "bundled" else kb
    queries = [item["q"] for item in json.loads(Path(queries_file).read_text(encoding="utf-8"))]
    if job in ("ours-first", "ours-later"):
        result = _ours(path, queries, later=job == "ours-later")
    elif job == "toy":
        result = _toy(path, queries)
    elif job == "difflib":
        result = _difflib(path, queries, budget, skip=len(argv) > 5 and argv[5] == "skip")
    elif job == "agree":
        result = _agree(path, queries, budget)
    else:
        raise SystemExit(f"unknown job {job!r}")
    result["peak_mb"] = peak_memory_mb()
    result["pid"] = os.getpid()
    Path(result_file).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
