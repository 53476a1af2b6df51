"""The ``aigovkg`` command: one tool, verb subcommands.

Exit codes (as pySHACL's): 0 success or conforms; 1 does not conform, is
inconsistent, or a query failed; 2 usage or input error (a malformed file,
an unknown query or parameter). Errors are one clear message on stderr,
never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from aigovkg.errors import AigovkgError, InputError
from aigovkg.version import __version__

EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aigovkg",
        description="Build, validate, reason over and query the aigovkg knowledge graph "
        "of AI safety governance instruments.",
        epilog="Exit codes: 0 ok/conforms, 1 violations/inconsistent/query failed, "
        "2 usage or input error.",
    )
    parser.add_argument("--version", action="version", version=f"aigovkg {__version__}")
    parser.add_argument(
        "--root",
        type=Path,
        help="the checkout to work on (default: this package's checkout or $AIGOVKG_ROOT)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def data_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--data",
            type=Path,
            action="append",
            default=[],
            metavar="FILE",
            help="an extra Turtle data file to load alongside data/ (repeatable)",
        )

    def endpoint_options(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--endpoint",
            metavar="URL",
            help="run the same queries against this SPARQL 1.1 endpoint instead of the local graph",
        )
        p.add_argument(
            "--graph",
            metavar="IRI",
            help="with --endpoint: the named graph to query (sent as default-graph-uri)",
        )

    p = sub.add_parser("build", help="reason, validate, answer the queries and write dist/")
    data_option(p)
    p.add_argument("--out", type=Path, help="output folder (default: dist/ of the checkout)")
    p.add_argument(
        "--sparql-endpoint", metavar="URL", help="the endpoint that will serve this build (VoID)"
    )
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("validate", help="SHACL-validate the data and the ontology's hygiene")
    data_option(p)
    p.add_argument(
        "--engine",
        choices=("turbo", "pyshacl"),
        default="turbo",
        help="SHACL engine: pyshacl-turbo (default, fast) or pySHACL (the reference)",
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("reason", help="check consistency with HermiT and list what it infers")
    data_option(p)
    p.add_argument("--out", type=Path, help="write the inferred triples as Turtle to FILE")
    p.set_defaults(func=cmd_reason)

    p = sub.add_parser("query", help="run a named competency query or a .rq file")
    data_option(p)
    p.add_argument(
        "query",
        metavar="NAME|FILE",
        help="a query name (cq07-mutual-recognition, or cq07), or a .rq file",
    )
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a query parameter (repeatable), e.g. --param jurisdiction=KR",
    )
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    endpoint_options(p)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("compare", help="the seven-element comparison table for a domain")
    data_option(p)
    p.add_argument(
        "--domain",
        required=True,
        help="autonomous-vehicles, education, cross-border-data-flows, general-purpose-ai, general",
    )
    p.add_argument(
        "--jurisdiction",
        action="append",
        default=[],
        metavar="J",
        help="only these jurisdictions, in this order (ISO code; repeatable)",
    )
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    endpoint_options(p)
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser(
        "network", help="the interoperability network: centrality, communities, bridges"
    )
    data_option(p)
    p.add_argument(
        "--out", type=Path, metavar="DIR", help="also write GraphML, GEXF and node-link JSON"
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--top", type=int, default=10, help="rows per ranking (default 10)")
    endpoint_options(p)
    p.set_defaults(func=cmd_network)

    p = sub.add_parser(
        "profile", help="the interoperability profile and score of two jurisdictions"
    )
    data_option(p)
    p.add_argument("first", metavar="A", help="a jurisdiction (ISO code, slug or IRI)")
    p.add_argument("second", metavar="B", help="another jurisdiction")
    p.add_argument("--domain", help="only links, benchmarks and forums of this domain")
    p.add_argument("--format", choices=("text", "json"), default="text")
    endpoint_options(p)
    p.set_defaults(func=cmd_profile)

    p = sub.add_parser("diff", help="terms and instances added, removed or changed between builds")
    p.add_argument("old", type=Path, metavar="OLD", help="an earlier dist/ folder or RDF file")
    p.add_argument("new", type=Path, metavar="NEW", help="a later dist/ folder or RDF file")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--brief", action="store_true", help="IRIs only, not the changed statements")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser(
        "list-queries", help="list the named queries with their questions and parameters"
    )
    p.set_defaults(func=cmd_list_queries)

    p = sub.add_parser("check-quotes", help="check every evidence quote against the source texts")
    data_option(p)
    p.set_defaults(func=cmd_check_quotes)

    p = sub.add_parser(
        "serve", help="a read-only SPARQL endpoint with linked-data pages and a query page"
    )
    data_option(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--timeout", type=float, default=10.0, help="seconds a query may run (default 10)"
    )
    p.add_argument(
        "--max-rows",
        type=int,
        default=10_000,
        help="largest answer, in rows or triples, before it is refused (default 10000)",
    )
    p.add_argument("--workers", type=int, default=2, help="query worker processes (default 2)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "publish", help="load the build into a SPARQL store (Graph Store Protocol or INSERT DATA)"
    )
    data_option(p)
    p.add_argument(
        "--endpoint", required=True, metavar="URL", help="the store's SPARQL update endpoint"
    )
    p.add_argument("--graph", required=True, metavar="IRI", help="the named graph to replace")
    p.add_argument(
        "--gsp",
        metavar="URL",
        help="the store's Graph Store Protocol endpoint; without it, batched INSERT DATA",
    )
    p.add_argument(
        "--batch", type=int, default=1000, help="triples per INSERT DATA request (default 1000)"
    )
    p.add_argument(
        "--from",
        dest="source",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="publish these RDF files (e.g. dist/aigovkg.nt and dist/inferred.ttl; repeatable) "
        "instead of the checkout's ontology, data and inferences",
    )
    p.set_defaults(func=cmd_publish)

    from aigovkg import cli_import

    cli_import.add_parser(sub)
    return parser


def _load(args: argparse.Namespace, inferences: str = "auto"):  # type: ignore[no-untyped-def]
    from aigovkg.api import KnowledgeGraph

    endpoint = getattr(args, "endpoint", None) if args.command != "publish" else None
    return KnowledgeGraph.load(
        args.root,
        extra_data=tuple(getattr(args, "data", []) or ()),
        # a remote store holds its own inferences (publish sends them)
        inferences="none" if endpoint else inferences,
        endpoint=endpoint,
        endpoint_graph=getattr(args, "graph", None) if endpoint else None,
    )


def _params(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise InputError(f"--param needs KEY=VALUE, got {pair!r}")
        key, value = pair.split("=", 1)
        out[key.strip()] = value.strip()
    return out


def cmd_build(args: argparse.Namespace) -> int:
    from aigovkg.build import run_build, validation_text

    kg = _load(args, inferences="none")
    out = args.out or kg.paths.dist
    result = run_build(kg, out, sparql_endpoint=args.sparql_endpoint)
    print(result.summary())
    if not result.consistent:
        print(f"\nHermiT: {result.explanation}", file=sys.stderr)
    if not result.conforms:
        print("\n" + validation_text(result), file=sys.stderr)
    for problem in result.quotes_missing:
        print(f"quote not verbatim: {problem}", file=sys.stderr)
    if not result.ok:
        print(f"\nbuild failed: {out} left as it was", file=sys.stderr)
        return EXIT_FAIL
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    kg = _load(args, inferences="none")
    data_report = kg.validate(engine=args.engine)
    hygiene = kg.check_hygiene(engine=args.engine)
    quality_rows = 0
    print("# data/ against shapes/data.ttl")
    print(data_report.text())
    print("# ontology/ against shapes/hygiene.ttl")
    print(hygiene.text())
    for name, named in kg.catalogue.items():
        if named.is_quality_check:
            table = kg.query(name)
            quality_rows += len(table)
            if len(table):
                print(f"# {name}: {len(table)} rows (must be none)")
                for row in table.rows:
                    print("  " + " | ".join("" if v is None else str(v) for v in row))
    ok = data_report.conforms and hygiene.conforms and quality_rows == 0
    return EXIT_OK if ok else EXIT_FAIL


def cmd_reason(args: argparse.Namespace) -> int:
    from aigovkg.export import serialise

    kg = _load(args, inferences="none")
    result = kg.reason()
    if not result.consistent:
        print(f"INCONSISTENT: {result.explanation}")
        return EXIT_FAIL
    print(f"consistent (HermiT); {len(result.inferred)} triples inferred")
    text = serialise(result.inferred, "ttl")
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"written {args.out}")
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from aigovkg.export import table_csv, table_json, table_text
    from aigovkg.paths import ProjectPaths, project
    from aigovkg.queries import bind, check_syntax, load_catalogue, resolve

    # Name, parameters and syntax are checked before the graph is loaded, so a
    # typo costs nothing.
    paths = ProjectPaths(args.root) if args.root else project()
    named = resolve(args.query, load_catalogue(paths.queries))
    text = bind(named, _params(args.param))
    check_syntax(text)
    kg = _load(args)
    table = kg.store.select(text)
    if args.format == "csv":
        sys.stdout.write(table_csv(table))
    elif args.format == "json":
        sys.stdout.write(table_json(table))
    else:
        sys.stdout.write(table_text(table))
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    from aigovkg.compare import as_table, as_text, comparison
    from aigovkg.export import table_csv, table_json

    kg = _load(args)
    rows = comparison(kg, args.domain, args.jurisdiction or None)
    if args.format == "csv":
        sys.stdout.write(table_csv(as_table(rows)))
    elif args.format == "json":
        sys.stdout.write(table_json(as_table(rows)))
    else:
        sys.stdout.write(as_text(rows))
    return EXIT_OK


def cmd_network(args: argparse.Namespace) -> int:
    import json

    from aigovkg.network import analyse, build_network, convergence, export_network, report_text

    kg = _load(args)
    graph = build_network(kg.store)
    report = analyse(graph, convergence(kg.store))
    if args.format == "json":
        sys.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(report_text(report, args.top))
    if args.out:
        for path in export_network(graph, args.out):
            print(f"written {path}", file=sys.stderr)
    return EXIT_OK


def cmd_profile(args: argparse.Namespace) -> int:
    import json

    from aigovkg.profiles import ProfileIndex, domain_local, profile_text
    from aigovkg.queries import Parameter, term_for

    param = Parameter("jurisdiction", "jurisdiction", None, "")
    first, second = (str(term_for(param, value)) for value in (args.first, args.second))
    kg = _load(args)
    index = ProfileIndex(kg.store)
    for given, iri in ((args.first, first), (args.second, second)):
        if iri not in index.labels:
            known = ", ".join(sorted(v.rsplit("/", 1)[-1].upper() for v in index.labels))
            raise InputError(f"unknown jurisdiction {given!r}; known: {known}")
    profile = index.profile(first, second, domain_local(args.domain))
    if args.format == "json":
        sys.stdout.write(json.dumps(profile.as_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(profile_text(profile, index.item_labels))
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from aigovkg.diff import diff, diff_json, load_build

    result = diff(load_build(args.old), load_build(args.new))
    sys.stdout.write(diff_json(result) if args.format == "json" else result.text(not args.brief))
    return EXIT_OK


def cmd_list_queries(args: argparse.Namespace) -> int:
    from aigovkg.paths import ProjectPaths, project
    from aigovkg.queries import load_catalogue

    paths = ProjectPaths(args.root) if args.root else project()
    for name, q in load_catalogue(paths.queries).items():
        print(name)
        print(f"    {q.question}")
        for p in q.parameters:
            default = f", default {p.default}" if p.default else ", optional"
            print(f"    --param {p.name}=…  ({p.kind}{default}) {p.doc}")
    return EXIT_OK


def cmd_check_quotes(args: argparse.Namespace) -> int:
    from aigovkg.quotes import check_quotes_report

    kg = _load(args, inferences="none")
    if not kg.paths.sources.is_dir():
        raise InputError(
            f"no source texts at {kg.paths.sources}; set AIGOVKG_SOURCES to their folder"
        )
    report = check_quotes_report(kg.data, kg.paths.sources)
    for q in report.problems:
        print(f"{q.subject}: {q.reason}: {q.quote!r}")
    for s in report.skipped:
        print(f"{s.source}: {s.quotes} quotes not checked: {s.reason}")
    skipped = sum(s.quotes for s in report.skipped)
    print(f"{report.checked} quotes checked, {len(report.problems)} not found, {skipped} skipped")
    return EXIT_FAIL if report.problems else EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from aigovkg.server.app import ServeSettings
    from aigovkg.server.run import serve

    if args.timeout <= 0 or args.max_rows <= 0 or args.workers <= 0:
        raise InputError("--timeout, --max-rows and --workers must be positive")
    kg = _load(args)
    settings = ServeSettings(timeout=args.timeout, max_rows=args.max_rows, workers=args.workers)
    serve(kg, args.host, args.port, settings)
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    from aigovkg.publish import Credentials, check_graph_iri, publish

    check_graph_iri(args.graph)
    credentials = Credentials.from_env()
    if args.source:
        from rdflib import Graph
        from rdflib.util import guess_format

        from aigovkg.loading import parse_file

        graph = Graph()
        for path in args.source:
            fmt = guess_format(str(path)) or "turtle"
            if fmt in ("turtle", "nt"):
                parse_file(path, graph)  # names the file and line of a syntax error
            else:
                try:
                    graph.parse(path, format=fmt)
                except Exception as exc:  # rdflib's parsers raise many kinds
                    raise InputError(f"{path}: cannot read as {fmt}: {exc}") from None
    else:
        graph = _load(args).graph
    report = publish(
        graph,
        args.endpoint,
        args.graph,
        gsp=args.gsp,
        batch=args.batch,
        credentials=credentials,
    )
    print(report, file=sys.stderr)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except AigovkgError as exc:
        print(f"aigovkg: {exc}", file=sys.stderr)
        return exc.exit_code
    except FileNotFoundError as exc:
        print(f"aigovkg: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
