"""Writes the interoperability analytics into dist/analysis/.

The network (GraphML, GEXF, node-link JSON) and its metrics, and the
pairwise profiles with their scores for every pair of jurisdictions, over
all domains and per domain, as CSV (a matrix and a long table) and JSON.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from aigovkg.network import NetworkReport, analyse, build_network, convergence, export_network
from aigovkg.profiles import DOMAINS, PairProfile, ProfileIndex
from aigovkg.store import Store


@dataclass
class Analysis:
    """What the analytics computed, for the build summary and the figures."""

    graph: nx.MultiDiGraph
    report: NetworkReport
    index: ProfileIndex
    pairs: list[PairProfile]

    def matrix(self) -> tuple[list[str], list[list[float]]]:
        """Labels and the symmetric score matrix over all domains (diagonal 1)."""
        return score_matrix(self.index, self.pairs)

    def strongest(self, n: int = 3) -> list[PairProfile]:
        return sorted(self.pairs, key=lambda p: (-p.score, p.a_label, p.b_label))[:n]

    def weakest(self, n: int = 3) -> list[PairProfile]:
        linked = [p for p in self.pairs if p.links]
        return sorted(linked, key=lambda p: (p.score, p.a_label, p.b_label))[:n]


def score_matrix(
    index: ProfileIndex, pairs: list[PairProfile]
) -> tuple[list[str], list[list[float]]]:
    """Labels and the symmetric score matrix of pairs (diagonal 1), without the network.

    Apart from :class:`Analysis` so that a build can draw the heatmap before
    it has the network.
    """
    jurisdictions = index.jurisdictions()
    position = {j: i for i, j in enumerate(jurisdictions)}
    size = len(jurisdictions)
    matrix = [[1.0 if i == k else 0.0 for k in range(size)] for i in range(size)]
    for pair in pairs:
        i, k = position[pair.a], position[pair.b]
        matrix[i][k] = matrix[k][i] = pair.score
    return [index.labels.get(j, j) for j in jurisdictions], matrix


def run_analysis(store: Store) -> Analysis:
    graph = build_network(store)
    report = analyse(graph, convergence(store))
    index = ProfileIndex(store)
    return Analysis(graph, report, index, index.all_pairs())


def write_analysis(analysis: Analysis, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = export_network(analysis.graph, out)
    metrics = out / "network-metrics.json"
    metrics.write_text(
        json.dumps(analysis.report.as_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    written.append(metrics)

    labels, matrix = analysis.matrix()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["jurisdiction", *labels])
    for label, row in zip(labels, matrix, strict=True):
        writer.writerow([label, *(f"{v:.4f}" for v in row)])
    matrix_path = out / "pair-scores-matrix.csv"
    matrix_path.write_text(buffer.getvalue(), encoding="utf-8")
    written.append(matrix_path)

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "a",
            "b",
            "a_label",
            "b_label",
            "domain",
            "score",
            "types",
            "benchmarks",
            "forums",
            "principles",
            "links",
            "types_present",
            "types_missing",
            "recognition",
        ]
    )
    profiles = []
    for domain in DOMAINS:
        pairs = analysis.pairs if domain is None else analysis.index.all_pairs(domain)
        for p in pairs:
            terms = p.terms()
            writer.writerow(
                [
                    p.a,
                    p.b,
                    p.a_label,
                    p.b_label,
                    domain or "all",
                    f"{p.score:.4f}",
                    *(f"{terms[k]:.4f}" for k in ("types", "benchmarks", "forums", "principles")),
                    len(p.links),
                    " ".join(p.types),
                    " ".join(p.missing_types),
                    p.recognition,
                ]
            )
            profiles.append(p.as_dict())
    long_path = out / "pair-scores.csv"
    long_path.write_text(buffer.getvalue(), encoding="utf-8")
    profiles_path = out / "pair-profiles.json"
    profiles_path.write_text(
        json.dumps(profiles, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    written += [long_path, profiles_path]
    return written
