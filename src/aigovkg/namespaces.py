"""The namespaces the graph uses, bound once so every export has the same prefixes."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, VANN, XSD

AGK = Namespace("https://w3id.org/aigovkg/ontology#")
AGKD = Namespace("https://w3id.org/aigovkg/id/")
DPV = Namespace("https://w3id.org/dpv#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
DPV_LOC = Namespace("https://w3id.org/dpv/loc#")
VS = Namespace("http://www.w3.org/2003/06/sw-vocab-status/ns#")

PREFIXES: dict[str, Any] = {  # Namespace or rdflib DefinedNamespace
    "agk": AGK,
    "agkd": AGKD,
    "agora": Namespace(f"{AGKD}agora/"),  # imported from ETO AGORA (aigovkg import agora)
    "dcat": DCAT,
    "dct": DCTERMS,
    "dpv": DPV,
    "eli": ELI,
    "eu-aiact": Namespace("https://w3id.org/dpv/legal/eu/aiact#"),
    "foaf": FOAF,
    "legal-eu": Namespace("https://w3id.org/dpv/legal/eu#"),
    "legal-gb": Namespace("https://w3id.org/dpv/legal/gb#"),
    "legal-kr": Namespace("https://w3id.org/dpv/legal/kr#"),
    "loc": DPV_LOC,
    "org": ORG,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "sh": SH,
    "skos": SKOS,
    "time": TIME,
    "vann": VANN,
    "void": Namespace("http://rdfs.org/ns/void#"),
    "vs": VS,
    "xsd": XSD,
}

__all__ = [
    "AGK",
    "AGKD",
    "DCTERMS",
    "DPV",
    "ELI",
    "FOAF",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SKOS",
    "TIME",
    "VS",
    "XSD",
    "bind_prefixes",
]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes (replacing rdflib's defaults) and return the graph."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph
