"""The project engine (pyoxigraph) and the reference (rdflib) give the same rows.

Every named query, with its defaults and every parameter case of its
expectations file: a difference means a query leans on one engine's reading
of SPARQL (the cq06 domain filter did), or a bug in one of them.
"""

from __future__ import annotations

import pytest

from aigovkg.api import KnowledgeGraph
from aigovkg.queries import bind
from aigovkg.store import LocalStore
from tests.support.cases import CASES, IDS


@pytest.fixture(scope="module")
def reference(kg: KnowledgeGraph) -> LocalStore:
    return LocalStore(kg.graph)


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_pyoxigraph_and_rdflib_agree(
    kg: KnowledgeGraph, reference: LocalStore, name: str, params: dict[str, str]
) -> None:
    text = bind(kg.catalogue[name], params)
    project = sorted(map(str, kg.store.select(text).canonical().rows))
    assert project == sorted(map(str, reference.select(text).canonical().rows))
