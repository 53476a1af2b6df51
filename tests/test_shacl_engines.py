"""pyshacl-turbo (the default engine) reports exactly what pySHACL (the reference) reports.

Both engines run on every shape fixture, on the curated data and ontology,
on a copy of the data with planted breaks of several shapes, and on a
generated graph from ``benchmarks/generate.py``; the Violation records and
the conforms flag must be identical. No timings are asserted here: the
numbers are in ``benchmarks/``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef

from aigovkg.api import KnowledgeGraph
from aigovkg.loading import parse_file
from aigovkg.namespaces import AGK, RDF, RDFS
from aigovkg.validation import ValidationEngineError, ValidationReport, validate
from tests.conftest import FIXTURES, PATHS, ROOT, glob_at_least

FIXTURE_FILES = glob_at_least(FIXTURES / "shapes", "*/*.ttl", 40)
TIME = "http://www.w3.org/2006/time#"


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
def curated() -> KnowledgeGraph:
    return KnowledgeGraph.load(ROOT, inferences="none")


@pytest.fixture(scope="module")
def data_shapes() -> Graph:
    return parse_file(PATHS.shapes / "data.ttl")


def _both(
    data: Graph | pyoxigraph.Store,
    shapes: Graph,
    ontology: Graph | None = None,
    origin: dict[URIRef, Path] | None = None,
) -> tuple[ValidationReport, ValidationReport]:
    """Run both engines; fail with the differing records if they disagree."""
    turbo = validate(data, shapes, ontology, origin, ROOT, engine="turbo")
    reference = validate(data, shapes, ontology, origin, ROOT, engine="pyshacl")
    only_turbo = sorted(set(turbo.violations) - set(reference.violations))
    only_reference = sorted(set(reference.violations) - set(turbo.violations))
    assert (turbo.conforms, only_turbo, only_reference) == (reference.conforms, [], []), (
        f"turbo conforms={turbo.conforms}, pyshacl conforms={reference.conforms}\n"
        f"only turbo: {only_turbo}\nonly pyshacl: {only_reference}"
    )
    assert turbo.violations == reference.violations  # same multiset, same order
    return turbo, reference


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_engines_agree_on_shape_fixture(path: Path, curated: KnowledgeGraph) -> None:
    kind = _header(path)["graph"]
    shapes = parse_file(PATHS.shapes / ("data.ttl" if kind == "data" else "hygiene.ttl"))
    ontology = curated.ontology if kind == "data" else None
    turbo, _ = _both(parse_file(path), shapes, ontology)
    if path.stem == "violating":  # the comparison is not vacuous: the planted node is caught
        assert turbo.violations, f"{path} reported nothing"


def test_engines_agree_on_curated_data(curated: KnowledgeGraph, data_shapes: Graph) -> None:
    turbo, _ = _both(curated.data, data_shapes, curated.ontology, curated.origin)
    assert turbo.conforms, turbo.text()
    assert all(v.file.startswith("data/") for v in turbo.violations), turbo.text()


def test_engines_agree_on_ontology_hygiene(curated: KnowledgeGraph) -> None:
    turbo, _ = _both(curated.ontology, parse_file(PATHS.shapes / "hygiene.ttl"))
    assert turbo.conforms, turbo.text()


def test_a_store_validates_like_its_graph(curated: KnowledgeGraph, data_shapes: Graph) -> None:
    """Oxigraph's dump is how large data reaches turbo; it must not change a single record."""
    store = pyoxigraph.Store()
    store.bulk_load(
        curated.data.serialize(format="nt", encoding="utf-8"), pyoxigraph.RdfFormat.N_TRIPLES
    )
    from_graph = validate(curated.data, data_shapes, curated.ontology, curated.origin, ROOT)
    from_store, _ = _both(store, data_shapes, curated.ontology, curated.origin)
    assert from_store == from_graph


def _first(graph: Graph, cls: URIRef) -> URIRef:
    subjects = sorted(str(s) for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef))
    assert subjects, f"no {cls} in the data"
    return URIRef(subjects[0])


def _plant(data: Graph) -> tuple[Graph, dict[str, str]]:
    """A copy of the data with one break per shape; returns it and shape -> broken focus."""
    broken = Graph()
    for triple in data:
        broken.add(triple)
    planted: dict[str, URIRef] = {}

    evidence = _first(broken, AGK.Evidence)
    broken.set((evidence, AGK.quote, Literal("ab")))
    planted["agksh:EvidenceShape-quote"] = evidence

    jurisdiction = _first(broken, AGK.Country)
    broken.add((jurisdiction, AGK.iso3166Code, Literal("zz-not-a-code")))
    planted["agksh:JurisdictionShape-code"] = jurisdiction

    link = _first(broken, AGK.InteroperabilityLink)
    broken.set((link, AGK.interoperabilityType, AGK.NoSuchType))
    planted["agksh:InteroperabilityLinkShape-type"] = link

    organisation = _first(broken, AGK.RegulatoryAuthority)
    broken.remove((organisation, RDFS.label, None))
    planted["agksh:LabelledShape-label"] = organisation

    date = URIRef(TIME + "inXSDDate")
    events = sorted(URIRef(str(s)) for s, _ in broken.subject_objects(date))
    broken.set((events[0], date, Literal("1 August 2024")))
    planted["agksh:GovernanceEventShape-date"] = events[0]

    instrument = _first(broken, AGK.Law)
    broken.add((instrument, AGK.bindingNature, AGK.NonBinding))
    broken.add((instrument, AGK.bindingNature, AGK.LegallyBinding))
    planted["agksh:InstrumentShape-bindingNature"] = instrument
    return broken, {shape: broken.namespace_manager.normalizeUri(n) for shape, n in planted.items()}


def test_engines_agree_on_planted_violations(curated: KnowledgeGraph, data_shapes: Graph) -> None:
    broken, planted = _plant(curated.data)
    turbo, _ = _both(broken, data_shapes, curated.ontology, curated.origin)
    assert not turbo.conforms
    caught = {(v.shape, v.focus) for v in turbo.violations}
    assert sorted(set(planted.items()) - caught) == [], turbo.text()
    assert all(v.file for v in turbo.violations if v.focus in planted.values())


def _generator() -> ModuleType | None:
    path = ROOT / "benchmarks" / "generate.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("aigovkg_bench_generate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module if hasattr(module, "generate") else None


@pytest.mark.slow
def test_engines_agree_on_a_generated_graph(
    tmp_path: Path, curated: KnowledgeGraph, data_shapes: Graph
) -> None:
    generator = _generator()
    if generator is None:
        pytest.skip("benchmarks/generate.py with generate() is not in this checkout")
    generated = generator.generate(10_000, 3, tmp_path / "g.nt")
    data = Graph().parse(generated.path, format="nt")
    assert len(data) > 5_000
    turbo, _ = _both(data, data_shapes, curated.ontology)
    names = data.namespace_manager
    foci = {names.normalizeUri(URIRef(f)) for fs in generated.planted_focus.values() for f in fs}
    assert foci, "the generator planted nothing"
    assert foci <= {v.focus for v in turbo.violations}, sorted(
        foci - {v.focus for v in turbo.violations}
    )


def test_unknown_engine_is_named(curated: KnowledgeGraph, data_shapes: Graph) -> None:
    with pytest.raises(ValidationEngineError, match="'jena'.*turbo, pyshacl"):
        validate(curated.data, data_shapes, engine="jena")


def test_missing_turbo_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, data_shapes: Graph
) -> None:
    monkeypatch.setitem(sys.modules, "pyshacl_turbo", None)  # makes the import fail
    with pytest.raises(ValidationEngineError, match="'turbo'.*pyshacl-turbo"):
        validate(Graph(), data_shapes)


def test_a_failing_turbo_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyshacl_turbo

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(pyshacl_turbo, "compile_shapes", broken)
    with pytest.raises(ValidationEngineError, match="'turbo'.*engine exploded"):
        validate(Graph(), Graph())
