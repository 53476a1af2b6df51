"""Rule-based materialisation: OWL 2 RL rules compiled from the ontology, run as SPARQL.

HermiT stays the consistency check of the curated graph, but it does not
scale to a million triples, and the competency queries need only what a
forward-chaining rule set derives: types up the class hierarchy,
super-properties, inverses, symmetric and transitive closures, property
chains and the members of the defined classes. This module compiles those
rules from whatever axioms the ontology declares (nothing is listed per
class) and runs them on pyoxigraph until nothing new follows.

Compiling happens in Python, once. The sub-class and sub-property
hierarchies are closed first, so a type climbs the whole hierarchy in one
step; every axiom then becomes ground rule instances, each named after the
OWL 2 RL rule it implements (``cax-sco``, ``prp-inv`` …). Instances of the
same form fold into one SPARQL rule whose ontology terms come from a
``VALUES`` table, so the rule set stays about a dozen queries however large
the ontology grows.

Every rule has one triple pattern in its head and single triple patterns in
its body, which makes semi-naive evaluation possible (:func:`materialise`).

Constructs covered, both directions wherever OWL 2 RL allows:
``rdfs:subClassOf``, ``owl:equivalentClass``, ``rdfs:subPropertyOf``,
``owl:equivalentProperty``, ``owl:inverseOf``, ``owl:SymmetricProperty``,
``owl:TransitiveProperty``, ``owl:propertyChainAxiom`` (inverse steps
included), and class expressions built from ``owl:intersectionOf``,
``owl:unionOf``, ``owl:someValuesFrom`` and ``owl:hasValue``; on request
``rdfs:domain`` and ``rdfs:range``. What OWL 2 RL would allow but the
compiler does not express (``owl:allValuesFrom``, ``owl:oneOf``,
cardinalities …) is listed by :func:`uncovered`. Consistency (disjointness,
functional properties, ``owl:sameAs``) stays with HermiT.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

if TYPE_CHECKING:
    import pyoxigraph

Term = URIRef | Literal | Variable
Pattern = tuple[Term, Term, Term]

#: Predicates written literally in a rule, never moved into its VALUES table.
STRUCTURAL = frozenset({RDF.type, RDFS.subClassOf, RDFS.subPropertyOf})

#: Rule kinds whose tables hold a closed hierarchy (class or property): one
#: application reaches the top, so their output never feeds the same hierarchy.
CLOSED = {"cax-sco": "class", "cax-eqc": "class", "prp-spo1": "property"}

#: Prefix of the scratch graphs and probe nodes, all removed before a function returns.
SCRATCH = "urn:aigovkg:rules:"

WHY = {
    "scm-sco": "The class hierarchy, closed: C rdfs:subClassOf D for every D above C "
    "(sub-class, equivalent-class, intersection and union axioms, and what the rules derive "
    "for a fresh instance of C).",
    "scm-spo": "The property hierarchy, closed: p rdfs:subPropertyOf q for every q above p.",
    "cax-sco": "An instance of a class is an instance of every class above it.",
    "cax-eqc": "An instance of a class is an instance of every class equivalent to it.",
    "prp-spo1": "A statement with a property also holds with every property above it.",
    "prp-inv": "A statement with a property holds reversed with its inverse.",
    "prp-symp": "A statement with a symmetric property holds reversed.",
    "prp-trp": "Two chained statements with a transitive property give the shortcut.",
    "prp-spo2": "A path along a property chain gives the chain's property.",
    "cls-def": "Meeting a class expression's conditions makes an instance of the class it "
    "defines or is below (intersection: every part; union: one part; someValuesFrom: a value "
    "in the class; hasValue: the value).",
    "cls-sup": "An instance of a class has what its definition or complex superclass states "
    "(each part of an intersection, a hasValue's value).",
    "prp-dom": "The subject of a property is an instance of its domain.",
    "prp-rng": "The object of a property is an instance of its range.",
}


@dataclass(frozen=True)
class Rule:
    """One inference rule as SPARQL.

    ``sparql`` is a complete ``INSERT … WHERE``: one naive application that
    any SPARQL 1.1 store can run. Compiled rules also carry their parts,
    which :func:`materialise` uses to evaluate them semi-naively: ``head``
    (one triple pattern), ``body`` (triple patterns over the data) and
    ``values`` (the ontology terms, a VALUES block). ``feeds`` is False
    when no compiled rule can use what this one derives; ``kind`` names the
    OWL 2 RL rule it implements. A hand-written rule may leave the parts
    empty: it then runs whole every round, and may be a CONSTRUCT, whose
    absent triples are inserted.
    """

    name: str
    sparql: str
    why: str
    head: str = ""
    body: tuple[str, ...] = ()
    values: str = ""
    feeds: bool = True
    kind: str = ""

    @property
    def structured(self) -> bool:
        return bool(self.head)


@dataclass(frozen=True)
class RuleResult:
    """What a materialisation did: triples added, rounds run (the last adds nothing), time."""

    inferred: int
    rounds: int
    seconds: float


# ---------------------------------------------------------------------------
# Compiling: ontology axioms -> ground rule instances -> folded SPARQL rules
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Instance:
    """A rule with the ontology's terms written in: body patterns => one head pattern."""

    kind: str
    body: tuple[Pattern, ...]
    head: Pattern
    feeds: bool = True


def compile_rules(ontology: Graph, *, domain_range: bool = False) -> list[Rule]:
    """The rules the ontology's axioms call for, in a good running order.

    The class hierarchy the rules climb includes the subsumptions the rules
    themselves derive (:func:`_probed_subsumptions`), such as a link class
    defined by its type being below the class defined by that type's
    dimension. ``domain_range`` adds rdfs:domain and rdfs:range typing. It
    is off by default because HermiT's inferences on the curated graph
    contain none (every node is already typed at least as specifically),
    and at scale those rules touch every triple.
    """
    edges = _class_edges(ontology)
    rules = _compiled(_instances(ontology, domain_range, edges))
    probed = _probed_subsumptions(ontology, edges, rules)
    if probed - set(_closure(edges)):
        rules = _compiled(_instances(ontology, domain_range, edges | probed))
    return rules


def _compiled(instances: Iterable[_Instance]) -> list[Rule]:
    """Fold instances of one kind and form into one rule each, named by kind (and form)."""
    groups: dict[tuple[str, bool, tuple[Pattern, ...], Pattern], list[_Instance]] = {}
    for instance in _with_feeds(list(instances)):
        body, head, _ = _template(instance)
        groups.setdefault((instance.kind, instance.feeds, body, head), []).append(instance)
    lengths: dict[str, set[int]] = defaultdict(set)
    for kind, _, body, _ in groups:
        lengths[kind].add(len(body))
    names: dict[str, int] = defaultdict(int)
    rules = []
    for (kind, feeds, body, _), group in groups.items():
        name = kind + (f"/{len(body)}" if len(lengths[kind]) > 1 else "")
        name += "" if feeds else "/final"
        names[name] += 1
        rules.append(_fold(name + ("" if names[name] == 1 else f"#{names[name]}"), kind, group))
    return rules


def _probed_subsumptions(
    ontology: Graph, edges: set[tuple[URIRef, URIRef]], rules: list[Rule]
) -> set[tuple[URIRef, URIRef]]:
    """Class subsumptions the rules derive for a fresh instance of each named class.

    Whatever the rules derive about a new node typed only C holds of every
    instance of C, so C is below each class that node gets: the standard
    way to classify with OWL 2 RL. It finds what needs the ontology's
    individuals, e.g. MutualRecognitionLink below LegalInteroperabilityLink
    (the type has the legal dimension, and the dimension follows from the
    type by a property chain); OWL 2 RL's schema rules cannot, HermiT does.
    """
    import pyoxigraph

    declared = {c for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    classes = sorted({c for c in declared if _named(c)} | {c for edge in edges for c in edge})
    if not classes:
        return set()
    store = pyoxigraph.Store()
    store.bulk_load(
        ontology.serialize(format="nt", encoding="utf-8"), pyoxigraph.RdfFormat.N_TRIPLES
    )
    probes = {f"{SCRATCH}probe-{i}": c for i, c in enumerate(classes)}
    rdf_type = pyoxigraph.NamedNode(str(RDF.type))
    store.extend(
        pyoxigraph.Quad(pyoxigraph.NamedNode(p), rdf_type, pyoxigraph.NamedNode(str(c)))
        for p, c in probes.items()
    )
    materialise(store, rules)
    pairs = set()
    for quad in store.quads_for_pattern(None, rdf_type, None):
        cls = probes.get(getattr(quad.subject, "value", ""))
        sup = URIRef(quad.object.value) if isinstance(quad.object, pyoxigraph.NamedNode) else None
        if cls is not None and sup is not None and sup != cls and _named(sup):
            pairs.add((cls, sup))
    return pairs


def uncovered(ontology: Graph) -> list[str]:
    """Class axioms with entailments OWL 2 RL allows but the compiled rules do not derive.

    Not listed: what OWL 2 RL itself leaves out, a union or an existential
    in a superclass position (it would need a choice or a new node).
    """
    problems: list[str] = []
    x = Variable("x")
    for cls, expr, direction in _class_axioms(ontology):
        if direction in ("forward", "both") and _members(ontology, expr, x) is None:
            problems.append(f"{_name(ontology, cls)}: membership of {_describe(ontology, expr)}")
        if direction in ("backward", "both"):
            problems.extend(
                f"{_name(ontology, cls)}: consequences of {_describe(ontology, part)}"
                for part in _heads(ontology, expr, x)[1]
            )
    return problems


def _instances(
    ontology: Graph, domain_range: bool, class_edges: set[tuple[URIRef, URIRef]]
) -> Iterator[_Instance]:
    """Every ground rule instance, hierarchy first, without duplicates across kinds."""
    seen: set[tuple[tuple[Pattern, ...], Pattern]] = set()
    x, y, z = Variable("x"), Variable("y"), Variable("z")
    classes = _closure(class_edges)
    cyclic = set(classes)  # (d, c) in it as well as (c, d): equivalent classes
    properties = _closure(_property_edges(ontology))
    symmetric = _typed(ontology, OWL.SymmetricProperty)
    transitive = _typed(ontology, OWL.TransitiveProperty)
    generated: list[Iterable[_Instance]] = [
        (_Instance("scm-sco", (), (c, RDFS.subClassOf, d)) for c, d in classes),
        (_Instance("scm-spo", (), (p, RDFS.subPropertyOf, q)) for p, q in properties),
        (
            _Instance(
                "cax-eqc" if (d, c) in cyclic else "cax-sco", ((x, RDF.type, c),), (x, RDF.type, d)
            )
            for c, d in classes
        ),
        (_Instance("prp-spo1", ((x, p, y),), (x, q, y)) for p, q in properties),
        (_Instance("prp-inv", ((x, p, y),), (y, q, x)) for p, q in _inverses(ontology)),
        (_Instance("prp-symp", ((x, p, y),), (y, p, x)) for p in symmetric),
        (_Instance("prp-trp", ((x, p, y), (y, p, z)), (x, p, z)) for p in transitive),
        _chains(ontology),
        _class_expression_instances(ontology),
    ]
    if domain_range:
        generated.append(_domain_range(ontology))
    for instance in itertools.chain.from_iterable(generated):
        key = (instance.body, instance.head)
        if key not in seen:
            seen.add(key)
            yield instance


def _with_feeds(instances: list[_Instance]) -> list[_Instance]:
    """Mark the instances whose head no other instance's body can match.

    Their triples need not wait in a round's scratch graph: nothing derives
    from them. A closed hierarchy (:data:`CLOSED`) does not count as using
    its own output.
    """
    bodies = [(i.kind, atom) for i in instances for atom in i.body]
    # Index body atoms by predicate so each head meets only the atoms it could match;
    # comparing every head with every atom took most of compile_rules' time.
    by_predicate: dict[object, list[tuple[str, Pattern]]] = {}
    open_predicate: list[tuple[str, Pattern]] = []
    for kind, atom in bodies:
        if isinstance(atom[1], Variable):
            open_predicate.append((kind, atom))
        else:
            by_predicate.setdefault(atom[1], []).append((kind, atom))

    def candidates(head: Pattern) -> list[tuple[str, Pattern]]:
        if isinstance(head[1], Variable):
            return bodies
        return by_predicate.get(head[1], []) + open_predicate

    return [
        replace(
            i,
            feeds=any(
                _unifies(i.head, atom) and CLOSED.get(kind, kind) != CLOSED.get(i.kind)
                for kind, atom in candidates(i.head)
            ),
        )
        for i in instances
    ]


def _unifies(head: Pattern, atom: Pattern) -> bool:
    return all(
        isinstance(h, Variable) or isinstance(a, Variable) or h == a
        for h, a in zip(head, atom, strict=True)
    )


def _named(node: Node | None) -> bool:
    return isinstance(node, URIRef) and node != OWL.Thing


def _list(ontology: Graph, head: Node | None) -> list[Node]:
    return list(Collection(ontology, head)) if head is not None else []


def _class_edges(ontology: Graph) -> set[tuple[URIRef, URIRef]]:
    """Direct sub-class edges between named classes, from every axiom that states one.

    Besides rdfs:subClassOf and owl:equivalentClass between named classes,
    a class defined as (or below) an intersection is below each named part
    (OWL 2 RL scm-int), and each named part of a union that defines (or is
    below) a class is below it (scm-uni).
    """
    edges: set[tuple[URIRef, URIRef]] = set()
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef) and _named(sup):
            edges.add((sub, sup))
    for cls, expr, direction in _class_axioms(ontology):
        if isinstance(expr, URIRef):
            edges.update({(cls, expr), (expr, cls)})
            continue
        if direction in ("backward", "both"):
            parts = _list(ontology, ontology.value(expr, OWL.intersectionOf))
            edges.update((cls, part) for part in parts if isinstance(part, URIRef))
        if direction in ("forward", "both"):
            parts = _list(ontology, ontology.value(expr, OWL.unionOf))
            edges.update((part, cls) for part in parts if isinstance(part, URIRef))
    return {(a, b) for a, b in edges if a != b and _named(b)}


def _property_edges(ontology: Graph) -> set[tuple[URIRef, URIRef]]:
    edges: set[tuple[URIRef, URIRef]] = set()
    for sub, sup in ontology.subject_objects(RDFS.subPropertyOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            edges.add((sub, sup))
    for a, b in ontology.subject_objects(OWL.equivalentProperty):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            edges.update({(a, b), (b, a)})
    return {(a, b) for a, b in edges if a != b}


def _closure(edges: set[tuple[URIRef, URIRef]]) -> list[tuple[URIRef, URIRef]]:
    """Every (a, b) with b reachable from a and a != b, sorted so rule text is stable."""
    above: dict[URIRef, set[URIRef]] = defaultdict(set)
    for a, b in edges:
        above[a].add(b)
    pairs: set[tuple[URIRef, URIRef]] = set()
    for start in list(above):
        stack, seen = [start], {start}
        while stack:
            for nxt in above.get(stack.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        pairs.update((start, b) for b in seen if b != start)
    return sorted(pairs)


def _typed(ontology: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(p for p in ontology.subjects(RDF.type, kind) if isinstance(p, URIRef))


def _inverses(ontology: Graph) -> list[tuple[URIRef, URIRef]]:
    """prp-inv1 and prp-inv2: both directions of every owl:inverseOf between named properties."""
    pairs = set()
    for p, q in ontology.subject_objects(OWL.inverseOf):
        if isinstance(p, URIRef) and isinstance(q, URIRef):
            pairs.update({(p, q), (q, p)})
    return sorted(pairs)


def _chains(ontology: Graph) -> Iterator[_Instance]:
    """prp-spo2: p owl:propertyChainAxiom (p1 … pn); a step may be [ owl:inverseOf q ]."""
    for prop, chain in sorted(ontology.subject_objects(OWL.propertyChainAxiom)):
        steps = _list(ontology, chain)
        nodes = [Variable("x"), *(Variable(f"y{i}") for i in range(1, len(steps) + 1))]
        body: list[Pattern] = []
        for i, step in enumerate(steps):
            inverse = ontology.value(step, OWL.inverseOf) if isinstance(step, BNode) else None
            if isinstance(step, URIRef):
                body.append((nodes[i], step, nodes[i + 1]))
            elif isinstance(inverse, URIRef):
                body.append((nodes[i + 1], inverse, nodes[i]))
        if isinstance(prop, URIRef) and body and len(body) == len(steps):
            yield _Instance("prp-spo2", tuple(body), (nodes[0], prop, nodes[-1]))


def _class_axioms(ontology: Graph) -> Iterator[tuple[URIRef, Node, str]]:
    """(named class, expression, direction) for each axiom tying a named class to a class.

    "forward": the expression implies the class (it is below the class);
    "backward": the class implies the expression; "both": equivalence.
    Axioms between two complex expressions name no class and are skipped.
    """
    for a, b in sorted(ontology.subject_objects(OWL.equivalentClass)):
        if isinstance(a, URIRef):
            yield a, b, "both"
        elif isinstance(b, URIRef):
            yield b, a, "both"
    for sub, sup in sorted(ontology.subject_objects(RDFS.subClassOf)):
        if isinstance(sub, URIRef) and isinstance(sup, BNode):
            yield sub, sup, "backward"
        elif isinstance(sub, BNode) and isinstance(sup, URIRef):
            yield sup, sub, "forward"


def _class_expression_instances(ontology: Graph) -> Iterator[_Instance]:
    """cls-def (meeting an expression => the class) and cls-sup (the class => the expression)."""
    x = Variable("x")
    for cls, expr, direction in _class_axioms(ontology):
        if isinstance(expr, URIRef):
            continue  # between named classes: a hierarchy edge already
        if direction in ("forward", "both"):
            for conjunction in _members(ontology, expr, x) or []:
                if conjunction:
                    yield _Instance("cls-def", tuple(conjunction), (x, RDF.type, cls))
        if direction in ("backward", "both"):
            for head in _heads(ontology, expr, x)[0]:
                yield _Instance("cls-sup", ((x, RDF.type, cls),), head)


def _members(
    ontology: Graph, expr: Node, var: Variable, fresh: Iterator[int] | None = None
) -> list[list[Pattern]] | None:
    """Alternatives (a disjunction of conjunctions of patterns) for ``var`` being in ``expr``.

    None when a part cannot be tested in a rule body (owl:allValuesFrom,
    owl:oneOf, cardinalities, complements): rules for the other parts
    would be sound but leave a silent gap, so :func:`uncovered` reports the
    whole expression instead.
    """
    fresh = fresh if fresh is not None else itertools.count(1)
    if isinstance(expr, URIRef):
        return [[]] if expr == OWL.Thing else [[(var, RDF.type, expr)]]
    for connective in (OWL.intersectionOf, OWL.unionOf):
        parts = ontology.value(expr, connective)
        if parts is not None:
            return _combine(ontology, _list(ontology, parts), var, fresh, connective)
    prop = ontology.value(expr, OWL.onProperty)
    value = ontology.value(expr, OWL.hasValue)
    filler = ontology.value(expr, OWL.someValuesFrom)
    if not isinstance(prop, URIRef):
        return None
    if isinstance(value, URIRef | Literal):
        return [[(var, prop, value)]]
    if filler is None or _is_datatype(filler):
        return None
    other = Variable(f"y{next(fresh)}")
    inner = _members(ontology, filler, other, fresh)
    return None if inner is None else [[(var, prop, other), *a] for a in inner]


def _combine(
    ontology: Graph, parts: list[Node], var: Variable, fresh: Iterator[int], connective: URIRef
) -> list[list[Pattern]] | None:
    """Intersection: every part holds (a product of alternatives); union: any part does."""
    result: list[list[Pattern]] = [[]] if connective == OWL.intersectionOf else []
    for part in parts:
        alternatives = _members(ontology, part, var, fresh)
        if alternatives is None:
            return None
        if connective == OWL.intersectionOf:
            result = [a + b for a in result for b in alternatives]
        else:
            result.extend(alternatives)
    return result


def _heads(ontology: Graph, expr: Node, var: Variable) -> tuple[list[Pattern], list[Node]]:
    """What an instance of ``expr`` must satisfy, and the parts OWL 2 RL allows but this skips.

    Stated: named classes, each part of an intersection, a hasValue's value.
    Skipped silently: unions and existentials (beyond OWL 2 RL). Returned
    as gaps: any other restriction, e.g. owl:allValuesFrom.
    """
    if isinstance(expr, URIRef):
        return ([] if expr == OWL.Thing else [(var, RDF.type, expr)]), []
    intersection = ontology.value(expr, OWL.intersectionOf)
    if intersection is not None:
        heads: list[Pattern] = []
        gaps: list[Node] = []
        for part in _list(ontology, intersection):
            part_heads, part_gaps = _heads(ontology, part, var)
            heads.extend(part_heads)
            gaps.extend(part_gaps)
        return heads, gaps
    prop = ontology.value(expr, OWL.onProperty)
    value = ontology.value(expr, OWL.hasValue)
    if isinstance(prop, URIRef) and isinstance(value, URIRef | Literal):
        return [(var, prop, value)], []
    beyond_rl = (OWL.unionOf, OWL.someValuesFrom)
    if any(ontology.value(expr, p) is not None for p in beyond_rl):
        return [], []
    return [], [expr]


def _is_datatype(node: Node) -> bool:
    return (isinstance(node, URIRef) and str(node).startswith(str(XSD))) or node == RDFS.Literal


def _domain_range(ontology: Graph) -> Iterator[_Instance]:
    """prp-dom and prp-rng, the range only for object properties and class ranges."""
    x, y = Variable("x"), Variable("y")
    for prop, cls in sorted(ontology.subject_objects(RDFS.domain)):
        if isinstance(prop, URIRef) and isinstance(cls, URIRef) and _named(cls):
            yield _Instance("prp-dom", ((x, prop, y),), (x, RDF.type, cls))
    for prop, cls in sorted(ontology.subject_objects(RDFS.range)):
        literal_valued = (prop, RDF.type, OWL.DatatypeProperty) in ontology or _is_datatype(cls)
        if (
            isinstance(prop, URIRef)
            and isinstance(cls, URIRef)
            and _named(cls)
            and not literal_valued
        ):
            yield _Instance("prp-rng", ((x, prop, y),), (y, RDF.type, cls))


def _name(ontology: Graph, node: Node) -> str:
    if isinstance(node, URIRef):
        return ontology.namespace_manager.normalizeUri(node)
    return "[]"


def _describe(ontology: Graph, expr: Node) -> str:
    used = sorted(
        _name(ontology, p) for p in set(ontology.predicates(expr)) if str(p).startswith(str(OWL))
    )
    return f"an expression with {', '.join(used) or 'no OWL terms'}"


# Folding instances of one form into one SPARQL rule with a VALUES table -------


def _template(instance: _Instance) -> tuple[tuple[Pattern, ...], Pattern, tuple[Term, ...]]:
    """The instance with its ontology terms replaced by ?k0, ?k1 …, and those terms in order."""
    constants: dict[Term, Variable] = {}

    def lift(term: Term, position: int) -> Term:
        if isinstance(term, Variable) or (position == 1 and term in STRUCTURAL):
            return term
        return constants.setdefault(term, Variable(f"k{len(constants)}"))

    def pattern(p: Pattern) -> Pattern:
        return (lift(p[0], 0), lift(p[1], 1), lift(p[2], 2))

    body = tuple(pattern(p) for p in instance.body)
    head = pattern(instance.head)
    return body, head, tuple(constants)


def _fold(name: str, kind: str, group: list[_Instance]) -> Rule:
    body, head, _ = _template(group[0])
    rows = sorted({_template(i)[2] for i in group}, key=lambda row: [t.n3() for t in row])
    width = len(rows[0])
    lines = "\n".join("    (" + " ".join(t.n3() for t in row) + ")" for row in rows)
    columns = " ".join(f"?k{i}" for i in range(width))
    values = f"VALUES ({columns}) {{\n{lines}\n  }}" if width else ""
    head_text = _text(head)
    body_text = tuple(_text(p) for p in body)
    where = "\n  ".join([*([values] if values else []), *body_text])
    sparql = f"INSERT {{ {head_text} }}\nWHERE {{\n  {where}\n}}"
    return Rule(name, sparql, WHY[kind], head_text, body_text, values, group[0].feeds, kind)


def _text(pattern: Pattern) -> str:
    return " ".join("a" if t == RDF.type else t.n3() for t in pattern) + " ."


# ---------------------------------------------------------------------------
# Running: semi-naive forward chaining on a pyoxigraph store
# ---------------------------------------------------------------------------


def materialise(
    store: pyoxigraph.Store, rules: list[Rule], max_rounds: int = 50, *, supertypes: bool = True
) -> RuleResult:
    """Apply the rules to the store's default graph until nothing new follows.

    Round 1 runs every rule on the whole graph. Each later round runs a
    compiled rule once per body pattern, with that pattern matched only
    against the triples the previous round added (semi-naive evaluation),
    so a round costs what is new, not what is there. A round's new triples
    wait in a scratch named graph, where they are counted, then join the
    default graph; a rule whose output no rule uses (``feeds`` False)
    writes straight to the default graph, which spares most inferences the
    second write. Hand-written rules run whole every round; with one
    present every rule goes through the scratch graph, so it sees all news.

    ``supertypes=False`` leaves out each derived type that a more specific
    type of the same node implies through the class hierarchy (types the
    store held before stay): those no rule uses are never written, the
    others are removed at the end. That is how HermiT's report through
    owlready2 reads (most specific types only), and queries written against
    it, which list a node's types, answer the same.

    The store is counted twice (before and after), never inside the loop.
    Raises RuntimeError when ``max_rounds`` pass without a fixpoint.
    """
    start = time.perf_counter()
    size = len(store)
    direct = all(rule.structured for rule in rules)
    climbing = [] if supertypes else [r for r in rules if r.kind == "cax-sco"]
    if climbing and direct:  # supertypes nothing uses would only be removed again
        rules = [r for r in rules if r.feeds or r.kind != "cax-sco"]
    before = f"<{SCRATCH}types-before>"
    rounds, delta = 0, None
    try:
        _snapshot(store, climbing, before)
        while True:
            if rounds == max_rounds:
                raise RuntimeError(f"the rules reached no fixpoint in {max_rounds} rounds")
            rounds += 1
            new = f"<{SCRATCH}round-{rounds}>"
            opaque = sum(_apply(store, rule, new, delta, direct) for rule in rules)
            added = _count(store, new)
            store.update(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {new} {{ ?s ?p ?o }} }}")
            _drop(store, delta)
            delta = new
            if added == 0 and opaque == 0:
                break
        _prune(store, climbing, before)
    finally:
        _drop(store, delta)
        _drop(store, before)
    return RuleResult(len(store) - size, rounds, time.perf_counter() - start)


def _snapshot(store: pyoxigraph.Store, climbing: list[Rule], graph: str) -> None:
    """Copy the types a climbing rule could derive that the store already holds."""
    for rule in climbing:
        store.update(
            f"INSERT {{ GRAPH {graph} {{ {rule.head} }} }}\n"
            f"WHERE {{\n  {rule.values}\n  {rule.head}\n}}"
        )


def _prune(store: pyoxigraph.Store, climbing: list[Rule], graph: str) -> None:
    """Delete the derived types a more specific type implies (those held before stay)."""
    for rule in climbing:
        where = "\n  ".join([rule.values, *rule.body, rule.head])
        store.update(
            f"DELETE {{ {rule.head} }}\n"
            f"WHERE {{\n  {where}\n  FILTER NOT EXISTS {{ GRAPH {graph} {{ {rule.head} }} }}\n}}"
        )


def _apply(store: pyoxigraph.Store, rule: Rule, new: str, delta: str | None, direct: bool) -> int:
    """Apply one rule for one round; returns the triples a hand-written rule added."""
    if not rule.structured:
        return _apply_opaque(store, rule)
    target = rule.head if direct and not rule.feeds else f"GRAPH {new} {{ {rule.head} }}"
    for where in _variants(rule, delta):
        store.update(
            f"INSERT {{ {target} }}\nWHERE {{\n  {where}\n  FILTER NOT EXISTS {{ {rule.head} }}\n}}"
        )
    return 0


def _variants(rule: Rule, delta: str | None) -> list[str]:
    """The round's WHERE bodies: the whole body, or one per pattern matched in the delta."""
    values = [rule.values] if rule.values else []
    if delta is None:
        return ["\n  ".join([*values, *rule.body])]
    return [
        "\n  ".join(
            [
                *values,
                *(f"GRAPH {delta} {{ {a} }}" if i == j else a for j, a in enumerate(rule.body)),
            ]
        )
        for i in range(len(rule.body))
    ]


def _apply_opaque(store: pyoxigraph.Store, rule: Rule) -> int:
    """A hand-written rule: a CONSTRUCT's absent triples are inserted; an INSERT runs as is."""
    import pyoxigraph

    result = store.query(rule.sparql) if _is_construct(rule.sparql) else None
    if isinstance(result, pyoxigraph.QueryTriples):
        fresh = {pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in result}
        fresh = {q for q in fresh if q not in store}
        store.extend(fresh)
        return len(fresh)
    before = len(store)  # only the store's size tells what an opaque INSERT added
    store.update(rule.sparql)
    return len(store) - before


def _is_construct(sparql: str) -> bool:
    for line in sparql.splitlines():
        word = line.strip().split(" ", 1)[0].upper()
        if word and not word.startswith("#") and word not in ("PREFIX", "BASE"):
            return word.startswith("CONSTRUCT")
    return False


def _count(store: pyoxigraph.Store, graph: str) -> int:
    import pyoxigraph

    result = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    assert isinstance(result, pyoxigraph.QuerySolutions)
    return sum(int(row[0].value) for row in result)


def _drop(store: pyoxigraph.Store, graph: str | None) -> None:
    if graph is not None:
        store.update(f"DROP SILENT GRAPH {graph}")


# ---------------------------------------------------------------------------
# rdflib convenience
# ---------------------------------------------------------------------------


def infer(
    graph: Graph, ontology: Graph, *, domain_range: bool = False, supertypes: bool = True
) -> Graph:
    """The triples the rules add to ``graph`` (which includes the ontology), as rdflib.

    For comparing with HermiT and for callers who work in rdflib; the
    content is deterministic (the rules create no blank nodes). The keywords
    are those of :func:`compile_rules` and :func:`materialise`.
    """
    import pyoxigraph

    from aigovkg.store import from_oxigraph

    store = pyoxigraph.Store()
    payload = graph.serialize(format="nt", encoding="utf-8")
    store.bulk_load(payload, pyoxigraph.RdfFormat.N_TRIPLES)
    before = set(store)
    rules = compile_rules(ontology, domain_range=domain_range)
    materialise(store, rules, supertypes=supertypes)
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace)
    for quad in store:
        if quad not in before:
            s, p, o = (from_oxigraph(t) for t in (quad.subject, quad.predicate, quad.object))
            out.add((s, p, o))  # type: ignore[arg-type]
    return out
