"""The live preview's page of problems in a browser: accessible, and it gives way to
the site by itself once the file is fixed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from playwright.sync_api import Browser

from support import copy_repository
from support.quality_gates import AXE, VNU, WCAG_TAGS, inject_axe
from support.served import Served, edit


def test_problem_page_is_accessible_and_reloads_when_fixed(
    browser: Browser, tmp_path: Path
) -> None:
    root = copy_repository(tmp_path / "p")
    hub = root / "hubs" / "lemnos.yaml"
    served = Served(root)
    try:
        served.wait_for("hubs/lemnos/", "Open Science Hub Lemnos")
        edit(hub, 'country: "GR"', "country: Greece")
        served.wait_for("hubs/lemnos/", "waiting for a fix")
        context = browser.new_context(viewport={"width": 375, "height": 900})
        page = context.new_page()
        page.goto(served.url + "hubs/lemnos/")
        assert page.locator("h1").inner_text() == "The preview is waiting for a fix"
        assert "hubs/lemnos.yaml:3:10" in page.locator("main").inner_text()
        inject_axe(page)
        violations = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
            ".violations.map(v => v.id)",
            WCAG_TAGS,
        )
        assert violations == []
        # fixed in the editor: the open page turns into the hub's page, untouched
        edit(hub, "country: Greece", 'country: "GR"')
        page.wait_for_function("document.title.includes('Lemnos')", timeout=60_000, polling=200)
        assert "waiting for a fix" not in page.content()
        context.close()
        # the markup is valid HTML too
        saved = tmp_path / "problems.html"
        edit(hub, 'country: "GR"', "country: Greece")
        saved.write_text(served.wait_for("hubs/lemnos/", "waiting for a fix")[1], "utf-8")
    finally:
        served.stop()
    assert AXE.is_file() and VNU.is_file()
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(saved)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert json.loads(result.stderr or '{"messages": []}')["messages"] == []
