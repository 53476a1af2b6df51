"""The interoperability network, built with networkx from SPARQL answers.

Nodes are the jurisdictions, bodies, standards and instruments that take part
in interoperability links; each link contributes edges between its
participants, typed by interoperability type, dimension and domain, and
directed where the link has a direction (who recognises whom, who aligns
with which benchmark). Metrics run on the undirected projection, where an
edge's weight is the number of links joining the two nodes.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx

from aigovkg.store import Store

PREFIXES = """
PREFIX agk:  <https://w3id.org/aigovkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

ROLE_QUERY = (
    PREFIXES
    + """
SELECT ?link ?type ?dimension ?domain ?role ?node WHERE {
  ?link a agk:InteroperabilityLink ; agk:interoperabilityType ?type .
  ?type agk:typeDimension ?dimension .
  ?link ?roleProperty ?node .
  VALUES (?roleProperty ?role) {
    (agk:party "party") (agk:involves "party") (agk:grantingParty "granting")
    (agk:recognisedParty "recognised") (agk:aligningParty "aligning")
    (agk:aligningInstrument "aligning") (agk:benchmark "benchmark") (agk:through "through")
  }
  OPTIONAL { ?link agk:domain ?domain . }
}
"""
)

NODE_QUERY = (
    PREFIXES
    + """
SELECT DISTINCT ?node ?label ?class WHERE {
  ?link a agk:InteroperabilityLink ;
        agk:party|agk:involves|agk:grantingParty|agk:recognisedParty|agk:aligningParty
        |agk:aligningInstrument|agk:benchmark|agk:through ?node .
  ?node rdfs:label ?label .
  OPTIONAL {
    ?node a/rdfs:subClassOf* ?class .
    VALUES ?class { agk:Jurisdiction agk:TechnicalStandard agk:Forum agk:StandardsBody
                    agk:InternationalOrganisation agk:Organisation agk:Instrument }
  }
}
"""
)

# The first class in this order that a node has gives its kind.
KIND_ORDER = (
    ("Jurisdiction", "jurisdiction"),
    ("TechnicalStandard", "standard"),
    ("Forum", "forum"),
    ("StandardsBody", "forum"),
    ("InternationalOrganisation", "forum"),
    ("Organisation", "organisation"),
    ("Instrument", "instrument"),
)


def _local(iri: object) -> str:
    return re.split(r"[#/]", str(iri))[-1]


def build_network(store: Store) -> nx.MultiDiGraph:
    """The network from the graph's interoperability links (via SPARQL)."""
    kinds: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for node_term, label, cls in store.select(NODE_QUERY).rows:
        labels.setdefault(str(node_term), str(label))
        if cls is not None:
            kinds[str(node_term)].add(_local(cls))
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    meta: dict[str, dict[str, str]] = {}
    for link_term, typ, dimension, domain, role, node_term in store.select(ROLE_QUERY).rows:
        roles[str(link_term)][str(role)].add(str(node_term))
        entry = meta.setdefault(
            str(link_term), {"type": _local(typ), "dimension": _local(dimension), "domain": ""}
        )
        if domain is not None:
            domains = set(filter(None, entry["domain"].split(" "))) | {_local(domain)}
            entry["domain"] = " ".join(sorted(domains))
    graph = nx.MultiDiGraph()
    for node in sorted(labels):
        kind = next((k for cls, k in KIND_ORDER if cls in kinds[node]), "instrument")
        graph.add_node(node, label=labels[node], kind=kind)
    for link in sorted(roles):
        for source, target, directed in _edges(roles[link]):
            if source in labels and target in labels and source != target:
                graph.add_edge(source, target, key=link, link=link, directed=directed, **meta[link])
    return graph


def _edges(roles: dict[str, set[str]]) -> list[tuple[str, str, bool]]:
    """Edges one link contributes: directed along recognition and alignment, else symmetric."""
    out: list[tuple[str, str, bool]] = []
    parties = sorted(roles.get("party", set()))
    for granting in sorted(roles.get("granting", set())):
        for recognised in sorted(roles.get("recognised", set())):
            out.append((granting, recognised, True))
    for aligning in sorted(roles.get("aligning", set())):
        for benchmark in sorted(roles.get("benchmark", set())):
            out.append((aligning, benchmark, True))
    out.extend((a, b, False) for a, b in combinations(parties, 2))
    actors = sorted(
        set(parties)
        | roles.get("granting", set())
        | roles.get("recognised", set())
        | roles.get("aligning", set())
    )
    for through in sorted(roles.get("through", set())):
        out.extend((actor, through, True) for actor in actors)
    if not actors and not out:
        benchmarks = sorted(roles.get("benchmark", set()))
        out.extend((a, b, False) for a, b in combinations(benchmarks, 2))
    return out


def undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """The simple undirected projection; weight = number of distinct links joining two nodes."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes(data=True)))
    links: dict[tuple[str, str], set[str]] = defaultdict(set)
    for u, v, data in graph.edges(data=True):
        a, b = sorted((u, v))
        links[(a, b)].add(data["link"])
    for (u, v), names in sorted(links.items()):
        simple.add_edge(u, v, weight=len(names), links=" ".join(sorted(names)))
    return simple


@dataclass
class NetworkReport:
    """Centrality, communities, bridges and convergence of the network."""

    nodes: int
    edges: int
    degree: dict[str, float]
    betweenness: dict[str, float]
    communities: list[list[str]]
    bridges: dict[str, int]
    convergence: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)

    def top(self, metric: str, n: int = 10, kind: str | None = None) -> list[tuple[str, float]]:
        values: dict[str, float] = getattr(self, metric)
        items = [(k, v) for k, v in values.items() if kind is None or self.kinds.get(k) == kind]
        return sorted(items, key=lambda kv: (-kv[1], self.labels.get(kv[0], kv[0])))[:n]

    def as_dict(self) -> dict[str, Any]:
        def named(values: dict[str, float]) -> list[dict[str, Any]]:
            return [
                {
                    "node": k,
                    "label": self.labels.get(k, k),
                    "kind": self.kinds.get(k, ""),
                    "value": round(v, 6),
                }
                for k, v in sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
            ]

        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "degree_centrality": named(self.degree),
            "betweenness_centrality": named(self.betweenness),
            "communities": [
                [{"node": n, "label": self.labels.get(n, n)} for n in c] for c in self.communities
            ],
            "bridges": [
                {"node": n, "label": self.labels.get(n, n), "components_after_removal": k}
                for n, k in sorted(self.bridges.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
            "convergence": self.convergence,
        }


def analyse(
    graph: nx.MultiDiGraph, convergence: dict[str, dict[str, list[str]]] | None = None
) -> NetworkReport:
    """Degree and betweenness centrality, modularity communities and bridge nodes."""
    simple = undirected(graph)
    degree = nx.degree_centrality(simple) if simple.number_of_nodes() > 1 else {}
    betweenness = nx.betweenness_centrality(simple, normalized=True)
    communities = (
        [sorted(c) for c in nx.community.greedy_modularity_communities(simple, weight="weight")]
        if simple.number_of_edges()
        else []
    )
    communities.sort(key=lambda c: (-len(c), c))
    bridges = {}
    base = nx.number_connected_components(simple)
    for node in sorted(nx.articulation_points(simple)):
        rest = simple.copy()
        rest.remove_node(node)
        bridges[node] = nx.number_connected_components(rest) - base + 1
    return NetworkReport(
        nodes=simple.number_of_nodes(),
        edges=graph.number_of_edges(),
        degree=dict(degree),
        betweenness=dict(betweenness),
        communities=communities,
        bridges=bridges,
        convergence=convergence or {},
        labels={n: d.get("label", n) for n, d in graph.nodes(data=True)},
        kinds={n: d.get("kind", "") for n, d in graph.nodes(data=True)},
    )


CONVERGENCE_QUERY = (
    PREFIXES
    + """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?benchmark ?relation ?jurisdiction WHERE {
  ?link agk:benchmark ?benchmark .
  OPTIONAL { ?link agk:alignmentKind/skos:prefLabel ?kindLabel . }
  BIND(COALESCE(STR(?kindLabel), "aligns with") AS ?relation)
  ?link agk:aligningParty|(agk:aligningInstrument/agk:jurisdiction)
        |(agk:aligningParty/agk:jurisdiction) ?jurisdiction .
  ?jurisdiction agk:iso3166Code ?code .
}
"""
)


def convergence(store: Store) -> dict[str, dict[str, list[str]]]:
    """For each benchmark: the jurisdictions that adopt, reference or align with it, by relation."""
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for benchmark, relation, jurisdiction in store.select(CONVERGENCE_QUERY).rows:
        out[str(benchmark)][str(relation)].add(str(jurisdiction))
    return {
        b: {rel: sorted(js) for rel, js in sorted(rels.items())} for b, rels in sorted(out.items())
    }


def _scalar_copy(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    copy = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        copy.add_node(node, **{k: str(v) for k, v in data.items()})
    for u, v, key, data in graph.edges(keys=True, data=True):
        copy.add_edge(
            u,
            v,
            key=key,
            **{k: (str(v2) if not isinstance(v2, bool) else v2) for k, v2 in data.items()},
        )
    return copy


def export_network(graph: nx.MultiDiGraph, out: Path) -> list[Path]:
    """GraphML and GEXF (Gephi, Cytoscape) and node-link JSON (web tools), byte-stable."""
    out.mkdir(parents=True, exist_ok=True)
    scalar = _scalar_copy(graph)
    graphml = out / "network.graphml"
    nx.write_graphml(scalar, graphml)
    gexf = out / "network.gexf"
    nx.write_gexf(scalar, gexf)
    # GEXF stamps today's date; drop it so that builds stay byte-identical.
    gexf.write_text(
        re.sub(r' lastmodifieddate="[^"]*"', "", gexf.read_text(encoding="utf-8")), encoding="utf-8"
    )
    node_link = out / "network.json"
    data = nx.node_link_data(scalar, edges="links")
    node_link.write_text(
        json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return [graphml, gexf, node_link]


def report_text(report: NetworkReport, n: int = 10) -> str:
    """The report a terminal user reads."""
    lines = [f"Interoperability network: {report.nodes} nodes, {report.edges} typed edges", ""]

    def block(title: str, rows: list[tuple[str, float]]) -> None:
        lines.append(title)
        for node, value in rows:
            lines.append(
                f"  {value:6.3f}  {report.labels.get(node, node)}  [{report.kinds.get(node, '')}]"
            )
        lines.append("")

    block("Degree centrality (jurisdictions)", report.top("degree", n, "jurisdiction"))
    block("Degree centrality (standards)", report.top("degree", n, "standard"))
    block("Degree centrality (forums and bodies)", report.top("degree", n, "forum"))
    block("Betweenness centrality (all nodes)", report.top("betweenness", n))
    lines.append(f"Communities ({len(report.communities)}, greedy modularity)")
    for i, community in enumerate(report.communities[:n], 1):
        names = ", ".join(report.labels.get(x, x) for x in community[:8])
        more = f" … (+{len(community) - 8})" if len(community) > 8 else ""
        lines.append(f"  {i}. [{len(community)}] {names}{more}")
    lines.append("")
    lines.append("Bridges (nodes whose removal splits the network; groups after removal)")
    for node, parts in sorted(
        report.bridges.items(), key=lambda kv: (-kv[1], report.labels.get(kv[0], kv[0]))
    )[:n]:
        lines.append(f"  {parts:3d}  {report.labels.get(node, node)}")
    lines.append("")
    lines.append("Convergence (benchmarks aligned with by two or more jurisdictions)")
    for benchmark, relations in report.convergence.items():
        jurisdictions = sorted({j for js in relations.values() for j in js})
        if len(jurisdictions) < 2:
            continue
        detail = "; ".join(
            f"{rel}: {', '.join(report.labels.get(j, _local(j)) for j in js)}"
            for rel, js in relations.items()
        )
        lines.append(f"  {report.labels.get(benchmark, _local(benchmark))}: {detail}")
    return "\n".join(lines) + "\n"
