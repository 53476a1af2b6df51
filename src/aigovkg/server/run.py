"""Starting ``aigovkg serve``: load the graph, build the app, run uvicorn."""

from __future__ import annotations

import sys
from ipaddress import ip_address

from aigovkg.api import KnowledgeGraph
from aigovkg.queries import bind
from aigovkg.server.app import NamedQueryInfo, ServedGraph, ServeSettings, create_app


def served_graph(kg: KnowledgeGraph) -> ServedGraph:
    """Ontology, data and inferences as the server answers from them, with the named queries."""
    ntriples = kg.graph.serialize(format="nt", encoding="utf-8")
    queries = [
        NamedQueryInfo(named.name, named.question, bind(named, {}))
        for name, named in sorted(kg.catalogue.items())
    ]
    return ServedGraph(ntriples, queries, "aigovkg: AI safety governance knowledge graph")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def serve(kg: KnowledgeGraph, host: str, port: int, settings: ServeSettings) -> None:
    """Serve until interrupted. Binding beyond loopback is the user's explicit choice."""
    import uvicorn

    if not is_loopback(host):
        print(
            f"warning: serving on {host}, reachable from other machines; the endpoint is "
            "read-only but has no authentication",
            file=sys.stderr,
        )
    app = create_app(served_graph(kg), settings)
    print(
        f"aigovkg serving {host}:{port}: pages at http://{host}:{port}/, "
        f"SPARQL at http://{host}:{port}/sparql (timeout {settings.timeout:g} s, "
        f"max {settings.max_rows} rows); Ctrl+C stops",
        file=sys.stderr,
        flush=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5)
