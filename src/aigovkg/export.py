"""Deterministic serialisations of a graph, so that two builds diff cleanly.

Blank nodes (only the OWL axioms of the ontology have any) get labels from
their content; N-Triples lines are sorted; the other formats are written from
a graph filled in sorted order, and JSON-LD is re-emitted with sorted keys
and nodes. The result is byte-identical across runs and hash seeds.

That sorted copy (:func:`ordered`) costs more than most serialisations, so a
caller writing one graph in several formats makes it once and passes it in.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.graph import _TripleType

from aigovkg.loading import stable_bnodes, stable_triples
from aigovkg.namespaces import PREFIXES, bind_prefixes
from aigovkg.store import ResultTable

FORMATS = {
    "ttl": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "rdf": "xml",
}


class _SortedGraph(Graph):
    """A graph whose triple iteration is sorted, so every serialiser walks it in one order.

    rdflib's serialisers iterate the store, whose order can change between
    runs; sorting here makes RDF/XML and the others byte-stable. Its blank
    nodes already carry content-derived labels (see :func:`ordered`).
    """

    sorting = True  # off while a serialiser runs whose output is sorted afterwards

    def triples(self, triple, *args, **kwargs):  # type: ignore[no-untyped-def]
        found = super().triples(triple, *args, **kwargs)
        return iter(sorted(found, key=_triple_key)) if self.sorting else found

    def unsorted(self) -> Iterator[_TripleType]:
        """Every triple in store order, for callers that sort by other means."""
        return super().triples((None, None, None))


def _triple_key(triple: _TripleType) -> tuple[str, str, str]:
    return (triple[0].n3(), triple[1].n3(), triple[2].n3())


def ordered(graph: Graph) -> Graph:
    """A serialisable snapshot of graph: stable blank-node labels, sorted iteration.

    Making it costs more than most serialisations (the blank-node digests and
    a second store); a caller writing one graph in several formats makes it
    once and passes it to :func:`serialise` or :func:`write_graph` each time,
    which then use it as it is. Later changes to graph do not show in it.
    """
    if isinstance(graph, _SortedGraph):
        return graph
    out = bind_prefixes(_SortedGraph())
    for triple in stable_triples(graph):
        out.add(triple)
    return out


def _ntriples(graph: Graph) -> str:
    """N-Triples with sorted lines, written directly from the terms.

    The lines are sorted, so the graph need not iterate in order; the rows
    are what rdflib's N-Triples serialiser writes for each triple.
    """
    if isinstance(graph, _SortedGraph):
        triples: Iterable[_TripleType] = graph.unsorted()
    else:
        triples = stable_bnodes(graph)
    text = "".join(_nt_row(t) for t in triples)
    return "\n".join(sorted(line for line in text.splitlines() if line.strip())) + "\n"


def _nt_row(triple: _TripleType) -> str:
    """One N-Triples line, as rdflib's ``nt`` serialiser writes it."""
    s, p, o = triple
    if isinstance(o, Literal):
        text = (
            str(o)
            .replace("\\", "\\\\")
            .replace("\n", "\\n")
            .replace('"', '\\"')
            .replace("\r", "\\r")
        )
        text = f'"{text}"'
        if o.language:
            text = f"{text}@{o.language}"
        elif o.datatype:
            text = f"{text}^^<{o.datatype}>"
        return f"{s.n3()} {p.n3()} {text} .\n"
    return f"{s.n3()} {p.n3()} {o.n3()} .\n"


def serialise(graph: Graph, fmt: str) -> str:
    """The graph as text in one of FORMATS' keys, byte-stable.

    graph may be the result of :func:`ordered`, which saves redoing that work.
    """
    if fmt == "nt":
        return _ntriples(graph)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    snapshot = ordered(graph)
    if fmt == "jsonld":
        return _jsonld(snapshot)
    return snapshot.serialize(format=FORMATS[fmt])


def _jsonld(snapshot: Graph) -> str:
    """JSON-LD with every object's keys and every array sorted.

    The result is sorted throughout, so rdflib may walk the snapshot in its
    store's order (the sorted order it was filled in, for a whole-graph walk):
    sorting each of its lookups cost more than the serialiser's own work.
    """
    context = {p: str(ns) for p, ns in sorted(PREFIXES.items())}
    assert isinstance(snapshot, _SortedGraph)
    snapshot.sorting = False
    try:
        text = snapshot.serialize(format="json-ld", context=context, auto_compact=True)
    finally:
        snapshot.sorting = True
    raw = json.loads(text)
    return json.dumps(_sort_jsonld(raw), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _sort_jsonld(node: object) -> object:
    if isinstance(node, dict):
        return {k: _sort_jsonld(v) for k, v in node.items()}
    if isinstance(node, list):
        items = [_sort_jsonld(v) for v in node]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


def write_graph(graph: Graph, path: Path, fmt: str) -> None:
    path.write_text(serialise(graph, fmt), encoding="utf-8")


def table_csv(table: ResultTable) -> str:
    """A SELECT answer as CSV with full IRIs, rows in a stable order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    table = table.canonical()
    rows = [["" if v is None else str(v) for v in row] for row in table.rows]
    writer.writerows(sorted(rows))
    return buffer.getvalue()


def table_json(table: ResultTable) -> str:
    """A SELECT answer as a JSON list of objects (values as strings, IRIs in full)."""
    records = [
        {c: (None if v is None else str(v)) for c, v in zip(table.columns, row, strict=True)}
        for row in table.canonical().rows
    ]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def compact(graph: Graph, value: URIRef | Literal | None) -> str:
    """A short form for display: a CURIE for known namespaces, the text of a literal."""
    if value is None:
        return ""
    if isinstance(value, URIRef):
        for prefix, ns in PREFIXES.items():
            if str(value).startswith(str(ns)) and prefix not in ("rdf", "xsd"):
                return f"{prefix}:{str(value)[len(str(ns)) :]}"
        return str(value)
    return str(value)


def table_text(table: ResultTable, graph: Graph | None = None, width: int = 60) -> str:
    """A SELECT answer as an aligned text table for the terminal."""
    g = graph if graph is not None else Graph()
    cells = [[_clip(compact(g, v), width) for v in row] for row in table.canonical().rows]  # type: ignore[arg-type]
    widths = [len(c) for c in table.columns]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    line = "  ".join(c.ljust(w) for c, w in zip(table.columns, widths, strict=True))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    footer = f"({len(cells)} row{'s' if len(cells) != 1 else ''})"
    return "\n".join([line.rstrip(), rule, *(b.rstrip() for b in body), footer]) + "\n"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
