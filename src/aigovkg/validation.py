"""SHACL validation, reported per violation with the data file.

pySHACL's own text report does not say which file a node came from; the
report built here does, because a researcher fixing data needs the file.

Two engines give the same :class:`Violation` records:

``turbo`` (the default)
    pyshacl-turbo's Rust engine: four to six times faster than pySHACL at 100k
    triples and over 200 times on the vocabulary-hygiene shapes (SPARQL
    targets); a million triples take it about 20 s of CPU, half of it
    reading the input.
``pyshacl``
    the reference implementation, kept as the oracle the tests compare
    turbo against (``tests/test_shacl_engines.py``).

How data reaches turbo matters for correctness, not only speed. Handed a
pyoxigraph Store, turbo reads plain literals as ``xsd:string``-typed ones
while rdflib-parsed shapes keep them plain, so ``sh:in ("accepted")`` and a
SPARQL target on ``"deprecated"`` stop matching (false violations, missed
focus nodes; ``tests/regressions/test_turbo_plain_literals.py``). Handed
rdflib graphs with ``ont_graph``, it is correct but decodes the mixed graph
back into rdflib in Python (8 s at 100k triples). So the data goes in as
one N-Triples text, which turbo's native parser reads with plain literals
plain, like the rdflib shapes: the data (dumped by Oxigraph when it comes as
a Store, serialised by rdflib otherwise) followed by the ontology's axioms
copied exactly as pySHACL copies them (its own ``inoculate``), so both
engines validate the same graph.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from aigovkg.errors import AigovkgError
from aigovkg.namespaces import RDF, SH, bind_prefixes

if TYPE_CHECKING:
    import pyoxigraph

ENGINES = ("turbo", "pyshacl")


class ValidationEngineError(AigovkgError):
    """A SHACL engine is unknown, not installed or failed; the message names it (exit 2)."""

    exit_code = 2


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result, with what a user needs to find and fix it."""

    focus: str
    shape: str
    constraint: str
    path: str
    value: str
    message: str
    severity: str
    file: str

    def describe(self) -> str:
        where = f" [{self.file}]" if self.file else ""
        path = f" path {self.path}" if self.path else ""
        value = f" value {self.value}" if self.value else ""
        return (
            f"{self.severity}: {self.focus}{where}\n"
            f"  shape {self.shape}, constraint {self.constraint}{path}{value}\n"
            f"  {self.message}"
        )


@dataclass
class ValidationReport:
    """The outcome of validating the data against the shapes."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def text(self) -> str:
        head = (
            "Conforms: yes" if self.conforms else f"Conforms: no ({len(self.violations)} results)"
        )
        return "\n".join([head, *(v.describe() for v in self.violations)]) + "\n"


def _short(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        return _describe_path(graph, node)
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:
            return str(node)
    return node.n3() if hasattr(node, "n3") else str(node)


def _describe_path(graph: Graph, node: BNode) -> str:
    """A SHACL path written as SPARQL would write it (a|b, a/b, ^a), never a blank-node id."""
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_short(graph, n) for n in Collection(graph, alternatives))
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + _short(graph, inverse)
    if graph.value(node, RDF.first) is not None:
        return "/".join(_short(graph, n) for n in Collection(graph, node))
    return "[]"


def validate(
    data: Graph | pyoxigraph.Store,
    shapes: Graph,
    ontology: Graph | None = None,
    origin: dict[URIRef, Path] | None = None,
    root: Path | None = None,
    *,
    engine: str = "turbo",
) -> ValidationReport:
    """Validate data (with the ontology for class hierarchy) against shapes.

    ``data`` is an rdflib graph or, to skip rdflib at scale, a pyoxigraph
    Store (its default graph is validated). ``engine`` is "turbo" (fast) or
    "pyshacl" (the reference); both give the same violations.
    """
    run = _engine(engine)
    conforms, results = run(data, shapes, ontology)
    names = data if isinstance(data, Graph) else bind_prefixes(Graph())
    violations = _violations(results, names, shapes, origin or {}, root)
    return ValidationReport(conforms, sorted(violations))


Runner = Callable[[Any, Graph, Graph | None], tuple[bool, Graph]]


def _engine(name: str) -> Runner:
    runners: dict[str, Runner] = {"turbo": _run_turbo, "pyshacl": _run_pyshacl}
    if name not in runners:
        raise ValidationEngineError(
            f"unknown SHACL engine {name!r}; choose one of: {', '.join(ENGINES)}"
        )
    return runners[name]


def _violations(
    results: Graph,
    data: Graph,
    shapes: Graph,
    origin: dict[URIRef, Path],
    root: Path | None,
) -> list[Violation]:
    """One Violation per sh:ValidationResult, with node names short and the data file found."""
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult, unique=True):

        def get(p: URIRef, result: Node = result) -> Node | None:
            value: Node | None = results.value(result, p)
            return value

        focus = get(SH.focusNode)
        src = origin.get(focus) if isinstance(focus, URIRef) else None
        if src is not None and root is not None and src.is_relative_to(root):
            src = src.relative_to(root)
        violations.append(
            Violation(
                focus=_short(data, focus),
                shape=_short(shapes, get(SH.sourceShape)),
                constraint=_short(shapes, get(SH.sourceConstraintComponent)),
                path=_short(shapes, get(SH.resultPath)),
                value=_short(data, get(SH.value)),
                message=str(get(SH.resultMessage) or ""),
                severity=_short(shapes, get(SH.resultSeverity)).replace("sh:", ""),
                file=str(src) if src else "",
            )
        )
    return violations


def _run_pyshacl(
    data: Graph | pyoxigraph.Store, shapes: Graph, ontology: Graph | None
) -> tuple[bool, Graph]:
    """The reference: pySHACL, mixing the ontology's axioms into a copy of the data."""
    from pyshacl import validate as shacl_validate

    graph = data if isinstance(data, Graph) else Graph().parse(data=_ntriples(data), format="nt")
    conforms, results, _ = shacl_validate(
        graph,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    return bool(conforms), results


def _run_turbo(
    data: Graph | pyoxigraph.Store, shapes: Graph, ontology: Graph | None
) -> tuple[bool, Graph]:
    """pyshacl-turbo on one N-Triples text of data plus inoculated ontology (see the module doc).

    The text goes in as ``pyshacl_turbo.rdf.Input``, the container turbo's
    own API builds from its inputs but does not export; the engine tests
    catch a release that changes it, and any failure names the engine.
    """
    try:
        import pyshacl_turbo
        from pyshacl_turbo.rdf import Input
    except ImportError as exc:
        raise ValidationEngineError(
            f"SHACL engine 'turbo' needs pyshacl-turbo, which cannot be imported ({exc}); "
            "install it (pip install pyshacl-turbo) or use engine='pyshacl'"
        ) from None
    text = _ntriples(data)
    if ontology is not None:
        text += _inoculated(ontology)
    try:
        compile_shapes = cast(Callable[..., Any], pyshacl_turbo.compile_shapes)
        program = compile_shapes(shapes, advanced=True)
        conforms, results, _ = program.validate(Input(text, "nt", None, {}), allow_warnings=True)
    except Exception as exc:  # the Rust engine raises its own and assorted errors
        raise ValidationEngineError(
            f"SHACL engine 'turbo' (pyshacl-turbo {_version('pyshacl-turbo')}) failed: {exc}; "
            "engine='pyshacl' is the slower reference"
        ) from None
    return bool(conforms), results


def _ntriples(data: Graph | pyoxigraph.Store) -> str:
    """The data as N-Triples text: Oxigraph's dump of its default graph, or rdflib's."""
    if isinstance(data, Graph):
        return data.serialize(format="nt", encoding="utf-8").decode("utf-8")
    import pyoxigraph

    dump = data.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    return dump.decode("utf-8") if dump else ""


def _inoculated(ontology: Graph) -> str:
    """The ontology triples pySHACL mixes into the data graph, as N-Triples text.

    pySHACL copies classes, properties, RDFS/OWL axioms and named
    individuals, not the whole ontology; reusing its function keeps turbo's
    data graph identical to the oracle's. The copy depends only on the
    ontology, so copying into an empty graph and appending equals
    copying into the data.
    """
    from pyshacl.rdfutil.inoculate import inoculate

    copied = inoculate(cast(Any, Graph()), ontology)
    text: str = copied.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return "\n" + text


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"
