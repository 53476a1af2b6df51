"""The rule route (OWL 2 RL rules as SPARQL on pyoxigraph) agrees with HermiT.

Three levels of evidence:

* known answers per construct on tiny graphs (no reasoner needed);
* on the curated graph, every HermiT inference (all 250, class-to-class
  subsumptions included) is derived by the rules, and every rule-derived
  triple is entailed: it is in HermiT's output or follows from HermiT's
  output and the asserted triples in one of the ways HermiT's report
  (through owlready2) is known to leave out - a type above a reported type
  (HermiT's own hierarchy), a told super-property's or inverse's statement,
  a sub-class or sub-property pair of the closed hierarchies (see
  ``test_what_owlready2_reports_of_hermit``);
* every competency query returns the same rows over asserted + rule
  inferences as over asserted + HermiT inferences, with the rules'
  output read as HermiT's is (most specific types: ``supertypes=False``).
"""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from aigovkg.api import KnowledgeGraph
from aigovkg.namespaces import AGK
from aigovkg.queries import bind, load_catalogue
from aigovkg.reasoning import reason
from aigovkg.rules import Rule, compile_rules, infer, materialise, uncovered
from aigovkg.store import OxigraphStore
from tests.conftest import PATHS, glob_at_least

EX = "http://example.org/"
PREFIXES = f"""@prefix : <{EX}> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""

Triple = tuple[Node, Node, Node]


def _ex(name: str) -> URIRef:
    return URIRef(EX + name)


def _graph(turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + turtle, format="turtle")


def _derived(ontology: str, data: str) -> set[tuple[str, str, str]]:
    """What the rules add to ontology + data, as (s, p, o) local names (or full IRIs)."""
    onto = _graph(ontology)
    new = infer(onto + _graph(data), onto)

    def short(term: object) -> str:
        text = str(term)
        return text[len(EX) :] if text.startswith(EX) else text

    return {(short(s), short(p), short(o)) for s, p, o in new}


# ---------------------------------------------------------------------------
# Known answers per construct
# ---------------------------------------------------------------------------


def test_subclass_climbs_the_whole_hierarchy() -> None:
    new = _derived(":A rdfs:subClassOf :B . :B rdfs:subClassOf :C .", ":x a :A .")
    assert {("x", str(RDF.type), "B"), ("x", str(RDF.type), "C")} <= new
    assert ("A", str(RDFS.subClassOf), "C") in new  # the closed hierarchy is stated too
    assert all(s != "x" or o in ("B", "C") for s, _, o in new)


def test_inverse_both_ways() -> None:
    new = _derived(":p owl:inverseOf :q .", ":a :p :b . :c :q :d .")
    assert {("b", "q", "a"), ("d", "p", "c")} <= new
    assert not {t for t in new if t[0] in "abcd" and t not in {("b", "q", "a"), ("d", "p", "c")}}


def test_symmetric_property() -> None:
    new = _derived(":knows a owl:SymmetricProperty .", ":a :knows :b .")
    assert new == {("b", "knows", "a")}


def test_transitive_chain_of_three_links() -> None:
    new = _derived(":p a owl:TransitiveProperty .", ":a :p :b . :b :p :c . :c :p :d .")
    assert new == {("a", "p", "c"), ("b", "p", "d"), ("a", "p", "d")}


def test_transitive_closure_of_a_long_chain_reaches_its_fixpoint() -> None:
    chain = " ".join(f":n{i} :p :n{i + 1} ." for i in range(20))
    onto = _graph(":p a owl:TransitiveProperty .")
    store = pyoxigraph.Store()
    store.bulk_load(
        (onto + _graph(chain)).serialize(format="nt", encoding="utf-8"),
        pyoxigraph.RdfFormat.N_TRIPLES,
    )
    result = materialise(store, compile_rules(onto))
    assert result.inferred == 21 * 20 // 2 - 20  # all pairs of 21 nodes, less the 20 given
    assert 3 <= result.rounds <= 8  # paths double each round; the last adds nothing


def test_subproperty_and_equivalent_property() -> None:
    new = _derived(
        ":p rdfs:subPropertyOf :q . :q rdfs:subPropertyOf :r . :r owl:equivalentProperty :s .",
        ":a :p :b .",
    )
    assert {("a", "q", "b"), ("a", "r", "b"), ("a", "s", "b")} <= new


def test_property_chain_axiom() -> None:
    new = _derived(
        ":uncle owl:propertyChainAxiom ( :parent :brother ) .",
        ":a :parent :b . :b :brother :c . :b :sister :d .",
    )
    assert new == {("a", "uncle", "c")}


def test_property_chain_with_an_inverse_step() -> None:
    new = _derived(
        ":sibling owl:propertyChainAxiom ( :parent [ owl:inverseOf :parent ] ) .",
        ":a :parent :p . :b :parent :p .",
    )
    assert {("a", "sibling", "b"), ("b", "sibling", "a"), ("a", "sibling", "a")} <= new


DEFINED = """
:Binding owl:equivalentClass [ owl:intersectionOf ( :Instrument
    [ a owl:Restriction ; owl:onProperty :nature ; owl:hasValue :LegallyBinding ] ) ] .
:Law rdfs:subClassOf :Instrument .
"""


def test_defined_class_with_has_value_is_filled() -> None:
    new = _derived(
        DEFINED, ":law a :Law ; :nature :LegallyBinding . :note :nature :LegallyBinding ."
    )
    assert ("law", str(RDF.type), "Binding") in new
    assert ("note", str(RDF.type), "Binding") not in new  # not an Instrument


def test_defined_class_member_gets_its_definition() -> None:
    new = _derived(DEFINED, ":act a :Binding .")
    assert {("act", str(RDF.type), "Instrument"), ("act", "nature", "LegallyBinding")} <= new
    assert ("Binding", str(RDFS.subClassOf), "Instrument") in new


def test_some_values_from_and_union() -> None:
    ontology = """
    :Party owl:equivalentClass [ owl:unionOf ( :Country :Organisation ) ] .
    :Directed owl:equivalentClass [ owl:intersectionOf ( :Link
        [ a owl:Restriction ; owl:onProperty :granting ; owl:someValuesFrom :Party ] ) ] .
    """
    new = _derived(
        ontology, ":l1 a :Link ; :granting :kr . :kr a :Country . :l2 a :Link ; :granting :x ."
    )
    assert {("kr", str(RDF.type), "Party"), ("l1", str(RDF.type), "Directed")} <= new
    assert ("l2", str(RDF.type), "Directed") not in new  # :x is not known to be a party
    assert ("Country", str(RDFS.subClassOf), "Party") in new


LINKS = """
:dimension owl:propertyChainAxiom ( :linkType :typeDimension ) .
:Recognition :typeDimension :Legal .
:RecognitionLink owl:equivalentClass [ owl:intersectionOf ( :Link
    [ a owl:Restriction ; owl:onProperty :linkType ; owl:hasValue :Recognition ] ) ] .
:LegalLink owl:equivalentClass [ owl:intersectionOf ( :Link
    [ a owl:Restriction ; owl:onProperty :dimension ; owl:hasValue :Legal ] ) ] .
:Link rdfs:subClassOf :Entity .
"""


def test_subsumption_through_individuals_is_found_by_probing() -> None:
    new = _derived(LINKS, ":l a :Link ; :linkType :Recognition .")
    assert ("RecognitionLink", str(RDFS.subClassOf), "LegalLink") in new
    assert {("l", "dimension", "Legal"), ("l", str(RDF.type), "LegalLink")} <= new


def test_without_supertypes_only_the_most_specific_derived_types_stay() -> None:
    onto = _graph(LINKS)
    data = _graph(":l a :Link , :Entity ; :linkType :Recognition .")
    direct = {(s, o) for s, p, o in infer(onto + data, onto, supertypes=False) if p == RDF.type}
    full = {(s, o) for s, p, o in infer(onto + data, onto) if p == RDF.type}
    assert direct == {(_ex("l"), _ex("RecognitionLink"))}  # LegalLink is implied by it
    assert full == {(_ex("l"), _ex("RecognitionLink")), (_ex("l"), _ex("LegalLink"))}
    assert (_ex("l"), RDF.type, _ex("Entity")) in data  # asserted: never removed, never new


def test_domain_and_range_only_on_request() -> None:
    onto = _graph(":p rdfs:domain :D ; rdfs:range :R . :d a owl:DatatypeProperty ; rdfs:range :R .")
    data = _graph(':a :p :b . :c :d "text" .')
    assert not set(infer(onto + data, onto))
    typed = set(infer(onto + data, onto, domain_range=True))
    assert typed == {(_ex("a"), RDF.type, _ex("D")), (_ex("b"), RDF.type, _ex("R"))}


def test_uncovered_names_constructs_the_rules_do_not_express() -> None:
    onto = _graph(
        """
        :Only rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:allValuesFrom :C ] .
        :Listed owl:equivalentClass [ owl:oneOf ( :a :b ) ] .
        :Either rdfs:subClassOf [ owl:unionOf ( :A :B ) ] .
        """
    )
    problems = uncovered(onto)
    named = {p.split(":", 2)[1] for p in problems}  # ":Only: consequences of ..." -> "Only"
    assert named == {"Only", "Listed"}, problems  # a union in a superclass is beyond OWL 2 RL
    assert any("Only" in p and "allValuesFrom" in p for p in problems)
    assert any("Listed" in p and "oneOf" in p for p in problems)


def test_the_project_ontology_has_nothing_uncovered(kg_ontology: Graph) -> None:
    assert uncovered(kg_ontology) == []


def test_rules_are_few_named_and_explained(kg_ontology: Graph) -> None:
    rules = compile_rules(kg_ontology)
    names = [r.name for r in rules]
    assert len(names) == len(set(names)) and 5 <= len(rules) <= 30, names
    assert all(r.why and r.sparql.startswith("INSERT") and r.head for r in rules)
    kinds = {n.split("/")[0] for n in names}
    assert {"cax-sco", "prp-spo1", "prp-inv", "prp-trp", "prp-spo2", "cls-def", "cls-sup"} <= kinds


def test_a_rule_runs_standalone_as_sparql_update() -> None:
    onto = _graph(":A rdfs:subClassOf :B .")
    store = pyoxigraph.Store()
    store.update(f"INSERT DATA {{ <{EX}x> a <{EX}A> }}")
    rule = next(r for r in compile_rules(onto) if r.name.startswith("cax-sco"))
    store.update(rule.sparql)
    assert (
        pyoxigraph.Quad(
            pyoxigraph.NamedNode(EX + "x"),
            pyoxigraph.NamedNode(str(RDF.type)),
            pyoxigraph.NamedNode(EX + "B"),
        )
        in store
    )


def test_materialise_counts_and_leaves_no_scratch_graphs() -> None:
    onto = _graph(":A rdfs:subClassOf :B . :p owl:inverseOf :q .")
    store = pyoxigraph.Store()
    store.bulk_load(
        (onto + _graph(":x a :A ; :p :y .")).serialize(format="nt", encoding="utf-8"),
        pyoxigraph.RdfFormat.N_TRIPLES,
    )
    mine = pyoxigraph.NamedNode(EX + "mine")
    store.add(pyoxigraph.Quad(mine, mine, mine, mine))
    before = len(store)
    result = materialise(store, compile_rules(onto))
    assert result.inferred == len(store) - before == 2  # x a B, y q x
    assert set(store.named_graphs()) == {mine}
    again = materialise(store, compile_rules(onto))
    assert (again.inferred, again.rounds) == (0, 1)


def test_a_hand_written_construct_rule_runs_to_fixpoint() -> None:
    store = pyoxigraph.Store()
    store.update(f"INSERT DATA {{ <{EX}a> <{EX}next> <{EX}b> . <{EX}b> <{EX}next> <{EX}c> }}")
    rule = Rule(
        "reach",
        f"CONSTRUCT {{ ?x <{EX}reaches> ?z }} WHERE {{ {{ ?x <{EX}next> ?z }} UNION "
        f"{{ ?x <{EX}reaches> ?y . ?y <{EX}next> ?z }} }}",
        "reachability, written by hand",
    )
    result = materialise(store, [rule])
    assert result.inferred == 3 and result.rounds == 3


def test_no_fixpoint_within_max_rounds_is_an_error() -> None:
    chain = " ".join(f":n{i} :p :n{i + 1} ." for i in range(40))
    onto = _graph(":p a owl:TransitiveProperty .")
    store = pyoxigraph.Store()
    store.bulk_load(
        (onto + _graph(chain)).serialize(format="nt", encoding="utf-8"),
        pyoxigraph.RdfFormat.N_TRIPLES,
    )
    with pytest.raises(RuntimeError, match="no fixpoint in 2 rounds"):
        materialise(store, compile_rules(onto), max_rounds=2)


# ---------------------------------------------------------------------------
# Agreement with HermiT on the curated graph
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kg_ontology() -> Graph:
    return KnowledgeGraph.load(PATHS.root, inferences="none").ontology


@pytest.fixture(scope="module")
def rule_inferred(kg: KnowledgeGraph) -> Graph:
    return infer(kg.asserted, kg.ontology)


def _named_closure(pairs: set[tuple[Node, Node]]) -> dict[Node, set[Node]]:
    """Reflexive-transitive closure of a relation, as node -> everything reachable."""
    step: dict[Node, set[Node]] = {}
    for a, b in pairs:
        step.setdefault(a, set()).add(b)
    reach: dict[Node, set[Node]] = {}
    for start in {a for a, _ in pairs} | {b for _, b in pairs}:
        seen, todo = {start}, [start]
        while todo:
            for nxt in step.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        reach[start] = seen
    return reach


def _told_and_hermit_hierarchy(ontology: Graph, hermit: Graph) -> dict[Node, set[Node]]:
    """Classes above each class: told named sub-class/equivalence edges plus HermiT's."""
    pairs: set[tuple[Node, Node]] = set()
    for graph in (ontology, hermit):
        for a, b in graph.subject_objects(RDFS.subClassOf):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                pairs.add((a, b))
    for a, b in ontology.subject_objects(OWL.equivalentClass):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            pairs.update({(a, b), (b, a)})
    return _named_closure(pairs)


def _told_properties(
    ontology: Graph,
) -> tuple[dict[Node, set[Node]], set[tuple[Node, Node]]]:
    pairs: set[tuple[Node, Node]] = {
        (a, b)
        for a, b in ontology.subject_objects(RDFS.subPropertyOf)
        if isinstance(a, URIRef) and isinstance(b, URIRef)
    }
    inverse: set[tuple[Node, Node]] = set()
    for a, b in ontology.subject_objects(OWL.inverseOf):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            inverse.update({(a, b), (b, a)})
    return _named_closure(pairs), inverse


def _unexplained(
    extra: set[Triple], reference: set[Triple], ontology: Graph, hermit: Graph
) -> set[Triple]:
    """The rule-derived triples that no HermiT-reported or asserted triple accounts for.

    Accounted for, repeatedly until nothing changes: a type above a type of
    the same node (HermiT's class hierarchy), a sub-class pair in that
    hierarchy, a sub-property pair told, a statement whose property is below
    the derived one or its inverse.
    """
    classes = _told_and_hermit_hierarchy(ontology, hermit)
    properties, inverses = _told_properties(ontology)
    known = set(reference)
    types: dict[Node, set[Node]] = {}
    for s, p, o in known:
        if p == RDF.type:
            types.setdefault(s, set()).add(o)
    pending = set(extra)
    while True:
        explained = set()
        for s, p, o in pending:
            if p == RDF.type:
                ok = any(o in classes.get(c, {c}) for c in types.get(s, ()))
            elif p == RDFS.subClassOf:
                ok = o in classes.get(s, set())
            elif p == RDFS.subPropertyOf:
                ok = o in properties.get(s, set())
            else:
                ok = any((s, sub, o) in known for sub in properties if p in properties[sub]) or any(
                    (o, q, s) in known for q, r in inverses if r == p
                )
            if ok:
                explained.add((s, p, o))
        if not explained:
            return pending
        pending -= explained
        known |= explained
        for s, p, o in explained:
            if p == RDF.type:
                types.setdefault(s, set()).add(o)


@pytest.mark.reasoner
@pytest.mark.parametrize("supertypes", [True, False], ids=["closure", "direct-types"])
def test_every_hermit_inference_is_derived_by_the_rules(
    kg: KnowledgeGraph, supertypes: bool
) -> None:
    """All of it, class-to-class subsumptions included: those HermiT proves through the
    ontology's individuals (MutualRecognitionLink below LegalInteroperabilityLink, through the
    type's dimension and the property chain) come from the rules' probe of each class."""
    inferred = infer(kg.asserted, kg.ontology, supertypes=supertypes)
    missing = set(kg.inferred) - set(kg.asserted) - set(inferred)
    assert sorted(missing) == []
    assert (AGK.MutualRecognitionLink, RDFS.subClassOf, AGK.LegalInteroperabilityLink) in inferred


@pytest.mark.reasoner
def test_every_rule_inference_is_entailed(kg: KnowledgeGraph, rule_inferred: Graph) -> None:
    asserted, hermit = set(kg.asserted), set(kg.inferred)
    extra: set[Triple] = set(rule_inferred) - asserted - hermit
    assert extra, "the rules derived nothing HermiT's report leaves out: recheck the premise"
    unexplained = _unexplained(extra, asserted | hermit, kg.ontology, kg.inferred)
    assert sorted(unexplained) == []


@pytest.mark.reasoner
def test_what_owlready2_reports_of_hermit() -> None:
    """The premise of the classification above: through owlready2, HermiT's report has
    transitive shortcuts and defined-class members, but not a statement's super-property,
    nor an inverse statement, nor a type above one already known."""
    graph = _graph(
        """
        :p a owl:ObjectProperty ; rdfs:subPropertyOf :q . :q a owl:ObjectProperty .
        :inv a owl:ObjectProperty ; owl:inverseOf :p .
        :t a owl:ObjectProperty , owl:TransitiveProperty .
        :A a owl:Class ; rdfs:subClassOf :B . :B a owl:Class .
        :a a owl:NamedIndividual , :A ; :p :b ; :t :b . :b a owl:NamedIndividual ; :t :c .
        :c a owl:NamedIndividual .
        """
    )
    inferred = set(reason(graph).inferred)
    assert (_ex("a"), _ex("t"), _ex("c")) in inferred
    assert (_ex("a"), _ex("q"), _ex("b")) not in inferred
    assert (_ex("b"), _ex("inv"), _ex("a")) not in inferred
    assert (_ex("a"), RDF.type, _ex("B")) not in inferred


QUERIES = glob_at_least(PATHS.queries, "*.rq", 24)
CATALOGUE = load_catalogue(PATHS.queries)


@pytest.fixture(scope="module")
def stores(kg: KnowledgeGraph) -> tuple[OxigraphStore, OxigraphStore]:
    """Asserted + rule inferences in HermiT's reading (most specific types), and + HermiT's."""
    asserted = kg.asserted
    by_rules = infer(asserted, kg.ontology, supertypes=False)
    return (
        OxigraphStore.from_graph(asserted + by_rules),
        OxigraphStore.from_graph(asserted + kg.inferred),
    )


@pytest.mark.reasoner
@pytest.mark.parametrize("name", [q.stem for q in QUERIES])
def test_query_answers_are_the_same_with_rules_as_with_hermit(
    name: str, stores: tuple[OxigraphStore, OxigraphStore]
) -> None:
    query = bind(CATALOGUE[name], {})
    by_rules, by_hermit = (sorted(map(str, s.select(query).canonical().rows)) for s in stores)
    assert by_rules == by_hermit


def test_the_rules_fill_the_defined_classes_without_hermit(kg_ontology: Graph) -> None:
    """No reasoner: the classes the queries use are filled from the data alone."""
    project = KnowledgeGraph.load(PATHS.root, inferences="none")
    new = infer(project.asserted, kg_ontology)
    assert set(new.subjects(RDF.type, AGK.LegallyBindingInstrument))
    assert set(new.subjects(RDF.type, AGK.MutualRecognitionLink))
    assert set(new.subjects(RDF.type, AGK.DirectedRecognition))
    assert set(new.subjects(AGK.dimension, AGK.LegalInteroperability))
