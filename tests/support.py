"""Helpers shared by every test folder (plain module: conftest files are not importable)."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
"""The repository root."""


def copy_repository(root: Path) -> Path:
    """A copy of the repository's site sources and content in ``root`` (for site builds)."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml",):
        shutil.copy(REPO / name, root / name)
    for folder in ("blueprint", "hubs", "missions", "data", "schemas", "overrides"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    return root


FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE_URL = "https://oshub.network/"


def make_project(root: Path, *, with_real_content: bool = False) -> Path:
    """Create a minimal project in ``root``: mkdocs.yml and a copy of the schemas."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(
        f"site_name: Test\nsite_url: {SITE_URL}\ndocs_dir: blueprint\n", encoding="utf-8"
    )
    shutil.copytree(REPO / "schemas", root / "schemas")
    for folder in ("hubs", "missions", "data"):
        (root / folder).mkdir(exist_ok=True)
    if with_real_content:
        for folder in ("hubs", "missions", "data"):
            for path in (REPO / folder).glob("*.yaml"):
                shutil.copy(path, root / folder / path.name)
        shutil.copytree(REPO / "blueprint", root / "blueprint")
    return root


SYNTHETIC_HUB = """\
name: Synthetic Hub {i}
country: "{country}"
location:
  city: {city}
  lat: {lat}
  lon: {lon}
  precision: city
sdgs: [4, 13]
barriers: [geographic]
languages: [en]
status: active
description: |
  Hub number {i} works with schools in {city}.
last_reviewed: 2026-11-01
"""


def synthetic_hub(i: int, country: str = "NL", city: str = "Utrecht") -> str:
    """The YAML of a valid hub numbered ``i`` (a pin in Utrecht unless told otherwise)."""
    places = {"Utrecht": (52.09, 5.12)}
    lat, lon = places.get(city, (52.09, 5.12))
    return SYNTHETIC_HUB.format(i=i, country=country, city=city, lat=lat, lon=lon)
