"""HTML documentation of the ontology, written to ``dist/docs/``.

``index.html`` is made by pyLODE (pinned at 3.3.4: later releases need
Python 3.12, 3.4.1 fails at import on 3.11) from the merged ontology: every
class and property with its label, definition, term status, source, super-
and sub-terms, domains, ranges and OWL restrictions. pyLODE knows nothing of
the data, so three things are added:

- an overview diagram of the core classes (``overview.svg``, drawn with
  matplotlib): the object properties between them from ``rdfs:domain`` and
  ``rdfs:range`` (solid), and, for properties that declare no domain or
  range, how the data uses them (dashed);
- the concept schemes with their concepts (label, definition), appended to
  ``index.html`` (pyLODE's OntPub profile does not document individuals);
- ``examples.html``: for each class, up to three instances from the data
  (the most referenced ones), with their labels.

pyLODE is given a prepared copy of the ontology (:func:`pylode_graph`),
because of how OntPub reads a graph:

- it treats every ``owl:Ontology`` *and every* ``skos:ConceptScheme`` as the
  document's header and runs all their titles together, so the copy keeps the
  catalog's header alone (module headers and ``owl:imports`` removed, as in
  ``ontology.owl``) and drops the ``skos:ConceptScheme`` typing (the schemes
  are documented in the appended section instead);
- it lists every declared class and property, so the declarations of reused
  terms (``rdfs:label`` as an annotation property, ``prov:Entity`` as a
  class …) would appear as if they were ours: only ``agk:`` terms keep their
  OWL type; the others keep their labels, so links to them still read well,
  and are listed under "Reused terms";
- it does not show ``vs:term_status`` and lists functional properties twice
  (a second "Functional Properties" section with the same anchors), so the
  status and the property characteristics become ``skos:note`` lines.

Determinism: the copy is sorted and its blank nodes carry content-derived
labels, and pyLODE's one unordered step (the members of a union or
intersection are collected in a ``set``) is sorted while it runs. Importing
pyLODE calls ``logging.basicConfig(level=DEBUG)``; the root logger is put back
as it was. Nothing loads from the network: pyLODE inlines its CSS, and every
page is checked for remote scripts, stylesheets and images
(:func:`remote_assets`), which are stripped if any appear.

Without pyLODE installed (or when it cannot write the pickle it caches in its
own package folder on first use), ``index.html`` is a plain term list made
here, with the same appended sections, and says so.
"""

from __future__ import annotations

import html
import logging
import re
import textwrap
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection

from aigovkg.export import compact
from aigovkg.loading import stable_triples
from aigovkg.namespaces import AGK, DCTERMS, OWL, RDF, RDFS, SKOS, VS, bind_prefixes
from aigovkg.owl_export import catalog_header, single_header

if TYPE_CHECKING:
    from aigovkg.api import KnowledgeGraph

__all__ = [
    "CORE_CLASSES",
    "draw_overview",
    "overview_edges",
    "pylode_graph",
    "remote_assets",
    "write_docs",
    "write_examples",
    "write_index",
    "write_overview",
]

log = logging.getLogger(__name__)

CORE_CLASSES: tuple[str, ...] = (
    "GovernanceProfile",
    "Jurisdiction",
    "Organisation",
    "Instrument",
    "InteroperabilityLink",
    "Evidence",
    "SourceDocument",
    "GovernanceEvent",
    "Barrier",
    "PolicyRecommendation",
)

# Hand-placed, so the picture reads like the model in the README and never moves.
LAYOUT: dict[str, tuple[float, float]] = {
    "GovernanceProfile": (6.0, 10.4),
    "Jurisdiction": (-0.5, 7.4),
    "Organisation": (12.5, 7.4),
    "Instrument": (6.0, 5.0),
    "InteroperabilityLink": (6.0, 1.6),
    "GovernanceEvent": (12.0, 2.0),
    "Evidence": (0.0, 2.6),
    "SourceDocument": (0.0, -0.4),
    "PolicyRecommendation": (4.4, -0.4),
    "Barrier": (9.8, -0.4),
}
# Where along an arrow its label sits (0 = source, 1 = target), where the middle is taken.
LABEL_AT: dict[tuple[str, str], float] = {
    ("GovernanceProfile", "Instrument"): 0.25,
    ("InteroperabilityLink", "Instrument"): 0.4,
    ("GovernanceEvent", "Instrument"): 0.35,
}
NOTES_ABOVE = frozenset({"Organisation", "Evidence"})  # arrows leave these downwards

EXAMPLES_PER_CLASS = 3
FAN_IN = 3  # a property reaching one class from this many classes is noted, not drawn

CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222;
       line-height: 1.45; padding: 0 1em; }
h1 { font-size: 1.7em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ccc; }
h3 { margin-bottom: .3em; }
table { border-collapse: collapse; margin: .5em 0 1em; width: 100%; }
th, td { border: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
code { font-size: .92em; color: #444; }
.muted { color: #666; }
img.overview { max-width: 100%; border: 1px solid #ddd; }
"""

_REMOTE_TAG = re.compile(
    r"<(script|link|img|iframe|source|embed|audio|video|object)\b[^>]*?"
    r"\b(?:src|href|data)\s*=\s*[\"']?(?:https?:)?//[^>]*>",
    re.IGNORECASE,
)
_REMOTE_CSS = re.compile(r"(?:@import\s+|url\(\s*)[\"']?(?:https?:)?//", re.IGNORECASE)


# --- small helpers ----------------------------------------------------------------------


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _literal_text(graph: Graph, subject: URIRef, *predicates: URIRef) -> str | None:
    """The first English (else untagged, else any) literal of the predicates, chosen stably."""
    for predicate in predicates:
        values = [o for o in graph.objects(subject, predicate) if isinstance(o, Literal)]
        if not values:
            continue
        for wanted in ("en", None):
            chosen = sorted(str(v) for v in values if v.language == wanted)
            if chosen:
                return chosen[0]
        return sorted(str(v) for v in values)[0]
    return None


def _label(graph: Graph, term: URIRef) -> str:
    return _literal_text(graph, term, RDFS.label, SKOS.prefLabel) or compact(graph, term)


def _definition(graph: Graph, term: URIRef) -> str:
    return _literal_text(graph, term, SKOS.definition, RDFS.comment) or ""


def _sort_key(graph: Graph, term: URIRef) -> tuple[str, str]:
    return (_label(graph, term).casefold(), str(term))


def _own_terms(graph: Graph, kind: URIRef) -> list[URIRef]:
    terms = {t for t in graph.subjects(RDF.type, kind) if isinstance(t, URIRef)}
    return sorted(
        (t for t in terms if str(t).startswith(str(AGK))), key=lambda t: _sort_key(graph, t)
    )


def remote_assets(text: str) -> list[str]:
    """Scripts, stylesheets, images or CSS imports a page would fetch from the network."""
    found = [m.group(0) for m in _REMOTE_TAG.finditer(text)]
    found += [m.group(0) for m in _REMOTE_CSS.finditer(text)]
    return found


def _strip_remote_assets(text: str) -> str:
    found = remote_assets(text)
    if not found:
        return text
    log.warning("docs: stripping %d remote asset reference(s): %s", len(found), found[:3])
    text = re.sub(r"(<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>)\s*</script>", "", text)
    text = _REMOTE_TAG.sub("", text)
    return _REMOTE_CSS.sub("url(about:blank#", text)


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )


# --- the graph pyLODE is given --------------------------------------------------------


CHARACTERISTICS = {
    OWL.FunctionalProperty: "Functional: at most one value per subject.",
    OWL.InverseFunctionalProperty: "Inverse functional: a value identifies its subject.",
    OWL.TransitiveProperty: "Transitive.",
    OWL.SymmetricProperty: "Symmetric.",
}
DECLARATIONS = (
    OWL.Class,
    RDFS.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
    OWL.NamedIndividual,
)


def pylode_graph(ontology: Graph) -> Graph:
    """The copy of the ontology pyLODE documents (see the module docstring for why)."""
    g = single_header(ontology)
    for scheme in list(g.subjects(RDF.type, SKOS.ConceptScheme)):
        g.remove((scheme, RDF.type, SKOS.ConceptScheme))
    for kind in DECLARATIONS:
        for term in list(g.subjects(RDF.type, kind)):
            if isinstance(term, URIRef) and not str(term).startswith(str(AGK)):
                g.remove((term, RDF.type, kind))
    for term, status in list(g.subject_objects(VS.term_status)):
        g.add((term, SKOS.note, Literal(f"Term status: {status}")))
    for kind, note in CHARACTERISTICS.items():
        for term in list(g.subjects(RDF.type, kind)):
            g.remove((term, RDF.type, kind))
            g.add((term, SKOS.note, Literal(note)))
    out = bind_prefixes(Graph())
    for triple in stable_triples(g):
        out.add(triple)
    return out


# --- the overview diagram -------------------------------------------------------------


@dataclass(frozen=True)
class Edge:
    """The object properties from one core class to another.

    ``declared``: from the properties' ``rdfs:domain`` and ``rdfs:range``;
    ``used``: properties without a declared domain or range, as the data uses them.
    """

    source: str
    target: str
    declared: tuple[str, ...]
    used: tuple[str, ...]

    def label(self, width: int = 34) -> str:
        lines = textwrap.wrap(", ".join(self.declared), width, break_on_hyphens=False)
        if self.used:
            lines += textwrap.wrap(", ".join(self.used) + " (data)", width)
        return "\n".join(lines)


def _members(graph: Graph, node: object) -> list[object]:
    """The classes of an owl:unionOf (on the node or an equivalent class), else []."""
    found: list[object] = []
    candidates = [node, *graph.objects(node, OWL.equivalentClass)]  # type: ignore[arg-type]
    for candidate in candidates:
        for head in graph.objects(candidate, OWL.unionOf):  # type: ignore[arg-type]
            found.extend(Collection(graph, head))
    return found


def _core_of(
    graph: Graph, cls: object, core: dict[URIRef, str], seen: frozenset[object] = frozenset()
) -> set[str]:
    """The core classes a class is, or falls under, or (for a union like Party) spans."""
    if cls in seen:
        return set()
    if cls in core:
        return {core[cls]}  # type: ignore[index]
    above = {
        core[c]  # type: ignore[index]
        for c in graph.transitive_objects(cls, RDFS.subClassOf)  # type: ignore[arg-type]
        if c in core
    }
    if above:
        return above
    spanned: set[str] = set()
    for member in _members(graph, cls):
        spanned |= _core_of(graph, member, core, seen | {cls})
    return spanned


def _name(graph: Graph, prop: URIRef) -> str:
    text = compact(graph, prop)
    return text[4:] if text.startswith("agk:") else text


def overview_edges(
    ontology: Graph, data: Graph, types: Graph | None = None
) -> tuple[list[Edge], dict[str, list[str]]]:
    """The edges of the overview diagram, and the notes printed under a class.

    Declared edges come from each object property's ``rdfs:domain`` and
    ``rdfs:range`` (a subclass counts as its core class, a union such as
    ``agk:Party`` as each of its members). A property that declares no domain
    or no range is drawn as ``data`` (asserted triples) uses it, between the
    core classes of its subjects and objects, typed from ``types`` (the graph
    with HermiT's inferences; ``data`` when not given). A property reaching
    one class from ``FAN_IN`` or more classes (``agk:hasEvidence``) becomes a
    note under that class, and so does a property from a class to itself.
    """
    types = data if types is None else types
    core = {AGK[name]: name for name in CORE_CLASSES}
    props = sorted(
        p for p in ontology.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)
    )
    declared: dict[tuple[str, str], set[str]] = defaultdict(set)
    used: dict[tuple[str, str], set[str]] = defaultdict(set)
    undeclared: list[URIRef] = []
    for prop in props:
        domains = list(ontology.objects(prop, RDFS.domain))
        ranges = list(ontology.objects(prop, RDFS.range))
        if not (domains and ranges):
            undeclared.append(prop)
            continue
        for d in domains:
            for r in ranges:
                for a in _core_of(ontology, d, core):
                    for b in _core_of(ontology, r, core):
                        declared[(a, b)].add(_name(ontology, prop))
    kinds: dict[object, set[str]] = defaultdict(set)
    class_cores: dict[object, set[str]] = {}
    for node, cls in types.subject_objects(RDF.type):
        if cls not in class_cores:
            class_cores[cls] = _core_of(ontology, cls, core)
        kinds[node] |= class_cores[cls]
    for prop in undeclared:
        for s, o in data.subject_objects(prop):
            for a in kinds.get(s, ()):
                for b in kinds.get(o, ()):
                    used[(a, b)].add(_name(ontology, prop))
    notes: dict[str, list[str]] = defaultdict(list)
    sources: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (a, b), names in used.items():
        for n in names:
            sources[(n, b)].add(a)
    for (n, b), froms in sorted(sources.items()):
        if len(froms) >= FAN_IN:
            whence = ", ".join(sorted(froms)) if len(froms) <= 3 else f"{len(froms)} classes"
            notes[b].append(f"← {n} from {whence} (data)")
            for a in froms:
                used[(a, b)].discard(n)
    edges: list[Edge] = []
    for pair in sorted(set(declared) | set(used)):
        edge = Edge(*pair, tuple(sorted(declared.get(pair, ()))), tuple(sorted(used.get(pair, ()))))
        if not (edge.declared or edge.used):
            continue
        if edge.source == edge.target:
            notes[edge.source].append("↻ " + edge.label(width=200).replace("\n", ", "))
        else:
            edges.append(edge)
    return edges, {k: v for k, v in sorted(notes.items())}


def _bezier(
    start: tuple[float, float], end: tuple[float, float], rad: float, t: float
) -> tuple[float, float]:
    """A point on matplotlib's ``arc3`` curve from start to end (a quadratic Bézier)."""
    (x1, y1), (x2, y2) = start, end
    cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
    u = 1 - t
    return u * u * x1 + 2 * u * t * cx + t * t * x2, u * u * y1 + 2 * u * t * cy + t * t * y2


Overview = tuple[list[Edge], dict[str, list[str]]]


def write_overview(kg: KnowledgeGraph, path: Path, graph: Graph | None = None) -> Path:
    """Draw the core classes and the object properties between them as an SVG.

    graph is kg.graph, when the caller has it already.
    """
    overview = overview_edges(kg.ontology, kg.data, kg.graph if graph is None else graph)
    return draw_overview(kg.ontology, overview, path)


def draw_overview(ontology: Graph, overview: Overview, path: Path) -> Path:
    """Draw what :func:`overview_edges` found: apart, so a caller can tell whether to redraw."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    edges, notes = overview
    pairs = {(e.source, e.target) for e in edges}
    path.parent.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context(
        {"svg.hashsalt": "aigovkg", "svg.fonttype": "none", "font.family": "DejaVu Sans"}
    ):
        fig, ax = plt.subplots(figsize=(16, 11))
        boxes = {}
        for name, (x, y) in LAYOUT.items():
            label = _label(ontology, AGK[name])
            same = label.replace(" ", "").casefold() == name.casefold()
            boxes[name] = ax.text(
                x,
                y,
                name if same else f"{name}\n({label})",
                ha="center",
                va="center",
                fontsize=10.5,
                fontweight="bold",
                zorder=3,
                bbox={"boxstyle": "round,pad=0.5", "fc": "#e8f0fb", "ec": "#1f4e9c", "lw": 1.4},
            )
            if notes.get(name):
                offset = 0.6 if same else 0.8
                above = name in NOTES_ABOVE
                ax.text(
                    x,
                    y + offset if above else y - offset,
                    "\n".join(notes[name]),
                    ha="center",
                    va="bottom" if above else "top",
                    fontsize=8,
                    color="#444444",
                    zorder=3,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9},
                )
        for edge in edges:
            start, end = LAYOUT[edge.source], LAYOUT[edge.target]
            # Straight unless the opposite arrow exists; then each bends to its own side.
            rad = 0.12 if (edge.target, edge.source) in pairs else 0.0
            colour = "#1f4e9c" if edge.declared else "#8c8c8c"
            ax.annotate(
                "",
                xy=end,
                xytext=start,
                zorder=1,
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": colour,
                    "lw": 1.3,
                    "linestyle": "-" if edge.declared else (0, (4, 3)),
                    "connectionstyle": f"arc3,rad={rad}",
                    "patchA": boxes[edge.source].get_bbox_patch(),
                    "patchB": boxes[edge.target].get_bbox_patch(),
                    "shrinkA": 2,
                    "shrinkB": 2,
                    "mutation_scale": 15,
                },
            )
            x, y = _bezier(start, end, rad, LABEL_AT.get((edge.source, edge.target), 0.5))
            ax.text(
                x,
                y,
                edge.label(),
                ha="center",
                va="center",
                fontsize=8,
                color="#1f3d73" if edge.declared else "#555555",
                zorder=2,
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.9},
            )
        ax.set_xlim(-2.0, 14.0)
        ax.set_ylim(-1.2, 11.2)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(
            "aigovkg: the core classes and the object properties between them", fontsize=13
        )
        fig.text(
            0.5,
            0.03,
            'solid: from the properties\' rdfs:domain and rdfs:range · dashed and "(data)": '
            "properties with no declared domain or range, as the data uses them · "
            "↻: from a class to itself",
            ha="center",
            fontsize=8.5,
            color="#444444",
        )
        fig.savefig(path, format="svg", bbox_inches="tight", metadata={"Date": None})
        plt.close(fig)
    return path


# --- the sections pyLODE does not make -----------------------------------------------


Fid = Callable[[URIRef, str], str]


def _overview_section() -> str:
    return (
        '<div class="section" id="overview">\n<h2>Overview</h2>\n'
        "<p>The core classes and the object properties between them: solid arrows from each "
        "property's <code>rdfs:domain</code> and <code>rdfs:range</code>, dashed ones for "
        "properties without a declared domain or range, as the data uses them.</p>\n"
        '<p><a href="overview.svg"><img class="overview" src="overview.svg" '
        'alt="Overview diagram of the core classes" style="max-width:100%"></a></p>\n'
        '<p>Instances of every class, drawn from the data: <a href="examples.html">'
        "examples.html</a>.</p>\n</div>"
    )


def _schemes_section(ontology: Graph, fid: Fid) -> str:
    schemes = sorted(
        (s for s in ontology.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)),
        key=lambda s: _sort_key(ontology, s),
    )
    parts = [
        '<div class="section" id="conceptschemes">',
        "<h2>Concept schemes</h2>",
        "<p>The controlled values: each scheme's concepts with their definitions.</p>",
    ]
    for scheme in schemes:
        label = _label(ontology, scheme)
        concepts = sorted(
            (c for c in ontology.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)),
            key=lambda c: _sort_key(ontology, c),
        )
        parts.append(f'<div class="entity" id="{_esc(fid(scheme, label))}">')
        parts.append(f"<h3>{_esc(label)}</h3>")
        parts.append(f"<p><code>{_esc(scheme)}</code></p>")
        if _definition(ontology, scheme):
            parts.append(f"<p>{_esc(_definition(ontology, scheme))}</p>")
        parts.append("<table><tr><th>concept</th><th>definition</th><th>IRI</th></tr>")
        for concept in concepts:
            clabel = _label(ontology, concept)
            parts.append(
                f'<tr id="{_esc(fid(concept, clabel))}"><td>{_esc(clabel)}</td>'
                f"<td>{_esc(_definition(ontology, concept))}</td>"
                f"<td><code>{_esc(compact(ontology, concept))}</code></td></tr>"
            )
        parts.append("</table>\n</div>")
    parts.append("</div>")
    return "\n".join(parts)


def _reused_section(ontology: Graph) -> str:
    kinds = {
        OWL.Class: "class",
        OWL.ObjectProperty: "object property",
        OWL.DatatypeProperty: "datatype property",
        OWL.AnnotationProperty: "annotation property",
    }
    rows = []
    for kind, word in kinds.items():
        for term in ontology.subjects(RDF.type, kind):
            if isinstance(term, URIRef) and not str(term).startswith(str(AGK)):
                label = _literal_text(ontology, term, RDFS.label) or ""
                rows.append((compact(ontology, term), word, label, str(term)))
    body = "".join(
        f'<tr><td><a href="{_esc(iri)}"><code>{_esc(curie)}</code></a></td>'
        f"<td>{_esc(word)}</td><td>{_esc(label)}</td></tr>"
        for curie, word, label, iri in sorted(rows)
    )
    return (
        '<div class="section" id="reusedterms">\n<h2>Reused terms</h2>\n'
        "<p>Terms of other vocabularies the ontology reuses, declared with their OWL type so "
        "the merged ontology is a self-contained OWL 2 DL document.</p>\n"
        f"<table><tr><th>term</th><th>declared as</th><th>label</th></tr>{body}</table>\n</div>"
    )


EXTRA_TOC = (
    ("#overview", "Overview"),
    ("#conceptschemes", "Concept schemes"),
    ("#reusedterms", "Reused terms"),
)


def _extra_sections(ontology: Graph, fid: Fid) -> list[str]:
    return [_overview_section(), _schemes_section(ontology, fid), _reused_section(ontology)]


# --- index.html with pyLODE ------------------------------------------------------------


def _import_pylode() -> Any:
    """Import pyLODE, undoing the ``logging.basicConfig(level=DEBUG)`` its import runs."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        import pylode
        import pylode.utils  # noqa: F401
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
    return pylode


@contextmanager
def _sorted_sets(utils: Any) -> Iterator[None]:
    """Make pyLODE list the members of a union or intersection in a stable order."""
    original = utils.intersperse

    def intersperse(items: Any, sep: Any) -> Any:
        return original(sorted(items, key=str), sep)

    utils.intersperse = intersperse
    try:
        yield
    finally:
        utils.intersperse = original


def _index_with_pylode(ontology: Graph) -> tuple[str, dict[str, str]]:
    """index.html from pyLODE's OntPub profile, plus the extra sections; and its anchors."""
    pylode = _import_pylode()
    from dominate.tags import a, h4, li
    from dominate.util import raw

    generate_fid = pylode.utils.generate_fid

    class AgkOntPub(pylode.OntPub):  # type: ignore[misc,name-defined]
        """OntPub with the sections pyLODE does not make, placed before its Namespaces."""

        def _make_namespaces(self) -> None:
            def fid(iri: URIRef, title: str) -> str:
                return str(generate_fid(Literal(title), iri, self.fids) or "")

            for section in _extra_sections(ontology, fid):
                self.content.add(raw(section))
            _namespaces_section(self)

        def _make_toc(self) -> None:
            super()._make_toc()
            lists = self.doc.body.get("ul", **{"class": "first"})
            if not lists:
                return
            first = lists[0]
            namespaces = len(first.children) - 2  # before "Namespaces" and "Legend"
            for offset, (href, title) in enumerate(EXTRA_TOC):
                item = li(h4(a(title, href=href)))
                item.parent = first
                first.children.insert(namespaces + offset, item)

    with _sorted_sets(pylode.utils), _one_markdown(pylode.utils):
        doc = AgkOntPub(pylode_graph(ontology))
        text = doc.make_html()
    return str(text), dict(doc.fids)


def _namespaces_section(doc: Any) -> None:
    """pyLODE 3.3.4's Namespaces section (the same HTML and table of contents), made faster.

    pyLODE tests every node of the ontology against every bound namespace,
    listing the namespaces afresh for each node: a third of the docs' time.
    Here each distinct node is tested against the namespaces listed once.
    """
    from dominate.tags import code, dd, div, dl, dt, h2

    ont = doc.ont
    spaces = list(ont.namespaces())
    nodes = {str(n) for n in chain(ont.subjects(), ont.predicates(), ont.objects())}
    used: dict[str, URIRef] = {}
    for text in nodes:
        for prefix, namespace in spaces:
            if text.startswith(namespace):
                used[prefix] = namespace
    with doc.content, div(id="namespaces"):
        h2("Namespaces")
        with dl():
            if doc.toc.get("namespaces") is None:
                doc.toc["namespaces"] = []
            for prefix, namespace in sorted(used.items()):
                name = prefix if prefix != "" else ":"
                dt(name, id=name)
                dd(code(namespace))
                doc.toc["namespaces"].append(("#" + prefix, prefix))


class _Markdown:
    """Stands in for the markdown module in pyLODE: one converter, each text converted once.

    pyLODE calls ``markdown.markdown`` per literal, which builds a new
    converter (its parser and extensions) every time.
    """

    def __init__(self, module: Any) -> None:
        self._converter = module.Markdown()
        self._done: dict[str, str] = {}

    def markdown(self, text: str) -> str:
        if text not in self._done:
            self._converter.reset()
            self._done[text] = self._converter.convert(text)
        return self._done[text]


@contextmanager
def _one_markdown(utils: Any) -> Iterator[None]:
    """Give pyLODE's utils a :class:`_Markdown` while it runs."""
    original = utils.markdown
    utils.markdown = _Markdown(original)
    try:
        yield
    finally:
        utils.markdown = original


# --- index.html without pyLODE ---------------------------------------------------------


def _plain_index(ontology: Graph) -> tuple[str, dict[str, str]]:
    """A plain term list when pyLODE is not installed: what pyLODE would show, in brief."""
    fids: dict[str, str] = {}

    def fid(iri: URIRef, title: str = "") -> str:
        if str(iri) not in fids:
            base = re.sub(r"[^A-Za-z0-9_-]", "", str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1])
            name, n = base or "term", 1
            while name in fids.values():
                n += 1
                name = f"{base}{n}"
            fids[str(iri)] = name
        return fids[str(iri)]

    def ref(term: object) -> str:
        if isinstance(term, URIRef):
            href = f"#{fid(term)}" if str(term).startswith(str(AGK)) else str(term)
            return f'<a href="{_esc(href)}">{_esc(compact(ontology, term))}</a>'
        return "<em>(class expression)</em>"

    sections = []
    rows: list[tuple[str, URIRef]] = [
        ("Classes", OWL.Class),
        ("Object properties", OWL.ObjectProperty),
        ("Datatype properties", OWL.DatatypeProperty),
    ]
    for title, kind in rows:
        parts = [f'<div class="section"><h2>{_esc(title)}</h2>']
        for term in _own_terms(ontology, kind):
            cells = [
                ("IRI", f"<code>{_esc(term)}</code>"),
                ("definition", _esc(_definition(ontology, term))),
                ("status", _esc(_literal_text(ontology, term, VS.term_status) or "")),
            ]
            for label, pred, inverse in (
                ("super-terms", RDFS.subClassOf, False),
                ("super-properties", RDFS.subPropertyOf, False),
                ("sub-terms", RDFS.subClassOf, True),
                ("domain", RDFS.domain, False),
                ("range", RDFS.range, False),
            ):
                found = ontology.subjects(pred, term) if inverse else ontology.objects(term, pred)
                values = sorted({ref(v) for v in found})
                if values:
                    cells.append((label, ", ".join(values)))
            table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in cells)
            parts.append(
                f'<div class="entity" id="{_esc(fid(term))}"><h3>{_esc(_label(ontology, term))}'
                f"</h3><table>{table}</table></div>"
            )
        parts.append("</div>")
        sections.append("\n".join(parts))
    title = _catalog_title(ontology)
    body = (
        f"<h1>{_esc(title)}</h1>\n"
        '<p class="muted">pyLODE is not installed or could not run '
        '(<code>pip install "pylode==3.3.4"</code>); '
        "this is aigovkg's plain term list.</p>\n"
        + "\n".join(sections)
        + "\n"
        + "\n".join(_extra_sections(ontology, fid))
    )
    return _page(title, body), fids


def _catalog_title(ontology: Graph) -> str:
    return _literal_text(ontology, catalog_header(ontology), DCTERMS.title) or "aigovkg ontology"


# --- examples.html ---------------------------------------------------------------------


def _class_members(graph: Graph) -> dict[object, set[object]]:
    """The IRI instances of each agk: class, its subclasses' instances included.

    What ``?instance a/rdfs:subClassOf* ?class`` answers, read with rdflib's
    triple access: its SPARQL engine took longer than the rest of the docs.
    """
    supers: dict[object, set[object]] = {}
    members: dict[object, set[object]] = defaultdict(set)
    for instance, kind in graph.subject_objects(RDF.type):
        if not isinstance(instance, URIRef):
            continue
        if kind not in supers:
            above = graph.transitive_objects(kind, RDFS.subClassOf)  # kind itself included
            supers[kind] = {c for c in above if isinstance(c, URIRef) and c.startswith(str(AGK))}
        for cls in supers[kind]:
            members[cls].add(instance)
    return members


def _example_labels(graph: Graph, instances: set[object]) -> dict[object, set[str]]:
    """The English or untagged labels of the given instances."""
    labels: dict[object, set[str]] = defaultdict(set)
    for instance, label in graph.subject_objects(RDFS.label):
        english = isinstance(label, Literal) and label.language in ("en", None)
        if english and instance in instances:
            labels[instance].add(str(label))
    return labels


def _examples_page(kg: KnowledgeGraph, fids: dict[str, str], graph: Graph | None = None) -> str:
    """Up to EXAMPLES_PER_CLASS instances per class, the most referenced first.

    graph is kg.graph (ontology, data and inferences), when the caller has it already.
    """
    graph = kg.graph if graph is None else graph
    ontology = kg.ontology
    members = _class_members(graph)
    labels = _example_labels(graph, set().union(*members.values()))
    references: Counter[object] = Counter(kg.data.objects())

    def shown(instance: object) -> str:
        return min(labels[instance]) if labels.get(instance) else compact(graph, instance)  # type: ignore[arg-type]

    classes = _own_terms(ontology, OWL.Class)
    parts = [
        f"<h1>{_esc(_catalog_title(ontology))}: examples from the data</h1>",
        "<p>For each class of the ontology: how many instances the graph has (those of its "
        "subclasses included; types asserted or inferred by HermiT) and up to three of them, "
        "the most referenced first, with their labels. "
        'Term definitions are in <a href="index.html">index.html</a>; the picture of the '
        'core classes is <a href="overview.svg">overview.svg</a>.</p>',
        "<table><tr><th>class</th><th>instances</th><th>examples</th></tr>",
    ]
    for cls in classes:
        found = sorted(
            members.get(cls, set()),
            key=lambda i: (-references[i], shown(i).casefold(), str(i)),
        )
        anchor = fids.get(str(cls))
        name = _esc(_label(ontology, cls))
        link = f'<a href="index.html#{_esc(anchor)}">{name}</a>' if anchor else name
        examples = "".join(
            f"<li>{_esc(shown(i))} <code>{_esc(compact(graph, i))}</code></li>"  # type: ignore[arg-type]
            for i in found[:EXAMPLES_PER_CLASS]
        )
        cell = f"<ul>{examples}</ul>" if examples else '<span class="muted">none in the data</span>'
        parts.append(
            f'<tr id="{_esc(str(cls).rsplit("#", 1)[-1])}"><td>{link}<br>'
            f"<code>{_esc(compact(ontology, cls))}</code></td><td>{len(found)}</td>"
            f"<td>{cell}</td></tr>"
        )
    parts.append("</table>")
    return _page("aigovkg: examples from the data", "\n".join(parts))


# --- the entry point -------------------------------------------------------------------


def write_docs(kg: KnowledgeGraph, out: Path, graph: Graph | None = None) -> list[Path]:
    """Write index.html, examples.html and overview.svg into ``out``; return their paths.

    graph is kg.graph (ontology, data and inferences), when the caller has it
    already: building it again costs as much as the examples page.
    """
    index, fids = write_index(kg.ontology, out)
    overview = write_overview(kg, out / "overview.svg", graph)
    return [index, write_examples(kg, fids, out, graph), overview]


def write_index(ontology: Graph, out: Path) -> tuple[Path, dict[str, str]]:
    """Write index.html (pyLODE, else the plain term list); return it and its anchors.

    It needs the ontology alone, so a build can write it while HermiT still runs.
    """
    out.mkdir(parents=True, exist_ok=True)
    try:
        index_html, fids = _index_with_pylode(ontology)
    except ImportError:
        log.warning("pyLODE is not installed; writing a plain term list instead")
        index_html, fids = _plain_index(ontology)
    except OSError as exc:
        # pyLODE caches its background vocabularies as a pickle inside its own
        # package folder on first use, and fails if that folder is read-only.
        log.warning("pyLODE could not run (%s); writing a plain term list instead", exc)
        index_html, fids = _plain_index(ontology)
    index = out / "index.html"
    index.write_text(_strip_remote_assets(index_html), encoding="utf-8")
    return index, fids


def write_examples(
    kg: KnowledgeGraph, fids: dict[str, str], out: Path, graph: Graph | None = None
) -> Path:
    """Write examples.html, linking to index.html's anchors ``fids``."""
    out.mkdir(parents=True, exist_ok=True)
    examples = out / "examples.html"
    examples.write_text(_strip_remote_assets(_examples_page(kg, fids, graph)), encoding="utf-8")
    return examples
