"""The CSV tables and their CSV on the Web (CSVW) metadata map back to the graph.

The tables are converted back to RDF with the CSVW metadata by a small
csv2rdf interpreter (minimal mode) defined below, because no package on PyPI
converts CSVW to RDF faithfully and offline: ``csvw`` (cldf) parses and
validates CSVW and implements csv2json, but its RDF is a by-product that
ignores languages and datatypes; ``pycsvw`` maps a ``valueUrl`` cell with a
separator to one IRI only and needs Jena's riot for anything but N-Triples;
``csvwlib`` fetches every file with HTTP requests. Where ``csvw`` is
installed, it checks the metadata and the rows independently and its
csv2json output is compared with the interpreter's statements.

The interpreter covers exactly the CSVW features the writer uses and fails
on any other key, so it cannot silently ignore something it does not know:
table and column ``aboutUrl``, ``propertyUrl`` and ``valueUrl`` URI templates
(RFC 6570 ``{var}`` and ``{+var}``), ``separator``, ``datatype`` (built-in
names), ``lang``, ``required``, ``suppressOutput``, virtual columns, and the
dialect's ``header`` and ``trim: false``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.term import Node

from aigovkg.api import KnowledgeGraph
from aigovkg.namespaces import AGK, AGKD, DCTERMS, ORG, PROV, RDF, RDFS, SKOS
from aigovkg.tabular import METADATA, RELATIONS, TABLES, build_tables, write_tables

# ---------------------------------------------------------------------------
# A minimal csv2rdf interpreter (W3C "Generating RDF from Tabular Data on the Web", minimal mode)
# ---------------------------------------------------------------------------

GROUP_KEYS = {"@context", "dc:title", "dc:description", "dc:license", "dialect", "tables"}
DIALECT = {"header": True, "encoding": "utf-8", "trim": False}
TABLE_KEYS = {"url", "dc:title", "dc:description", "tableSchema"}
SCHEMA_KEYS = {"aboutUrl", "primaryKey", "columns"}
COLUMN_KEYS = {
    "name",
    "titles",
    "required",
    "suppressOutput",
    "propertyUrl",
    "valueUrl",
    "aboutUrl",
    "separator",
    "datatype",
    "lang",
    "virtual",
    "dc:description",
}
# CSVW built-in datatype names used as XSD local names (all but these few map to xsd:<name>).
NOT_XSD = {"string", "json", "xml", "html", "number", "binary", "datetime", "any"}
RESERVED = ":/?#[]@!$&'()*+,;="

Cell = str | list[str] | None


def _encode(text: str, reserved: bool) -> str:
    """RFC 6570 encoding: unreserved characters always pass, reserved ones and
    percent-encoded triplets only in reserved expansion ({+var})."""
    out = []
    for match in re.finditer(r"%[0-9A-Fa-f]{2}|.", text, re.DOTALL):
        token = match.group(0)
        if reserved and len(token) == 3:
            out.append(token)
        else:
            out.append(quote(token, safe=RESERVED if reserved else ""))
    return "".join(out)


def expand(template: str, cells: dict[str, Cell]) -> str:
    """Expand {var} and {+var}; a list value expands to its items joined by commas."""

    def one(match: re.Match[str]) -> str:
        operator, name = match.group(1), match.group(2)
        value = cells.get(name)
        if value is None:
            return ""
        items = value if isinstance(value, list) else [value]
        return ",".join(_encode(item, operator == "+") for item in items)

    leftover = re.sub(r"\{(\+?)([A-Za-z0-9_]+)\}", one, template)
    assert "{" not in leftover, f"unsupported URI template: {template}"
    return leftover


def _absolute(url: str) -> URIRef:
    assert re.match(r"^[a-z][a-z0-9+.-]*:", url), f"relative URL not supported: {url}"
    return URIRef(url)


def _parse_cell(raw: str, column: dict[str, object]) -> Cell:
    """The cell value: null for "", a list when the column has a separator."""
    if raw == "":
        return None
    separator = column.get("separator")
    if separator is None:
        return raw
    return [item for item in raw.split(str(separator)) if item != ""]


def _literal(text: str, column: dict[str, object]) -> Literal:
    datatype = column.get("datatype", "string")
    if column.get("lang"):
        assert datatype == "string", column
        return Literal(text, lang=str(column["lang"]))
    assert isinstance(datatype, str), f"datatype descriptions are not supported: {datatype}"
    if datatype == "string":
        return Literal(text)
    assert datatype not in NOT_XSD, f"unsupported datatype {datatype}"
    literal = Literal(text, datatype=URIRef(str(ns.XSD) + datatype))
    assert literal.ill_typed is not True, f"{text!r} is not a valid {datatype}"
    return literal


def csvw_to_rdf(metadata_path: Path) -> Graph:
    """Convert every table of a CSVW table group to RDF (minimal mode)."""
    metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    assert set(metadata) <= GROUP_KEYS, set(metadata) - GROUP_KEYS
    assert metadata["@context"] == "http://www.w3.org/ns/csvw"
    assert metadata.get("dialect", DIALECT) == DIALECT
    graph = Graph()
    for table in metadata["tables"]:
        assert set(table) <= TABLE_KEYS, set(table) - TABLE_KEYS
        schema = table["tableSchema"]
        assert set(schema) <= SCHEMA_KEYS, set(schema) - SCHEMA_KEYS
        columns = schema["columns"]
        for column in columns:
            assert set(column) <= COLUMN_KEYS, set(column) - COLUMN_KEYS
        real = [c for c in columns if not c.get("virtual")]
        virtual = [c for c in columns if c.get("virtual")]
        assert columns == real + virtual, "virtual columns must come last"
        text = (metadata_path.parent / table["url"]).read_text(encoding="utf-8")
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader)
        assert header == [c["titles"] for c in real], table["url"]
        for record in reader:
            assert len(record) == len(real), f"{table['url']}: {record}"
            cells: dict[str, Cell] = {
                c["name"]: _parse_cell(raw, c) for c, raw in zip(real, record, strict=True)
            }
            for column in real:
                if column.get("required"):
                    assert cells[column["name"]] is not None, (table["url"], column["name"])
            for column in columns:
                if column.get("suppressOutput"):
                    continue
                about = column.get("aboutUrl", schema.get("aboutUrl"))
                assert about, "rows without aboutUrl (blank-node subjects) are not supported"
                assert "propertyUrl" in column, "default property URLs are not supported"
                subject = _absolute(expand(about, cells))
                predicate = _absolute(expand(column["propertyUrl"], cells))
                value = None if column.get("virtual") else cells[column["name"]]
                if "valueUrl" in column:
                    if column.get("virtual") or value is not None:
                        graph.add(
                            (subject, predicate, _absolute(expand(column["valueUrl"], cells)))
                        )
                    continue
                assert not column.get("virtual"), "virtual columns need a valueUrl here"
                for item in value if isinstance(value, list) else [value]:
                    if item is not None:
                        graph.add((subject, predicate, _literal(item, column)))
    return graph


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def out(kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("csv")
    written = write_tables(kg, folder)
    assert {p.name for p in written} == {p.name for p in folder.iterdir()}
    return folder


@pytest.fixture(scope="module")
def metadata(out: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((out / METADATA).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def back(out: Path) -> Graph:
    return csvw_to_rdf(out / METADATA)


@pytest.fixture(scope="module")
def full(kg: KnowledgeGraph) -> Graph:
    return kg.graph


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


def test_every_table_exists_and_every_header_column_is_described(
    out: Path,
    metadata: dict,  # type: ignore[type-arg]
) -> None:
    listed = [t["url"] for t in metadata["tables"]]
    assert len(listed) == len(set(listed))
    assert set(listed) | {METADATA} == {p.name for p in out.iterdir()}
    for spec in TABLES:
        assert spec.file in listed
    assert RELATIONS in listed
    for table in metadata["tables"]:
        path = out / table["url"]
        assert path.is_file(), path
        header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        described = [c for c in table["tableSchema"]["columns"] if not c.get("virtual")]
        assert header == [c["name"] for c in described], table["url"]
        assert len(set(header)) == len(header)
        for column in table["tableSchema"]["columns"]:
            assert column.get("dc:description"), (table["url"], column["name"])
            if not column.get("suppressOutput"):
                assert column.get("propertyUrl"), (table["url"], column["name"])
    assert len(_rows(out / "instruments.csv")) >= 50
    assert len(_rows(out / "interoperability-links.csv")) >= 50


def test_every_statement_from_the_tables_is_in_the_graph(back: Graph, full: Graph) -> None:
    assert len(back) > 3000
    missing = [t for t in back if t not in full]
    assert not missing, "\n".join(" ".join(x.n3() for x in t) for t in sorted(missing)[:20])


@pytest.mark.parametrize(
    "triple",
    [
        (AGKD["link-gb-adequacy-kr"], AGK.grantingParty, AGKD.gb),
        (AGKD["link-gb-adequacy-kr"], AGK.recognisedParty, AGKD.kr),
        (AGKD["link-gb-adequacy-kr"], AGK.interoperabilityType, AGK.MutualRecognition),
        (AGKD["link-gb-adequacy-kr"], AGK.dimension, AGK.LegalInteroperability),
        (AGKD["link-gb-adequacy-kr"], RDF.type, AGK.InteroperabilityLink),
        (AGKD["link-cn-gbt-34590-iso-26262"], AGK.benchmark, AGKD["iso-26262"]),
        (AGKD["cn-pipl"], AGK.jurisdiction, AGKD.cn),
        (AGKD["cn-pipl"], RDF.type, AGK.Law),
        (AGKD["cn-pipl"], RDFS.label, Literal("Personal Information Protection Law", lang="en")),
        (AGKD["cn-pipl"], SKOS.altLabel, Literal("PIPL")),
        (AGKD["kr-pipc"], RDF.type, AGK.RegulatoryAuthority),
        (AGKD["kr-pipc"], AGK.jurisdiction, AGKD.kr),
        (AGKD.kr, AGK.iso3166Code, Literal("KR")),
        (AGKD["profile-cn-cross-border-data-flows"], AGK.profileOf, AGKD.cn),
        (AGKD["profile-cn-cross-border-data-flows"], AGK.hasComponent, AGKD["cn-pipl"]),
        (
            AGKD["event-eu-ai-act-in-force"],
            ns.TIME.inXSDDate,
            Literal("2024-08-01", datatype=ns.XSD.date),
        ),
        (
            AGKD["src-iif-2024-ai-safety"],
            DCTERMS.issued,
            Literal("2024-12-10", datatype=ns.XSD.date),
        ),
    ],
    ids=lambda t: " ".join(str(x).rsplit("/", 1)[-1].rsplit("#", 1)[-1] for x in t),
)
def test_key_statements_come_back(
    back: Graph, full: Graph, triple: tuple[Node, Node, Node]
) -> None:
    assert triple in full, "the example itself is not in the graph"
    assert triple in back


def test_every_relation_of_every_row_comes_back(
    out: Path, back: Graph, full: Graph, kg: KnowledgeGraph
) -> None:
    """For each table and each property it has a column for, every value in the graph
    of every row is converted back: the tables keep all the relations, not a sample."""
    lost: list[tuple[Node, Node, Node]] = []
    for spec in TABLES:
        rows = [URIRef(r[spec.key]) for r in _rows(out / spec.file)]
        assert rows, spec.file
        for col in spec.columns:
            if col.prop is None:
                continue
            for row in rows:
                expected: list[tuple[Node, Node, Node]] = (
                    [(v, col.prop, row) for v in full.subjects(col.prop, row)]
                    if col.inverse
                    else [(row, col.prop, v) for v in full.objects(row, col.prop)]
                )
                lost += [t for t in expected if t not in back]
    assert not lost, "\n".join(" ".join(x.n3() for x in t) for t in sorted(lost)[:20])


def test_evidence_quotes_and_sources_come_back(back: Graph, full: Graph) -> None:
    evidence = set(full.subjects(RDF.type, AGK.Evidence))
    assert len(evidence) > 100
    for node in evidence:
        assert (node, RDF.type, AGK.Evidence) in back
        for p in (AGK.quote, PROV.wasQuotedFrom):
            for o in full.objects(node, p):
                assert (node, p, o) in back
        for owner in full.subjects(AGK.hasEvidence, node):
            assert (owner, AGK.hasEvidence, node) in back


def test_multi_valued_relations_are_long_rows(out: Path) -> None:
    rows = _rows(out / RELATIONS)
    cn_de = [
        r
        for r in rows
        if r["subject"] == str(AGKD["agreement-cn-de-data-mou"]) and r["column"] == "parties"
    ]
    assert {r["object"] for r in cn_de} == {str(AGKD.cn), str(AGKD.de)}
    assert {r["object_label"] for r in cn_de} == {"China", "Germany"}
    assert all(r["property"] == str(AGK.party) for r in cn_de)
    wide = {r["instrument"]: r for r in _rows(out / "instruments.csv")}
    mou = wide[str(AGKD["agreement-cn-de-data-mou"])]
    assert mou["parties"].split(" ") == [str(AGKD.cn), str(AGKD.de)]
    assert mou["parties_label"].split(" | ") == ["China", "Germany"]


def test_wide_tables_read_well(out: Path) -> None:
    links = {r["link"]: r for r in _rows(out / "interoperability-links.csv")}
    adequacy = links[str(AGKD["link-gb-adequacy-kr"])]
    assert adequacy["granting_label"] == "United Kingdom"
    assert adequacy["recognised_label"] == "South Korea"
    assert adequacy["type"] == str(AGK.MutualRecognition)
    assert adequacy["dimension"] == str(AGK.LegalInteroperability)
    assert "UNU" in adequacy["sources_label"]
    instruments = {r["instrument"]: r for r in _rows(out / "instruments.csv")}
    assert instruments[str(AGKD["cn-pipl"])]["jurisdiction_label"] == "China"
    orgs = {r["organisation"]: r for r in _rows(out / "organisations.csv")}
    assert orgs[str(AGKD["kr-pipc"])]["class"] == str(AGK.RegulatoryAuthority)
    memberships = _rows(out / "memberships.csv")
    assert all(r["member"] and r["organisation"] and r["role"] for r in memberships)


def test_writes_are_deterministic_utf8_with_newlines(kg: KnowledgeGraph, tmp_path: Path) -> None:
    first = write_tables(kg, tmp_path / "a")
    second = write_tables(kg, tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        data = a.read_bytes()
        assert data == b.read_bytes(), a.name
        assert b"\r" not in data, a.name
        data.decode("utf-8")
    for path in first:
        if path.suffix == ".csv":
            lines = path.read_text(encoding="utf-8").splitlines()
            keys = [line.split(",", 1)[0] for line in lines[1:]]
            if path.name != RELATIONS:
                assert keys == sorted(keys), path.name
    assert build_tables(kg.graph) == build_tables(kg.graph)


def test_an_iri_a_template_would_change_is_refused(kg: KnowledgeGraph) -> None:
    graph = kg.graph
    graph.add((AGKD["cn-pipl"], AGK.issuedBy, URIRef("https://example.org/a b")))
    with pytest.raises(ValueError, match="percent-encode"):
        build_tables(graph)


def test_other_languages_get_their_own_column(kg: KnowledgeGraph, tmp_path: Path) -> None:
    graph = kg.graph
    graph.add((AGKD["cn-pipl"], SKOS.altLabel, Literal("个人信息保护法", lang="zh")))
    files = build_tables(graph)
    (tmp_path / "t").mkdir()
    for name, text in files.items():
        (tmp_path / "t" / name).write_text(text, encoding="utf-8", newline="")
    back = csvw_to_rdf(tmp_path / "t" / METADATA)
    assert (AGKD["cn-pipl"], SKOS.altLabel, Literal("个人信息保护法", lang="zh")) in back
    header = files["instruments.csv"].split("\n", 1)[0].split(",")
    assert "alt_label_zh" in header


def test_csvw_package_agrees(out: Path, back: Graph) -> None:
    """An independent CSVW implementation validates the metadata and rows, and its
    csv2json output (minimal mode) has the same statements as the interpreter above."""
    csvw = pytest.importorskip("csvw", reason="the csvw package cross-checks the CSVW metadata")
    from csvw.metadata_utils import NAMESPACES

    group = csvw.CSVW(str(out / METADATA))
    assert group.is_valid, group.warnings
    for table in group.tablegroup.tables:
        for _ in table.iterdicts(strict=True):
            pass

    def full_iri(key: str) -> str:
        prefix, _, local = key.partition(":")
        return NAMESPACES[prefix] + local if prefix in NAMESPACES and local else key

    found: set[tuple[str, str, str]] = set()

    def walk(node: dict) -> str:  # type: ignore[type-arg]
        subject = node["@id"]
        for key, value in node.items():
            if key == "@id":
                continue
            is_type = key in ("@type", "rdf:type")
            prop = str(RDF.type) if is_type else full_iri(key)
            for item in value if isinstance(value, list) else [value]:
                # csv2json writes the values of rdf:type as CURIEs where it can
                obj = walk(item) if isinstance(item, dict) else str(item)
                obj = full_iri(obj) if is_type else obj
                found.add((subject, prop, obj))
        return subject  # type: ignore[no-any-return]

    for node in group.to_json(minimal=True):
        walk(node)
    ours = {(str(s), str(p), str(o)) for s, p, o in back}
    assert found == ours, (sorted(found - ours)[:5], sorted(ours - found)[:5])


def test_org_membership_statements(back: Graph) -> None:
    memberships = set(back.subjects(RDF.type, ORG.Membership))
    assert len(memberships) >= 10
    for m in memberships:
        assert next(back.objects(m, ORG.member), None) is not None
        assert next(back.objects(m, ORG.organization), None) is not None
