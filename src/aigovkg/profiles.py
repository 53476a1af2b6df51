"""Pairwise interoperability profiles and an explainable score.

For two jurisdictions the profile gathers the interoperability links between
them (directly or through their bodies), by type and domain; the benchmarks,
forums and principle concepts they share; the direction of any mutual
recognition; and the gap: the interoperability types with no link between
them.

The score (0 to 1) is a weighted sum of four terms, each traceable to the
items behind it:

    score = 0.4 * T + 0.2 * B + 0.2 * F + 0.2 * P

    T  types covered: distinct interoperability types linking the pair / 10
    B  shared benchmarks: min(1, shared benchmarks / 3)
    F  shared forums and bodies: min(1, shared forums / 3)
    P  principle overlap: Jaccard index of the two principle-concept sets

Links weigh most because they are the instruments of interoperability
themselves; shared benchmarks, forums and principles are the convergence the
UNU report counts as interoperability in the making. With a domain, T, B and
F count only links in that domain (P has no domain).

All four come from four SPARQL queries over the whole graph, so every pair
is computed from the same answers the command line prints.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from aigovkg.store import Store

IN_EFFECT = {"InForce", "Active", "Adopted", "Signed", "Concluded", "Completed"}
WEIGHTS = {"types": 0.4, "benchmarks": 0.2, "forums": 0.2, "principles": 0.2}
SATURATION = 3
INTEROPERABILITY_TYPES = (
    "Harmonisation",
    "Standardisation",
    "MutualRecognition",
    "Cooperation",
    "TechnicalStandardisation",
    "Collaboration",
    "InfrastructureForIntegration",
    "SharedTerminology",
    "CompatibleAssessmentMechanisms",
    "MultiStakeholderEngagement",
)

PREFIXES = """
PREFIX agk:  <https://w3id.org/aigovkg/ontology#>
PREFIX org:  <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# Each query resolves a participant to its jurisdiction with a property-path
# alternative (the participant itself when it has an ISO code, or its
# agk:jurisdiction) rather than a UNION, which rdflib joins slowly.
LINKS = (
    PREFIXES
    + """
SELECT DISTINCT ?link ?label ?type ?domain ?status ?role ?jurisdiction WHERE {
  ?link a agk:InteroperabilityLink ; rdfs:label ?label ; agk:interoperabilityType ?type .
  VALUES (?roleProperty ?role) {
    (agk:party "party") (agk:involves "party") (agk:aligningParty "party")
    (agk:grantingParty "granting") (agk:recognisedParty "recognised")
  }
  ?link ?roleProperty ?participant .
  ?participant agk:jurisdiction? ?jurisdiction .
  ?jurisdiction agk:iso3166Code ?code .
  OPTIONAL { ?link agk:domain ?domain . }
  OPTIONAL { ?link agk:status ?status . }
}
"""
)
BENCHMARKS = (
    PREFIXES
    + """
SELECT DISTINCT ?jurisdiction ?benchmark ?domain ?label WHERE {
  ?benchmark rdfs:label ?label .
  ?link agk:benchmark ?benchmark ;
        agk:aligningParty|(agk:aligningParty/agk:jurisdiction)
        |(agk:aligningInstrument/agk:jurisdiction) ?jurisdiction .
  ?jurisdiction agk:iso3166Code ?code .
  OPTIONAL { ?link agk:domain ?domain . }
}
"""
)
FORUMS = (
    PREFIXES
    + """
SELECT DISTINCT ?jurisdiction ?forum ?domain ?label WHERE {
  ?forum rdfs:label ?label .
  {
    ?membership org:organization ?forum ; org:member ?member .
    ?member agk:jurisdiction? ?jurisdiction .
    ?jurisdiction agk:iso3166Code ?code .
  } UNION {
    ?link agk:through ?forum ; agk:party|agk:aligningParty ?member .
    ?forum a/rdfs:subClassOf* agk:Organisation .
    ?member agk:jurisdiction? ?jurisdiction .
    ?jurisdiction agk:iso3166Code ?code .
    OPTIONAL { ?link agk:domain ?domain . }
  }
}
"""
)
PRINCIPLES = (
    PREFIXES
    + """
SELECT DISTINCT ?jurisdiction ?principle WHERE {
  ?statement a agk:PrincipleStatement ; agk:expressesPrinciple ?principle ;
             (^agk:hasPrincipleStatement/agk:profileOf)|agk:jurisdiction ?jurisdiction .
}
"""
)
LABELS = (
    PREFIXES
    + """
SELECT ?jurisdiction ?label WHERE { ?jurisdiction agk:iso3166Code ?code ; rdfs:label ?label . }
"""
)


@dataclass
class Link:
    """A link between the pair, with its direction when it has one."""

    iri: str
    label: str
    type: str
    domains: tuple[str, ...]
    direction: str  # "a->b", "b->a" or "both"
    status: str = ""


@dataclass
class PairProfile:
    """The interoperability profile of two jurisdictions, with its score and evidence."""

    a: str
    b: str
    a_label: str
    b_label: str
    domain: str | None
    links: list[Link] = field(default_factory=list)
    shared_benchmarks: list[str] = field(default_factory=list)
    shared_forums: list[str] = field(default_factory=list)
    shared_principles: list[str] = field(default_factory=list)
    principles_union: list[str] = field(default_factory=list)

    @property
    def types(self) -> list[str]:
        return sorted({link.type for link in self.links})

    @property
    def missing_types(self) -> list[str]:
        return [t for t in INTEROPERABILITY_TYPES if t not in self.types]

    @property
    def recognition(self) -> str:
        """Who recognises whom, counting recognitions in effect: "none", "a->b", "b->a", "mutual".

        Planned, exploring or target recognitions are links (they count for T)
        but not recognitions yet.
        """
        directions = {
            link.direction
            for link in self.links
            if link.type == "MutualRecognition" and link.status in IN_EFFECT
        } - {"both"}
        if {"a->b", "b->a"} <= directions:
            return "mutual"
        return next(iter(directions), "none")

    def terms(self) -> dict[str, float]:
        union = len(self.principles_union)
        return {
            "types": len(self.types) / len(INTEROPERABILITY_TYPES),
            "benchmarks": min(1.0, len(self.shared_benchmarks) / SATURATION),
            "forums": min(1.0, len(self.shared_forums) / SATURATION),
            "principles": len(self.shared_principles) / union if union else 0.0,
        }

    @property
    def score(self) -> float:
        return round(sum(WEIGHTS[k] * v for k, v in self.terms().items()), 4)

    def as_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "a_label": self.a_label,
            "b_label": self.b_label,
            "domain": self.domain,
            "score": self.score,
            "terms": {k: round(v, 4) for k, v in self.terms().items()},
            "weights": WEIGHTS,
            "links": [link.__dict__ | {"domains": list(link.domains)} for link in self.links],
            "types": self.types,
            "missing_types": self.missing_types,
            "recognition": self.recognition,
            "shared_benchmarks": self.shared_benchmarks,
            "shared_forums": self.shared_forums,
            "shared_principles": self.shared_principles,
        }


def _local(iri: object) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rsplit("/", 1)[-1]


class ProfileIndex:
    """The four query answers, indexed by jurisdiction, from which any pair is profiled."""

    def __init__(self, store: Store) -> None:
        self.labels = {str(j): str(label) for j, label in store.select(LABELS).rows}
        self.links: dict[str, dict[str, Any]] = {}
        self.roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for link, label, typ, domain, status, role, jurisdiction in store.select(LINKS).rows:
            entry = self.links.setdefault(
                str(link),
                {
                    "label": str(label),
                    "type": _local(typ),
                    "domains": set(),
                    "status": _local(status) if status is not None else "",
                },
            )
            if domain is not None:
                entry["domains"].add(_local(domain))
            self.roles[str(link)][str(role)].add(str(jurisdiction))
        self.item_labels: dict[str, str] = dict(self.labels)
        self.benchmarks = self._by_jurisdiction(store.select(BENCHMARKS).rows)
        self.forums = self._by_jurisdiction(store.select(FORUMS).rows)
        self.principles: dict[str, set[str]] = defaultdict(set)
        for jurisdiction, principle in store.select(PRINCIPLES).rows:
            self.principles[str(jurisdiction)].add(_local(principle))

    def _by_jurisdiction(self, rows: list[tuple[Any, ...]]) -> dict[str, set[tuple[str, str]]]:
        out: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for jurisdiction, item, domain, label in rows:
            out[str(jurisdiction)].add((str(item), _local(domain) if domain is not None else ""))
            self.item_labels.setdefault(str(item), str(label))
        return out

    def jurisdictions(self) -> list[str]:
        """Jurisdictions that take part in at least one link, sorted by label."""
        active = {j for roles in self.roles.values() for js in roles.values() for j in js}
        return sorted(active, key=lambda j: self.labels.get(j, j))

    def profile(self, a: str, b: str, domain: str | None = None) -> PairProfile:
        result = PairProfile(
            a, b, self.labels.get(a, _local(a)), self.labels.get(b, _local(b)), domain
        )
        for iri in sorted(self.links):
            info, roles = self.links[iri], self.roles[iri]
            if domain and domain not in info["domains"]:
                continue
            everyone = set().union(*roles.values())
            if a not in everyone or b not in everyone:
                continue
            if a in roles["granting"] and b in roles["recognised"]:
                direction = "a->b"
            elif b in roles["granting"] and a in roles["recognised"]:
                direction = "b->a"
            else:
                direction = "both"
            result.links.append(
                Link(
                    iri,
                    info["label"],
                    info["type"],
                    tuple(sorted(info["domains"])),
                    direction,
                    info["status"],
                )
            )

        def shared(index: dict[str, set[tuple[str, str]]]) -> list[str]:
            # A membership has no domain: it counts for every domain.
            def items(j: str) -> set[str]:
                return {item for item, d in index.get(j, set()) if not domain or d in (domain, "")}

            return sorted(items(a) & items(b))

        result.shared_benchmarks = shared(self.benchmarks)
        result.shared_forums = shared(self.forums)
        pa, pb = self.principles.get(a, set()), self.principles.get(b, set())
        result.shared_principles = sorted(pa & pb)
        result.principles_union = sorted(pa | pb)
        return result

    def all_pairs(self, domain: str | None = None) -> list[PairProfile]:
        return [self.profile(a, b, domain) for a, b in combinations(self.jurisdictions(), 2)]


DOMAINS = (None, "AutonomousVehicles", "Education", "CrossBorderDataFlows", "GeneralPurposeAI")


def domain_local(value: str | None) -> str | None:
    """A domain slug or IRI as the concept's local name (None for all domains)."""
    if not value:
        return None
    from aigovkg.queries import DOMAIN_SLUGS

    key = value.strip().lower()
    if key in DOMAIN_SLUGS:
        return _local(DOMAIN_SLUGS[key])
    return _local(value) if (":" in value or "/" in value) else value


def profile_text(profile: PairProfile, labels: dict[str, str]) -> str:
    """The profile as a terminal user reads it, with the evidence behind each score term."""
    a, b = profile.a_label, profile.b_label
    terms = profile.terms()
    lines = [
        f"Interoperability profile: {a} and {b}"
        + (f" ({profile.domain})" if profile.domain else ""),
        f"score {profile.score:.3f} = 0.4 x types {terms['types']:.2f} + 0.2 x benchmarks "
        f"{terms['benchmarks']:.2f} + 0.2 x forums {terms['forums']:.2f} + 0.2 x principles "
        f"{terms['principles']:.2f}",
        "",
        f"Links ({len(profile.links)}):",
    ]
    arrows = {"a->b": f"{a} -> {b}", "b->a": f"{b} -> {a}", "both": "both ways"}
    for link in profile.links:
        domains = ", ".join(link.domains) or "no domain"
        status = f", {link.status}" if link.status else ""
        arrow = arrows[link.direction]
        lines.append(f"  [{link.type} / {domains}{status}] {link.label} ({arrow})  <{link.iri}>")
    recognition = {"a->b": f"{a} recognises {b}", "b->a": f"{b} recognises {a}"}
    lines.append(f"Mutual recognition: {recognition.get(profile.recognition, profile.recognition)}")
    lines.append(f"Types present: {', '.join(profile.types) or 'none'}")
    lines.append(f"Types missing (the gap): {', '.join(profile.missing_types) or 'none'}")
    for title, items in (
        ("Shared benchmarks", profile.shared_benchmarks),
        ("Shared forums and bodies", profile.shared_forums),
    ):
        lines.append(
            f"{title} ({len(items)}): "
            + (", ".join(labels.get(i, _local(i)) for i in items) or "none")
        )
    lines.append(
        f"Shared principles ({len(profile.shared_principles)} of {len(profile.principles_union)}): "
        + (", ".join(profile.shared_principles) or "none")
    )
    return "\n".join(lines) + "\n"
