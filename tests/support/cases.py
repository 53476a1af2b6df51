"""Every named query with its defaults and every parameter case of its expectations file."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import PATHS, glob_at_least

QUERIES = glob_at_least(PATHS.queries, "*.rq", 27)


def parameter_cases(path: Path) -> list[dict[str, str]]:
    """The defaults, and every parameter case of the query's expectations file."""
    cases: list[dict[str, str]] = [{}]
    expectations = path.with_suffix(".yaml")
    if expectations.is_file():
        for case in yaml.safe_load(expectations.read_text(encoding="utf-8"))["cases"]:
            if case.get("params"):
                cases.append({k: str(v) for k, v in case["params"].items()})
    return cases


CASES = [(path.stem, params) for path in QUERIES for params in parameter_cases(path)]
IDS = [f"{name}{params or ''}" for name, params in CASES]
