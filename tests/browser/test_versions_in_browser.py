"""Two released versions served from the published branch, read in Chromium: the
theme's version selector keeps the reader on the same page, an older version's banner
leads to the same page of the newest, and without JavaScript the banner, the list of
versions and the alias redirect still work."""

from __future__ import annotations

import functools
import http.server
import socketserver
import subprocess
import tarfile
import threading
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from support.quality_gates import WCAG_TAGS, inject_axe, vnu_errors
from support.releasing import commit_all, oshub, run, scratch_project, set_version


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def branch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The gh-pages branch after releasing 0.1 and then 0.2 (alias latest), as files."""
    base = tmp_path_factory.mktemp("versions")
    root = scratch_project(base / "project")
    for version in ("0.1", "0.2"):
        set_version(root, version)
        commit_all(root, f"Blueprint {version}")
        result = oshub(root, "release", version, "--alias", "latest", "--no-offline")
        assert result.returncode == 0, result.stderr
    archive = subprocess.run(
        ["git", "archive", "gh-pages"], cwd=root, capture_output=True, check=True
    ).stdout
    assert run(root, "git", "status", "--porcelain").stdout == ""
    served = base / "gh-pages"
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(served, filter="data")
    return served


@pytest.fixture(scope="module")
def published(branch: Path) -> Iterator[str]:
    """The branch served on loopback."""
    handler = functools.partial(_Quiet, directory=str(branch))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{server.server_address[1]}/"
        server.shutdown()


def test_the_selector_stays_on_the_page_and_the_banner_leads_back(
    published: str, desktop: Page
) -> None:
    desktop.goto(f"{published}0.2/guides/equity/")
    selector = desktop.locator(".md-version")
    selector.wait_for()
    assert "0.2" in selector.inner_text() and "latest" in selector.inner_text()
    assert not desktop.locator(".oshub-outdated").is_visible()
    desktop.locator(".md-version__link", has_text="0.1").first.dispatch_event("click")
    desktop.wait_for_url(f"{published}0.1/guides/equity/")
    banner = desktop.locator(".oshub-outdated")
    assert banner.is_visible()
    banner.get_by_role("link").click()
    desktop.wait_for_url(f"{published}0.2/guides/equity/")


@pytest.fixture
def no_script_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_without_javascript_the_versions_are_links_to_the_same_page(
    published: str, no_script_page: Page
) -> None:
    page = no_script_page
    page.goto(f"{published}0.1/hubs/lemnos/")
    assert page.locator(".oshub-outdated").is_visible()
    versions = page.get_by_role("navigation", name="Versions of this page")
    assert versions.is_visible()
    versions.get_by_role("link", name="0.2 (latest)").click()
    page.wait_for_url(f"{published}0.2/hubs/lemnos/")
    page.goto(f"{published}latest/hubs/lemnos/")
    page.wait_for_url(f"{published}0.2/hubs/lemnos/")  # the alias: a refresh, no script
    page.goto(published)
    page.wait_for_url(f"{published}0.2/")


def test_versioned_pages_pass_the_quality_gates(
    published: str, branch: Path, desktop: Page
) -> None:
    """The selector, the banner and the versions list add no WCAG violation (axe) and
    no HTML error (the Nu checker), nor do the redirect pages of aliases and the root."""
    desktop.goto(f"{published}0.1/hubs/lemnos/")
    desktop.locator(".md-version").wait_for()
    inject_axe(desktop)
    violations = desktop.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
            .violations.map(v => ({rule: v.id, nodes: v.nodes.map(n => n.target.join(' '))}))""",
        WCAG_TAGS,
    )
    assert violations == []
    pages = ["0.1/hubs/lemnos", "0.2/guides/equity", "latest/hubs/lemnos", "", "schemas", "data"]
    assert (
        vnu_errors([branch / page / "index.html" for page in pages] + [branch / "404.html"]) == []
    )


def test_the_branch_s_own_404_page_is_accessible_and_leads_home(
    published: str, branch: Path, desktop: Page
) -> None:
    """What GitHub Pages shows for an address the branch lacks (its links are full
    addresses, so the page works wherever it is shown)."""
    desktop.set_content((branch / "404.html").read_text(encoding="utf-8"))
    inject_axe(desktop)
    violations = desktop.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
            .violations.map(v => v.id)""",
        WCAG_TAGS,
    )
    assert violations == []
    desktop.get_by_role("link", name="Go to the newest version, 0.2").wait_for()
