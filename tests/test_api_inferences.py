"""How KnowledgeGraph.load gets its inferences: rules when no HermiT result is cached."""

from __future__ import annotations

from pathlib import Path

import pytest

from aigovkg.api import KnowledgeGraph
from tests.conftest import ROOT


def test_rules_route_answers_like_hermit(kg: KnowledgeGraph) -> None:
    by_rules = KnowledgeGraph.load(ROOT, inferences="rules")
    assert len(by_rules.inferred) > 0
    for name in ("cq06-interoperability-instruments", "cq07-mutual-recognition", "cq14-crosswalks"):
        assert sorted(map(str, by_rules.query(name).canonical().rows)) == sorted(
            map(str, kg.query(name).canonical().rows)
        ), name


def test_auto_uses_rules(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AIGOVKG_CACHE", str(tmp_path / "empty-cache"))
    auto = KnowledgeGraph.load(ROOT, inferences="auto")
    assert sorted(auto.inferred) == sorted(KnowledgeGraph.load(ROOT, inferences="rules").inferred)
    none = KnowledgeGraph.load(ROOT, inferences="none")
    assert len(auto.inferred) > 0
    # MutualRecognitionLink is a defined class: only inference puts links in it
    assert len(auto.query("cq07-mutual-recognition")) > len(none.query("cq07-mutual-recognition"))


def test_unknown_inference_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="inferences must be"):
        KnowledgeGraph.load(ROOT, inferences="guess")
