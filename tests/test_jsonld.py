"""The JSON-LD context and the compacted data: short keys, and the same triples back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from aigovkg.api import KnowledgeGraph
from aigovkg.jsonld import COMPACT_FILE, CONTEXT_FILE, build_context, write_jsonld
from aigovkg.namespaces import AGK, AGKD, RDF

# rdflib's own JSON-LD parser still builds a ConjunctiveGraph internally.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def out(kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("jsonld")
    written = write_jsonld(kg, folder)
    assert [p.name for p in written] == [CONTEXT_FILE, COMPACT_FILE]
    return folder


@pytest.fixture(scope="module")
def context(out: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((out / CONTEXT_FILE).read_text(encoding="utf-8"))["@context"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def document(out: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((out / COMPACT_FILE).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _keys(node: object, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            if key != "@context":
                _keys(value, found)
    elif isinstance(node, list):
        for item in node:
            _keys(item, found)
    return found


def _parse(document: dict, context: dict | None = None) -> Graph:  # type: ignore[type-arg]
    """rdflib's JSON-LD parser; the context, when given, is the object itself (no network)."""
    graph = Graph()
    if context is None:
        return graph.parse(data=json.dumps(document), format="json-ld")
    return graph.parse(data=json.dumps(document), format="json-ld", context=context)


def test_compact_document_parses_back_to_the_data_graph(
    document: dict,  # type: ignore[type-arg]
    kg: KnowledgeGraph,
) -> None:
    assert document["@context"] == json.loads(json.dumps(build_context(kg.data)))
    graph = _parse(document)
    assert len(graph) == len(kg.data)
    assert set(graph) == set(kg.data)
    assert isomorphic(graph, kg.data)


def test_published_context_object_alone_reads_the_data(
    document: dict,  # type: ignore[type-arg]
    context: dict,  # type: ignore[type-arg]
    kg: KnowledgeGraph,
) -> None:
    """The data without its inline context, read with context.jsonld passed as an object."""
    bare = {"@graph": document["@graph"]}
    graph = _parse(bare, context)
    assert set(graph) == set(kg.data)


def test_context_url_variant(kg: KnowledgeGraph, tmp_path: Path) -> None:
    url = "https://w3id.org/aigovkg/context.jsonld"
    write_jsonld(kg, tmp_path, context_url=url)
    document = json.loads((tmp_path / COMPACT_FILE).read_text(encoding="utf-8"))
    assert document["@context"] == url
    context = json.loads((tmp_path / CONTEXT_FILE).read_text(encoding="utf-8"))["@context"]
    graph = _parse({"@graph": document["@graph"]}, context)
    assert set(graph) == set(kg.data)


def test_keys_are_short(document: dict, context: dict, kg: KnowledgeGraph) -> None:  # type: ignore[type-arg]
    keys = _keys(document["@graph"], set())
    assert not [k for k in keys if "://" in k], "full IRIs used as keys"
    assert not [k for k in keys if k.startswith("agk:")], "agk properties without a short key"
    allowed = {"@value", "@language", "@type"}
    assert {k for k in keys if k.startswith("@")} <= allowed
    assert {"id", "type", "label", "jurisdiction", "issuedBy", "grantingParty"} <= keys
    for key in keys - allowed:
        assert key in context, key


def test_every_agk_term_of_the_data_has_a_short_key(context: dict, kg: KnowledgeGraph) -> None:  # type: ignore[type-arg]
    by_iri: dict[str, str] = {}
    for name, definition in context.items():
        if name.startswith("@"):
            continue
        target = definition["@id"] if isinstance(definition, dict) else definition
        if isinstance(target, str) and target.startswith("agk:"):
            by_iri[str(AGK) + target[4:]] = name
    used = {p for p in kg.data.predicates() if str(p).startswith(str(AGK))}
    used |= {o for o in kg.data.objects(None, RDF.type) if str(o).startswith(str(AGK))}
    missing = sorted(str(u) for u in used if str(u) not in by_iri)
    assert not missing
    for iri, name in by_iri.items():
        assert name == iri.rsplit("#", 1)[-1], (name, iri)


def test_context_coercions(context: dict) -> None:  # type: ignore[type-arg]
    assert context["id"] == "@id"
    assert context["type"] in ("@type", {"@id": "@type", "@container": "@set"})
    assert context["agk"] == str(AGK) and context["agkd"] == str(AGKD)
    assert context["grantingParty"] == {"@id": "agk:grantingParty", "@type": "@id"}
    assert context["issuedBy"]["@type"] == "@id"
    assert context["inXSDDate"] == {"@id": "time:inXSDDate", "@type": "xsd:date"}
    assert context["inXSDgYear"]["@type"] == "xsd:gYear"
    assert context["label"] == {"@id": "rdfs:label", "@language": "en"}
    assert context["party"]["@container"] == "@set"
    assert context["quote"] == {"@id": "agk:quote"}
    assert context["Law"] == "agk:Law"


def test_nodes_read_naturally(document: dict) -> None:  # type: ignore[type-arg]
    nodes = {n["id"]: n for n in document["@graph"]}
    ids = [n["id"] for n in document["@graph"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    link = nodes["agkd:link-gb-adequacy-kr"]
    assert link["grantingParty"] == "agkd:gb"
    assert link["recognisedParty"] == "agkd:kr"
    assert link["interoperabilityType"] == "agk:MutualRecognition"
    pipl = nodes["agkd:cn-pipl"]
    assert pipl["label"] == "Personal Information Protection Law"
    assert "Law" in (pipl["type"] if isinstance(pipl["type"], list) else [pipl["type"]])
    event = nodes["agkd:event-eu-ai-act-in-force"]
    assert event["inXSDDate"] == "2024-08-01"
    for node in document["@graph"]:
        assert list(node)[0] == "id"
        rest = [k for k in node if k not in ("id", "type")]
        assert rest == sorted(rest)


def test_two_writes_are_identical(kg: KnowledgeGraph, tmp_path: Path) -> None:
    first = write_jsonld(kg, tmp_path / "a")
    second = write_jsonld(kg, tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
        assert b"\r" not in a.read_bytes()


def test_no_remote_context_is_ever_loaded(kg: KnowledgeGraph) -> None:
    """Compaction runs offline: a remote reference fails fast instead of reaching the network."""
    from aigovkg.jsonld import compact_document

    graph = Graph()
    graph.add((AGKD.x, RDF.type, URIRef(str(AGK) + "Law")))
    with pytest.raises(Exception) as caught:  # PyLD wraps the loader's error
        compact_document(graph, {"@import": "https://example.org/context.jsonld"})
    chain: list[str] = []
    error: BaseException | None = caught.value
    while error is not None:
        chain.append(str(error))
        error = getattr(error, "cause", None) or error.__cause__
    assert any("does not load remote" in text for text in chain), chain
