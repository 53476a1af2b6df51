"""Reading SPARQL 1.1 Protocol requests and choosing answer formats.

Kept free of any web framework so the rules (which parameter carries the
query, which media types we answer with, what counts as an update) are
plain functions the tests can call directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"

#: SELECT/ASK answer formats: media type -> pyoxigraph QueryResultsFormat name.
RESULT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
#: CONSTRUCT/DESCRIBE answer formats: media type -> pyoxigraph RdfFormat name.
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "TURTLE",
    "application/x-turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "text/plain": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
}
CANONICAL_TYPE = {
    "JSON": "application/sparql-results+json",
    "XML": "application/sparql-results+xml",
    "CSV": "text/csv",
    "TSV": "text/tab-separated-values",
    "TURTLE": "text/turtle",
    "N_TRIPLES": "application/n-triples",
    "JSON_LD": "application/ld+json",
    "RDF_XML": "application/rdf+xml",
}
DEFAULT_RESULT = "JSON"
DEFAULT_GRAPH = "TURTLE"


class ProtocolError(Exception):
    """A request the endpoint refuses, with the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class QueryRequest:
    """The query text a request carries, and the formats the client accepts."""

    query: str
    accept: str


def accepted(accept: str | None) -> list[str]:
    """Media types from an Accept header, best first (q-values honoured, order kept on ties)."""
    if not accept:
        return []
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, index, media))
    return [media for _, _, media in sorted(ranked)]


def negotiate(accept: str | None, table: dict[str, str], default: str) -> str:
    """The format name for the client's best acceptable media type, or the default.

    ``*/*`` and unknown types fall back to the default rather than failing:
    browsers and curl send broad Accept headers, and an answer in the
    standard format serves them better than a 406.
    """
    for media in accepted(accept):
        if media in table:
            return table[media]
        if media == "*/*":
            return default
    return default


def wants_html(accept: str | None) -> bool:
    """True when a browser asks: text/html ranks above every RDF type it accepts."""
    for media in accepted(accept):
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media in GRAPH_TYPES or media in RESULT_TYPES:
            return False
    return False


def read_request(
    method: str, query_string: str, content_type: str | None, body: bytes, accept: str | None
) -> QueryRequest | None:
    """The query of a SPARQL Protocol request; None when it carries no query.

    Updates are refused here, before any engine sees them: the endpoint is
    read-only whatever the engine would do.
    """
    params = parse_qs(query_string, keep_blank_values=True)
    media = (content_type or "").split(";")[0].strip().lower()
    if "update" in params:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
    if method == "GET":
        return _single(params, accept)
    if method != "POST":
        raise ProtocolError(405, f"method {method} is not allowed; use GET or POST")
    if media == SPARQL_UPDATE:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
    if media == SPARQL_QUERY:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError(400, "the query body is not UTF-8") from None
        return QueryRequest(text, accept or "")
    if media == FORM or media == "":
        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            raise ProtocolError(400, "the form body is not UTF-8") from None
        if "update" in form:
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
        return _single({**params, **form}, accept)
    raise ProtocolError(
        415,
        f"unsupported content type {media!r}; send {FORM} or {SPARQL_QUERY}",
    )


def _single(params: dict[str, list[str]], accept: str | None) -> QueryRequest | None:
    values = params.get("query")
    if not values:
        return None
    if len(values) > 1:
        raise ProtocolError(400, "exactly one 'query' parameter is allowed")
    if not values[0].strip():
        raise ProtocolError(400, "the 'query' parameter is empty")
    return QueryRequest(values[0], accept or "")


_STRIP = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


def check_no_federation(query: str) -> None:
    """Refuse SERVICE clauses: the server would otherwise fetch any URL a client names."""
    if _SERVICE.search(_STRIP.sub(" ", query)):
        raise ProtocolError(400, "federated queries (SERVICE) are disabled on this endpoint")
