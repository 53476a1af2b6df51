"""The ontology as one RDF/XML document for Protégé and owlready2 (``dist/ontology.owl``).

The hand-written ontology is ten Turtle modules, each with its own
``owl:Ontology`` header, and a catalog module that ``owl:imports`` the rest.
Tools that follow imports (Protégé, owlready2) would try to fetch each
module IRI from the web, since ``https://w3id.org/aigovkg/ontology/...`` is
not resolvable offline. Here every module is already merged in, so the
document keeps a single header — the catalog's, with its ``owl:versionIRI``,
title, licence and the rest — drops the module headers and the
``owl:imports`` of the modules, and keeps every axiom and every annotation
(labels, ``skos:definition``, ``vs:term_status``, sources) as written.
``rdfs:isDefinedBy`` still names the module each term comes from.

owlready2 reads RDF/XML but not Turtle, hence the format; the text is
byte-stable (:func:`aigovkg.export.serialise`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from aigovkg.export import serialise
from aigovkg.namespaces import AGK, OWL, RDF, bind_prefixes

if TYPE_CHECKING:
    from aigovkg.api import KnowledgeGraph

__all__ = ["catalog_header", "single_header", "write_owl"]


def catalog_header(ontology: Graph) -> URIRef:
    """The catalog module's IRI: the one ``owl:Ontology`` no other module imports.

    Falls back to the namespace IRI without its ``#`` when the modules do not
    single one out (a graph with one header, or none).
    """
    headers = {s for s in ontology.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)}
    imported = set(ontology.objects(None, OWL.imports))
    roots = sorted(headers - imported)
    if len(roots) == 1:
        return roots[0]
    return URIRef(str(AGK).rstrip("#"))


def single_header(ontology: Graph) -> Graph:
    """A copy of the merged ontology with one header (the catalog's) and no module imports.

    Every triple whose subject is a module header is left out, as is every
    ``owl:imports`` of a module that is part of the graph; imports of
    ontologies outside it (none today) are kept.
    """
    header = catalog_header(ontology)
    modules = {s for s in ontology.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)} - {
        header
    }
    out = bind_prefixes(Graph())
    for s, p, o in ontology:
        if s in modules:
            continue
        if p == OWL.imports and (o in modules or o == header):
            continue
        out.add((s, p, o))
    return out


def write_owl(kg: KnowledgeGraph, path: Path, *, include_data: bool = False) -> Path:
    """Write the ontology as RDF/XML to ``path`` and return it.

    With ``include_data`` the asserted data goes in too (no inferences): one
    self-contained file an owlready2 or Protégé session can load offline,
    which ``aigovkg.rdf`` is not, since it keeps the catalog's imports.
    """
    graph = kg.asserted if include_data else kg.ontology
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(serialise(single_header(graph), "rdf"), encoding="utf-8")
    return path
