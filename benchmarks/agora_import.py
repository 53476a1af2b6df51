"""Time ``aigovkg import agora`` on a synthetic AGORA release of realistic size.

The real release has about 1000 documents with about 77 boolean taxonomy
columns. This script writes such a release (documents.csv, authorities.csv,
collections.csv, segments.csv) into a temporary folder, then times the import
the way the CLI runs it (``aigovkg.cli_import.cmd_import_agora``: read data/'s
jurisdictions, map, write Turtle), and separately how long rdflib takes to
parse the result back. It is a measurement, not a test: nothing asserts on time.

    .venv/bin/python benchmarks/agora_import.py [--rows 1000] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

PREFIX_SIZES = {
    "Applications": 20,
    "Harms": 12,
    "Incentives": 8,
    "Risk factors": 12,
    "Strategies": 25,
}

AUTHORITIES = [
    ("European Union", "Other countries", ""),
    ("UK Parliament", "Other countries", ""),
    ("People's Republic of China", "Other countries", ""),
    ("Cyberspace Administration of China", "Other countries", "People's Republic of China"),
    ("Government of Canada", "Other countries", ""),
    ("Government of Japan", "Other countries", ""),
    ("Government of Brazil", "Other countries", ""),
    ("Organisation for Economic Co-operation and Development", "Other countries", ""),
    ("Congress", "United States", ""),
    ("Executive Office of the President", "United States", ""),
    ("Department of Commerce", "United States", ""),
    ("National Institute of Standards and Technology", "United States", "Department of Commerce"),
    ("California State Legislature", "California", ""),
    ("New York State Legislature", "New York", ""),
    ("Texas Legislature", "Texas", ""),
    ("Colorado General Assembly", "Colorado", ""),
]
ACTIVITIES = ["Enacted", "Proposed", "Introduced", "Defunct", "Vetoed", "Issued", "Effective"]
KINDS = ["Act", "Executive Order", "Guidelines", "Framework", "Strategy", "Measures", "Report"]


def taxonomy_columns() -> list[str]:
    """77 columns, a few nested one level deeper as AGORA's are."""
    columns = []
    for prefix, size in PREFIX_SIZES.items():
        for i in range(size):
            if prefix == "Strategies" and i % 5 == 4:
                columns.append(f"{prefix}: Group {i // 5}: Detail {i}")
            else:
                columns.append(f"{prefix}: Term {i}")
    return columns


def write_release(folder: Path, rows: int, seed: int = 7) -> None:
    """Write a release of ``rows`` documents with AGORA's columns in folder."""
    rng = random.Random(seed)
    taxonomy = taxonomy_columns()
    header = [
        "AGORA ID",
        "Official name",
        "Casual name",
        "Link to document",
        "Authority",
        "Collections",
        "Most recent activity",
        "Most recent activity date",
        "Proposed date",
        "Primarily applies to the government",
        "Primarily applies to the private sector",
        "Short summary",
        "Tags",
        *taxonomy,
    ]
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    for n in range(1, rows + 1):
        kind = rng.choice(KINDS)
        name = (
            f"Artificial Intelligence {kind} No. {n}"
            if kind != "Executive Order"
            else f"Executive Order {14000 + n}: On AI"
        )
        day = f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        summary = (
            f"Document {n} sets rules for AI systems, with duties for developers. "
            'It covers "high-risk" uses, testing and transparency; see the annex.'
        )
        writer.writerow(
            [
                str(n),
                name,
                f"AI {kind} {n}" if n % 3 else "",
                f"https://example.org/agora/{n}",
                rng.choice(AUTHORITIES)[0],
                "Synthetic collection",
                rng.choice(ACTIVITIES),
                day,
                day if n % 2 else "",
                rng.choice(["True", "False"]),
                rng.choice(["True", "False"]),
                summary,
                "synthetic; benchmark",
                *(rng.choice(["True", "False", "False", "False", "1", "0", ""]) for _ in taxonomy),
            ]
        )
    (folder / "documents.csv").write_text("\ufeff" + buf.getvalue(), encoding="utf-8")
    buf = io.StringIO()
    csv.writer(buf).writerows([["Name", "Jurisdiction", "Parent authority"], *AUTHORITIES])
    (folder / "authorities.csv").write_text(buf.getvalue(), encoding="utf-8")
    (folder / "collections.csv").write_text("Name,Description\nSynthetic collection,x\n")
    (folder / "segments.csv").write_text("Document AGORA ID,Segment position,Text\n1,1,x\n")


def time_import(folder: Path, out: Path) -> float:
    """One import as the CLI runs it (argparse aside), its stderr silenced."""
    from aigovkg.cli_import import cmd_import_agora

    args = argparse.Namespace(folder=folder, out=out, progress=False, root=None)
    start = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()):
        cmd_import_agora(args)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the release and output here")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        folder = base / "release"
        folder.mkdir(parents=True, exist_ok=True)
        write_release(folder, args.rows)
        out = base / "agora.ttl"
        times = [time_import(folder, out) for _ in range(args.repeat)]

        from rdflib import Graph

        start = time.perf_counter()
        triples = len(Graph().parse(out, format="turtle"))
        parse_time = time.perf_counter() - start
        columns = len(taxonomy_columns())
        print(f"release: {args.rows} documents x {columns} taxonomy columns")
        print(
            f"import (median of {args.repeat}): {statistics.median(times):.2f} s "
            f"(runs: {', '.join(f'{t:.2f}' for t in times)})"
        )
        print(f"output: {out.stat().st_size / 1e6:.1f} MB, {triples} triples")
        print(f"rdflib parse of the output: {parse_time:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
