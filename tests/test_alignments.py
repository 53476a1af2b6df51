"""The alignments to external vocabularies (ontology/alignments.ttl and
data/alignments.ttl) use only terms recorded, with where they are published,
in ontology/external-terms.csv, so that a misspelt external IRI fails here;
and they align only resources that exist in the graph."""

from __future__ import annotations

import csv
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from aigovkg.api import KnowledgeGraph
from aigovkg.loading import parse_file
from tests.conftest import PATHS

ONTOLOGY_ALIGNMENTS = PATHS.ontology / "alignments.ttl"
DATA_ALIGNMENTS = PATHS.data / "alignments.ttl"
EXTERNAL_TERMS = PATHS.ontology / "external-terms.csv"
COLUMNS = ["term", "vocabulary", "defined_in", "note"]

AIGOVKG = "https://w3id.org/aigovkg/"
AGK = "https://w3id.org/aigovkg/ontology#"
AGKD = "https://w3id.org/aigovkg/id/"
LOC = "https://w3id.org/dpv/loc#"
# The core W3C/DCMI namespaces every module uses; not recorded term by term.
CORE = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/2001/XMLSchema#",
    "http://purl.org/dc/terms/",
    "http://purl.org/vocab/vann/",
)
# The skos:exactMatch alignments made when the module was written (20
# jurisdictions to DPV LOC, 3 laws and 3 authorities to DPV's legal
# extensions); more may be added, none should silently disappear.
EXACT_MATCHES_AT_LEAST = 26
# Jurisdictions whose DPV LOC concept is not spelled with their own ISO code.
OTHER_LOC_NAMES = {f"{AGKD}hk": {"CN-HK"}}


def _graph(path: Path) -> Graph:
    return parse_file(path)


def _external_iris(graph: Graph) -> set[str]:
    found = set()
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef):
                iri = str(term)
                if not iri.startswith(AIGOVKG) and not iri.startswith(CORE):
                    found.add(iri)
    return found


def _rows() -> list[dict[str, str]]:
    with EXTERNAL_TERMS.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS, reader.fieldnames
        return list(reader)


def test_external_terms_csv_rows_are_complete_and_unique() -> None:
    rows = _rows()
    assert rows
    terms = [row["term"] for row in rows]
    assert len(terms) == len(set(terms)), "a term is listed twice"
    for row in rows:
        assert row["term"].startswith(("http://", "https://")), row
        assert row["vocabulary"].strip(), row
        assert row["defined_in"].strip(), f"{row['term']} has no defined_in"


def test_every_external_iri_in_the_alignments_is_recorded() -> None:
    recorded = {row["term"] for row in _rows()}
    missing = {
        f"{path.parent.name}/{path.name}": sorted(_external_iris(_graph(path)) - recorded)
        for path in (ONTOLOGY_ALIGNMENTS, DATA_ALIGNMENTS)
    }
    assert not any(missing.values()), f"external IRIs not in external-terms.csv: {missing}"


def test_every_recorded_term_is_used_by_an_alignment() -> None:
    used = _external_iris(_graph(ONTOLOGY_ALIGNMENTS)) | _external_iris(_graph(DATA_ALIGNMENTS))
    stale = sorted({row["term"] for row in _rows()} - used)
    assert not stale, f"external-terms.csv lists terms no alignment uses: {stale}"


def test_data_alignments_only_add_exact_matches_to_existing_resources(
    kg: KnowledgeGraph,
) -> None:
    # Written external IRI first (skos:exactMatch is symmetric), so that the
    # file never becomes the first to describe one of our resources.
    graph = kg.graph
    for s, p, o in _graph(DATA_ALIGNMENTS):
        assert p == SKOS.exactMatch, (s, p, o)
        assert isinstance(o, URIRef) and not str(o).startswith(AIGOVKG), o
        assert str(s).startswith(AGKD), s
        assert (s, RDF.type, None) in graph, f"{s} is aligned but not described in data/"


def test_ontology_alignments_map_declared_aigovkg_terms(kg: KnowledgeGraph) -> None:
    graph = kg.graph
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    for s in set(_graph(ONTOLOGY_ALIGNMENTS).subjects()):
        if isinstance(s, URIRef) and str(s).startswith(AGK):
            assert any((s, RDF.type, k) in graph for k in kinds), f"{s} is not declared"


def test_jurisdictions_match_the_loc_concept_of_their_iso_code(kg: KnowledgeGraph) -> None:
    graph = kg.graph
    code = URIRef(f"{AGK}iso3166Code")
    matched = 0
    for ours, external in _graph(DATA_ALIGNMENTS).subject_objects(SKOS.exactMatch):
        if not str(external).startswith(LOC):
            continue
        matched += 1
        local = str(external)[len(LOC) :]
        iso = str(graph.value(ours, code))
        assert local == iso or local in OTHER_LOC_NAMES.get(str(ours), set()), (ours, iso)
    assert matched >= 20


def test_exact_match_alignments_are_not_lost(kg: KnowledgeGraph) -> None:
    rows = kg.sparql("""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT (COUNT(*) AS ?n) WHERE { ?s skos:exactMatch ?o }""").rows
    assert int(rows[0][0]) >= EXACT_MATCHES_AT_LEAST  # type: ignore[arg-type]
