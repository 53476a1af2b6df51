"""Where the project's inputs live.

The package runs from a checkout (editable install, the normal case for
researchers extending the graph) or from anywhere with AIGOVKG_ROOT pointing
at a checkout. Source texts default to ../shared/sources beside the checkout,
as in CI, and can be moved with AIGOVKG_SOURCES.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _find_root() -> Path:
    env = os.environ.get("AIGOVKG_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "ontology").is_dir() and (parent / "data").is_dir():
            return parent
    cwd = Path.cwd()
    if (cwd / "ontology").is_dir():
        return cwd
    raise FileNotFoundError(
        "cannot find the aigovkg project folder (with ontology/ and data/); "
        "set AIGOVKG_ROOT to a checkout"
    )


@dataclass(frozen=True)
class ProjectPaths:
    """The folders of one checkout."""

    root: Path

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def shapes(self) -> Path:
        return self.root / "shapes"

    @property
    def queries(self) -> Path:
        return self.root / "queries"

    @property
    def dist(self) -> Path:
        return self.root / "dist"

    @property
    def sources(self) -> Path:
        env = os.environ.get("AIGOVKG_SOURCES")
        if env:
            return Path(env).resolve()
        return (self.root.parent / "shared" / "sources").resolve()

    def ontology_files(self) -> list[Path]:
        return sorted(self.ontology.glob("*.ttl"))

    def data_files(self) -> list[Path]:
        return sorted(self.data.rglob("*.ttl"))

    def shape_files(self) -> list[Path]:
        return sorted(self.shapes.glob("*.ttl"))


def project() -> ProjectPaths:
    """The paths of the checkout this process works on."""
    return ProjectPaths(_find_root())
