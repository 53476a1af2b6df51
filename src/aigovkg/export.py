"""Deterministic serialisations of a graph, so that two builds diff cleanly.

Blank nodes (only the OWL axioms of the ontology have any) get labels from
their content; N-Triples lines are sorted; the other formats are written from
a graph filled in sorted order, and JSON-LD is re-emitted with sorted keys
and nodes. The result is byte-identical across runs and hash seeds.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from aigovkg.loading import stable_bnodes, triples_sorted
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
    runs; sorting here makes RDF/XML and the others byte-stable.
    """

    def triples(self, triple, *args, **kwargs):  # type: ignore[no-untyped-def]
        found = super().triples(triple, *args, **kwargs)
        return iter(sorted(found, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3())))


def _ordered(graph: Graph) -> Graph:
    stable = stable_bnodes(graph)
    out = bind_prefixes(_SortedGraph())
    for triple in triples_sorted(stable):
        out.add(triple)
    return out


def serialise(graph: Graph, fmt: str) -> str:
    """The graph as text in one of FORMATS' keys, byte-stable."""
    ordered = _ordered(graph)
    if fmt == "nt":
        lines = ordered.serialize(format="nt").splitlines()
        return "\n".join(sorted(line for line in lines if line.strip())) + "\n"
    if fmt == "jsonld":
        context = {p: str(ns) for p, ns in sorted(PREFIXES.items())}
        raw = json.loads(ordered.serialize(format="json-ld", context=context, auto_compact=True))
        return json.dumps(_sort_jsonld(raw), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if fmt in FORMATS:
        return ordered.serialize(format=FORMATS[fmt])
    raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")


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
