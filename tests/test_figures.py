"""The figures: every file written, well-formed, and SVG byte-stable across calls."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

pytest.importorskip("matplotlib")

from aigovkg.api import KnowledgeGraph  # noqa: E402
from aigovkg.figures import (  # noqa: E402
    decimal_year,
    heatmap_figure,
    network_figure,
    precision,
    timeline_events,
    timeline_figure,
    write_figures,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

LABELS = ["China", "Singapore", "South Korea", "United Kingdom"]
MATRIX = [
    [1.0, 0.42, 0.35, 0.2],
    [0.42, 1.0, 0.61, 0.55],
    [0.35, 0.61, 1.0, 0.48],
    [0.2, 0.55, 0.48, 1.0],
]
EVENTS = [
    ("European Union", "2024-08-01", "EU AI Act enters into force"),
    ("European Union", "2025-02-02", "EU AI Act: compliance deadline for prohibited AI systems"),
    ("European Union", "2024-11-20", "Singapore-EU Administrative Arrangement signed"),
    ("Singapore", "2024-11-20", "Singapore-EU Administrative Arrangement signed"),
    ("Singapore", "2023-02", "EU-Singapore Digital Partnership signed"),
    ("China", "2017", "China's Cybersecurity Law (2017)"),
    ("China", "2024", "TC260 Artificial Intelligence Safety Governance Framework (2024)"),
]


def small_network() -> nx.MultiDiGraph:
    """Jurisdictions, an agreement, a standard, a forum and a body, with typed links."""
    g = nx.MultiDiGraph()
    nodes = {
        "sg": ("Singapore", "jurisdiction"),
        "eu": ("European Union", "jurisdiction"),
        "kr": ("South Korea", "jurisdiction"),
        "gb": ("United Kingdom", "jurisdiction"),
        "aa": ("Administrative Arrangement on AI Safety", "instrument"),
        "iso42001": ("ISO/IEC 42001", "standard"),
        "oecd": ("OECD", "forum"),
        "pipc": ("Personal Information Protection Commission", "organisation"),
        "island": ("An unconnected pair", "instrument"),
        "island2": ("Its partner", "standard"),
    }
    for key, (label, kind) in nodes.items():
        g.add_node(key, label=label, kind=kind)
    edges = [
        ("sg", "eu", "Cooperation", "LegalInteroperability"),
        ("sg", "aa", "Cooperation", "LegalInteroperability"),
        ("eu", "aa", "Collaboration", "TechnicalInteroperability"),
        ("gb", "kr", "MutualRecognition", "LegalInteroperability"),
        ("kr", "iso42001", "TechnicalStandardisation", "TechnicalInteroperability"),
        ("sg", "iso42001", "TechnicalStandardisation", "TechnicalInteroperability"),
        ("gb", "iso42001", "Standardisation", "LegalInteroperability"),
        ("kr", "oecd", "SharedTerminology", "EthicalInteroperability"),
        ("sg", "oecd", "MultiStakeholderEngagement", "EthicalInteroperability"),
        ("kr", "pipc", "Harmonisation", "LegalInteroperability"),
        ("gb", "kr", "Cooperation", "LegalInteroperability"),
        ("island", "island2", "CompatibleAssessmentMechanisms", "EthicalInteroperability"),
    ]
    for u, v, kind, dimension in edges:
        g.add_edge(u, v, type=kind, dimension=dimension)
    return g


def assert_figure_pair(paths: list[Path], stem: Path) -> None:
    """A PNG and an SVG, both non-empty and well-formed."""
    assert [p.name for p in paths] == [f"{stem.name}.png", f"{stem.name}.svg"]
    png, svg = paths
    assert png.read_bytes().startswith(PNG_SIGNATURE)
    assert png.stat().st_size > 1000
    root = ET.fromstring(svg.read_bytes())
    assert root.tag.endswith("svg")
    assert b"<svg" in svg.read_bytes()


def test_network_figure(tmp_path: Path) -> None:
    stem = tmp_path / "network"
    assert_figure_pair(network_figure(small_network(), stem), stem)


def test_heatmap_figure(tmp_path: Path) -> None:
    stem = tmp_path / "scores"
    paths = heatmap_figure(LABELS, MATRIX, stem, title="Scores")
    assert_figure_pair(paths, stem)
    svg = paths[1].read_text(encoding="utf-8")
    assert "<!-- 0.61 -->" in svg  # matplotlib keeps each text as a comment beside its glyphs


def test_timeline_figure(tmp_path: Path) -> None:
    stem = tmp_path / "timeline"
    assert_figure_pair(timeline_figure(EVENTS, stem), stem)


def test_empty_inputs_still_give_files(tmp_path: Path) -> None:
    assert_figure_pair(network_figure(nx.MultiDiGraph(), tmp_path / "n"), tmp_path / "n")
    assert_figure_pair(heatmap_figure([], [], tmp_path / "h"), tmp_path / "h")
    assert_figure_pair(timeline_figure([], tmp_path / "t"), tmp_path / "t")


def draw(name: str, stem: Path) -> list[Path]:
    """One of the three figures from the test inputs."""
    if name == "network":
        return network_figure(small_network(), stem)
    if name == "scores":
        return heatmap_figure(LABELS, MATRIX, stem)
    return timeline_figure(EVENTS, stem)


@pytest.mark.parametrize("name", ["network", "scores", "timeline"])
def test_svg_is_deterministic(name: str, tmp_path: Path) -> None:
    first = draw(name, tmp_path / "a" / name)
    second = draw(name, tmp_path / "b" / name)
    assert first[1].read_bytes() == second[1].read_bytes(), f"{name}.svg differs"
    assert b"<dc:date>" not in first[1].read_bytes()


def test_network_layout_ignores_insertion_order(tmp_path: Path) -> None:
    graph = small_network()
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(graph.edges(data=True))))
    a = network_figure(graph, tmp_path / "a" / "network")[1].read_bytes()
    b = network_figure(shuffled, tmp_path / "b" / "network")[1].read_bytes()
    assert a == b


@pytest.mark.parametrize(
    ("date", "expected_precision", "low", "high"),
    [
        ("2024", "year", 2024.49, 2024.51),
        ("2024-11", "month", 2024.87, 2024.88),
        ("2024-11-20", "day", 2024.88, 2024.89),
    ],
)
def test_dates_placed_mid_period(
    date: str, expected_precision: str, low: float, high: float
) -> None:
    assert precision(date) == expected_precision
    assert low <= decimal_year(date) <= high


def test_timeline_events_from_graph(kg: KnowledgeGraph) -> None:
    events = timeline_events(kg)
    assert events == sorted(events, key=lambda e: (e[0], decimal_year(e[1]), e[1], e[2]))
    assert ("European Union", "2024-08-01", "EU AI Act enters into force") in events
    lanes = {j for j, _, _ in events}
    assert {"China", "European Union", "Singapore", "South Korea"} <= lanes
    assert {precision(d) for _, d, _ in events} == {"year", "month", "day"}


def test_write_figures(kg: KnowledgeGraph, tmp_path: Path) -> None:
    paths = write_figures(kg, small_network(), LABELS, MATRIX, tmp_path / "figures")
    names = sorted(p.name for p in paths)
    assert names == sorted(
        f"{stem}.{ext}"
        for stem in ("network", "pairwise-scores", "timeline")
        for ext in ("png", "svg")
    )
    for stem in ("network", "pairwise-scores", "timeline"):
        assert_figure_pair(
            [tmp_path / "figures" / f"{stem}.png", tmp_path / "figures" / f"{stem}.svg"],
            tmp_path / "figures" / stem,
        )
