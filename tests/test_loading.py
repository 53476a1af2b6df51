"""Loading: clear parse errors and content-derived blank-node IRIs."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from aigovkg.errors import ParseError
from aigovkg.loading import parse_file, skolemise, stable_bnodes

DOC = """@prefix ex: <http://example.org/> .
ex:a ex:p [ ex:q "one" ] .
ex:b ex:p [ ex:q "one" ] .
"""


def test_parse_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e\n")
    with pytest.raises(ParseError) as info:
        parse_file(path)
    assert info.value.path == path
    assert info.value.line == 3
    assert f"{path}:3" in str(info.value)


def test_skolemised_iris_are_stable_and_distinct_per_owner() -> None:
    first = skolemise(Graph().parse(data=DOC, format="turtle"))
    second = skolemise(Graph().parse(data=DOC, format="turtle"))
    assert set(first) == set(second)
    objects = {o for o in first.objects() if isinstance(o, URIRef) and "/id/" in str(o)}
    assert len(objects) == 2  # the same description under two owners stays two nodes


def test_stable_bnodes_are_stable() -> None:
    one = stable_bnodes(Graph().parse(data=DOC, format="turtle")).serialize(format="nt")
    two = stable_bnodes(Graph().parse(data=DOC, format="turtle")).serialize(format="nt")
    assert sorted(one.splitlines()) == sorted(two.splitlines())
