"""Reading the project's Turtle files into one graph.

Two jobs beyond rdflib's parser: a syntax error becomes a ParseError that
names the file and line, and blank nodes are replaced by IRIs derived from
their content, so that exports are byte-stable and evidence nodes can be
linked to (rdflib's own skolemisation draws random labels).
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.graph import _TripleType
from rdflib.plugins.parsers.notation3 import BadSyntax

from aigovkg.errors import ParseError
from aigovkg.namespaces import AGKD, RDF, bind_prefixes

SKOLEM_BASE = str(AGKD)


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Keep Python's cycle collector out of a burst of allocation; put it back as it was.

    Parsing, and the build after it, make millions of small rdflib objects;
    every few thousand trigger a collection, and the older ones walk the
    whole heap: a fifth of a build's CPU. The cyclic garbage of the burst
    (tens of megabytes for the project's graph) waits until it is over.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_file(path: Path, graph: Graph | None = None) -> Graph:
    """Parse one Turtle file, raising ParseError with its line on bad syntax."""
    with cycle_collector_paused():
        return _parse_file(path, graph)


def _parse_file(path: Path, graph: Graph | None) -> Graph:
    target = graph if graph is not None else Graph()
    try:
        target.parse(path, format="turtle")
    except BadSyntax as exc:
        line, reason = exc.lines + 1, exc._why
        total = path.read_text(encoding="utf-8", errors="replace").count("\n") or 1
        if line > total:  # rdflib counts past the end when the file stops mid-statement
            line, reason = total, f"{reason} (the file ends mid-statement)"
        raise ParseError(path, line, reason) from None
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise ParseError(path, None, str(exc)) from None
    return target


def load_files(paths: Iterable[Path]) -> tuple[Graph, dict[URIRef, Path]]:
    """Parse files into one skolemised graph; also map each subject to its file.

    The subject-to-file map lets validation name the data file a violating
    node comes from.
    """
    with cycle_collector_paused():
        return _load_files(paths)


def _load_files(paths: Iterable[Path]) -> tuple[Graph, dict[URIRef, Path]]:
    merged = bind_prefixes(Graph())
    origin: dict[URIRef, Path] = {}
    typed: dict[URIRef, Path] = {}
    for path in paths:
        for s, p, o in _skolem_triples(parse_file(path)):
            if isinstance(s, URIRef):
                origin.setdefault(s, path)
                if p == RDF.type:
                    typed.setdefault(s, path)
            merged.add((s, p, o))
    origin.update(typed)  # a subject comes from the file that types it, if any does
    return merged, origin


def _canonical(graph: Graph, node: BNode, seen: frozenset[BNode]) -> str:
    """A deterministic text form of a blank node's description, nested bnodes included."""
    parts = []
    for p, o in graph.predicate_objects(node):
        if isinstance(o, BNode):
            text = "[]" if o in seen else "[" + _canonical(graph, o, seen | {o}) + "]"
        else:
            text = o.n3()
        parts.append(f"{p.n3()} {text}")
    return " ; ".join(sorted(parts))


def _kind(graph: Graph, node: BNode) -> str:
    types = sorted(str(t) for t in graph.objects(node, RDF.type))
    if not types:
        return "node"
    local = types[0].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return "".join("-" + c.lower() if c.isupper() else c for c in local).lstrip("-")


def _bnode_digests(graph: Graph) -> dict[BNode, str]:
    """A digest per blank node from where it hangs and what it says.

    The digest depends on the referring subject and predicate as well as the
    content, so two identical quotes on two resources stay two nodes.
    """
    digests: dict[BNode, str] = {}

    def digest(node: BNode, stack: frozenset[BNode]) -> str:
        if node in digests:
            return digests[node]
        owners = sorted(
            f"{name(s, stack | {node})} {p.n3()}" for s, p in graph.subject_predicates(node)
        )
        text = " | ".join(owners) + " || " + _canonical(graph, node, frozenset({node}))
        digests[node] = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
        return digests[node]

    def name(term: object, stack: frozenset[BNode]) -> str:
        if isinstance(term, BNode):
            return "[]" if term in stack else digest(term, stack)
        return term.n3()  # type: ignore[attr-defined,no-any-return]

    for triple in graph:
        for term in (triple[0], triple[2]):
            if isinstance(term, BNode):
                digest(term, frozenset())
    return digests


def _rename(graph: Graph, new_name: dict[BNode, URIRef | BNode]) -> Graph:
    if not new_name:
        return graph
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns)
    for s, p, o in graph:
        out.add((new_name.get(s, s), p, new_name.get(o, o)))  # type: ignore[call-overload]
    return out


def skolemise(graph: Graph) -> Graph:
    """Replace every blank node of a data file by an IRI hashed from its content.

    Data only: OWL class expressions in the ontology must stay blank nodes.
    """
    return _rename(graph, _skolem_names(graph))


def _skolem_names(graph: Graph) -> dict[BNode, URIRef | BNode]:
    digests = _bnode_digests(graph)
    return {b: URIRef(f"{SKOLEM_BASE}{_kind(graph, b)}-{d}") for b, d in digests.items()}


def _skolem_triples(graph: Graph) -> list[_TripleType]:
    """The triples of :func:`skolemise` without the graph: the loader adds them to its own."""
    names = _skolem_names(graph)
    return [(names.get(s, s), p, names.get(o, o)) for s, p, o in graph]  # type: ignore[call-overload]


def stable_bnodes(graph: Graph) -> Graph:
    """Relabel the remaining blank nodes (OWL axioms) with content-derived labels for exports."""
    digests = _bnode_digests(graph)
    return _rename(graph, {b: BNode(f"b{d}") for b, d in digests.items()})


def stable_triples(graph: Graph) -> list[_TripleType]:
    """The triples of :func:`stable_bnodes` in the order of :func:`triples_sorted`.

    For a caller that fills a graph of its own: it saves the intermediate
    relabelled graph, whose store costs more to fill than the sort.
    """
    names = {b: BNode(f"b{d}") for b, d in _bnode_digests(graph).items()}
    relabelled = (
        (names.get(s, s), p, names.get(o, o))  # type: ignore[call-overload]
        for s, p, o in graph
    )
    return sorted(set(relabelled), key=_triple_key)


def _triple_key(triple: _TripleType) -> tuple[str, str, str]:
    return (triple[0].n3(), triple[1].n3(), triple[2].n3())


def triples_sorted(graph: Graph) -> list[_TripleType]:
    """All triples in a stable order."""
    return sorted(graph, key=_triple_key)
