"""The one place that knows which triple store answers SPARQL.

Everything else calls :func:`open_store` and :meth:`Store.select`, so the
engine (rdflib's Memory store today; pyoxigraph or a remote endpoint later)
can change without touching the rest. Results come back as plain rows of
rdflib terms, whatever the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, cast

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from aigovkg.errors import QueryError

Term = URIRef | Literal | BNode


@dataclass
class ResultTable:
    """A SELECT answer: column names and rows (None where a variable is unbound)."""

    columns: list[str]
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)

    def canonical(self) -> ResultTable:
        """A copy with GROUP_CONCAT lists (" | "-separated) sorted, so output is stable.

        SPARQL leaves the order inside GROUP_CONCAT undefined; sorting the
        items makes answers byte-identical across runs and engines.
        """
        rows = []
        for row in self.rows:
            rows.append(tuple(_sorted_list(v) for v in row))
        return ResultTable(list(self.columns), rows)

    def records(self) -> list[dict[str, Term | None]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)


def _sorted_list(value: Term | None) -> Term | None:
    if isinstance(value, Literal) and " | " in str(value):
        items = sorted(set(str(value).split(" | ")))
        return Literal(" | ".join(items), lang=value.language, datatype=value.datatype)
    return value


class Store(Protocol):
    """What the rest of the package needs from a triple store."""

    def select(self, query: str) -> ResultTable: ...

    def ask(self, query: str) -> bool: ...


class LocalStore:
    """An in-process store over an rdflib graph."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def select(self, query: str) -> ResultTable:
        try:
            result = self.graph.query(query)
        except Exception as exc:  # rdflib raises pyparsing and assorted errors
            raise QueryError(f"SPARQL error: {exc}") from None
        if result.type != "SELECT":
            raise QueryError(f"expected a SELECT query, got {result.type}")
        columns = [str(v) for v in (result.vars or [])]
        rows = [tuple(_term(v) for v in row) for row in result]  # type: ignore[union-attr]
        return ResultTable(columns, rows)

    def ask(self, query: str) -> bool:
        try:
            return bool(self.graph.query(query).askAnswer)
        except Exception as exc:
            raise QueryError(f"SPARQL error: {exc}") from None


def _term(value: Node | None) -> Term | None:
    if value is None or isinstance(value, URIRef | Literal | BNode):
        return value
    return Literal(str(value))


class RemoteStore:
    """A SPARQL 1.1 endpoint reached through SPARQLWrapper."""

    def __init__(self, endpoint: str, timeout: int = 60) -> None:
        from SPARQLWrapper import JSON, SPARQLWrapper

        self.endpoint = endpoint
        self._client = SPARQLWrapper(endpoint)
        self._client.setReturnFormat(JSON)
        self._client.setTimeout(timeout)
        self._client.setMethod("POST")

    def _run(self, query: str) -> dict:  # type: ignore[type-arg]
        self._client.setQuery(query)
        try:
            return cast(dict, self._client.queryAndConvert())  # type: ignore[type-arg]
        except Exception as exc:
            raise QueryError(f"endpoint {self.endpoint}: {exc}") from None

    def select(self, query: str) -> ResultTable:
        data = self._run(query)
        columns = list(data["head"].get("vars", []))
        rows = [tuple(_from_json(b.get(c)) for c in columns) for b in data["results"]["bindings"]]
        return ResultTable(columns, rows)

    def ask(self, query: str) -> bool:
        return bool(self._run(query).get("boolean"))


def _from_json(binding: dict | None) -> Term | None:  # type: ignore[type-arg]
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in binding:
        return Literal(value, lang=binding["xml:lang"])
    if "datatype" in binding:
        return Literal(value, datatype=URIRef(binding["datatype"]))
    return Literal(value)


def open_store(graph: Graph | None = None, endpoint: str | None = None) -> Store:
    """The store for a loaded graph, or for a remote endpoint when one is given."""
    if endpoint:
        return RemoteStore(endpoint)
    if graph is None:
        raise ValueError("open_store needs a graph or an endpoint")
    return LocalStore(graph)
