"""The build: load, reason, validate, answer the competency queries, write dist/.

dist/ is replaced only by a complete, valid build: everything is written into
a fresh sibling folder which then takes dist/'s place, so a failure at any
step leaves the previous dist/ as it was.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

from aigovkg.analysis import Analysis, run_analysis, write_analysis
from aigovkg.api import KnowledgeGraph
from aigovkg.docs import write_docs
from aigovkg.export import table_csv, write_graph
from aigovkg.figures import write_figures
from aigovkg.jsonld import write_jsonld
from aigovkg.metadata import describe
from aigovkg.namespaces import AGK, RDFS, bind_prefixes
from aigovkg.owl_export import write_owl
from aigovkg.quotes import check_quotes
from aigovkg.store import ResultTable
from aigovkg.tables import write_comparison_tables, write_principle_overlap
from aigovkg.tabular import write_tables
from aigovkg.validation import ValidationReport

GRAPH_FORMATS = ("ttl", "nt", "jsonld", "rdf")


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
            f"competency queries    {len(self.answers)} answered",
            f"time                  {self.seconds:.1f} s",
        ]
        lines.extend(self.highlights)
        if self.written:
            lines.append(f"written               {self.written}")
        return "\n".join(lines)


def count_instances(graph: Graph, cls: object) -> int:
    """Distinct instances of a class or any of its subclasses."""
    query = """
        SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a/rdfs:subClassOf* ?cls . }
    """
    bindings: dict[str, Any] = {"cls": cls}
    row: Any = next(iter(graph.query(query, initBindings=bindings, initNs={"rdfs": RDFS})))
    return int(row[0])


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
    started = time.perf_counter()
    result = BuildResult()
    reasoning = kg.reason()
    result.consistent = reasoning.consistent
    result.explanation = reasoning.explanation
    result.inferred = len(reasoning.inferred)
    asserted = kg.asserted
    result.triples = len(asserted)
    full = kg.graph
    result.instruments = count_instances(full, AGK.Instrument)
    result.organisations = count_instances(full, AGK.Organisation)
    result.links = count_instances(full, AGK.InteroperabilityLink)
    result.data_report = kg.validate()
    result.hygiene_report = kg.check_hygiene()
    if check_sources:
        if kg.paths.sources.is_dir():
            checked, problems = check_quotes(kg.data, kg.paths.sources)
            result.quotes_checked = checked
            result.quotes_missing = [f"{p.subject}: {p.reason}: {p.quote!r}" for p in problems]
        else:
            result.quotes_skipped = f"no source texts at {kg.paths.sources}"
    answers: dict[str, ResultTable] = {}
    for name, named in kg.catalogue.items():
        table = kg.query(name)
        if named.is_quality_check:
            result.quality[name] = table
        else:
            answers[name] = table
    result.answers = {name: len(t) for name, t in answers.items()}
    if out is not None and result.ok:
        analysis = run_analysis(kg.store)
        result.highlights = _highlights(analysis)
        _write_dist(kg, out, result, answers, reasoning.inferred, analysis, sparql_endpoint)
        result.written = out
    result.seconds = time.perf_counter() - started
    return result


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


def _write_dist(
    kg: KnowledgeGraph,
    out: Path,
    result: BuildResult,
    answers: dict[str, ResultTable],
    inferred: Graph,
    analysis: Analysis,
    sparql_endpoint: str | None = None,
) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        merged = kg.asserted
        for fmt in GRAPH_FORMATS:
            write_graph(merged, tmp / f"aigovkg.{fmt}", fmt)
        write_graph(kg.ontology, tmp / "ontology.ttl", "ttl")
        write_owl(kg, tmp / "ontology.owl")
        write_docs(kg, tmp / "docs")
        write_graph(bind_prefixes(inferred), tmp / "inferred.ttl", "ttl")
        (tmp / "validation.txt").write_text(validation_text(result), encoding="utf-8")
        (tmp / "answers").mkdir()
        for name, table in sorted(answers.items()):
            (tmp / "answers" / f"{name}.csv").write_text(table_csv(table), encoding="utf-8")
        write_analysis(analysis, tmp / "analysis")
        write_comparison_tables(kg, tmp / "comparison")
        write_principle_overlap(kg, tmp / "comparison")
        write_tables(kg, tmp / "csv")
        write_jsonld(kg, tmp / "jsonld")
        labels, matrix = analysis.matrix()
        write_figures(kg, analysis.graph, labels, matrix, tmp / "figures")
        # The dataset description comes last: it lists the distributions written above.
        write_graph(describe(merged, tmp, endpoint=sparql_endpoint), tmp / "void.ttl", "ttl")
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap(new: Path, out: Path) -> None:
    """Put new in out's place; the old folder is removed only once new is in place."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}-old-{time.time_ns()}")
        out.rename(old)
    new.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
