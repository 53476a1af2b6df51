"""The catalogue of named competency queries and how parameters bind into them.

Each ``queries/<name>.rq`` starts with a comment header::

    # Question: Which mutual-recognition arrangements involve a jurisdiction?
    # Parameters:
    #   jurisdiction (jurisdiction, default: KR) -- ISO code, slug or IRI
    # Answer: one row per link ...

A parameter binds by a ``VALUES`` block injected into the query's first
group, which works the same on rdflib and on any remote SPARQL 1.1 endpoint.
A parameter without a default is optional: left out, the query answers for
every value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from aigovkg.errors import InputError, QueryError
from aigovkg.namespaces import AGK, AGKD, PREFIXES
from aigovkg.store import ResultTable, Store

PARAM_LINE = re.compile(
    r"^#\s+(?P<name>[a-z_][a-z0-9_]*)\s+\((?P<kind>[a-z]+)(?:,\s*default:\s*(?P<default>[^)]*))?\)"
    r"\s*(?:--|—|-)?\s*(?P<doc>.*)$"
)
KINDS = ("jurisdiction", "domain", "iri", "date", "string")

DOMAIN_SLUGS = {
    "autonomous-vehicles": AGK.AutonomousVehicles,
    "av": AGK.AutonomousVehicles,
    "education": AGK.Education,
    "cross-border-data-flows": AGK.CrossBorderDataFlows,
    "cbdf": AGK.CrossBorderDataFlows,
    "general-purpose-ai": AGK.GeneralPurposeAI,
    "gpai": AGK.GeneralPurposeAI,
    "general": AGK.AISafetyGeneral,
}


@dataclass(frozen=True)
class Parameter:
    """One parameter a query takes."""

    name: str
    kind: str
    default: str | None
    doc: str


@dataclass(frozen=True)
class NamedQuery:
    """A query file with its question, parameters and text."""

    name: str
    path: Path
    question: str
    answer: str
    parameters: tuple[Parameter, ...]
    text: str = field(repr=False)

    @property
    def is_quality_check(self) -> bool:
        """``*-violation.rq`` files are checks that must return no rows."""
        return self.name.endswith("-violation")


def parse_query_file(path: Path) -> NamedQuery:
    """Read a query file and its header."""
    text = path.read_text(encoding="utf-8")
    question, answer, params = "", "", []
    section = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        if body.startswith("Question:"):
            question, section = body[len("Question:") :].strip(), "question"
        elif body.startswith("Parameters:"):
            section = "parameters"
        elif body.startswith("Answer:"):
            answer, section = body[len("Answer:") :].strip(), "answer"
        elif section == "parameters" and (m := PARAM_LINE.match(line)):
            kind = m["kind"]
            if kind not in KINDS:
                raise InputError(f"{path}: parameter {m['name']} has unknown kind {kind!r}")
            default = m["default"].strip() if m["default"] else None
            params.append(Parameter(m["name"], kind, default, m["doc"].strip()))
        elif section == "question" and body:
            question += " " + body
        elif section == "answer" and body:
            answer += " " + body
    return NamedQuery(path.stem, path, question, answer, tuple(params), text)


def load_catalogue(folder: Path) -> dict[str, NamedQuery]:
    """Every named query in a folder, by name."""
    return {p.stem: parse_query_file(p) for p in sorted(folder.glob("*.rq"))}


def resolve(name: str, catalogue: dict[str, NamedQuery]) -> NamedQuery:
    """A query by name, by the cqNN prefix of its name, or by file path."""
    if name in catalogue:
        return catalogue[name]
    path = Path(name)
    if path.suffix == ".rq" and path.is_file():
        return parse_query_file(path)
    matches = [q for n, q in catalogue.items() if n.split("-", 1)[0] == name.lower()]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(catalogue)
    raise InputError(f"unknown query {name!r}; known queries: {known}")


def _expand(value: str) -> URIRef:
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    if "://" in value:
        return URIRef(value)
    if ":" in value:
        prefix, local = value.split(":", 1)
        if prefix in PREFIXES:
            return URIRef(str(PREFIXES[prefix]) + local)
        raise InputError(f"unknown prefix {prefix!r} in {value!r}")
    return AGKD[value]


def term_for(param: Parameter, value: str, graph: Graph | None = None) -> URIRef | Literal:
    """Turn a user's parameter value into the RDF term the query binds."""
    if param.kind == "date":
        try:
            return (
                Literal(value, datatype=XSD.date, normalize=False)
                if _is_date(value)
                else _bad(param, value, "a date as YYYY-MM-DD")
            )
        except ValueError:
            return _bad(param, value, "a date as YYYY-MM-DD")
    if param.kind == "string":
        return Literal(value)
    if param.kind == "domain":
        key = value.strip().lower().replace("_", "-").replace(" ", "-")
        if key in DOMAIN_SLUGS:
            return DOMAIN_SLUGS[key]
        if ":" not in value and value[:1].isupper():
            return AGK[value]
        return _expand(value)
    if param.kind == "jurisdiction" and ":" not in value and "/" not in value:
        return AGKD[value.strip().lower()]
    return _expand(value)


def _is_date(value: str) -> bool:
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None


def _bad(param: Parameter, value: str, expected: str) -> Literal:
    raise InputError(f"parameter {param.name}: {value!r} is not {expected}")


def bind(query: NamedQuery, values: dict[str, str], graph: Graph | None = None) -> str:
    """The query text with its parameters bound; unknown parameters are an InputError."""
    known = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(known))
    if unknown:
        names = ", ".join(known) or "none"
        raise InputError(
            f"query {query.name} has no parameter {', '.join(unknown)}; its parameters: {names}"
        )
    blocks = []
    for param in query.parameters:
        raw = values.get(param.name, param.default)
        if raw is None or raw == "":
            continue
        blocks.append(f"VALUES ?{param.name} {{ {term_for(param, raw, graph).n3()} }}")
    if not blocks:
        return query.text
    return inject_values(query.text, blocks)


def inject_values(text: str, blocks: list[str]) -> str:
    """Insert the VALUES blocks after the opening brace of every WHERE group.

    Sub-selects are evaluated on their own, so a parameter a sub-select uses
    must be bound inside it too; binding it in every group is harmless where
    a group does not use it.
    """
    insert = "\n  " + "\n  ".join(blocks) + "\n"
    pattern = re.compile(r"\bWHERE\s*\{", flags=re.IGNORECASE)
    if not pattern.search(_strip_comments(text)):
        raise InputError("cannot bind parameters: the query has no WHERE group")
    out, last = [], 0
    for match in pattern.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if text[line_start : match.start()].lstrip().startswith("#"):
            continue
        out.append(text[last : match.end()] + insert)
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def _strip_comments(text: str) -> str:
    return "\n".join("" if line.lstrip().startswith("#") else line for line in text.splitlines())


def check_syntax(text: str) -> None:
    """Parse a query without running it; a QueryError carries the parser's message."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepareQuery(text)
    except Exception as exc:  # pyparsing and rdflib raise assorted exceptions
        raise QueryError(f"SPARQL error: {exc}") from None


def run(store: Store, query: NamedQuery, values: dict[str, str] | None = None) -> ResultTable:
    """Run a named query with parameters on a store."""
    return store.select(bind(query, values or {}))
