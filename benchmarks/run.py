"""Benchmarks: our matcher next to the toy peer and difflib, on the real base and synthetic ones to 100,000.

    PYTHONPATH=. python benchmarks/run.py [--sizes real,1000,10000,100000] [--json PATH] [--markdown PATH]

For each knowledge base (the bundled one, "real", and deterministic synthetic ones of N entries written as
YAML; see ``synth.py``), each matcher runs in its own process (``worker.py``) so that peak memory figures do
not mix: ours loaded from YAML and then from the cache, ``rapidfuzz.process.extractOne`` with
``fuzz.ratio`` over the raw phrasings (the toy peer), and difflib's best ``SequenceMatcher`` ratio. Every
process answers the same fixed, shuffled mix of real-style questions (``tests/eval``) plus, on synthetic
bases, paraphrases of synthetic entries. On the real base the whole-process time of ``assistant ask`` is
measured next to ``python -c "import rapidfuzz, yaml"``, interleaved, median of ``--repeat`` runs (from this
source tree; ``startup.py`` compares installed copies, such as a branch's and main's).

Prints a Markdown table (and the targets of issue 7 with a verdict each) and writes everything as JSON.
Synthetic bases are cached under ``--workdir`` (default ``$XDG_CACHE_HOME/assistant-bench``); the matcher
cache of each run lives in a fresh folder there and is deleted at the end.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

import synth  # noqa: E402
from startup import ASK_QUESTION, interleaved  # noqa: E402

MATCHERS = (("ours", "ours (assistant.Matcher)"), ("toy", "rapidfuzz extractOne, fuzz.ratio"),
            ("difflib", "difflib SequenceMatcher"))
CONSOLE_SCRIPT = "import sys\nfrom assistant.cli import command\nsys.exit(command())"
"""What the installed ``assistant`` command runs (pip's entry-point script, less its argv[0] clean-up)."""
IMPORT_TIMER = "import time\nt = time.perf_counter()\nimport assistant\nprint(time.perf_counter() - t)"


def _sizes(text: str) -> list[str]:
    out = []
    for part in text.split(","):
        part = part.strip().replace("_", "")
        if part != "real" and not part.isdigit():
            raise argparse.ArgumentTypeError(f"{part!r}: sizes are 'real' or entry counts such as 1000")
        out.append(part)
    return out


def _code_version() -> str:
    """The commit measured, with "+ uncommitted changes" when the working tree differs from it."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "assistant"], cwd=REPO,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + (" + uncommitted changes" if dirty else "")


def _environment(xdg_cache: Path, pycache: Path, source: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(source), env.get("PYTHONPATH", "")]))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure with bytecode cached, as after `pip install`
    env["PYTHONPYCACHEPREFIX"] = str(pycache)  # … but keep the source tree clean
    env["XDG_CACHE_HOME"] = str(xdg_cache)
    env["PYTHONHASHSEED"] = "0"
    return env


def _worker(job: str, kb: str, queries_file: Path, env: dict[str, str], scratch: Path,
            budget: float | None = None, skip: bool = False) -> dict[str, Any]:
    result_file = scratch / f"{job}-{time.monotonic_ns()}.json"
    command = [sys.executable, str(HERE / "worker.py"), job, kb, str(queries_file), str(result_file),
               "none" if budget is None else str(budget), "skip" if skip else "sample"]
    started = time.perf_counter()
    finished = subprocess.run(command, env=env, capture_output=True, text=True, cwd=scratch)
    if finished.returncode != 0:
        lines = finished.stderr.strip().splitlines() or [f"exit status {finished.returncode}"]
        return {"error": lines[-1], "wall_s": time.perf_counter() - started}
    result: dict[str, Any] = json.loads(result_file.read_text(encoding="utf-8"))
    result["wall_s"] = time.perf_counter() - started
    return result


def _startup(env: dict[str, str], scratch: Path, repeat: int) -> dict[str, Any]:
    """Whole-process times on the real base, interleaved so that load on the machine hits all alike."""
    python = sys.executable
    commands = {
        "python_bare": [python, "-c", "pass"],
        "import_rapidfuzz_yaml": [python, "-c", "import rapidfuzz, yaml"],
        "assistant_ask": [python, "-c", CONSOLE_SCRIPT, "ask", ASK_QUESTION],
        "python_m_assistant_ask": [python, "-m", "assistant", "ask", ASK_QUESTION],
    }
    times = interleaved(commands, repeat, env=env, cwd=scratch)
    imports = [float(subprocess.run([python, "-c", IMPORT_TIMER], env=env, cwd=scratch, capture_output=True,
                                    text=True, check=True).stdout.strip()) for _ in range(repeat)]
    out: dict[str, Any] = {name: statistics.median(values) for name, values in times.items()}
    out["import_assistant"] = statistics.median(imports) * 1000
    out["runs"] = repeat
    out["question"] = ASK_QUESTION
    out["ask_ratio"] = out["assistant_ask"] / out["import_rapidfuzz_yaml"]
    out["python_m_ratio"] = out["python_m_assistant_ask"] / out["import_rapidfuzz_yaml"]
    return out


def _queries_for(size: str, workdir: Path, limit: int | None) -> tuple[str, list[synth.Query]]:
    if size == "real":
        kb, paraphrases = "bundled", []
    else:
        folder, paraphrases = synth.build_base(int(size), workdir)
        kb = str(folder)
    mix = synth.question_mix(REPO, paraphrases)
    return kb, mix[:limit] if limit else mix


def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(args.workdir).expanduser()
    workdir.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="run-", dir=workdir))
    report: dict[str, Any] = {
        "date": datetime.date.today().isoformat(),
        "started": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(), "load_average": _load_average()},
        "command": "PYTHONPATH=. python benchmarks/run.py " + " ".join(args.argv),
        "sizes": {}, "startup": None,
    }
    try:
        # Others may edit the package while a long run goes on: every process of the run uses one copy.
        source = scratch / "src"
        shutil.copytree(REPO / "assistant", source / "assistant",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        report["code"] = _code_version()
        env = _environment(scratch / "xdg-cache", workdir / "pycache", source)
        for size in args.sizes:
            _log(f"[{size}] preparing the knowledge base and the question mix")
            kb, mix = _queries_for(size, workdir, args.queries)
            queries_file = scratch / f"queries-{size}.json"
            queries_file.write_text(json.dumps([q.__dict__ for q in mix], ensure_ascii=False),
                                    encoding="utf-8")
            shutil.rmtree(scratch / "xdg-cache", ignore_errors=True)  # a cold cache for the first load
            entry: dict[str, Any] = {"kb": kb, "questions": len(mix),
                                     "paraphrases": sum(q.origin == "synthetic" for q in mix)}
            for job, budget in (("ours-first", None), ("ours-later", None), ("toy", None),
                                ("difflib", args.difflib_budget), ("agree", args.agree_budget)):
                _log(f"[{size}] {job} …")
                # difflib is sampled within its budget, except at 100,000 entries where it is skipped
                skip = job == "difflib" and size != "real" and int(size) >= 100_000
                result = _worker(job, kb, queries_file, env, scratch, budget, skip)
                answers = result.pop("answers", None)
                if answers is not None and job.startswith("ours"):
                    pairs = zip(mix, answers, strict=True)
                    expected = [(q.expect, a) for q, a in pairs if q.origin == "synthetic"]
                    if expected:
                        result["paraphrase_hits"] = sum(e == a[1] for e, a in expected) / len(expected)
                entry[job] = result
                _log(f"[{size}] {job}: {_brief(result)}")
            report["sizes"][size] = entry
            shutil.rmtree(scratch / "xdg-cache", ignore_errors=True)
        if "real" in args.sizes and not args.no_startup:
            _log("[startup] timing whole processes …")
            report["startup"] = _startup(env, scratch, args.repeat)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    report["targets"] = targets(report)
    return report


def _load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _brief(result: dict[str, Any]) -> str:
    if "error" in result:
        return "ERROR " + result["error"]
    if "skipped" in result:
        return "skipped: " + result["skipped"]
    keys = ("load_s", "median_ms", "p99_ms", "per_second", "peak_mb", "agreement")
    parts = [f"{key}={result[key]:.4g}" for key in keys if isinstance(result.get(key), (int, float))]
    return " ".join(parts) + f" (wall {result.get('wall_s', 0):.1f} s)"


# -- targets ---------------------------------------------------------------------------------------------


def targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The targets of issue 7, each with what was measured and a verdict: met, MISSED or not run."""
    out: list[dict[str, Any]] = []

    def add(name: str, measured: str | None, ok: bool | None) -> None:
        verdict = "not run" if ok is None else "met" if ok else "MISSED"
        out.append({"target": name, "measured": measured or "-", "verdict": verdict})

    real = report["sizes"].get("real", {})
    ours_real = _ours(real)
    if ours_real and "median_ms" in ours_real:
        cpu = ours_real.get("cpu_median_ms")
        add("real base: per-query median < 1 ms", f"{ours_real['median_ms']:.3f} ms"
            + (f" (CPU time {cpu:.3f} ms)" if cpu is not None else ""), ours_real["median_ms"] < 1)
    else:
        add("real base: per-query median < 1 ms", None, None)
    startup = report.get("startup")
    if startup:
        add("`assistant ask` whole process ≤ 2× `python -c \"import rapidfuzz, yaml\"`",
            f"{startup['assistant_ask']:.0f} ms vs {startup['import_rapidfuzz_yaml']:.0f} ms "
            f"= {startup['ask_ratio']:.2f}×", startup["ask_ratio"] <= 2)
    else:
        add("`assistant ask` whole process ≤ 2× `python -c \"import rapidfuzz, yaml\"`", None, None)
    big = report["sizes"].get("100000")
    ours_big, toy_big = _ours(big or {}), (big or {}).get("toy", {})
    agree = (big or {}).get("agree", {})
    later = (big or {}).get("ours-later", {})
    first = (big or {}).get("ours-first", {})
    if big and "median_ms" in ours_big and "median_ms" in toy_big:
        add("100,000: our median ≤ the toy peer's",
            f"{ours_big['median_ms']:.2f} ms vs {toy_big['median_ms']:.1f} ms",
            ours_big["median_ms"] <= toy_big["median_ms"])
    else:
        add("100,000: our median ≤ the toy peer's", None, None)
    if big and agree.get("agreement") is not None:
        add("100,000: same answers as a full scan", f"{agree['agreement'] * 100:.1f}% of {agree['checked']} "
            "questions", agree["agreement"] == 1)
    else:
        add("100,000: same answers as a full scan", None, None)
    if big and "p99_ms" in ours_big:
        ratio = ours_big["p99_ms"] / ours_big["median_ms"]
        cpu = ""
        if ours_big.get("cpu_median_ms"):
            cpu = f" (CPU time: {ours_big['cpu_p99_ms'] / ours_big['cpu_median_ms']:.1f}×)"
        add("100,000: p99 < 3× median", f"{ours_big['p99_ms']:.2f} ms = {ratio:.1f}× median{cpu}", ratio < 3)
    else:
        add("100,000: p99 < 3× median", None, None)
    if big and "load_s" in later:
        hit = later.get("cache_hit")
        add("100,000: later load < 10 s", f"{later['load_s']:.2f} s ({'cache' if hit else 'no cache hit'})",
            later["load_s"] < 10)
    else:
        add("100,000: later load < 10 s", None, None)
    if big and "peak_mb" in later:
        add("100,000: peak memory < 1 GB (later load)", f"{later['peak_mb']:.0f} MB", later["peak_mb"] < 1024)
        add("100,000: peak memory < 1 GB (first load, from YAML)", f"{first.get('peak_mb', 0):.0f} MB",
            first.get("peak_mb", 1e9) < 1024)
    else:
        add("100,000: peak memory < 1 GB", None, None)
    return out


def _ours(size_entry: dict[str, Any]) -> dict[str, Any]:
    """Our query figures: from the cached (later) load when there is one, else from the first."""
    later = size_entry.get("ours-later", {})
    return later if "median_ms" in later else size_entry.get("ours-first", {})


# -- rendering -------------------------------------------------------------------------------------------


def _number(value: Any, digits: int = 3) -> str:
    if not isinstance(value, (int, float)):
        return "-"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}g}"


def render(report: dict[str, Any]) -> str:
    machine = report["machine"]
    lines = [f"Measured {report['date']} on {machine['cores']} cores, Python {machine['python']}, "
             f"{machine['platform']} (load average at start: {machine['load_average']}), code "
             f"{report.get('code', 'unknown')}.", "",
             "| base | matcher | load, first (s) | load, later (s) | median (ms) | p99 (ms) | questions/s "
             "| peak memory (MB) | notes |",
             "|---|---|--:|--:|--:|--:|--:|--:|---|"]
    for size, entry in report["sizes"].items():
        first = entry.get("ours-first", {})
        phrasings = first.get("phrasings")
        counted = f"{phrasings:,} phrasings" if isinstance(phrasings, int) else ""
        base = (f"real ({first.get('entries', '?')} entries, {counted})" if size == "real"
                else f"{int(size):,} ({counted})" if counted else f"{int(size):,}")
        for key, label in MATCHERS:
            notes: list[str] = []
            if key == "ours":
                later = entry.get("ours-later", {})
                figures = _ours(entry)
                load_first, load_later = first.get("load_s"), later.get("load_s")
                peak = f"{_number(first.get('peak_mb'))} / {_number(later.get('peak_mb'))}"
                if "yaml_and_validate_s" in first:
                    notes.append(f"first load = YAML + checks {first['yaml_and_validate_s']:.2f} s"
                                 f" + build {first['build_s']:.2f} s; later = cache"
                                 + ("" if later.get("cache_hit") else " MISS"))
                if "paraphrase_hits" in figures:
                    notes.append(f"synthetic paraphrases found {figures['paraphrase_hits'] * 100:.0f}%")
            else:
                figures = entry.get(key, {})
                load_first, load_later = figures.get("load_s"), None
                peak = _number(figures.get("peak_mb"))
            problems = (first.get("error"), entry.get("ours-later", {}).get("error")) if key == "ours" else ()
            notes += ["error: " + problem for problem in problems if problem]
            if "error" in figures and key != "ours":
                notes.append("error: " + figures["error"])
            if "skipped" in figures:
                notes.append("skipped: " + figures["skipped"])
            elif figures.get("timed") is not None and figures["timed"] < figures.get("queries", 0):
                notes.append(f"timed {figures['timed']} of {figures['queries']} questions (time budget)")
            lines.append(f"| {base} | {label} | {_number(load_first)} | {_number(load_later)} | "
                         f"{_number(figures.get('median_ms'))} | {_number(figures.get('p99_ms'))} | "
                         f"{_number(figures.get('per_second'))} | {peak} | {'; '.join(notes)} |")
    lines += ["", "Question mix per base: " + ", ".join(
        f"{size}: {entry['questions']} ({entry['paraphrases']} synthetic paraphrases)"
        for size, entry in report["sizes"].items()) + "."]
    methods = {entry.get("agree", {}).get("full_scan") for entry in report["sizes"].values()} - {None}
    method = ("the exhaustive strategy, `Matcher(..., exhaustive=True)`"
              if methods == {"exhaustive (assistant.matching.candidates.Exhaustive)"} else "")
    lines += ["", "Same answers with candidate pre-selection as with a full scan (our scoring on every "
              "entry with a phrasing that shares a term with the question" + (f"; {method}" if method else "")
              + "):", "",
              "| base | questions | same reply | same top entry | mean ms, pre-selected / full scan |",
              "|---|--:|--:|--:|--:|"]
    for size, entry in report["sizes"].items():
        agree = entry.get("agree", {})
        if agree.get("agreement") is None:
            lines.append(f"| {size} | - | {agree.get('error', '-')} | - | - |")
            continue
        lines.append(f"| {size} | {agree['checked']} of {agree['queries']} | "
                     f"{agree['agreement'] * 100:.1f}% | {agree['same_top'] / agree['checked'] * 100:.1f}% | "
                     f"{agree['preselected_mean_ms']:.2f} / {agree['full_scan_mean_ms']:.1f} |")
    startup = report.get("startup")
    if startup:
        lines += ["", f"Whole process on the real base (median of {startup['runs']} interleaved runs, "
                  "bytecode cached):", "", "| command | ms |", "|---|--:|",
                  f"| `python -c pass` | {startup['python_bare']:.0f} |",
                  f"| `python -c \"import rapidfuzz, yaml\"` | {startup['import_rapidfuzz_yaml']:.0f} |",
                  f"| `assistant ask \"{startup['question']}\"` (the installed command's entry point) | "
                  f"{startup['assistant_ask']:.0f} ({startup['ask_ratio']:.2f}×) |",
                  f"| `python -m assistant ask \"{startup['question']}\"` | "
                  f"{startup['python_m_assistant_ask']:.0f} ({startup['python_m_ratio']:.2f}×) |",
                  f"| `import assistant` (in process) | {startup['import_assistant']:.0f} |"]
    lines += ["", "| target (issue 7) | measured | verdict |", "|---|---|---|"]
    lines += [f"| {t['target']} | {t['measured']} | {t['verdict']} |" for t in report["targets"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=_sizes, default=_sizes("real,1000,10000,100000"),
                        help="comma-separated: 'real' and/or entry counts (default: real,1000,10000,100000)")
    parser.add_argument("--json", metavar="PATH", default=str(HERE / "results" / "latest.json"),
                        help="where to write the JSON report (default: benchmarks/results/latest.json)")
    parser.add_argument("--markdown", metavar="PATH", help="also write the Markdown table here")
    cache_home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    parser.add_argument("--workdir", default=os.path.join(cache_home, "assistant-bench"),
        help="where synthetic bases and scratch files go (default: $XDG_CACHE_HOME/assistant-bench)")
    parser.add_argument("--repeat", type=int, default=9, help="runs of each whole-process timing (default 9)")
    parser.add_argument("--queries", type=int, help="use only the first N questions of the mix (smoke tests)")
    parser.add_argument("--difflib-budget", type=float, default=60.0,
                        help="seconds difflib may spend per base: beyond it a sample of the mix is timed, "
                             "or at 100,000 entries nothing (default 60)")
    parser.add_argument("--agree-budget", type=float, default=1200.0,
                        help="seconds the full-scan comparison may spend per base (default 1200)")
    parser.add_argument("--no-startup", action="store_true", help="skip the whole-process timings")
    parser.add_argument("--render", metavar="JSON", help="only print the tables of a saved JSON report")
    args = parser.parse_args(argv)
    if args.render:
        saved = json.loads(Path(args.render).read_text(encoding="utf-8"))
        saved["targets"] = targets(saved)
        print(render(saved))
        return 0
    args.argv = list(sys.argv[1:] if argv is None else argv)
    report = run(args)
    table = render(report)
    print(table)
    report["markdown"] = table
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        _log(f"JSON written to {args.json}")
    if args.markdown:
        Path(args.markdown).write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
