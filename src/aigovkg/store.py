"""The one place that knows which triple store answers SPARQL.

Everything else calls :func:`open_store` and :meth:`Store.select`, so the
engine can change without touching the rest. The project engine is
pyoxigraph (:class:`OxigraphStore`), about ten times faster than rdflib's
Memory store (see ``benchmarks/``); :class:`LocalStore` keeps rdflib as the
reference engine and :class:`RemoteStore` reaches any SPARQL 1.1 endpoint.
Results come back as plain rows of rdflib terms, whatever the engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

if TYPE_CHECKING:
    import pyoxigraph

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
        items makes answers byte-identical across runs and engines. An empty
        GROUP_CONCAT is "" on rdflib and unbound on Oxigraph and Virtuoso; it
        becomes unbound here, so every engine gives the same rows.
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
    if isinstance(value, Literal) and value.datatype is None and str(value) == "":
        return None
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


class OxigraphStore:
    """An in-process pyoxigraph store: the project's default engine."""

    def __init__(self, store: pyoxigraph.Store | None = None) -> None:
        import pyoxigraph

        self.store = store if store is not None else pyoxigraph.Store()

    @classmethod
    def from_graph(cls, graph: Graph) -> OxigraphStore:
        """A store holding an rdflib graph's triples (through N-Triples, the fastest path)."""
        import pyoxigraph

        store = pyoxigraph.Store()
        payload = graph.serialize(format="nt", encoding="utf-8")
        store.bulk_load(payload, pyoxigraph.RdfFormat.N_TRIPLES)
        return cls(store)

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> OxigraphStore:
        """A store loaded from RDF files, each parsed by pyoxigraph in its own format."""
        import pyoxigraph

        store = pyoxigraph.Store()
        for path in paths:
            fmt = pyoxigraph.RdfFormat.from_extension(path.suffix.lstrip(".") or "ttl")
            if fmt is None:
                raise QueryError(f"{path}: unknown RDF file extension")
            store.bulk_load(path=str(path), format=fmt)
        return cls(store)

    def __len__(self) -> int:
        return len(self.store)

    def select(self, query: str) -> ResultTable:
        import pyoxigraph

        try:
            result = self.store.query(query)
        except (SyntaxError, OSError, ValueError) as exc:
            raise QueryError(f"SPARQL error: {exc}") from None
        if not isinstance(result, pyoxigraph.QuerySolutions):
            raise QueryError("expected a SELECT query")
        columns = [v.value for v in result.variables]
        rows = [
            tuple(from_oxigraph(solution[i]) for i in range(len(columns))) for solution in result
        ]
        return ResultTable(columns, rows)

    def ask(self, query: str) -> bool:
        import pyoxigraph

        try:
            result = self.store.query(query)
        except (SyntaxError, OSError, ValueError) as exc:
            raise QueryError(f"SPARQL error: {exc}") from None
        if not isinstance(result, pyoxigraph.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)


def from_oxigraph(value: object) -> Term | None:
    """An rdflib term for a pyoxigraph term (None stays None)."""
    import pyoxigraph

    if value is None:
        return None
    if isinstance(value, pyoxigraph.NamedNode):
        return URIRef(value.value)
    if isinstance(value, pyoxigraph.BlankNode):
        return BNode(value.value)
    if isinstance(value, pyoxigraph.Literal):
        if value.language:
            return Literal(value.value, lang=value.language)
        if value.datatype.value == str(XSD.string):
            return Literal(value.value)
        return Literal(value.value, datatype=URIRef(value.datatype.value))
    raise QueryError(f"unsupported term in an answer: {value!r}")


def _term(value: Node | None) -> Term | None:
    if value is None or isinstance(value, URIRef | Literal | BNode):
        return value
    return Literal(str(value))


class RemoteStore:
    """A SPARQL 1.1 endpoint reached through SPARQLWrapper."""

    def __init__(self, endpoint: str, timeout: int = 60, default_graph: str | None = None) -> None:
        from SPARQLWrapper import JSON, SPARQLWrapper

        self.endpoint = endpoint
        self._client = SPARQLWrapper(endpoint)
        if default_graph:
            # A store holding other graphs (Virtuoso's system graphs, say) must be told
            # which one the queries are about.
            self._client.addDefaultGraph(default_graph)
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


def open_store(
    graph: Graph | None = None,
    endpoint: str | None = None,
    engine: str = "oxigraph",
    endpoint_graph: str | None = None,
) -> Store:
    """The store for a loaded graph, or for a remote endpoint when one is given.

    ``engine`` is "oxigraph" (the default, fast) or "rdflib" (the reference);
    ``endpoint_graph`` names the graph a remote endpoint should query as its default.
    """
    if endpoint:
        return RemoteStore(endpoint, default_graph=endpoint_graph)
    if graph is None:
        raise ValueError("open_store needs a graph or an endpoint")
    if engine == "rdflib":
        return LocalStore(graph)
    if engine == "oxigraph":
        return OxigraphStore.from_graph(graph)
    raise ValueError(f"unknown engine {engine!r}; use oxigraph or rdflib")
