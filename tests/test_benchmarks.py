"""The benchmark generator and runner: deterministic graphs, exact planted violations, result shape.

No timing is asserted: these tests check that the benchmarks measure the
right thing (a graph that conforms except where violations were planted,
validators that find exactly those, JSON in the documented shape), not how
fast anything is.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from aigovkg.loading import parse_file
from aigovkg.namespaces import bind_prefixes
from aigovkg.validation import validate

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from generate import KINDS, GeneratedGraph, generate, kind_of  # noqa: E402

SIZE = 10_000


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> GeneratedGraph:
    return generate(SIZE, 7, tmp_path_factory.mktemp("planted") / "graph.nt")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = bind_prefixes(Graph())
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        parse_file(path, graph)
    return graph


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return parse_file(ROOT / "shapes" / "data.ttl", bind_prefixes(Graph()))


def load(path: Path) -> Graph:
    graph = bind_prefixes(Graph())
    graph.parse(path, format="nt")
    return graph


def expand(graph: Graph, short: str) -> str:
    """A report's focus (a CURIE or <iri>) as a full IRI."""
    if short.startswith("<"):
        return short[1:-1]
    return str(graph.namespace_manager.expand_curie(short))


def test_generator_is_deterministic(tmp_path: Path, planted: GeneratedGraph) -> None:
    again = generate(SIZE, 7, tmp_path / "again.nt")
    other = generate(SIZE, 8, tmp_path / "other.nt")
    assert again.path.read_bytes() == planted.path.read_bytes()
    assert again.inferred_path is not None and planted.inferred_path is not None
    assert again.inferred_path.read_bytes() == planted.inferred_path.read_bytes()
    assert again.planted_focus == planted.planted_focus
    assert other.path.read_bytes() != planted.path.read_bytes()


def test_generator_size_and_plan(planted: GeneratedGraph) -> None:
    lines = planted.path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == planted.triples
    assert abs(planted.triples - SIZE) < SIZE * 0.1, planted.triples
    assert set(planted.planted) == set(KINDS) and len(KINDS) >= 5
    for kind in KINDS:
        assert planted.planted[kind] >= 3, kind
        assert len(set(planted.planted_focus[kind])) == planted.planted[kind], kind
    assert "_:" not in planted.path.read_text(encoding="utf-8"), "no blank nodes"


def test_clean_graph_conforms(tmp_path: Path, ontology: Graph, shapes: Graph) -> None:
    """The same graph without its planted violations conforms, warnings included (pySHACL)."""
    clean = generate(SIZE, 7, tmp_path / "clean.nt", violations=0)
    assert sum(clean.planted.values()) == 0
    report = validate(load(clean.path), shapes, ontology, engine="pyshacl")
    assert report.conforms and not report.violations, report.text()[:3000]


@pytest.mark.parametrize("engine", ["pyshacl", "turbo"])
def test_validation_finds_exactly_the_planted_violations(
    engine: str, planted: GeneratedGraph, ontology: Graph, shapes: Graph
) -> None:
    data = load(planted.path)
    report = validate(data, shapes, ontology, engine=engine)
    found = Counter(kind_of(v.shape, v.constraint, v.path) for v in report.violations)
    assert dict(found) == {k: n for k, n in planted.planted.items() if n}, report.text()[:3000]
    reported = {
        (kind_of(v.shape, v.constraint, v.path), expand(data, v.focus)) for v in report.violations
    }
    expected = {(k, f) for k, focus in planted.planted_focus.items() for f in focus}
    assert reported == expected


def test_kind_names_follow_shapes() -> None:
    assert (
        kind_of("agksh:EvidenceShape-quote", "sh:MinLengthConstraintComponent", "agk:quote")
        == "EvidenceShape/minLength:quote"
    )
    assert kind_of(
        "https://w3id.org/aigovkg/shapes#InteroperabilityLinkShape",
        "http://www.w3.org/ns/shacl#OrConstraintComponent",
    ) == ("InteroperabilityLinkShape/or")


def run_bench(tmp_path: Path, *args: str) -> Path:
    """Run benchmarks/run.py on a 2,000-triple graph, once per operation; the results folder."""
    out = tmp_path / "results"
    command = [sys.executable, str(BENCHMARKS / "run.py"), "--size", "2000", "--runs", "1"]
    command += [*args, "--out-dir", str(out), "--cache-dir", str(tmp_path / "cache")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def test_runner_writes_the_documented_shape(tmp_path: Path) -> None:
    ops = "load,query:cq07-mutual-recognition,shacl,export"
    out = run_bench(tmp_path, "--ops", ops)
    document = json.loads((out / "2000.json").read_text(encoding="utf-8"))
    assert set(document) == {"triples", "machine", "operations"}
    assert isinstance(document["triples"], int) and document["triples"] > 0
    assert isinstance(document["machine"], str) and "CPU" in document["machine"]
    assert set(document["operations"]) == set(ops.split(","))
    for name, record in document["operations"].items():
        for key in ("project_s", "baseline_s", "project_peak_mb"):
            assert key in record, (name, key)
        assert isinstance(record["project_s"], float), (name, record)
        assert isinstance(record["baseline_s"], float), (name, record)
        assert record["project_peak_mb"] > 0
        assert record["ratio"] == pytest.approx(
            record["baseline_s"] / record["project_s"], rel=0.01
        )
    query = document["operations"]["query:cq07-mutual-recognition"]
    assert query["rows"] > 0 and query["same_answer"] is True
    assert len(query["query_sha1"]) == 12
    shacl = document["operations"]["shacl"]
    assert shacl["planted_found"] == shacl["planted"] > 0 and shacl["false_positives"] == 0
    assert "| load |" in (out / "README.md").read_text(encoding="utf-8")


def test_runner_records_null_baseline_above_its_limit(tmp_path: Path) -> None:
    out = run_bench(tmp_path, "--ops", "load", "--baseline-max", "1000")
    load_record = json.loads((out / "2000.json").read_text(encoding="utf-8"))["operations"]["load"]
    assert load_record["baseline_s"] is None and load_record["ratio"] is None
    assert "not run above" in load_record["note"]


def test_entry_points_help() -> None:
    for script in ("generate.py", "run.py"):
        done = subprocess.run(
            [sys.executable, str(BENCHMARKS / script), "--help"],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT,
        )
        assert done.returncode == 0 and "usage" in done.stdout, script


def _record(engine: str, seconds: float, sha: str, digest: str) -> dict[str, object]:
    return {
        f"{engine}_s": seconds,
        f"{engine}_peak_mb": 100.0,
        f"{engine}_runs": [seconds],
        f"{engine}_details": {"rows": 3, "digest": digest, "query_sha1": sha},
    }


def test_a_project_only_run_keeps_the_baseline_of_the_same_query_text() -> None:
    from run import carry_over

    earlier = {
        **_record("project", 9.0, "aaa", "d1"),
        **_record("baseline", 30.0, "aaa", "d1"),
        "rows": 3,
        "measured": "2026-01-01T00:00:00Z",
        "note": None,
    }
    now = {**_record("project", 0.5, "aaa", "d1"), "baseline_s": None, "rows": 3, "note": None}
    merged = carry_over(now, earlier)
    assert merged["project_s"] == 0.5 and merged["baseline_s"] == 30.0
    assert merged["ratio"] == 60.0 and merged["same_answer"] is True
    assert "baseline figures from 2026-01-01T00:00:00Z" in merged["note"]

    rewritten = {**_record("project", 0.5, "bbb", "d1"), "baseline_s": None, "rows": 3}
    assert carry_over(rewritten, earlier)["baseline_s"] is None  # another text: not comparable

    differs = {**_record("project", 0.5, "aaa", "d2"), "baseline_s": None, "rows": 3}
    assert carry_over(differs, earlier)["same_answer"] is False
