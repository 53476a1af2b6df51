"""The comparison tables and the principle overlap, regenerated from the graph."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from aigovkg.api import KnowledgeGraph
from aigovkg.compare import ELEMENTS
from aigovkg.tables import (
    CAPTION,
    principle_overlap,
    write_comparison_tables,
    write_principle_overlap,
)


@pytest.fixture(scope="module")
def tables(kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tables")
    write_comparison_tables(kg, out)
    write_principle_overlap(kg, out)
    return out


def _csv_rows(path: Path) -> dict[str, dict[str, str]]:
    """A CSV table keyed by its first column."""
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    return {row["Jurisdiction"]: row for row in reader}


def test_every_domain_with_profiles_has_three_files(tables: Path) -> None:
    for domain in ("autonomous-vehicles", "education", "cross-border-data-flows", "general"):
        for suffix in ("md", "html", "csv"):
            path = tables / f"{domain}.{suffix}"
            assert path.is_file() and path.stat().st_size > 0, path


def test_cross_border_china_components(tables: Path) -> None:
    china = _csv_rows(tables / "cross-border-data-flows.csv")["China"]
    components = china["Components"].split(" | ")
    for law in ("Personal Information Protection Law", "Data Security Law", "Cybersecurity Law"):
        assert law in components, f"{law} missing from China's components: {components}"


def test_cross_border_south_korea(tables: Path) -> None:
    korea = _csv_rows(tables / "cross-border-data-flows.csv")["South Korea"]
    assert "AI Framework Act" in korea["Components"].split(" | ")
    assert "Personal Information Protection Commission" in korea["Regulators"].split(" | ")


def test_columns_are_the_unu_elements(tables: Path) -> None:
    header = next(csv.reader(io.StringIO((tables / "education.csv").read_text("utf-8"))))
    assert header == ["Jurisdiction", *(title for _, title in ELEMENTS)]


def test_rows_sorted_by_jurisdiction(tables: Path) -> None:
    rows = list(_csv_rows(tables / "general.csv"))
    assert rows == sorted(rows)


def test_cell_items_sorted(tables: Path) -> None:
    china = _csv_rows(tables / "cross-border-data-flows.csv")["China"]
    items = china["Components"].split(" | ")
    assert items == sorted(set(items))


def test_markdown_table(tables: Path) -> None:
    text = (tables / "cross-border-data-flows.md").read_text(encoding="utf-8")
    assert CAPTION in text
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    china = next(line for line in rows if line.startswith("| China |"))
    assert "Data Security Law<br>" in china
    columns = 1 + len(ELEMENTS)
    for line in rows:  # escaped pipes never split a cell
        assert len(re.findall(r"(?<!\\)\|", line)) == columns + 1, line


def test_html_is_standalone(tables: Path) -> None:
    text = (tables / "cross-border-data-flows.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<style>" in text and "<caption>" in text
    assert "every cell is sourced" in text
    assert not re.search(r"https?://", text), "the page must not reference external assets"
    assert not re.search(r"<(script|link)\b", text)
    assert "<li>Data Security Law</li>" in text
    assert "<li>Personal Information Protection Commission</li>" in text


def test_html_escapes_text(tables: Path) -> None:
    text = (tables / "cross-border-data-flows.html").read_text(encoding="utf-8")
    body = text.split("<body>", 1)[1]
    tags = re.findall(r"</?([a-zA-Z0-9]+)", body)
    assert set(tags) <= {
        "h1",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "ul",
        "li",
        "body",
        "html",
    }


def test_line_ends_and_encoding(tables: Path) -> None:
    for path in tables.iterdir():
        data = path.read_bytes()
        assert b"\r" not in data, path
        data.decode("utf-8")


def test_principle_overlap_accountability(kg: KnowledgeGraph) -> None:
    jurisdictions, principles, cells = principle_overlap(kg)
    lowered = [p.lower() for p in principles]
    assert "accountability" in lowered
    column = lowered.index("accountability")
    wordings = dict(zip(jurisdictions, (row[column] for row in cells), strict=True))
    for name in ("China", "South Korea", "Singapore", "United Kingdom"):
        assert wordings.get(name), f"no accountability wording for {name}"
    assert "accountability" in wordings["China"].lower()
    assert jurisdictions == sorted(jurisdictions)


def test_principle_overlap_columns_most_shared_first(kg: KnowledgeGraph) -> None:
    _, principles, cells = principle_overlap(kg)
    counts = [sum(1 for row in cells if row[i]) for i in range(len(principles))]
    assert counts == sorted(counts, reverse=True)
    assert all(n >= 1 for n in counts)
    _, shared, _ = principle_overlap(kg, min_shared=2)
    assert shared == [p for p, n in zip(principles, counts, strict=True) if n >= 2]


def test_principle_overlap_files(tables: Path) -> None:
    rows = _csv_rows(tables / "principle-overlap.csv")
    assert "Accountability" in rows["China"]
    counts = next(row for name, row in rows.items() if name.startswith("shared by"))
    assert counts["Accountability"] == "4"
    assert "principles stated" in rows["China"]
    html_text = (tables / "principle-overlap.html").read_text(encoding="utf-8")
    assert "Accountability" in html_text and not re.search(r"https?://", html_text)
    assert (tables / "principle-overlap.md").read_text(encoding="utf-8").count("\n| ") >= 4


def test_writes_are_byte_identical(kg: KnowledgeGraph, tmp_path: Path) -> None:
    first = write_comparison_tables(kg, tmp_path / "a") + write_principle_overlap(
        kg, tmp_path / "a"
    )
    second = write_comparison_tables(kg, tmp_path / "b")
    second += write_principle_overlap(kg, tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
