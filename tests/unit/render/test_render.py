"""Words in templates: catalogs kept current, CLDR names in the page's language, overrides."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from oshub.model.entities import Hub, Location, Site
from oshub.outputs.site.pages import generate
from oshub.render.renderer import Renderer, country_name, language_name, translations
from oshub.routes import Routes
from support import REPO

HUB = Hub(
    slug="lemnos",
    name="Hub Lemnos",
    country="GR",
    location=Location("Myrina", 39.87, 25.06, "city"),
    sdgs=(14,),
    description="An island hub.",
    last_reviewed="2026-01-01",
    source="hubs/lemnos.yaml",
    languages=("el",),
)


def test_the_message_catalogs_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts/tools/messages.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + "\nrun `make messages`"


def test_the_english_catalog_compiles() -> None:
    assert translations("en").gettext("Open data") == "Open data"


def test_country_and_language_names_come_from_cldr_in_the_page_language() -> None:
    assert country_name("CZ") == "Czechia"
    assert country_name("GR", "de") == "Griechenland"
    assert language_name("el", "nl") == "Grieks"
    site = Site(hubs=(HUB,), missions=())
    page = Renderer(site, Routes(), language="de").page(
        "hub.html", Routes.hub("lemnos"), hub=HUB, missions=(), locator=""
    )
    assert ">Griechenland</a>" in page and ">Griechisch</a>" in page


def test_a_template_in_overrides_replaces_the_package_one(tmp_path: Path) -> None:
    (tmp_path / "oshub").mkdir()
    (tmp_path / "oshub" / "glossary.html").write_text(
        "<p>Our own glossary: {{ terms | length }} terms, {{ _('Glossary') }}.</p>",
        encoding="utf-8",
    )
    from oshub.model.entities import GlossaryTerm

    site = Site(hubs=(), missions=(), glossary=(GlossaryTerm("OSHub", "A hub."),))
    files = {
        f.path: f
        for f in generate(site, Renderer(site, Routes(), template_dirs=[str(tmp_path)]), {})
    }
    assert "Our own glossary: 1 terms, Glossary." in (files["guides/glossary.md"].html or "")
    assert "<h1" in (files["guides/glossary.md"].html or "")  # the title is still ours
