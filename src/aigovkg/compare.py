"""The UNU comparison table: seven elements per jurisdiction for one domain.

It is the answer of competency query 1 (cq01-comparison-table), reshaped
into named columns; jurisdictions can be filtered, and the rows come in the
order the caller named the jurisdictions.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from aigovkg.api import KnowledgeGraph
from aigovkg.queries import Parameter, term_for
from aigovkg.store import ResultTable

ELEMENTS = (
    ("objectives", "Objectives"),
    ("principles", "Principles and values"),
    ("approach", "Governance approach"),
    ("binding", "Binding nature"),
    ("integration", "Level of integration"),
    ("measures", "Integration measures"),
    ("regulators", "Regulators"),
    ("components", "Components"),
)


@dataclass
class ComparisonRow:
    """One jurisdiction's seven elements in a domain."""

    jurisdiction: str
    label: str
    elements: dict[str, str]


def comparison(
    kg: KnowledgeGraph, domain: str, jurisdictions: list[str] | None = None
) -> list[ComparisonRow]:
    """The comparison table for a domain (all jurisdictions with a profile, or those named)."""
    table = kg.query("cq01-comparison-table", {"domain": domain})
    wanted: list[URIRef] | None = None
    if jurisdictions:
        param = Parameter("jurisdiction", "jurisdiction", None, "")
        wanted = [term_for(param, j) for j in jurisdictions]  # type: ignore[misc]
    rows = _rows(table)
    if wanted is not None:
        order = {str(j): i for i, j in enumerate(wanted)}
        rows = sorted(
            (r for r in rows if r.jurisdiction in order), key=lambda r: order[r.jurisdiction]
        )
    return rows


def _rows(table: ResultTable) -> list[ComparisonRow]:
    out = []
    for record in table.records():
        out.append(
            ComparisonRow(
                jurisdiction=str(record["jurisdiction"]),
                label=str(record["jurisdictionLabel"]),
                elements={key: str(record.get(key) or "") for key, _ in ELEMENTS},
            )
        )
    return out


def as_table(rows: list[ComparisonRow]) -> ResultTable:
    """The comparison as a ResultTable (for CSV and JSON output)."""
    from rdflib import Literal

    columns = ["jurisdiction", *(key for key, _ in ELEMENTS)]
    return ResultTable(
        columns,
        [(Literal(r.label), *(Literal(r.elements[k]) for k, _ in ELEMENTS)) for r in rows],
    )


def as_text(rows: list[ComparisonRow], width: int = 100) -> str:
    """One block per jurisdiction, one line per element: readable in a terminal."""
    import textwrap

    if not rows:
        return "No governance profiles for this domain.\n"
    out = []
    for row in rows:
        out.append(f"== {row.label} ==")
        for key, title in ELEMENTS:
            value = row.elements[key] or "(not stated in the sources)"
            items = [v.strip() for v in value.split(" | ")]
            lines = []
            for item in items:
                lines += textwrap.wrap(
                    item, width - 26, initial_indent="- ", subsequent_indent="  "
                )
            out.append(f"{title:<24}  {lines[0] if lines else ''}")
            out.extend(f"{'':<24}  {line}" for line in lines[1:])
        out.append("")
    return "\n".join(out)
