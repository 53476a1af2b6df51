"""Synthetic governance graphs with the real ontology's shape, at any size, with planted errors.

The benchmarks need graphs of 10k to 5M triples that look like ``data/`` to
the shapes, the reasoner and the competency queries: jurisdictions (unions,
countries, sub-national parts), their regulators, ministries, AI safety
institutes and standards bodies, instruments with binding nature, domain,
status and issuer, dated events at the precision a source would give,
governance profiles with the seven UNU elements, interoperability links in
every role (granting/recognised, parties through an agreement or forum,
aligning instrument and benchmark, unnamed other side), international
standards joined by equivalence and alignment chains, memberships, barriers,
recommendations, and evidence nodes (source + verbatim quote) on every
fact-bearing node. Blank nodes never occur: evidence gets an IRI, as the
build's skolemisation gives it one.

The graph is built in *blocks*, one per jurisdiction, so a size is a number
of blocks; a cheap dry run measures triples per block. Every IRI is under
``https://w3id.org/aigovkg/id/synthetic/`` except the few the competency
queries name in their default parameters (``agkd:eu``, ``agkd:kr``,
``agkd:gb``, ``agkd:sg``, ``agkd:inasi``): the first blocks use those, so
every query answers with rows at its defaults.

A known number of SHACL violations of each kind in :data:`KINDS` is planted
in blocks spread evenly through the file, each breaking exactly one
constraint of ``shapes/data.ttl`` on one focus node, so a validator must
report exactly those results. Everything else conforms (tested with pySHACL
in ``tests/test_benchmarks.py``).

Beside the N-Triples file the generator writes ``<name>.inferred.nt``: the
entailments the competency queries rely on (the defined classes HermiT fills
in ``dist/inferred.ttl``: link classes per type, the link's dimension,
directed recognition, crosswalks, legally binding / non-binding
instruments), so queries can be timed on data + ontology + inferences
without depending on a reasoner, and a reasoner's output can be checked
against them.

Output is written streaming (a 5M-triple graph never sits in memory) and is
byte-identical for a seed.

    python benchmarks/generate.py --triples 100000 --seed 1 --out /tmp/g.nt
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

SYN = "https://w3id.org/aigovkg/id/synthetic/"
AGKD = "https://w3id.org/aigovkg/id/"
AGK = "https://w3id.org/aigovkg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
TIME = "http://www.w3.org/2006/time#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SCHEMA = "https://schema.org/"

#: Violation kinds, named "<NodeShape>/<constraint>:<property>" after the shape and
#: constraint component they break (``/or`` for the node-level sh:or).
KINDS = (
    "EvidencedShape/minCount:hasEvidence",
    "LabelledShape/minCount:label",
    "EvidenceShape/minLength:quote",
    "EvidenceShape/class:wasQuotedFrom",
    "JurisdictionShape/pattern:iso3166Code",
    "InstrumentShape/in:bindingNature",
    "GovernanceEventShape/datatype:inXSDDate",
    "MembershipShape/minCount:role",
    "InteroperabilityLinkShape/or",
)

#: The jurisdictions and network the competency queries' default parameters name.
ANCHOR_JURISDICTIONS = (
    ("eu", "EU", "European Union"),
    ("kr", "KR", "South Korea"),
    ("gb", "GB", "United Kingdom"),
    ("sg", "SG", "Singapore"),
)
INASI = AGKD + "inasi"

DOMAINS = (
    "AutonomousVehicles",
    "Education",
    "CrossBorderDataFlows",
    "GeneralPurposeAI",
    "AISafetyGeneral",
)
PRINCIPLES = (
    "Safety",
    "Security",
    "Accountability",
    "Transparency",
    "Explainability",
    "Fairness",
    "Justice",
    "Contestability",
    "Adaptability",
    "Privacy",
    "HumanDignity",
    "HumanCentricity",
    "Protection",
    "Sustainability",
    "DataSovereignty",
    "Trustworthiness",
    "Inclusiveness",
)
TYPE_DIMENSION = {
    "Harmonisation": ("HarmonisationLink", "LegalInteroperability"),
    "Standardisation": ("StandardisationLink", "LegalInteroperability"),
    "MutualRecognition": ("MutualRecognitionLink", "LegalInteroperability"),
    "Cooperation": ("CooperationLink", "LegalInteroperability"),
    "TechnicalStandardisation": ("TechnicalStandardisationLink", "TechnicalInteroperability"),
    "Collaboration": ("CollaborationLink", "TechnicalInteroperability"),
    "InfrastructureForIntegration": ("InfrastructureLink", "TechnicalInteroperability"),
    "SharedTerminology": ("SharedTerminologyLink", "EthicalInteroperability"),
    "CompatibleAssessmentMechanisms": ("CompatibleAssessmentLink", "EthicalInteroperability"),
    "MultiStakeholderEngagement": ("MultiStakeholderLink", "EthicalInteroperability"),
}
DIMENSIONS = ("EthicalInteroperability", "LegalInteroperability", "TechnicalInteroperability")
WORDS = (
    "safe",
    "trustworthy",
    "data",
    "flows",
    "testing",
    "evaluation",
    "risk",
    "model",
    "oversight",
    "transparency",
    "standards",
    "cooperation",
    "assessment",
    "systems",
    "security",
    "privacy",
    "innovation",
    "accountability",
    "governance",
    "deployment",
)


@dataclass
class GeneratedGraph:
    """A generated graph on disk and what was planted in it."""

    path: Path
    triples: int
    planted: dict[str, int]
    planted_focus: dict[str, list[str]]
    seed: int = 0
    blocks: int = 0
    inferred_path: Path | None = None
    inferred_triples: int = 0

    def manifest(self) -> dict[str, object]:
        """A JSON-ready description (kept beside the graph, read back by the runner)."""
        return {
            "path": str(self.path),
            "triples": self.triples,
            "seed": self.seed,
            "blocks": self.blocks,
            "planted": self.planted,
            "planted_focus": self.planted_focus,
            "inferred_path": str(self.inferred_path) if self.inferred_path else None,
            "inferred_triples": self.inferred_triples,
        }

    @classmethod
    def from_manifest(cls, data: dict[str, Any]) -> GeneratedGraph:
        inferred = data.get("inferred_path")
        return cls(
            path=Path(data["path"]),
            triples=int(data["triples"]),
            planted={str(k): int(v) for k, v in data["planted"].items()},
            planted_focus={str(k): list(v) for k, v in data["planted_focus"].items()},
            seed=int(data["seed"]),
            blocks=int(data["blocks"]),
            inferred_path=Path(inferred) if inferred else None,
            inferred_triples=int(data["inferred_triples"]),
        )


# ---------------------------------------------------------------------------
# N-Triples writing
# ---------------------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


class Sink:
    """Streams N-Triples lines to a file (or nowhere, for a dry run), counting them."""

    def __init__(self, out: IO[str] | None) -> None:
        self.out = out
        self.count = 0
        self._buffer: list[str] = []

    def _line(self, line: str) -> None:
        self.count += 1
        if self.out is not None:
            self._buffer.append(line)
            if len(self._buffer) >= 8192:
                self.flush()

    def flush(self) -> None:
        if self.out is not None and self._buffer:
            self.out.write("".join(self._buffer))
            self._buffer.clear()

    def iri(self, s: str, p: str, o: str) -> None:
        self._line(f"<{s}> <{p}> <{o}> .\n")

    def a(self, s: str, cls: str) -> None:
        self.iri(s, RDF_TYPE, AGK + cls)

    def text(self, s: str, p: str, value: str, lang: str | None = None) -> None:
        suffix = f"@{lang}" if lang else ""
        self._line(f'<{s}> <{p}> "{_escape(value)}"{suffix} .\n')

    def typed(self, s: str, p: str, value: str, datatype: str) -> None:
        self._line(f'<{s}> <{p}> "{_escape(value)}"^^<{XSD}{datatype}> .\n')

    def label(self, s: str, value: str) -> None:
        self.text(s, RDFS + "label", value, "en")


# ---------------------------------------------------------------------------
# The plan: how many blocks and pools, where violations go
# ---------------------------------------------------------------------------


@dataclass
class Plan:
    """Sizes derived from the number of blocks, and the planted violations' places."""

    blocks: int
    seed: int
    per_kind: int
    sources: int = field(init=False)
    forums: int = field(init=False)
    sdos: int = field(init=False)
    standards: int = field(init=False)
    barriers: int = field(init=False)
    plant_at: dict[str, set[int]] = field(init=False)

    def __post_init__(self) -> None:
        self.sources = max(12, self.blocks // 4)
        self.forums = max(3, self.blocks // 20)
        self.sdos = max(2, self.blocks // 50)
        self.standards = max(10, self.blocks // 2)
        self.barriers = max(3, self.blocks // 10)
        self.plant_at = {kind: self._spread(i) for i, kind in enumerate(KINDS)}

    def _spread(self, offset: int) -> set[int]:
        """Blocks evenly spaced through the file, shifted per kind so kinds interleave."""
        count = min(self.per_kind, self.blocks)
        if count <= 0:
            return set()
        step = self.blocks / count
        return {(int(k * step) + offset) % self.blocks for k in range(count)}

    def planted(self, kind: str, block: int) -> bool:
        return block in self.plant_at[kind]


def violations_per_kind(triples: int) -> int:
    """How many violations of each kind a graph of this size gets: at least 3, 1 per 50k."""
    return max(3, triples // 50_000)


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------


def jurisdiction(i: int) -> str:
    """The IRI of block i's jurisdiction (the first four are the real anchors)."""
    if i < len(ANCHOR_JURISDICTIONS):
        return AGKD + ANCHOR_JURISDICTIONS[i][0]
    return f"{SYN}j{i}"


def iso_code(i: int) -> str:
    """An ISO-3166-shaped code: two letters, then a subdivision suffix once they run out."""
    if i < len(ANCHOR_JURISDICTIONS):
        return ANCHOR_JURISDICTIONS[i][1]
    letters = chr(65 + (i % 676) // 26) + chr(65 + i % 26)
    if i < 676:
        return letters
    rest, digits = i // 676, ""
    while rest:
        rest, d = divmod(rest, 36)
        digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[d] + digits
    return f"{letters}-{digits[-3:]}"


def jurisdiction_name(i: int) -> str:
    if i < len(ANCHOR_JURISDICTIONS):
        return ANCHOR_JURISDICTIONS[i][2]
    return f"Synthetic Jurisdiction {i}"


def node(i: int, slug: str) -> str:
    return f"{SYN}j{i}-{slug}"


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------


class Generator:
    """Writes one synthetic graph block by block; see the module docstring."""

    def __init__(self, plan: Plan, sink: Sink, inferred: Sink) -> None:
        self.plan = plan
        self.out = sink
        self.inferred = inferred
        self.rng = random.Random(plan.seed)
        self.evidence_count = 0
        self.focus: dict[str, list[str]] = {kind: [] for kind in KINDS}

    # -- helpers -------------------------------------------------------------

    def sentence(self, lead: str, words: int = 10) -> str:
        """A deterministic pseudo-quote: the lead and some domain words."""
        return lead + " " + " ".join(self.rng.choice(WORDS) for _ in range(words)) + "."

    def source(self) -> str:
        return f"{SYN}src-{self.rng.randrange(self.plan.sources)}"

    def evidence(
        self,
        subject: str,
        lead: str,
        *,
        source: str | None = None,
        supports: str | None = None,
        quote: str | None = None,
    ) -> str:
        """An agk:Evidence on subject: its source and a quote (as the build skolemises it)."""
        self.evidence_count += 1
        ev = f"{SYN}evidence-{self.evidence_count}"
        out = self.out
        out.iri(subject, AGK + "hasEvidence", ev)
        out.a(ev, "Evidence")
        out.iri(ev, PROV + "wasQuotedFrom", source or self.source())
        out.text(ev, AGK + "quote", quote if quote is not None else self.sentence(lead))
        if supports:
            out.iri(ev, AGK + "supportsProperty", supports)
        return ev

    def plant(self, kind: str, focus: str) -> None:
        self.focus[kind].append(focus)

    def date(self, precision: str | None = None) -> tuple[str, str, str]:
        """(property, lexical value, datatype) of an event date at some precision."""
        year = self.rng.randrange(2015, 2031)
        month = self.rng.randrange(1, 13)
        day = self.rng.randrange(1, 29)
        precision = precision or self.rng.choice(("date", "date", "date", "month", "year"))
        if precision == "year":
            return TIME + "inXSDgYear", f"{year}", "gYear"
        if precision == "month":
            return TIME + "inXSDgYearMonth", f"{year}-{month:02d}", "gYearMonth"
        return TIME + "inXSDDate", f"{year}-{month:02d}-{day:02d}", "date"

    def link_entailments(
        self, link: str, link_type: str, *, directed: bool = False, crosswalk: bool = False
    ) -> None:
        cls, dimension = TYPE_DIMENSION[link_type]
        self.inferred.a(link, cls)
        self.inferred.iri(link, AGK + "dimension", AGK + dimension)
        if directed:
            self.inferred.a(link, "DirectedRecognition")
        if crosswalk:
            self.inferred.a(link, "Crosswalk")

    # -- the global part -------------------------------------------------------

    def write_global(self) -> None:
        self.write_sources()
        self.write_international_bodies()
        self.write_international_standards()
        self.write_barriers()

    def write_sources(self) -> None:
        kinds = (
            "PressArticle",
            "IndustryAssociationNote",
            "PrimaryInstitutionalDocument",
            "PrimaryInstitutionalDocument",
            "PrimaryInstitutionalDocument",
        )
        out = self.out
        for k in range(self.plan.sources):
            src = f"{SYN}src-{k}"
            out.a(src, "SourceDocument")
            out.label(src, f"Synthetic source {k}")
            out.text(src, DCT + "title", f"Synthetic source document number {k}", "en")
            out.text(src, DCT + "publisher", f"Synthetic Publisher {k % 7}")
            out.iri(src, AGK + "sourceKind", AGK + kinds[k % len(kinds)])
            out.text(src, AGK + "sourceFile", f"synthetic_{k:05d}.txt")
            prop, value, dtype = self.date(("date", "month", "year")[k % 3])
            out.typed(src, DCT + "issued", value, dtype)

    def write_international_bodies(self) -> None:
        out = self.out
        out.a(INASI, "Network")
        out.label(INASI, "International Network of AI Safety Institutes")
        out.text(INASI, SKOS + "altLabel", "INASI", "en")
        self.evidence(INASI, "The network of AI safety institutes")
        launch = f"{SYN}event-inasi-launched"
        out.a(launch, "GovernanceEvent")
        out.label(launch, "International Network of AI Safety Institutes launched")
        out.iri(launch, AGK + "eventKind", AGK + "Launched")
        out.iri(launch, AGK + "concerns", INASI)
        out.typed(launch, TIME + "inXSDDate", "2024-11-20", "date")
        out.text(launch, AGK + "place", "San Francisco")
        self.evidence(launch, "The network was launched")
        for k in range(3):
            objective = f"{SYN}inasi-objective-{k}"
            out.a(objective, "Objective")
            out.label(objective, self.sentence("Network objective", 6))
            out.iri(INASI, RDFS + "seeAlso", objective)
            self.evidence(objective, "The network aims to")
        for k in range(self.plan.forums):
            forum = f"{SYN}forum-{k}"
            out.a(forum, "Forum")
            out.label(forum, f"Synthetic Forum {k}")
            self.evidence(forum, f"Synthetic Forum {k} brings together")
        for k in range(self.plan.sdos):
            sdo = f"{SYN}sdo-{k}"
            out.a(sdo, "StandardsBody")
            out.label(sdo, f"Synthetic International Standards Body {k}")
            self.evidence(sdo, "The international standards body")

    def write_international_standards(self) -> None:
        """International standards in equivalence / alignment chains of five."""
        out = self.out
        for k in range(self.plan.standards):
            std = f"{SYN}std-{k}"
            out.a(std, "TechnicalStandard")
            out.label(std, f"SYN {10000 + k} (synthetic international standard)")
            out.text(std, DCT + "identifier", f"SYN {10000 + k}")
            out.iri(std, AGK + "issuedBy", f"{SYN}sdo-{k % self.plan.sdos}")
            out.iri(std, AGK + "domain", AGK + DOMAINS[k % len(DOMAINS)])
            self.evidence(std, f"SYN {10000 + k} specifies")
            if k % 5 == 4 or k + 1 >= self.plan.standards:
                continue
            link = f"{SYN}link-std-{k}-std-{k + 1}"
            kind = "EquivalentTo" if k % 2 == 0 else "AlignsWith"
            out.a(link, "InteroperabilityLink")
            out.label(link, f"SYN {10000 + k} {kind} SYN {10001 + k}")
            out.iri(link, AGK + "interoperabilityType", AGK + "TechnicalStandardisation")
            out.iri(link, AGK + "domain", AGK + DOMAINS[k % len(DOMAINS)])
            out.iri(link, AGK + "aligningInstrument", std)
            out.iri(link, AGK + "benchmark", f"{SYN}std-{k + 1}")
            out.iri(link, AGK + "alignmentKind", AGK + kind)
            out.iri(link, AGK + "status", AGK + "Active")
            self.evidence(link, f"SYN {10000 + k} is aligned with SYN {10001 + k}")
            self.link_entailments(link, "TechnicalStandardisation")

    def write_barriers(self) -> None:
        out = self.out
        for k in range(self.plan.barriers):
            barrier = f"{SYN}barrier-{k}"
            out.a(barrier, "Barrier")
            out.label(barrier, f"Synthetic barrier {k}")
            out.iri(barrier, AGK + "dimension", AGK + DIMENSIONS[k % 3])
            self.evidence(barrier, "A barrier to interoperability is")
            rec = f"{SYN}recommendation-{k}"
            out.a(rec, "PolicyRecommendation")
            out.label(rec, f"Synthetic recommendation {k}")
            out.iri(rec, AGK + "dimension", AGK + DIMENSIONS[k % 3])
            out.text(rec, AGK + "recommendationTheme", f"Theme {k % 4}")
            out.iri(rec, AGK + "addressesBarrier", barrier)
            self.evidence(rec, "We recommend that")

    # -- one block per jurisdiction -------------------------------------------

    def write_block(self, i: int) -> None:
        self.write_jurisdiction(i)
        self.write_organisations(i)
        self.write_instruments(i)
        self.write_agreement(i)
        self.write_events(i)
        self.write_links(i)
        self.write_memberships(i)
        self.write_profiles(i)

    def partner(self, i: int, offset: int) -> int:
        return (i + offset) % self.plan.blocks

    def write_jurisdiction(self, i: int) -> None:
        """Unions every tenth block, sub-national parts at x9, countries otherwise."""
        out, j = self.out, jurisdiction(i)
        if i % 10 == 0:
            out.a(j, "SupranationalUnion")
        elif i % 10 == 9:
            out.a(j, "SubnationalJurisdiction")
            out.iri(j, AGK + "partOfJurisdiction", jurisdiction(i - 1))
            # agk:partOfJurisdiction is transitive: the country's union too
            self.inferred.iri(j, AGK + "partOfJurisdiction", jurisdiction(i - 9))
        else:
            out.a(j, "Country")
            out.iri(j, AGK + "partOfJurisdiction", jurisdiction(i - i % 10))
        out.label(j, jurisdiction_name(i))
        out.text(j, SKOS + "altLabel", f"J{i}", "en")
        code = iso_code(i)
        if self.plan.planted("JurisdictionShape/pattern:iso3166Code", i):
            code = code.lower() + "1"
            self.plant("JurisdictionShape/pattern:iso3166Code", j)
        out.text(j, AGK + "iso3166Code", code)

    def write_organisations(self, i: int) -> None:
        out, j = self.out, jurisdiction(i)
        name = jurisdiction_name(i)
        kinds = (
            ("regulator", "RegulatoryAuthority", "Data Protection Authority"),
            ("ministry", "GovernmentBody", "Ministry of Digital Affairs"),
            ("aisi", "AISafetyInstitute", "AI Safety Institute"),
            ("sdo", "StandardsBody", "Standards Institution"),
        )
        for slug, cls, title in kinds:
            org = node(i, slug)
            out.a(org, cls)
            if slug == "ministry" and self.plan.planted("LabelledShape/minCount:label", i):
                self.plant("LabelledShape/minCount:label", org)
            else:
                out.label(org, f"{name} {title}")
            out.text(org, SKOS + "altLabel", f"J{i}-{slug.upper()}", "en")
            out.iri(org, AGK + "jurisdiction", j)
            if slug == "regulator" and self.plan.planted("EvidenceShape/minLength:quote", i):
                ev = self.evidence(org, "", quote="ok")
                self.plant("EvidenceShape/minLength:quote", ev)
            else:
                self.evidence(org, f"The {title} of {name}")
        out.iri(node(i, "aisi"), AGK + "aiSafetyInstituteOf", j)
        out.iri(node(i, "aisi"), ORG + "subOrganizationOf", node(i, "ministry"))
        out.iri(node(i, "regulator"), AGK + "oversees", node(i, "aisi"))
        person = node(i, "signatory")
        out.a(person, "Person")
        out.label(person, f"Signatory of {name}")
        out.text(person, SCHEMA + "jobTitle", "Permanent Secretary")
        out.iri(person, AGK + "holdsOfficeIn", node(i, "ministry"))

    def instrument(
        self,
        i: int,
        slug: str,
        cls: str,
        *,
        issuer: str,
        binding: str | None,
        domain: str,
        status: str,
    ) -> str:
        """One instrument with jurisdiction, issuer, binding nature, domain, status, evidence."""
        out, inst = self.out, node(i, slug)
        out.a(inst, cls)
        out.label(inst, f"{jurisdiction_name(i)} {slug.replace('-', ' ')}")
        out.iri(inst, AGK + "jurisdiction", jurisdiction(i))
        out.iri(inst, AGK + "issuedBy", node(i, issuer))
        if binding is not None:
            if slug == "law" and self.plan.planted("InstrumentShape/in:bindingNature", i):
                binding = "MixedBinding"
                self.plant("InstrumentShape/in:bindingNature", inst)
            out.iri(inst, AGK + "bindingNature", AGK + binding)
            if binding in ("LegallyBinding", "NonBinding"):
                cls_name = (
                    "LegallyBindingInstrument"
                    if binding == "LegallyBinding"
                    else "NonBindingInstrument"
                )
                self.inferred.a(inst, cls_name)
        out.iri(inst, AGK + "domain", AGK + domain)
        out.iri(inst, AGK + "status", AGK + status)
        return inst

    def write_instruments(self, i: int) -> None:
        rng, out = self.rng, self.out
        law = self.instrument(
            i,
            "law",
            "Law",
            issuer="ministry",
            binding="LegallyBinding",
            domain="CrossBorderDataFlows",
            status="InForce",
        )
        self.evidence(law, "The Act provides that", supports=AGK + "bindingNature")
        regulation = self.instrument(
            i,
            "regulation",
            "Regulation",
            issuer="regulator",
            binding="LegallyBinding",
            domain="CrossBorderDataFlows",
            status="InForce",
        )
        out.iri(regulation, AGK + "partOfInstrument", law)
        self.evidence(regulation, "The implementing regulation sets")
        adequacy = self.instrument(
            i,
            "adequacy-regulations",
            "LegalInstrument",
            issuer="regulator",
            binding="LegallyBinding",
            domain="CrossBorderDataFlows",
            status="InForce",
        )
        self.evidence(adequacy, "Adequacy regulations recognise")
        guideline = self.instrument(
            i,
            "guideline",
            "Guideline",
            issuer="regulator",
            binding="NonBinding",
            domain=rng.choice(DOMAINS),
            status=rng.choice(("Adopted", "Draft", "Active")),
        )
        if self.plan.planted("EvidencedShape/minCount:hasEvidence", i):
            self.plant("EvidencedShape/minCount:hasEvidence", guideline)
        else:
            self.evidence(guideline, "The guidelines encourage")
        framework = self.instrument(
            i,
            "framework",
            "Framework",
            issuer="ministry",
            binding="NonBinding",
            domain="AISafetyGeneral",
            status="Adopted",
        )
        if self.plan.planted("EvidenceShape/class:wasQuotedFrom", i):
            ev = self.evidence(framework, "The framework rests on", source=jurisdiction(i))
            self.plant("EvidenceShape/class:wasQuotedFrom", ev)
        else:
            self.evidence(framework, "The framework rests on")
        strategy = self.instrument(
            i,
            "strategy",
            "Strategy",
            issuer="ministry",
            binding=None,
            domain="GeneralPurposeAI",
            status="Adopted",
        )
        self.evidence(strategy, "The national AI strategy")
        av_law = self.instrument(
            i,
            "av-act",
            "Law",
            issuer="ministry",
            binding="LegallyBinding",
            domain="AutonomousVehicles",
            status=rng.choice(("InForce", "Proposed")),
        )
        self.evidence(av_law, "Automated vehicles may operate")
        series = None
        for m in range(4):  # a standards series: part m is part of part m-1
            std = self.instrument(
                i,
                f"std-{m}",
                "TechnicalStandard",
                issuer="sdo",
                binding=None,
                domain="AutonomousVehicles" if m % 2 == 0 else "CrossBorderDataFlows",
                status="Active",
            )
            out.text(std, DCT + "identifier", f"J{i}/T {1000 + m}-2024")
            out.text(std, DCT + "title", f"Synthetic national standard {i}.{m}", "en")
            if series is not None:
                out.iri(std, AGK + "partOfInstrument", series)
            for k in range(m - 1):  # agk:partOfInstrument is transitive
                self.inferred.iri(std, AGK + "partOfInstrument", node(i, f"std-{k}"))
            series = std
            self.evidence(std, f"J{i}/T {1000 + m}-2024 specifies")

    def write_agreement(self, i: int) -> None:
        """A bilateral agreement with the block three back (so SG's is with the EU)."""
        out, p = self.out, self.partner(i, -3)
        agreement = f"{SYN}agreement-{i}"
        out.a(agreement, "BilateralAgreement")
        out.a(agreement, "AdministrativeArrangement" if i % 2 else "MemorandumOfUnderstanding")
        out.label(agreement, f"{jurisdiction_name(i)}-{jurisdiction_name(p)} arrangement on AI")
        out.iri(agreement, AGK + "party", jurisdiction(i))
        out.iri(agreement, AGK + "party", jurisdiction(p))
        out.iri(agreement, AGK + "signatory", node(i, "signatory"))
        out.iri(agreement, AGK + "signatory", node(p, "signatory"))
        out.iri(agreement, AGK + "domain", AGK + "AISafetyGeneral")
        out.iri(agreement, AGK + "status", AGK + "Signed")
        if i > 0:
            out.iri(agreement, AGK + "strengthens", f"{SYN}agreement-{i - 1}")
        self.evidence(agreement, "The parties have formalised their collaboration")
        self.evidence(agreement, "The arrangement was signed by", supports=AGK + "signatory")
        for k, title in enumerate(("Information Exchange", "Joint Testing and Evaluations")):
            area = f"{SYN}agreement-{i}-area-{k}"
            out.iri(agreement, AGK + "hasCooperationArea", area)
            out.a(area, "CooperationArea")
            out.label(area, title)
            out.text(area, DCT + "description", self.sentence(title, 8), "en")
            out.iri(area, AGK + "domain", AGK + "AISafetyGeneral")
            self.evidence(area, title)

    def event(
        self,
        i: int,
        slug: str,
        kind: str,
        concerns: str,
        *,
        precision: str | None = None,
        place: str | None = None,
    ) -> str:
        out, ev = self.out, f"{SYN}event-j{i}-{slug}"
        out.a(ev, "GovernanceEvent")
        out.label(ev, f"{jurisdiction_name(i)} {slug.replace('-', ' ')}")
        out.iri(ev, AGK + "eventKind", AGK + kind)
        out.iri(ev, AGK + "concerns", concerns)
        out.iri(ev, AGK + "jurisdiction", jurisdiction(i))
        prop, value, dtype = self.date(precision)
        if slug == "law-in-force" and self.plan.planted(
            "GovernanceEventShape/datatype:inXSDDate", i
        ):
            out.text(ev, prop, value)  # a date as a plain string: the classic mistake
            self.plant("GovernanceEventShape/datatype:inXSDDate", ev)
        else:
            out.typed(ev, prop, value, dtype)
        if place:
            out.text(ev, AGK + "place", place)
        self.evidence(ev, "On that date")
        return ev

    def write_events(self, i: int) -> None:
        self.event(i, "law-issued", "Issued", node(i, "law"))
        self.event(i, "law-in-force", "EnteredIntoForce", node(i, "law"), precision="date")
        self.event(i, "law-deadline", "ComplianceDeadline", node(i, "law"), precision="date")
        self.event(i, "av-act-in-force", "EnteredIntoForce", node(i, "av-act"), precision="date")
        self.event(i, "std-issued", "Issued", node(i, "std-0"))
        self.event(
            i,
            "agreement-signed",
            "SignedEvent",
            f"{SYN}agreement-{i}",
            precision="date",
            place=f"Capital of J{i}",
        )
        self.event(i, "aisi-launched", "Launched", node(i, "aisi"))

    def link(
        self,
        i: int,
        slug: str,
        link_type: str,
        domain: str,
        status: str,
        roles: list[tuple[str, str]],
        *,
        alignment: str | None = None,
    ) -> str:
        out, link = self.out, f"{SYN}link-j{i}-{slug}"
        out.a(link, "InteroperabilityLink")
        out.label(link, f"{jurisdiction_name(i)} {slug.replace('-', ' ')}")
        out.iri(link, AGK + "interoperabilityType", AGK + link_type)
        out.iri(link, AGK + "domain", AGK + domain)
        for prop, value in roles:
            out.iri(link, AGK + prop, value)
        if alignment:
            out.iri(link, AGK + "alignmentKind", AGK + alignment)
        out.iri(link, AGK + "status", AGK + status)
        self.evidence(link, f"{jurisdiction_name(i)} {slug.replace('-', ' ')}")
        self.link_entailments(
            link,
            link_type,
            directed=any(p == "grantingParty" for p, _ in roles),
            crosswalk=alignment == "MappedTo",
        )
        return link

    def write_links(self, i: int) -> None:
        rng, j = self.rng, jurisdiction(i)
        for k, offset in enumerate((1, rng.randrange(2, max(3, self.plan.blocks)))):
            other = self.partner(i, offset)
            self.link(
                i,
                f"adequacy-{k}",
                "MutualRecognition",
                "CrossBorderDataFlows",
                "InForce",
                [
                    ("grantingParty", j),
                    ("recognisedParty", jurisdiction(other)),
                    ("through", node(i, "adequacy-regulations")),
                ],
            )
        p = self.partner(i, -3)
        roles = [("party", j), ("party", jurisdiction(p)), ("through", f"{SYN}agreement-{i}")]
        if self.plan.planted("InteroperabilityLinkShape/or", i):
            roles = roles[:1]  # one party, nothing it runs through: no sh:or branch holds
        coop = self.link(
            i, "ai-safety-cooperation", "Cooperation", "AISafetyGeneral", "Signed", roles
        )
        if len(roles) == 1:
            self.plant("InteroperabilityLinkShape/or", coop)
        std = f"{SYN}std-{rng.randrange(self.plan.standards)}"
        self.link(
            i,
            "std-equivalence",
            "TechnicalStandardisation",
            "AutonomousVehicles",
            "Active",
            [("aligningParty", j), ("aligningInstrument", node(i, "std-0")), ("benchmark", std)],
            alignment=rng.choice(("EquivalentTo", "Adopts")),
        )
        std2 = f"{SYN}std-{rng.randrange(self.plan.standards)}"
        self.link(
            i,
            "std-compliance",
            "TechnicalStandardisation",
            rng.choice(("AutonomousVehicles", "CrossBorderDataFlows")),
            "Active",
            [("aligningParty", node(i, "sdo")), ("benchmark", std2)],
            alignment="CompliesWith",
        )
        q = self.partner(i, 2)
        self.link(
            i,
            "framework-crosswalk",
            "Harmonisation",
            "AISafetyGeneral",
            "Completed",
            [
                ("party", node(i, "ministry")),
                ("party", node(q, "ministry")),
                ("aligningInstrument", node(i, "framework")),
                ("benchmark", node(q, "framework")),
            ],
            alignment="MappedTo",
        )
        self.link(
            i,
            "aisi-joint-testing",
            "Collaboration",
            "GeneralPurposeAI",
            "Completed",
            [("party", node(i, "aisi")), ("party", node(self.partner(i, 1), "aisi"))],
        )
        forum = f"{SYN}forum-{i % self.plan.forums}"
        self.link(
            i,
            "forum-harmonisation",
            "Harmonisation",
            rng.choice(DOMAINS),
            "Active",
            [("party", j), ("through", forum)],
        )
        self.link(
            i,
            "multistakeholder",
            "MultiStakeholderEngagement",
            "Education",
            "Planned",
            [("party", j)],
        )
        self.out.text(
            f"{SYN}link-j{i}-multistakeholder",
            AGK + "unnamedParty",
            "industry and civil society partners",
        )

    def write_memberships(self, i: int) -> None:
        out, j = self.out, jurisdiction(i)
        forum = f"{SYN}forum-{(i * 7) % self.plan.forums}"
        m = f"{SYN}membership-j{i}-forum"
        out.iri(m, RDF_TYPE, ORG + "Membership")
        out.label(m, f"{jurisdiction_name(i)} in Synthetic Forum {(i * 7) % self.plan.forums}")
        out.iri(m, ORG + "member", j)
        out.iri(m, ORG + "organization", forum)
        if self.plan.planted("MembershipShape/minCount:role", i):
            self.plant("MembershipShape/minCount:role", m)
        else:
            out.iri(m, ORG + "role", AGK + self.rng.choice(("Member", "Observer", "Participant")))
        self.evidence(m, "Members of the forum include")
        if i < len(ANCHOR_JURISDICTIONS) or i % 8 == 0:
            m = f"{SYN}membership-j{i}-inasi"
            out.iri(m, RDF_TYPE, ORG + "Membership")
            out.label(
                m, f"{jurisdiction_name(i)} in the International Network of AI Safety Institutes"
            )
            out.iri(m, ORG + "member", j)
            out.iri(m, ORG + "organization", INASI)
            out.iri(m, ORG + "role", AGK + "Member")
            status = "FunctioningInstitute" if i % 3 else "InstituteBeingEstablished"
            out.iri(m, AGK + "instituteStatus", AGK + status)
            self.evidence(m, "The network unites", supports=AGK + "instituteStatus")

    def write_profiles(self, i: int) -> None:
        """Profiles in cross-border data flows, autonomous vehicles and one more domain."""
        third = self.rng.choice(("Education", "GeneralPurposeAI", "AISafetyGeneral"))
        for domain in ("CrossBorderDataFlows", "AutonomousVehicles", third):
            self.write_profile(i, domain)

    def write_profile(self, i: int, domain: str) -> None:
        rng, out, j = self.rng, self.out, jurisdiction(i)
        profile = f"{SYN}profile-j{i}-{domain}"
        out.a(profile, "GovernanceProfile")
        out.label(profile, f"{jurisdiction_name(i)}: {domain}")
        out.iri(profile, AGK + "profileOf", j)
        out.iri(profile, AGK + "profileDomain", AGK + domain)
        objective = f"{profile}-objective"
        out.a(objective, "Objective")
        out.label(objective, self.sentence("Establishing", 8))
        out.iri(profile, AGK + "hasObjective", objective)
        self.evidence(objective, "The objective is")
        sources = (
            f"{SYN}src-{(2 * i) % self.plan.sources}",
            f"{SYN}src-{(2 * i + 1) % self.plan.sources}",
        )
        for k, principle in enumerate(rng.sample(PRINCIPLES, 3)):
            statement = f"{profile}-principle-{k}"
            out.a(statement, "PrincipleStatement")
            out.label(statement, f"{principle.lower()} as source {k % 2} words it")
            out.iri(statement, AGK + "expressesPrinciple", AGK + principle)
            out.iri(statement, AGK + "jurisdiction", j)
            out.iri(profile, AGK + "hasPrincipleStatement", statement)
            self.evidence(
                statement, f"Core principles include {principle.lower()}", source=sources[k % 2]
            )
        out.iri(
            profile,
            AGK + "hasGovernanceApproach",
            AGK + rng.choice(("TopDown", "BottomUp", "MixedApproach")),
        )
        out.iri(
            profile,
            AGK + "hasBindingNature",
            AGK + rng.choice(("LegallyBinding", "NonBinding", "MixedBinding")),
        )
        out.text(profile, AGK + "levelOfIntegration", self.sentence("Integration is", 6))
        measure = f"{profile}-measure"
        out.a(measure, "IntegrationMeasure")
        out.label(measure, self.sentence("Harmonise rules through", 6))
        out.iri(measure, AGK + "realisedBy", f"{SYN}link-j{i}-adequacy-0")
        out.iri(profile, AGK + "hasIntegrationMeasure", measure)
        self.evidence(measure, "Harmonise rules through")
        out.iri(profile, AGK + "hasRegulator", node(i, "regulator"))
        out.iri(profile, AGK + "hasRegulator", node(i, "ministry"))
        out.iri(
            profile,
            AGK + "hasComponent",
            node(
                i,
                "law"
                if domain == "CrossBorderDataFlows"
                else "av-act"
                if domain == "AutonomousVehicles"
                else "framework",
            ),
        )
        self.evidence(profile, "Comparison of AI safety governance", supports=AGK + "hasComponent")

    def run(self) -> None:
        self.write_global()
        for i in range(self.plan.blocks):
            self.write_block(i)
        self.out.flush()
        self.inferred.flush()


# ---------------------------------------------------------------------------
# Sizing and the public entry point
# ---------------------------------------------------------------------------

MIN_BLOCKS = len(ANCHOR_JURISDICTIONS) + 1


def _dry_count(blocks: int, seed: int) -> int:
    gen = Generator(Plan(blocks, seed, 1), Sink(None), Sink(None))
    gen.run()
    return gen.out.count


def blocks_for(triples: int, seed: int) -> int:
    """The number of blocks whose graph is closest to ``triples`` (a linear fit of two dry runs)."""
    small, large = 20, 60
    a_small, a_large = _dry_count(small, seed), _dry_count(large, seed)
    per_block = (a_large - a_small) / (large - small)
    overhead = a_small - per_block * small
    return max(MIN_BLOCKS, round((triples - overhead) / per_block))


def generate(
    triples: int, seed: int, out: Path, *, violations: int | None = None
) -> GeneratedGraph:
    """Write a synthetic graph of about ``triples`` triples to ``out`` (N-Triples).

    ``violations`` is the number planted of each kind (default
    :func:`violations_per_kind`; 0 writes the clean graph, identical except
    at the planted places). Also writes ``<out stem>.inferred.nt`` (the entailments the queries use)
    and ``<out stem>.manifest.json`` (this function's result), and returns
    the sizes and the planted violations by kind with their focus IRIs.
    """
    blocks = blocks_for(triples, seed)
    per_kind = violations_per_kind(triples) if violations is None else violations
    plan = Plan(blocks, seed, per_kind)
    out.parent.mkdir(parents=True, exist_ok=True)
    inferred_path = out.with_name(out.stem + ".inferred.nt")
    with (
        out.open("w", encoding="utf-8", newline="\n") as data,
        inferred_path.open("w", encoding="utf-8", newline="\n") as inferred,
    ):
        gen = Generator(plan, Sink(data), Sink(inferred))
        gen.run()
    result = GeneratedGraph(
        path=out,
        triples=gen.out.count,
        planted={kind: len(gen.focus[kind]) for kind in KINDS},
        planted_focus={kind: sorted(gen.focus[kind]) for kind in KINDS},
        seed=seed,
        blocks=blocks,
        inferred_path=inferred_path,
        inferred_triples=gen.inferred.count,
    )
    manifest = out.with_name(out.stem + ".manifest.json")
    manifest.write_text(json.dumps(result.manifest(), indent=2) + "\n", encoding="utf-8")
    return result


# ---------------------------------------------------------------------------
# Classifying a validator's results by kind (shared by run.py and the tests)
# ---------------------------------------------------------------------------


def kind_of(shape: str, constraint: str, path: str = "") -> str:
    """The KINDS-style name of a validation result from its source shape and component.

    ``shape`` is a property shape (``agksh:EvidenceShape-quote``) or a node
    shape (``agksh:InteroperabilityLinkShape``), as a CURIE or a full IRI;
    ``constraint`` a constraint component (``sh:MinLengthConstraintComponent``).
    The property comes from the result path where the shape name does not
    carry it.
    """
    local = _local(shape)
    component = _local(constraint).removesuffix("ConstraintComponent")
    component = component[:1].lower() + component[1:]
    if "-" in local:
        node_shape, _, _ = local.partition("-")
        prop = _local(path) if path and "|" not in path else local.partition("-")[2]
        return f"{node_shape}/{component}:{prop}"
    return f"{local}/{component}"


def _local(term: str) -> str:
    term = term.strip("<>")
    for sep in ("#", "/", ":"):
        if sep in term:
            term = term.rsplit(sep, 1)[1]
    return term


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="about how many triples")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="the N-Triples file to write")
    parser.add_argument(
        "--violations",
        type=int,
        default=None,
        help="violations planted per kind (default: max(3, triples // 50000))",
    )
    args = parser.parse_args(argv)
    result = generate(args.triples, args.seed, args.out, violations=args.violations)
    json.dump(
        {k: v for k, v in result.manifest().items() if k != "planted_focus"}, sys.stdout, indent=2
    )
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
