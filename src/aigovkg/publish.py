"""Loading a build into a SPARQL store: Graph Store Protocol, or batched INSERT DATA.

The Graph Store Protocol replaces the named graph in one request and is what
Virtuoso, Fuseki and GraphDB all offer; stores without it still take SPARQL
1.1 Update, so the fallback clears the graph and sends ``INSERT DATA`` in
batches through SPARQLWrapper. Credentials come from the environment and
never appear in messages, reprs or logs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit, urlunsplit

from rdflib import BNode, Graph
from rdflib.term import Node

from aigovkg.errors import AigovkgError, InputError

USER_VAR = "AIGOVKG_ENDPOINT_USER"
PASSWORD_VAR = "AIGOVKG_ENDPOINT_PASSWORD"
AUTH_VAR = "AIGOVKG_ENDPOINT_AUTH"


class PublishError(AigovkgError):
    """The store refused or failed a request."""

    exit_code = 1


@dataclass(frozen=True)
class Credentials:
    """HTTP credentials for a store; the password is never shown."""

    user: str | None = None
    password: str | None = field(default=None, repr=False)
    scheme: str = "basic"

    @classmethod
    def from_env(cls) -> Credentials:
        """Read AIGOVKG_ENDPOINT_USER / _PASSWORD / _AUTH (basic or digest)."""
        scheme = os.environ.get(AUTH_VAR, "basic").lower()
        if scheme not in ("basic", "digest"):
            raise InputError(f"{AUTH_VAR} must be basic or digest, got {scheme!r}")
        return cls(os.environ.get(USER_VAR) or None, os.environ.get(PASSWORD_VAR), scheme)

    @property
    def given(self) -> bool:
        return self.user is not None


@dataclass(frozen=True)
class PublishReport:
    triples: int
    requests: int
    method: str
    graph: str
    endpoint: str

    def __str__(self) -> str:
        return (
            f"published {self.triples} triples into <{self.graph}> at {self.endpoint} "
            f"by {self.method} in {self.requests} request(s)"
        )


def safe_url(url: str) -> str:
    """The URL without any user:password part, for messages."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def _redact(text: str, credentials: Credentials) -> str:
    if credentials.password:
        text = text.replace(credentials.password, "***")
    return text


def _nt(term: Node) -> str:
    return term.n3()  # rdflib writes N-Triples-compatible terms, valid in SPARQL too


def batches(graph: Graph, size: int) -> tuple[list[list[str]], list[str]]:
    """Triples as SPARQL data lines: batches of ``size`` without blank nodes, and the rest.

    Blank nodes are scoped to one request in SPARQL Update, so every triple
    that mentions a blank node goes into one request of its own: an OWL
    restriction or RDF list split across two requests would fall apart.
    """
    plain: list[str] = []
    with_bnodes: list[str] = []
    for s, p, o in graph:
        line = f"{_nt(s)} {_nt(p)} {_nt(o)} ."
        (with_bnodes if isinstance(s, BNode) or isinstance(o, BNode) else plain).append(line)
    plain.sort()
    with_bnodes.sort()
    return [plain[i : i + size] for i in range(0, len(plain), size)], with_bnodes


def check_graph_iri(graph_iri: str) -> None:
    """Refuse a graph name that is not an absolute IRI before anything is loaded or sent."""
    scheme = urlsplit(graph_iri).scheme
    if not scheme or any(c in graph_iri for c in '<>" {}|\\^`'):
        raise InputError(f"--graph must be an absolute IRI, got {graph_iri!r}")


def publish(
    graph: Graph,
    endpoint: str,
    graph_iri: str,
    *,
    gsp: str | None = None,
    batch: int = 1000,
    credentials: Credentials | None = None,
) -> PublishReport:
    """Replace ``graph_iri`` in the store with ``graph``."""
    credentials = credentials or Credentials()
    if batch <= 0:
        raise InputError("--batch must be positive")
    check_graph_iri(graph_iri)
    if gsp:
        return _publish_gsp(graph, gsp, graph_iri, credentials)
    return _publish_updates(graph, endpoint, graph_iri, batch, credentials)


def _publish_gsp(graph: Graph, gsp: str, graph_iri: str, credentials: Credentials) -> PublishReport:
    import httpx

    body = graph.serialize(format="nt", encoding="utf-8")
    separator = "&" if urlsplit(gsp).query else "?"
    url = f"{gsp}{separator}{urlencode({'graph': graph_iri})}"
    auth: httpx.Auth | None = None
    if credentials.given:
        user, password = credentials.user or "", credentials.password or ""
        auth = (
            httpx.DigestAuth(user, password)
            if credentials.scheme == "digest"
            else httpx.BasicAuth(user, password)
        )
    try:
        response = httpx.put(
            url,
            content=body,
            headers={"Content-Type": "application/n-triples"},
            auth=auth,
            timeout=600,
        )
    except httpx.HTTPError as exc:
        raise PublishError(
            f"Graph Store Protocol PUT to {safe_url(gsp)} failed: {_redact(str(exc), credentials)}"
        ) from None
    if response.status_code >= 400:
        raise PublishError(
            f"Graph Store Protocol PUT to {safe_url(gsp)} answered {response.status_code}: "
            f"{_redact(response.text[:500], credentials)}"
        )
    return PublishReport(len(graph), 1, "Graph Store Protocol PUT", graph_iri, safe_url(gsp))


def _publish_updates(
    graph: Graph, endpoint: str, graph_iri: str, batch: int, credentials: Credentials
) -> PublishReport:
    from SPARQLWrapper import BASIC, DIGEST, POST, SPARQLWrapper

    client = SPARQLWrapper(endpoint, updateEndpoint=endpoint)
    client.setMethod(POST)
    client.setTimeout(600)
    if credentials.given:
        client.setHTTPAuth(DIGEST if credentials.scheme == "digest" else BASIC)
        client.setCredentials(credentials.user, credentials.password)

    def send(update: str) -> None:
        client.setQuery(update)
        try:
            client.query()
        except Exception as exc:  # SPARQLWrapper raises urllib and its own errors
            raise PublishError(
                f"SPARQL Update to {safe_url(endpoint)} failed: "
                f"{_redact(str(exc), credentials)[:800]}"
            ) from None

    iri = f"<{graph_iri}>"
    send(f"DROP SILENT GRAPH {iri}")
    requests = 1
    plain, with_bnodes = batches(graph, batch)
    for lines in plain:
        send(f"INSERT DATA {{ GRAPH {iri} {{\n" + "\n".join(lines) + "\n} }")
        requests += 1
    if with_bnodes:
        # INSERT DATA may carry blank nodes, but Virtuoso refuses them there; a template
        # with an empty WHERE is the portable way to create them.
        send(f"INSERT {{ GRAPH {iri} {{\n" + "\n".join(with_bnodes) + "\n} } WHERE {}")
        requests += 1
    return PublishReport(len(graph), requests, "INSERT DATA", graph_iri, safe_url(endpoint))
