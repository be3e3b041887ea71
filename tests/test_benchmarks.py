"""The benchmark cannot rot: it runs at the small sizes (the real base and 1,000 entries) on a short question
mix, and every figure of the table and the JSON report is there. Nothing is timed against a target here:
the targets are judged by the benchmark itself, on a full run (the 100,000 size is never run in tests)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIGURES = ("load_s", "median_ms", "p99_ms", "per_second", "peak_mb")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    work = tmp_path_factory.mktemp("bench")
    output = work / "report.json"
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(work / "xdg-cache")}
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--sizes", "real,1000", "--queries", "40",
         "--repeat", "2", "--difflib-budget", "2", "--agree-budget", "10", "--workdir", str(work / "work"),
         "--json", str(output)],
        capture_output=True, text=True, env=env, cwd=work, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(output.read_text(encoding="utf-8")), done.stdout


def test_every_matcher_has_every_figure_at_each_size(report: tuple[dict, str]) -> None:
    data, _ = report
    assert set(data["sizes"]) == {"real", "1000"}
    for size, entry in data["sizes"].items():
        for job in ("ours-first", "ours-later", "toy", "difflib"):
            figures = entry[job]
            assert "error" not in figures, (size, job, figures)
            for name in FIGURES:
                assert isinstance(figures.get(name), (int, float)) and figures[name] > 0, (size, job, name)
            assert figures["timed"] >= 1
        assert entry["ours-later"]["cache_hit"] is True, size
        if size != "real":
            assert entry["ours-first"]["entries"] == int(size)
        agree = entry["agree"]
        assert agree["checked"] >= 1 and 0 <= agree["agreement"] <= 1


def test_startup_figures_and_targets_are_reported(report: tuple[dict, str]) -> None:
    data, _ = report
    startup = data["startup"]
    for name in ("python_bare", "import_rapidfuzz_yaml", "assistant_ask", "ask_via_cache", "import_assistant",
                 "ask_ratio"):
        assert startup[name] > 0, name
    verdicts = {target["target"]: target["verdict"] for target in data["targets"]}
    assert len(verdicts) >= 7
    assert set(verdicts.values()) <= {"met", "MISSED", "not run"}
    assert verdicts["real base: per-query median < 1 ms"] in ("met", "MISSED")
    assert all(verdict == "not run" for name, verdict in verdicts.items() if name.startswith("100,000"))
    assert data["machine"]["cores"] >= 1 and data["date"]


def test_the_table_shows_each_matcher_and_section(report: tuple[dict, str]) -> None:
    data, table = report
    for label in ("ours (assistant.Matcher)", "rapidfuzz extractOne, fuzz.ratio", "difflib SequenceMatcher"):
        assert table.count(f"| {label} |") == 2, label
    assert "| real (" in table and "| 1,000 |" in table
    assert "`assistant ask" in table and "`import assistant`" in table
    assert "| target (issue 7) | measured | verdict |" in table
    assert "same reply" in table
    for row in table.splitlines():
        if row.startswith("| real (") or row.startswith("| 1,000 |"):
            cells = [cell.strip() for cell in row.strip("|").split("|")]
            assert all(cell != "-" for cell in cells[4:8]), row  # median, p99, questions/s, memory
    assert data["markdown"] == table.rstrip("\n") + "\n"
