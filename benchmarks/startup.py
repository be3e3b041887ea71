"""Whole-process time of ``assistant ask`` from installed copies, next to ``python -c "import rapidfuzz, yaml"``.

    python benchmarks/startup.py [--runs 15] [--question Q] VENV [VENV …]

Each VENV is a virtual environment holding a (non-editable) install of the package, given as its folder (or
``LABEL=FOLDER``): its ``bin/assistant`` console script answers the question, with the matcher cache warm (a
first round, not counted, fills a cache folder of this run's own). The commands run interleaved, one after the
other in each round, so that load on the machine hits all alike; the medians are printed with each one's ratio
to ``import rapidfuzz, yaml`` (run by the first VENV's Python): issue 16's target is at most 2×. To compare a
branch with main, install each in its own environment and give both, in one run::

    git archive main | tar -x -C /tmp/base && python3 -m venv /tmp/venv-main && /tmp/venv-main/bin/pip install /tmp/base
    python3 -m venv /tmp/venv-branch && /tmp/venv-branch/bin/pip install .
    nice python benchmarks/startup.py main=/tmp/venv-main branch=/tmp/venv-branch

``benchmarks/run.py`` times the same commands (``interleaved``) from the source tree, within its larger report.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

ASK_QUESTION = "微粒贷逾期了会怎么样"
BASELINE = "import rapidfuzz, yaml"


def interleaved(commands: Mapping[str, Sequence[str]], runs: int, *, env: Mapping[str, str] | None = None,
                cwd: str | os.PathLike[str] | None = None) -> dict[str, list[float]]:
    """Run each command once per round, in order, for one round not counted (bytecode, the matcher cache) and
    ``runs`` counted ones; return each one's wall times in ms. Raises ``RuntimeError`` when one fails."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_number in range(runs + 1):
        for name, command in commands.items():
            started = time.perf_counter()
            done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
            elapsed = (time.perf_counter() - started) * 1000
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(command[:4])} failed: {done.stderr.strip()[-500:]}")
            if round_number:
                times[name].append(elapsed)
    return times


def _environment(value: str) -> tuple[str, Path]:
    label, _, folder = value.rpartition("=")
    path = Path(folder).expanduser()
    if not (path / "bin" / "assistant").is_file():
        raise argparse.ArgumentTypeError(f"{folder}: no bin/assistant there: give a venv with the package installed")
    return label or path.name, path


def main(argv: list[str] | None = None) -> int:
    """Time ``assistant ask`` of each VENV of ``argv`` (the module's docstring) and print the table; returns 0, or 2
    when a command fails (said in one line)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("venvs", nargs="+", type=_environment, metavar="VENV",
                        help="a virtual environment with the package installed, or LABEL=FOLDER")
    parser.add_argument("--runs", type=int, default=15, help="counted rounds (default 15)")
    parser.add_argument("--question", default=ASK_QUESTION, help=f"the question asked (default {ASK_QUESTION})")
    args = parser.parse_args(argv)
    baseline = f'python -c "{BASELINE}"'
    commands = {baseline: [str(args.venvs[0][1] / "bin" / "python"), "-c", BASELINE]}
    for label, folder in args.venvs:
        commands[f"{label}: assistant ask"] = [str(folder / "bin" / "assistant"), "ask", args.question]
    with tempfile.TemporaryDirectory(prefix="assistant-startup-") as scratch:
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(scratch, "cache"),
                   XDG_STATE_HOME=os.path.join(scratch, "state"), PYTHONHASHSEED="0")
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as after `pip install`: bytecode cached
        env.pop("PYTHONPATH", None)  # each environment's own install, not a source tree
        try:
            times = interleaved(commands, args.runs, env=env, cwd=scratch)
        except RuntimeError as error:  # a broken install: say which, in one line
            print(f"startup.py: error: {' '.join(str(error).split())}", file=sys.stderr)
            return 2
    medians = {name: statistics.median(values) for name, values in times.items()}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"median of {args.runs} interleaved runs, matcher cache warm, question {args.question} "
          f"(load average {load:.2f} at the end)\n")
    print(f"| command | median ms | × {BASELINE} |\n|---|---:|---:|")
    for name, median in medians.items():
        print(f"| `{name}` | {median:.1f} | {median / medians[baseline]:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
