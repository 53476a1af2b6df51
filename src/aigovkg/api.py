"""The Python API: load the graph, run named queries, validate, reason.

    >>> from aigovkg import KnowledgeGraph
    >>> kg = KnowledgeGraph.load()
    >>> kg.rows("cq07-mutual-recognition", jurisdiction="KR")[0]["link"]

``rows`` gives plain dicts of strings, ready for pandas or csv; ``query``
gives the typed ResultTable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from aigovkg.cache import inputs_digest, store_inferred
from aigovkg.loading import load_files, parse_file
from aigovkg.namespaces import bind_prefixes
from aigovkg.paths import ProjectPaths, project
from aigovkg.queries import NamedQuery, bind, load_catalogue, resolve
from aigovkg.reasoning import ReasoningResult, reason
from aigovkg.store import ResultTable, Store, open_store
from aigovkg.validation import ValidationReport, validate


@dataclass
class KnowledgeGraph:
    """The ontology, the data and (once reasoned) the inferences, with queries over them."""

    paths: ProjectPaths
    ontology: Graph
    data: Graph
    origin: dict[URIRef, Path] = field(default_factory=dict)
    inferred: Graph = field(default_factory=Graph)
    endpoint: str | None = None
    endpoint_graph: str | None = None
    engine: str = "oxigraph"
    _store: Store | None = field(default=None, repr=False)
    _catalogue: dict[str, NamedQuery] | None = field(default=None, repr=False)
    _inputs: list[Path] = field(default_factory=list, repr=False)

    @classmethod
    def load(
        cls,
        root: Path | None = None,
        *,
        extra_data: tuple[Path, ...] = (),
        inferences: str = "auto",
        endpoint: str | None = None,
        endpoint_graph: str | None = None,
        engine: str = "oxigraph",
    ) -> KnowledgeGraph:
        """Load a checkout's ontology and data.

        ``inferences``: "auto" (the default) and "rules" materialise them with
        the OWL 2 RL rules of :mod:`aigovkg.rules` — milliseconds, the same
        triples every time, and held by the tests to HermiT's answers on every
        competency query; "reason" runs HermiT (the consistency check the build
        runs); "none" skips inferences. With ``endpoint`` queries go to that SPARQL
        endpoint (``endpoint_graph`` naming the graph to query there) and
        nothing local is needed for them. ``engine`` picks the embedded store:
        "oxigraph" (default, fast) or "rdflib" (the reference).
        """
        paths = ProjectPaths(root) if root else project()
        ontology = bind_prefixes(Graph())
        for path in paths.ontology_files():
            parse_file(path, ontology)
        data_files = [*paths.data_files(), *extra_data]
        data, origin = load_files(data_files)
        kg = cls(
            paths,
            ontology,
            data,
            origin,
            endpoint=endpoint,
            endpoint_graph=endpoint_graph,
            engine=engine,
        )
        kg._inputs = [*paths.ontology_files(), *data_files]
        if inferences == "reason":
            kg.reason()
        elif inferences in ("auto", "rules"):
            kg.infer_by_rules()
        elif inferences != "none":
            raise ValueError(f"inferences must be auto, rules, reason or none, not {inferences!r}")
        return kg

    @property
    def graph(self) -> Graph:
        """Ontology, data and inferences in one graph."""
        merged = bind_prefixes(Graph())
        for part in (self.ontology, self.data, self.inferred):
            for triple in part:
                merged.add(triple)
        return merged

    @property
    def asserted(self) -> Graph:
        """Ontology and data, without inferences."""
        merged = bind_prefixes(Graph())
        for part in (self.ontology, self.data):
            for triple in part:
                merged.add(triple)
        return merged

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(
                None if self.endpoint else self.graph,
                self.endpoint,
                engine=self.engine,
                endpoint_graph=self.endpoint_graph,
            )
        return self._store

    @property
    def catalogue(self) -> dict[str, NamedQuery]:
        if self._catalogue is None:
            self._catalogue = load_catalogue(self.paths.queries)
        return self._catalogue

    def reason(self) -> ReasoningResult:
        """Run HermiT; keep the inferences when ontology and data are consistent."""
        result = reason(self.asserted)
        self.inferred = result.inferred
        self._store = None
        if result.consistent and self._inputs:
            store_inferred(inputs_digest(self._inputs), result.inferred)
        return result

    def infer_by_rules(self) -> Graph:
        """Materialise the inferences the queries need with rules instead of HermiT.

        Types are kept most-specific (``supertypes=False``), as owlready2
        reports HermiT's, so the competency queries answer the same either way.
        """
        from aigovkg.rules import infer

        self.inferred = bind_prefixes(infer(self.asserted, self.ontology, supertypes=False))
        self._store = None
        return self.inferred

    def validate(self, engine: str = "turbo") -> ValidationReport:
        """Validate the data against the data shapes (the ontology supplies class hierarchy).

        ``engine``: "turbo" (pyshacl-turbo, the default) or "pyshacl" (the reference).
        """
        shapes = bind_prefixes(Graph())
        parse_file(self.paths.shapes / "data.ttl", shapes)
        return validate(
            self.data, shapes, self.ontology, self.origin, self.paths.root, engine=engine
        )

    def check_hygiene(self, engine: str = "turbo") -> ValidationReport:
        """Validate the ontology itself against the vocabulary-hygiene shapes."""
        shapes = parse_file(self.paths.shapes / "hygiene.ttl")
        origin: dict[URIRef, Path] = {}
        return validate(self.ontology, shapes, None, origin, self.paths.root, engine=engine)

    def query(self, name: str, params: dict[str, str] | None = None) -> ResultTable:
        """Run a named query (or a .rq file) with parameters."""
        named = resolve(name, self.catalogue)
        return self.store.select(bind(named, params or {}))

    def sparql(self, text: str) -> ResultTable:
        """Run any SPARQL SELECT text."""
        return self.store.select(text)

    def rows(self, name: str, **params: str) -> list[dict[str, str | None]]:
        """A named query's answer as plain dicts of strings."""
        table = self.query(name, {k: str(v) for k, v in params.items()})
        return [
            {k: (None if v is None else str(v)) for k, v in record.items()}
            for record in table.records()
        ]
