"""cq12 listed the same "missing types" for every pair of jurisdictions.

Its missing-type branch named ?first and ?second where they were unbound, so
it listed the types no link with an agency had, whatever the pair: mutual
recognition showed as missing between South Korea and the UK although the UK
adequacy decision recognises South Korea. The branch now tests the pair.
"""

from __future__ import annotations

from aigovkg.api import KnowledgeGraph

MUTUAL_RECOGNITION = "https://w3id.org/aigovkg/ontology#MutualRecognition"


def missing(kg: KnowledgeGraph, first: str, second: str) -> set[str]:
    table = kg.query("cq12-pair-profile", {"first": first, "second": second})
    return {str(r["item"]) for r in table.records() if str(r["category"]) == "missing type"}


def test_missing_types_depend_on_the_pair(kg: KnowledgeGraph) -> None:
    assert MUTUAL_RECOGNITION not in missing(kg, "KR", "GB")
    assert MUTUAL_RECOGNITION in missing(kg, "CN", "SG")
