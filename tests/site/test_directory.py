"""The hub directory: filter pages, pagination, map pins and the compact index."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from support import copy_repository, page, synthetic_hub
from support.commands import oshub


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


def test_a_page_per_filter_value(site: Path) -> None:
    assert "Hubs in Greece" in page(site, "hubs/country/gr")
    assert "Open Science Hub Lemnos" in page(site, "hubs/country/gr")
    assert "Open Science Hub Dublin" not in page(site, "hubs/country/gr")
    sdg14 = page(site, "hubs/sdg/14")
    assert "Hubs that named SDG 14: Life Below Water as a focus goal" in sdg14
    assert "Open Science Hub Lemnos" in sdg14
    assert "Open Science Hub Dublin" not in sdg14
    language = page(site, "hubs/language/nl")
    assert "Open Science Hub The Hague" in language
    barrier = page(site, "hubs/barrier/geographic")
    assert "Open Science Hub Lemnos" in barrier
    assert "Open Science Hub Figueira de Castelo Rodrigo" in barrier
    assert "Open Science Hub Geneva" not in barrier


def test_filter_links_work_without_javascript(site: Path) -> None:
    html = page(site, "hubs")
    for url in ("country/gr/", "sdg/14/", "language/el/", "barrier/geographic/"):
        assert f'href="../hubs/{url}"' in html
    assert 'aria-current="page"' in page(site, "hubs/country/gr")
    form = re.search(r'<form class="oshub-filter"[^>]*>', html)
    assert form and " hidden" in form.group(0)  # shown by the script only


def test_map_pins_link_to_every_hub(site: Path) -> None:
    html = page(site, "hubs")
    svg = html[
        html.index('<svg class="oshub-map__svg"') : html.index(
            "</svg>", html.index('<svg class="oshub-map__svg"')
        )
    ]
    links = re.findall(r'<a href="\.\./hubs/([a-z0-9-]+)/" aria-label="([^"]+)"', svg)
    slugs = {slug for slug, _ in links}
    assert slugs == {p.name for p in (site / "hubs").iterdir() if (p / "index.html").is_file()} - {
        "country",
        "sdg",
        "status",
        "language",
        "barrier",
    }
    labels = dict(links)
    assert "approximate location" in labels["czech-republic"]
    assert "approximate" not in labels["dublin"]
    assert 'href="../assets/maps/europe.svg"' in svg


def test_locator_map_reuses_the_shared_outline(site: Path) -> None:
    html = page(site, "hubs/dublin")
    assert 'class="oshub-locator__svg"' in html
    assert 'href="../../assets/maps/europe.svg"' in html
    outline = (site / "assets/maps/europe.svg").read_text(encoding="utf-8")
    assert outline.startswith("<svg") and "Natural Earth" in outline
    assert outline not in html  # referenced, not copied into the page


def test_compact_index_for_the_script(site: Path) -> None:
    data = json.loads((site / "data/hubs-index.json").read_text(encoding="utf-8"))
    assert len(data["hubs"]) == 8
    lemnos = next(h for h in data["hubs"] if h["s"] == "lemnos")
    assert lemnos["cc"] == "gr" and lemnos["g"] == [12, 13, 14, 15]
    assert lemnos["u"] == "hubs/lemnos/" and lemnos["stl"] == ""
    assert data["sdgs"]["14"] == {"t": "Life Below Water", "u": "sdgs/14/"}


def test_large_directories_are_paginated_and_grouped_on_the_map(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    shutil.rmtree(root / "missions")
    (root / "missions").mkdir()
    for i in range(320):
        text = synthetic_hub(i)
        (root / "hubs" / f"bench-hub-{i}.yaml").write_text(text, encoding="utf-8")
    result = oshub("build", "--site-dir", str(tmp_path / "out"), cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "out"
    first = page(out, "hubs")
    assert first.count('class="oshub-card"') == 48
    assert 'href="../hubs/page/2/"' in first
    last = page(out, "hubs/page/7")
    assert "Showing 289\u2013328 of 328." in last  # an en dash between the numbers
    assert "oshub-pin--group" in first  # one circle a country above 300 hubs
    assert page(out, "hubs/country/nl/page/2").count('class="oshub-card"') == 48


def test_reserved_slugs_are_refused(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    shutil.copy(root / "hubs" / "lemnos.yaml", root / "hubs" / "country.yaml")
    result = oshub("validate", cwd=root)
    assert result.returncode == 1
    assert "hubs/country.yaml:1:1: error: `country` cannot be a slug" in result.stdout
