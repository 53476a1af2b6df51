"""Every SHACL shape has a conforming and a violating fixture; the violating one
must be reported on the expected focus node by the expected source shape."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from aigovkg.loading import parse_file
from aigovkg.validation import validate
from tests.conftest import FIXTURES, PATHS, glob_at_least

SHAPE_DIRS = glob_at_least(FIXTURES / "shapes", "*/violating.ttl", 20)


def _header(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if ":" in line:
            key, value = line[1:].split(":", 1)
            out[key.strip()] = value.strip()
    return out


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for path in PATHS.ontology_files():
        parse_file(path, graph)
    return graph


def _report(path: Path, ontology: Graph):  # type: ignore[no-untyped-def]
    kind = _header(path)["graph"]
    shapes = parse_file(PATHS.shapes / ("data.ttl" if kind == "data" else "hygiene.ttl"))
    data = parse_file(path)
    if kind == "data":
        return validate(data, shapes, ontology)
    return validate(data, shapes)


@pytest.mark.parametrize("case", [p.parent for p in SHAPE_DIRS], ids=lambda p: p.name)
def test_conforming_fixture_conforms(case: Path, ontology: Graph) -> None:
    report = _report(case / "conforming.ttl", ontology)
    assert report.conforms and not report.violations, report.text()


@pytest.mark.parametrize("case", [p.parent for p in SHAPE_DIRS], ids=lambda p: p.name)
def test_violating_fixture_is_caught_by_its_shape(case: Path, ontology: Graph) -> None:
    expected = _header(case / "violating.ttl")
    report = _report(case / "violating.ttl", ontology)
    hits = [
        v
        for v in report.violations
        if v.focus == expected["focus"] and v.shape == expected["shape"]
    ]
    assert hits, f"expected {expected['shape']} on {expected['focus']}, got:\n{report.text()}"
    # Nothing but the planted node may be reported.
    assert {v.focus for v in report.violations} == {expected["focus"]}, report.text()


def test_every_targeting_shape_has_fixtures() -> None:
    shapes = Graph()
    for name in ("data.ttl", "hygiene.ttl"):
        parse_file(PATHS.shapes / name, shapes)
    query = """
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT DISTINCT ?shape WHERE {
            ?shape a sh:NodeShape .
            { ?shape sh:targetClass ?t } UNION { ?shape sh:target ?t }
        }"""
    targeting = {str(row[0]).rsplit("#", 1)[1] for row in shapes.query(query)}  # type: ignore[index]
    assert len(targeting) >= 15
    covered = {p.parent.name.split("-")[0] for p in SHAPE_DIRS}
    assert sorted(targeting - covered) == []
