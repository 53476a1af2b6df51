"""OWL 2 reasoning with HermiT, run through owlready2.

HermiT checks that ontology plus data are consistent and materialises what
the axioms entail (defined classes such as LegallyBindingInstrument, the
link dimension from its property chain, inverse properties). Two things are
stripped before the graph reaches owlready2, neither of which takes part in
the reasoning: owl:imports (every module is already merged, and owlready2
would otherwise fetch them over the network) and literals whose datatype is
outside the OWL 2 datatype map (xsd:date, xsd:gYear, xsd:gYearMonth), which
HermiT rejects.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from aigovkg.errors import AigovkgError
from aigovkg.namespaces import bind_prefixes

UNSUPPORTED_DATATYPES = {XSD.date, XSD.gYear, XSD.gYearMonth, XSD.gMonth, XSD.gDay}


class ReasonerUnavailable(AigovkgError):
    """Java or owlready2 is missing: reasoning cannot run."""

    exit_code = 2


@dataclass
class ReasoningResult:
    """What the reasoner found."""

    consistent: bool
    inferred: Graph
    explanation: str = ""


def reasoner_input(graph: Graph) -> Graph:
    """The part of the graph HermiT gets: no imports, OWL 2 datatypes only."""
    out = Graph()
    for s, p, o in graph:
        if p == OWL.imports:
            continue
        if isinstance(o, Literal) and o.datatype in UNSUPPORTED_DATATYPES:
            continue
        out.add((s, p, o))
    return out


def _check_java() -> None:
    if shutil.which("java") is None:
        raise ReasonerUnavailable(
            "HermiT needs Java, and no `java` is on PATH; `make run` installs it "
            "(Debian package default-jre-headless)"
        )


def reason(graph: Graph) -> ReasoningResult:
    """Run HermiT on ontology plus data; return consistency and the new triples."""
    _check_java()
    try:
        import owlready2
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise ReasonerUnavailable(f"owlready2 is not installed: {exc}") from None

    payload = reasoner_input(graph).serialize(format="nt", encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="aigovkg-owl-") as tmp:
        world = owlready2.World(filename=str(Path(tmp) / "quadstore.sqlite3"))
        onto = world.get_ontology("https://w3id.org/aigovkg/reasoning-input/")
        onto.load(fileobj=io.BytesIO(payload), format="ntriples")
        before = _world_triples(world)
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            world.close()
            return ReasoningResult(False, Graph(), _explain(exc))
        after = _world_triples(world)
        world.close()
    inferred = bind_prefixes(Graph())
    for triple in after - before:
        if _keep(triple):
            inferred.add(triple)
    return ReasoningResult(True, inferred)


def _world_triples(world: object) -> set[tuple[URIRef, URIRef, URIRef | Literal]]:
    graph = world.as_rdflib_graph()  # type: ignore[attr-defined]
    return {
        (s, p, o)
        for s, p, o in graph.triples((None, None, None))
        if not isinstance(s, BNode) and not isinstance(o, BNode)
    }


def _keep(triple: tuple[URIRef, URIRef, URIRef | Literal]) -> bool:
    """Drop reasoner bookkeeping that says nothing new to a user."""
    s, p, o = triple
    if str(s).startswith("http://inferrences") or str(o).startswith("http://inferrences"):
        return False
    if p == RDF.type and o in (OWL.Thing, OWL.NamedIndividual, OWL.Ontology):
        return False
    if p in (RDFS.subClassOf, OWL.equivalentClass) and o == OWL.Thing:
        return False
    return not (p == RDFS.subClassOf and s == o)


def _explain(exc: Exception) -> str:
    text = str(exc).strip()
    return text or "HermiT found the ontology and data inconsistent"
