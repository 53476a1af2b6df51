"""Every evidence quote occurs verbatim in its source text (the guard against
invented facts), and the normalisation that makes that comparison is exact."""

from __future__ import annotations

from aigovkg.api import KnowledgeGraph
from aigovkg.quotes import check_quotes
from aigovkg.textnorm import normalise
from tests.conftest import PATHS, need_sources


def test_every_quote_is_verbatim_in_its_source(kg: KnowledgeGraph) -> None:
    folder = need_sources()
    checked, problems = check_quotes(kg.data, folder)
    assert checked >= 500, f"only {checked} quotes checked"
    assert not problems, "\n".join(f"{p.subject}: {p.reason}: {p.quote!r}" for p in problems)


def test_a_changed_word_is_caught(kg: KnowledgeGraph) -> None:
    folder = need_sources()
    data = KnowledgeGraph.load(PATHS.root, inferences="none").data
    from aigovkg.namespaces import AGK

    evidence, quote = next(iter(sorted(data.subject_objects(AGK.quote))))
    data.set((evidence, AGK.quote, type(quote)(str(quote) + " invented")))
    _, problems = check_quotes(data, folder)
    assert any("invented" in p.quote for p in problems)


def test_normalise_strips_markup_but_keeps_words() -> None:
    raw = "<li>• <b>Legal</b> &amp; [AI Seoul Summit](#) in **May**\n 2024 \\$2.4</li>"
    assert normalise(raw) == "• Legal & AI Seoul Summit in May 2024 $2.4"


def test_normalise_joins_a_word_split_by_an_inline_tag() -> None:
    assert (
        normalise("Standardisation Activitie</strong>s: For") == "Standardisation Activities: For"
    )


def test_normalise_keeps_typographic_quotes() -> None:
    assert normalise("“data free flow with trust”") == "“data free flow with trust”"
