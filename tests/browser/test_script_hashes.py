"""The page guard hashes a trusted script as Chromium does: the script's text as the
HTML parser gives it (references not decoded, ``<!--`` kept, CR LF read as LF)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, Route

from oshub.outputs.safety.pageguard import TrustedScripts, guard_page

ADDRESS = "http://oshub.test/"
SCRIPT = 'window.__ran = ["a &amp; b <!-- c -->", "</b>"].join("|");\nwindow.__also = 1;'


def _open(page: Page, html: str) -> None:
    def serve(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    page.route(ADDRESS, serve)
    page.goto(ADDRESS)


def _guarded(script: str) -> str:
    page = (
        '<!doctype html><html><head><meta charset="utf-8"><title>t</title></head>'
        f"<body><script>{script}</script></body></html>"
    )
    secured, findings = guard_page(page, TrustedScripts((re.compile(re.escape(SCRIPT)),)))
    assert findings == []
    return secured


def test_the_hash_of_a_trusted_script_lets_chromium_run_it(desktop: Page) -> None:
    _open(desktop, _guarded(SCRIPT))
    assert desktop.evaluate("window.__ran") == "a &amp; b <!-- c -->|</b>"
    _open(desktop, _guarded(SCRIPT.replace("\n", "\r\n")))  # hashed as the browser reads it
    assert desktop.evaluate("window.__also") == 1


def test_a_script_that_differs_from_the_hashed_one_does_not_run(desktop: Page) -> None:
    secured = _guarded(SCRIPT).replace("window.__also = 1;", "window.__also = 2;")
    _open(desktop, secured)
    assert desktop.evaluate("window.__ran === undefined")
