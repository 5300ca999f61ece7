"""Build the real site into a temporary folder and check what a reader gets."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from oshub.outputs.links import broken_links
from oshub.publish.swap import sweep
from support import BUILD_ENV, copy_repository, mkdocs_build, page, validation_off
from support.commands import OSHUB, oshub


def load(folder: Path) -> dict[str, dict[str, Any]]:
    def plain(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return {
        p.stem: plain(yaml.safe_load(p.read_text(encoding="utf-8")))
        for p in sorted(folder.glob("*.yaml"))
    }


@pytest.fixture(scope="module")
def project(built_project: Path) -> Path:
    """The repository built (a copy of the run's build: tests here build it again)."""
    return built_project


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    return project / "site"


def test_a_page_for_every_hub_mission_and_sdg(site: Path, project: Path) -> None:
    for slug, hub in load(project / "hubs").items():
        html = page(site, f"hubs/{slug}")
        assert "<h1" in html and hub["name"] in html
    for slug, mission in load(project / "missions").items():
        assert mission["title"] in page(site, f"missions/{slug}")
    for n in range(1, 18):
        assert f"SDG {n}" in page(site, f"sdgs/{n}")
    for url in ("", "hubs", "missions", "sdgs", "about/board", "data", "schemas"):
        assert (site / url / "index.html").is_file(), url
    assert (site / "404.html").is_file()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://oshub.network/hubs/lemnos/" in sitemap


def test_internal_links_resolve(site: Path) -> None:
    assert broken_links(site) == []


def test_hub_page_shows_the_profile_without_javascript(site: Path, project: Path) -> None:
    html = page(site, "hubs/the-hague")
    assert '<span lang="nl">Het Open Leerplein</span>' in html
    assert "Leiden University" in html
    assert 'href="../../missions/a-good-place-to-grow-up/"' in html
    assert "Focus goals not recorded" in html  # no source names them
    assert "oshub-sdg--" not in html.split('id="about"')[0]
    lemnos = page(site, "hubs/lemnos")
    assert 'class="oshub-sdg oshub-sdg--14"' in lemnos
    assert "SDG 14</span>" in lemnos  # the number is written, never colour alone
    assert "Last reviewed 2026-11-24" in html
    assert "hubs/the-hague.yaml" in html


def test_sdg_badges_have_enough_contrast(site: Path) -> None:
    css = (site / "assets/stylesheets/oshub-sdgs.css").read_text(encoding="utf-8")
    from oshub.core.sdgs import contrast

    rules = re.findall(r"oshub-sdg--(\d+) a\{background-color:(#\w+);color:(#\w+)", css)
    assert len(rules) == 17
    for number, background, text in rules:
        assert contrast(background, text) >= 4.5, number


def test_json_ld_on_hub_and_mission_pages(site: Path, project: Path) -> None:
    for folder, kind in (("hubs", "Organization"), ("missions", "Project")):
        for slug in load(project / folder):
            html = page(site, f"{folder}/{slug}")
            blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
            assert len(blocks) == 1, slug
            data = json.loads(blocks[0])
            assert data["@context"] == "https://schema.org"
            assert data["@type"] == kind
            assert data["url"] == f"https://oshub.network/{folder}/{slug}/"


def test_exports_parse_and_equal_the_data(site: Path, project: Path) -> None:
    hubs = load(project / "hubs")
    exported = json.loads((site / "data/hubs.json").read_text(encoding="utf-8"))
    assert exported["licence"] == "CC-BY-4.0"
    assert {h["slug"] for h in exported["hubs"]} == set(hubs)
    for record in exported["hubs"]:
        source = hubs[record["slug"]]
        for key, value in source.items():
            assert record[key] == value, (record["slug"], key)
        assert record["url"] == f"https://oshub.network/hubs/{record['slug']}/"
    missions = load(project / "missions")
    exported_missions = json.loads((site / "data/missions.json").read_text(encoding="utf-8"))
    assert exported_missions["licence"] == "CC-BY-4.0"
    for record in exported_missions["missions"]:
        for key, value in missions[record["slug"]].items():
            assert record[key] == value, (record["slug"], key)
    rows = list(csv.DictReader(io.StringIO((site / "data/hubs.csv").read_text(encoding="utf-8"))))
    assert {r["slug"] for r in rows} == set(hubs)
    for row in rows:
        hub = hubs[row["slug"]]
        assert row["name"] == hub["name"]
        assert float(row["lat"]) == hub["location"]["lat"]
        assert row["sdgs"] == ";".join(str(n) for n in hub.get("sdgs", []))
        assert row["licence"] == "CC-BY-4.0"
    geo = json.loads((site / "data/hubs.geojson").read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection"
    assert geo["licence"] == "CC-BY-4.0"
    for feature in geo["features"]:
        hub = hubs[feature["id"]]
        assert feature["geometry"] == {
            "type": "Point",
            "coordinates": [hub["location"]["lon"], hub["location"]["lat"]],
        }


def test_schemas_are_published_at_their_id(site: Path, project: Path) -> None:
    for path in (project / "schemas").glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        published = site / schema["$id"].removeprefix("https://oshub.network/")
        assert json.loads(published.read_text(encoding="utf-8")) == schema
    reference = page(site, "schemas")
    assert "<code>last_reviewed</code>" in reference
    assert "<code>location.precision</code>" in reference
    assert "<code>exact</code>" in reference  # allowed values listed


def external_requests(html: str) -> list[str]:
    """URLs of other hosts that a browser would fetch while loading the page."""
    found = []
    for tag in re.findall(
        r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*>", html
    ):
        if tag.startswith("<link") and re.search(
            r'rel="(?:canonical|alternate|license|author|me|next|prev)"', tag
        ):
            continue  # links to documents, not resources the page loads
        for url in re.findall(r'\s(?:src|href|data|srcset)="([^"]+)"', tag):
            if re.match(r"(?:https?:)?//", url):
                found.append(url)
    return found


def test_no_request_leaves_the_site(site: Path) -> None:
    assert external_requests('<link rel="stylesheet" href="https://cdn.example/x.css">')
    assert not external_requests('<link rel="canonical" href="https://oshub.network/">')
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert external_requests(text) == [], html
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, html
    for css in site.rglob("*.css"):
        assert not re.search(r"url\((['\"]?)https?:", css.read_text(encoding="utf-8")), css


def test_board_and_data_pages(site: Path) -> None:
    board = page(site, "about/board")
    assert "TRACES" in board
    assert "TRACES</strong>, together with Espace des Sciences" in board
    assert "Local and regional government" in board
    data = page(site, "data")
    assert "CC BY 4.0" in data
    for column in ("slug", "precision", "licence"):
        assert f"<code>{column}</code>" in data


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_a_failed_build_leaves_the_old_site(site: Path, project: Path) -> None:
    before = _digest(site)
    hub = project / "hubs" / "lemnos.yaml"
    original = hub.read_text(encoding="utf-8")
    hub.write_text(original.replace("status:", "stauts:").replace("sdgs:", "sgds:"), "utf-8")
    try:
        result = oshub("build", cwd=project)
    finally:
        hub.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert re.search(r"hubs/lemnos\.yaml:\d+:\d+: error: unknown key `sgds`", result.stdout)
    assert "old site is unchanged" in result.stderr
    assert _digest(site) == before
    assert not list(project.glob(".site.new-*"))


_BUILDING = """
import sys, time
from pathlib import Path
from oshub.publish.swap import Owner
owner = Owner(Path(sys.argv[1]))
owner.staging.mkdir()
print("building", flush=True)
time.sleep(120)
"""
"""A build under way beside the site (it holds its lock) until it is stopped."""


def test_the_next_build_removes_what_killed_builds_left_and_only_that(
    site: Path, project: Path
) -> None:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    for name in (f".site.new-{ended.pid}", f".site.old-{ended.pid}"):  # a dead build's
        (project / name / "hubs").mkdir(parents=True)
        (project / name / "hubs/index.html").write_text("half written", encoding="utf-8")
    running = subprocess.Popen(
        [sys.executable, "-c", _BUILDING, str(site)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert running.stdout is not None and running.stdout.readline() == "building\n"
        hub = project / "hubs" / "lemnos.yaml"
        original = hub.read_text(encoding="utf-8")
        hub.write_text(original.replace("sdgs:", "sgds:"), "utf-8")  # stops quickly
        try:
            result = oshub("build", cwd=project)
        finally:
            hub.write_text(original, encoding="utf-8")
        assert result.returncode == 1
        left = sorted(p.name for p in project.glob(".site.*"))
        assert left == [f".site.lock-{running.pid}", f".site.new-{running.pid}"]
    finally:
        running.kill()
        running.wait()
    sweep(site)  # that build is gone now: its folder goes too
    assert list(project.glob(".site.*")) == []
    assert (site / "index.html").is_file()


def test_a_build_stopped_by_sigterm_leaves_the_old_site_and_nothing_else(
    site: Path, project: Path
) -> None:
    before = _digest(site)
    build = subprocess.Popen(
        [*OSHUB, "build"], cwd=project, env=BUILD_ENV, stderr=subprocess.PIPE, text=True
    )
    assert build.stderr is not None
    seen = []
    while not seen or "building the site" not in seen[-1]:
        line = build.stderr.readline()
        assert line, "".join(seen)
        seen.append(line)
    time.sleep(1)  # writing pages by now
    build.terminate()
    rest = build.stderr.read()
    assert build.wait(timeout=60) == 143, rest
    assert "oshub: build stopped by signal 15" in rest
    assert "Traceback" not in rest
    assert list(project.glob(".site.*")) == []
    assert _digest(site) == before


def test_mkdocs_build_fails_on_content_errors_with_file_and_line(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    hub = root / "hubs" / "dublin.yaml"
    hub.write_text(hub.read_text(encoding="utf-8") + "extra: 1\n", encoding="utf-8")
    result = mkdocs_build(root, tmp_path / "out")
    assert result.returncode == 1
    assert re.search(r"hubs/dublin\.yaml:\d+:1: error: unknown key `extra`", result.stderr)


def test_aliases_get_redirect_pages(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    hub = root / "hubs" / "lemnos.yaml"
    hub.write_text(hub.read_text(encoding="utf-8") + "aliases: [limnos]\n", encoding="utf-8")
    result = oshub("build", "--site-dir", str(tmp_path / "out"), cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "out/hubs/limnos/index.html").read_text(encoding="utf-8")
    assert 'content="0; url=../../hubs/lemnos/"' in html
    assert '<link rel="canonical" href="https://oshub.network/hubs/lemnos/">' in html


def test_broken_links_fail_the_build(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    (root / "blueprint" / "broken.md").write_text(
        '# Broken\n\n<a href="nowhere/">nowhere</a>\n', encoding="utf-8"
    )
    result = oshub("build", "--site-dir", str(tmp_path / "out"), cwd=root)
    assert result.returncode == 1
    assert "blueprint/broken.md:3:10: error: link `nowhere/` leads nowhere" in result.stdout
    assert not (tmp_path / "out").exists()


def test_no_page_heavier_than_stock_material_plus_100_kib(site: Path, tmp_path: Path) -> None:
    from support.pageweight import page_weight

    stock = tmp_path / "stock"
    (stock / "docs").mkdir(parents=True)
    (stock / "mkdocs.yml").write_text(
        "site_name: Stock\ntheme:\n  name: material\n  font: false\n", encoding="utf-8"
    )
    (stock / "docs" / "index.md").write_text("# Stock\n\nA page.\n", encoding="utf-8")
    subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "-q"],
        cwd=stock,
        env=BUILD_ENV,
        check=True,
        timeout=300,
    )
    limit = page_weight(stock / "site", stock / "site" / "index.html") + 100 * 1024
    weights = {p: page_weight(site, p) for p in site.rglob("*.html")}
    heaviest = max(weights, key=weights.__getitem__)
    assert weights[heaviest] <= limit, (heaviest, weights[heaviest], limit)


def test_edit_links_point_at_the_source_file(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    settings = root / "data" / "site.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "repository:\n  edit_base: https://git.example.org/oshub/edit/main/\n",
        encoding="utf-8",
    )
    result = oshub("build", "--site-dir", str(tmp_path / "out"), cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    hub = (tmp_path / "out/hubs/lemnos/index.html").read_text(encoding="utf-8")
    assert 'href="https://git.example.org/oshub/edit/main/hubs/lemnos.yaml"' in hub
    join = (tmp_path / "out/join/students/index.html").read_text(encoding="utf-8")
    assert 'href="https://git.example.org/oshub/edit/main/blueprint/join/students.md"' in join


def test_join_pages_carry_the_configured_contact(site: Path) -> None:
    for audience in ("students", "teachers", "school-heads", "community"):
        html = page(site, f"join/{audience}")
        assert "oshub:contact" not in html
        assert "write to the project manager of the OSHub.Network at Leiden University" in html
        assert 'href="../../about/#corrections-and-removal"' in html


def test_about_page_gives_the_aims_the_roadmap_and_the_correction_route(site: Path) -> None:
    about = page(site, "about")
    for aim in ("Local impact", "Active global citizenship", "Community development"):
        assert aim in about
    assert "Innovation" in about and "Well-being" in about
    assert "self-assessment tool for hubs" in about and "vision statement" in about
    assert 'id="corrections-and-removal"' in about
    assert 'href="https://cordis.europa.eu/project/id/824581"' in about
    assert "write to the project manager of the OSHub.Network at Leiden University" in about


def test_a_broken_link_in_data_is_reported_at_its_line(tmp_path: Path) -> None:
    """Validation refuses relative links in data; with it off, the build still names the
    line of the YAML file that wrote the link, not the page template."""
    root = copy_repository(tmp_path / "p")
    validation_off(root)
    hub = root / "hubs" / "lemnos.yaml"
    lines = hub.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("description:"))
    lines.insert(at + 1, "  See [the missing page](../../nowhere/) first.")
    hub.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = mkdocs_build(root, tmp_path / "out")
    assert result.returncode != 0
    assert f"hubs/lemnos.yaml:{at + 2}:26: error: link `../../nowhere/` leads nowhere" in (
        result.stderr
    ), result.stderr
