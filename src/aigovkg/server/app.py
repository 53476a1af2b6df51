"""The Starlette application behind ``aigovkg serve``.

Routes:

- ``/sparql``: the SPARQL 1.1 Protocol endpoint (GET, POST form, POST
  direct), service description on a bare GET; read-only.
- ``/id/{name}``: the page of a minted IRI ``https://w3id.org/aigovkg/id/{name}``,
  HTML for browsers, Turtle / JSON-LD / N-Triples / RDF/XML by content negotiation.
- ``/ontology``: the ontology (HTML index of its terms, or RDF).
- ``/resource?iri=…``: the page of any other IRI the graph mentions.
- ``/class``, ``/class/{curie}``, ``/jurisdiction``, ``/jurisdiction/{code}``: indexes.
- ``/query``: the query page; ``/api/queries``: the named queries as JSON.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from aigovkg.namespaces import AGK, AGKD
from aigovkg.server.describe import PREFIX_MAP, Describer, curie, local_href
from aigovkg.server.executor import QueryExecutor
from aigovkg.server.protocol import (
    CANONICAL_TYPE,
    DEFAULT_GRAPH,
    GRAPH_TYPES,
    ProtocolError,
    negotiate,
    read_request,
    wants_html,
)
from aigovkg.version import __version__

HERE = Path(__file__).parent
#: ``?format=`` values a link can use instead of an Accept header.
FORMAT_PARAM = {"ttl": "TURTLE", "jsonld": "JSON_LD", "nt": "N_TRIPLES", "rdf": "RDF_XML"}
ONTOLOGY_BASE = str(AGK).rstrip("#")


@dataclass(frozen=True)
class ServeSettings:
    """What a user can set on the command line."""

    timeout: float = 10.0
    max_rows: int = 10_000
    workers: int = 2


@dataclass(frozen=True)
class NamedQueryInfo:
    """A named query as the query page lists it."""

    name: str
    question: str
    text: str


class ServedGraph:
    """The graph a server answers from: one store for pages, N-Triples for the workers."""

    def __init__(self, ntriples: bytes, queries: list[NamedQueryInfo], title: str) -> None:
        self.store = pyoxigraph.Store()
        self.store.bulk_load(ntriples, pyoxigraph.RdfFormat.N_TRIPLES)
        self.ntriples = ntriples
        self.queries = queries
        self.title = title
        self.describer = Describer(self.store)
        self.triples = len(self.store)


def create_app(graph: ServedGraph, settings: ServeSettings | None = None) -> Starlette:
    """The ASGI application; the worker pool lives as long as the app."""
    settings = settings or ServeSettings()
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(
        version=__version__, title=graph.title, curie=curie, triples=graph.triples
    )
    state: dict[str, Any] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        with tempfile.TemporaryDirectory(prefix="aigovkg-serve-") as tmp:
            path = Path(tmp) / "graph.nt"
            path.write_bytes(graph.ntriples)
            executor = QueryExecutor(
                path,
                PREFIX_MAP,
                workers=settings.workers,
                timeout=settings.timeout,
                max_rows=settings.max_rows,
            )
            state["executor"] = executor
            await executor.warm_up(settings.workers)
            try:
                yield
            finally:
                executor.close()

    def page(request: Request, template: str, status: int = 200, **context: Any) -> Response:
        return templates.TemplateResponse(request, template, context, status_code=status)

    def not_found(request: Request, what: str) -> Response:
        if wants_html(request.headers.get("accept")):
            return page(request, "error.html", 404, heading="Not found", message=what)
        return PlainTextResponse(what, status_code=404)

    async def sparql(request: Request) -> Response:
        accept = request.headers.get("accept")
        try:
            parsed = read_request(
                request.method,
                request.url.query,
                request.headers.get("content-type"),
                await request.body(),
                accept,
            )
        except ProtocolError as exc:
            return PlainTextResponse(exc.message, status_code=exc.status)
        if parsed is None:
            if wants_html(accept):
                return RedirectResponse("/query", status_code=303)
            return service_description(request)
        answer = await state["executor"].run(parsed.query, parsed.accept)
        return Response(answer.body, status_code=answer.status, media_type=answer.media_type)

    def service_description(request: Request) -> Response:
        endpoint = str(request.url_for("sparql"))
        sd = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dct: <http://purl.org/dc/terms/> .

<{endpoint}> a sd:Service ;
    dct:title "{graph.title} SPARQL endpoint (read-only)" ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML,
        formats:SPARQL_Results_CSV, formats:SPARQL_Results_TSV,
        formats:Turtle, formats:N-Triples, formats:JSON-LD, formats:RDF_XML ;
    sd:feature sd:DereferencesURIs ;
    sd:defaultDataset [ a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph, void:Dataset ; void:triples {graph.triples} ] ] .
"""
        fmt = negotiate(request.headers.get("accept"), GRAPH_TYPES, DEFAULT_GRAPH)
        if fmt == "TURTLE":
            return Response(sd, media_type="text/turtle")
        triples = pyoxigraph.parse(sd.encode(), format=pyoxigraph.RdfFormat.TURTLE)
        body = pyoxigraph.serialize(
            sorted(triples, key=str), format=getattr(pyoxigraph.RdfFormat, fmt)
        )
        return Response(body, media_type=CANONICAL_TYPE[fmt])

    def rdf_about(iri: str, fmt: str) -> Response:
        """The triples about a resource, both ways, and those of its evidence nodes."""
        node = f"<{iri}>"
        query = (
            f"CONSTRUCT {{ {node} ?p ?o . ?s ?q {node} . ?o ?ep ?eo }} WHERE {{ "
            f"{{ {node} ?p ?o OPTIONAL {{ {node} agk:hasEvidence ?o . ?o ?ep ?eo }} }} "
            f"UNION {{ ?s ?q {node} }} }}"
        )
        triples = list(graph.store.query(query, prefixes=PREFIX_MAP))  # type: ignore[arg-type]
        body = pyoxigraph.serialize(
            sorted(triples, key=str),
            format=getattr(pyoxigraph.RdfFormat, fmt),
            prefixes=PREFIX_MAP if fmt == "TURTLE" else None,
        )
        return Response(body, media_type=CANONICAL_TYPE[fmt], headers={"Vary": "Accept"})

    def resource_response(request: Request, iri: str) -> Response:
        view = graph.describer.describe(iri)
        if view is None:
            return not_found(request, f"the graph says nothing about <{iri}>")
        accept = request.headers.get("accept")
        asked = request.query_params.get("format")
        if asked in FORMAT_PARAM:
            return rdf_about(iri, FORMAT_PARAM[asked])
        if wants_html(accept) or asked == "html":
            response = page(request, "resource.html", view=view)
            response.headers["Vary"] = "Accept"
            return response
        return rdf_about(iri, negotiate(accept, GRAPH_TYPES, DEFAULT_GRAPH))

    async def minted(request: Request) -> Response:
        return resource_response(request, str(AGKD) + request.path_params["name"])

    async def resource(request: Request) -> Response:
        iri = request.query_params.get("iri", "")
        if not iri:
            return PlainTextResponse("give the IRI as ?iri=…", status_code=400)
        if iri.startswith((str(AGKD), ONTOLOGY_BASE + "/")):
            return RedirectResponse(local_href(iri), status_code=303)
        return resource_response(request, iri)

    async def ontology(request: Request) -> Response:
        accept = request.headers.get("accept")
        if not wants_html(accept):
            fmt = negotiate(accept, GRAPH_TYPES, DEFAULT_GRAPH)
            query = (
                "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o "
                f"FILTER(STRSTARTS(STR(?s), '{ONTOLOGY_BASE}')) }}"
            )
            triples = list(graph.store.query(query))  # type: ignore[arg-type]
            body = pyoxigraph.serialize(
                sorted(triples, key=str),
                format=getattr(pyoxigraph.RdfFormat, fmt),
                prefixes=PREFIX_MAP if fmt == "TURTLE" else None,
            )
            return Response(body, media_type=CANONICAL_TYPE[fmt], headers={"Vary": "Accept"})
        terms = graph.describer.terms(ONTOLOGY_BASE)
        return page(request, "ontology.html", terms=terms)

    async def ontology_module(request: Request) -> Response:
        """Ontology modules and versions: https://w3id.org/aigovkg/ontology/{path}."""
        return resource_response(request, ONTOLOGY_BASE + "/" + request.path_params["path"])

    async def home(request: Request) -> Response:
        return page(
            request,
            "home.html",
            classes=graph.describer.classes()[:12],
            jurisdictions=graph.describer.jurisdictions(),
        )

    async def class_index(request: Request) -> Response:
        return page(request, "classes.html", classes=graph.describer.classes())

    async def class_page(request: Request) -> Response:
        name = request.path_params["name"]
        prefix, _, local = name.partition(":")
        if prefix not in PREFIX_MAP or not local:
            return not_found(
                request, f"no class {name!r}: give a prefixed name like agk:Instrument"
            )
        iri = PREFIX_MAP[prefix] + local
        members = graph.describer.instances(iri)
        if not members:
            return not_found(request, f"the graph has no instances of {name}")
        label = graph.describer.labels([iri]).get(iri, name)
        return page(request, "class.html", iri=iri, name=name, label=label, members=members)

    async def jurisdiction_index(request: Request) -> Response:
        return page(request, "jurisdictions.html", jurisdictions=graph.describer.jurisdictions())

    async def jurisdiction_page(request: Request) -> Response:
        code = request.path_params["code"].lower()
        iri = str(AGKD) + code
        view = graph.describer.describe(iri)
        if view is None:
            return not_found(request, f"no jurisdiction {code!r}")
        items = graph.describer.of_jurisdiction(iri)
        return page(request, "jurisdiction.html", view=view, items=items)

    async def query_page(request: Request) -> Response:
        return page(
            request,
            "query.html",
            queries=graph.queries,
            selected=request.query_params.get("name", ""),
            max_rows=settings.max_rows,
            timeout=settings.timeout,
        )

    async def api_queries(request: Request) -> Response:
        return JSONResponse(
            [{"name": q.name, "question": q.question, "text": q.text} for q in graph.queries]
        )

    async def api_prefixes(request: Request) -> Response:
        return JSONResponse(PREFIX_MAP)

    routes = [
        Route("/", home),
        Route("/sparql", sparql, methods=["GET", "POST"], name="sparql"),
        Route("/id/{name:path}", minted),
        Route("/resource", resource),
        Route("/ontology", ontology),
        Route("/ontology/{path:path}", ontology_module),
        Route("/class", class_index),
        Route("/class/{name}", class_page),
        Route("/jurisdiction", jurisdiction_index),
        Route("/jurisdiction/{code}", jurisdiction_page),
        Route("/query", query_page),
        Route("/api/queries", api_queries),
        Route("/api/prefixes", api_prefixes),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type"],
        )
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
