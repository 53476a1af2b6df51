"""The command-line tool as a user runs it: exit codes, messages, dist/."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = (
    "build",
    "validate",
    "reason",
    "query",
    "compare",
    "network",
    "profile",
    "list-queries",
    "check-quotes",
    "serve",
    "publish",
    "import",
)


def run(
    args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aigovkg", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=600,
    )


def test_help_of_the_tool_and_of_every_verb(cli_env: dict[str, str]) -> None:
    top = run(["--help"], env=cli_env)
    assert top.returncode == 0
    for command in COMMANDS:
        assert command in top.stdout
        result = run([command, "--help"], env=cli_env)
        assert result.returncode == 0, result.stderr
        assert "usage:" in result.stdout


def test_list_queries_names_every_query_with_its_question(cli_env: dict[str, str]) -> None:
    result = run(["list-queries"], env=cli_env)
    assert result.returncode == 0
    assert "cq07-mutual-recognition" in result.stdout
    assert "Which mutual-recognition arrangements" in result.stdout


def test_unknown_query_exits_2_with_the_known_ones(cli_env: dict[str, str]) -> None:
    result = run(["query", "cq99-nothing"], env=cli_env)
    assert result.returncode == 2
    assert "unknown query" in result.stderr and "cq01-comparison-table" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_parameter_exits_2_with_the_known_ones(cli_env: dict[str, str]) -> None:
    result = run(["query", "cq07", "--param", "country=KR"], env=cli_env)
    assert result.returncode == 2
    assert "no parameter country" in result.stderr and "jurisdiction" in result.stderr


def test_bad_sparql_gets_a_message_not_a_traceback(tmp_path: Path, cli_env: dict[str, str]) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ?y }\n")
    result = run(["query", str(bad)], env=cli_env)
    assert result.returncode == 1
    assert "SPARQL error" in result.stderr
    assert "Traceback" not in result.stderr


def test_query_formats(cli_env: dict[str, str]) -> None:
    csv_out = run(["query", "cq07", "--param", "jurisdiction=KR", "--format", "csv"], env=cli_env)
    assert csv_out.returncode == 0, csv_out.stderr
    assert csv_out.stdout.splitlines()[0].startswith("link,")
    json_out = run(["query", "cq07", "--format", "json"], env=cli_env)
    assert json_out.returncode == 0 and json_out.stdout.lstrip().startswith("[")


def test_compare_prints_the_seven_elements(cli_env: dict[str, str]) -> None:
    result = run(
        ["compare", "--domain", "cross-border-data-flows", "--jurisdiction", "CN"], env=cli_env
    )
    assert result.returncode == 0, result.stderr
    assert "== China ==" in result.stdout
    for element in (
        "Objectives",
        "Principles and values",
        "Governance approach",
        "Binding nature",
        "Level of integration",
        "Regulators",
        "Components",
    ):
        assert element in result.stdout


def test_validate_names_focus_shape_and_file_of_a_violation(
    project_copy: Path, cli_env: dict[str, str]
) -> None:
    bad = project_copy / "data" / "jurisdictions" / "zz.ttl"
    bad.write_text(
        "@prefix agk: <https://w3id.org/aigovkg/ontology#> .\n"
        "@prefix agkd: <https://w3id.org/aigovkg/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'agkd:zz-law a agk:Law ; rdfs:label "An unsourced law"@en .\n'
    )
    result = run(["--root", str(project_copy), "validate"], env=cli_env)
    assert result.returncode == 1
    assert "agkd:zz-law" in result.stdout
    assert "agksh:EvidencedShape-hasEvidence" in result.stdout
    assert "data/jurisdictions/zz.ttl" in result.stdout


def test_malformed_turtle_exits_2_naming_file_and_line(
    project_copy: Path, cli_env: dict[str, str]
) -> None:
    bad = project_copy / "data" / "jurisdictions" / "broken.ttl"
    bad.write_text(
        "@prefix agkd: <https://w3id.org/aigovkg/id/> .\n\nagkd:x agkd:y \n  agkd:z agkd:w .\n"
    )
    for verb in ("validate", "build"):
        result = run(["--root", str(project_copy), verb], env=cli_env)
        assert result.returncode == 2
        assert "broken.ttl:4" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_build_writes_dist_byte_identically_and_atomically(
    project_copy: Path, cli_env: dict[str, str]
) -> None:
    first = run(["--root", str(project_copy), "build"], env={**cli_env, "PYTHONHASHSEED": "1"})
    assert first.returncode == 0, first.stdout + first.stderr
    dist = project_copy / "dist"
    for name in (
        "ontology.owl",
        "docs/index.html",
        "docs/examples.html",
        "docs/overview.svg",
        "void.ttl",
        "csv/csv-metadata.json",
        "csv/instruments.csv",
        "jsonld/context.jsonld",
        "jsonld/aigovkg-compact.jsonld",
        "analysis/network.graphml",
        "analysis/network.gexf",
        "analysis/network.json",
        "analysis/network-metrics.json",
        "analysis/pair-scores.csv",
        "analysis/pair-scores-matrix.csv",
        "comparison/cross-border-data-flows.md",
        "comparison/cross-border-data-flows.html",
        "comparison/cross-border-data-flows.csv",
        "comparison/principle-overlap.csv",
        "figures/network.png",
        "figures/network.svg",
        "figures/pairwise-scores.png",
        "figures/timeline.svg",
        "aigovkg.ttl",
        "aigovkg.nt",
        "aigovkg.jsonld",
        "aigovkg.rdf",
        "ontology.ttl",
        "inferred.ttl",
        "validation.txt",
        "answers/cq01-comparison-table.csv",
    ):
        assert (dist / name).is_file() and (dist / name).stat().st_size > 0, name
    assert "interoperability links" in first.stdout and "consistent" in first.stdout
    before = _digest(dist)

    second = run(["--root", str(project_copy), "build"], env={**cli_env, "PYTHONHASHSEED": "2"})
    assert second.returncode == 0, second.stderr
    assert _digest(dist) == before

    (project_copy / "data" / "jurisdictions" / "broken.ttl").write_text("this is not turtle\n")
    failed = run(["--root", str(project_copy), "build"], env=cli_env)
    assert failed.returncode == 2
    assert _digest(dist) == before, "a failed build must leave dist/ as it was"


def test_network_and_profile_commands(cli_env: dict[str, str]) -> None:
    network = run(["network", "--top", "3"], env=cli_env)
    assert network.returncode == 0, network.stderr
    assert "Betweenness centrality" in network.stdout and "South Korea" in network.stdout
    profile = run(["profile", "KR", "GB"], env=cli_env)
    assert profile.returncode == 0, profile.stderr
    assert "score" in profile.stdout and "link-gb-adequacy-kr" in profile.stdout
    assert "Types missing" in profile.stdout
    unknown = run(["profile", "KR", "XX"], env=cli_env)
    assert unknown.returncode == 2 and "unknown jurisdiction" in unknown.stderr
