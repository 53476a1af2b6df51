"""Bounded load test of `aigovkg serve`: concurrent clients, competency queries, latencies.

Starts the server as a user would (`python -m aigovkg serve` on a free
loopback port), then runs ``--clients`` concurrent clients for ``--duration``
seconds, each sending the competency queries (defaults bound) in turn by
SPARQL Protocol POST, and reports throughput, p50 / p95 / max latency and
errors. Results go to stdout and to ``benchmarks/results/loadtest.json``.

    python benchmarks/loadtest.py --clients 8 --duration 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from aigovkg.paths import ProjectPaths  # noqa: E402
from aigovkg.queries import bind, load_catalogue  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "aigovkg", "serve", "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"aigovkg serve exited with {process.returncode}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    process.kill()
    raise SystemExit("aigovkg serve did not start in 300 s")


async def client(
    url: str,
    queries: list[tuple[str, str]],
    offset: int,
    stop_at: float,
    log: list[tuple[str, float, int]],
) -> None:
    async with httpx.AsyncClient(timeout=60) as http:
        i = offset
        while time.monotonic() < stop_at:
            name, text = queries[i % len(queries)]
            i += 1
            started = time.perf_counter()
            try:
                answer = await http.post(
                    url, data={"query": text}, headers={"Accept": "application/sparql-results+json"}
                )
                status = answer.status_code
            except httpx.HTTPError:
                status = 0
            log.append((name, time.perf_counter() - started, status))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load")
    parser.add_argument("--workers", type=int, default=2, help="server query workers")
    parser.add_argument("--url", help="load an already running endpoint instead of starting one")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results" / "loadtest.json"
    )
    args = parser.parse_args()

    catalogue = load_catalogue(ProjectPaths(ROOT).queries)
    queries = [
        (name, bind(q, {})) for name, q in sorted(catalogue.items()) if name.startswith("cq")
    ]
    process = None
    url = args.url
    if url is None:
        port = free_port()
        process = start_server(port, args.workers)
        url = f"http://127.0.0.1:{port}/sparql"
    log: list[tuple[str, float, int]] = []
    try:
        started = time.monotonic()
        stop_at = started + args.duration
        asyncio.run(_run(url, queries, args.clients, stop_at, log))
        elapsed = time.monotonic() - started
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
    ok = [seconds for _, seconds, status in log if status == 200]
    errors = sum(1 for _, _, status in log if status != 200)
    result = {
        "machine": f"{platform.machine()} {platform.system()} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "clients": args.clients,
        "server_workers": args.workers,
        "duration_s": round(elapsed, 2),
        "requests": len(log),
        "errors": errors,
        "throughput_rps": round(len(log) / elapsed, 1),
        "latency_ms": {
            "p50": round(1000 * statistics.median(ok), 1) if ok else None,
            "p95": round(1000 * percentile(ok, 0.95), 1) if ok else None,
            "max": round(1000 * max(ok), 1) if ok else None,
        },
        "queries": [name for name, _ in queries],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0 if errors == 0 else 1


async def _run(
    url: str,
    queries: list[tuple[str, str]],
    clients: int,
    stop_at: float,
    log: list[tuple[str, float, int]],
) -> None:
    await asyncio.gather(*(client(url, queries, i * 3, stop_at, log) for i in range(clients)))


if __name__ == "__main__":
    raise SystemExit(main())
