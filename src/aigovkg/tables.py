"""The UNU comparison tables and the principle overlap, regenerated from the graph.

The report's tables were typed by hand; here every cell is the answer of a
query over sourced facts, written as Markdown (for the README and diffs),
standalone HTML (for reading; no external assets, so it works offline and
from an archive) and CSV (for spreadsheets). A cell holding several items
keeps them " | "-separated in CSV, as a bullet list in HTML and as
``<br>``-joined lines in Markdown. Items, rows and columns are sorted so
that two builds are byte-identical.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aigovkg.api import KnowledgeGraph
from aigovkg.compare import ELEMENTS, comparison

SEPARATOR = " | "
CAPTION = "Regenerated from the aigovkg graph; every cell is sourced — see dist/aigovkg.ttl"

DOMAINS: dict[str, str] = {
    "autonomous-vehicles": "Autonomous vehicles",
    "education": "Education",
    "cross-border-data-flows": "Cross-border data flows",
    "general": "AI safety in general",
}

PRINCIPLES_QUERY = """\
PREFIX agk:  <https://w3id.org/aigovkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT DISTINCT ?jurisdictionLabel ?principleLabel ?wording
WHERE {
  ?statement a agk:PrincipleStatement ;
             agk:expressesPrinciple ?principle ;
             rdfs:label ?wording .
  ?statement (^agk:hasPrincipleStatement/agk:profileOf)|agk:jurisdiction ?jurisdiction .
  ?jurisdiction rdfs:label ?jurisdictionLabel .
  ?principle skos:prefLabel ?principleLabel .
}
"""


@dataclass(frozen=True)
class Table:
    """A titled grid of cells; a cell is a " | "-separated list of items (or "")."""

    title: str
    columns: list[str]
    rows: list[list[str]]


# --- cells ------------------------------------------------------------------------------


def items(cell: str) -> list[str]:
    """The distinct items of a cell, sorted: SPARQL leaves GROUP_CONCAT order undefined."""
    return sorted({part.strip() for part in cell.split(SEPARATOR) if part.strip()})


def canonical(cell: str) -> str:
    """A cell with its items sorted and de-duplicated, as CSV keeps it."""
    return SEPARATOR.join(items(cell))


# --- renderers --------------------------------------------------------------------------


def to_csv(table: Table) -> str:
    """CSV with "\\n" line ends; multi-item cells stay " | "-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([canonical(cell) for cell in row] for row in table.rows)
    return buffer.getvalue()


def _md_escape(text: str) -> str:
    """Escape what would break a Markdown table cell: pipes, newlines, stray HTML."""
    text = " ".join(text.split())
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _md_cell(cell: str) -> str:
    return "<br>".join(_md_escape(item) for item in items(cell))


def to_markdown(table: Table) -> str:
    """A GitHub-flavoured Markdown table under a heading, with the provenance caption."""
    lines = [f"# {_md_escape(table.title)}", "", f"_{CAPTION}_", ""]
    lines.append("| " + " | ".join(_md_escape(c) for c in table.columns) + " |")
    lines.append("|" + "|".join(" --- " for _ in table.columns) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(_md_cell(cell) for cell in row) + " |")
    return "\n".join(lines) + "\n"


STYLE = """\
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem;
       color: #1a1a1a; line-height: 1.35; }
table { border-collapse: collapse; font-size: 0.88rem; }
caption { caption-side: top; text-align: left; font-style: italic; padding: 0.4rem 0; }
th, td { border: 1px solid #c8c8c8; padding: 0.35rem 0.5rem; vertical-align: top;
         text-align: left; }
thead th { background: #24496b; color: #fff; position: sticky; top: 0; }
tbody th { background: #eef2f6; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fafafa; }
ul { margin: 0; padding-left: 1.1rem; }
td.empty { color: #999; }
"""


def _html_cell(cell: str) -> str:
    parts = items(cell)
    if not parts:
        return '<td class="empty">—</td>'
    if len(parts) == 1:
        return f"<td>{html.escape(parts[0])}</td>"
    bullets = "".join(f"<li>{html.escape(p)}</li>" for p in parts)
    return f"<td><ul>{bullets}</ul></td>"


def to_html(table: Table) -> str:
    """A standalone page: inline style only, so it needs no network to read."""
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in table.columns)
    body = []
    for row in table.rows:
        first = f'<th scope="row">{html.escape(row[0])}</th>' if row else ""
        rest = "".join(_html_cell(cell) for cell in row[1:])
        body.append(f"<tr>{first}{rest}</tr>")
    title = html.escape(table.title)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title}</title>",
            f"<style>\n{STYLE}</style>",
            "</head>",
            "<body>",
            f"<h1>{title}</h1>",
            "<table>",
            f"<caption>{html.escape(CAPTION)}</caption>",
            f"<thead><tr>{head}</tr></thead>",
            "<tbody>",
            *body,
            "</tbody>",
            "</table>",
            "</body>",
            "</html>",
            "",
        ]
    )


def write_table(table: Table, out: Path, stem: str) -> list[Path]:
    """Write <stem>.md, <stem>.html and <stem>.csv (UTF-8, "\\n" line ends)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, render in (("md", to_markdown), ("html", to_html), ("csv", to_csv)):
        path = out / f"{stem}.{suffix}"
        path.write_text(render(table), encoding="utf-8", newline="\n")
        written.append(path)
    return written


# --- the comparison tables --------------------------------------------------------------


def comparison_table(kg: KnowledgeGraph, domain: str) -> Table:
    """One row per jurisdiction with a profile in the domain, one column per UNU element."""
    rows = sorted(comparison(kg, domain), key=lambda r: (r.label, r.jurisdiction))
    columns = ["Jurisdiction", *(title for _, title in ELEMENTS)]
    cells = [[row.label, *(canonical(row.elements[key]) for key, _ in ELEMENTS)] for row in rows]
    title = f"Comparison of AI safety governance: {DOMAINS.get(domain, domain)}"
    return Table(title, columns, cells)


def write_comparison_tables(kg: KnowledgeGraph, out: Path) -> list[Path]:
    """Write out/<domain>.{md,html,csv} for every domain that has a governance profile."""
    written: list[Path] = []
    for domain in DOMAINS:
        table = comparison_table(kg, domain)
        if table.rows:
            written += write_table(table, out, domain)
    return written


# --- the principle overlap --------------------------------------------------------------


def principle_overlap(
    kg: KnowledgeGraph, min_shared: int = 1
) -> tuple[list[str], list[str], list[list[str]]]:
    """Jurisdictions (rows) × principle concepts (columns); a cell is the jurisdiction's
    own wordings of the principle, " | "-joined, or "".

    It shows where jurisdictions agree in substance though they word it
    differently. Columns come most-shared first (then by label), so the
    overlap leads; ``min_shared`` drops concepts fewer jurisdictions express.
    """
    wordings: dict[tuple[str, str], set[str]] = {}
    for record in kg.sparql(PRINCIPLES_QUERY).records():
        key = (str(record["jurisdictionLabel"]), str(record["principleLabel"]))
        wordings.setdefault(key, set()).add(" ".join(str(record["wording"]).split()))
    jurisdictions = sorted({j for j, _ in wordings})
    shared_by = {p: sum(1 for _, q in wordings if q == p) for _, p in wordings}
    principles = sorted(
        (p for p, n in shared_by.items() if n >= min_shared), key=lambda p: (-shared_by[p], p)
    )
    cells = [
        [SEPARATOR.join(sorted(wordings.get((j, p), set()))) for p in principles]
        for j in jurisdictions
    ]
    return jurisdictions, principles, cells


def overlap_table(
    jurisdictions: Sequence[str], principles: Sequence[str], cells: Sequence[Sequence[str]]
) -> Table:
    """The overlap grid with counts: principles per jurisdiction, jurisdictions per principle."""
    columns = ["Jurisdiction", *(p[:1].upper() + p[1:] for p in principles), "principles stated"]
    rows = []
    for label, row in zip(jurisdictions, cells, strict=True):
        rows.append([label, *row, str(sum(1 for cell in row if cell))])
    counts = [sum(1 for row in cells if row[i]) for i in range(len(principles))]
    rows.append([f"shared by (of {len(jurisdictions)})", *(str(n) for n in counts), ""])
    return Table("Principle overlap across jurisdictions", columns, rows)


def write_principle_overlap(kg: KnowledgeGraph, out: Path) -> list[Path]:
    """Write out/principle-overlap.{md,html,csv}."""
    return write_table(overlap_table(*principle_overlap(kg)), out, "principle-overlap")
