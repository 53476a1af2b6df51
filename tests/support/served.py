"""Run `aigovkg serve` as a user does, on a free loopback port, for the tests."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.virtuoso import free_port


@dataclass
class Served:
    base: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"


@contextmanager
def serving(env: dict[str, str], log: Path, *options: str) -> Iterator[Served]:
    """Start the server, wait until its endpoint answers, stop it afterwards."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "aigovkg", "serve", "--port", str(port), *options],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    served = Served(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"aigovkg serve exited {process.returncode}:\n{log.read_text()}")
            try:
                if (
                    httpx.get(served.sparql, params={"query": "ASK {}"}, timeout=5).status_code
                    == 200
                ):
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"aigovkg serve did not answer in 180 s:\n{log.read_text()}")
            time.sleep(0.3)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
