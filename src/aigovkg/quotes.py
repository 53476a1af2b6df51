"""Checks that every evidence quote occurs verbatim in its source text.

This is the guard against invented facts: a quote that is not in the source
(after the markup normalisation of :mod:`aigovkg.textnorm`) is reported with
the evidenced resource and the data file it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import cast

from rdflib import Graph, URIRef

from aigovkg.namespaces import AGK, PROV
from aigovkg.textnorm import normalise


@dataclass(frozen=True)
class QuoteProblem:
    """One quote that could not be matched, and why."""

    subject: str
    source: str
    quote: str
    reason: str


@lru_cache(maxsize=32)
def _source_text(path: Path) -> str:
    return normalise(path.read_text(encoding="utf-8"))


def source_files(graph: Graph) -> dict[URIRef, str]:
    """Map each source document to the file name of its text extraction."""
    return {s: str(o) for s, o in graph.subject_objects(AGK.sourceFile) if isinstance(s, URIRef)}


def check_quotes(graph: Graph, sources_dir: Path) -> tuple[int, list[QuoteProblem]]:
    """Return how many quotes were checked and the ones not found verbatim."""
    files = source_files(graph)
    problems: list[QuoteProblem] = []
    checked = 0
    for subject, evidence in sorted(graph.subject_objects(AGK.hasEvidence)):
        for quote in graph.objects(evidence, AGK.quote):
            for source in graph.objects(evidence, PROV.wasQuotedFrom):
                checked += 1
                name = files.get(cast(URIRef, source))
                if name is None:
                    problems.append(
                        QuoteProblem(
                            str(subject), str(source), str(quote), "source has no agk:sourceFile"
                        )
                    )
                    continue
                path = sources_dir / name
                if not path.is_file():
                    problems.append(
                        QuoteProblem(
                            str(subject), str(source), str(quote), f"source text {path} is missing"
                        )
                    )
                    continue
                if normalise(str(quote)) not in _source_text(path):
                    problems.append(
                        QuoteProblem(
                            str(subject), str(source), str(quote), f"not found verbatim in {name}"
                        )
                    )
    return checked, problems
