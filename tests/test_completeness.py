"""The completeness checklists walk each source section by section: every IRI
a section lists must be in the graph with evidence from that source."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from aigovkg.api import KnowledgeGraph
from aigovkg.namespaces import AGK, PREFIXES, PROV, RDF
from tests.conftest import PATHS, glob_at_least

CHECKLISTS = glob_at_least(PATHS.root / "tests" / "completeness", "*.yaml", 6)


def _iri(curie: str):  # type: ignore[no-untyped-def]
    prefix, local = curie.split(":", 1)
    return PREFIXES[prefix][local]


@pytest.mark.parametrize("path", CHECKLISTS, ids=lambda p: p.stem)
def test_checklist_items_are_in_the_graph_with_evidence(kg: KnowledgeGraph, path: Path) -> None:
    checklist = yaml.safe_load(path.read_text(encoding="utf-8"))
    source = _iri(checklist["source"])
    sections = checklist["sections"]
    assert sections, path
    graph = kg.data
    missing = []
    for section in sections:
        for curie in section["expect"]:
            iri = _iri(curie)
            typed = (iri, RDF.type, None) in graph
            evidenced = any(
                (e, PROV.wasQuotedFrom, source) in graph
                for e in graph.objects(iri, AGK.hasEvidence)
            )
            if not (typed and evidenced):
                missing.append(f"{section['section']}: {curie}")
    assert not missing, "\n".join(missing)
