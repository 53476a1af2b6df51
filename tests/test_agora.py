"""``aigovkg import agora``: an AGORA release mapped onto the ontology.

The fixture release in tests/fixtures/agora/release/ is written in AGORA's
format (BOM, columns in an unusual order, extra columns, quoted cells with
line breaks, mixed boolean spellings) and holds malformed rows. The tests
read it independently with the csv module and compare the graph with it.
"""

from __future__ import annotations

import csv
import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rdf_ns
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS

from aigovkg.agora import (
    GAZETTEER,
    Ambiguous,
    import_release,
    jurisdiction_for,
    parse_bool,
    parse_date,
    resolve_code,
    resolve_one,
)
from aigovkg.api import KnowledgeGraph
from aigovkg.namespaces import AGK, AGKD
from aigovkg.quotes import check_quotes, check_quotes_report
from tests.conftest import FIXTURES, ROOT, sources_dir

RELEASE = FIXTURES / "agora" / "release"
AGORA = "https://w3id.org/aigovkg/id/agora/"
QUALITY_CHECKS = (
    "qc01-undeclared-term-violation",
    "qc02-dangling-reference-violation",
    "qc03-ontology-term-violation",
)


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aigovkg", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )


def doc(agora_id: str) -> URIRef:
    return URIRef(f"{AGORA}document-{agora_id}")


# --- the fixture read independently ---------------------------------------------


@dataclass(frozen=True)
class Row:
    number: int  # spreadsheet numbering, header = 1
    cells: list[str]
    record: dict[str, str]


def fixture_rows() -> tuple[list[str], list[Row]]:
    with (RELEASE / "documents.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    out = [
        Row(n, cells, dict(zip(header, cells, strict=False)))
        for n, cells in enumerate(rows[1:], start=2)
    ]
    return header, out


def row_named(name: str) -> Row:
    return next(r for r in fixture_rows()[1] if r.record.get("Official name") == name)


def taxonomy_columns() -> list[str]:
    prefixes = ("Applications:", "Harms:", "Incentives:", "Risk factors:", "Strategies:")
    return [c for c in fixture_rows()[0] if c.startswith(prefixes)]


def true_columns(row: Row) -> set[str]:
    return {
        c for c in taxonomy_columns() if row.record[c].strip().lower() in {"true", "1", "yes", "x"}
    }


# --- one import for the module --------------------------------------------------


@dataclass
class Imported:
    folder: Path
    out: Path
    result: subprocess.CompletedProcess[str]
    graph: Graph
    env: dict[str, str]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    environ = dict(os.environ)
    environ["AIGOVKG_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    environ["AIGOVKG_SOURCES"] = str(sources_dir())
    environ.pop("AIGOVKG_ROOT", None)
    return environ


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Imported:
    base = tmp_path_factory.mktemp("agora")
    folder = base / "release"
    shutil.copytree(RELEASE, folder)
    out = base / "agora.ttl"
    result = run(["import", "agora", str(folder), "--out", str(out)], env)
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(out, format="turtle")
    return Imported(folder, out, result, graph, env)


# --- CLI --------------------------------------------------------------------------


def test_help_of_import_and_import_agora(env: dict[str, str]) -> None:
    top = run(["--help"], env)
    assert "import" in top.stdout
    for args in (["import", "--help"], ["import", "agora", "--help"]):
        result = run(args, env)
        assert result.returncode == 0, result.stderr
        assert "usage:" in result.stdout
    assert "--out" in run(["import", "agora", "--help"], env).stdout


def test_missing_folder_exits_2_with_a_clear_message(tmp_path: Path, env: dict[str, str]) -> None:
    missing = tmp_path / "no-such-release"
    result = run(["import", "agora", str(missing), "--out", str(tmp_path / "x.ttl")], env)
    assert result.returncode == 2
    assert str(missing) in result.stderr and "not found" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.ttl").exists()


def test_missing_documents_csv_exits_2(tmp_path: Path, env: dict[str, str]) -> None:
    folder = tmp_path / "release"
    folder.mkdir()
    shutil.copy(RELEASE / "authorities.csv", folder)
    result = run(["import", "agora", str(folder), "--out", str(tmp_path / "x.ttl")], env)
    assert result.returncode == 2
    assert "documents.csv" in result.stderr and "Traceback" not in result.stderr


def test_documents_csv_without_required_column_exits_2(tmp_path: Path, env: dict[str, str]) -> None:
    folder = tmp_path / "release"
    shutil.copytree(RELEASE, folder)
    text = (folder / "documents.csv").read_text(encoding="utf-8-sig")
    (folder / "documents.csv").write_text(text.replace("AGORA ID", "Identifier", 1), "utf-8")
    result = run(["import", "agora", str(folder), "--out", str(tmp_path / "x.ttl")], env)
    assert result.returncode == 2
    assert "'AGORA ID'" in result.stderr and "Traceback" not in result.stderr


def test_progress_bar_only_when_asked_or_on_a_terminal(imported: Imported, tmp_path: Path) -> None:
    assert "%|" not in imported.result.stderr  # stderr is a pipe here: no bar
    out = tmp_path / "again.ttl"
    result = run(
        ["import", "agora", str(imported.folder), "--out", str(out), "--progress"], imported.env
    )
    assert result.returncode == 0
    assert "AGORA documents" in result.stderr and "100%" in result.stderr


def test_output_is_byte_identical_on_two_runs(imported: Imported, tmp_path: Path) -> None:
    again = tmp_path / "again.ttl"
    result = run(["import", "agora", str(imported.folder), "--out", str(again)], imported.env)
    assert result.returncode == 0, result.stderr
    assert again.read_bytes() == imported.out.read_bytes()
    assert "_:" not in imported.out.read_text(encoding="utf-8")  # no blank nodes at all


def test_cells_with_quotes_backslashes_and_control_characters_round_trip(
    tmp_path: Path,
) -> None:
    name = 'The "Quoted" Act \\ with a backslash,\ta tab and a curly ’apostrophe’'
    summary = 'Has """three quotes""", a line break\r\nand a \x01 control character, ends in "'
    folder = tmp_path / "release"
    folder.mkdir()
    with (folder / "documents.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["AGORA ID", "Official name", "Authority", "Short summary"])
        writer.writerow(["1", name, "Government of Canada", summary])
    turtle, _ = import_release(folder, {})
    g = Graph().parse(data=turtle, format="turtle")
    assert set(g.objects(URIRef(f"{doc('1')}-evidence-name"), AGK.quote)) == {Literal(name)}
    assert set(g.objects(URIRef(f"{doc('1')}-evidence-summary"), AGK.quote)) == {Literal(summary)}
    assert set(g.objects(doc("1"), RDFS.label)) == {Literal(" ".join(name.split()), lang="en")}
    assert set(g.objects(doc("1"), DCTERMS.description)) == {
        Literal(" ".join(summary.split()), lang="en")
    }


# --- validation -------------------------------------------------------------------


def test_output_validates_with_the_project_shapes_and_quality_checks(imported: Imported) -> None:
    kg = KnowledgeGraph.load(ROOT, extra_data=(imported.out,), inferences="none")
    report = kg.validate()
    assert report.conforms, report.text()
    ours = [v for v in report.violations if imported.out.name in v.file or "agora" in v.focus]
    assert not ours, "\n".join(v.describe() for v in ours)
    for name in QUALITY_CHECKS:
        table = kg.query(name)
        assert len(table) == 0, f"{name}: {table.rows}"
    instruments = set(kg.data.subjects(RDF.type, AGK.Law)) | set(
        kg.data.subjects(RDF.type, AGK.Instrument)
    )
    assert doc("1") in instruments and doc("9") in instruments


@pytest.mark.slow
def test_validate_command_accepts_the_output(imported: Imported) -> None:
    result = run(["validate", "--data", str(imported.out)], imported.env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


# --- malformed rows ---------------------------------------------------------------


MALFORMED = {
    "A document without an identifier": "no AGORA ID",
    "": "no Official name",
    "A document with an impossible date": "unparsable date '30/02/2024'",
    "Decree on Enchanted Artefacts": "unknown authority 'Ministry of Magic'",
    "A second row reusing AGORA ID 2": "duplicate AGORA ID 2",
}


def test_malformed_rows_are_reported_with_file_and_row_and_skipped(imported: Imported) -> None:
    stderr = imported.result.stderr
    for name, reason in MALFORMED.items():
        row = row_named(name)
        line = next(x for x in stderr.splitlines() if f"documents.csv row {row.number} " in x + " ")
        assert reason in line and "row skipped" in line, line
    short = next(r for r in fixture_rows()[1] if len(r.cells) != len(fixture_rows()[0]))
    assert any(
        f"documents.csv row {short.number} " in x and "cells, header has" in x
        for x in stderr.splitlines()
    )
    labels = {str(o) for o in imported.graph.objects(None, RDFS.label)}
    for name in (*MALFORMED, "A row cut short"):
        assert not name or name not in labels
    for agora_id in ("20", "21", "22", "23"):
        assert (doc(agora_id), None, None) not in imported.graph
    assert set(imported.graph.objects(doc("2"), RDFS.label)) == {
        Literal("Online Safety Act 2023", lang="en")
    }
    assert "skipped 6 malformed rows" in stderr


def test_an_unreadable_boolean_is_reported_and_read_as_false(imported: Imported) -> None:
    row = row_named("Artificial Intelligence Risk Management Framework (AI RMF 1.0)")
    assert row.record["Risk factors: Bias"] == "maybe"
    line = next(x for x in imported.result.stderr.splitlines() if "'maybe'" in x)
    assert f"documents.csv row {row.number} " in line and "row skipped" not in line
    subjects = {str(o) for o in imported.graph.objects(doc("10"), DCTERMS.subject)}
    assert f"{AGORA}concept-risk-factors-bias" not in subjects
    assert f"{AGORA}concept-risk-factors-safety" in subjects


# --- jurisdictions ----------------------------------------------------------------


EXPECTED_JURISDICTION = {
    "1": AGKD.eu,  # European Union
    "2": AGKD.gb,  # UK Parliament ("Other countries")
    "3": AGKD.cn,  # Cyberspace Administration of China
    "4": AGKD.us,  # California: no us-ca in data/, so the United States
    "5": AGKD.us,  # Executive Office of the President (United States)
    "6": AGKD["us-ny"],  # New York: data/ has the state
    "7": AGKD.ca,  # Government of Canada
    "8": AGKD.br,  # Government of Brazil: not in data/, declared by the import
    "10": AGKD.us,
    "11": AGKD.kr,  # National Assembly of the Republic of Korea
    "12": AGKD.cn,  # Ministry of Science and Technology, through its parent
    "13": AGKD.us,
}


def test_jurisdictions_are_resolved_from_the_authority(imported: Imported) -> None:
    g = imported.graph
    for agora_id, expected in EXPECTED_JURISDICTION.items():
        assert set(g.objects(doc(agora_id), AGK.jurisdiction)) == {expected}, agora_id
    assert set(g.objects(doc("9"), AGK.jurisdiction)) == set()  # the OECD: no country
    assert "jurisdiction unresolved for 1 documents (AGORA ID 9)" in imported.result.stderr


def test_only_jurisdictions_missing_from_data_are_declared(imported: Imported) -> None:
    g = imported.graph
    assert set(g.objects(AGKD.br, RDF.type)) == {AGK.Jurisdiction}
    assert set(g.objects(AGKD.br, AGK.iso3166Code)) == {Literal("BR")}
    assert set(g.objects(AGKD.br, RDFS.label)) == {Literal("Brazil", lang="en")}
    for existing in (AGKD.eu, AGKD.gb, AGKD.us, AGKD["us-ny"], AGKD.cn, AGKD.ca, AGKD.kr):
        assert (existing, None, None) not in g, existing


def test_authorities_are_organisations_with_jurisdiction_and_parent(imported: Imported) -> None:
    g = imported.graph
    nist = URIRef(f"{AGORA}authority-national-institute-of-standards-and-technology")
    commerce = URIRef(f"{AGORA}authority-department-of-commerce")
    assert (nist, RDF.type, AGK.Organisation) in g
    assert set(g.objects(nist, ORG.subOrganizationOf)) == {commerce}
    assert set(g.objects(doc("10"), AGK.issuedBy)) == {nist}
    assert set(g.objects(nist, AGK.jurisdiction)) == {AGKD.us}


@pytest.mark.parametrize(
    ("name", "cell", "expected"),
    [
        ("New Mexico State Legislature", "", "US-NM"),
        ("Government of Mexico", "Other countries", "MX"),
        ("New South Wales Government", "Other countries", "AU"),
        ("Government of Wales", "Other countries", "GB"),
        ("State of Georgia", "United States", "US-GA"),
        ("Government of Georgia", "Other countries", None),  # the country is not in the table
        ("Bureau of Indian Affairs", "United States", "US"),
        ("Hong Kong Monetary Authority, China", "Other countries", "HK"),
        ("Senate", "California", "US-CA"),
        ("U.S. Congress", "", "US"),
        ("Office of the Privacy Commissioner", "Other countries", None),
        ("U.S. Agency for International Development", "Other countries", None),  # contradiction
    ],
)
def test_resolution_rules(name: str, cell: str, expected: str | None) -> None:
    assert resolve_one(name, cell) == expected


def test_two_places_in_a_name_are_ambiguous_not_guessed() -> None:
    assert GAZETTEER.find("EU-US Trade and Technology Council") == {"EU", "US"}
    with pytest.raises(Ambiguous):
        resolve_one("EU-US Trade and Technology Council", "Other countries")
    with pytest.raises(Ambiguous):
        resolve_one("EU-US Trade and Technology Council", "")
    assert resolve_code("EU-US Trade and Technology Council", None) is None


def test_known_jurisdictions_are_reused_and_states_fall_back_to_the_country() -> None:
    known = {"US": str(AGKD.us), "US-NY": str(AGKD["us-ny"])}
    assert jurisdiction_for("US-CA", known).iri == str(AGKD.us)
    assert jurisdiction_for("US-NY", known).iri == str(AGKD["us-ny"])
    declared = jurisdiction_for("BR", known)
    assert (declared.iri, declared.declare_label) == (str(AGKD.br), "Brazil")


# --- status, dates, classes, binding ------------------------------------------------


EXPECTED_STATUS = {
    "1": AGK.Adopted,  # Enacted
    "2": AGK.Adopted,
    "3": AGK.InForce,  # Effective
    "6": AGK.Proposed,  # Introduced
    "7": AGK.Adopted,  # Issued
    "8": AGK.Adopted,  # Published
    "9": AGK.Adopted,  # Adopted
    "11": AGK.Adopted,
}


def test_status_is_mapped_from_the_latest_activity(imported: Imported) -> None:
    g = imported.graph
    for agora_id, expected in EXPECTED_STATUS.items():
        assert set(g.objects(doc(agora_id), AGK.status)) == {expected}, agora_id
    for agora_id in ("4", "5"):  # Vetoed, Defunct: the status scheme has no match
        assert set(g.objects(doc(agora_id), AGK.status)) == set()
    assert "status unmapped for 2 documents (Defunct: 1, Vetoed: 1)" in imported.result.stderr


def _event(g: Graph, agora_id: str) -> URIRef | None:
    events = [e for e in g.subjects(AGK.concerns, doc(agora_id)) if isinstance(e, URIRef)]
    assert len(events) <= 1
    return events[0] if events else None


def test_dated_events_keep_the_precision_of_the_cell(imported: Imported) -> None:
    g = imported.graph
    time, xsd = rdf_ns.TIME, rdf_ns.XSD
    expected = {
        "3": (AGK.EnteredIntoForce, time.inXSDDate, Literal("2023-08-15", datatype=xsd.date)),
        "7": (AGK.Issued, time.inXSDgYearMonth, Literal("2019-04", datatype=xsd.gYearMonth)),
        "8": (AGK.Issued, time.inXSDgYear, Literal("2021", datatype=xsd.gYear)),
        "10": (AGK.Issued, time.inXSDDate, Literal("2023-01-26", datatype=xsd.date)),
    }
    for agora_id, (kind, prop, value) in expected.items():
        event = _event(g, agora_id)
        assert event is not None, agora_id
        assert (event, RDF.type, AGK.GovernanceEvent) in g
        assert set(g.objects(event, AGK.eventKind)) == {kind}
        assert set(g.objects(event, prop)) == {value}
    for agora_id in ("4", "5", "6"):  # Vetoed, Defunct, Introduced: no event kind matches
        assert _event(g, agora_id) is None


def test_instrument_classes_and_binding_nature(imported: Imported) -> None:
    g = imported.graph
    classes = {
        "1": AGK.Law,
        "2": AGK.Law,
        "3": AGK.Regulation,
        "4": AGK.LegalInstrument,  # a vetoed bill is no statute
        "5": AGK.LegalInstrument,
        "6": AGK.LegalInstrument,
        "7": AGK.Instrument,
        "8": AGK.Strategy,
        "9": AGK.Instrument,
        "10": AGK.Framework,
        "11": AGK.Law,
    }
    for agora_id, cls in classes.items():
        assert set(g.objects(doc(agora_id), RDF.type)) == {cls}, agora_id
    binding = {s for s in g.subjects(AGK.bindingNature, AGK.LegallyBinding)}
    # fines ticked and adopted: 1, 2, 11; the vetoed bill 4 also ticks fines but is not law
    assert binding == {doc("1"), doc("2"), doc("11")}
    assert set(g.objects(None, AGK.bindingNature)) <= {AGK.LegallyBinding}


def test_names_links_and_summaries(imported: Imported) -> None:
    g = imported.graph
    row = row_named("Safe and Secure Innovation for Frontier Artificial Intelligence Models Act")
    assert set(g.objects(doc("4"), SKOS.altLabel)) == {Literal("SB 1047", lang="en")}
    assert set(g.objects(doc("4"), URIRef("https://schema.org/url"))) == {
        URIRef(row.record["Link to document"])
    }
    summary = row_named("Online Safety Act 2023").record["Short summary"]
    assert set(g.objects(doc("2"), DCTERMS.description)) == {Literal(summary, lang="en")}
    assert set(g.objects(doc("10"), DCTERMS.description)) == set()  # empty cell


# --- taxonomy -----------------------------------------------------------------------


def test_taxonomy_columns_become_a_concept_scheme(imported: Imported) -> None:
    g = imported.graph
    scheme = URIRef(f"{AGORA}taxonomy")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    tops = set(g.objects(scheme, SKOS.hasTopConcept))
    assert {str(g.value(t, SKOS.prefLabel)) for t in tops} == {
        "Applications",
        "Harms",
        "Incentives",
        "Risk factors",
        "Strategies",
    }
    by_notation = {str(o): s for s, o in g.subject_objects(SKOS.notation)}
    columns = taxonomy_columns()
    assert len(columns) >= 15
    assert set(by_notation) == set(columns)
    for column, concept in by_notation.items():
        assert (concept, SKOS.inScheme, scheme) in g
        node, hops = concept, 0
        while (node, SKOS.topConceptOf, scheme) not in g:
            parent = g.value(node, SKOS.broader)
            hops += 1
            assert parent is not None and hops < 5, column
            node = parent
        assert str(g.value(node, SKOS.prefLabel)) == column.split(":")[0]
    grouping = URIRef(f"{AGORA}concept-strategies-evaluation")
    assert (grouping, SKOS.notation, None) not in g  # no such column, only a parent
    child = by_notation["Strategies: Evaluation: Conformity assessment"]
    assert (child, SKOS.broader, grouping) in g


def test_concepts_map_onto_the_project_vocabularies(imported: Imported) -> None:
    g = imported.graph
    by_notation = {str(o): s for s, o in g.subject_objects(SKOS.notation)}
    broad_match = SKOS.broadMatch
    assert (by_notation["Applications: Education"], SKOS.closeMatch, AGK.Education) in g
    assert (by_notation["Risk factors: Privacy"], SKOS.closeMatch, AGK.Privacy) in g
    assert (by_notation["Incentives: Fines"], broad_match, AGK.LegallyBinding) in g
    assert (by_notation["Incentives: Civil liability"], broad_match, AGK.LegallyBinding) in g
    assert (
        by_notation["Strategies: Licensing, registration, and certification"],
        SKOS.narrowMatch,
        AGK.CertificationScheme,
    ) in g
    assert (by_notation["Strategies: Pilots and testbeds"], broad_match, AGK.Programme) in g
    # no mapping where the ontology has no matching term
    for column in ("Harms: Discrimination", "Incentives: Subsidies", "Strategies: Convening"):
        concept = by_notation[column]
        for prop in (SKOS.closeMatch, broad_match, SKOS.narrowMatch, SKOS.exactMatch):
            assert (concept, prop, None) not in g, column


def test_documents_link_exactly_the_concepts_whose_column_is_true(imported: Imported) -> None:
    g = imported.graph
    notation = {s: str(o) for s, o in g.subject_objects(SKOS.notation)}
    checked = 0
    for row in fixture_rows()[1]:
        agora_id = row.record.get("AGORA ID", "")
        if (doc(agora_id), RDF.type, None) not in g or row.record["Official name"] in MALFORMED:
            continue
        linked = {notation[o] for o in g.objects(doc(agora_id), DCTERMS.subject)}
        assert linked == true_columns(row), agora_id
        checked += 1
    assert checked == 13


# --- source and evidence --------------------------------------------------------------


def raw_cells() -> list[str]:
    return [cell.strip() for row in fixture_rows()[1] for cell in row.cells]


def test_agora_is_the_named_source_of_every_imported_fact(imported: Imported) -> None:
    g = imported.graph
    sources = set(g.subjects(RDF.type, AGK.SourceDocument))
    assert len(sources) == 1
    source = sources.pop()
    assert str(source).startswith(f"{AGORA}release-")
    assert g.value(source, DCTERMS.publisher) == Literal("Emerging Technology Observatory")
    assert "AGORA" in str(g.value(source, DCTERMS.title))
    assert g.value(source, DCTERMS.source) == URIRef(imported.folder.resolve().as_uri() + "/")
    assert g.value(source, AGK.sourceFile) == Literal("documents.csv")
    evidenced = (AGK.Law, AGK.LegalInstrument, AGK.Regulation, AGK.Instrument, AGK.Strategy)
    nodes = {
        s
        for cls in (*evidenced, AGK.Framework, AGK.Organisation, AGK.GovernanceEvent)
        for s in g.subjects(RDF.type, cls)
    }
    assert len(nodes) >= 13 + 13
    for node in nodes:
        evidence = set(g.objects(node, AGK.hasEvidence))
        assert evidence, node
        for e in evidence:
            assert set(g.objects(e, PROV.wasQuotedFrom)) == {source}


def test_every_quote_is_copied_verbatim_from_a_cell(imported: Imported) -> None:
    cells = raw_cells()
    quotes = [str(q) for q in imported.graph.objects(None, AGK.quote)]
    assert len(quotes) > 50
    for quote in quotes:
        assert any(quote in cell for cell in cells), quote
    name = row_named("Online Safety Act 2023").record["Official name"]
    assert Literal(name) in set(
        imported.graph.objects(URIRef(f"{doc('2')}-evidence-name"), AGK.quote)
    )


def test_quote_checker_checks_agora_quotes_against_the_csv(imported: Imported) -> None:
    g = Graph().parse(imported.out, format="turtle")
    report = check_quotes_report(g, sources_dir())
    assert report.checked == len(set(g.objects(None, AGK.hasEvidence)))
    assert not report.problems and not report.skipped
    evidence = URIRef(f"{doc('2')}-evidence-name")
    g.set((evidence, AGK.quote, Literal("Online Safety Act 2024")))
    problems = check_quotes_report(g, sources_dir()).problems
    assert [p.quote for p in problems] == ["Online Safety Act 2024"]
    assert "documents.csv" in problems[0].reason


def test_quote_checker_skips_with_a_reason_when_the_release_is_absent(
    imported: Imported, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    g = Graph().parse(imported.out, format="turtle")
    source = next(g.subjects(RDF.type, AGK.SourceDocument))
    gone = tmp_path / "moved-away"
    g.set((source, DCTERMS.source, URIRef(gone.as_uri() + "/")))
    report = check_quotes_report(g, sources_dir())
    assert report.checked == 0 and not report.problems
    assert len(report.skipped) == 1
    assert report.skipped[0].quotes == len(set(g.objects(None, AGK.hasEvidence)))
    assert str(gone) in report.skipped[0].reason
    with caplog.at_level(logging.WARNING, logger="aigovkg.quotes"):
        checked, problems = check_quotes(g, sources_dir())
    assert (checked, problems) == (0, [])
    assert "not checked" in caplog.text and str(source) in caplog.text


# --- cell parsers and a release without authorities.csv ----------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("True", True),
        ("TRUE", True),
        ("1", True),
        ("yes", True),
        (" x ", True),
        ("1.0", True),
        ("False", False),
        ("0", False),
        ("no", False),
        ("", False),
        (None, False),
        ("maybe", None),
    ],
)
def test_parse_bool(cell: str | None, expected: bool | None) -> None:
    assert parse_bool(cell) is expected


def test_parse_date_keeps_precision_and_rejects_guesses() -> None:
    assert parse_date("2024-06-13") is not None
    assert parse_date("2024-6-3") == parse_date("2024-06-03")
    assert parse_date("2024-06-13T10:00:00Z").lexical == "2024-06-13"  # type: ignore[union-attr]
    assert parse_date("2019-04").datatype == "gYearMonth"  # type: ignore[union-attr]
    assert parse_date("2021").datatype == "gYear"  # type: ignore[union-attr]
    assert parse_date("") is None
    for bad in ("30/02/2024", "2024-02-30", "2024-13", "June 2024", "03/04/2024"):
        with pytest.raises(ValueError):
            parse_date(bad)


def test_a_release_without_authorities_csv_still_imports(
    tmp_path: Path, env: dict[str, str]
) -> None:
    folder = tmp_path / "release"
    shutil.copytree(RELEASE, folder)
    (folder / "authorities.csv").unlink()
    out = tmp_path / "out.ttl"
    result = run(["import", "agora", str(folder), "--out", str(out)], env)
    assert result.returncode == 0, result.stderr
    assert "no authorities.csv" in result.stderr
    g = Graph().parse(out, format="turtle")
    assert set(g.objects(doc("3"), AGK.jurisdiction)) == {AGKD.cn}  # from the name alone
    assert set(g.objects(doc("12"), AGK.jurisdiction)) == set()  # no parent to climb to
