"""The quality gates' tools: axe-core (WCAG) in a page, the W3C Nu HTML checker on files."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from playwright.sync_api import Page

from support import REPO

NODE_MODULES = REPO / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def inject_axe(page: Page) -> None:
    """axe-core into the page through the DevTools protocol: the page's own
    Content-Security-Policy (rightly) refuses an inline script tag."""
    page.evaluate(AXE.read_text(encoding="utf-8"))


def vnu_errors(files: list[Path]) -> list[dict[str, object]]:
    """The errors the Nu HTML checker finds in ``files`` (HTML files)."""
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
