"""Answering SPARQL queries in worker processes that can be killed.

pyoxigraph cannot interrupt a running query, so a per-query timeout that
actually frees the CPU needs a process to kill. Pebble's ProcessPool does
exactly that (it terminates the worker of a task past its timeout and starts
a new one), so each worker loads its own read-only copy of the graph once
and answers queries for the life of the process. The copy is loaded from
N-Triples; no worker ever runs an update.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aigovkg.server.protocol import (
    CANONICAL_TYPE,
    DEFAULT_GRAPH,
    DEFAULT_RESULT,
    GRAPH_TYPES,
    RESULT_TYPES,
    ProtocolError,
    check_no_federation,
    negotiate,
)

#: The fewest bytes one solution takes in each format: "{}," in JSON, a line end in
#: CSV and TSV, "<result></result>" in XML.
MIN_ROW_BYTES = {"JSON": 3, "CSV": 2, "TSV": 1, "XML": 17}

_STORE: Any = None
_PREFIXES: dict[str, str] = {}


@dataclass(frozen=True)
class Answer:
    """An HTTP answer to a query: status, media type and body."""

    status: int
    media_type: str
    body: bytes


def _init_worker(ntriples: str, prefixes: dict[str, str]) -> None:
    """Load the served graph into this worker's own store."""
    import pyoxigraph

    global _STORE, _PREFIXES
    _STORE = pyoxigraph.Store()
    _STORE.bulk_load(path=ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    _PREFIXES = prefixes


def answer_query(store: Any, query: str, accept: str, max_rows: int) -> Answer:
    """Evaluate and serialise one query; refuse answers beyond ``max_rows``.

    An answer over the cap is refused, not truncated: a silently cut answer
    is the failure this endpoint exists to avoid. Every format is written by
    the engine's own serialisers; a SELECT answer long enough to possibly
    exceed the cap is counted in a second evaluation.
    """
    import pyoxigraph

    check_no_federation(query)
    try:
        result = store.query(query)
    except SyntaxError as exc:
        raise ProtocolError(400, f"SPARQL syntax error: {exc}") from None
    except (OSError, ValueError) as exc:
        raise ProtocolError(400, f"query failed: {exc}") from None
    if isinstance(result, pyoxigraph.QueryBoolean):
        fmt = negotiate(accept, RESULT_TYPES, DEFAULT_RESULT)
        fmt = fmt if fmt in ("JSON", "XML") else DEFAULT_RESULT
        body = result.serialize(format=getattr(pyoxigraph.QueryResultsFormat, fmt))
        return Answer(200, CANONICAL_TYPE[fmt], body or b"")
    if isinstance(result, pyoxigraph.QuerySolutions):
        fmt = negotiate(accept, RESULT_TYPES, DEFAULT_RESULT)
        body = result.serialize(format=getattr(pyoxigraph.QueryResultsFormat, fmt)) or b""
        # Every row takes at least MIN_ROW_BYTES[fmt] bytes, so a short answer cannot be
        # over the cap; only a long one is counted, by evaluating the query again.
        if len(body) > max_rows * MIN_ROW_BYTES[fmt]:
            for rows, _ in enumerate(store.query(query), start=1):
                if rows > max_rows:
                    raise _over_cap(max_rows, "rows")
        return Answer(200, CANONICAL_TYPE[fmt], body)
    fmt = negotiate(accept, GRAPH_TYPES, DEFAULT_GRAPH)
    triples = []
    for triple in result:
        triples.append(triple)
        if len(triples) > max_rows:
            raise _over_cap(max_rows, "triples")
    prefixes = _PREFIXES if fmt == "TURTLE" else None
    body = pyoxigraph.serialize(
        sorted(triples, key=str), format=getattr(pyoxigraph.RdfFormat, fmt), prefixes=prefixes
    )
    return Answer(200, CANONICAL_TYPE[fmt], body or b"")


def _over_cap(cap: int, unit: str) -> ProtocolError:
    return ProtocolError(
        422,
        f"the answer has more than {cap} {unit}, this server's result cap; "
        "add LIMIT and OFFSET to page through it (or start the server with a larger --max-rows)",
    )


def _task(query: str, accept: str, max_rows: int) -> Answer:
    try:
        return answer_query(_STORE, query, accept, max_rows)
    except ProtocolError as exc:
        return Answer(exc.status, "text/plain; charset=utf-8", exc.message.encode("utf-8"))


class QueryExecutor:
    """A pool of worker processes, each holding the graph, with a timeout per query."""

    def __init__(
        self,
        ntriples: Path,
        prefixes: dict[str, str],
        *,
        workers: int = 2,
        timeout: float = 10.0,
        max_rows: int = 10_000,
    ) -> None:
        from pebble import ProcessPool

        self.timeout = timeout
        self.max_rows = max_rows
        self._pool = ProcessPool(
            max_workers=workers,
            initializer=_init_worker,
            initargs=(str(ntriples), prefixes),
            context=multiprocessing.get_context("spawn"),
        )

    async def run(self, query: str, accept: str) -> Answer:
        """Answer a query, or a 503 when it runs past the timeout (its worker is killed)."""
        future = self._pool.schedule(
            _task, args=(query, accept, self.max_rows), timeout=self.timeout
        )
        try:
            answer: Answer = await asyncio.wrap_future(future)
        except FutureTimeout:
            return Answer(
                503,
                "text/plain; charset=utf-8",
                f"the query ran past this server's time limit of {self.timeout:g} s "
                "and was stopped".encode(),
            )
        except Exception as exc:  # a worker that died; the pool starts a new one
            return Answer(500, "text/plain; charset=utf-8", f"query worker failed: {exc}".encode())
        return answer

    async def warm_up(self, workers: int) -> None:
        """Have every worker load the graph before the server says it is ready."""
        await asyncio.gather(*(self.run("ASK {}", "") for _ in range(workers)))

    def close(self) -> None:
        self._pool.stop()  # type: ignore[no-untyped-call]
        self._pool.join(timeout=5)
