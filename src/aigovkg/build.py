"""The build: load, reason, validate, answer the competency queries, write dist/.

dist/ is replaced only by a complete, valid build: everything is written into
a fresh sibling folder which then takes dist/'s place, so a failure at any
step (an inconsistent ontology included) leaves the previous dist/ as it was.

The work is laid out for a machine with two cores:

- HermiT starts first, in a forked process with its Java subprocess
  (:class:`aigovkg.reasoning.BackgroundReasoning`), and has a core to
  itself. It stays the consistency check, and ``inferred.ttl`` and all that
  is computed from inferences (network, tables, figures, examples) come
  from what it infers, as before.
- Meanwhile this process does what needs no inferences: SHACL, the quotes,
  the asserted graph in four formats, the ontology, pyLODE's page, JSON-LD;
  and the competency queries, on the inferences of the rules in
  :mod:`aigovkg.rules` (well under a second). Once HermiT is done the
  answers stand if the rules derived everything it did; otherwise they are
  answered again on HermiT's inferences. If time is left before HermiT is
  done, the figures that will most likely not change are drawn from the
  rules' inferences, and drawn again only if HermiT's give them other input.
- Then the rest, with the network figure (and the heatmap, if not drawn
  yet) drawn in forked processes beside it.

Python's cycle collector is paused for the build
(:func:`aigovkg.loading.cycle_collector_paused`). Whichever way the work
is laid out, dist/ is byte-identical; tests/test_build_speed_regressions.py
checks that.
"""

from __future__ import annotations

import logging
import multiprocessing
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph
from rdflib.term import Node

from aigovkg.api import KnowledgeGraph
from aigovkg.cache import inputs_digest, store_inferred
from aigovkg.docs import draw_overview, overview_edges, write_examples, write_index
from aigovkg.export import ordered, table_csv, write_graph
from aigovkg.figures import heatmap_figure, network_figure, timeline_events, timeline_figure
from aigovkg.loading import cycle_collector_paused
from aigovkg.metadata import describe
from aigovkg.namespaces import AGK, OWL, RDF, RDFS, bind_prefixes
from aigovkg.owl_export import write_owl
from aigovkg.quotes import check_quotes
from aigovkg.reasoning import ReasoningResult, reason_in_background
from aigovkg.store import OxigraphStore, ResultTable
from aigovkg.tables import write_comparison_tables, write_principle_overlap
from aigovkg.tabular import write_tables
from aigovkg.validation import ValidationReport

if TYPE_CHECKING:
    from aigovkg.analysis import Analysis

# aigovkg.analysis (networkx) and aigovkg.jsonld (PyLD) are imported where they
# are used: HermiT starts sooner when a build's imports before it are fewer.

log = logging.getLogger(__name__)

GRAPH_FORMATS = ("ttl", "nt", "jsonld", "rdf")
RULES_COVER_HERMIT = "the rules' inferences (which include HermiT's)"


@dataclass
class BuildResult:
    """What a build found and wrote."""

    triples: int = 0
    inferred: int = 0
    instruments: int = 0
    organisations: int = 0
    links: int = 0
    consistent: bool = False
    explanation: str = ""
    data_report: ValidationReport | None = None
    hygiene_report: ValidationReport | None = None
    quality: dict[str, ResultTable] = field(default_factory=dict)
    answers: dict[str, int] = field(default_factory=dict)
    quotes_checked: int = 0
    quotes_missing: list[str] = field(default_factory=list)
    quotes_skipped: str = ""
    seconds: float = 0.0
    written: Path | None = None
    highlights: list[str] = field(default_factory=list)
    query_inferences: str = "HermiT's inferences"

    @property
    def conforms(self) -> bool:
        return bool(
            self.data_report
            and self.data_report.conforms
            and self.hygiene_report
            and self.hygiene_report.conforms
            and not any(len(t) for t in self.quality.values())
        )

    @property
    def ok(self) -> bool:
        return self.consistent and self.conforms and not self.quotes_missing

    def summary(self) -> str:
        quotes = (
            f"{self.quotes_checked} checked, {len(self.quotes_missing)} not verbatim"
            if not self.quotes_skipped
            else f"not checked ({self.quotes_skipped})"
        )
        lines = [
            f"triples               {self.triples} asserted + {self.inferred} inferred",
            f"instruments           {self.instruments}",
            f"organisations         {self.organisations}",
            f"interoperability links {self.links}",
            f"SHACL conformance     {'conforms' if self.conforms else 'DOES NOT CONFORM'}",
            f"OWL consistency       {'consistent (HermiT)' if self.consistent else 'INCONSISTENT'}",
            f"evidence quotes       {quotes}",
            f"competency queries    {len(self.answers)} answered on {self.query_inferences}",
            f"time                  {self.seconds:.1f} s",
        ]
        lines.extend(self.highlights)
        if self.written:
            lines.append(f"written               {self.written}")
        return "\n".join(lines)


def count_instances(graph: Graph, cls: object) -> int:
    """Distinct instances of a class or any of its subclasses (``?x a/rdfs:subClassOf* cls``).

    Read with rdflib's triple access: its SPARQL engine took a tenth of a
    second per class for what this does at once.
    """
    classes = set(graph.transitive_subjects(RDFS.subClassOf, cls))  # type: ignore[arg-type]
    return len({x for c in classes for x in graph.subjects(RDF.type, c)})


def validation_text(result: BuildResult) -> str:
    parts = ["# SHACL validation of data/ against shapes/data.ttl", ""]
    if result.data_report:
        parts.append(result.data_report.text())
    parts += ["# Vocabulary hygiene of ontology/ against shapes/hygiene.ttl", ""]
    if result.hygiene_report:
        parts.append(result.hygiene_report.text())
    parts += ["# Quality checks (queries/*-violation.rq must return no rows)", ""]
    for name, table in sorted(result.quality.items()):
        parts.append(f"{name}: {len(table)} rows")
        for row in table.rows:
            parts.append("  " + " | ".join("" if v is None else str(v) for v in row))
    return "\n".join(parts) + "\n"


def run_build(
    kg: KnowledgeGraph,
    out: Path | None,
    *,
    check_sources: bool = True,
    sparql_endpoint: str | None = None,
) -> BuildResult:
    """Reason, validate, query and (when out is given and all is well) write dist/."""
    with cycle_collector_paused():
        return _run_build(kg, out, check_sources, sparql_endpoint)


def _run_build(
    kg: KnowledgeGraph, out: Path | None, check_sources: bool, sparql_endpoint: str | None
) -> BuildResult:
    started = time.perf_counter()
    result = BuildResult()
    hermit = reason_in_background(lambda: kg.asserted)  # a forked HermiT merges it itself
    asserted = kg.asserted
    result.triples = len(asserted)
    staging: _Staging | None = None
    try:
        _check(kg, result, check_sources)
        early = _rule_answers(kg)
        if early is not None:
            _record(result, early)
        if out is not None and _may_succeed(result):
            staging = _Staging.start(kg, out, asserted, result, early)
        base = _Base(kg, asserted)
        if staging is not None and early is not None and early.inferred is not None:
            staging.draw_ahead(kg, asserted, early.inferred, hermit.running)
        reasoning = hermit.result()
        answers = _adopt(kg, reasoning, result, early, base)
        full = base.graph
        result.instruments = count_instances(full, AGK.Instrument)
        result.organisations = count_instances(full, AGK.Organisation)
        result.links = count_instances(full, AGK.InteroperabilityLink)
        if staging is not None and result.ok:
            from aigovkg.analysis import run_analysis

            analysis = run_analysis(kg.store)
            result.highlights = _highlights(analysis)
            inferred = reasoning.inferred
            staging.finish(kg, asserted, full, result, answers, inferred, analysis, sparql_endpoint)
            staging = None
            result.written = out
    finally:
        hermit.cancel()  # if something failed before HermiT was waited for
        if staging is not None:
            staging.discard()
    result.seconds = time.perf_counter() - started
    return result


def _check(kg: KnowledgeGraph, result: BuildResult, check_sources: bool) -> None:
    """SHACL on data and ontology, and the evidence quotes against the source texts."""
    result.data_report = kg.validate()
    result.hygiene_report = kg.check_hygiene()
    if not check_sources:
        return
    if kg.paths.sources.is_dir():
        checked, problems = check_quotes(kg.data, kg.paths.sources)
        result.quotes_checked = checked
        result.quotes_missing = [f"{p.subject}: {p.reason}: {p.quote!r}" for p in problems]
    else:
        result.quotes_skipped = f"no source texts at {kg.paths.sources}"


@dataclass
class _Answers:
    """The competency queries' answers and the quality checks, on some inferences."""

    answers: dict[str, ResultTable]
    quality: dict[str, ResultTable]
    inferred: Graph | None = None  # the rules' inferences they were answered on


def _answer(kg: KnowledgeGraph) -> _Answers:
    """Run every named query on kg's current store."""
    answers: dict[str, ResultTable] = {}
    quality: dict[str, ResultTable] = {}
    for name, named in kg.catalogue.items():
        table = kg.query(name)
        (quality if named.is_quality_check else answers)[name] = table
    return _Answers(answers, quality)


def _rule_answers(kg: KnowledgeGraph) -> _Answers | None:
    """The answers on the rules' inferences, or None when the rules are not there or fail.

    The rules are an early answer, not the authority: a failure here only
    means waiting for HermiT's inferences, so it is logged, not raised.
    """
    try:
        inferred = kg.infer_by_rules()
    except ImportError:
        return None
    except Exception as exc:  # noqa: BLE001 - HermiT's inferences answer instead
        log.warning("rule-based inference failed (%s); answering on HermiT's inferences", exc)
        return None
    early = _answer(kg)
    early.inferred = inferred
    return early


def _record(result: BuildResult, answers: _Answers) -> None:
    result.quality = answers.quality
    result.answers = {name: len(t) for name, t in answers.answers.items()}


def _may_succeed(result: BuildResult) -> bool:
    """Whether what is known before HermiT finishes allows a build to be written."""
    reports = (result.data_report, result.hygiene_report)
    conforms = all(r is not None and r.conforms for r in reports)
    quality_ok = not any(len(t) for t in result.quality.values())
    return conforms and quality_ok and not result.quotes_missing


def _adopt(
    kg: KnowledgeGraph,
    reasoning: ReasoningResult,
    result: BuildResult,
    early: _Answers | None,
    base: _Base,
) -> dict[str, ResultTable]:
    """Take HermiT's result into kg and result; return the answers that stand.

    The rules' answers stand when the rules derived all HermiT did; else the
    queries are answered again on HermiT's inferences.
    """
    result.consistent = reasoning.consistent
    result.explanation = reasoning.explanation
    result.inferred = len(reasoning.inferred)
    base.complete(kg, reasoning.inferred)
    if reasoning.consistent and kg._inputs:  # what KnowledgeGraph.reason() caches
        store_inferred(inputs_digest(kg._inputs), reasoning.inferred)
    if early is not None and early.inferred is not None:
        missed = _missed(reasoning.inferred, early.inferred, kg)
        if not missed:
            result.query_inferences = RULES_COVER_HERMIT
            return early.answers
        log.warning("the rules missed %d of HermiT's inferences; answering again", missed)
    again = _answer(kg)
    _record(result, again)
    return again.answers


def _missed(hermit: Graph, rules: Graph, kg: KnowledgeGraph) -> int:
    """How many of HermiT's inferences neither the rules nor the asserted graph have."""
    return sum(
        1
        for triple in hermit
        if triple not in rules and triple not in kg.data and triple not in kg.ontology
    )


class _Base:
    """kg.graph and kg.store without the inferences, made while HermiT still runs.

    Once HermiT is done its inferences are added to both (a few hundred
    triples) rather than both being built again from scratch: that is
    time saved after HermiT, when nothing else is left to overlap with.
    """

    def __init__(self, kg: KnowledgeGraph, asserted: Graph) -> None:
        self.graph = bind_prefixes(Graph())  # as kg.graph makes it
        for triple in asserted:
            self.graph.add(triple)
        local = kg.endpoint is None and kg.engine == "oxigraph"
        self.store = OxigraphStore.from_graph(asserted) if local else None

    def complete(self, kg: KnowledgeGraph, inferred: Graph) -> None:
        """Add inferred to both and give them to kg, as kg.graph and kg.store would be."""
        import pyoxigraph

        for triple in inferred:
            self.graph.add(triple)
        kg.inferred = inferred
        kg._store = None
        if self.store is not None:
            payload = inferred.serialize(format="nt", encoding="utf-8")
            self.store.store.bulk_load(payload, pyoxigraph.RdfFormat.N_TRIPLES)
            kg._store = self.store


def _highlights(analysis: Analysis) -> list[str]:
    report = analysis.report

    def names(rows: list[tuple[str, float]]) -> str:
        return ", ".join(f"{report.labels.get(n, n)} {v:.2f}" for n, v in rows)

    strongest = ", ".join(f"{p.a_label}–{p.b_label} {p.score:.2f}" for p in analysis.strongest(3))
    return [
        f"most central          {names(report.top('betweenness', 3))} (betweenness)",
        f"central standards     {names(report.top('degree', 3, 'standard'))} (degree)",
        f"strongest pairs       {strongest}",
    ]


class _Staging:
    """The folder a build is written into before it takes dist/'s place."""

    def __init__(self, out: Path) -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
        self.fids: dict[str, str] = {}
        self.answered = False
        self.drawn: dict[str, object] = {}  # figure -> what it was drawn from

    @classmethod
    def start(
        cls,
        kg: KnowledgeGraph,
        out: Path,
        asserted: Graph,
        result: BuildResult,
        early: _Answers | None,
    ) -> _Staging:
        """Stage what needs no inferences (and the early answers), while HermiT runs."""
        staging = cls(out)
        try:
            staging._write_asserted(kg, asserted)
            if early is not None:
                staging._write_answers(result, early.answers)
            _pyplot_ready()
        except BaseException:
            staging.discard()
            raise
        return staging

    def _write_asserted(self, kg: KnowledgeGraph, asserted: Graph) -> None:
        tmp = self.tmp
        snapshot = ordered(asserted)  # made once for the four formats
        for fmt in GRAPH_FORMATS:
            write_graph(snapshot, tmp / f"aigovkg.{fmt}", fmt)
        write_graph(kg.ontology, tmp / "ontology.ttl", "ttl")
        write_owl(kg, tmp / "ontology.owl")
        _, self.fids = write_index(kg.ontology, tmp / "docs")
        from aigovkg.jsonld import write_jsonld

        write_jsonld(kg, tmp / "jsonld")

    def _write_answers(self, result: BuildResult, answers: dict[str, ResultTable]) -> None:
        (self.tmp / "validation.txt").write_text(validation_text(result), encoding="utf-8")
        folder = self.tmp / "answers"
        folder.mkdir(exist_ok=True)
        for name, table in sorted(answers.items()):
            (folder / f"{name}.csv").write_text(table_csv(table), encoding="utf-8")
        self.answered = True

    def draw_ahead(
        self, kg: KnowledgeGraph, asserted: Graph, rules: Graph, running: Callable[[], bool]
    ) -> None:
        """While HermiT runs, draw from the rules' inferences what may well not change.

        The overview, the timeline, the network and the heatmap, each started
        only while HermiT is still at work (else it would delay what comes
        after it). The network is drawn from :func:`_hermit_like`, the rules'
        inferences as HermiT would report them. :meth:`finish` draws a figure
        again if HermiT's inferences give it other input; for the project's
        data they give the same.
        """
        from aigovkg.analysis import score_matrix
        from aigovkg.network import build_network

        full: list[Graph] = []  # kg.graph, made once when first needed

        def with_rules() -> Graph:
            if not full:
                full.append(kg.graph)
            return full[0]

        def network() -> None:
            guess = bind_prefixes(Graph())
            for part in (asserted, _hermit_like(rules, with_rules())):
                for triple in part:
                    guess.add(triple)
            self._draw_network(build_network(OxigraphStore.from_graph(guess)))

        steps: list[Callable[[], None]] = [
            lambda: self._draw_overview(kg, with_rules()),
            lambda: self._draw_timeline(kg),
            network,
            lambda: self._draw_heatmap(*score_matrix(*_pairs(kg))),
        ]
        for step in steps:
            if not running():
                return
            step()

    def _draw_network(self, network: Any) -> None:
        stem = self.figures / "network"
        self._draw("network", _Network(network), network_figure, network, stem)

    def _draw_overview(self, kg: KnowledgeGraph, full: Graph) -> None:
        overview = overview_edges(kg.ontology, kg.data, full)
        self._draw("overview", overview, draw_overview, kg.ontology, overview, self.docs)

    def _draw_timeline(self, kg: KnowledgeGraph) -> None:
        events = timeline_events(kg)
        self._draw("timeline", events, timeline_figure, events, self.figures / "timeline")

    def _draw_heatmap(self, labels: list[str], matrix: list[list[float]]) -> None:
        stem = self.figures / "pairwise-scores"
        self._draw("heatmap", (labels, matrix), heatmap_figure, labels, matrix, stem)

    def _draw(self, name: str, source: object, draw: Callable[..., Any], *args: Any) -> None:
        """Draw unless already drawn from equal input; in a forked child when asked."""
        if self.drawn.get(name, _NOTHING) == source:
            return
        draw(*args)
        self.drawn[name] = source

    def _fork_draw(self, name: str, source: object, draw: Callable[..., Any], *args: Any) -> _Child:
        if self.drawn.get(name, _NOTHING) == source:
            return _Child(name, None)
        self.drawn[name] = source
        return _forked(draw, *args)

    @property
    def docs(self) -> Path:
        return self.tmp / "docs" / "overview.svg"

    @property
    def figures(self) -> Path:
        folder = self.tmp / "figures"
        folder.mkdir(exist_ok=True)
        return folder

    def finish(
        self,
        kg: KnowledgeGraph,
        asserted: Graph,
        full: Graph,
        result: BuildResult,
        answers: dict[str, ResultTable],
        inferred: Graph,
        analysis: Analysis,
        sparql_endpoint: str | None,
    ) -> None:
        """Write what needs HermiT's inferences, then put the folder in dist/'s place."""
        from aigovkg.analysis import write_analysis

        tmp = self.tmp
        labels, matrix = analysis.matrix()
        heatmap = self.figures / "pairwise-scores"
        network = self.figures / "network"
        drawing = [
            self._fork_draw(
                "network", _Network(analysis.graph), network_figure, analysis.graph, network
            ),
            self._fork_draw("heatmap", (labels, matrix), heatmap_figure, labels, matrix, heatmap),
        ]
        if not self.answered or result.query_inferences != RULES_COVER_HERMIT:
            self._write_answers(result, answers)
        write_graph(bind_prefixes(inferred), tmp / "inferred.ttl", "ttl")
        write_analysis(analysis, tmp / "analysis")
        write_comparison_tables(kg, tmp / "comparison")
        write_principle_overlap(kg, tmp / "comparison")
        write_tables(kg, tmp / "csv", full)
        write_examples(kg, self.fids, tmp / "docs", full)
        self._draw_overview(kg, full)
        self._draw_timeline(kg)
        for child in drawing:
            child.join()
        # The dataset description comes last: it lists the distributions written above.
        write_graph(describe(asserted, tmp, endpoint=sparql_endpoint), tmp / "void.ttl", "ttl")
        _swap(tmp, self.out)

    def discard(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


_NOTHING = object()


class _Network:
    """A network compared as networkx compares graphs: nodes, edges and their data."""

    def __init__(self, graph: Any) -> None:
        self.graph = graph

    def __eq__(self, other: object) -> bool:
        import networkx as nx

        return isinstance(other, _Network) and bool(nx.utils.graphs_equal(self.graph, other.graph))

    __hash__ = None  # type: ignore[assignment]


def _hermit_like(rules: Graph, full: Graph) -> Graph:
    """The rules' inferences less those HermiT, as owlready2 reports it, leaves out.

    owlready2 adds a property value HermiT finds only when neither it nor its
    inverse is stated, and HermiT names no value that a sub-property's value
    implies; the rules derive both kinds. Dropping them gives HermiT's report
    for the project's data (class hierarchy apart), but it stays a guess:
    what is drawn from it is drawn again unless HermiT's inferences give the
    same input. ``full`` is the asserted graph with the rules' inferences.
    """
    below: dict[Node, set[Node]] = {}
    for sub, sup in full.subject_objects(RDFS.subPropertyOf):
        if sub != sup:
            below.setdefault(sup, set()).add(sub)
    inverse: dict[Node, set[Node]] = {}
    for a, b in full.subject_objects(OWL.inverseOf):
        inverse.setdefault(a, set()).add(b)
        inverse.setdefault(b, set()).add(a)
    kept = bind_prefixes(Graph())
    for s, p, o in rules:
        if p not in (RDF.type, RDFS.subClassOf, RDFS.subPropertyOf) and (
            any((s, q, o) in full for q in below.get(p, ()))
            or any((o, q, s) in full for q in inverse.get(p, ()))
        ):
            continue
        kept.add((s, p, o))
    return kept


def _pairs(kg: KnowledgeGraph) -> tuple[Any, list[Any]]:
    """The profile index of kg's store and its pairs over all domains, as the analysis has them."""
    from aigovkg.profiles import ProfileIndex

    index = ProfileIndex(kg.store)
    return index, index.all_pairs()


def _pyplot_ready() -> None:
    """Import matplotlib's pyplot now, while HermiT runs, so forked drawers inherit it."""
    from aigovkg.figures import _pyplot

    _pyplot()


class _Child:
    """A function running in a forked process (or already run, where fork is missing)."""

    def __init__(self, name: str, process: multiprocessing.process.BaseProcess | None) -> None:
        self.name = name
        self.process = process

    def join(self) -> None:
        if self.process is None:
            return
        self.process.join()
        if self.process.exitcode != 0:
            raise RuntimeError(
                f"{self.name} failed in its worker process (exit code {self.process.exitcode})"
            )


def _forked(function: Callable[..., Any], *args: Any) -> _Child:
    """Run function(*args) in a forked child, for its files; inline where fork is missing.

    A fork shares the parent's memory, so nothing is pickled and nothing is
    imported again; the child only writes files. The parent has no other
    threads by then (HermiT's has ended), which is what makes forking safe.
    """
    name = getattr(function, "__name__", "worker")
    if "fork" not in multiprocessing.get_all_start_methods():
        function(*args)
        return _Child(name, None)
    sys.stdout.flush()
    sys.stderr.flush()
    process = multiprocessing.get_context("fork").Process(
        target=function, args=args, name=name, daemon=True
    )
    process.start()
    return _Child(name, process)


def _swap(new: Path, out: Path) -> None:
    """Put new in out's place; the old folder is removed only once new is in place."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}-old-{time.time_ns()}")
        out.rename(old)
    new.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
