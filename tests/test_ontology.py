"""The ontology parses, is documented (hygiene shapes), versioned from one
source, and its catalog imports every module."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from aigovkg.api import KnowledgeGraph
from aigovkg.loading import parse_file
from tests.conftest import PATHS, glob_at_least

MODULES = glob_at_least(PATHS.ontology, "*.ttl", 9)


def test_hygiene_shapes_conform(kg: KnowledgeGraph) -> None:
    report = kg.check_hygiene()
    assert report.conforms, report.text()


def test_every_module_is_versioned_from_the_version_file() -> None:
    version = (PATHS.root / "VERSION").read_text().strip()
    for path in MODULES:
        graph = parse_file(path)
        ontologies = list(graph.subjects(predicate=None, object=OWL.Ontology))
        assert len(ontologies) == 1, path
        onto = ontologies[0]
        assert str(graph.value(onto, OWL.versionInfo)) == version, path
        version_iri = str(graph.value(onto, OWL.versionIRI))
        assert f"/{version}/" in version_iri or version_iri.endswith(f"/{version}"), path


def test_catalog_imports_every_other_module() -> None:
    catalog = parse_file(PATHS.ontology / "catalog.ttl")
    imported = {str(o) for o in catalog.objects(predicate=OWL.imports)}
    declared = set()
    for path in MODULES:
        if path.name == "catalog.ttl":
            continue
        graph = parse_file(path)
        declared |= {str(s) for s in graph.subjects(predicate=None, object=OWL.Ontology)}
    assert declared == imported


def test_interoperability_types_each_have_one_dimension(kg: KnowledgeGraph) -> None:
    rows = kg.sparql("""
        PREFIX agk: <https://w3id.org/aigovkg/ontology#>
        SELECT ?t (COUNT(?d) AS ?n) WHERE {
            ?t a agk:InteroperabilityType . OPTIONAL { ?t agk:typeDimension ?d }
        }
        GROUP BY ?t""").rows
    assert len(rows) == 10
    assert all(int(n) == 1 for _, n in rows)  # type: ignore[arg-type]


def test_ontology_declares_no_term_twice_with_different_kinds() -> None:
    graph = Graph()
    for path in MODULES:
        parse_file(path, graph)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    for term in set(graph.subjects()):
        if isinstance(term, URIRef):
            declared = [k for k in kinds if (term, None, k) in graph]
            assert len(declared) <= 1, (term, declared)
