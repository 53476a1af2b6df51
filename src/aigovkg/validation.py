"""SHACL validation with pySHACL, reported per violation with the data file.

pySHACL's own text report does not say which file a node came from; the
report built here does, because a researcher fixing data needs the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from aigovkg.namespaces import RDF, SH


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
    data: Graph,
    shapes: Graph,
    ontology: Graph | None = None,
    origin: dict[URIRef, Path] | None = None,
    root: Path | None = None,
) -> ValidationReport:
    """Validate data (with the ontology for class hierarchy) against shapes."""
    conforms, results, _ = shacl_validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    origin = origin or {}
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
    return ValidationReport(bool(conforms), sorted(violations))
