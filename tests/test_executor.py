"""The answer cap in the query workers, on the smallest rows each format can write."""

from __future__ import annotations

import pyoxigraph
import pytest

from aigovkg.server.executor import answer_query
from aigovkg.server.protocol import ProtocolError

CAP = 50
FORMATS = [
    "application/sparql-results+json",
    "text/csv",
    "text/tab-separated-values",
    "application/sparql-results+xml",
]


def empty_rows(n: int) -> str:
    return "SELECT ?x WHERE { VALUES ?x { " + "UNDEF " * n + "} }"


@pytest.mark.parametrize("accept", FORMATS)
def test_cap_counts_even_empty_rows(accept: str) -> None:
    store = pyoxigraph.Store()
    assert answer_query(store, empty_rows(CAP), accept, CAP).status == 200
    with pytest.raises(ProtocolError) as refused:
        answer_query(store, empty_rows(CAP + 1), accept, CAP)
    assert refused.value.status == 422


def test_cap_on_constructed_triples() -> None:
    store = pyoxigraph.Store()
    query = (
        "CONSTRUCT { ?s <urn:p> 1 } WHERE { VALUES ?s { "
        + " ".join(f"<urn:s{i}>" for i in range(CAP + 1))
        + " } }"
    )
    with pytest.raises(ProtocolError, match="triples"):
        answer_query(store, query, "text/turtle", CAP)
