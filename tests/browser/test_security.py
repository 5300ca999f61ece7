"""Content-Security-Policy in a real browser: every kind of page runs with no violation."""

from __future__ import annotations

from playwright.sync_api import Page

from support.site_pages import PAGES

MORE_PAGES = {
    "missions": "missions/",
    "SDGs": "sdgs/",
    "board": "about/board/",
    "open data": "data/",
    "schemas": "schemas/",
    "glossary": "guides/glossary/",
    "templates": "guides/templates/",
    "not found": "404.html",
}
"""Page kinds beyond those every browser check visits."""

COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push({directive: e.violatedDirective, blocked: e.blockedURI,
                     sample: e.sample, source: e.sourceFile});
});
"""


def _violations(page: Page) -> list[dict[str, str]]:
    found: list[dict[str, str]] = page.evaluate("window.__csp")
    return found


def test_no_page_kind_reports_a_policy_violation(desktop: Page, base_url: str) -> None:
    desktop.add_init_script(COLLECT_VIOLATIONS)
    console: list[str] = []
    desktop.on("console", lambda message: console.append(message.text))
    for name, path in {**PAGES, **MORE_PAGES}.items():
        desktop.goto(base_url + path)
        desktop.wait_for_load_state("networkidle")
        policy = desktop.locator('meta[http-equiv="Content-Security-Policy"]')
        assert policy.count() == 1, name
        assert "script-src 'self'" in (policy.get_attribute("content") or ""), name
        assert _violations(desktop) == [], name
    # what uses scripts most: search (a worker and its index), the directory's
    # filters and the self-assessment's scoring
    desktop.goto(base_url + "hubs/")
    desktop.locator("#oshub-filter").get_by_label("Country").select_option("gr")
    desktop.keyboard.press("/")
    desktop.keyboard.type("island")
    desktop.wait_for_timeout(800)
    assert _violations(desktop) == []
    desktop.goto(base_url + "guides/self-assessment/")
    desktop.locator("input[type=radio]").first.check()
    desktop.wait_for_timeout(200)
    assert _violations(desktop) == []
    assert not [m for m in console if "Content Security Policy" in m], console


def test_an_injected_inline_script_is_refused(desktop: Page, base_url: str) -> None:
    """The gate can fail: a script that no hash allows is blocked and reported."""
    desktop.add_init_script(COLLECT_VIOLATIONS)
    desktop.goto(base_url + "hubs/lemnos/")
    desktop.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = true'; document.body.append(s); }"
    )
    desktop.wait_for_timeout(100)
    assert desktop.evaluate("window.__ran === undefined")
    assert [v["directive"] for v in _violations(desktop)] == ["script-src-elem"]
