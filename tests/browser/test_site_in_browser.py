"""What a reader does in a real browser: filter, follow the map, search, use the keyboard."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from support.site_pages import PAGES


def test_no_request_leaves_the_local_server(page: Page, base_url: str) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    for path in PAGES.values():
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    page.keyboard.press("/")  # search loads its index: still from the same server
    page.keyboard.type("island")
    page.wait_for_timeout(500)
    assert hosts == {urlsplit(base_url).netloc}


def test_pages_fit_the_screen(page: Page, base_url: str) -> None:
    for name, path in PAGES.items():
        page.goto(base_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"


def test_filters_without_javascript(no_script: Page, base_url: str) -> None:
    no_script.goto(base_url + "hubs/")
    expect(no_script.locator("#oshub-filter")).to_be_hidden()
    expect(no_script.locator(".oshub-card")).to_have_count(8)
    no_script.get_by_role("link", name="Greece", exact=True).click()
    assert no_script.url.endswith("/hubs/country/gr/")
    expect(no_script.locator(".oshub-card")).to_have_count(1)
    expect(no_script.locator(".oshub-card h3")).to_have_text("Open Science Hub Lemnos")
    no_script.goto(base_url + "hubs/")
    no_script.locator("summary", has_text="By barrier").click()
    no_script.get_by_role("link", name="Geographic", exact=True).click()
    expect(no_script.locator(".oshub-card")).to_have_count(2)


def test_combined_filters_with_javascript(desktop: Page, base_url: str) -> None:
    desktop.goto(base_url + "hubs/")
    form = desktop.locator("#oshub-filter")
    expect(form).to_be_visible()
    form.get_by_label("Country").select_option("gr")
    expect(desktop.locator("#oshub-count")).to_have_text("1 hub matches.")
    expect(desktop.locator("#oshub-results .oshub-card h3")).to_have_text("Open Science Hub Lemnos")
    form.get_by_label("Goal").select_option("14")
    expect(desktop.locator("#oshub-count")).to_have_text("1 hub matches.")
    form.get_by_label("Country").select_option("ie")  # Dublin names no goals
    expect(desktop.locator("#oshub-count")).to_have_text("0 hubs match.")
    form.get_by_role("button", name="Clear").click()
    expect(desktop.locator("#oshub-results .oshub-card")).to_have_count(8)
    form.get_by_label("Name or place").fill("dubl")
    expect(desktop.locator("#oshub-results .oshub-card h3")).to_have_text("Open Science Hub Dublin")
    results = desktop.locator("#oshub-results .oshub-card")
    expect(results).to_contain_text("Focus goals not recorded")
    form.get_by_label("Name or place").fill("")
    form.get_by_label("Barrier").select_option("geographic")
    form.get_by_label("Language").select_option("pt")
    expect(desktop.locator("#oshub-results .oshub-card h3")).to_have_text(
        "Open Science Hub Figueira de Castelo Rodrigo"
    )
    desktop.locator("#oshub-results .oshub-card a").first.click()
    assert desktop.url.endswith("/hubs/figueira-de-castelo-rodrigo/")


def test_map_pins_are_named_links(desktop: Page, base_url: str) -> None:
    desktop.goto(base_url + "hubs/")
    pins = desktop.locator("svg.oshub-map__svg a")
    expect(pins).to_have_count(8)
    desktop.get_by_role(
        "link", name="Open Science Hub Lemnos (Lemnos, Greece, approximate location)"
    ).click()
    assert desktop.url.endswith("/hubs/lemnos/")
    expect(desktop.locator("svg.oshub-locator__svg a")).to_have_count(1)


def test_search_finds_a_hub(desktop: Page, base_url: str) -> None:
    requests: list[str] = []
    desktop.on("request", lambda request: requests.append(request.url))
    desktop.goto(base_url)
    desktop.wait_for_load_state("networkidle")
    assert not any("search_index" in url for url in requests), "index loaded before search"
    desktop.keyboard.press("/")
    desktop.keyboard.type("Lemnos")
    result = desktop.locator(".md-search-result__link").first
    expect(result).to_be_visible(timeout=10_000)
    expect(desktop.locator(".md-search-result")).to_contain_text("Open Science Hub Lemnos")
    assert any("search_index" in url for url in requests)


def test_keyboard_only(desktop: Page, base_url: str) -> None:
    desktop.goto(base_url + "hubs/lemnos/")
    desktop.keyboard.press("Tab")
    skip = desktop.evaluate("document.activeElement.textContent.trim()")
    assert skip == "Skip to content"
    desktop.keyboard.press("Enter")
    desktop.goto(base_url + "hubs/")
    reached: list[str] = []
    for _ in range(120):
        desktop.keyboard.press("Tab")
        label = desktop.evaluate(
            "(() => { const e = document.activeElement;"
            " return (e.getAttribute('aria-label') || e.textContent || '').trim(); })()"
        )
        reached.append(label)
        if label.startswith("Open Science Hub Dublin (Dublin"):
            break
    assert any(label.startswith("Open Science Hub Dublin (Dublin") for label in reached), reached
    desktop.keyboard.press("Enter")
    desktop.wait_for_url("**/hubs/dublin/")


@pytest.mark.parametrize("name", list(PAGES))
def test_readable_without_javascript(no_script: Page, base_url: str, name: str) -> None:
    no_script.goto(base_url + PAGES[name])
    expect(no_script.locator("h1")).to_be_visible()
    assert len(no_script.locator("article.md-content__inner").inner_text()) > 200


def test_self_assessment_scores_in_the_browser(desktop: Page, base_url: str) -> None:
    requests: list[str] = []
    desktop.goto(base_url + "guides/self-assessment/")
    desktop.on(
        "request",
        lambda request: (
            requests.append(request.url)
            if request.resource_type in ("xhr", "fetch", "document", "other", "ping")
            and not request.url.endswith("favicon.png")
            else None
        ),
    )
    form = desktop.locator("#oshub-self-assessment")
    # community: strong everywhere; sustainability: nothing yet
    for name in ("stakeholder-map", "partners-engaged", "co-creation"):
        form.locator(f'input[name="{name}"][value="3"]').check()
    for name in ("canvas", "budget", "beyond-grant"):
        form.locator(f'input[name="{name}"][value="0"]').check()
    desktop.get_by_role("button", name="Show my results").click()
    results = desktop.locator("#oshub-results-list li")
    expect(results.first).to_contain_text("Business plan and sustainability: 0%")
    expect(results.first.get_by_role("link")).to_have_attribute(
        "href", "../../guides/business-plans/"
    )
    expect(desktop.locator("#oshub-results-list")).to_contain_text("Community and partners: 100%")
    assert requests == [], "the answers must not leave the page"
    desktop.get_by_role("button", name="Start again").click()
    expect(desktop.locator("#oshub-results")).to_be_hidden()


def test_self_assessment_prints_without_javascript(no_script: Page, base_url: str) -> None:
    no_script.goto(base_url + "guides/self-assessment/")
    expect(no_script.locator(".oshub-assessment__actions")).to_be_hidden()
    expect(no_script.locator('input[type="radio"]').first).to_be_visible()
