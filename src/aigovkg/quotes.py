"""Checks that every evidence quote occurs verbatim in its source text.

This is the guard against invented facts: a quote that is not in the source
(after the markup normalisation of :mod:`aigovkg.textnorm`) is reported with
the evidenced resource and the data file it comes from.

Most sources are texts in the source catalogue (``../shared/sources``). A
source kept outside it names its folder with ``dct:source <file:…>``, as an
imported AGORA release does (:mod:`aigovkg.agora`): its ``agk:sourceFile`` is
read from that folder, and when that file is a CSV table a quote must lie
within one cell. When the folder is not on this machine the quotes are not
failed but skipped, with the reason, in :func:`check_quotes_report` and as a
warning from :func:`check_quotes`.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import cast
from urllib.parse import urlparse
from urllib.request import url2pathname

from rdflib import Graph, URIRef

from aigovkg.namespaces import AGK, DCTERMS, PROV
from aigovkg.textnorm import normalise

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QuoteProblem:
    """One quote that could not be matched, and why."""

    subject: str
    source: str
    quote: str
    reason: str


@dataclass(frozen=True)
class QuoteSkip:
    """Quotes of one source that were not checked, and why (its text is not here)."""

    source: str
    quotes: int
    reason: str


@dataclass
class QuoteReport:
    """How many quotes were checked, the ones not found, and the ones skipped."""

    checked: int = 0
    problems: list[QuoteProblem] = field(default_factory=list)
    skipped: list[QuoteSkip] = field(default_factory=list)


@lru_cache(maxsize=32)
def _source_text(path: Path) -> str:
    return normalise(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=8)
def _table_cells(path: Path, mtime_ns: int) -> tuple[frozenset[str], str]:
    """A CSV table's normalised cells, as a set and joined one per line.

    A normalised cell holds no line break, so a quote found in the joined
    text lies within one cell. ``mtime_ns`` keys the cache to the file's
    version.
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        cells = [normalise(cell) for row in csv.reader(handle) for cell in row]
    kept = [c for c in cells if c]
    return frozenset(kept), "\n".join(kept)


def _in_table(quote: str, path: Path) -> bool:
    cells, joined = _table_cells(path, path.stat().st_mtime_ns)
    return quote in cells or quote in joined


def source_files(graph: Graph) -> dict[URIRef, str]:
    """Map each source document to the file name of its text extraction."""
    return {s: str(o) for s, o in graph.subject_objects(AGK.sourceFile) if isinstance(s, URIRef)}


def source_folders(graph: Graph) -> dict[URIRef, Path]:
    """Map each source kept outside the catalogue to its folder (``dct:source <file:…>``)."""
    folders: dict[URIRef, Path] = {}
    for source, location in sorted(graph.subject_objects(DCTERMS.source)):
        if isinstance(source, URIRef) and isinstance(location, URIRef):
            parsed = urlparse(str(location))
            if parsed.scheme == "file":
                folders.setdefault(source, Path(url2pathname(parsed.path)))
    return folders


def _check_one(
    subject: str, source: URIRef, quote: str, name: str, path: Path
) -> QuoteProblem | None:
    """Check one quote against a source file that exists; a problem or None."""
    text = normalise(quote)
    if path.suffix.lower() == ".csv":
        if _in_table(text, path):
            return None
        return QuoteProblem(subject, str(source), quote, f"not found verbatim in a cell of {name}")
    if text in _source_text(path):
        return None
    return QuoteProblem(subject, str(source), quote, f"not found verbatim in {name}")


def check_quotes_report(graph: Graph, sources_dir: Path) -> QuoteReport:
    """Check every quote; quotes of a source whose own folder is absent are skipped."""
    files = source_files(graph)
    folders = source_folders(graph)
    report = QuoteReport()
    skipped: dict[tuple[str, str], int] = {}
    for subject, evidence in sorted(graph.subject_objects(AGK.hasEvidence)):
        for quote in graph.objects(evidence, AGK.quote):
            for quoted_from in graph.objects(evidence, PROV.wasQuotedFrom):
                source = cast(URIRef, quoted_from)
                name = files.get(source)
                if name is None:
                    report.checked += 1
                    report.problems.append(
                        QuoteProblem(
                            str(subject), str(source), str(quote), "source has no agk:sourceFile"
                        )
                    )
                    continue
                folder = folders.get(source)
                path = (folder if folder is not None else sources_dir) / name
                if not path.is_file():
                    if folder is not None:
                        reason = f"its text {path} is not on this machine"
                        skipped[(str(source), reason)] = skipped.get((str(source), reason), 0) + 1
                        continue
                    report.checked += 1
                    report.problems.append(
                        QuoteProblem(
                            str(subject), str(source), str(quote), f"source text {path} is missing"
                        )
                    )
                    continue
                report.checked += 1
                problem = _check_one(str(subject), source, str(quote), name, path)
                if problem is not None:
                    report.problems.append(problem)
    report.skipped = [QuoteSkip(s, n, r) for (s, r), n in sorted(skipped.items())]
    return report


def check_quotes(graph: Graph, sources_dir: Path) -> tuple[int, list[QuoteProblem]]:
    """Return how many quotes were checked and the ones not found verbatim.

    Quotes skipped because their source's own folder is absent are neither
    checked nor problems; each such source is logged as a warning so that the
    skip is never silent (see :func:`check_quotes_report` for the details).
    """
    report = check_quotes_report(graph, sources_dir)
    for skip in report.skipped:
        log.warning("%d quotes from %s not checked: %s", skip.quotes, skip.source, skip.reason)
    return report.checked, report.problems
