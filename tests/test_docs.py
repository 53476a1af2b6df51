"""The ontology documentation (dist/docs/) and the RDF/XML export for Protégé (dist/ontology.owl).

The docs must document every term, show the concept schemes, examples from the data and an
overview diagram, load nothing from the network, and be byte-identical between builds. The OWL
file must load in owlready2 without network access and keep every annotation.
"""

from __future__ import annotations

import re
import socket
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from aigovkg import docs as docs_module
from aigovkg.api import KnowledgeGraph
from aigovkg.docs import CORE_CLASSES, overview_edges, remote_assets, write_docs
from aigovkg.namespaces import AGK, OWL, RDF, RDFS, SKOS, VS
from aigovkg.owl_export import catalog_header, write_owl

REMOTE = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//")


@pytest.fixture(scope="module")
def docs(kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    written = write_docs(kg, out)
    assert [p.name for p in written] == ["index.html", "examples.html", "overview.svg"]
    return out


@pytest.fixture(scope="module")
def index(docs: Path) -> str:
    return (docs / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def examples(docs: Path) -> str:
    return (docs / "examples.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def owl_file(kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_owl(kg, tmp_path_factory.mktemp("owl") / "ontology.owl")


def _own_terms(kg: KnowledgeGraph, kind: URIRef) -> list[URIRef]:
    terms = {t for t in kg.ontology.subjects(RDF.type, kind) if isinstance(t, URIRef)}
    return sorted(t for t in terms if str(t).startswith(str(AGK)))


# --- index.html -------------------------------------------------------------------------


def test_index_documents_the_core_terms(index: str) -> None:
    assert "GovernanceProfile" in index
    assert "InteroperabilityLink" in index
    assert "Governance profile" in index
    assert "mutual recognition" in index
    assert "Term status: accepted" in index


def test_index_is_made_by_pylode(index: str) -> None:
    pytest.importorskip("pylode")
    assert 'id="pylode"' in index
    assert "<title>aigovkg: AI safety governance interoperability ontology</title>" in index


def test_every_own_class_and_property_is_documented(kg: KnowledgeGraph, index: str) -> None:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = [t for kind in kinds for t in _own_terms(kg, kind)]
    assert len(terms) >= 100, "expected the ontology's classes and properties"
    missing = [str(t) for t in terms if f"<code>{t}</code>" not in index]
    assert not missing, f"terms without an entry in index.html: {missing}"


def test_definitions_are_shown(kg: KnowledgeGraph, index: str) -> None:
    definition = kg.ontology.value(AGK.InteroperabilityLink, SKOS.definition)
    assert definition is not None
    assert str(definition) in index


def test_concept_schemes_list_their_concepts(kg: KnowledgeGraph, index: str) -> None:
    section = index[index.index('id="conceptschemes"') :]
    schemes = list(kg.ontology.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(schemes) >= 10
    concepts = list(kg.ontology.subjects(SKOS.inScheme, None))
    assert len(concepts) >= 50
    for concept in concepts:
        curie = "agk:" + str(concept).removeprefix(str(AGK))
        assert f"<code>{curie}</code>" in section, f"{curie} missing from the concept schemes"
    assert "mutual recognition" in section


def test_reused_terms_are_not_documented_as_our_own(index: str) -> None:
    # prov:Entity is declared in core.ttl for OWL 2 DL; it belongs under "Reused terms".
    assert "<code>http://www.w3.org/ns/prov#Entity</code>" not in index
    assert "prov:Entity" in index[index.index('id="reusedterms"') :]


def test_internal_links_resolve(index: str, examples: str) -> None:
    ids = set(re.findall(r'\bid="([^"]+)"', index))
    assert not set(re.findall(r'href="#([^"]+)"', index)) - ids
    assert not set(re.findall(r'href="index\.html#([^"]+)"', examples)) - ids
    assert 'href="overview.svg"' in index
    assert 'href="examples.html"' in index


# --- nothing from the network --------------------------------------------------------


def test_no_remote_assets(docs: Path) -> None:
    for name in ("index.html", "examples.html", "overview.svg"):
        text = (docs / name).read_text(encoding="utf-8")
        assert not REMOTE.search(text), name
        assert remote_assets(text) == [], name
        assert 'xlink:href="http' not in text, name


def test_remote_asset_check_finds_and_strips() -> None:
    page = (
        '<head><script src="https://cdn.example/x.js"></script>'
        '<link href="http://cdn.example/x.css" rel="stylesheet">'
        "<style>@import url(https://fonts.example/f.css);</style>"
        '<link rel="icon" href="data:image/png;base64,AAAA"></head>'
        '<body><a href="https://example.org/">a link is fine</a></body>'
    )
    assert len(remote_assets(page)) == 3
    stripped = docs_module._strip_remote_assets(page)
    assert remote_assets(stripped) == []
    assert "data:image/png" in stripped and 'href="https://example.org/"' in stripped


# --- overview diagram ----------------------------------------------------------------


def test_overview_svg_is_xml_naming_the_core_classes(docs: Path) -> None:
    root = ET.parse(docs / "overview.svg").getroot()
    assert root.tag.endswith("svg")
    text = " ".join(t for t in root.itertext())
    for name in CORE_CLASSES:
        assert name in text, name
    assert "profileOf" in text


def test_overview_edges_follow_domain_and_range(kg: KnowledgeGraph) -> None:
    edges, notes = overview_edges(kg.ontology, kg.data, kg.graph)
    by_pair = {(e.source, e.target): e for e in edges}
    assert "profileOf" in by_pair[("GovernanceProfile", "Jurisdiction")].declared
    assert "issuedBy" in by_pair[("Instrument", "Organisation")].declared
    # agk:Party (a union) counts as both jurisdictions and organisations
    assert "grantingParty" in by_pair[("InteroperabilityLink", "Jurisdiction")].declared
    assert "grantingParty" in by_pair[("InteroperabilityLink", "Organisation")].declared
    # no declared domain or range: drawn as the data uses it
    assert "prov:wasQuotedFrom" in by_pair[("Evidence", "SourceDocument")].used
    assert any("hasEvidence" in n for n in notes["Evidence"])
    assert {e.source for e in edges} | {e.target for e in edges} <= set(CORE_CLASSES)


# --- examples.html -------------------------------------------------------------------


def test_examples_come_from_the_data(kg: KnowledgeGraph, examples: str) -> None:
    assert "EU AI Act" in examples
    row = re.search(r'<tr id="Law">(.*?)</tr>', examples)
    assert row, "no row for agk:Law"
    shown = re.findall(r"<li>(.*?) <code>", row.group(1))
    assert len(shown) == 3
    laws = {
        str(label)
        for law in kg.graph.subjects(RDF.type, AGK.Law)
        for label in kg.graph.objects(law, RDFS.label)
    }
    assert set(shown) <= laws
    assert "Personal Information Protection Law" in laws


def test_examples_count_subclass_instances(examples: str) -> None:
    row = re.search(r'<tr id="Instrument">(.*?)</tr>', examples)
    assert row
    count = int(re.search(r"</td><td>(\d+)</td>", row.group(1)).group(1))  # type: ignore[union-attr]
    assert count >= 50


# --- determinism and degrading -------------------------------------------------------


def test_docs_are_byte_identical_between_writes(
    kg: KnowledgeGraph, docs: Path, tmp_path: Path
) -> None:
    again = write_docs(kg, tmp_path / "again")
    for path in again:
        assert path.read_bytes() == (docs / path.name).read_bytes(), path.name


def test_plain_index_without_pylode(
    kg: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> None:
        raise ImportError("No module named 'pylode'")

    monkeypatch.setattr(docs_module, "_import_pylode", missing)
    index = write_docs(kg, tmp_path)[0].read_text(encoding="utf-8")
    assert "plain term list" in index
    assert f"<code>{AGK.GovernanceProfile}</code>" in index
    assert "mutual recognition" in index
    assert remote_assets(index) == []


# --- ontology.owl --------------------------------------------------------------------


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_owl_loads_in_owlready2_with_annotations(
    kg: KnowledgeGraph, owl_file: Path, no_network: None
) -> None:
    owlready2 = pytest.importorskip("owlready2")
    world = owlready2.World()
    world.get_ontology("file://" + str(owl_file)).load()
    profile = world[str(AGK.GovernanceProfile)]
    assert profile is not None
    assert [str(x) for x in profile.label] == ["Governance profile"]
    definition = world[str(SKOS.definition)]
    status = world[str(VS.term_status)]
    expected = str(kg.ontology.value(AGK.GovernanceProfile, SKOS.definition))
    assert [str(x) for x in definition[profile]] == [expected]
    assert [str(x) for x in status[profile]] == ["accepted"]
    prop = world[str(AGK.profileOf)]
    assert prop is not None and prop.label and definition[prop]
    concept = world[str(AGK.MutualRecognition)]
    assert concept is not None and "mutual recognition" in [str(x) for x in concept.label]


def test_owl_has_one_header_and_every_annotation(kg: KnowledgeGraph, owl_file: Path) -> None:
    parsed = Graph().parse(owl_file, format="xml")
    header = catalog_header(kg.ontology)
    assert list(parsed.subjects(RDF.type, OWL.Ontology)) == [header]
    assert parsed.value(header, OWL.versionIRI) is not None
    assert not list(parsed.triples((None, OWL.imports, None)))
    for predicate in (RDFS.label, SKOS.definition, VS.term_status, SKOS.prefLabel):
        expected = {
            (s, o)
            for s, o in kg.ontology.subject_objects(predicate)
            if isinstance(s, URIRef) and isinstance(o, Literal)
        }
        assert expected and expected <= set(parsed.subject_objects(predicate)), predicate


def test_owl_is_byte_identical_between_writes(
    kg: KnowledgeGraph, owl_file: Path, tmp_path: Path
) -> None:
    assert write_owl(kg, tmp_path / "ontology.owl").read_bytes() == owl_file.read_bytes()


def test_owl_with_data_loads_offline(kg: KnowledgeGraph, tmp_path: Path, no_network: None) -> None:
    owlready2 = pytest.importorskip("owlready2")
    path = write_owl(kg, tmp_path / "aigovkg.owl", include_data=True)
    world = owlready2.World()
    world.get_ontology("file://" + str(path)).load()
    pipl = world["https://w3id.org/aigovkg/id/cn-pipl"]
    assert pipl is not None
    assert "Personal Information Protection Law" in [str(x) for x in pipl.label]
