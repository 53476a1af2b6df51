"""Time the project's engine against the rdflib / pySHACL / HermiT baseline on synthetic graphs.

For each size the runner generates a graph with :mod:`generate` (cached under
``benchmarks/.cache/``) and measures, for the project engine and for the
baseline in the same run:

``load``
    project: a pyoxigraph ``Store`` bulk-loading the N-Triples and the
    ontology; baseline: ``rdflib.Graph().parse`` of the same files.
``query:<name>``
    every competency query ``queries/cq*.rq`` at its default parameters, on
    data + ontology + the entailments the queries rely on; project
    :meth:`OxigraphStore.select`, baseline :meth:`LocalStore.select` (rdflib's
    Memory store). Loading is not timed. Both answers are compared.
``shacl``
    :func:`aigovkg.validation.validate` with ``engine="turbo"`` (project) and
    ``engine="pyshacl"`` (baseline); the project's results are checked against
    the planted violations (``planted_found``, ``false_positives``).
``reason``
    project: :func:`aigovkg.rules.compile_rules` + :func:`aigovkg.rules.materialise`
    on pyoxigraph; baseline: HermiT through :func:`aigovkg.reasoning.reason`,
    small sizes only. The project's inferences are checked against the
    generator's expected entailments.
``export``
    project: pyoxigraph ``dump`` to N-Triples and Turtle; baseline: rdflib
    ``serialize`` to both.

Every operation runs in a fresh child process, so the peak resident memory
reported (``ru_maxrss`` of the child, or of its own children for HermiT's
Java) belongs to that operation alone; it includes loading the graph the
operation works on. Timings are medians over ``--runs`` runs, fewer when an
operation's runs exceed ``--budget`` seconds; a child that passes
``--timeout`` is killed and its operation recorded as null with a note.

Results go to ``<out-dir>/<size>.json`` and ``<out-dir>/README.md``; see
``benchmarks/README.md`` for how to read them.

    python benchmarks/run.py                       # 10k, 100k, 1M and 5M
    python benchmarks/run.py --size 1000000 --runs 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import json
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import IO, Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import GeneratedGraph, generate, kind_of  # noqa: E402

DEFAULT_SIZES = (10_000, 100_000, 1_000_000, 5_000_000)
OPERATION_KINDS = ("load", "query", "shacl", "reason", "export")

#: Targets from the issue, for a 2-core machine at 1M triples.
TARGET_SIZE = 1_000_000
TARGETS = {
    "load": "≤ 3 s, peak ≤ 1 GB",
    "query": "≤ 0.1 s, ≥ 10× baseline",
    "shacl": "≤ 20 s, all planted found, none false",
    "reason": "≤ 30 s",
    "export": "—",
}

Json = dict[str, Any]


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------


def ontology_files() -> list[Path]:
    return sorted((ROOT / "ontology").glob("*.ttl"))


def query_names() -> list[str]:
    """Every competency query (quality checks, *-violation.rq, are not competency queries)."""
    from aigovkg.queries import load_catalogue

    return [
        n
        for n, q in load_catalogue(ROOT / "queries").items()
        if n.startswith("cq") and not q.is_quality_check
    ]


def generator_digest() -> str:
    """A short digest of the generator's source, so a changed generator regenerates the cache."""
    return hashlib.sha1((HERE / "generate.py").read_bytes()).hexdigest()[:10]


def manifest_path(graph: GeneratedGraph) -> Path:
    return graph.path.with_name(graph.path.stem + ".manifest.json")


def cached_graph(size: int, seed: int, cache: Path) -> GeneratedGraph:
    """The generated graph for (size, seed), from the cache when the generator has not changed."""
    path = cache / f"synthetic-{size}-seed{seed}-{generator_digest()}.nt"
    manifest = path.with_name(path.stem + ".manifest.json")
    if manifest.is_file() and path.is_file():
        return GeneratedGraph.from_manifest(json.loads(manifest.read_text(encoding="utf-8")))
    log(f"generating {size:,} triples (seed {seed}) into {path}")
    for stale in cache.glob(f"synthetic-{size}-seed{seed}-*"):
        stale.unlink()
    return generate(size, seed, path)


# ---------------------------------------------------------------------------
# The machine
# ---------------------------------------------------------------------------


def _meminfo_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return float("nan")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def machine() -> str:
    """What the numbers were measured on, with the load average (the cores are shared)."""
    load1, load5, _ = os.getloadavg()
    return (
        f"{platform.system()} {platform.release()} {platform.machine()}; {_cpu_model()}; "
        f"{os.cpu_count()} CPUs; {_meminfo_gb():.1f} GB RAM; Python {platform.python_version()}; "
        f"pyoxigraph {_version('pyoxigraph')}, rdflib {_version('rdflib')}, "
        f"pyshacl {_version('pyshacl')}, pyshacl-turbo {_version('pyshacl-turbo')}, "
        f"owlready2 {_version('owlready2')}; load average {load1:.2f}/{load5:.2f} at start"
    )


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# The child side: one operation, one engine, several runs
# ---------------------------------------------------------------------------


def emit(record: Json) -> None:
    """One JSON line to the parent (it keeps what arrived if the child is killed later)."""
    print(json.dumps(record), flush=True)


def peak_mb() -> float:
    """Peak RSS of this process or of any child it waited for (HermiT's Java), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


WORKER_STARTED = time.perf_counter()


def timed_runs(spec: Json, run_once: Callable[[], Json]) -> None:
    """Run an operation up to spec["runs"] times, stopping early once past the budget.

    The setup time (imports, loading) goes to the parent first, so that if the
    child is killed mid-run the parent knows how long the run had lasted.
    """
    emit({"setup_s": time.perf_counter() - WORKER_STARTED})
    spent = 0.0
    for _ in range(int(spec["runs"])):
        gc.collect()
        started = time.perf_counter()
        extra = run_once()
        seconds = extra.pop("seconds", None) or time.perf_counter() - started
        spent += seconds
        emit({"seconds": seconds, **extra, "peak_mb": peak_mb()})
        if spent > float(spec["budget"]):
            break


def oxigraph_store(paths: list[Path]) -> Any:
    import pyoxigraph as ox

    store = ox.Store()
    for path in paths:
        fmt = ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE
        store.bulk_load(path=str(path), format=fmt)
    return store


def rdflib_graph(paths: list[Path]) -> Any:
    from rdflib import Graph

    graph = Graph()
    for path in paths:
        graph.parse(path, format="nt" if path.suffix == ".nt" else "turtle")
    return graph


def work_load(spec: Json) -> None:
    """One load per child, so each run starts from an empty process."""
    paths = [*ontology_files(), Path(spec["data"])]
    started = time.perf_counter()
    if spec["engine"] == "project":
        store = oxigraph_store(paths)
        seconds = time.perf_counter() - started
        count = len(store)
    else:
        graph = rdflib_graph(paths)
        seconds = time.perf_counter() - started
        count = len(graph)
    emit({"seconds": seconds, "loaded_triples": count, "peak_mb": peak_mb()})


def table_digest(table: Any) -> str:
    """A digest of an answer independent of row order and engine (rows as sorted strings)."""
    rows = sorted(
        "\t".join("" if v is None else str(v) for v in row) for row in table.canonical().rows
    )
    return hashlib.sha1("\n".join(rows).encode("utf-8")).hexdigest()[:16]


def work_query(spec: Json) -> None:
    from aigovkg.queries import bind, load_catalogue
    from aigovkg.store import LocalStore, OxigraphStore

    paths = [*ontology_files(), Path(spec["data"]), Path(spec["inferred"])]
    if spec["engine"] == "project":
        store: Any = OxigraphStore(oxigraph_store(paths))
    else:
        store = LocalStore(rdflib_graph(paths))
    text = bind(load_catalogue(ROOT / "queries")[spec["query"]], {})
    version = query_sha1(spec["query"])

    def once() -> Json:
        started = time.perf_counter()
        table = store.select(text)
        seconds = time.perf_counter() - started
        return {
            "seconds": seconds,
            "rows": len(table),
            "digest": table_digest(table),
            "query_sha1": version,
        }

    timed_runs(spec, once)


def query_sha1(name: str) -> str:
    """Which text of a query was timed: the SHA-1 of the query as run (parameters bound)."""
    from aigovkg.queries import bind, load_catalogue

    text = bind(load_catalogue(ROOT / "queries")[name], {})
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def expand(term: str) -> str:
    """A full IRI from a validation report's short form (<iri> or a CURIE)."""
    from aigovkg.namespaces import PREFIXES

    if term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    prefix, sep, local = term.partition(":")
    if sep and prefix in PREFIXES:
        return str(PREFIXES[prefix]) + local
    return term


def check_against_planted(report: Any, graph: GeneratedGraph) -> Json:
    """Compare a ValidationReport with what was planted: found, missed, false results by kind."""
    expected = {(k, f) for k, focus in graph.planted_focus.items() for f in focus}
    found: Counter[str] = Counter()
    reported = set()
    for v in report.violations:
        kind = kind_of(v.shape, v.constraint, v.path)
        found[kind] += 1
        reported.add((kind, expand(v.focus)))
    false = reported - expected
    return {
        "results": len(report.violations),
        "planted": sum(graph.planted.values()),
        "planted_found": len(expected & reported),
        "false_positives": len(false) + (len(report.violations) - len(reported)),
        "by_kind": dict(sorted(found.items())),
        "false_examples": sorted(f"{k} {f}" for k, f in false)[:5],
    }


def work_shacl(spec: Json) -> None:
    """Validate the data: the project hands turbo a pyoxigraph Store, the baseline an rdflib graph.

    Reading the data in (the Store's bulk load, rdflib's parse) is not timed
    but reported as ``prepare_s``; the ontology and shapes are small rdflib
    graphs in both cases.
    """
    from rdflib import Graph

    from aigovkg.loading import parse_file
    from aigovkg.namespaces import bind_prefixes
    from aigovkg.validation import validate

    graph = GeneratedGraph.from_manifest(json.loads(Path(spec["manifest"]).read_text("utf-8")))
    started = time.perf_counter()
    if spec["engine"] == "project":
        engine, data = "turbo", oxigraph_store([Path(spec["data"])])
    else:
        engine, data = "pyshacl", rdflib_graph([Path(spec["data"])])
    ontology = bind_prefixes(Graph())
    for path in ontology_files():
        parse_file(path, ontology)
    shapes = bind_prefixes(Graph())
    parse_file(ROOT / "shapes" / "data.ttl", shapes)
    prepare = time.perf_counter() - started

    def once() -> Json:
        started = time.perf_counter()
        report = validate(data, shapes, ontology, engine=engine)
        seconds = time.perf_counter() - started
        return {
            "seconds": seconds,
            "prepare_s": prepare,
            "engine": engine,
            **check_against_planted(report, graph),
        }

    timed_runs(spec, once)


def expected_found(triples: Any, contains: Callable[[Any], bool]) -> Json:
    total = found = 0
    for triple in triples:
        total += 1
        found += bool(contains(triple))
    return {"expected_total": total, "expected_found": found}


def work_reason(spec: Json) -> None:
    if spec["engine"] == "project":
        work_reason_rules(spec)
    else:
        work_reason_hermit(spec)


def work_reason_rules(spec: Json) -> None:
    import pyoxigraph as ox

    from aigovkg import rules

    ontology = rdflib_graph(ontology_files())
    paths = [*ontology_files(), Path(spec["data"])]
    expected = list(ox.parse(path=spec["inferred"], format=ox.RdfFormat.N_TRIPLES))

    def once() -> Json:
        store = oxigraph_store(paths)  # not timed: every run starts from the asserted graph
        started = time.perf_counter()
        compiled = rules.compile_rules(ontology)
        result = rules.materialise(store, compiled)
        seconds = time.perf_counter() - started

        def contains(t: Any) -> bool:
            return (
                next(iter(store.quads_for_pattern(t.subject, t.predicate, t.object)), None)
                is not None
            )

        return {
            "seconds": seconds,
            "rules": len(compiled),
            "inferred": _count(getattr(result, "inferred", None)),
            "rounds": getattr(result, "rounds", None),
            **expected_found(expected, contains),
        }

    timed_runs(spec, once)


def _count(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    try:
        return len(value)
    except TypeError:
        return None


def work_reason_hermit(spec: Json) -> None:
    from aigovkg.reasoning import reason

    graph = rdflib_graph([*ontology_files(), Path(spec["data"])])
    expected = rdflib_graph([Path(spec["inferred"])])

    def once() -> Json:
        started = time.perf_counter()
        result = reason(graph)
        seconds = time.perf_counter() - started
        return {
            "seconds": seconds,
            "consistent": result.consistent,
            "inferred": len(result.inferred),
            **expected_found(expected, lambda t: t in result.inferred or t in graph),
        }

    timed_runs(spec, once)


def work_export(spec: Json) -> None:
    paths = [*ontology_files(), Path(spec["data"])]
    if spec["engine"] == "project":
        import pyoxigraph as ox

        store = oxigraph_store(paths)

        def write(path: Path, fmt: str) -> None:
            rdf_format = ox.RdfFormat.N_TRIPLES if fmt == "nt" else ox.RdfFormat.TURTLE
            store.dump(output=str(path), format=rdf_format, from_graph=ox.DefaultGraph())
    else:
        graph = rdflib_graph(paths)

        def write(path: Path, fmt: str) -> None:
            graph.serialize(destination=str(path), format="nt" if fmt == "nt" else "turtle")

    def once() -> Json:
        with tempfile.TemporaryDirectory(prefix="aigovkg-bench-") as tmp:
            times, sizes = {}, {}
            for fmt in ("nt", "ttl"):
                path = Path(tmp) / f"export.{fmt}"
                started = time.perf_counter()
                write(path, fmt)
                times[fmt] = time.perf_counter() - started
                sizes[fmt] = round(path.stat().st_size / 1e6, 1)
        return {
            "seconds": times["nt"] + times["ttl"],
            "nt_s": times["nt"],
            "ttl_s": times["ttl"],
            "nt_mb": sizes["nt"],
            "ttl_mb": sizes["ttl"],
        }

    timed_runs(spec, once)


WORKERS: dict[str, Callable[[Json], None]] = {
    "load": work_load,
    "query": work_query,
    "shacl": work_shacl,
    "reason": work_reason,
    "export": work_export,
}


def worker_main(raw: str) -> int:
    spec = json.loads(raw)
    try:
        WORKERS[spec["op"]](spec)
    except Exception as exc:  # reported to the parent, which records it as a note
        emit({"error": f"{type(exc).__name__}: {exc}"[:500], "peak_mb": peak_mb()})
        return 1
    return 0


# ---------------------------------------------------------------------------
# The parent side: children, timeouts, medians
# ---------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one (operation, engine) measurement produced."""

    runs: list[Json] = field(default_factory=list)
    error: str | None = None
    timed_out: bool = False
    timeout: float = 0.0
    unfinished_s: float | None = None  # how long the run in progress had lasted when killed

    @property
    def seconds(self) -> float | None:
        times = [r["seconds"] for r in self.runs]
        return round(statistics.median(times), 6) if times else None

    @property
    def lower_bound(self) -> float | None:
        """For a child killed before any run finished: how long its first run had lasted."""
        if not self.timed_out or self.runs or self.unfinished_s is None:
            return None
        return round(self.unfinished_s, 1)

    @property
    def peak_mb(self) -> float | None:
        peaks = [r["peak_mb"] for r in self.runs if r.get("peak_mb") is not None]
        return max(peaks) if peaks else None

    def last(self, key: str) -> Any:
        return self.runs[-1].get(key) if self.runs else None


def _drain(stream: IO[str] | None, into: list[tuple[float, str]]) -> None:
    """Read a child's pipe to the end (so it never blocks), noting when each line came."""
    if stream is not None:
        for line in stream:
            into.append((time.monotonic(), line))


def run_child(spec: Json, timeout: float) -> Outcome:
    """Run one worker in a fresh process group; kill the group if it outlives the timeout."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)]
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        cwd=str(ROOT),
    )
    lines: list[tuple[float, str]] = []
    errors: list[tuple[float, str]] = []
    readers = [
        threading.Thread(target=_drain, args=(proc.stdout, lines), daemon=True),
        threading.Thread(target=_drain, args=(proc.stderr, errors), daemon=True),
    ]
    for reader in readers:
        reader.start()
    outcome = Outcome(timeout=timeout)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        killed_at = time.monotonic()
        proc.wait()
        outcome.timed_out = True
        if lines:  # the setup line or the last finished run: the unfinished run began then
            outcome.unfinished_s = killed_at - lines[-1][0]
    for reader in readers:
        reader.join(timeout=10)
    for _, line in lines:
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if "error" in record:
            outcome.error = record["error"]
        elif "seconds" in record:
            outcome.runs.append(record)
    if proc.returncode not in (0, None) and not outcome.error and not outcome.timed_out:
        outcome.error = f"exit {proc.returncode}: {''.join(e for _, e in errors)[-400:]}"
    return outcome


def measure(spec: Json, runs: int, timeout: float) -> Outcome:
    """Load gets a fresh process per run; other operations run their repeats in one child."""
    if spec["op"] != "load":
        return run_child({**spec, "runs": runs}, timeout)
    total = Outcome(timeout=timeout)
    for _ in range(runs):
        one = run_child({**spec, "runs": 1}, timeout)
        total.runs.extend(one.runs)
        total.error = total.error or one.error
        total.timed_out = total.timed_out or one.timed_out
        total.unfinished_s = one.unfinished_s
        if one.error or one.timed_out:
            break
    return total


@dataclass
class Settings:
    """How often and how long to measure, and up to which size the baseline runs."""

    runs: int
    timeout: float
    budget: float
    query_timeout: float
    query_budget: float
    baseline_max: int
    pyshacl_max: int
    hermit_max: int
    engines: tuple[str, ...]

    def limits(self, kind: str) -> tuple[float, float]:
        """(timeout, budget) in seconds: queries get tighter ones, there are two dozen of them."""
        if kind == "query":
            return self.query_timeout, self.query_budget
        return self.timeout, self.budget


def baseline_limit(op: str, settings: Settings) -> tuple[int, str]:
    if op == "shacl":
        return settings.pyshacl_max, "pySHACL"
    if op == "reason":
        return settings.hermit_max, "HermiT"
    return settings.baseline_max, "rdflib Memory"


def note_for(outcome: Outcome) -> str | None:
    if outcome.timed_out:
        done = len(outcome.runs)
        plural = "s" if done != 1 else ""
        return f"timed out after {outcome.timeout:g} s ({done} run{plural} finished)"
    return outcome.error


SKIP_KEYS = {"seconds", "peak_mb"}


def operation_record(
    op: str, size: int, outcomes: dict[str, Outcome | None], settings: Settings
) -> Json:
    """The JSON of one operation: medians, peaks, ratio, and what the runs reported."""
    project, baseline = outcomes.get("project"), outcomes.get("baseline")
    record: Json = {
        "project_s": project.seconds if project else None,
        "baseline_s": baseline.seconds if baseline else None,
        "project_peak_mb": project.peak_mb if project else None,
        "baseline_peak_mb": baseline.peak_mb if baseline else None,
    }
    if record["project_s"] and record["baseline_s"]:
        record["ratio"] = round(record["baseline_s"] / record["project_s"], 2)
    else:
        record["ratio"] = None
    for engine, outcome in (("project", project), ("baseline", baseline)):
        if outcome is not None and outcome.lower_bound is not None:
            record[f"{engine}_min_s"] = outcome.lower_bound  # timed out: at least this long
    if record["project_s"] and record.get("baseline_min_s"):
        record["ratio_min"] = round(record["baseline_min_s"] / record["project_s"], 2)
    notes = []
    for engine, outcome in (("project", project), ("baseline", baseline)):
        if outcome is None:
            continue
        record[f"{engine}_runs"] = [round(r["seconds"], 6) for r in outcome.runs]
        details = {
            k: v
            for k, v in (outcome.runs[-1].items() if outcome.runs else [])
            if k not in SKIP_KEYS
        }
        if details:
            record[f"{engine}_details"] = details
        note = note_for(outcome)
        if note:
            notes.append(f"{engine}: {note}")
    limit, name = baseline_limit(op.split(":")[0], settings)
    if baseline is None and "baseline" in settings.engines and size > limit:
        notes.append(f"baseline ({name}) not run above {limit:,} triples")
    if op.startswith("query:") and project and project.runs:
        record["rows"] = project.last("rows")
        if baseline and baseline.runs:
            record["same_answer"] = project.last("digest") == baseline.last("digest")
            if project.last("query_sha1") != baseline.last("query_sha1"):
                record["same_answer"] = None
                notes.append("the query file changed between the two engines' runs")
    if op == "shacl" and project and project.runs:
        for key in ("planted", "planted_found", "false_positives"):
            record[key] = project.last(key)
    record["note"] = "; ".join(notes) if notes else None
    record["measured"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return record


def wanted_operations(selection: list[str]) -> list[str]:
    """Expand --ops (kinds or query:<name>) to operation names in a stable order."""
    out: list[str] = []
    for item in selection:
        if item == "query":
            out.extend(f"query:{name}" for name in query_names())
        elif item in OPERATION_KINDS or item.startswith("query:"):
            out.append(item)
        else:
            raise SystemExit(
                f"unknown operation {item!r}; use {', '.join(OPERATION_KINDS)} or query:<name>"
            )
    return list(dict.fromkeys(out))


def benchmark_size(
    size: int, graph: GeneratedGraph, operations: list[str], settings: Settings
) -> dict[str, Json]:
    results: dict[str, Json] = {}
    for op in operations:
        kind, _, query = op.partition(":")
        spec: Json = {
            "op": kind,
            "query": query,
            "data": str(graph.path),
            "inferred": str(graph.inferred_path),
            "manifest": str(manifest_path(graph)),
            "budget": settings.limits(kind)[1],
        }
        limit, _ = baseline_limit(kind, settings)
        outcomes: dict[str, Outcome | None] = {}
        for engine in ("project", "baseline"):
            if engine not in settings.engines or (engine == "baseline" and size > limit):
                outcomes[engine] = None
                continue
            log(f"{size:>9,} {op:<40} {engine}")
            outcome = measure({**spec, "engine": engine}, settings.runs, settings.limits(kind)[0])
            outcomes[engine] = outcome
            shown = f"{outcome.seconds:.4f} s" if outcome.seconds is not None else "—"
            note = note_for(outcome)
            log(f"{'':>9} {'':<40} {engine} {shown} peak {outcome.peak_mb} MB {note or ''}")
        results[op] = operation_record(op, size, outcomes, settings)
        if query:
            results[op]["query_sha1"] = query_sha1(query)
    return results


# ---------------------------------------------------------------------------
# Writing results
# ---------------------------------------------------------------------------


def write_json(out_dir: Path, size: int, triples: int, operations: dict[str, Json]) -> Path:
    """Write <size>.json, keeping operations of an earlier run that this run did not measure."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{size}.json"
    merged: dict[str, Json] = {}
    if path.is_file():
        old = json.loads(path.read_text(encoding="utf-8"))
        if old.get("triples") == triples:
            merged.update(old.get("operations", {}))
    for op, record in operations.items():
        merged[op] = carry_over(record, merged[op]) if op in merged else record
    ordered = dict(sorted(merged.items(), key=lambda kv: _op_order(kv[0])))
    document = {"triples": triples, "machine": machine(), "operations": ordered}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


ENGINE_KEYS = ("_s", "_min_s", "_peak_mb", "_runs", "_details", "_measured")


def carry_over(record: Json, earlier: Json) -> Json:
    """Keep an engine's figures from an earlier run where this run did not measure that engine.

    So ``--engines project`` re-measures the project side (after a query rewrite, say) without
    paying hours for a baseline that has not changed. A query's earlier figures are kept only
    if they timed the same query text (its SHA-1), and each kept side says when it was measured.
    """
    out = dict(record)
    kept: list[str] = []
    for engine, other in (("project", "baseline"), ("baseline", "project")):
        if f"{engine}_runs" in record or f"{engine}_runs" not in earlier:
            continue
        text_now = record.get(
            "query_sha1", (record.get(f"{other}_details") or {}).get("query_sha1")
        )
        text_then = (earlier.get(f"{engine}_details") or {}).get(
            "query_sha1", earlier.get("query_sha1")
        )
        if text_now != text_then:
            continue
        for suffix in ENGINE_KEYS:
            if f"{engine}{suffix}" in earlier:
                out[f"{engine}{suffix}"] = earlier[f"{engine}{suffix}"]
        out.setdefault(f"{engine}_measured", earlier.get("measured"))
        kept.append(engine)
    if not kept:
        return out
    out["ratio"] = (
        round(out["baseline_s"] / out["project_s"], 2)
        if out.get("project_s") and out.get("baseline_s")
        else None
    )
    out.pop("ratio_min", None)
    if out.get("project_s") and out.get("baseline_min_s"):
        out["ratio_min"] = round(out["baseline_min_s"] / out["project_s"], 2)
    if out.get("rows") is None and (out.get("project_details") or {}).get("rows") is not None:
        out["rows"] = out["project_details"]["rows"]
    digests = [(out.get(f"{e}_details") or {}).get("digest") for e in ("project", "baseline")]
    if "rows" in out and all(digests):
        out["same_answer"] = digests[0] == digests[1]
    notes = [n for n in (out.get("note") or "").split("; ") if n and "not run above" not in n]
    for engine in kept:
        notes += [n for n in (earlier.get("note") or "").split("; ") if n.startswith(f"{engine}:")]
        notes.append(f"{engine} figures from {out[f'{engine}_measured']}")
    out["note"] = "; ".join(notes) or None
    return out


def _op_order(op: str) -> tuple[int, str]:
    kind = op.split(":")[0]
    return (OPERATION_KINDS.index(kind) if kind in OPERATION_KINDS else 99, op)


def _fmt(value: float | None, digits: int = 3) -> str:
    if value is None:
        return "—"
    if value < 0.1 and digits >= 3:
        return f"{value * 1000:.1f} ms"
    return f"{value:.{digits}f} s" if digits else f"{value:.0f}"


def _bound(record: Json, engine: str) -> str:
    """A median, or "> N s" for a side that timed out before finishing a run."""
    if record.get(f"{engine}_s") is None and record.get(f"{engine}_min_s"):
        return f"> {record[f'{engine}_min_s']:.0f} s"
    return _fmt(record.get(f"{engine}_s"))


def verdict(op: str, record: Json) -> str:
    """Whether the issue's 1M target holds for this operation (✅ / ❌ with why)."""
    kind = op.split(":")[0]
    seconds = record.get("project_s")
    if seconds is None:
        return "❌ not measured"
    if kind == "load":
        ok = seconds <= 3 and (record.get("project_peak_mb") or 0) <= 1024
    elif kind == "query":
        ratio = record.get("ratio") or record.get("ratio_min")
        ok = seconds <= 0.1 and ratio is not None and ratio >= 10
    elif kind == "shacl":
        ok = (
            seconds <= 20
            and record.get("false_positives") == 0
            and record.get("planted_found") == record.get("planted")
        )
    elif kind == "reason":
        ok = seconds <= 30
    else:
        return "—"
    return "✅" if ok else "❌"


def size_table(document: Json, with_targets: bool) -> list[str]:
    head = (
        "| operation | project | baseline | ratio | project peak MB | baseline peak MB | "
        "check | " + ("target (1M) | met |" if with_targets else "")
    ).rstrip()
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for op, r in document["operations"].items():
        check = ""
        if op.startswith("query:"):
            rows = r.get("rows")
            same = r.get("same_answer")
            check = f"{rows} rows" + (
                "" if same is None else (", same answer" if same else ", ANSWERS DIFFER")
            )
        elif op == "shacl" and r.get("planted") is not None:
            check = (
                f"{r.get('planted_found')}/{r.get('planted')} planted found, "
                f"{r.get('false_positives')} false"
            )
        elif op == "reason":
            d = r.get("project_details") or {}
            if d.get("expected_total"):
                check = f"{d.get('expected_found')}/{d.get('expected_total')} expected entailments"
        if r.get("note"):
            check = (check + "; " if check else "") + r["note"]
        ratio = f"{r['ratio']:.1f}×" if r.get("ratio") else "—"
        if not r.get("ratio") and r.get("ratio_min"):
            ratio = f"> {r['ratio_min']:.0f}×"
        cells = [
            op,
            _bound(r, "project"),
            _bound(r, "baseline"),
            ratio,
            _fmt(r.get("project_peak_mb"), 0),
            _fmt(r.get("baseline_peak_mb"), 0),
            check,
        ]
        if with_targets:
            cells += [TARGETS.get(op.split(":")[0], "—"), verdict(op, r)]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return lines


def write_readme(out_dir: Path) -> Path:
    """results/README.md: one table per size found in out_dir, targets marked at 1M."""
    documents = []
    for path in out_dir.glob("*.json"):
        try:
            documents.append((int(path.stem), json.loads(path.read_text(encoding="utf-8"))))
        except (ValueError, json.JSONDecodeError):
            continue
    lines = [
        "# Benchmark results",
        "",
        "Written by `benchmarks/run.py` (see `benchmarks/README.md`). Times are medians; "
        "*project* is pyoxigraph / pyshacl-turbo / aigovkg.rules, *baseline* is rdflib's "
        "Memory store / pySHACL / HermiT; ratio = baseline ÷ project. Peak memory is the "
        "child process's maximum RSS, loading included. The issue's targets are stated for "
        "1M triples on a 2-core machine and are marked there only.",
        "",
    ]
    for size, document in sorted(documents, key=lambda sd: sd[0]):
        lines += [
            f"## {size:,} (generated: {document['triples']:,} triples)",
            "",
            f"Machine: {document['machine']}",
            "",
        ]
        lines += size_table(document, with_targets=size == TARGET_SIZE)
        lines.append("")
    path = out_dir / "README.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark the project engine against the rdflib/pySHACL/HermiT baseline."
    )
    parser.add_argument(
        "--size",
        type=int,
        action="append",
        help="triples to generate (repeatable; default 10k, 100k, 1M, 5M)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per operation (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=1_000_000,
        help="largest size for the rdflib baseline of load, queries and export",
    )
    parser.add_argument(
        "--pyshacl-max", type=int, default=100_000, help="largest size for the pySHACL baseline"
    )
    parser.add_argument(
        "--hermit-max", type=int, default=20_000, help="largest size for the HermiT baseline"
    )
    parser.add_argument(
        "--ops",
        default=",".join(OPERATION_KINDS),
        help="comma-separated: load, query, shacl, reason, export, query:<name>",
    )
    parser.add_argument(
        "--engines", default="project,baseline", help="comma-separated: project, baseline"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=1800,
        help="seconds (loading included) before an operation's child process is killed",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=240,
        help="stop repeating an operation once its runs took this many seconds",
    )
    parser.add_argument("--query-timeout", type=float, default=300, help="--timeout for each query")
    parser.add_argument("--query-budget", type=float, default=60, help="--budget for each query")
    parser.add_argument("--out-dir", type=Path, default=HERE / "results")
    parser.add_argument("--cache-dir", type=Path, default=HERE / ".cache")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        return worker_main(args.worker)
    settings = Settings(
        runs=args.runs,
        timeout=args.timeout,
        budget=args.budget,
        query_timeout=args.query_timeout,
        query_budget=args.query_budget,
        baseline_max=args.baseline_max,
        pyshacl_max=args.pyshacl_max,
        hermit_max=args.hermit_max,
        engines=tuple(e.strip() for e in args.engines.split(",") if e.strip()),
    )
    operations = wanted_operations([o.strip() for o in args.ops.split(",") if o.strip()])
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    for size in args.size or DEFAULT_SIZES:
        graph = cached_graph(size, args.seed, args.cache_dir)
        log(
            f"size {size:,}: {graph.triples:,} triples, {graph.blocks} jurisdictions, "
            f"{sum(graph.planted.values())} planted violations"
        )
        results = benchmark_size(size, graph, operations, settings)
        path = write_json(args.out_dir, size, graph.triples, results)
        readme = write_readme(args.out_dir)
        log(f"wrote {path} and {readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
