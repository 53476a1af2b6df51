"""HermiT, through owlready2, finds the curated graph consistent, fills the
defined classes the queries use, and reports a planted contradiction."""

from __future__ import annotations

import pytest
from rdflib import Graph

from aigovkg.api import KnowledgeGraph
from aigovkg.namespaces import AGK, AGKD, RDF
from aigovkg.reasoning import reason

pytestmark = pytest.mark.reasoner

PREFIXES = """@prefix agk: <https://w3id.org/aigovkg/ontology#> .
@prefix agkd: <https://w3id.org/aigovkg/id/> .
"""


def test_curated_graph_is_consistent_and_defined_classes_are_filled(kg: KnowledgeGraph) -> None:
    inferred = kg.inferred
    assert len(inferred) > 0
    binding = set(inferred.subjects(RDF.type, AGK.LegallyBindingInstrument))
    assert AGKD["cn-data-security-law"] in binding and AGKD["kr-ai-framework-act"] in binding
    assert set(inferred.subjects(RDF.type, AGK.MutualRecognitionLink))
    assert set(inferred.subjects(AGK.dimension, AGK.LegalInteroperability))


def _with(kg: KnowledgeGraph, extra: str) -> Graph:
    graph = kg.asserted
    graph.parse(data=PREFIXES + extra, format="turtle")
    return graph


def test_binding_and_non_binding_at_once_is_inconsistent(kg: KnowledgeGraph) -> None:
    graph = _with(kg, "agkd:cn-data-security-law agk:bindingNature agk:NonBinding .")
    assert not reason(graph).consistent


def test_an_instrument_that_is_also_an_organisation_is_inconsistent(kg: KnowledgeGraph) -> None:
    graph = _with(kg, "agkd:cn-pipl a agk:Organisation .")
    assert not reason(graph).consistent


def test_a_consistent_addition_stays_consistent(kg: KnowledgeGraph) -> None:
    graph = _with(kg, "agkd:test-law a agk:Law ; agk:bindingNature agk:LegallyBinding .")
    result = reason(graph)
    assert result.consistent
    assert (AGKD["test-law"], RDF.type, AGK.LegallyBindingInstrument) in result.inferred
