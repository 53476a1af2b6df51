"""Known answers for the network metrics and pairwise profiles on small graphs,
and the analytics on the curated graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph

from aigovkg.api import KnowledgeGraph
from aigovkg.network import analyse, build_network, export_network, undirected
from aigovkg.profiles import WEIGHTS, ProfileIndex
from aigovkg.store import LocalStore
from tests.conftest import FIXTURES

ID = "https://w3id.org/aigovkg/id/"


def store_for(name: str) -> LocalStore:
    return LocalStore(Graph().parse(FIXTURES / "network" / name, format="turtle"))


def test_path_graph_betweenness() -> None:
    report = analyse(build_network(store_for("path.ttl")))
    assert report.betweenness[ID + "b"] == pytest.approx(1.0)
    assert report.betweenness[ID + "a"] == pytest.approx(0.0)
    assert report.betweenness[ID + "c"] == pytest.approx(0.0)
    assert report.degree[ID + "b"] == pytest.approx(1.0)
    assert set(report.bridges) == {ID + "b"}


def test_two_communities_and_their_bridge() -> None:
    graph = build_network(store_for("two-communities.ttl"))
    report = analyse(graph)
    assert sorted(map(sorted, report.communities)) == [
        [ID + "a", ID + "b", ID + "c"],
        [ID + "d", ID + "e", ID + "f"],
    ]
    assert set(report.bridges) == {ID + "c", ID + "d"}
    assert report.bridges[ID + "c"] == 2
    edge_types = {data["type"] for _, _, data in graph.edges(data=True)}
    assert edge_types == {"Cooperation", "Collaboration"}


def test_one_directional_recognition_profile() -> None:
    index = ProfileIndex(store_for("one-way-recognition.ttl"))
    profile = index.profile(ID + "a", ID + "b")
    assert profile.recognition == "a->b"
    assert index.profile(ID + "b", ID + "a").recognition == "b->a"
    assert profile.types == ["MutualRecognition"]
    assert "Cooperation" in profile.missing_types and len(profile.missing_types) == 9
    assert profile.shared_forums == [ID + "forum"]
    assert profile.shared_principles == ["Accountability"]
    terms = profile.terms()
    assert terms == {
        "types": 0.1,
        "benchmarks": 0.0,
        "forums": pytest.approx(1 / 3),
        "principles": 0.5,
    }
    expected = WEIGHTS["types"] * 0.1 + WEIGHTS["forums"] / 3 + WEIGHTS["principles"] * 0.5
    assert profile.score == pytest.approx(expected, abs=1e-4)
    graph = build_network(store_for("one-way-recognition.ttl"))
    assert graph.has_edge(ID + "a", ID + "b") and not graph.has_edge(ID + "b", ID + "a")


def test_domain_filter_drops_links_of_other_domains() -> None:
    index = ProfileIndex(store_for("one-way-recognition.ttl"))
    assert index.profile(ID + "a", ID + "b", "Education").links == []
    assert len(index.profile(ID + "a", ID + "b", "CrossBorderDataFlows").links) == 1


def test_exports_are_readable_and_stable(tmp_path: Path) -> None:
    graph = build_network(store_for("two-communities.ttl"))
    first = [p.read_bytes() for p in export_network(graph, tmp_path / "one")]
    second = [p.read_bytes() for p in export_network(graph, tmp_path / "two")]
    assert first == second
    import networkx as nx

    assert nx.read_graphml(tmp_path / "one" / "network.graphml").number_of_nodes() == 6
    assert nx.read_gexf(tmp_path / "one" / "network.gexf").number_of_nodes() == 6
    data = json.loads((tmp_path / "one" / "network.json").read_text())
    assert len(data["nodes"]) == 6


def test_curated_network_centres_on_the_unu_jurisdictions(kg: KnowledgeGraph) -> None:
    graph = build_network(kg.store)
    report = analyse(graph)
    top = [node for node, _ in report.top("betweenness", 4)]
    assert set(top) == {ID + "kr", ID + "cn", ID + "gb", ID + "sg"}
    assert undirected(graph).number_of_edges() > 100
    kr_gb = ProfileIndex(kg.store).profile(ID + "kr", ID + "gb")
    assert kr_gb.recognition == "b->a"  # the UK's adequacy decision recognises South Korea
    assert ID + "unece-r157" in kr_gb.shared_benchmarks
