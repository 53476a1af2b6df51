"""Competency questions: every query in queries/ has expected answers kept
beside it (cqNN-*.yaml) and this one parametrised test checks them.

An expected row matches a result row when every named column matches: a CURIE
(agkd:…, agk:…) must equal the IRI; any other value must occur in the text,
ignoring case."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from aigovkg.api import KnowledgeGraph
from aigovkg.export import compact
from aigovkg.store import ResultTable
from tests.conftest import PATHS, glob_at_least

QUERIES = glob_at_least(PATHS.queries, "cq*.rq", 24)
CASES = [
    (query, index, case)
    for query in QUERIES
    for index, case in enumerate(
        yaml.safe_load(query.with_suffix(".yaml").read_text(encoding="utf-8"))["cases"]
    )
]


def _matches(expected: dict[str, object], row: dict[str, object]) -> bool:
    for column, want in expected.items():
        got = row.get(column)
        if got is None:
            return False
        want_text = str(want)
        if want_text.startswith(("agkd:", "agk:")):
            if compact(None, got) != want_text:  # type: ignore[arg-type]
                return False
        elif want_text.lower() not in str(got).lower():
            return False
    return True


def _show(table: ResultTable) -> str:
    return "\n".join(" | ".join(str(v) for v in row) for row in table.rows[:40])


def test_every_query_has_expected_answers() -> None:
    missing = [q.name for q in QUERIES if not q.with_suffix(".yaml").is_file()]
    assert not missing


@pytest.mark.parametrize(
    ("query", "index", "case"), CASES, ids=lambda v: v.stem if isinstance(v, Path) else None
)
def test_competency_query_answers(kg: KnowledgeGraph, query: Path, index: int, case: dict) -> None:  # type: ignore[type-arg]
    params = {k: str(v) for k, v in (case.get("params") or {}).items()}
    table = kg.query(query.stem, params)
    records = table.records()
    assert len(records) >= case.get("min_rows", 1), _show(table)
    if "max_rows" in case:
        assert len(records) <= case["max_rows"], _show(table)
    for expected in case.get("expect", []):
        assert any(_matches(expected, r) for r in records), (
            f"no row matches {expected}:\n{_show(table)}"
        )
    for forbidden in case.get("forbid", []):
        assert not any(_matches(forbidden, r) for r in records), f"a row matches {forbidden}"
    if "ordered" in case:
        values = [str(r[case["ordered"]]) for r in records]
        assert values == sorted(values)


def test_every_query_header_states_question_and_answer() -> None:
    for named in KnowledgeGraph.load(PATHS.root, inferences="none").catalogue.values():
        assert named.question, named.name
        assert named.answer, named.name
