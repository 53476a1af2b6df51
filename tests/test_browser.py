"""The query page and an entity page in Debian's headless Chromium, driven by Playwright.

Playwright's own browser download is not used (the machine has no internet);
it drives the system's /usr/bin/chromium. Screenshots are kept in the test's
output folder (pytest's tmp_path, printed on the terminal).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from aigovkg.api import KnowledgeGraph
from tests.support.served import Served

pytestmark = pytest.mark.browser

#: Flags for a sandbox-less, offline machine: without the background-networking ones
#: Chromium keeps trying to reach Google's services and fails noisily.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.fail("chromium is not installed; `make test` installs Debian's chromium")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


def test_query_page_runs_a_competency_query(
    browser: object, served: Served, kg: KnowledgeGraph, tmp_path: Path
) -> None:
    expected = kg.query("cq07-mutual-recognition")
    page = browser.new_page()  # type: ignore[attr-defined]
    requests_outside: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith(served.base) else requests_outside.append(r.url),
    )
    page.goto(f"{served.base}/query")
    page.wait_for_selector("body[data-ready=true]")
    page.select_option("#named", "cq07-mutual-recognition")
    assert "PREFIX agk:" in page.input_value("#editor")
    page.click("#run")
    page.wait_for_selector(".result-row")
    rows = page.locator(".result-row")
    assert rows.count() == len(expected) > 0
    headers = page.locator("#result-table th").all_inner_texts()
    assert headers == expected.columns
    shown = set(page.locator("#result-table a").all_inner_texts())
    assert "agkd:link-gb-adequacy-kr" in shown
    shot = tmp_path / "query-page.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")
    assert shot.stat().st_size > 10_000
    # a bad query shows the parser's message instead of rows
    page.fill("#editor", "SELECT ?s WHERE { ?s ?p")
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])")
    assert "syntax error" in page.inner_text("#error")
    assert requests_outside == []
    page.close()


def test_entity_page_and_click_through(browser: object, served: Served, tmp_path: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{served.base}/id/gb-pas-1883")
    assert page.inner_text("h1") == "PAS 1883:2025"
    assert "with PAS 1883:2025 guiding local implementation" in page.inner_text("#evidence")
    page.screenshot(path=str(tmp_path / "entity-page.png"), full_page=True)
    page.click("#outgoing a[href='/id/gb']")
    page.wait_for_url(f"{served.base}/id/gb")
    assert page.inner_text("h1") == "United Kingdom"
    page.close()
