"""Pictures of the graph: the interoperability network, pairwise scores, a timeline.

Each function writes ``<stem>.png`` (for reading) and ``<stem>.svg`` (for
print and diffs) and returns both paths. matplotlib is imported inside the
functions, with the Agg backend, so importing the package never needs a
display or matplotlib itself. SVG output is byte-stable: a fixed hash salt
for glyph ids, no date in the metadata, a seeded layout over sorted nodes.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from aigovkg.api import KnowledgeGraph

Event = tuple[str, str, str]

KIND_COLOURS: dict[str, str] = {
    "jurisdiction": "#d62728",
    "organisation": "#1f77b4",
    "standard": "#2ca02c",
    "instrument": "#ff7f0e",
    "forum": "#9467bd",
}

# One colour per interoperability type; hues grouped by dimension
# (legal: blues/purples, technical: greens/teals, ethical: warm).
TYPE_COLOURS: dict[str, str] = {
    "MutualRecognition": "#1f4e9c",
    "Harmonisation": "#6a3d9a",
    "Cooperation": "#4f9fd6",
    "Collaboration": "#b39ddb",
    "Standardisation": "#1b7837",
    "TechnicalStandardisation": "#5aae61",
    "InfrastructureForIntegration": "#00897b",
    "CompatibleAssessmentMechanisms": "#9ccc65",
    "SharedTerminology": "#e6550d",
    "MultiStakeholderEngagement": "#c51b7d",
}
OTHER_COLOUR = "#7f7f7f"

DIMENSION_NAMES = {
    "EthicalInteroperability": "ethical",
    "LegalInteroperability": "legal",
    "TechnicalInteroperability": "technical",
}

PRECISION_MARKERS = {"day": "o", "month": "s", "year": "D"}

TIMELINE_QUERY = """\
PREFIX agk:  <https://w3id.org/aigovkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX time: <http://www.w3.org/2006/time#>

SELECT DISTINCT ?jurisdictionLabel ?date ?label
WHERE {
  ?event a ?class ; rdfs:label ?label ;
         time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear ?date .
  ?class rdfs:subClassOf* agk:GovernanceEvent .
  ?event agk:jurisdiction|(agk:concerns/(agk:jurisdiction|agk:party|agk:grantingParty|
         agk:recognisedParty|agk:aligningParty)) ?jurisdiction .
  ?jurisdiction agk:iso3166Code ?code ; rdfs:label ?jurisdictionLabel .
}
"""


# --- saving -----------------------------------------------------------------------------


def _pyplot() -> Any:
    """pyplot on the Agg backend: headless, and the same pixels on every machine."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig: Figure, stem: Path) -> list[Path]:
    """Write stem.png and stem.svg without timestamps, then free the figure.

    Both files are cropped to one box: what ``bbox_inches="tight"`` finds at
    the PNG's resolution. Asking savefig for "tight" twice would lay the
    figure out twice more (a dry-run draw and the extents for each file),
    more than the drawing itself costs.
    """
    import matplotlib

    stem.parent.mkdir(parents=True, exist_ok=True)
    png, svg = stem.parent / f"{stem.name}.png", stem.parent / f"{stem.name}.svg"
    with matplotlib.rc_context({"svg.hashsalt": "aigovkg"}):
        box = _tight_box(fig, PNG_DPI)
        # A fixed Software string (rather than None, which older matplotlib rejects)
        # keeps the version out of the PNG; PNG has no date unless asked for one.
        fig.savefig(png, dpi=PNG_DPI, bbox_inches=box, metadata={"Software": "aigovkg"})
        fig.savefig(svg, bbox_inches=box, metadata={"Date": None})
    _pyplot().close(fig)
    return [png, svg]


PNG_DPI = 150


def _tight_box(fig: Figure, dpi: float) -> Any:
    """The padded box, in inches, that savefig(bbox_inches="tight") crops to at dpi.

    The same steps as savefig's: a draw that renders nothing (it settles
    tick labels and text layout), the figure's tight box, savefig.pad_inches.
    """
    import matplotlib

    original = fig.dpi
    fig.dpi = dpi
    try:
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        with renderer._draw_disabled():
            fig.draw(renderer)
        box = fig.get_tightbbox(renderer)
    finally:
        fig.dpi = original
    pad = matplotlib.rcParams["savefig.pad_inches"]
    return box.padded(pad, pad)


def _placeholder(stem: Path, title: str, message: str) -> list[Path]:
    """A figure saying there is nothing to draw, so a build never lacks the file it promised."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 2.5))
    ax.set_title(title, fontsize=13)
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#555555")
    ax.axis("off")
    return _save(fig, stem)


def _shorten(text: str, width: int = 40) -> str:
    """One line of at most ``width`` characters, ending in an ellipsis when cut."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _words(camel: str) -> str:
    """Turn "MutualRecognition" into "Mutual recognition", for legends."""
    words = "".join(f" {c.lower()}" if c.isupper() and i else c for i, c in enumerate(camel))
    return words.replace("Multi stakeholder", "Multi-stakeholder")


# --- the network ------------------------------------------------------------------------


def _simple(graph: nx.MultiDiGraph) -> nx.Graph:
    """An undirected copy with nodes and edges inserted in sorted order.

    The spring layout depends on insertion order; sorting makes it the same
    whatever order the caller built the graph in.
    """
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from((n, graph.nodes[n]) for n in sorted(graph.nodes, key=str))
    pairs = {tuple(sorted((u, v), key=str)) for u, v in graph.edges() if u != v}
    simple.add_edges_from(sorted(pairs, key=lambda e: (str(e[0]), str(e[1]))))
    return simple


def _layout(graph: nx.MultiDiGraph) -> dict[Any, tuple[float, float]]:
    """Spring layout of the largest component; the small ones packed in a row beneath it.

    Laid out together, unconnected islands push the main network into a
    corner; packing them separately keeps the interesting part large.
    """
    import networkx as nx

    simple = _simple(graph)
    parts = sorted(
        (sorted(c, key=str) for c in nx.connected_components(simple)),
        key=lambda c: (-len(c), str(c[0])),
    )
    if not parts:
        return {}
    pos = _spring(simple.subgraph(parts[0]), centre=(0.0, 0.0), radius=1.0)
    left = min(x for x, _ in pos.values())
    bottom = min(y for _, y in pos.values()) - 0.3
    for nodes in parts[1:]:
        radius = min(0.25, 0.06 + 0.03 * len(nodes))
        pos.update(_spring(simple.subgraph(nodes), centre=(left + radius, bottom), radius=radius))
        left += 2 * radius + 0.15
    return pos


def _spring(graph: nx.Graph, centre: tuple[float, float], radius: float) -> dict[Any, Any]:
    """A seeded spring layout of one component, scaled into a circle around ``centre``.

    Jurisdictions are pinned on a ring first (in label order) and the rest
    settle between the jurisdictions they link; left free, the jurisdictions
    all crowd the middle because they share so many neighbours.
    """
    import math

    import networkx as nx

    ordered = nx.Graph()
    ordered.add_nodes_from((n, graph.nodes[n]) for n in sorted(graph.nodes, key=str))
    ordered.add_edges_from(sorted(graph.edges, key=lambda e: (str(e[0]), str(e[1]))))
    if len(ordered) == 1:
        return {next(iter(ordered)): centre}
    ring = [n for n in ordered if ordered.nodes[n].get("kind") == "jurisdiction"]
    ring.sort(key=lambda n: (str(graph.nodes[n].get("label", n)), str(n)))
    k = 3.0 / len(ordered) ** 0.5
    if len(ring) < 3:
        raw = nx.spring_layout(ordered, seed=7, k=k, iterations=300)
    else:
        start = {
            n: (math.cos(2 * math.pi * i / len(ring)), math.sin(2 * math.pi * i / len(ring)))
            for i, n in enumerate(ring)
        }
        raw = nx.spring_layout(ordered, pos=start, fixed=ring, seed=7, k=k / 3, iterations=300)
    return _fit(raw, centre, radius)


def _fit(raw: dict[Any, Any], centre: tuple[float, float], radius: float) -> dict[Any, Any]:
    """Scale and shift positions so the farthest node sits ``radius`` from ``centre``."""
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    mx, my = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(abs(x - mx) for x in xs), max(abs(y - my) for y in ys)) or 1.0
    scale = radius / span
    return {
        n: (centre[0] + (float(p[0]) - mx) * scale, centre[1] + (float(p[1]) - my) * scale)
        for n, p in raw.items()
    }


def _typed_edges(graph: nx.MultiDiGraph) -> dict[str, list[tuple[Any, Any]]]:
    """Edges grouped by interoperability type, one per (pair, type), sorted."""
    grouped: dict[str, set[tuple[Any, Any]]] = {}
    for u, v, data in graph.edges(data=True):
        if u != v:
            grouped.setdefault(str(data.get("type", "Other")), set()).add((u, v))
    return {t: sorted(grouped[t]) for t in sorted(grouped, key=_type_order)}


def _type_order(name: str) -> tuple[int, str]:
    order = list(TYPE_COLOURS)
    return (order.index(name) if name in order else len(order), name)


def _type_dimensions(graph: nx.MultiDiGraph) -> dict[str, str]:
    dims: dict[str, set[str]] = {}
    for _, _, data in graph.edges(data=True):
        dim = DIMENSION_NAMES.get(str(data.get("dimension", "")), "")
        dims.setdefault(str(data.get("type", "Other")), set()).add(dim)
    return {t: "/".join(sorted(d for d in ds if d)) for t, ds in dims.items()}


def _draw_edges(ax: Axes, graph: nx.MultiDiGraph, pos: dict[Any, tuple[float, float]]) -> Any:
    """One curved stroke per (pair, type), curvature per type so parallel links show."""
    import networkx as nx

    handles = []
    from matplotlib.lines import Line2D

    dims = _type_dimensions(graph)
    for i, (kind, edges) in enumerate(_typed_edges(graph).items()):
        colour = TYPE_COLOURS.get(kind, OTHER_COLOUR)
        rad = 0.06 * ((i % 5) - 2)
        nx.draw_networkx_edges(
            graph,
            pos,
            edgelist=edges,
            ax=ax,
            edge_color=colour,
            width=1.1,
            alpha=0.55,
            arrows=True,
            arrowstyle="-",
            connectionstyle=f"arc3,rad={rad}",
            node_size=0,
        )
        label = _words(kind) + (f" ({dims[kind]})" if dims.get(kind) else "")
        handles.append(Line2D([], [], color=colour, lw=2.5, label=label))
    return handles


def _draw_nodes(ax: Axes, graph: nx.MultiDiGraph, pos: dict[Any, tuple[float, float]]) -> Any:
    """Nodes coloured by kind, sized by degree so hubs stand out."""
    import networkx as nx
    from matplotlib.lines import Line2D

    handles = []
    kinds = sorted(
        {str(k) for _, k in graph.nodes(data="kind", default="instrument")},
        key=lambda k: (list(KIND_COLOURS).index(k) if k in KIND_COLOURS else 99, k),
    )
    for kind in kinds:
        nodes = sorted(n for n, k in graph.nodes(data="kind", default="instrument") if k == kind)
        colour = KIND_COLOURS.get(kind, OTHER_COLOUR)
        sizes = [_node_size(graph, n) for n in nodes]
        nx.draw_networkx_nodes(
            graph,
            pos,
            nodelist=nodes,
            ax=ax,
            node_color=colour,
            node_size=sizes,
            edgecolors="white",
            linewidths=0.8,
        )
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                ls="",
                color=colour,
                markersize=9,
                markeredgecolor="white",
                label=kind,
            )
        )
    return handles


# Directions tried in order until a label fits: (dx, dy, horizontal, vertical alignment).
LABEL_SPOTS = (
    (0, 1, "center", "bottom"),
    (0, -1, "center", "top"),
    (1, 0, "left", "center"),
    (-1, 0, "right", "center"),
    (1, 1, "left", "bottom"),
    (-1, -1, "right", "top"),
    (1, -1, "left", "top"),
    (-1, 1, "right", "bottom"),
)
LABEL_RINGS = (2.0, 11.0)  # points beyond the marker's edge: close first, then further out


def _label_order(graph: nx.MultiDiGraph) -> list[Any]:
    """Jurisdictions and hubs (degree >= 3), jurisdictions first, then by degree.

    Labelling every node would be a blur; the order decides who gets a spot
    when labels compete for space.
    """
    degree = dict(graph.degree())
    wanted = [
        n for n in graph.nodes if graph.nodes[n].get("kind") == "jurisdiction" or degree[n] >= 3
    ]
    return sorted(
        wanted,
        key=lambda n: (graph.nodes[n].get("kind") != "jurisdiction", -degree[n], str(n)),
    )


def _node_size(graph: nx.MultiDiGraph, node: Any) -> float:
    """Marker area in points², growing with degree so hubs stand out."""
    return float(40 + 16 * min(graph.degree(node), 20))


def _marker_box(ax: Axes, xy: tuple[float, float], size: float) -> Any:
    """The display-space box of a node marker, so labels do not cover labelled nodes."""
    from matplotlib.transforms import Bbox

    x, y = ax.transData.transform(xy)
    r = (size**0.5) / 2 * ax.figure.dpi / 72
    return Bbox.from_extents(x - r, y - r, x + r, y + r)


def _draw_labels(ax: Axes, graph: nx.MultiDiGraph, pos: dict[Any, tuple[float, float]]) -> None:
    """Place each label at the first spot clear of the labels and labelled nodes so far.

    Jurisdictions are always labelled (above their node if no spot is free);
    a hub whose label fits nowhere is left unlabelled rather than smudged.
    """
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    order = _label_order(graph)
    markers = {n: _marker_box(ax, pos[n], _node_size(graph, n)) for n in order}
    placed: list[Any] = []
    for node in order:
        data = graph.nodes[node]
        is_jurisdiction = data.get("kind") == "jurisdiction"
        text = ax.annotate(
            _shorten(str(data.get("label", node)), 30),
            pos[node],
            xytext=(0, 0),
            textcoords="offset points",
            fontsize=9 if is_jurisdiction else 7,
            zorder=5,
            fontweight="bold" if is_jurisdiction else "normal",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
        )
        radius = _node_size(graph, node) ** 0.5 / 2
        obstacles = placed + [box for n, box in markers.items() if n != node]
        box = _first_free_spot(text, renderer, radius, obstacles)
        if box is None and not is_jurisdiction:
            text.remove()
            continue
        if box is None:
            _place(text, LABEL_SPOTS[0], radius + LABEL_RINGS[0])
            box = text.get_window_extent(renderer)
        placed.append(box)


def _place(text: Any, spot: tuple[int, int, str, str], distance: float) -> None:
    dx, dy, ha, va = spot
    text.xyann = (dx * distance, dy * distance)
    text.set_horizontalalignment(ha)
    text.set_verticalalignment(va)


def _first_free_spot(text: Any, renderer: Any, radius: float, obstacles: list[Any]) -> Any:
    for ring in LABEL_RINGS:
        for spot in LABEL_SPOTS:
            _place(text, spot, radius + ring)
            box = text.get_window_extent(renderer).expanded(1.04, 1.1)
            if not any(box.overlaps(other) for other in obstacles):
                return box
    return None


def network_figure(graph: nx.MultiDiGraph, stem: Path) -> list[Path]:
    """The interoperability network: who is linked to whom, and by what kind of link."""
    if graph.number_of_nodes() == 0:
        return _placeholder(stem, "AI safety governance interoperability network", "no links")
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(14, 10))
    pos = _layout(graph)
    edge_handles = _draw_edges(ax, graph, pos)
    node_handles = _draw_nodes(ax, graph, pos)
    _freeze_limits(ax, pos)
    _draw_labels(ax, graph, pos)
    ax.set_title(
        f"AI safety governance interoperability network "
        f"({graph.number_of_nodes()} nodes, {graph.number_of_edges()} links)",
        fontsize=14,
    )
    ax.axis("off")
    kinds = ax.legend(
        handles=node_handles,
        title="Node kind",
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
        fontsize=9,
    )
    ax.add_artist(kinds)
    ax.legend(
        handles=edge_handles,
        title="Interoperability type (dimension)",
        loc="upper left",
        bbox_to_anchor=(1.0, 0.72),
        frameon=False,
        fontsize=9,
    )
    return _save(fig, stem)


def _freeze_limits(ax: Axes, pos: dict[Any, tuple[float, float]]) -> None:
    """Fix the data limits so label positions measured now hold when saved.

    The side margins leave room for labels of the outermost nodes, which
    would otherwise run into the legends.
    """
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    side = 0.1 * ((max(xs) - min(xs)) or 1.0)
    ax.set_xlim(min(xs) - side, max(xs) + side)
    ax.set_ylim(min(ys) - 0.08, max(ys) + 0.08)


# --- the heatmap ------------------------------------------------------------------------


def heatmap_figure(
    labels: list[str],
    matrix: list[list[float]],
    stem: Path,
    title: str = "Pairwise interoperability scores",
) -> list[Path]:
    """An annotated heatmap of a square score matrix, labels on both axes."""
    import numpy as np

    if not labels:
        return _placeholder(stem, title, "no pairs to score")
    plt = _pyplot()
    data = np.array(matrix, dtype=float).reshape(len(labels), len(labels))
    side = max(6.0, 0.75 * len(labels) + 3.0)
    fig, ax = plt.subplots(figsize=(side + 1.5, side))
    finite = data[np.isfinite(data)]
    vmax = float(finite.max()) if finite.size else 1.0
    vmin = min(0.0, float(finite.min())) if finite.size else 0.0
    image = ax.imshow(data, cmap="YlGnBu", vmin=vmin, vmax=vmax if vmax > vmin else vmin + 1)
    ax.set_xticks(
        range(len(labels)), labels=labels, rotation=40, ha="right", rotation_mode="anchor"
    )
    ax.set_yticks(range(len(labels)), labels=labels)
    _annotate_cells(ax, data, image)
    ax.set_title(title, fontsize=13, pad=12)
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="score")
    return _save(fig, stem)


def _annotate_cells(ax: Axes, data: Any, image: Any) -> None:
    """Print each value with 2 decimals, dark on light cells and light on dark."""
    import numpy as np

    size = 10 if len(data) <= 12 else 7
    colours = image.cmap(image.norm(data))  # all cells at once: per cell it is slow
    for (i, j), value in np.ndenumerate(data):
        if not np.isfinite(value):
            continue
        r, g, b, _ = colours[i, j]
        colour = "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"
        ax.text(j, i, f"{value:.2f}", ha="center", va="center", color=colour, fontsize=size)


# --- the timeline -----------------------------------------------------------------------


def precision(date: str) -> str:
    """The precision of a date: "2024" year, "2024-11" month, "2024-11-20" day."""
    return {4: "year", 7: "month"}.get(len(date.strip()), "day")


def decimal_year(date: str) -> float:
    """A date at its precision as a fractional year, placed mid-period.

    "2024" sits at mid-year and "2024-11" at mid-November, so an event
    known only to the year is not drawn as if it happened on 1 January.
    """
    text = date.strip()[:10]
    year = int(text[:4])
    if len(text) == 4:
        return year + 0.5
    month = int(text[5:7])
    if len(text) == 7:
        return year + (month - 0.5) / 12
    day = dt.date.fromisoformat(text)
    days = 366 if calendar.isleap(year) else 365
    return year + (day.timetuple().tm_yday - 0.5) / days


TIMELINE_TITLE = "Timeline of AI governance events by jurisdiction"
LEVEL_STEP = 0.32  # vertical distance between label rows, in lane units
LABEL_GAP = 0.12  # years kept free between two labels in one row (room for their frames)


def _offset(level: int) -> float:
    """Label rows alternate above and below the lane: +1, -1, +2, -2, ..."""
    return LEVEL_STEP * ((level // 2) + 1) * (1 if level % 2 == 0 else -1)


def _assign_levels(spans: Sequence[tuple[float, float]], gap: float) -> list[int]:
    """Greedy rows for label spans (start, end) so that no two in a row overlap."""
    ends: list[float] = []
    levels = []
    for start, end in spans:
        for level, last in enumerate(ends):
            if start > last + gap:
                ends[level] = end
                levels.append(level)
                break
        else:
            ends.append(end)
            levels.append(len(ends) - 1)
    return levels


def _label_widths(fig: Figure, ax: Axes, texts: Iterable[str], fontsize: float) -> list[float]:
    """The width of each label in years, measured by the renderer (x scale is fixed)."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    x0, x1 = ax.get_xlim()
    per_pixel = (x1 - x0) / ax.get_window_extent(renderer).width
    widths = []
    for text in texts:
        artist = ax.text(0, 0, text, fontsize=fontsize)
        widths.append(artist.get_window_extent(renderer).width * per_pixel)
        artist.remove()
    return widths


def _lane_plan(
    events: Sequence[tuple[float, str, str]], widths: Sequence[float], xmax: float, pad: float
) -> tuple[list[tuple[float, float, str]], list[int]]:
    """Spans for one lane's labels (left of the marker near the right edge) and their rows."""
    spans = []
    for (x, _, _), width in zip(events, widths, strict=True):
        if x + pad + width > xmax:
            spans.append((x - pad - width, x, "right"))
        else:
            spans.append((x, x + pad + width, "left"))
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], i))
    levels_sorted = _assign_levels([spans[i][:2] for i in order], gap=LABEL_GAP)
    levels = [0] * len(spans)
    for i, level in zip(order, levels_sorted, strict=True):
        levels[i] = level
    return spans, levels


def timeline_figure(events: list[Event], stem: Path) -> list[Path]:
    """One lane per jurisdiction, events at their date's precision, labels kept apart."""
    if not events:
        return _placeholder(stem, TIMELINE_TITLE, "no dated events")
    plt = _pyplot()
    lanes = _lanes(events)
    xs = [decimal_year(d) for _, d, _ in events]
    xmin, xmax = float(int(min(xs))), float(int(max(xs)) + 1)
    fig, ax = plt.subplots(figsize=(14, 4))
    fig.subplots_adjust(left=0.14, right=0.98)
    ax.set_xlim(xmin - 0.05, xmax + 0.05)
    fontsize, pad = 7.5, 0.03
    plans = []
    for name in lanes:
        lane = lanes[name]
        widths = _label_widths(fig, ax, (_shorten(label) for _, _, label in lane), fontsize)
        plans.append((name, lane, *_lane_plan(lane, widths, xmax + 0.05, pad)))
    heights = [2 * LEVEL_STEP * ((max(levels, default=0) // 2) + 1) + 0.5 for *_, levels in plans]
    fig.set_figheight(max(3.0, 0.55 * sum(heights) + 1.6))
    _draw_lanes(ax, plans, heights, fontsize, pad)
    _finish_timeline(ax, xmin, xmax)
    return _save(fig, stem)


def _lanes(events: Sequence[Event]) -> dict[str, list[tuple[float, str, str]]]:
    """Events grouped per jurisdiction (sorted by name), each lane sorted by date."""
    lanes: dict[str, list[tuple[float, str, str]]] = {}
    for jurisdiction, date, label in sorted(set(events)):
        lanes.setdefault(jurisdiction, []).append((decimal_year(date), date, label))
    return {name: sorted(lanes[name]) for name in sorted(lanes)}


def _draw_lanes(
    ax: Axes, plans: Any, heights: Sequence[float], fontsize: float, pad: float
) -> None:
    """Draw lanes top to bottom: a line, markers by precision, leader lines and labels."""
    top = sum(heights)
    ticks, names = [], []
    for (name, lane, spans, levels), height in zip(plans, heights, strict=True):
        centre = top - height / 2
        top -= height
        ticks.append(centre)
        names.append(name)
        ax.axhline(centre, color="#cccccc", lw=1, zorder=1)
        for (x, date, label), (_, _, side), level in zip(lane, spans, levels, strict=True):
            y = centre + _offset(level)
            ax.plot([x, x], [centre, y], color="#999999", lw=0.6, zorder=2)
            ax.plot(
                x,
                centre,
                marker=PRECISION_MARKERS[precision(date)],
                ms=6,
                ls="",
                color="#24496b",
                zorder=3,
            )
            text_x = x + pad if side == "left" else x - pad
            ax.text(
                text_x,
                y,
                _shorten(label),
                fontsize=fontsize,
                va="center",
                ha=side,
                zorder=4,
                bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "#dddddd", "lw": 0.5},
            )
    ax.set_ylim(0, sum(heights))
    ax.set_yticks(ticks, labels=names, fontsize=10)


def _finish_timeline(ax: Axes, xmin: float, xmax: float) -> None:
    from matplotlib.lines import Line2D

    years = list(range(int(xmin), int(xmax) + 1))
    ax.set_xticks(years, labels=[str(y) for y in years])
    ax.grid(axis="x", color="#eeeeee", zorder=0)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("year (events known to the month or year are placed mid-period)")
    ax.set_title(TIMELINE_TITLE, fontsize=13, loc="left")
    handles = [
        Line2D([], [], marker=m, ls="", color="#24496b", label=f"dated to the {p}")
        for p, m in PRECISION_MARKERS.items()
    ]
    ax.legend(
        handles=handles,
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        ncol=3,
        frameon=False,
        fontsize=9,
    )


def timeline_events(kg: KnowledgeGraph) -> list[Event]:
    """(jurisdiction label, date at its precision, event label) for every dated event.

    An event belongs to a jurisdiction it names, or to the jurisdiction or
    parties of what it concerns; property-path alternatives (not UNION) keep
    rdflib fast.
    """
    rows = {
        (str(r["jurisdictionLabel"]), str(r["date"]), " ".join(str(r["label"]).split()))
        for r in kg.sparql(TIMELINE_QUERY).records()
    }
    return sorted(rows, key=lambda e: (e[0], decimal_year(e[1]), e[1], e[2]))


# --- all of them ------------------------------------------------------------------------


def write_figures(
    kg: KnowledgeGraph,
    graph: nx.MultiDiGraph,
    labels: list[str],
    matrix: list[list[float]],
    out: Path,
) -> list[Path]:
    """Write out/network.*, out/pairwise-scores.* and out/timeline.* (PNG and SVG)."""
    out.mkdir(parents=True, exist_ok=True)
    return [
        *network_figure(graph, out / "network"),
        *heatmap_figure(labels, matrix, out / "pairwise-scores"),
        *timeline_figure(timeline_events(kg), out / "timeline"),
    ]
