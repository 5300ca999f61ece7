"""Every guide page at 375 px: the page never scrolls sideways (a wide table scrolls in
its own frame, the page does not). Printable tools are separate pages and sheets."""

from __future__ import annotations

from playwright.sync_api import Browser

from oshub.routes import page_url
from support import REPO

PHONE = {"width": 375, "height": 800}
GUIDE_PAGES = sorted(
    str(path.relative_to(REPO / "blueprint")) for path in (REPO / "blueprint/guides").glob("*/*.md")
)


def test_no_guide_page_scrolls_sideways_on_a_phone(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    too_wide = {}
    for source in GUIDE_PAGES:
        page.goto(base_url + page_url(source))
        page.wait_for_load_state("load")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            too_wide[source] = overflow
    context.close()
    assert len(GUIDE_PAGES) > 40
    assert too_wide == {}
