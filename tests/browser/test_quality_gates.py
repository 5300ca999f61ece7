"""Quality gates: WCAG 2.2 A/AA with axe-core, and the W3C Nu HTML checker, with zero findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

from support.quality_gates import AXE, WCAG_TAGS, inject_axe, vnu_errors
from support.site_pages import PAGES


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_wcag_violation(page: Page, base_url: str, name: str) -> None:
    assert AXE.is_file(), "axe-core is missing: run `make test` (npm ci)"
    page.goto(base_url + PAGES[name])
    inject_axe(page)
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
    inject_axe(page)
    rules = page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)")
    assert "image-alt" in rules


def test_nu_validator_finds_no_error(built_site: Path) -> None:
    files = [built_site / path / "index.html" for path in PAGES.values()]
    files += [
        built_site / "404.html",
        built_site / "sdgs/index.html",
        built_site / "data/index.html",
    ]
    errors = vnu_errors(files)
    assert errors == [], json.dumps(errors[:10], indent=2)


def test_nu_validator_catches_a_real_error(tmp_path: Path) -> None:
    """The gate can fail: a duplicate id is an error."""
    broken = tmp_path / "broken.html"
    broken.write_text(
        '<!doctype html><html lang="en"><head><title>x</title></head>'
        '<body><p id="a">1</p><p id="a">2</p></body></html>',
        encoding="utf-8",
    )
    assert vnu_errors([broken])
