"""Shared fixtures. Inputs are discovered by glob, and every glob asserts a
minimum count so that a broken pattern cannot silently collect nothing."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from aigovkg.api import KnowledgeGraph
from aigovkg.paths import ProjectPaths
from tests.support.served import Served, serving

ROOT = Path(__file__).resolve().parents[1]
PATHS = ProjectPaths(ROOT)
FIXTURES = ROOT / "tests" / "fixtures"


def sources_dir() -> Path:
    """The source texts: $AIGOVKG_SOURCES or ../shared/sources beside the checkout."""
    return PATHS.sources


def need_sources() -> Path:
    folder = sources_dir()
    if not folder.is_dir():
        pytest.skip(
            f"source texts not found at {folder}; set AIGOVKG_SOURCES to the folder "
            "holding the five source documents to run this check"
        )
    return folder


def glob_at_least(folder: Path, pattern: str, minimum: int) -> list[Path]:
    found = sorted(folder.glob(pattern))
    assert len(found) >= minimum, (
        f"expected at least {minimum} {pattern} in {folder}, found {len(found)}"
    )
    return found


@pytest.fixture(scope="session")
def paths() -> ProjectPaths:
    return PATHS


@pytest.fixture(scope="session")
def kg() -> KnowledgeGraph:
    """The project graph, reasoned with HermiT once for the whole session."""
    graph = KnowledgeGraph.load(ROOT, inferences="none")
    result = graph.reason()
    assert result.consistent, result.explanation
    return graph


@pytest.fixture()
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's inputs in tmp_path, so tests never write into the tree."""
    for name in ("ontology", "data", "shapes", "queries", "VERSION"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, tmp_path / name)
        else:
            shutil.copy2(src, tmp_path / name)
    return tmp_path


def _cli_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = dict(os.environ)
    env["AIGOVKG_CACHE"] = str(tmp_path_factory.getbasetemp() / "cache")
    env["AIGOVKG_SOURCES"] = str(sources_dir())
    env.pop("AIGOVKG_ROOT", None)
    return env


@pytest.fixture()
def cli_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _cli_env(tmp_path_factory)


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`aigovkg serve` on a free loopback port for the whole session."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with serving(_cli_env(tmp_path_factory), log, "--timeout", "20", "--max-rows", "20000") as s:
        yield s
