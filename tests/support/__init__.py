"""Helpers shared by every test folder (a package: conftest files are not importable).

The helpers every folder uses live here; those of one kind of test have their own module
(``support.commands``, ``support.releasing``, ``support.quality_gates``, ...). No test
module imports another test module: what two of them share moves here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
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


BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
"""The environment builds run in (without the theme's banner about MkDocs 2)."""


def configure_plugin(root: Path, options: str) -> None:
    """Give the project's ``oshub`` plugin ``options`` (indented YAML lines)."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  - oshub\n", f"  - oshub:\n{options}")
    config.write_text(text, encoding="utf-8")


def validation_off(root: Path) -> None:
    """Switch the plugin's validation off: what the build's own defences do is tested."""
    configure_plugin(root, "      validation: false\n")


def mkdocs_build(root: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` of the project in ``root`` into ``out`` (as mike would start it)."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "-d", str(out), *extra],
        cwd=root,
        capture_output=True,
        text=True,
        env=BUILD_ENV,
        timeout=300,
        check=False,
    )


SMALL_HUB = """\
name: {name}
country: "NL"
location: {{city: Utrecht, lat: 52.09, lon: 5.12, precision: city}}
sdgs: [4]
description: A hub.
last_reviewed: 2026-01-01
"""
"""The smallest valid hub file, named by ``{name}`` (``SMALL_HUB.format(name=...)``)."""

JSON_PROBLEM_KEYS = ["path", "line", "col", "severity", "message", "schema_path", "hint", "pointer"]
"""The keys of a problem in ``--format json``, in their order: the documented contract."""

FIXTURES = REPO / "tests" / "fixtures"
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


PAGE_FACTS = (
    "audience: [teachers]\n"
    'before_you_start: ["A class and a question"]\n'
    'time_needed: "Two lessons"\n'
    'in_brief: ["The page says one thing.", "And a second."]\n'
)
"""Front matter lines that every page of a guide area except its index.md states."""


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


def pdf_text(pdf: Path) -> str:
    """The text of a PDF as poppler's pdftotext reads it (in reading order)."""
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def squeezed(text: str) -> str:
    """``text`` with every run of white space made one space."""
    return " ".join(text.split())


def page(site: Path, url: str) -> str:
    """The HTML of the built page at ``url`` (a folder address) of ``site``."""
    return (site / url / "index.html").read_text(encoding="utf-8")
