"""Quality gates: WCAG 2.2 A/AA with axe-core, and the W3C Nu HTML checker, with zero findings."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page

from site_pages import PAGES
from support import REPO

NODE_MODULES = REPO / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _inject_axe(page: Page) -> None:
    """axe-core into the page through the DevTools protocol: the page's own
    Content-Security-Policy (rightly) refuses an inline script tag."""
    page.evaluate(AXE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_wcag_violation(page: Page, base_url: str, name: str) -> None:
    assert AXE.is_file(), "axe-core is missing: run `make test` (npm ci)"
    page.goto(base_url + PAGES[name])
    _inject_axe(page)
    violations = page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
            .violations.map(v => ({rule: v.id, help: v.help,
              nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""",
        WCAG_TAGS,
    )
    assert violations == [], json.dumps(violations, indent=2)


def test_axe_catches_a_real_violation(page: Page, base_url: str) -> None:
    """The gate can fail: an image without a text alternative is reported."""
    page.goto(base_url)
    page.evaluate(
        "document.querySelector('article').insertAdjacentHTML('beforeend', '<img src=x.png>')"
    )
    _inject_axe(page)
    rules = page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)")
    assert "image-alt" in rules


def _vnu(files: list[Path]) -> list[dict[str, object]]:
    java = shutil.which("java")
    assert java, "Java is missing: run `make test`"
    assert VNU.is_file(), "vnu-jar is missing: run `make test` (npm ci)"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages: list[dict[str, object]] = json.loads(result.stderr or result.stdout)["messages"]
    return [m for m in messages if m.get("type") == "error"]


def test_nu_validator_finds_no_error(built_site: Path) -> None:
    files = [built_site / path / "index.html" for path in PAGES.values()]
    files += [
        built_site / "404.html",
        built_site / "sdgs/index.html",
        built_site / "data/index.html",
    ]
    errors = _vnu(files)
    assert errors == [], json.dumps(errors[:10], indent=2)


def test_nu_validator_catches_a_real_error(tmp_path: Path) -> None:
    """The gate can fail: a duplicate id is an error."""
    broken = tmp_path / "broken.html"
    broken.write_text(
        '<!doctype html><html lang="en"><head><title>x</title></head>'
        '<body><p id="a">1</p><p id="a">2</p></body></html>',
        encoding="utf-8",
    )
    assert _vnu([broken])
