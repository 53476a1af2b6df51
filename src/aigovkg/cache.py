"""A cache of HermiT's inferences, keyed by the content of the inputs.

Reasoning takes seconds; a query should not. ``aigovkg query`` reuses the
inferences of the last build or reasoning run over exactly the same
ontology and data files (the key is a hash of their bytes), and reasons
afresh when anything changed.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph


def cache_dir() -> Path:
    env = os.environ.get("AIGOVKG_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aigovkg"


def inputs_digest(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def load_inferred(digest: str) -> Graph | None:
    path = cache_dir() / f"inferred-{digest}.nt"
    if not path.is_file():
        return None
    return Graph().parse(path, format="nt")


def store_inferred(digest: str, graph: Graph) -> None:
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".inferred-{digest}.{os.getpid()}.tmp"
        tmp.write_text(graph.serialize(format="nt"), encoding="utf-8")
        tmp.replace(folder / f"inferred-{digest}.nt")
    except OSError:
        pass  # a cache that cannot be written only costs time
