"""The build's faster paths give what the slower ones gave, and fail as the build must.

Each speed-up replaced a general mechanism (rdflib's SPARQL engine, its
N-Triples serialiser, matplotlib's "tight" cropping, HermiT in the
foreground) by a cheaper one; these tests pin the cheaper one to the
general one on the project's own graph, so the outputs keep their content.
No test here measures time.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import namespace as ns

from aigovkg import build as build_module
from aigovkg.api import KnowledgeGraph
from aigovkg.build import count_instances, run_build
from aigovkg.docs import _class_members
from aigovkg.export import ordered, serialise
from aigovkg.loading import stable_bnodes, stable_triples, triples_sorted
from aigovkg.namespaces import AGK, AGKD, PREFIXES, RDF, RDFS, bind_prefixes
from aigovkg.tabular import TABLES, _closure, _path_pairs
from tests.conftest import ROOT

PREFIX_LINES = """@prefix agk: <https://w3id.org/aigovkg/ontology#> .
@prefix agkd: <https://w3id.org/aigovkg/id/> .
"""


# --- serialisation ----------------------------------------------------------------------


def _awkward_graph() -> Graph:
    """Blank nodes, and literals with quotes, backslashes, line breaks, tags and datatypes."""
    g = bind_prefixes(Graph())
    s = AGKD["thing"]
    g.add((s, RDFS.label, Literal('a "quoted"\\ label\nover two lines\r', lang="en")))
    g.add((s, RDFS.comment, Literal("plain, ünïcödé ✓")))
    g.add((s, AGK["count"], Literal(3, datatype=ns.XSD.integer)))
    g.add((s, AGK.note, Literal("typed", datatype=ns.XSD.string)))
    node = BNode()
    g.add((s, AGK.restriction, node))
    g.add((node, RDF.type, AGK.Thing))
    g.add((node, AGK.value, Literal("inside")))
    return g


def _old_ntriples(graph: Graph) -> str:
    """What serialise(..., "nt") wrote before: rdflib's rows of the relabelled graph, sorted."""
    stable = bind_prefixes(Graph())
    for triple in triples_sorted(stable_bnodes(graph)):
        stable.add(triple)
    lines = stable.serialize(format="nt").splitlines()
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"


def test_ntriples_rows_are_rdflibs() -> None:
    graph = _awkward_graph()
    assert serialise(graph, "nt") == _old_ntriples(graph)


def test_ntriples_of_the_project_graph_are_rdflibs(kg: KnowledgeGraph) -> None:
    assert serialise(kg.asserted, "nt") == _old_ntriples(kg.asserted)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "rdf"])
def test_an_ordered_snapshot_serialises_as_the_graph_does(fmt: str) -> None:
    graph = _awkward_graph()
    snapshot = ordered(graph)
    assert ordered(snapshot) is snapshot
    assert serialise(snapshot, fmt) == serialise(graph, fmt)
    graph.add((AGKD["later"], RDFS.label, Literal("added after the snapshot")))
    assert "added after" not in serialise(snapshot, fmt)


def test_stable_triples_are_the_sorted_stable_graph(kg: KnowledgeGraph) -> None:
    assert stable_triples(kg.ontology) == triples_sorted(stable_bnodes(kg.ontology))


# --- reading the graph without SPARQL ---------------------------------------------------


def test_subclass_closure_is_sparqls(kg: KnowledgeGraph) -> None:
    graph = kg.graph
    expected = {
        (row[0], row[1])  # type: ignore[index]
        for row in graph.query("SELECT ?s ?v WHERE { ?s rdfs:subClassOf+ ?v }", initNs=PREFIXES)
    }
    assert set(_closure(graph, RDFS.subClassOf)) == expected


def test_derived_column_paths_are_sparqls(kg: KnowledgeGraph) -> None:
    graph = kg.graph
    paths = {col.path for spec in TABLES for col in spec.columns if col.path}
    assert paths
    for path in paths:
        assert path is not None
        query = f"SELECT DISTINCT ?s ?v WHERE {{ ?s {path} ?v . }}"
        expected = {(row[0], row[1]) for row in graph.query(query, initNs=PREFIXES)}  # type: ignore[index]
        assert set(_path_pairs(graph, path)) == expected, path


def test_class_members_are_the_examples_query(kg: KnowledgeGraph) -> None:
    graph = kg.graph
    query = """
        SELECT ?class ?instance WHERE {
          ?instance a ?type . ?type rdfs:subClassOf* ?class .
          FILTER(STRSTARTS(STR(?class), "https://w3id.org/aigovkg/ontology#"))
          FILTER(isIRI(?instance))
        }"""
    expected: dict[object, set[object]] = {}
    for row in graph.query(query, initNs=PREFIXES):
        expected.setdefault(row[0], set()).add(row[1])  # type: ignore[index]
    assert dict(_class_members(graph)) == expected


@pytest.mark.parametrize("cls", [AGK.Instrument, AGK.Organisation, AGK.InteroperabilityLink])
def test_count_instances_is_the_sparql_count(kg: KnowledgeGraph, cls: URIRef) -> None:
    graph = kg.graph
    query = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a/rdfs:subClassOf* ?cls . }"
    row = next(iter(graph.query(query, initBindings={"cls": cls}, initNs=PREFIXES)))
    assert count_instances(graph, cls) == int(row[0]) > 0  # type: ignore[index,arg-type]


# --- figures ----------------------------------------------------------------------------


def test_one_crop_box_gives_savefigs_tight_png(tmp_path: Path) -> None:
    from aigovkg import figures

    def draw() -> object:
        plt = figures._pyplot()
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.plot([0, 1, 2], [2, 0, 1])
        ax.set_title("a title that reaches the edge of the figure, and beyond it")
        return fig

    fig = draw()
    tight = io.BytesIO()
    fig.savefig(tight, format="png", dpi=figures.PNG_DPI, bbox_inches="tight")  # type: ignore[attr-defined]
    figures._pyplot().close(fig)
    png, svg = figures._save(draw(), tmp_path / "plot")  # type: ignore[arg-type]
    assert png.read_bytes()[:100] and svg.is_file()
    from PIL import Image

    assert Image.open(png).size == Image.open(io.BytesIO(tight.getvalue())).size


# --- running things beside the build ----------------------------------------------------


def test_a_failing_worker_fails_the_build_step() -> None:
    def fail() -> None:
        raise ValueError("drawing failed")

    child = build_module._forked(fail)
    with pytest.raises(RuntimeError, match="fail"):
        child.join()


def test_jvm_options_reach_javas_environment_only() -> None:
    import owlready2.reasoning as hermit

    from aigovkg.reasoning import JVM_OPTIONS, _java_options

    before = dict(hermit._subprocess_kargs)
    with _java_options(JVM_OPTIONS):
        options = hermit._subprocess_kargs["env"]["JDK_JAVA_OPTIONS"]
        assert all(option in options for option in JVM_OPTIONS)
        assert "JDK_JAVA_OPTIONS" not in os.environ or os.environ["JDK_JAVA_OPTIONS"] != options
    assert hermit._subprocess_kargs == before


SMALL_ONTOLOGY = (
    PREFIX_LINES
    + """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
agk:Instrument a owl:Class .
agk:Organisation a owl:Class ; owl:disjointWith agk:Instrument .
agk:Law a owl:Class ; rdfs:subClassOf agk:Instrument .
agk:bindingNature a owl:ObjectProperty .
agk:LegallyBinding a owl:NamedIndividual .
agk:LegallyBindingInstrument a owl:Class ; owl:equivalentClass [
    a owl:Class ; owl:intersectionOf ( agk:Instrument
        [ a owl:Restriction ; owl:onProperty agk:bindingNature ;
          owl:hasValue agk:LegallyBinding ] ) ] .
agkd:some-law a agk:Law ; agk:bindingNature agk:LegallyBinding .
"""
)


@pytest.mark.reasoner
@pytest.mark.parametrize("fork", [True, False], ids=["forked", "thread"])
def test_background_reasoning_is_hermits(fork: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from aigovkg import reasoning

    if not fork:
        monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    graph = Graph().parse(data=SMALL_ONTOLOGY, format="turtle")
    background = reasoning.reason_in_background(graph)
    graph.add((AGKD["some-law"], RDF.type, AGK.Organisation))  # too late to matter
    result = background.result()
    assert result.consistent
    assert set(result.inferred) == set(
        reasoning.reason(Graph().parse(data=SMALL_ONTOLOGY)).inferred
    )
    assert (AGKD["some-law"], RDF.type, AGK.LegallyBindingInstrument) in result.inferred
    clash = reasoning.reason_in_background(graph).result()
    assert not clash.consistent


@pytest.mark.reasoner
@pytest.mark.slow
def test_an_inconsistent_graph_fails_the_build_and_leaves_dist(tmp_path: Path) -> None:
    for name in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy2(ROOT / "VERSION", tmp_path / "VERSION")
    (tmp_path / "data" / "contradiction.ttl").write_text(
        PREFIX_LINES + "agkd:cn-pipl a agk:Organisation .\n", encoding="utf-8"
    )
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "previous.txt").write_text("the last good build\n", encoding="utf-8")
    kg = KnowledgeGraph.load(tmp_path, inferences="none")

    result = run_build(kg, dist, check_sources=False)

    assert not result.consistent and not result.ok
    assert result.written is None
    assert sorted(p.name for p in dist.iterdir()) == ["previous.txt"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_rdflibs_json_ld_is_already_expanded(kg: KnowledgeGraph) -> None:
    """compact_document skips PyLD's expansion: it must be a no-op on rdflib's output."""
    import json

    from pyld import jsonld as pyld

    from aigovkg.jsonld import _no_remote_documents

    def canonical(value: object) -> object:
        if isinstance(value, dict):
            return {k: canonical(v) for k, v in sorted(value.items())}
        if isinstance(value, list):
            items = [canonical(v) for v in value]
            return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
        return value

    written = json.loads(kg.data.serialize(format="json-ld"))
    expanded = pyld.expand(written, {"documentLoader": _no_remote_documents})
    assert canonical(expanded) == canonical(written)


def _build_files(root: Path, out: Path) -> dict[str, bytes]:
    kg = KnowledgeGraph.load(root, inferences="none")
    result = run_build(kg, out, check_sources=False)
    assert result.ok, result.summary()
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.reasoner
@pytest.mark.slow
def test_dist_does_not_depend_on_the_rules(
    project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rules only answer early: without them, or when they miss HermiT's
    inferences (so every early answer and drawing is redone), dist/ is the same."""
    import sys

    from aigovkg import rules

    expected = _build_files(project_copy, tmp_path / "with-rules")
    monkeypatch.setattr(rules, "infer", lambda graph, ontology, **kw: Graph())
    assert _build_files(project_copy, tmp_path / "rules-miss") == expected
    monkeypatch.setitem(sys.modules, "aigovkg.rules", None)  # import fails: no rules at all
    assert _build_files(project_copy, tmp_path / "no-rules") == expected
