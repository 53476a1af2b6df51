"""The graph as CSV tables for spreadsheet users, described with CSV on the Web metadata.

:func:`write_tables` writes one table per kind of thing (instruments,
organisations, interoperability links, governance profiles, sources, and the
jurisdictions, memberships, events, textual statements, barriers,
recommendations and evidence they refer to) and ``csv-metadata.json``, a W3C
"CSV on the Web" (CSVW) table-group description from which a CSVW processor
turns the tables back into the statements of the graph.

Layout of a table: the first column is the row's IRI (``instrument``,
``link`` …), then ``label``, then one column per relation. A relation to
another resource has two columns: ``<name>`` with the IRI(s) and
``<name>_label`` with their labels, in the same order. Multi-valued cells
join IRIs with ``" "`` and labels and texts with ``" | "``.

How the columns map to RDF (see ``csv-metadata.json``):

- the row's subject is ``aboutUrl: "{+<key>}"`` (the key column itself has
  ``suppressOutput``); every cell of the row is a statement about it with
  ``propertyUrl`` = the ontology property (``about`` in evidence.csv is the
  inverse: a column ``aboutUrl``);
- a single-valued relation has ``valueUrl: "{+<name>}"``;
- literals carry ``datatype`` (``date``, ``gYear`` …) or ``lang``; a literal
  column with several values per row has ``separator: " | "``;
- CSVW turns a ``valueUrl`` cell into one IRI even when the cell holds a list,
  so a relation with several values in some row is written, one row per
  value, to ``relations.csv`` (``propertyUrl: "{+property}"``,
  ``valueUrl: "{+object}"``); its cell in the wide table stays for reading
  and has ``suppressOutput``;
- ``_label`` columns repeat the ``rdfs:label`` of the linked resource and
  have ``suppressOutput``, as have derived columns (``sources``: the source
  documents of the row's evidence, ``principles``) that follow a path rather
  than state a triple;
- tables whose rows all have the same asserted class get a virtual
  ``rdf:type`` column; the others have a ``class`` column with each row's
  most specific classes (defined classes that the reasoner fills are left out).

Whether a relation counts as multi-valued is decided from the data, so the
metadata always matches the tables written with it. Everything is read from
the graph given (ontology, data and inferences); rows are sorted
by IRI, cells are sorted, files are UTF-8 with ``"\\n"`` line ends.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from aigovkg.namespaces import AGK, PREFIXES, SCHEMA

if TYPE_CHECKING:
    from aigovkg.api import KnowledgeGraph

METADATA = "csv-metadata.json"
RELATIONS = "relations.csv"
IRI_SEPARATOR = " "
TEXT_SEPARATOR = " | "
CSVW_CONTEXT = "http://www.w3.org/ns/csvw"

# XSD datatypes that CSVW names directly (tabular-metadata, "Built-in datatypes").
_CSVW_BUILTIN_NAMES = """
    anyURI base64Binary boolean date dateTime dateTimeStamp decimal integer long int short
    byte nonNegativeInteger positiveInteger unsignedLong unsignedInt unsignedShort
    unsignedByte nonPositiveInteger negativeInteger double duration dayTimeDuration
    yearMonthDuration float gDay gMonth gMonthDay gYear gYearMonth hexBinary QName
    normalizedString token language Name NMTOKEN time
"""
_CSVW_BUILTIN = frozenset(_CSVW_BUILTIN_NAMES.split())

# Characters that RFC 6570 reserved expansion ("{+var}") copies unchanged.
_TEMPLATE_SAFE = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


# ---------------------------------------------------------------------------
# What the tables hold
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Col:
    """One relation of a table: a property (forward or inverse), or a derived path."""

    name: str
    prop: URIRef | None = None
    kind: str = "iri"  # "iri", "literal" or "path"
    lang: str | None = None  # literal columns: the language of the main column
    datatype: URIRef | None = None  # literal columns: the datatype of the main column
    inverse: bool = False  # the row is the object: ?value <prop> ?row
    multi: bool = False  # multi-valued whatever the data says
    labelled: bool = True  # IRI and path columns: add <name>_label
    path: str | None = None  # path columns: a SPARQL property path (prefixes of PREFIXES)
    note: str = ""


@dataclass(frozen=True)
class TableSpec:
    """One table: its rows are the instances of ``kind`` (or of its subclasses)."""

    file: str
    key: str
    kind: URIRef
    title: str
    description: str
    columns: tuple[Col, ...]


def _iri(name: str, prop: URIRef, **kw: object) -> Col:
    return Col(name, prop, "iri", **kw)  # type: ignore[arg-type]


def _text(name: str, prop: URIRef, lang: str | None = "en", **kw: object) -> Col:
    return Col(name, prop, "literal", lang=lang, **kw)  # type: ignore[arg-type]


def _typed(name: str, prop: URIRef, datatype: URIRef) -> Col:
    return Col(name, prop, "literal", lang=None, datatype=datatype)


def _derived(name: str, path: str, note: str) -> Col:
    return Col(name, None, "path", path=path, note=note)


LABEL = _text("label", RDFS.label)
COMMENT = _text("comment", RDFS.comment)
DESCRIPTION = _text("description", DCTERMS.description)
ALT_LABEL = _text("alt_label", SKOS.altLabel, lang=None, multi=True)
SEE_ALSO = _iri("see_also", RDFS.seeAlso, multi=True)
STATEMENTS = _iri("statements", AGK.hasStatement, multi=True)
SOURCES = _derived(
    "sources",
    "agk:hasEvidence/prov:wasQuotedFrom",
    "the source documents quoted by the row's evidence (agk:hasEvidence/prov:wasQuotedFrom); "
    "evidence.csv has each quote",
)

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "instruments.csv",
        "instrument",
        AGK.Instrument,
        "Governance instruments",
        "Laws, regulations, standards, guidelines, frameworks, strategies, agreements, "
        "declarations and other instruments, with their jurisdiction, issuer and status.",
        (
            LABEL,
            ALT_LABEL,
            _text("identifier", DCTERMS.identifier, lang=None),
            _text("title", DCTERMS.title),
            _iri("jurisdiction", AGK.jurisdiction),
            _iri("issued_by", AGK.issuedBy),
            _iri("binding_nature", AGK.bindingNature),
            _iri("domain", AGK.domain, multi=True),
            _iri("status", AGK.status),
            _iri("part_of", AGK.partOfInstrument),
            _iri("parties", AGK.party, multi=True),
            _iri("signatories", AGK.signatory, multi=True),
            _iri("strengthens", AGK.strengthens, multi=True),
            _iri("cooperation_areas", AGK.hasCooperationArea, multi=True),
            STATEMENTS,
            SEE_ALSO,
            DESCRIPTION,
            COMMENT,
            SOURCES,
        ),
    ),
    TableSpec(
        "organisations.csv",
        "organisation",
        AGK.Organisation,
        "Organisations",
        "Regulators, government bodies, AI safety institutes, standards bodies, international "
        "organisations, forums and networks.",
        (
            LABEL,
            ALT_LABEL,
            _iri("jurisdiction", AGK.jurisdiction),
            _iri("part_of", ORG.subOrganizationOf),
            _iri("ai_safety_institute_of", AGK.aiSafetyInstituteOf),
            _iri("established_under", AGK.establishedUnder),
            _iri("domain", AGK.domain, multi=True),
            _iri("status", AGK.status),
            STATEMENTS,
            SEE_ALSO,
            DESCRIPTION,
            COMMENT,
            SOURCES,
        ),
    ),
    TableSpec(
        "interoperability-links.csv",
        "link",
        AGK.InteroperabilityLink,
        "Interoperability links",
        "The instruments of interoperability as n-ary links: type and dimension, domain, "
        "parties and their roles (granting and recognised, aligning and benchmark), what the "
        "link runs through, and its status.",
        (
            LABEL,
            _iri("type", AGK.interoperabilityType),
            _iri("dimension", AGK.dimension),
            _iri("domain", AGK.domain, multi=True),
            _iri("parties", AGK.party, multi=True),
            _iri("granting", AGK.grantingParty),
            _iri("recognised", AGK.recognisedParty),
            _iri("aligning", AGK.aligningParty),
            _iri("aligning_instrument", AGK.aligningInstrument, multi=True),
            _iri("benchmark", AGK.benchmark, multi=True),
            _iri("alignment", AGK.alignmentKind),
            _iri("through", AGK.through, multi=True),
            _iri("involves", AGK.involves, multi=True),
            _text("unnamed_party", AGK.unnamedParty, lang=None, multi=True),
            _iri("status", AGK.status),
            ALT_LABEL,
            SEE_ALSO,
            DESCRIPTION,
            COMMENT,
            SOURCES,
        ),
    ),
    TableSpec(
        "profiles.csv",
        "profile",
        AGK.GovernanceProfile,
        "Governance profiles",
        "One jurisdiction in one domain, on the seven UNU comparison elements: objectives, "
        "principles, governance approach, binding nature, level of integration, integration "
        "measures, regulators, and the instruments that make it up.",
        (
            LABEL,
            _iri("jurisdiction", AGK.profileOf),
            _iri("domain", AGK.profileDomain),
            _iri("objectives", AGK.hasObjective, multi=True),
            _iri("principle_statements", AGK.hasPrincipleStatement, multi=True),
            _derived(
                "principles",
                "agk:hasPrincipleStatement/agk:expressesPrinciple",
                "the principle concepts that the profile's principle statements express "
                "(agk:hasPrincipleStatement/agk:expressesPrinciple)",
            ),
            _iri("governance_approach", AGK.hasGovernanceApproach),
            _iri("binding_nature", AGK.hasBindingNature),
            _text("level_of_integration", AGK.levelOfIntegration, lang=None),
            _iri("integration_measures", AGK.hasIntegrationMeasure, multi=True),
            _iri("regulators", AGK.hasRegulator, multi=True),
            _iri("components", AGK.hasComponent, multi=True),
            COMMENT,
            SOURCES,
        ),
    ),
    TableSpec(
        "sources.csv",
        "source",
        AGK.SourceDocument,
        "Source documents",
        "The documents that every fact is quoted from, with their kind and reliability.",
        (
            LABEL,
            _text("title", DCTERMS.title),
            _iri("kind", AGK.sourceKind),
            _text("creator", DCTERMS.creator, lang=None, multi=True),
            _text("publisher", DCTERMS.publisher, lang=None),
            _typed("issued", DCTERMS.issued, XSD.date),
            _iri("url", SCHEMA.url, labelled=False),
            _text("file", AGK.sourceFile, lang=None),
            _text("reliability_note", AGK.reliabilityNote),
        ),
    ),
    TableSpec(
        "jurisdictions.csv",
        "jurisdiction",
        AGK.Jurisdiction,
        "Jurisdictions",
        "Countries, subnational jurisdictions and supranational unions (ISO 3166 codes).",
        (
            LABEL,
            _text("alt_label", SKOS.altLabel, multi=True),
            _text("iso3166_code", AGK.iso3166Code, lang=None),
            _iri("part_of", AGK.partOfJurisdiction),
        ),
    ),
    TableSpec(
        "memberships.csv",
        "membership",
        ORG.Membership,
        "Memberships",
        "Who is a member of which forum, network or body, in which role (W3C ORG).",
        (
            LABEL,
            _iri("member", ORG.member),
            _iri("organisation", ORG.organization),
            _iri("role", ORG.role),
            _iri("institute_status", AGK.instituteStatus, multi=True),
            COMMENT,
            SOURCES,
        ),
    ),
    TableSpec(
        "events.csv",
        "event",
        AGK.GovernanceEvent,
        "Governance events",
        "Dated events at the precision of their source: a day, a month or a year.",
        (
            LABEL,
            _iri("kind", AGK.eventKind),
            _iri("concerns", AGK.concerns, multi=True),
            _iri("jurisdiction", AGK.jurisdiction, multi=True),
            _typed("date", TIME.inXSDDate, XSD.date),
            _typed("year_month", TIME.inXSDgYearMonth, XSD.gYearMonth),
            _typed("year", TIME.inXSDgYear, XSD.gYear),
            _text("place", AGK.place, lang=None),
            STATEMENTS,
            COMMENT,
            SOURCES,
        ),
    ),
    TableSpec(
        "statements.csv",
        "statement",
        AGK.TextualStatement,
        "Textual statements",
        "Objectives, principle statements, integration measures, areas of cooperation and "
        "other statements, in the source's words, with the principles they express and the "
        "links that realise them.",
        (
            LABEL,
            _iri("jurisdiction", AGK.jurisdiction),
            _iri("domain", AGK.domain, multi=True),
            _iri("principles", AGK.expressesPrinciple, multi=True),
            _iri("realised_by", AGK.realisedBy, multi=True),
            SEE_ALSO,
            DESCRIPTION,
            COMMENT,
            SOURCES,
        ),
    ),
    TableSpec(
        "barriers.csv",
        "barrier",
        AGK.Barrier,
        "Barriers",
        "Barriers to interoperability, by dimension.",
        (
            LABEL,
            _iri("dimension", AGK.dimension),
            _iri("domain", AGK.domain, multi=True),
            STATEMENTS,
            SEE_ALSO,
            COMMENT,
            SOURCES,
        ),
    ),
    TableSpec(
        "recommendations.csv",
        "recommendation",
        AGK.PolicyRecommendation,
        "Policy recommendations",
        "Recommendations, the barriers they address and their theme.",
        (
            LABEL,
            _text("theme", AGK.recommendationTheme, lang=None),
            _iri("dimension", AGK.dimension),
            _iri("domain", AGK.domain, multi=True),
            _iri("addresses", AGK.addressesBarrier, multi=True),
            SEE_ALSO,
            COMMENT,
            SOURCES,
        ),
    ),
    TableSpec(
        "evidence.csv",
        "evidence",
        AGK.Evidence,
        "Evidence",
        "Every quote behind a fact: the resource it supports, the source document it is "
        "copied from verbatim, and (where given) the property it supports.",
        (
            _iri("about", AGK.hasEvidence, inverse=True),
            _iri("source", PROV.wasQuotedFrom),
            _text("quote", AGK.quote, lang=None),
            _iri("supports", AGK.supportsProperty, multi=True),
        ),
    ),
)


# ---------------------------------------------------------------------------
# Reading the graph
# ---------------------------------------------------------------------------

Value = URIRef | Literal


class _Facts:
    """What the tables need from one graph, read once per property.

    Triple patterns and the subclass closure are read with rdflib's triple
    access rather than SPARQL: the answers are the same, and rdflib's SPARQL
    engine costs more than the rest of the tables together.
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._cache: dict[tuple[str, bool], dict[URIRef, list[Value]]] = {}
        self.labels = self._labels()
        self.types: dict[URIRef, set[URIRef]] = defaultdict(set)
        for s, c in graph.subject_objects(RDF.type):
            if isinstance(s, URIRef) and isinstance(c, URIRef):
                self.types[s].add(c)
        self.supers: dict[URIRef, set[URIRef]] = defaultdict(set)
        for sub, sup in _closure(graph, RDFS.subClassOf):
            if sub != sup and isinstance(sub, URIRef) and isinstance(sup, URIRef):
                self.supers[sub].add(sup)
        self.defined = {
            c
            for c, v in graph.subject_objects(OWL.equivalentClass)
            if isinstance(c, URIRef) and isinstance(v, BNode)
        }

    def _labels(self) -> dict[URIRef, str]:
        found: dict[URIRef, list[Literal]] = defaultdict(list)
        for s, label in self.graph.subject_objects(RDFS.label):
            if isinstance(s, URIRef) and isinstance(label, Literal):
                found[s].append(label)
        return {s: str(min(ls, key=_label_rank)) for s, ls in found.items()}

    def members(self, kind: URIRef) -> list[URIRef]:
        """Instances of kind or of one of its subclasses, sorted."""
        return sorted(
            s
            for s, ts in self.types.items()
            if any(t == kind or kind in self.supers[t] for t in ts)
        )

    def classes(self, subject: URIRef) -> list[URIRef]:
        """The most specific named, non-defined classes of a resource."""
        named = {t for t in self.types.get(subject, set()) if t not in self.defined}
        return sorted(t for t in named if not any(t in self.supers[o] for o in named if o != t))

    def values(self, col: Col) -> dict[URIRef, list[Value]]:
        """Row subject -> sorted, distinct values of a column."""
        key = (f"path:{col.path}", False) if col.kind == "path" else (str(col.prop), col.inverse)
        if key not in self._cache:
            found: dict[URIRef, set[Value]] = defaultdict(set)
            for s, v in self._column_pairs(col):
                if isinstance(s, URIRef) and isinstance(v, URIRef | Literal):
                    found[s].add(v)
            self._cache[key] = {s: sorted(vs, key=_value_key) for s, vs in found.items()}
        return self._cache[key]

    def _column_pairs(self, col: Col) -> Iterable[tuple[object, object]]:
        """(row, value) pairs of a column, before the IRI and literal checks."""
        if col.kind == "path":
            assert col.path is not None
            return _path_pairs(self.graph, col.path)
        assert col.prop is not None
        pairs = self.graph.subject_objects(col.prop)
        return ((v, s) for s, v in pairs) if col.inverse else pairs


def _closure(graph: Graph, prop: URIRef) -> Iterable[tuple[object, object]]:
    """(x, y) for every ``x prop+ y``: the transitive closure, as SPARQL's ``prop+``."""
    direct: dict[object, set[object]] = defaultdict(set)
    for s, o in graph.subject_objects(prop):
        direct[s].add(o)
    for start in list(direct):
        seen: set[object] = set()
        todo = list(direct[start])
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            todo.extend(direct.get(node, ()))
        for end in seen:
            yield start, end


def _path_pairs(graph: Graph, path: str) -> Iterable[tuple[object, object]]:
    """(start, end) pairs of a sequence path written as CURIEs of PREFIXES (``a:b/c:d``)."""
    steps = [_expand(step) for step in path.split("/")]
    pairs: set[tuple[object, object]] = {(s, o) for s, o in graph.subject_objects(steps[0])}
    for step in steps[1:]:
        pairs = {(s, end) for s, mid in pairs for end in graph.objects(mid, step)}  # type: ignore[arg-type]
    return pairs


def _expand(curie: str) -> URIRef:
    prefix, _, local = curie.strip().partition(":")
    if prefix not in PREFIXES or not local:
        raise ValueError(f"a derived column's path must be CURIEs joined by '/', got {curie!r}")
    return URIRef(str(PREFIXES[prefix]) + local)


def _label_rank(label: Literal) -> tuple[int, str, str]:
    lang = label.language or ""
    return (0 if lang == "en" else 1 if not lang else 2, lang, str(label))


def _value_key(value: Value) -> tuple[str, str, str]:
    if isinstance(value, Literal):
        return (str(value), value.language or "", str(value.datatype or ""))
    return (str(value), "", "")


# ---------------------------------------------------------------------------
# Building the tables
# ---------------------------------------------------------------------------


@dataclass
class _Column:
    """One CSV column with its CSVW description."""

    name: str
    meta: dict[str, object]
    cells: dict[URIRef, str] = field(default_factory=dict)


@dataclass
class _Table:
    spec: TableSpec
    rows: list[URIRef]
    columns: list[_Column]
    virtual: list[dict[str, object]]


def _curie(iri: URIRef | str) -> str:
    """A compact IRI with the longest matching prefix of PREFIXES, for descriptions."""
    text = str(iri)
    matches = [(len(str(ns)), p) for p, ns in PREFIXES.items() if text.startswith(str(ns))]
    if not matches:
        return text
    prefix = max(matches)[1]
    return f"{prefix}:{text[len(str(PREFIXES[prefix])) :]}"


def _check_template_safe(iri: URIRef) -> str:
    text = str(iri)
    if not _TEMPLATE_SAFE.match(text):
        raise ValueError(
            f"IRI {text!r} has characters that a CSVW URI template would percent-encode; "
            "it cannot be written to a CSVW table that maps back to the same IRI"
        )
    return text


def _csvw_datatype(lang: str | None, datatype: URIRef | None) -> dict[str, object]:
    if lang:
        return {"lang": lang}
    if datatype is None or datatype == XSD.string:
        return {"datatype": "string"}
    local = str(datatype)[len(str(XSD)) :] if str(datatype).startswith(str(XSD)) else ""
    if local in _CSVW_BUILTIN:
        return {"datatype": local}
    return {"datatype": {"base": "string", "@id": str(datatype)}}


def _flavour_suffix(lang: str | None, datatype: URIRef | None) -> str:
    if lang:
        return re.sub(r"[^A-Za-z0-9]", "_", lang.lower())
    if datatype is None or datatype == XSD.string:
        return "plain"
    return re.sub(r"[^A-Za-z0-9]", "_", str(datatype).rsplit("#", 1)[-1].rsplit("/", 1)[-1])


def _literal_flavour(value: Literal) -> tuple[str | None, URIRef | None]:
    datatype = None if value.datatype in (None, XSD.string) else value.datatype
    return (value.language, datatype)


def _build_table(spec: TableSpec, facts: _Facts, relations: list[tuple[str, ...]]) -> _Table:
    rows = facts.members(spec.kind)
    for row in rows:
        _check_template_safe(row)
    columns: list[_Column] = [
        _Column(
            spec.key,
            {
                "name": spec.key,
                "titles": spec.key,
                "required": True,
                "suppressOutput": True,
                "dc:description": "IRI of the row's resource, the subject of the row's statements",
            },
            {row: str(row) for row in rows},
        )
    ]

    def relation_columns(
        name: str,
        prop: URIRef,
        values: dict[URIRef, list[Value]],
        *,
        inverse: bool,
        declared_multi: bool,
        labelled: bool,
        what: str,
    ) -> None:
        iris = {r: [v for v in values.get(r, []) if isinstance(v, URIRef)] for r in rows}
        multi = declared_multi or any(len(v) > 1 for v in iris.values())
        cells = {r: IRI_SEPARATOR.join(str(v) for v in vs) for r, vs in iris.items() if vs}
        meta: dict[str, object] = {"name": name, "titles": name, "propertyUrl": str(prop)}
        if multi:
            meta.update(
                {
                    "separator": IRI_SEPARATOR,
                    "suppressOutput": True,
                    "dc:description": f"{what}: IRIs separated by a space; as RDF in "
                    f"{RELATIONS}, one row per value",
                }
            )
            for r, vs in iris.items():
                for v in vs:
                    subject, obj = (v, r) if inverse else (r, v)
                    relations.append(
                        (
                            spec.file,
                            name,
                            _check_template_safe(subject),
                            facts.labels.get(subject, ""),
                            str(prop),
                            _check_template_safe(obj),
                            facts.labels.get(obj, ""),
                        )
                    )
        else:
            for vs in iris.values():
                for v in vs:
                    _check_template_safe(v)
            if inverse:
                meta.update({"aboutUrl": f"{{+{name}}}", "valueUrl": f"{{+{spec.key}}}"})
            else:
                meta["valueUrl"] = f"{{+{name}}}"
            meta["dc:description"] = f"{what} (IRI)"
        columns.append(_Column(name, meta, cells))
        if labelled:
            label_meta: dict[str, object] = {
                "name": f"{name}_label",
                "titles": f"{name}_label",
                "suppressOutput": True,
                "dc:description": f"rdfs:label of the {name} value"
                + ("s, in the same order" if multi else ""),
            }
            if multi:
                label_meta["separator"] = TEXT_SEPARATOR
            label_cells = {
                r: TEXT_SEPARATOR.join(facts.labels.get(v, "") for v in vs)
                for r, vs in iris.items()
                if vs
            }
            columns.append(_Column(f"{name}_label", label_meta, label_cells))

    classes = {r: facts.classes(r) for r in rows}
    one_class = bool(rows) and all(classes[r] == [spec.kind] for r in rows)

    def class_column() -> None:
        relation_columns(
            "class",
            RDF.type,
            classes,  # type: ignore[arg-type]
            inverse=False,
            declared_multi=False,
            labelled=True,
            what="rdf:type, the most specific classes",
        )

    if not one_class and (not spec.columns or spec.columns[0] is not LABEL):
        class_column()
    for col in spec.columns:
        if col.kind == "iri":
            assert col.prop is not None
            verb = f"^{_curie(col.prop)}" if col.inverse else _curie(col.prop)
            relation_columns(
                col.name,
                col.prop,
                facts.values(col),
                inverse=col.inverse,
                declared_multi=col.multi,
                labelled=col.labelled,
                what=verb,
            )
        elif col.kind == "literal":
            columns.extend(_literal_columns(col, rows, facts.values(col)))
        else:
            columns.extend(_path_columns(col, rows, facts))
        if col is LABEL and not one_class:
            class_column()

    virtual: list[dict[str, object]] = []
    if one_class:
        virtual.append(
            {
                "name": "rdf_type",
                "virtual": True,
                "propertyUrl": str(RDF.type),
                "valueUrl": str(spec.kind),
                "dc:description": f"every row is an instance of {_curie(spec.kind)}",
            }
        )
    return _Table(spec, rows, columns, virtual)


def _literal_columns(
    col: Col, rows: list[URIRef], values: dict[URIRef, list[Value]]
) -> list[_Column]:
    """The main column of the declared language or datatype, and one per other flavour found."""
    assert col.prop is not None
    main = (col.lang, col.datatype)
    by_flavour: dict[tuple[str | None, URIRef | None], dict[URIRef, list[str]]] = defaultdict(
        lambda: defaultdict(list)
    )
    by_flavour[main]  # noqa: B018 - the main column is written even when empty
    for r in rows:
        for v in values.get(r, []):
            if isinstance(v, Literal):
                by_flavour[_literal_flavour(v)][r].append(str(v))
    out = []
    ordered = [
        main,
        *sorted((f for f in by_flavour if f != main), key=lambda f: _flavour_suffix(*f)),
    ]
    for flavour in ordered:
        cells_lists = by_flavour[flavour]
        name = col.name if flavour == main else f"{col.name}_{_flavour_suffix(*flavour)}"
        multi = col.multi or any(len(v) > 1 for v in cells_lists.values())
        for texts in cells_lists.values():
            for text in texts:
                if multi and TEXT_SEPARATOR in text:
                    raise ValueError(
                        f"{col.name}: the value {text!r} contains the separator {TEXT_SEPARATOR!r}"
                    )
                if text == "":
                    raise ValueError(f"{col.name}: an empty literal cannot be written to CSVW")
        meta: dict[str, object] = {"name": name, "titles": name, "propertyUrl": str(col.prop)}
        meta.update(_csvw_datatype(*flavour))
        if multi:
            meta["separator"] = TEXT_SEPARATOR
        meta["dc:description"] = _curie(col.prop) + (
            f" (several separated by {TEXT_SEPARATOR.strip()!r})" if multi else ""
        )
        cells = {r: TEXT_SEPARATOR.join(texts) for r, texts in cells_lists.items() if texts}
        out.append(_Column(name, meta, cells))
    return out


def _path_columns(col: Col, rows: list[URIRef], facts: _Facts) -> list[_Column]:
    values = facts.values(col)
    iris = {r: [v for v in values.get(r, []) if isinstance(v, URIRef)] for r in rows}
    meta: dict[str, object] = {
        "name": col.name,
        "titles": col.name,
        "separator": IRI_SEPARATOR,
        "suppressOutput": True,
        "dc:description": f"derived, not a statement of the graph: {col.note}",
    }
    out = [_Column(col.name, meta, {r: IRI_SEPARATOR.join(vs) for r, vs in iris.items() if vs})]
    if col.labelled:
        out.append(
            _Column(
                f"{col.name}_label",
                {
                    "name": f"{col.name}_label",
                    "titles": f"{col.name}_label",
                    "separator": TEXT_SEPARATOR,
                    "suppressOutput": True,
                    "dc:description": f"rdfs:label of the {col.name} values, in the same order",
                },
                {
                    r: TEXT_SEPARATOR.join(facts.labels.get(v, "") for v in vs)
                    for r, vs in iris.items()
                    if vs
                },
            )
        )
    return out


_RELATION_COLUMNS: list[dict[str, object]] = [
    {
        "name": "table",
        "titles": "table",
        "suppressOutput": True,
        "dc:description": "the table whose column lists these values",
    },
    {
        "name": "column",
        "titles": "column",
        "suppressOutput": True,
        "dc:description": "the column of that table",
    },
    {
        "name": "subject",
        "titles": "subject",
        "required": True,
        "suppressOutput": True,
        "dc:description": "IRI of the statement's subject",
    },
    {
        "name": "subject_label",
        "titles": "subject_label",
        "suppressOutput": True,
        "dc:description": "rdfs:label of the subject",
    },
    {
        "name": "property",
        "titles": "property",
        "required": True,
        "suppressOutput": True,
        "dc:description": "IRI of the property",
    },
    {
        "name": "object",
        "titles": "object",
        "required": True,
        "propertyUrl": "{+property}",
        "valueUrl": "{+object}",
        "dc:description": "IRI of the statement's object",
    },
    {
        "name": "object_label",
        "titles": "object_label",
        "suppressOutput": True,
        "dc:description": "rdfs:label of the object",
    },
]


def _csv_text(header: list[str], rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def build_tables(graph: Graph) -> dict[str, str]:
    """Every table's CSV text and the CSVW metadata, by file name."""
    facts = _Facts(graph)
    relations: list[tuple[str, ...]] = []
    tables = [_build_table(spec, facts, relations) for spec in TABLES]
    files: dict[str, str] = {}
    described: list[dict[str, object]] = []
    for table in tables:
        header = [c.name for c in table.columns]
        body = [[c.cells.get(r, "") for c in table.columns] for r in table.rows]
        files[table.spec.file] = _csv_text(header, body)
        described.append(
            {
                "url": table.spec.file,
                "dc:title": table.spec.title,
                "dc:description": table.spec.description,
                "tableSchema": {
                    "aboutUrl": f"{{+{table.spec.key}}}",
                    "primaryKey": table.spec.key,
                    "columns": [c.meta for c in table.columns] + table.virtual,
                },
            }
        )
    relation_rows = sorted(set(relations))
    files[RELATIONS] = _csv_text(
        [str(c["name"]) for c in _RELATION_COLUMNS], [list(r) for r in relation_rows]
    )
    described.append(
        {
            "url": RELATIONS,
            "dc:title": "Relations with several values",
            "dc:description": "One row per value of every relation that has more than one value "
            "in some row of the tables above (CSVW maps a cell to at most one IRI).",
            "tableSchema": {
                "aboutUrl": "{+subject}",
                "primaryKey": ["table", "subject", "property", "object"],
                "columns": _RELATION_COLUMNS,
            },
        }
    )
    metadata = {
        "@context": CSVW_CONTEXT,
        "dc:title": "aigovkg: AI safety governance instruments and their interoperability",
        "dc:description": "The aigovkg knowledge graph as tables. Each table has the row's IRI, "
        "its label, and for each relation the linked resource's IRI and label. Convert to RDF "
        "with any CSV on the Web processor (minimal mode) to get the graph's statements back.",
        "dc:license": {"@id": "https://creativecommons.org/licenses/by/4.0/"},
        "dialect": {"header": True, "encoding": "utf-8", "trim": False},
        "tables": described,
    }
    files[METADATA] = json.dumps(metadata, indent=2, ensure_ascii=False) + "\n"
    return files


def write_tables(kg: KnowledgeGraph, out: Path, graph: Graph | None = None) -> list[Path]:
    """Write the CSV tables and csv-metadata.json into out/; return the files written.

    graph is kg.graph (ontology, data and inferences), when the caller has it already.
    """
    files = build_tables(kg.graph if graph is None else graph)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        path = out / name
        path.write_text(text, encoding="utf-8", newline="")
        written.append(path)
    return written
