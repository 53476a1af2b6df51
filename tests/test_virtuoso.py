"""A real Virtuoso (Debian's virtuoso-opensource) as the remote store.

`aigovkg publish` loads the build into it, and every competency query, with
every parameter case of its expectations file, must give the same rows from
Virtuoso (through SPARQLWrapper) as from the embedded store.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from aigovkg.api import KnowledgeGraph
from aigovkg.queries import bind
from aigovkg.store import RemoteStore
from tests.conftest import ROOT, _cli_env
from tests.support import virtuoso
from tests.support.cases import CASES, IDS

pytestmark = pytest.mark.virtuoso

GRAPH = "https://w3id.org/aigovkg/graph/test"
GSP_GRAPH = "https://w3id.org/aigovkg/graph/test-gsp"
PASSWORD = "dba"  # a fresh Virtuoso database's administrator password, on loopback only


def need_virtuoso() -> None:
    why = virtuoso.available()
    if why:
        pytest.fail(why)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[virtuoso.VirtuosoServer]:
    need_virtuoso()
    server = virtuoso.start(tmp_path_factory.mktemp("virtuoso"))
    try:
        yield server
    finally:
        server.stop()


def publish_env(tmp_path_factory: pytest.TempPathFactory, password: str) -> dict[str, str]:
    env = _cli_env(tmp_path_factory)
    env.update(
        AIGOVKG_ENDPOINT_USER="dba",
        AIGOVKG_ENDPOINT_PASSWORD=password,
        AIGOVKG_ENDPOINT_AUTH="digest",
    )
    return env


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aigovkg", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def published(
    store: virtuoso.VirtuosoServer, tmp_path_factory: pytest.TempPathFactory
) -> virtuoso.VirtuosoServer:
    env = publish_env(tmp_path_factory, PASSWORD)
    done = run_cli(env, "publish", "--endpoint", store.sparql_auth, "--graph", GRAPH)
    assert done.returncode == 0, done.stderr
    assert "INSERT DATA" in done.stderr and PASSWORD not in done.stderr + done.stdout
    return store


@pytest.fixture(scope="module")
def sent() -> int:
    """Triples publish sends: ontology, data and the rule inferences, as the CLI loads them."""
    return len(KnowledgeGraph.load(ROOT, inferences="rules").graph)


def triples_in(store: virtuoso.VirtuosoServer, graph: str) -> int:
    remote = RemoteStore(store.sparql)
    table = remote.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(str(table.rows[0][0]))


def test_publish_loads_every_triple(published: virtuoso.VirtuosoServer, sent: int) -> None:
    assert triples_in(published, GRAPH) == sent > 9000


def test_publish_by_graph_store_protocol(
    store: virtuoso.VirtuosoServer, sent: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    env = publish_env(tmp_path_factory, PASSWORD)
    args = [
        "publish",
        "--endpoint",
        store.sparql_auth,
        "--graph",
        GSP_GRAPH,
        "--gsp",
        store.gsp_auth,
    ]
    for _ in range(2):  # publishing again replaces the graph, it does not add to it
        done = run_cli(env, *args)
        assert done.returncode == 0, done.stderr
        assert "Graph Store Protocol" in done.stderr
        assert triples_in(store, GSP_GRAPH) == sent


def test_wrong_credentials_fail_clearly_without_showing_the_password(
    store: virtuoso.VirtuosoServer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    secret = "not-the-password-7f3a"
    env = publish_env(tmp_path_factory, secret)
    done = run_cli(env, "publish", "--endpoint", store.sparql_auth, "--graph", GRAPH + "/x")
    assert done.returncode == 1
    assert "aigovkg: SPARQL Update to" in done.stderr
    assert secret not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(("name", "params"), CASES, ids=IDS)
def test_virtuoso_gives_the_same_rows_as_the_embedded_store(
    published: virtuoso.VirtuosoServer, kg: KnowledgeGraph, name: str, params: dict[str, str]
) -> None:
    text = bind(kg.catalogue[name], params)
    local = sorted(map(str, kg.store.select(text).canonical().rows))
    remote = sorted(
        map(str, RemoteStore(published.sparql, default_graph=GRAPH).select(text).canonical().rows)
    )
    assert remote == local


def test_named_queries_from_the_cli_against_virtuoso(
    published: virtuoso.VirtuosoServer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    env = _cli_env(tmp_path_factory)
    local = run_cli(env, "query", "cq16", "--format", "csv")
    remote = run_cli(
        env, "query", "cq16", "--format", "csv", "--endpoint", published.sparql, "--graph", GRAPH
    )
    assert local.returncode == remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout


LARGE = "SELECT ?s ?p ?o ?copy WHERE { ?s ?p ?o VALUES ?copy { 1 2 } }"


def test_a_large_answer_arrives_whole(published: virtuoso.VirtuosoServer, sent: int) -> None:
    rows = RemoteStore(published.sparql, default_graph=GRAPH).select(LARGE)
    assert len(rows) == 2 * sent > 10_000


def test_debians_default_cap_would_have_truncated_it(
    tmp_path_factory: pytest.TempPathFactory, sent: int
) -> None:
    """The reason for our own ini: with Debian's 10,000-row cap the same answer is cut short."""
    need_virtuoso()
    capped = virtuoso.start(tmp_path_factory.mktemp("virtuoso-capped"), max_rows=10_000)
    try:
        env = publish_env(tmp_path_factory, PASSWORD)
        done = run_cli(env, "publish", "--endpoint", capped.sparql_auth, "--graph", GRAPH)
        assert done.returncode == 0, done.stderr
        rows = RemoteStore(capped.sparql, default_graph=GRAPH).select(LARGE)
        assert len(rows) == 10_000 < 2 * sent
    finally:
        capped.stop()


def test_virtuoso_listens_on_loopback_only(store: virtuoso.VirtuosoServer) -> None:
    ini = (store.folder / "virtuoso.ini").read_text()
    assert f"ServerPort               = 127.0.0.1:{store.sql_port}" in ini
    assert f"ServerPort                  = 127.0.0.1:{store.http_port}" in ini
    assert httpx.get(store.sparql, params={"query": "ASK {}"}).status_code == 200


def test_tmp_folder_holds_the_database(store: virtuoso.VirtuosoServer) -> None:
    assert (store.folder / "virtuoso.db").is_file()
