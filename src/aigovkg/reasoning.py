"""OWL 2 reasoning with HermiT, run through owlready2.

HermiT checks that ontology plus data are consistent and materialises what
the axioms entail (defined classes such as LegallyBindingInstrument, the
link dimension from its property chain, inverse properties). Two things are
stripped before the graph reaches owlready2, neither of which takes part in
the reasoning: owl:imports (every module is already merged, and owlready2
would otherwise fetch them over the network) and literals whose datatype is
outside the OWL 2 datatype map (xsd:date, xsd:gYear, xsd:gYearMonth), which
HermiT rejects.

HermiT is a short Java run, so the JVM is told to skip its optimising
compiler and use the serial collector (:data:`JVM_OPTIONS`): the same
answers for about half the CPU, which matters when the build runs it
beside its own work (:func:`reason_in_background`).
"""

from __future__ import annotations

import io
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from aigovkg.errors import AigovkgError
from aigovkg.namespaces import bind_prefixes

UNSUPPORTED_DATATYPES = {XSD.date, XSD.gYear, XSD.gYearMonth, XSD.gMonth, XSD.gDay}

#: Added to the java command HermiT runs in (through JDK_JAVA_OPTIONS, in its
#: environment only): C1 compiles a run of a few seconds well enough, and
#: C2's compiler threads and the parallel collector cost more than they save.
JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")

_JAVA = threading.Lock()  # owlready2 keeps the subprocess options in one module global


class ReasonerUnavailable(AigovkgError):
    """Java or owlready2 is missing: reasoning cannot run."""

    exit_code = 2


@dataclass
class ReasoningResult:
    """What the reasoner found."""

    consistent: bool
    inferred: Graph
    explanation: str = ""


def reasoner_input(graph: Graph) -> Graph:
    """The part of the graph HermiT gets: no imports, OWL 2 datatypes only."""
    out = Graph()
    for s, p, o in graph:
        if p == OWL.imports:
            continue
        if isinstance(o, Literal) and o.datatype in UNSUPPORTED_DATATYPES:
            continue
        out.add((s, p, o))
    return out


def _check_java() -> None:
    if shutil.which("java") is None:
        raise ReasonerUnavailable(
            "HermiT needs Java, and no `java` is on PATH; `make run` installs it "
            "(Debian package default-jre-headless)"
        )


def reason(graph: Graph) -> ReasoningResult:
    """Run HermiT on ontology plus data; return consistency and the new triples."""
    _check_java()
    try:
        import owlready2
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise ReasonerUnavailable(f"owlready2 is not installed: {exc}") from None

    payload = reasoner_input(graph).serialize(format="nt", encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="aigovkg-owl-") as tmp:
        world = owlready2.World(filename=str(Path(tmp) / "quadstore.sqlite3"))
        onto = world.get_ontology("https://w3id.org/aigovkg/reasoning-input/")
        onto.load(fileobj=io.BytesIO(payload), format="ntriples")
        before = _world_triples(world)
        try:
            with onto, _java_options(JVM_OPTIONS):
                owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            world.close()
            return ReasoningResult(False, Graph(), _explain(exc))
        after = _world_triples(world)
        world.close()
    inferred = bind_prefixes(Graph())
    for triple in after - before:
        if _keep(triple):
            inferred.add(triple)
    return ReasoningResult(True, inferred)


class BackgroundReasoning:
    """:func:`reason` running beside the caller; :meth:`result` waits for it.

    Where the platform can fork, HermiT runs in a forked child process: the
    owlready2 work around the Java run (a second of Python) then takes
    nothing from the caller's interpreter, and the caller keeps a single
    thread, so it may fork again itself. Elsewhere it runs in a thread,
    which also works beside the caller, since Java runs in a subprocess
    and the thread waits for it without the GIL. Either way the graph is
    taken as it is now: the caller may go on changing it.

    ``graph`` may be a function that makes the graph: a forked child then
    makes it itself, and HermiT starts without waiting for the caller to.
    """

    def __init__(self, graph: Graph | Callable[[], Graph]) -> None:
        self._result: ReasoningResult | None = None
        self._error: BaseException | None = None
        self._process: Any = None
        self._receiver: Any = None
        self._thread: threading.Thread | None = None
        if "fork" in multiprocessing.get_all_start_methods():
            self._fork(graph)
        else:
            snapshot = Graph()
            for triple in graph() if callable(graph) else graph:
                snapshot.add(triple)
            self._thread = threading.Thread(
                target=self._run, args=(snapshot,), name="hermit", daemon=True
            )
            self._thread.start()

    def _fork(self, graph: Graph | Callable[[], Graph]) -> None:
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # else the child could write the parent's buffered output again
        self._process = context.Process(
            target=_reason_into, args=(graph, sender), name="hermit", daemon=True
        )
        self._process.start()
        sender.close()

    def _run(self, graph: Graph) -> None:
        try:
            self._result = reason(graph)
        except BaseException as exc:  # handed to the caller by result()
            self._error = exc

    def result(self) -> ReasoningResult:
        """Wait for HermiT; its result, or the exception reasoning raised.

        The thread or process has ended when this returns.
        """
        if self._process is not None:
            self._collect()
        elif self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result

    def running(self) -> bool:
        """Whether HermiT is still at work (False once its result is there to collect)."""
        if self._process is not None:
            return not self._receiver.poll()
        return self._thread is not None and self._thread.is_alive()

    def cancel(self) -> None:
        """Stop a forked HermiT that is no longer wanted (a no-op once its result is in).

        Java, its child, is left to finish on its own: it only writes to the
        pipe of the process stopped here.
        """
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()
            self._receiver.close()
            self._process = None

    def _collect(self) -> None:
        try:
            message = self._receiver.recv()
        except EOFError:
            message = None
        self._process.join()
        self._receiver.close()
        code, self._process = self._process.exitcode, None
        if message is None:
            self._error = RuntimeError(f"HermiT's process ended without a result (exit {code})")
        elif message[0] == "error":
            self._error = message[1]
        else:
            _, consistent, explanation, triples = message
            inferred = bind_prefixes(Graph())
            for triple in triples:
                inferred.add(triple)
            self._result = ReasoningResult(consistent, inferred, explanation)


def _reason_into(graph: Graph | Callable[[], Graph], sender: Any) -> None:
    """In the forked child: reason, and send the result (or the exception) to the parent."""
    try:
        result = reason(graph() if callable(graph) else graph)
        sender.send(("ok", result.consistent, result.explanation, list(result.inferred)))
    except BaseException as exc:
        try:
            sender.send(("error", exc))
        except Exception:  # noqa: BLE001 - an exception that does not pickle
            sender.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        sender.close()


def reason_in_background(graph: Graph | Callable[[], Graph]) -> BackgroundReasoning:
    """Start HermiT on graph beside the caller (see :class:`BackgroundReasoning`)."""
    return BackgroundReasoning(graph)


@contextmanager
def _java_options(options: tuple[str, ...]) -> Iterator[None]:
    """Give owlready2's java subprocess these JVM options, in its environment only.

    The process environment is left alone (changing it while other threads
    run is unsafe); owlready2 passes its module's ``_subprocess_kargs`` to
    subprocess, so an ``env`` there reaches java alone. Should a later
    owlready2 drop that global, java simply runs without the options.
    """
    import owlready2.reasoning as hermit

    kwargs: Any = getattr(hermit, "_subprocess_kargs", None)
    if not isinstance(kwargs, dict) or not options:
        yield
        return
    with _JAVA:
        missing = "env" not in kwargs
        saved = kwargs.get("env")
        env = dict(saved if saved is not None else os.environ)
        env["JDK_JAVA_OPTIONS"] = " ".join(
            part for part in (env.get("JDK_JAVA_OPTIONS", ""), *options) if part
        )
        kwargs["env"] = env
        try:
            yield
        finally:
            if missing:
                del kwargs["env"]
            else:
                kwargs["env"] = saved


def _world_triples(world: object) -> set[tuple[URIRef, URIRef, URIRef | Literal]]:
    graph = world.as_rdflib_graph()  # type: ignore[attr-defined]
    return {
        (s, p, o)
        for s, p, o in graph.triples((None, None, None))
        if not isinstance(s, BNode) and not isinstance(o, BNode)
    }


def _keep(triple: tuple[URIRef, URIRef, URIRef | Literal]) -> bool:
    """Drop reasoner bookkeeping that says nothing new to a user."""
    s, p, o = triple
    if str(s).startswith("http://inferrences") or str(o).startswith("http://inferrences"):
        return False
    if p == RDF.type and o in (OWL.Thing, OWL.NamedIndividual, OWL.Ontology):
        return False
    if p in (RDFS.subClassOf, OWL.equivalentClass) and o == OWL.Thing:
        return False
    return not (p == RDFS.subClassOf and s == o)


def _explain(exc: Exception) -> str:
    text = str(exc).strip()
    return text or "HermiT found the ontology and data inconsistent"
