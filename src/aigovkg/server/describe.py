"""What a linked-data page shows about a resource, read from a pyoxigraph store.

Pages and the SPARQL endpoint read the same graph; the pages run a handful
of small bounded queries in the server process, while arbitrary client
queries go to the killable workers of :mod:`.executor`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pyoxigraph

from aigovkg.namespaces import AGK, AGKD, PREFIXES

#: Incoming links shown per page; hubs (a class with thousands of instances) say how many more.
INCOMING_LIMIT = 300
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SKOS_PREF = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
PREFIX_MAP: dict[str, str] = {k: str(v) for k, v in PREFIXES.items()}


@dataclass(frozen=True)
class Term:
    """An RDF term as a page shows it: text, and a link when it is an IRI."""

    text: str
    href: str | None = None
    iri: str | None = None
    datatype: str | None = None
    language: str | None = None


@dataclass
class Evidence:
    quote: str
    source: Term
    supports: Term | None


@dataclass
class ResourceView:
    """Everything a resource page lists."""

    iri: str
    label: str
    types: list[Term] = field(default_factory=list)
    outgoing: list[tuple[Term, Term]] = field(default_factory=list)
    incoming: list[tuple[Term, Term]] = field(default_factory=list)
    incoming_total: int = 0
    evidence: list[Evidence] = field(default_factory=list)


ONTOLOGY_MODULES = "https://w3id.org/aigovkg/ontology/"


def local_href(iri: str) -> str:
    """Where this server shows an IRI: minted IRIs at their own path, others by lookup."""
    if iri.startswith(str(AGKD)):
        return "/id/" + iri[len(str(AGKD)) :]
    if iri.startswith(ONTOLOGY_MODULES):
        return "/ontology/" + iri[len(ONTOLOGY_MODULES) :]
    return "/resource?iri=" + quote(iri, safe="")


def curie(iri: str) -> str:
    """The shortest prefixed name for an IRI, or the IRI itself."""
    best = ""
    for prefix, ns in PREFIX_MAP.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, name = ns, f"{prefix}:{iri[len(ns) :]}"
    return name if best else iri


def _nt(iri: str) -> str:
    return "<" + iri.replace(">", "%3E") + ">"


class Describer:
    """Bounded lookups for pages: labels, descriptions, indexes."""

    def __init__(self, store: pyoxigraph.Store) -> None:
        self.store = store

    def _select(self, query: str) -> list[Any]:
        result = self.store.query(query, prefixes=PREFIX_MAP)
        assert isinstance(result, pyoxigraph.QuerySolutions)
        return list(result)

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        """English (or untagged) labels for many IRIs in one query."""
        wanted = sorted(set(iris))
        if not wanted:
            return {}
        values = " ".join(_nt(i) for i in wanted)
        rows = self._select(
            f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} ?s {LABEL}|{SKOS_PREF} ?l "
            "FILTER(LANG(?l) = '' || LANGMATCHES(LANG(?l), 'en')) }"
        )
        out: dict[str, str] = {}
        for row in sorted(rows, key=lambda r: (r["s"].value, r["l"].value)):
            out.setdefault(row["s"].value, row["l"].value)
        return out

    def exists(self, iri: str) -> bool:
        result = self.store.query(f"ASK {{ {{ {_nt(iri)} ?p ?o }} UNION {{ ?s ?p {_nt(iri)} }} }}")
        return bool(result)

    def term(self, node: Any, labels: dict[str, str]) -> Term:
        if isinstance(node, pyoxigraph.NamedNode):
            iri = node.value
            return Term(labels.get(iri) or curie(iri), local_href(iri), iri)
        if isinstance(node, pyoxigraph.Literal):
            dt = node.datatype.value if node.datatype else None
            short = None if dt == "http://www.w3.org/2001/XMLSchema#string" else dt
            return Term(node.value, None, None, curie(short) if short else None, node.language)
        return Term(str(node))

    def describe(self, iri: str) -> ResourceView | None:
        """The page content for one IRI; None when the graph says nothing about it."""
        if not self.exists(iri):
            return None
        subject = _nt(iri)
        out_rows = self._select(f"SELECT ?p ?o WHERE {{ {subject} ?p ?o }}")
        in_rows = self._select(
            f"SELECT ?s ?p WHERE {{ ?s ?p {subject} }} ORDER BY ?p ?s LIMIT {INCOMING_LIMIT}"
        )
        total_rows = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p {subject} }}")
        ev_rows = self._select(
            f"SELECT ?quote ?src ?prop WHERE {{ {subject} agk:hasEvidence ?ev . "
            "?ev agk:quote ?quote ; prov:wasQuotedFrom ?src . "
            "OPTIONAL { ?ev agk:supportsProperty ?prop } }"
        )
        iris = {iri}
        for row in out_rows:
            iris.update(
                n.value for n in (row["p"], row["o"]) if isinstance(n, pyoxigraph.NamedNode)
            )
        for row in in_rows:
            iris.update(
                n.value for n in (row["s"], row["p"]) if isinstance(n, pyoxigraph.NamedNode)
            )
        for row in ev_rows:
            iris.update(
                n.value for n in (row["src"], row["prop"]) if isinstance(n, pyoxigraph.NamedNode)
            )
        labels = self.labels(iris)
        rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
        view = ResourceView(iri, labels.get(iri) or curie(iri))
        for row in out_rows:
            pair = (self.term(row["p"], labels), self.term(row["o"], labels))
            if row["p"].value == rdf_type:
                view.types.append(pair[1])
            elif row["p"].value != str(AGK.hasEvidence):
                view.outgoing.append(pair)
        view.outgoing.sort(key=lambda pair: (pair[0].text, pair[1].text))
        view.types.sort(key=lambda t: t.text)
        view.incoming = sorted(
            ((self.term(row["p"], labels), self.term(row["s"], labels)) for row in in_rows),
            key=lambda pair: (pair[0].text, pair[1].text),
        )
        view.incoming_total = int(total_rows[0]["n"].value) if total_rows else 0
        view.evidence = sorted(
            (
                Evidence(
                    row["quote"].value,
                    self.term(row["src"], labels),
                    self.term(row["prop"], labels) if row["prop"] is not None else None,
                )
                for row in ev_rows
            ),
            key=lambda e: (e.source.text, e.quote),
        )
        return view

    def classes(self) -> list[tuple[Term, int]]:
        """Classes with instances, and how many (instances of subclasses included)."""
        rows = self._select(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a/rdfs:subClassOf* ?c . "
            "FILTER(isIRI(?c) && !STRSTARTS(STR(?c), STR(owl:)) && !STRSTARTS(STR(?c), STR(rdfs:)))"
            " } GROUP BY ?c"
        )
        labels = self.labels(row["c"].value for row in rows)
        out = [(self.term(row["c"], labels), int(row["n"].value)) for row in rows]
        return sorted(out, key=lambda item: (item[0].text.lower(), item[0].iri or ""))

    def instances(self, class_iri: str) -> list[Term]:
        rows = self._select(
            "SELECT DISTINCT ?s WHERE { "
            f"?s a/rdfs:subClassOf* {_nt(class_iri)} FILTER(isIRI(?s)) }}"
        )
        labels = self.labels(row["s"].value for row in rows)
        return sorted((self.term(row["s"], labels) for row in rows), key=lambda t: t.text.lower())

    def jurisdictions(self) -> list[tuple[Term, str]]:
        """Jurisdictions with their ISO code (empty where they have none)."""
        rows = self._select(
            "SELECT DISTINCT ?j ?code WHERE { ?j a/rdfs:subClassOf* agk:Jurisdiction . "
            "OPTIONAL { ?j agk:iso3166Code ?code } FILTER(STRSTARTS(STR(?j), STR(agkd:))) }"
        )
        labels = self.labels(row["j"].value for row in rows)
        out = [
            (self.term(row["j"], labels), row["code"].value if row["code"] is not None else "")
            for row in rows
        ]
        return sorted(out, key=lambda item: item[0].text.lower())

    def of_jurisdiction(self, iri: str) -> list[tuple[Term, Term]]:
        """Everything whose agk:jurisdiction or link party is this jurisdiction, with its type."""
        j = _nt(iri)
        rows = self._select(
            "SELECT DISTINCT ?s ?c WHERE { ?s agk:jurisdiction|agk:involves|agk:party"
            f"|agk:aligningParty|agk:grantingParty|agk:recognisedParty|org:member {j} . ?s a ?c . "
            "FILTER(STRSTARTS(STR(?c), STR(agk:)) || STRSTARTS(STR(?c), STR(org:))) }"
        )
        labels = self.labels([r["s"].value for r in rows] + [r["c"].value for r in rows])
        best: dict[str, tuple[Term, Term]] = {}
        for row in sorted(rows, key=lambda r: (r["s"].value, r["c"].value)):
            best.setdefault(
                row["s"].value, (self.term(row["c"], labels), self.term(row["s"], labels))
            )
        return sorted(best.values(), key=lambda pair: (pair[0].text, pair[1].text.lower()))

    def terms(self, base: str) -> list[tuple[Term, str, str]]:
        """The ontology's own terms: (term, kind, definition), for the ontology index."""
        rows = self._select(
            "SELECT ?t (SAMPLE(?k) AS ?kind) (SAMPLE(?d) AS ?def) WHERE { ?t a ?k . "
            f"FILTER(STRSTARTS(STR(?t), '{base}#')) "
            "FILTER(?k IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty, "
            "owl:AnnotationProperty, skos:Concept, skos:ConceptScheme, owl:NamedIndividual)) "
            "OPTIONAL { ?t skos:definition ?d } } GROUP BY ?t"
        )
        labels = self.labels(row["t"].value for row in rows)
        out = [
            (
                self.term(row["t"], labels),
                curie(row["kind"].value),
                row["def"].value if row["def"] is not None else "",
            )
            for row in rows
        ]
        return sorted(out, key=lambda item: (item[1], item[0].text.lower()))
