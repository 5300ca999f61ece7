"""The offline copy opened from disk (file://) in Chromium, as a school without a
connection would: home, the hub directory, a filter, a hub, a guide, and search."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from support.quality_gates import AXE, WCAG_TAGS, vnu_errors

VERSION = "0.1"
OFFLINE_PAGES = (
    "index.html",
    "hubs/index.html",
    "hubs/country/gr.html",
    "hubs/lemnos.html",
    "guides/facilitation/stakeholders.html",
    "downloads/index.html",
)


@pytest.fixture(scope="module")
def unzipped(offline_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(folder)
    return folder / f"oshub-blueprint-{VERSION}"


@pytest.fixture
def reader(browser: Browser) -> Iterator[tuple[Page, list[str], list[str]]]:
    """A page, every address it requested, and every console error (policy violations too)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page, requests, errors
    ctx.close()


def test_a_reader_walks_the_copy_from_disk(
    reader: tuple[Page, list[str], list[str]], unzipped: Path
) -> None:
    page, requests, errors = reader
    page.goto((unzipped / "index.html").as_uri())
    expect(page.locator(".md-header__topic").first).to_contain_text(
        f"version {VERSION}, offline copy"
    )
    expect(page.locator(".md-version")).to_have_count(0)

    page.locator(".md-nav--primary").get_by_role("link", name="Hubs", exact=True).click()
    page.wait_for_url("**/hubs/index.html")
    expect(page.locator("#oshub-filter")).to_have_count(0)  # no filter that needs a server
    page.get_by_role("link", name="Greece", exact=True).click()
    page.wait_for_url("**/hubs/country/gr.html")
    expect(page.locator(".oshub-card")).to_have_count(1)

    page.locator(".oshub-card h3 a", has_text="Open Science Hub Lemnos").click()
    page.wait_for_url("**/hubs/lemnos.html")
    expect(page.locator("h1")).to_have_text("Open Science Hub Lemnos")

    nav = page.locator(".md-nav--primary")
    nav.get_by_role("link", name="Facilitation", exact=True).click()
    page.wait_for_url("**/guides/facilitation/index.html")
    expect(page.locator("h1")).to_be_visible()
    page.locator("article a[href$='.html']").first.click()
    page.wait_for_url("**/guides/facilitation/*.html")
    expect(page.locator("h1")).to_be_visible()

    page.keyboard.press("/")
    page.keyboard.type("stakeholders")
    result = page.locator(".md-search-result__link").first
    expect(result).to_be_visible(timeout=10_000)
    result.click()
    page.wait_for_url("**/guides/facilitation/stakeholders.html*")
    expect(page.locator("h1")).to_be_visible()

    assert [url for url in requests if not url.startswith("file://")] == []
    assert errors == []


def test_search_finds_a_hub_from_disk(
    reader: tuple[Page, list[str], list[str]], unzipped: Path
) -> None:
    page, _, errors = reader
    page.goto((unzipped / "guides" / "index.html").as_uri())
    page.keyboard.press("/")
    page.keyboard.type("Lemnos")
    expect(page.locator(".md-search-result")).to_contain_text(
        "Open Science Hub Lemnos", timeout=10_000
    )
    page.locator(".md-search-result__link", has_text="Open Science Hub Lemnos").first.click()
    page.wait_for_url("**/hubs/lemnos.html")
    assert errors == []


def test_the_online_directory_opened_from_disk_keeps_its_filter_pages(
    reader: tuple[Page, list[str], list[str]], built_site: Path
) -> None:
    page, _, _ = reader
    page.goto((built_site / "hubs" / "index.html").as_uri())
    expect(page.locator(".oshub-card")).to_have_count(8)
    page.wait_for_load_state("load")
    expect(page.locator("#oshub-filter")).to_be_hidden()  # its index cannot be read from disk
    expect(page.get_by_role("link", name="Greece", exact=True)).to_be_visible()


def test_the_copy_passes_the_quality_gates_from_disk(page: Page, unzipped: Path) -> None:
    """axe-core (at both widths) and the Nu validator on the offline copy's pages: the
    version in the header and the directory without its form change what they check."""
    for path in OFFLINE_PAGES:
        page.goto((unzipped / path).as_uri())
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate(
            """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
                .violations.map(v => ({rule: v.id,
                  nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""",
            WCAG_TAGS,
        )
        assert violations == [], (path, json.dumps(violations, indent=2))
    errors = vnu_errors([unzipped / path for path in OFFLINE_PAGES])
    assert errors == [], json.dumps(errors[:10], indent=2)
