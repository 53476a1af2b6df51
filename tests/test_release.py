"""Releases: one version source, dataset metadata (VoID/DCAT), and `aigovkg diff`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns

from aigovkg.api import KnowledgeGraph
from aigovkg.diff import diff
from aigovkg.export import write_graph
from aigovkg.metadata import describe
from tests.conftest import PATHS

AGKD = "https://w3id.org/aigovkg/id/"


def test_citation_and_package_follow_the_version_file() -> None:
    from aigovkg.version import __version__

    version = (PATHS.root / "VERSION").read_text().strip()
    assert __version__ == version
    assert f'version: "{version}"' in (PATHS.root / "CITATION.cff").read_text()
    assert f"## [{version}]" in (PATHS.root / "CHANGELOG.md").read_text()


def test_set_version_rewrites_every_header(tmp_path: Path) -> None:
    for name in ("ontology", "scripts"):
        shutil.copytree(PATHS.root / name, tmp_path / name)
    for name in ("VERSION", "CITATION.cff", "CHANGELOG.md"):
        shutil.copy2(PATHS.root / name, tmp_path / name)
    old = (tmp_path / "VERSION").read_text().strip()
    done = subprocess.run(
        [sys.executable, str(tmp_path / "scripts" / "set-version.py"), "9.8.7"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    for module in sorted((tmp_path / "ontology").glob("*.ttl")):
        text = module.read_text()
        assert "/9.8.7/" in text or "/9.8.7>" in text, module
        assert "owl:priorVersion" in text and f"/{old}" in text, module
        assert 'owl:versionInfo "9.8.7"' in text, module


def test_void_dcat_description(kg: KnowledgeGraph, tmp_path: Path) -> None:
    merged = kg.asserted
    write_graph(merged, tmp_path / "aigovkg.ttl", "ttl")
    meta = describe(merged, tmp_path, endpoint="http://127.0.0.1:8000/sparql")
    dataset = next(meta.subjects(ns.RDF.type, ns.VOID.Dataset))
    assert (dataset, ns.RDF.type, ns.DCAT.Dataset) in meta
    assert int(meta.value(dataset, ns.VOID.triples)) == len(merged)  # type: ignore[arg-type]
    assert (dataset, ns.VOID.sparqlEndpoint, URIRef("http://127.0.0.1:8000/sparql")) in meta
    distributions = list(meta.objects(dataset, ns.DCAT.distribution))
    assert len(distributions) == 1  # only the file that exists is listed
    media = meta.value(distributions[0], ns.DCAT.mediaType)
    assert str(media).endswith("text/turtle")
    sources = set(meta.objects(dataset, URIRef("http://purl.org/dc/terms/source")))
    assert len(sources) == 5
    assert (dataset, URIRef("http://purl.org/dc/terms/license"), None) in meta


def test_diff_reports_added_removed_and_changed(kg: KnowledgeGraph) -> None:
    old = kg.asserted
    new = Graph()
    for triple in old:
        new.add(triple)
    pipl = URIRef(AGKD + "cn-pipl")
    new.remove((pipl, None, None))
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    new.add((URIRef(AGKD + "cn-data-security-law"), label, Literal("changed label")))
    new.add((URIRef(AGKD + "zz-new"), label, Literal("new")))
    result = diff(old, new)
    assert result.instances_added == [AGKD + "zz-new"]
    assert result.instances_removed == [AGKD + "cn-pipl"]
    assert [c.iri for c in result.instances_changed] == [AGKD + "cn-data-security-law"]
    assert diff(old, old).empty


def test_diff_command(tmp_path: Path, kg: KnowledgeGraph) -> None:
    write_graph(kg.asserted, tmp_path / "old.nt", "nt")
    changed = kg.asserted
    changed.remove((URIRef(AGKD + "cn-pipl"), None, None))
    write_graph(changed, tmp_path / "new.nt", "nt")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "aigovkg",
            "diff",
            str(tmp_path / "old.nt"),
            str(tmp_path / "new.nt"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert f"- {AGKD}cn-pipl" in done.stdout
    missing = subprocess.run(
        [
            sys.executable,
            "-m",
            "aigovkg",
            "diff",
            str(tmp_path / "nothing"),
            str(tmp_path / "new.nt"),
        ],
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2 and "no such build" in missing.stderr
