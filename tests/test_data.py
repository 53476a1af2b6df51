"""All of data/ conforms to the shapes with the ontology, and the quality
queries (*-violation.rq) find nothing."""

from __future__ import annotations

import pytest

from aigovkg.api import KnowledgeGraph
from tests.conftest import PATHS, glob_at_least

DATA_FILES = glob_at_least(PATHS.data, "**/*.ttl", 30)
QUALITY = glob_at_least(PATHS.queries, "*-violation.rq", 3)


def test_data_conforms_to_the_shapes(kg: KnowledgeGraph) -> None:
    report = kg.validate()
    assert report.conforms, report.text()


@pytest.mark.parametrize("query", QUALITY, ids=lambda p: p.stem)
def test_quality_check_finds_nothing(kg: KnowledgeGraph, query) -> None:  # type: ignore[no-untyped-def]
    table = kg.query(query.stem)
    assert len(table) == 0, "\n".join(" | ".join(str(v) for v in row) for row in table.rows)


def test_every_data_file_is_in_the_graph(kg: KnowledgeGraph) -> None:
    # A file with only a prefix header and no statements would be pointless.
    from aigovkg.loading import parse_file

    empty = [p for p in DATA_FILES if len(parse_file(p)) == 0]
    assert not empty, empty


def test_curated_graph_has_the_four_unu_jurisdictions_profiled(kg: KnowledgeGraph) -> None:
    table = kg.sparql("""
        PREFIX agk: <https://w3id.org/aigovkg/ontology#>
        SELECT DISTINCT ?j WHERE { ?p a agk:GovernanceProfile ; agk:profileOf ?j }""")
    found = {str(row[0]).rsplit("/", 1)[1] for row in table.rows}
    assert {"cn", "kr", "sg", "gb"} <= found


def test_quality_checks_catch_a_typo_and_a_dangling_iri(kg: KnowledgeGraph) -> None:
    from dataclasses import replace

    from rdflib import Literal, URIRef

    data = kg.data.__class__()
    for triple in kg.data:
        data.add(triple)
    cn = URIRef("https://w3id.org/aigovkg/id/cn")
    data.add((cn, URIRef("http://www.w3.org/2000/01/rdf-schema#Label"), Literal("typo")))
    data.add(
        (
            cn,
            URIRef("https://w3id.org/aigovkg/ontology#madeUp"),
            URIRef("https://w3id.org/aigovkg/id/nowhere"),
        )
    )
    planted = replace(kg, data=data, _store=None)
    undeclared = {str(r[0]) for r in planted.query("qc01-undeclared-term-violation").rows}
    assert "http://www.w3.org/2000/01/rdf-schema#Label" in undeclared
    dangling = {str(r[0]) for r in planted.query("qc02-dangling-reference-violation").rows}
    assert dangling == {"https://w3id.org/aigovkg/id/nowhere"}
    unknown = {str(r[0]) for r in planted.query("qc03-ontology-term-violation").rows}
    assert unknown == {"https://w3id.org/aigovkg/ontology#madeUp"}
