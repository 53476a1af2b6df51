"""Dataset metadata: a VoID and DCAT description of a build, written to dist/.

It says what the dataset is (title, description, licence, version,
publisher, the sources it quotes), how big (triples, entities, classes,
properties), which vocabularies it uses and links to, and where each
distribution is, with its media type — what a data catalogue or a linked-data
crawler reads first.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, VOID, XSD

from aigovkg.namespaces import AGK, AGKD, bind_prefixes
from aigovkg.version import __version__

SITE = "https://w3id.org/aigovkg/"
DISTRIBUTIONS = {
    "aigovkg.ttl": ("text/turtle", "Turtle"),
    "aigovkg.nt": ("application/n-triples", "N-Triples"),
    "aigovkg.jsonld": ("application/ld+json", "JSON-LD"),
    "aigovkg.rdf": ("application/rdf+xml", "RDF/XML"),
    "ontology.ttl": ("text/turtle", "the ontology alone, Turtle"),
    "ontology.owl": (
        "application/rdf+xml",
        "the ontology alone, RDF/XML for Protégé and owlready2",
    ),
    "inferred.ttl": ("text/turtle", "the triples HermiT infers"),
    "csv/csv-metadata.json": ("application/csvm+json", "CSV tables with CSV on the Web metadata"),
    "jsonld/aigovkg-compact.jsonld": (
        "application/ld+json",
        "compact JSON-LD with a published context",
    ),
    "analysis/network.graphml": (
        "application/graphml+xml",
        "the interoperability network, GraphML",
    ),
    "analysis/network.gexf": ("application/gexf+xml", "the interoperability network, GEXF"),
}
VOCABULARIES = (
    "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/2006/time#",
    "https://w3id.org/dpv#",
    "http://data.europa.eu/eli/ontology#",
    "https://schema.org/",
    str(AGK),
)


def dataset_iri(version: str = __version__) -> URIRef:
    return URIRef(f"{SITE}dataset/{version}")


def describe(
    graph: Graph, out: Path, endpoint: str | None = None, version: str = __version__
) -> Graph:
    """The VoID/DCAT description of a build whose files are in out."""
    meta = bind_prefixes(Graph())
    meta.bind("void", VOID)
    dataset = dataset_iri(version)
    meta.add((dataset, RDF.type, VOID.Dataset))
    meta.add((dataset, RDF.type, DCAT.Dataset))
    meta.add(
        (
            dataset,
            DCTERMS.title,
            Literal("aigovkg: AI safety governance interoperability knowledge graph", lang="en"),
        )
    )
    meta.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "AI safety governance instruments (laws, standards, guidelines, agreements), "
                "regulators and AI safety institutes of several jurisdictions, compared on the "
                "seven elements of the UNU framework and linked by interoperability instruments; "
                "every fact carries its source and a verbatim quote.",
                lang="en",
            ),
        )
    )
    meta.add((dataset, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    meta.add((dataset, DCTERMS.publisher, Literal("aigovkg contributors")))
    meta.add((dataset, URIRef(f"{DCAT}version"), Literal(version)))  # DCAT 3
    meta.add((dataset, URIRef("http://www.w3.org/2002/07/owl#versionInfo"), Literal(version)))
    meta.add((dataset, DCAT.landingPage, URIRef(SITE)))
    meta.add((dataset, VOID.uriSpace, Literal(str(AGKD))))
    meta.add((dataset, VOID.triples, Literal(len(graph), datatype=XSD.integer)))
    subjects = {
        s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(AGKD))
    }
    meta.add((dataset, VOID.entities, Literal(len(subjects), datatype=XSD.integer)))
    classes = set(graph.objects(None, RDF.type))
    meta.add((dataset, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    meta.add(
        (dataset, VOID.properties, Literal(len(set(graph.predicates())), datatype=XSD.integer))
    )
    for vocabulary in VOCABULARIES:
        meta.add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    for source in sorted(graph.subjects(RDF.type, AGK.SourceDocument), key=str):
        meta.add((dataset, DCTERMS.source, source))
        for p in (RDFS.label, DCTERMS.title, DCTERMS.publisher, DCTERMS.issued, AGK.sourceKind):
            for o in graph.objects(source, p):
                meta.add((source, p, o))
    _linksets(graph, meta, dataset)
    if endpoint:
        meta.add((dataset, VOID.sparqlEndpoint, URIRef(endpoint)))
    for name, (media, title) in sorted(DISTRIBUTIONS.items()):
        if not (out / name).is_file():
            continue
        dist = URIRef(f"{SITE}releases/{version}/{name}")
        meta.add((dataset, DCAT.distribution, dist))
        meta.add((dist, RDF.type, DCAT.Distribution))
        meta.add((dist, DCTERMS.title, Literal(title, lang="en")))
        meta.add(
            (dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}"))
        )
        meta.add((dist, DCAT.downloadURL, dist))
        meta.add(
            (
                dist,
                DCAT.byteSize,
                Literal((out / name).stat().st_size, datatype=XSD.nonNegativeInteger),
            )
        )
        meta.add((dist, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    meta.add((dataset, FOAF.homepage, URIRef(SITE)))
    return meta


def _linksets(graph: Graph, meta: Graph, dataset: URIRef) -> None:
    """A void:Linkset per external namespace our skos:exactMatch / closeMatch links point into."""
    counts: dict[tuple[str, URIRef], int] = {}
    for predicate in (SKOS.exactMatch, SKOS.closeMatch):
        for s, o in graph.subject_objects(predicate):
            if not isinstance(s, URIRef) or not isinstance(o, URIRef):
                continue
            if not str(s).startswith((str(AGKD), str(AGK))):
                continue
            target = str(o).split("#")[0] + "#" if "#" in str(o) else str(o).rsplit("/", 1)[0] + "/"
            counts[(target, predicate)] = counts.get((target, predicate), 0) + 1
    for (target, predicate), count in sorted(counts.items()):
        slug = "".join(c if c.isalnum() else "-" for c in target).strip("-")
        linkset = URIRef(f"{dataset}/linkset/{slug}-{str(predicate).rsplit('#', 1)[-1]}")
        meta.add((dataset, VOID.subset, linkset))
        meta.add((linkset, RDF.type, VOID.Linkset))
        meta.add((linkset, VOID.target, URIRef(target)))
        meta.add((linkset, VOID.linkPredicate, predicate))
        meta.add((linkset, VOID.triples, Literal(count, datatype=XSD.integer)))
