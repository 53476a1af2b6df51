"""`aigovkg serve`, tested over real HTTP against the running server.

The server runs as a user starts it (`python -m aigovkg serve`), on a free
loopback port; these tests speak the SPARQL 1.1 Protocol to it and follow
its linked-data pages.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from aigovkg.api import KnowledgeGraph
from aigovkg.namespaces import AGKD
from aigovkg.queries import bind
from aigovkg.store import RemoteStore
from tests.conftest import _cli_env
from tests.support.served import Served, serving

pytestmark = pytest.mark.server

COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SEVEN = "SELECT ?s WHERE { ?s a <https://w3id.org/aigovkg/ontology#Country> } ORDER BY ?s LIMIT 7"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"


def get(
    served: Served, query: str, accept: str = "application/sparql-results+json"
) -> httpx.Response:
    return httpx.get(served.sparql, params={"query": query}, headers={"Accept": accept}, timeout=60)


def count_all(served: Served) -> int:
    answer = get(served, COUNT_ALL)
    assert answer.status_code == 200, answer.text
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


# --- SPARQL 1.1 Protocol ---------------------------------------------------------------


def test_get_post_form_and_post_direct_give_the_same_answer(served: Served) -> None:
    by_get = get(served, SEVEN)
    by_form = httpx.post(
        served.sparql, data={"query": SEVEN}, headers={"Accept": "application/sparql-results+json"}
    )
    by_direct = httpx.post(
        served.sparql,
        content=SEVEN.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/json"},
    )
    answers = [r.json()["results"]["bindings"] for r in (by_get, by_form, by_direct)]
    assert len(answers[0]) == 7
    assert answers[0] == answers[1] == answers[2]
    assert by_get.headers["content-type"].startswith("application/sparql-results+json")


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html;q=0.9, text/csv", "text/csv"),
    ],
)
def test_select_formats_by_accept_header(served: Served, accept: str, media: str) -> None:
    answer = get(served, SEVEN, accept)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(media)
    if media.endswith("xml"):
        root = ElementTree.fromstring(answer.content)
        assert len(root.findall(f".//{RESULTS_NS}result")) == 7
    else:
        delimiter = "," if media == "text/csv" else "\t"
        rows = list(csv.reader(io.StringIO(answer.text), delimiter=delimiter))
        assert rows[0] == (["s"] if media == "text/csv" else ["?s"])
        assert len(rows) == 8
        assert "agkd" not in answer.text and "w3id.org/aigovkg/id/" in answer.text


def test_ask(served: Served) -> None:
    yes = get(served, "ASK { ?s a <https://w3id.org/aigovkg/ontology#Country> }")
    no = get(served, "ASK { <urn:nothing> ?p ?o }", "application/sparql-results+xml")
    assert yes.json()["boolean"] is True
    assert ElementTree.fromstring(no.content).find(f"{RESULTS_NS}boolean").text == "false"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_construct_and_describe_formats(served: Served, accept: str, rdf_format: str) -> None:
    construct = get(
        served, f"CONSTRUCT {{ <{AGKD.gb}> ?p ?o }} WHERE {{ <{AGKD.gb}> ?p ?o }}", accept
    )
    assert construct.status_code == 200, construct.text
    assert construct.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=construct.text, format=rdf_format)
    assert (AGKD.gb, RDF.type, URIRef("https://w3id.org/aigovkg/ontology#Country")) in graph
    describe = get(served, f"DESCRIBE <{AGKD.gb}>", accept)
    assert len(Graph().parse(data=describe.text, format=rdf_format)) >= len(graph)


def test_service_description(served: Served) -> None:
    answer = httpx.get(served.sparql, headers={"Accept": "text/turtle"})
    assert answer.status_code == 200
    graph = Graph().parse(data=answer.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = URIRef(served.sparql)
    assert (service, RDF.type, URIRef(sd + "Service")) in graph
    assert (service, URIRef(sd + "endpoint"), service) in graph


def test_cors_lets_browser_tools_call_it(served: Served) -> None:
    origin = "http://tools.example"
    simple = httpx.get(
        served.sparql, params={"query": SEVEN}, headers={"Origin": origin, "Accept": "text/csv"}
    )
    assert simple.headers["access-control-allow-origin"] == "*"
    preflight = httpx.options(
        served.sparql,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_updates_are_refused_and_change_nothing(served: Served) -> None:
    before = count_all(served)
    update = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    refused = [
        httpx.post(served.sparql, data={"update": update}),
        httpx.post(
            served.sparql,
            content=update.encode(),
            headers={"Content-Type": "application/sparql-update"},
        ),
        httpx.get(served.sparql, params={"update": update}),
    ]
    for answer in refused:
        assert answer.status_code == 403
        assert "read-only" in answer.text
    smuggled = httpx.post(served.sparql, data={"query": update})
    assert smuggled.status_code == 400
    assert count_all(served) == before
    assert get(served, "ASK { <urn:x> ?p ?o }").json()["boolean"] is False


def test_malformed_query_gets_400_with_the_parsers_message(served: Served) -> None:
    answer = get(served, "SELECT ?s WHERE { ?s ?p }")
    assert answer.status_code == 400
    assert "SPARQL syntax error" in answer.text
    assert "1:" in answer.text  # the parser's line:column


def test_federated_queries_are_refused(served: Served) -> None:
    answer = get(served, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert answer.status_code == 400
    assert "SERVICE" in answer.text
    # the word inside a string literal is fine
    fine = get(served, 'SELECT ?x WHERE { BIND("a SERVICE desk" AS ?x) }')
    assert fine.status_code == 200


def test_a_large_answer_arrives_whole(served: Served) -> None:
    answer = get(served, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "text/tab-separated-values")
    assert answer.status_code == 200
    rows = answer.text.rstrip("\n").split("\n")[1:]
    assert len(rows) == count_all(served) > 9000


def test_the_same_rows_as_the_embedded_store(served: Served, kg: KnowledgeGraph) -> None:
    remote = RemoteStore(served.sparql)
    names = sorted(kg.catalogue)
    assert len(names) >= 24
    for name in names:
        text = bind(kg.catalogue[name], {})
        local_rows = sorted(map(str, kg.store.select(text).canonical().rows))
        remote_rows = sorted(map(str, remote.select(text).canonical().rows))
        assert remote_rows == local_rows, name


# --- timeout and result cap, on a server started with tight limits ----------------------


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    log = tmp_path_factory.mktemp("serve-strict") / "serve.log"
    options = ("--timeout", "1", "--max-rows", "100", "--workers", "1")
    with serving(_cli_env(tmp_path_factory), log, *options) as served:
        yield served


def test_result_cap_refuses_rather_than_truncates(strict: Served) -> None:
    over = get(strict, "SELECT ?s WHERE { ?s ?p ?o }")
    assert over.status_code == 422
    assert "more than 100 rows" in over.text and "LIMIT" in over.text
    paged = get(strict, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 100 OFFSET 100")
    assert paged.status_code == 200
    assert len(paged.json()["results"]["bindings"]) == 100
    graph = get(strict, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "text/turtle")
    assert graph.status_code == 422 and "triples" in graph.text


def test_timeout_stops_a_runaway_query_and_the_server_goes_on(strict: Served) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    answer = get(strict, runaway)
    assert answer.status_code == 503
    assert "time limit of 1 s" in answer.text
    after = get(strict, "ASK { ?s ?p ?o }")
    assert after.status_code == 200 and after.json()["boolean"] is True


# --- linked-data pages -----------------------------------------------------------------


def test_entity_page_in_html_shows_labels_links_and_evidence(served: Served) -> None:
    page = httpx.get(f"{served.base}/id/gb-pas-1883", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<h1 id="label">PAS 1883:2025</h1>' in html
    assert "with PAS 1883:2025 guiding local implementation" in html  # evidence quote
    assert 'href="/id/gb"' in html  # outgoing link to its jurisdiction
    assert 'href="/id/src-unu-interoperability"' in html  # the quote's source
    assert "Referenced by" in html and "/id/event-gb-pas-1883-issued" in html  # incoming


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")],
)
def test_entity_content_negotiation(served: Served, accept: str, rdf_format: str) -> None:
    answer = httpx.get(f"{served.base}/id/gb-pas-1883", headers={"Accept": accept})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(accept)
    assert "accept" in answer.headers["vary"].lower()
    graph = Graph().parse(data=answer.text, format=rdf_format)
    assert (
        AGKD["gb-pas-1883"],
        URIRef("https://w3id.org/aigovkg/ontology#jurisdiction"),
        AGKD.gb,
    ) in graph
    quotes = list(graph.objects(None, URIRef("https://w3id.org/aigovkg/ontology#quote")))
    assert quotes, "the evidence travels with the resource"


def test_every_minted_iri_resolves(served: Served, kg: KnowledgeGraph) -> None:
    minted = sorted(
        {s for s in kg.data.subjects() if isinstance(s, URIRef) and s.startswith(str(AGKD))}
    )
    assert len(minted) > 1000
    failures = []
    with httpx.Client(headers={"Accept": "application/n-triples"}, timeout=30) as client:
        for iri in minted:
            answer = client.get(served.base + "/id/" + iri[len(str(AGKD)) :])
            if answer.status_code != 200 or f"<{iri}>" not in answer.text:
                failures.append((iri, answer.status_code))
    assert failures == []


def test_every_ontology_iri_resolves(served: Served, kg: KnowledgeGraph) -> None:
    """Module and version IRIs at their own path; every term has its anchor in /ontology."""
    base = "https://w3id.org/aigovkg/ontology"
    mentioned = {str(t) for triple in kg.graph for t in triple if isinstance(t, URIRef)}
    modules = sorted(i for i in mentioned if i.startswith(base + "/"))
    assert len(modules) >= 10
    for iri in modules:
        answer = httpx.get(served.base + iri[len("https://w3id.org/aigovkg") :])
        assert answer.status_code == 200, iri
    html = httpx.get(f"{served.base}/ontology", headers={"Accept": "text/html"}).text
    terms = sorted({str(s) for s in kg.ontology.subjects() if isinstance(s, URIRef) and "#" in s})
    missing = [
        t for t in terms if t.startswith(base + "#") and f'id="{t.split("#")[1]}"' not in html
    ]
    assert len(terms) > 100
    assert missing == []


def test_unknown_iri_is_404(served: Served) -> None:
    html = httpx.get(f"{served.base}/id/no-such-thing", headers={"Accept": "text/html"})
    assert html.status_code == 404 and "says nothing" in html.text
    rdf = httpx.get(f"{served.base}/id/no-such-thing", headers={"Accept": "text/turtle"})
    assert rdf.status_code == 404


def test_index_pages(served: Served) -> None:
    classes = httpx.get(f"{served.base}/class").text
    assert 'href="/class/agk:Instrument"' in classes
    instruments = httpx.get(f"{served.base}/class/agk:Instrument").text
    assert 'href="/id/gb-pas-1883"' in instruments
    jurisdictions = httpx.get(f"{served.base}/jurisdiction").text
    assert 'href="/jurisdiction/gb"' in jurisdictions and "United Kingdom" in jurisdictions
    uk = httpx.get(f"{served.base}/jurisdiction/gb").text
    assert 'href="/id/gb-pas-1883"' in uk and 'href="/id/gb-bsi"' in uk
    assert httpx.get(f"{served.base}/class/agk:NoSuchClass").status_code == 404


def test_ontology_resolves_in_html_and_rdf(served: Served) -> None:
    html = httpx.get(f"{served.base}/ontology", headers={"Accept": "text/html"}).text
    assert 'id="Instrument"' in html
    turtle = httpx.get(f"{served.base}/ontology", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert (URIRef("https://w3id.org/aigovkg/ontology#Instrument"), RDF.type, None) in graph
    term = httpx.get(
        f"{served.base}/resource",
        params={"iri": "https://w3id.org/aigovkg/ontology#Instrument"},
        headers={"Accept": "text/html"},
    )
    assert term.status_code == 200 and "Instrument" in term.text


def test_pages_load_nothing_from_outside(served: Served) -> None:
    pages = ["/", "/query", "/id/gb", "/class", "/jurisdiction", "/ontology"]
    for path in pages:
        html = httpx.get(served.base + path, headers={"Accept": "text/html"}).text
        for attribute in ('src="http', "src='http", 'href="http', "href='http", "@import"):
            assert attribute not in html, (path, attribute)
    script = httpx.get(f"{served.base}/static/query.js").text
    assert "http://" not in script and "https://w3id.org/aigovkg/id/" in script


def test_query_page_lists_the_named_queries(served: Served, kg: KnowledgeGraph) -> None:
    listed = httpx.get(f"{served.base}/api/queries").json()
    assert {q["name"] for q in listed} == set(kg.catalogue)
    page = httpx.get(f"{served.base}/query").text
    assert 'value="cq07-mutual-recognition"' in page and 'id="editor"' in page


def test_endpoint_option_of_the_cli(
    served: Served, cli_env: dict[str, str], tmp_path: Path
) -> None:
    import subprocess
    import sys

    def run(*extra: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "aigovkg", "query", "cq07", "--format", "json", *extra],
            env=cli_env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert json.loads(run("--endpoint", served.sparql)) == json.loads(run())
