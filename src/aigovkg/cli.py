"""Temporary minimal CLI (replaced below)."""
from __future__ import annotations
import sys
from rdflib import Graph
from aigovkg.paths import project
from aigovkg.quotes import check_quotes

def main(argv: list[str] | None = None) -> int:
    p = project()
    g = Graph()
    for f in p.data_files():
        g.parse(f)
    n, problems = check_quotes(g, p.sources)
    for q in problems:
        print(f"{q.subject}: {q.reason}: {q.quote!r}")
    print(f"{n} quotes checked, {len(problems)} not found")
    return 1 if problems else 0
