"""On the built site: "cite this version", the version in guide citations, "review due"
on pages not reviewed for over a year, and edit links once the repository is set."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from schema_versions import record_major

from support import copy_repository

OSHUB = Path(sys.executable).parent / "oshub"
TODAY = datetime(2026, 12, 3, tzinfo=UTC)
"""The day the build counts from (SOURCE_DATE_EPOCH): the test gives the same answer in
any year."""
EDIT = "https://git.example.org/oshub/edit/main/"


def _set_reviewed(path: Path, day: str) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^last_reviewed: .*$", f"last_reviewed: {day}", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repository(tmp_path_factory.mktemp("cite") / "p")
    _set_reviewed(root / "hubs" / "lemnos.yaml", "2024-05-10")
    _set_reviewed(root / "missions" / "air-we-breathe.yaml", "2025-12-03")
    _set_reviewed(root / "blueprint" / "guides" / "equity" / "index.md", "2025-01-31")
    _set_reviewed(root / "hubs" / "the-hague.yaml", "2026-06-01")
    _set_reviewed(root / "blueprint" / "guides" / "facilitation" / "index.md", "2026-06-01")
    record_major(root / "schemas", "board.schema.json")  # as a breaking change would
    settings = root / "data" / "site.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + f"repository:\n  edit_base: {EDIT}\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": str(int(TODAY.timestamp())),
    }
    result = subprocess.run(
        [str(OSHUB), "build"], cwd=root, capture_output=True, text=True, timeout=300, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def page(project: Path, url: str) -> str:
    return (project / "site" / url / "index.html").read_text(encoding="utf-8")


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_about_page_cites_this_version(project: Path) -> None:
    version = yaml.safe_load((project / "data" / "site.yaml").read_text())["version"]
    newest = max(
        str(yaml.safe_load(p.read_text(encoding="utf-8"))["last_reviewed"])
        for folder in ("hubs", "missions")
        for p in (project / folder).glob("*.yaml")
    )
    about = text(page(project, "about"))
    assert "Cite this version" in about
    assert (
        f"OSHub Blueprint contributors ({newest[:4]}). OSHub Blueprint, version {version}. "
        "https://oshub.network/." in about
    )


def test_guide_citation_names_the_version(project: Path) -> None:
    version = yaml.safe_load((project / "data" / "site.yaml").read_text())["version"]
    guide = text(page(project, "guides/facilitation"))
    assert (
        f"In: OSHub Blueprint, version {version}. https://oshub.network/guides/facilitation/"
        in (guide)
    )


def test_pages_not_reviewed_for_a_year_say_so_with_the_date(project: Path) -> None:
    hub = page(project, "hubs/lemnos")
    assert 'role="note"' in hub
    assert "Review due" in hub
    assert "last reviewed on 2024-05-10, more than a year ago" in text(hub)
    assert f'href="{EDIT}hubs/lemnos.yaml">Suggest a correction' in hub
    guide = text(page(project, "guides/equity"))
    assert "Review due" in guide and "last reviewed on 2025-01-31" in guide


def test_pages_reviewed_within_a_year_do_not(project: Path) -> None:
    assert "Review due" not in page(project, "missions/air-we-breathe")  # exactly a year: not yet
    for url in ("hubs/the-hague", "guides/facilitation", "about"):  # reviewed 2026-06-01
        assert "Review due" not in page(project, url)


def test_edit_links_point_at_the_source_of_guide_pages(project: Path) -> None:
    html = page(project, "guides/equity")
    assert f'href="{EDIT}blueprint/guides/equity/index.md"' in html


def test_contributing_page_gives_the_network_contact_for_removals(project: Path) -> None:
    html = text(page(project, "contributing"))
    removal = html[html.index("If you are named in the data") :]
    assert "Get in touch: write to the project manager of the OSHub.Network" in removal
    assert "oshub:contact" not in page(project, "contributing")


def test_an_older_major_schema_stays_published_at_its_old_id(project: Path) -> None:
    site = project / "site" / "schemas"
    old = json.loads((site / "v1" / "board.schema.json").read_text(encoding="utf-8"))
    new = json.loads((site / "v2" / "board.schema.json").read_text(encoding="utf-8"))
    assert old["$id"] == "https://oshub.network/schemas/v1/board.schema.json"
    assert new["$id"] == "https://oshub.network/schemas/v2/board.schema.json"
    assert (site / "v1" / "hub.schema.json").is_file()
    assert not (site / "v2" / "hub.schema.json").exists()


def test_the_schema_reference_gives_versions_and_links_older_ones(project: Path) -> None:
    reference = text(page(project, "schemas"))
    assert "schemas/v2/board.schema.json (version 2.0)" in reference
    assert "schemas/v1/site.schema.json (version 1.2)" in reference
    old = "https://oshub.network/schemas/v1/board.schema.json"
    assert f"Older versions, still published for files that name them: {old}" in reference
    assert 'href="../schemas/v1/board.schema.json"' in page(project, "schemas")
