"""Load benchmark of ``assistant serve`` (1 and 2 workers) beside the line protocol, on the bundled base.

    PYTHONPATH=. python benchmarks/serve_load.py [--requests 2000] [--concurrency 16] [--json PATH]

Bounded and local: a fixed number of requests, on 127.0.0.1 only. The requests are the questions of
``tests/eval/questions.yaml`` (with their ``previous`` where they have one), in order, repeated to
``--requests``. For each worker count the real server is started (``python -m assistant serve``), answers
50 requests to warm up, then ``--requests`` requests sent by ``--concurrency`` threads, each on its own
keep-alive connection; a request's latency is from sending it to reading the whole reply. The line protocol
(``python -m assistant ask --json -``) answers the same requests one at a time, each written as a JSON line
and its reply read back before the next. Prints a Markdown table: requests per second, p50 and p99 latency.

The client runs on the same machine as the server: on a small machine its threads take CPU from the workers,
so the figures are a floor, and they move with whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WARM_UP = 50


def requests(count: int) -> list[bytes]:
    """The first ``count`` requests of the evaluation questions, repeated, as JSON bodies."""
    items = yaml.safe_load((REPO / "tests" / "eval" / "questions.yaml").read_text("utf-8"))
    bodies = [json.dumps({"q": item["q"], "previous": item.get("previous")}, ensure_ascii=False).encode("utf-8")
              for item in items]
    return [bodies[i % len(bodies)] for i in range(count)]


def summary(latencies: list[float], seconds: float) -> dict[str, float]:
    ordered = sorted(latencies)
    return {"requests": len(ordered), "per_second": round(len(ordered) / seconds, 1),
            "p50_ms": round(1000 * statistics.median(ordered), 2),
            "p99_ms": round(1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 2)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def post(connection: http.client.HTTPConnection, body: bytes) -> None:
    connection.request("POST", "/ask", body=body, headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    data = response.read()
    if response.status != 200:
        raise RuntimeError(f"status {response.status}: {data[:200]!r}")


def drive(port: int, bodies: list[bytes], concurrency: int) -> dict[str, float]:
    """Send ``bodies`` with ``concurrency`` threads; return the figures."""
    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    shares = [bodies[i::concurrency] for i in range(concurrency)]

    def client(share: list[bytes]) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        mine = []
        try:
            for body in share:
                start = time.perf_counter()
                post(connection, body)
                mine.append(time.perf_counter() - start)
        except BaseException as error:  # reported after the run, not lost in a thread
            errors.append(error)
        finally:
            connection.close()
            with lock:
                latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(share,)) for share in shares]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    if errors:
        raise RuntimeError(f"{len(errors)} client(s) failed: {errors[0]}")
    return summary(latencies, seconds)


def server_figures(workers: int, bodies: list[bytes], concurrency: int, env: dict[str, str]) -> dict[str, float]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--host", HOST, "--port", str(port),
                                "--workers", str(workers)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=env, cwd=REPO)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                said = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"the server did not start: {said}")
            try:
                connection = http.client.HTTPConnection(HOST, port, timeout=5)
                connection.request("GET", "/health")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        drive(port, bodies[:WARM_UP], min(concurrency, WARM_UP))
        return drive(port, bodies, concurrency)
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)


def line_figures(bodies: list[bytes], env: dict[str, str]) -> dict[str, float]:
    process = subprocess.Popen([sys.executable, "-m", "assistant", "ask", "--json", "-"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, env=env, cwd=REPO)
    assert process.stdin is not None and process.stdout is not None
    latencies = []

    def one(body: bytes) -> None:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(body + b"\n")
        process.stdin.flush()
        if "error" in json.loads(process.stdout.readline()):
            raise RuntimeError(f"the line protocol refused {body!r}")

    try:
        for body in bodies[:WARM_UP]:
            one(body)
        begin = time.perf_counter()
        for body in bodies:
            start = time.perf_counter()
            one(body)
            latencies.append(time.perf_counter() - start)
        seconds = time.perf_counter() - begin
    finally:
        process.stdin.close()
        process.wait(timeout=30)
    return summary(latencies, seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per run (default 2000)")
    parser.add_argument("--concurrency", type=int, default=16, help="client threads for the server (default 16)")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = parser.parse_args()
    if not 1 <= args.requests <= 100_000 or not 1 <= args.concurrency <= 64:
        parser.error("--requests must be 1 to 100000 and --concurrency 1 to 64")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    bodies = requests(args.requests)
    rows: dict[str, dict[str, Any]] = {}
    rows["line protocol (`ask --json -`, one at a time)"] = line_figures(bodies, env)
    for workers in (1, 2):
        rows[f"`serve --workers {workers}`, {args.concurrency} concurrent"] = server_figures(
            workers, bodies, args.concurrency, env)
    print(f"{args.requests} requests on the bundled base, 127.0.0.1; {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")
    print()
    print("| | requests/s | p50 ms | p99 ms |")
    print("|---|---:|---:|---:|")
    for name, figures in rows.items():
        print(f"| {name} | {figures['per_second']:,.0f} | {figures['p50_ms']:.2f} | {figures['p99_ms']:.2f} |")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
