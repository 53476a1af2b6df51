"""``aigovkg diff OLD NEW``: what changed between two builds.

Terms (the ontology's classes, properties and concepts) and instances (the
data's resources) are compared by IRI: added, removed, and changed (same IRI,
different statements, with the statements that differ). Deprecated terms are
listed apart, since the project deprecates rather than deletes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from aigovkg.errors import InputError
from aigovkg.loading import parse_file
from aigovkg.namespaces import AGK, AGKD

Statement = tuple[str, str]


def load_build(path: Path) -> Graph:
    """A build's merged graph: a dist/ folder (its aigovkg.nt) or one RDF file."""
    if path.is_dir():
        for name in ("aigovkg.nt", "aigovkg.ttl"):
            if (path / name).is_file():
                return load_build(path / name)
        raise InputError(f"{path} holds no aigovkg.nt or aigovkg.ttl (is it a dist/ folder?)")
    if not path.is_file():
        raise InputError(f"no such build: {path}")
    if path.suffix == ".ttl":
        return parse_file(path)
    fmt = {".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml", ".owl": "xml"}.get(path.suffix)
    if fmt is None:
        raise InputError(f"{path}: unknown RDF format (use .nt, .ttl, .jsonld, .rdf or .owl)")
    try:
        return Graph().parse(path, format=fmt)
    except Exception as exc:
        raise InputError(f"{path}: cannot parse: {exc}") from None


def _descriptions(graph: Graph, namespace: str) -> dict[str, set[Statement]]:
    out: dict[str, set[Statement]] = defaultdict(set)
    for s, p, o in graph:
        if isinstance(s, URIRef) and str(s).startswith(namespace):
            obj = o.n3() if not isinstance(o, URIRef) else f"<{o}>"
            out[str(s)].add((str(p), obj))
    return out


@dataclass
class Change:
    iri: str
    added: list[Statement] = field(default_factory=list)
    removed: list[Statement] = field(default_factory=list)


@dataclass
class Diff:
    """Added, removed and changed terms and instances between two builds."""

    terms_added: list[str]
    terms_removed: list[str]
    terms_changed: list[Change]
    terms_deprecated: list[str]
    instances_added: list[str]
    instances_removed: list[str]
    instances_changed: list[Change]

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.terms_added,
                self.terms_removed,
                self.terms_changed,
                self.instances_added,
                self.instances_removed,
                self.instances_changed,
            )
        )

    def as_dict(self) -> dict[str, object]:
        def changes(items: list[Change]) -> list[dict[str, object]]:
            return [{"iri": c.iri, "added": c.added, "removed": c.removed} for c in items]

        return {
            "terms": {
                "added": self.terms_added,
                "removed": self.terms_removed,
                "changed": changes(self.terms_changed),
                "deprecated": self.terms_deprecated,
            },
            "instances": {
                "added": self.instances_added,
                "removed": self.instances_removed,
                "changed": changes(self.instances_changed),
            },
        }

    def text(self, detail: bool = True) -> str:
        lines = []
        for title, added, removed, changed in (
            ("terms", self.terms_added, self.terms_removed, self.terms_changed),
            ("instances", self.instances_added, self.instances_removed, self.instances_changed),
        ):
            lines.append(
                f"{title}: {len(added)} added, {len(removed)} removed, {len(changed)} changed"
            )
            lines += [f"  + {iri}" for iri in added]
            lines += [f"  - {iri}" for iri in removed]
            for change in changed:
                lines.append(f"  ~ {change.iri}")
                if detail:
                    lines += [f"      + {p} {o}" for p, o in change.added]
                    lines += [f"      - {p} {o}" for p, o in change.removed]
        if self.terms_deprecated:
            lines.append("newly deprecated terms: " + ", ".join(self.terms_deprecated))
        return "\n".join(lines) + "\n"


def _compare(
    old: dict[str, set[Statement]], new: dict[str, set[Statement]]
) -> tuple[list[str], list[str], list[Change]]:
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    changed = [
        Change(iri, sorted(new[iri] - old[iri]), sorted(old[iri] - new[iri]))
        for iri in sorted(set(old) & set(new))
        if old[iri] != new[iri]
    ]
    return added, removed, changed


def diff(old: Graph, new: Graph) -> Diff:
    """Compare two builds by IRI."""
    t_added, t_removed, t_changed = _compare(
        _descriptions(old, str(AGK)), _descriptions(new, str(AGK))
    )
    i_added, i_removed, i_changed = _compare(
        _descriptions(old, str(AGKD)), _descriptions(new, str(AGKD))
    )
    deprecated = sorted(
        str(s)
        for s in new.subjects(OWL.deprecated, None)
        if str(s).startswith(str(AGK)) and (s, OWL.deprecated, None) not in old
    )
    return Diff(t_added, t_removed, t_changed, deprecated, i_added, i_removed, i_changed)


def diff_json(result: Diff) -> str:
    return json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n"
