"""A build from hostile content, with validation switched off: nothing in it runs.

Validation would refuse these files (tests/fixtures/examples/guide/invalid/hostile.md
shows where); here it is off, so that the build's own defences are what is tested:
the sanitiser, the escaping of titles, the page guard and the Content-Security-Policy.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from support import FIXTURES, copy_repository, mkdocs_build, validation_off
from support.executable import executable_parts, theme_hooks

HOSTILE = FIXTURES / "hostile"
LINKED_NOTES = "Notes published once, and again through a link.\n"
GUIDE = FIXTURES / "examples" / "guide" / "invalid" / "hostile.md"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repository(tmp_path_factory.mktemp("hostile") / "p")
    validation_off(root)
    shutil.copy(HOSTILE / "hub.yaml", root / "hubs" / "hostile.yaml")
    shutil.copy(HOSTILE / "bad-urls.yaml", root / "hubs" / "bad-urls.yaml")
    guide = GUIDE.read_text(encoding="utf-8")
    # keep the links valid: the build's link check is not what this test is about
    guide = guide.replace("stakeholder.md)", "stakeholders.md)").replace("#nowhere", "")
    guide = guide.replace("---\n\n", "---\n\n# <img src=x onerror=alert('h1')>\n\n", 1)
    # an element that would steer the theme: its search worker is named in #__config
    guide += (
        '\n<div id="__config" hidden>{"search": "payload.js"}</div>\n'
        '<span data-md-component="search-query" name="__search">x</span>\n'
        "\nA paragraph that wants the theme's table of contents.\n{: #__toc }\n"
    )
    guide = guide.replace(
        "title: Mapping with care",
        "title: \"Care</title><script>alert('title')</script>\"\n"
        'description: "x\\" onfocus=\\"alert(\'description\')"',
    )
    (root / "blueprint/guides/facilitation/hostile.md").write_text(guide, encoding="utf-8")
    # links that stay inside the content folders, to files allowed there, are followed
    (root / "blueprint/about/notes.txt").write_text(LINKED_NOTES, encoding="utf-8")
    (root / "blueprint/notes.txt").symlink_to("about/notes.txt")
    (root / "blueprint/plans").symlink_to("guides/physical-setup/images", target_is_directory=True)
    out = root / "out"
    result = mkdocs_build(root, out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "left out of the site: hubs/bad-urls.yaml" in result.stderr
    return out


def _policy_hashes(html: str) -> set[str]:
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert policy, "no Content-Security-Policy"
    return set(re.findall(r"'(sha256-[^']+)'", policy.group(1)))


def test_nothing_from_hostile_content_runs_on_any_page(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert (hostile_site / "hubs/hostile/index.html").is_file()
    assert not (hostile_site / "hubs/bad-urls").exists()
    assert (hostile_site / "guides/facilitation/hostile/index.html").is_file()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found, inline = executable_parts(html)
        assert found == [], (page, found)
        if page.name == "index.html" and "md-content" in html:
            allowed = _policy_hashes(html)
            for script in inline:
                digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
                assert f"sha256-{digest}" in allowed, (page, script[:60])
                assert "alert(" not in script, (page, script[:60])


def test_content_cannot_take_the_theme_s_ids(hostile_site: Path) -> None:
    guide = (hostile_site / "guides/facilitation/hostile/index.html").read_text(encoding="utf-8")
    start = guide.index('<article class="md-content__inner')
    content = guide[start : guide.index("</article>", start)]
    assert "payload.js" in content  # the text stays...
    assert theme_hooks(content) == []  # ...the ids and attributes the theme uses go
    assert guide.count('id="__config"') == 1  # the theme's own


def test_hostile_text_is_shown_as_text(hostile_site: Path) -> None:
    hub = (hostile_site / "hubs/hostile/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert('raw')&lt;/script&gt;" in hub
    guide = (hostile_site / "guides/facilitation/hostile/index.html").read_text(encoding="utf-8")
    assert "Covering the page" in guide  # the text stays, the style attribute goes
    assert 'style="position' not in guide


def test_the_csv_opens_safely_in_a_spreadsheet(hostile_site: Path) -> None:
    text = (hostile_site / "data/hubs.csv").read_bytes().decode("utf-8")
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}
    assert rows["hostile"]["name"].startswith("'=HYPERLINK")
    assert rows["hostile"]["city"].startswith("'@SUM")
    for row in rows.values():
        for column, value in row.items():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), (column, value)
            if column not in ("lat", "lon"):
                assert not value.startswith("-"), (column, value)


def test_search_entries_hold_no_markup_from_content(hostile_site: Path) -> None:
    index = json.loads((hostile_site / "search/search_index.json").read_text(encoding="utf-8"))
    for entry in index["docs"]:
        found, inline = executable_parts(entry["title"] + " " + entry["text"])
        assert found == [] and inline == [], entry["location"]


def test_links_that_stay_inside_the_content_folders_are_published(hostile_site: Path) -> None:
    assert (hostile_site / "notes.txt").read_text(encoding="utf-8") == LINKED_NOTES
    assert (hostile_site / "about/notes.txt").read_text(encoding="utf-8") == LINKED_NOTES
    assert (hostile_site / "plans/plan-school-room.svg").is_file()
    assert not (hostile_site / "notes.txt").is_symlink()  # a copy, not a link
