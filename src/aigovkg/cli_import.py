"""``aigovkg import``: bring external datasets into the graph as Turtle modules.

One sub-verb per dataset (``aigovkg import agora DIR --out FILE``). The
written module is loaded like any other with ``--data FILE`` (validate,
build, query …). Malformed rows are reported on stderr with their file and
row and skipped; the command still succeeds. Exit codes follow the tool's:
0 written, 2 input error (missing folder or table, required columns absent).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from aigovkg.errors import InputError

if TYPE_CHECKING:
    from aigovkg.agora import Progress, Record


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``import`` verb and its dataset sub-verbs to the tool's subparsers."""
    verb = sub.add_parser(
        "import",
        help="import an external dataset as a Turtle module (aigovkg import agora DIR --out FILE)",
        description="Import an external dataset as a Turtle module to load with --data.",
    )
    datasets = verb.add_subparsers(dest="dataset", metavar="DATASET", required=True)
    agora = datasets.add_parser(
        "agora",
        help="ETO's AGORA archive (AI Governance and Regulatory Archive)",
        description="Map an AGORA release folder (documents.csv, authorities.csv …) onto the "
        "aigovkg ontology and write it as Turtle. Malformed rows are reported on stderr and "
        "skipped. See docs/agora.md.",
        epilog="Exit codes: 0 written, 2 input error (folder or documents.csv missing, "
        "required columns absent).",
    )
    agora.add_argument("folder", type=Path, metavar="DIR", help="the unpacked AGORA release")
    agora.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help="the Turtle file to write"
    )
    agora.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar on stderr (default: only when stderr is a terminal)",
    )
    agora.set_defaults(func=cmd_import_agora)


def _progress_bar(enabled: bool) -> Progress[Record] | None:
    """A tqdm progress bar on stderr around the rows, or None when the bar is off."""
    if not enabled:
        return None
    from tqdm import tqdm

    def wrap(items: Sequence[Record], label: str) -> Iterable[Record]:
        bar = tqdm(items, total=len(items), desc=label, unit="doc", file=sys.stderr)
        return cast("Iterable[Record]", bar)

    return wrap


def _write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder, so a failed run leaves no half file.

    The temporary file is opened as any file is (permissions from the umask),
    not with mkstemp's owner-only mode, which os.replace would keep.
    """
    if not path.parent.is_dir():
        raise InputError(f"cannot write {path}: folder {path.parent} does not exist")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def cmd_import_agora(args: argparse.Namespace) -> int:
    """Import an AGORA release folder; report skipped rows and a summary on stderr."""
    from aigovkg.agora import import_release, known_jurisdictions
    from aigovkg.paths import ProjectPaths, project

    folder: Path = args.folder
    if not folder.is_dir():
        raise InputError(f"AGORA release folder {folder} not found (or not a folder)")
    paths = ProjectPaths(args.root) if getattr(args, "root", None) else project()
    # The file being replaced is not a source of known jurisdictions: were --out inside
    # data/, its old declarations would otherwise stop the new file from making them.
    out = args.out.resolve()
    known = known_jurisdictions(p for p in paths.data_files() if p.resolve() != out)
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    turtle, summary = import_release(folder, known, _progress_bar(show))
    for issue in summary.issues:
        print(f"aigovkg import agora: {issue}", file=sys.stderr)
    _write_atomically(args.out, turtle)
    for line in summary.lines():
        print(f"aigovkg import agora: {line}", file=sys.stderr)
    print(f"aigovkg import agora: written {args.out}", file=sys.stderr)
    return 0
