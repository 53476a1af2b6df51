"""JSON-LD for web developers: a published context and the data compacted with it.

:func:`write_jsonld` writes

- ``context.jsonld``: a JSON-LD context with a short key for every property
  and class the data uses (``issuedBy``, ``grantingParty``, ``label``,
  ``Law`` …): ``id`` and ``type`` alias ``@id`` and ``@type``; the project's
  prefixes (``agk``, ``agkd``, ``dct`` …) are defined, so IRIs read as
  ``agkd:cn-pipl``; properties whose values are all IRIs have
  ``"@type": "@id"``, properties whose values all share a datatype (dates,
  years) have that ``@type``, properties whose values all share a language
  have that ``@language``, and properties with more than one value on some
  resource have ``"@container": "@set"`` (always an array);
- ``aigovkg-compact.jsonld``: the data graph (``kg.data``: the asserted
  instance data, without the ontology or inferences) compacted with that
  context, one node object per resource in ``@graph``.

Keys are the properties' local names in camelCase, as the ontology spells
them. ``agk:`` terms have first claim on a name; a term of another vocabulary
whose local name is taken (or would shadow a prefix or keyword) keeps its
compact IRI (``dct:title``) as key. Everything is derived from the data, so
the context always covers what the file uses.

Compaction is rdflib's JSON-LD serializer given the context (it honours the
type and language coercions and ``@set``); the result is re-emitted with
nodes sorted by ``id``, keys sorted and array items sorted, so two builds are
byte-identical.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from pyld import jsonld
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from aigovkg.namespaces import PREFIXES

if TYPE_CHECKING:
    from aigovkg.api import KnowledgeGraph

CONTEXT_FILE = "context.jsonld"
COMPACT_FILE = "aigovkg-compact.jsonld"
KEYWORD_ALIASES: dict[str, object] = {"id": "@id", "type": "@type"}


def _split(iri: str) -> tuple[str, str]:
    """The longest-matching prefix of PREFIXES and the local name, or ("", iri)."""
    matches = [
        (len(str(ns)), prefix)
        for prefix, ns in PREFIXES.items()
        if iri.startswith(str(ns)) and len(iri) > len(str(ns))
    ]
    if not matches:
        return ("", iri)
    prefix = max(matches)[1]
    return (prefix, iri[len(str(PREFIXES[prefix])) :])


def _curie(iri: str) -> str:
    prefix, local = _split(iri)
    return f"{prefix}:{local}" if prefix else iri


def _usable(name: str) -> bool:
    return bool(name) and name[0].isalpha() and all(c.isalnum() or c == "_" for c in name)


def _term_names(iris: list[str], taken: set[str]) -> dict[str, str]:
    """Short names for IRIs: agk first, then the others in a fixed order; no clashes."""
    names: dict[str, str] = {}

    def order(iri: str) -> tuple[int, str, str]:
        prefix, local = _split(iri)
        return (0 if prefix == "agk" else 1, prefix, local)

    for iri in sorted(iris, key=order):
        prefix, local = _split(iri)
        if prefix and _usable(local) and local not in taken:
            names[iri] = local
            taken.add(local)
    return names


def build_context(graph: Graph) -> dict[str, object]:
    """The JSON-LD context (the object under "@context") for a data graph."""
    values: dict[URIRef, list[object]] = defaultdict(list)
    per_subject: Counter[tuple[object, URIRef]] = Counter()
    classes: set[str] = set()
    for s, p, o in graph:
        per_subject[(s, p)] += 1  # type: ignore[index]
        if p == RDF.type:
            if isinstance(o, URIRef):
                classes.add(str(o))
            continue
        values[p].append(o)  # type: ignore[index]
    multi = {p for (_, p), n in per_subject.items() if n > 1}

    context: dict[str, object] = {"@version": 1.1, **KEYWORD_ALIASES}
    if RDF.type in multi:
        context["type"] = {"@id": "@type", "@container": "@set"}
    for prefix, ns in sorted(PREFIXES.items()):
        context[prefix] = str(ns)
    taken = {k for k in context if not k.startswith("@")} | {"context", "graph", "vocab"}

    properties = sorted(str(p) for p in values)
    names = _term_names(properties, set(taken))
    class_names = _term_names(sorted(classes), set(taken) | set(names.values()))

    for iri, name in sorted(class_names.items(), key=lambda kv: kv[1]):
        context[name] = _curie(iri)
    for iri, name in sorted(names.items(), key=lambda kv: kv[1]):
        prop = URIRef(iri)
        found = values[prop]
        definition: dict[str, object] = {"@id": _curie(iri)}
        if all(isinstance(v, URIRef | BNode) for v in found):
            definition["@type"] = "@id"
        elif all(isinstance(v, Literal) for v in found):
            literals = [v for v in found if isinstance(v, Literal)]
            datatypes = {v.datatype for v in literals}
            languages = {v.language for v in literals}
            if len(datatypes) == 1 and None not in datatypes and XSD.string not in datatypes:
                definition["@type"] = _curie(str(next(iter(datatypes))))
            elif datatypes == {None} and len(languages) == 1 and None not in languages:
                definition["@language"] = next(iter(languages))
        if prop in multi:
            definition["@container"] = "@set"
        context[name] = definition
    return context


def _no_remote_documents(url: str, options: object = None) -> dict[str, object]:
    raise jsonld.JsonLdError(
        f"aigovkg does not load remote JSON-LD documents ({url})",
        "jsonld.LoadDocumentError",
        code="loading document failed",
    )


def _item_key(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _ordered(node: object) -> object:
    """Keys sorted (id and type first), array items sorted: every array is a set here."""
    if isinstance(node, dict):
        keys = sorted(node, key=lambda k: (k not in ("id", "@id"), k not in ("type", "@type"), k))
        return {k: _ordered(node[k]) for k in keys}
    if isinstance(node, list):
        return sorted((_ordered(v) for v in node), key=_item_key)
    return node


def compact_document(graph: Graph, context: dict[str, object]) -> dict[str, object]:
    """The graph compacted with the context (PyLD): {"@context": …, "@graph": [nodes by id]}.

    rdflib writes a graph without a context in expanded form (absolute IRIs,
    arrays, value objects), so PyLD is told to skip expanding it again: its
    expansion would change nothing and took a third of the compaction.
    """
    expanded = json.loads(graph.serialize(format="json-ld"))
    compacted = jsonld.compact(
        expanded,
        {"@context": context},
        options={"documentLoader": _no_remote_documents, "graph": True, "skipExpansion": True},
    )
    nodes = [_ordered(n) for n in compacted.get("@graph", [])]
    nodes.sort(key=lambda n: str(n.get("id", "")) if isinstance(n, dict) else "")
    return {"@context": context, "@graph": nodes}


def _dump(obj: object) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def jsonld_texts(graph: Graph, context_url: str | None = None) -> dict[str, str]:
    """The two files' text, by file name.

    The compact document carries the context inline, so any JSON-LD processor
    reads it offline; with ``context_url`` (where context.jsonld is published)
    it refers to the context by that URL instead.
    """
    context = build_context(graph)
    document = compact_document(graph, context)
    if context_url:
        document["@context"] = context_url
    return {CONTEXT_FILE: _dump({"@context": context}), COMPACT_FILE: _dump(document)}


def write_jsonld(kg: KnowledgeGraph, out: Path, context_url: str | None = None) -> list[Path]:
    """Write context.jsonld and aigovkg-compact.jsonld (kg.data compacted) into out/."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in jsonld_texts(kg.data, context_url).items():
        path = out / name
        path.write_text(text, encoding="utf-8", newline="")
        written.append(path)
    return written
