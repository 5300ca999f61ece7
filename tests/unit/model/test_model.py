"""The model: built from validated documents, whole even when some files are left out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from oshub.core.project import load_project
from oshub.model.content import load_site
from oshub.model.entities import word_count
from support import REPO, SMALL_HUB, make_project

MISSION = """\
title: Water
summary: Water in schools.
sdgs: [6]
hubs: [good, broken]
challenges:
  - {hub: good, title: Ditches, description: Salt.}
  - {hub: broken, title: Wells, description: Dry.}
status: proposed
last_reviewed: 2026-01-01
"""

GUIDE = """\
---
title: {title}
area: {area}
order: {order}
last_reviewed: 2026-01-01
---

# {title}

Some words here.

## A section

More words.
"""


def test_files_that_do_not_fit_their_schema_are_left_out_with_their_references(
    tmp_path: Path,
) -> None:
    root = make_project(tmp_path / "p")
    (root / "hubs" / "good.yaml").write_text(SMALL_HUB.format(name="Good"), encoding="utf-8")
    (root / "hubs" / "broken.yaml").write_text(
        SMALL_HUB.format(name="Broken").replace("sdgs: [4]", "sdgs: four"), encoding="utf-8"
    )
    (root / "missions" / "water.yaml").write_text(MISSION, encoding="utf-8")
    result, site = load_site(load_project(root))
    assert result.unusable == {"hubs/broken.yaml"}
    assert [h.slug for h in site.hubs] == ["good"]
    (mission,) = site.missions
    assert mission.hubs == ("good",)
    assert [c.hub for c in mission.challenges] == ["good"]
    assert site.left_out == ("hubs/broken.yaml",)


def test_guides_in_reading_order_with_headings_and_translations(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    guides = root / "blueprint" / "guides"
    pages = {
        "equity/index.md": ("Equity", "equity", 0),
        "equity/barriers.md": ("Barriers", "equity", 10),
        "facilitation/index.md": ("Facilitation", "facilitation", 0),
        "facilitation/workshops.md": ("Workshops", "facilitation", 20),
        "facilitation/roles.md": ("Roles", "facilitation", 10),
        "facilitation/roles.nl.md": ("Rollen", "facilitation", 10),
    }
    for path, (title, area, order) in pages.items():
        (guides / path).parent.mkdir(parents=True, exist_ok=True)
        text = GUIDE.format(title=title, area=area, order=order)
        (guides / path).write_text(text, encoding="utf-8")
    _, site = load_site(load_project(root))
    assert [g.title for g in site.guides] == [
        "Facilitation",
        "Roles",
        "Workshops",
        "Equity",
        "Barriers",
    ]  # areas in the schema's order, each area's overview first
    roles = site.guide_by_path["guides/facilitation/roles.md"]
    assert roles.translations["nl"].title == "Rollen"
    assert roles.source == "blueprint/guides/facilitation/roles.md"
    assert [(h.level, h.text, h.anchor, h.line) for h in roles.headings] == [
        (1, "Roles", "roles", 8),
        (2, "A section", "a-section", 12),
    ]
    assert roles.words == word_count(roles.body) == 8  # headings are words too
    assert roles.reading_minutes == 1
    assert site.guide_areas[:2] == ("facilitation", "equity")


def test_the_repository_guides_are_all_in_the_model() -> None:
    result, site = load_site(load_project(REPO))
    files = {
        p.relative_to(REPO / "blueprint").as_posix()
        for p in (REPO / "blueprint/guides").rglob("*.md")
    }
    assert set(site.guide_by_path) == files
    assert all(g.headings and g.title for g in site.guides)
    assert not result.errors
    assert date.fromisoformat(site.guides[0].last_reviewed or "2000-01-01")
