"""The offline copy (`oshub offline`): read straight from its zip, without a browser.

Every address in every page must name a file inside the zip (a folder is not enough
from disk), nothing may load from another host, and there is no version selector.
"""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from oshub.validate.svg_safety import clean_svg
from support import BUILD_ENV, REPO, copy_repository

OSHUB = str(Path(sys.executable).parent / "oshub")
VERSION = "0.1"
TOP = f"oshub-blueprint-{VERSION}/"


class _Links(HTMLParser):
    """Every ``href``, ``src`` and ``srcset`` address of a page, with its tag and ``rel``."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in ("href", "src", "xlink:href", "srcset"):
            if name in values:
                self.found.append((tag, name, values[name], values.get("rel", "")))


def _pages(archive: zipfile.ZipFile) -> dict[str, str]:
    return {
        name: archive.read(name).decode("utf-8")
        for name in archive.namelist()
        if name.endswith(".html")
    }


@pytest.fixture(scope="module")
def archive(offline_zip: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(offline_zip)


def test_one_folder_sorted_entries_fixed_times(archive: zipfile.ZipFile) -> None:
    names = archive.namelist()
    assert names == sorted(names)
    assert all(name.startswith(TOP) for name in names)
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert TOP + "index.html" in names
    assert archive.testzip() is None


def test_every_address_names_a_file_inside_the_zip(archive: zipfile.ZipFile) -> None:
    names = set(archive.namelist())
    broken: list[str] = []
    checked = 0
    pages = _pages(archive)
    for page, text in pages.items():
        parser = _Links()
        parser.feed(text)
        for tag, attribute, address, rel in parser.found:
            if tag == "link" and not {"stylesheet", "icon", "preload", "manifest"} & set(
                rel.split()
            ):
                continue  # canonical: the page's address online, not a request
            for each in address.split(",") if attribute == "srcset" else [address]:
                parts = urlsplit(each.strip().split(" ")[0])
                if parts.scheme or parts.netloc or not parts.path:
                    continue  # other hosts (checked below), mailto:, #anchors
                target = posixpath.normpath(
                    posixpath.join(posixpath.dirname(page), unquote(parts.path))
                )
                checked += 1
                if not target.startswith(TOP) or target not in names:
                    broken.append(f"{page}: <{tag} {attribute}={address!r}>")
    assert checked > 20 * len(pages) > 2000  # the walk really looked at every page's links
    assert broken == [], "\n".join(broken[:40])


def test_nothing_loads_from_another_host(archive: zipfile.ZipFile) -> None:
    loads = []
    for page, text in _pages(archive).items():
        parser = _Links()
        parser.feed(text)
        for tag, attribute, address, rel in parser.found:
            is_request = attribute != "href" or (
                tag in ("link", "image", "use") and "canonical" not in rel
            )
            parts = urlsplit(address)
            other_host = parts.netloc or address.startswith("//")
            if is_request and parts.scheme in ("http", "https", "") and other_host:
                loads.append(f"{page}: <{tag} {attribute}={address!r}>")
    for name in (n for n in archive.namelist() if n.endswith(".css")):
        text = archive.read(name).decode("utf-8", errors="replace")
        if re.search(r"url\(\s*['\"]?(https?:)?//", text):
            loads.append(name)
    assert loads == []


def test_no_version_selector_and_the_version_in_the_header(archive: zipfile.ZipFile) -> None:
    for page, text in _pages(archive).items():
        config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', text)
        assert config is not None, page
        assert json.loads(config.group(1)).get("version") is None, page
        assert "md-version" not in text
        header = text.partition('<div class="md-header__topic">')[2][:300]
        assert f"version {VERSION}, offline copy" in header, page


def test_the_directory_works_without_its_script(archive: zipfile.ZipFile) -> None:
    directory = archive.read(TOP + "hubs/index.html").decode()
    assert 'id="oshub-filter"' not in directory
    assert "hub-directory.js" not in directory
    assert 'href="../hubs/country/gr.html"' in directory
    greece = archive.read(TOP + "hubs/country/gr.html").decode()
    assert 'href="../../hubs/lemnos.html"' in greece


def test_search_runs_from_disk(archive: zipfile.ZipFile) -> None:
    script = archive.read(TOP + "search/search_index.js").decode()
    assert script.startswith("var __index = ")
    index = json.loads(script.removeprefix("var __index = "))
    locations = {doc["location"] for doc in index["docs"]}
    assert "hubs/lemnos.html" in locations
    assert any(location.startswith("guides/facilitation/") for location in locations)
    page = archive.read(TOP + "index.html").decode()
    assert '<script src="assets/javascripts/offline-worker.js"></script>' in page
    assert TOP + "assets/javascripts/offline-worker.js" in archive.namelist()


def test_pdfs_and_open_data_included(archive: zipfile.ZipFile) -> None:
    names = set(archive.namelist())
    for path in ("data/hubs.json", "data/hubs.csv", "data/hubs.geojson", "data/missions.json"):
        assert TOP + path in names
    assert TOP + f"downloads/oshub-blueprint-{VERSION}.pdf" in names
    assert archive.read(TOP + f"downloads/oshub-blueprint-{VERSION}.pdf").startswith(b"%PDF")
    assert TOP + "sitemap.xml" not in names and TOP + "404.html" not in names


def test_drawings_are_the_ones_the_site_publishes(archive: zipfile.ZipFile) -> None:
    """The copy is made from a build: its drawings are written again from what was
    checked (``svg_safety``), not copied from the docs folder."""
    drawings = sorted(REPO.glob("blueprint/guides/**/*.svg"))
    assert drawings
    for drawing in drawings:
        inside = TOP + drawing.relative_to(REPO / "blueprint").as_posix()
        assert archive.read(inside) == clean_svg(drawing.read_bytes(), drawing.name)[0]


def test_the_online_site_lists_the_copy_with_its_size(tmp_path: Path, offline_zip: Path) -> None:
    root = copy_repository(tmp_path / "p")
    result = subprocess.run(
        [OSHUB, "build", "--offline-zip", str(offline_zip)],
        cwd=root,
        capture_output=True,
        text=True,
        env=BUILD_ENV,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    published = root / "site" / "downloads" / f"oshub-blueprint-{VERSION}-offline.zip"
    assert published.read_bytes() == offline_zip.read_bytes()
    page = (root / "site" / "downloads" / "index.html").read_text(encoding="utf-8")
    size = f"{offline_zip.stat().st_size / 1048576:.1f} MB"
    link = re.search(
        r'<a href="([^"]*)"[^>]*>Offline copy of version 0\.1 \(zip\)</a>, ([^<]*)', page
    )
    assert link is not None
    assert link.group(1) == f"../downloads/oshub-blueprint-{VERSION}-offline.zip"
    assert link.group(2).strip() == size
    other = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "offline-worker.js" not in other and "offline copy" not in other


def test_a_missing_copy_is_a_usage_error(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    result = subprocess.run(
        [OSHUB, "build", "--offline-zip", str(tmp_path / "none.zip")],
        cwd=root,
        capture_output=True,
        text=True,
        env=BUILD_ENV,
        timeout=60,
    )
    assert result.returncode == 2
    assert "oshub offline" in result.stderr
    assert not (root / "site").exists()


def test_content_errors_write_no_copy(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    hub = root / "hubs" / "lemnos.yaml"
    hub.write_text(hub.read_text(encoding="utf-8").replace('country: "GR"', 'country: "XX"'))
    result = subprocess.run(
        [OSHUB, "offline", "--out", str(tmp_path / "out")],
        cwd=root,
        capture_output=True,
        text=True,
        env=BUILD_ENV,
        timeout=120,
    )
    assert result.returncode == 1
    assert "hubs/lemnos.yaml:" in result.stdout
    assert not (tmp_path / "out").exists()


def test_addresses_online_stay_the_online_sites(archive: zipfile.ZipFile) -> None:
    hubs = json.loads(archive.read(TOP + "data/hubs.json"))
    records = hubs["hubs"] if isinstance(hubs, dict) else hubs
    lemnos = next(r for r in records if r.get("slug") == "lemnos" or "lemnos" in r.get("url", ""))
    assert lemnos["url"] == "https://oshub.network/hubs/lemnos/"
    page = archive.read(TOP + "hubs/lemnos.html").decode()
    assert '<link rel="canonical" href="https://oshub.network/hubs/lemnos/">' in page


def test_a_build_started_as_mike_does_takes_the_copy_from_the_option(
    tmp_path: Path, offline_zip: Path
) -> None:
    """mike runs MkDocs itself: the plugin's ``offline_zip`` option names the copy, here
    from the environment through MkDocs' own ``!ENV`` tag, as the README shows."""
    root = copy_repository(tmp_path / "p")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - oshub\n" in text
    config.write_text(
        text.replace(
            "  - oshub\n", '  - oshub:\n      offline_zip: !ENV [OSHUB_OFFLINE_ZIP, ""]\n', 1
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "-d", str(tmp_path / "out")],
        cwd=root,
        capture_output=True,
        text=True,
        env={**BUILD_ENV, "OSHUB_OFFLINE_ZIP": str(offline_zip)},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    published = tmp_path / "out" / "downloads" / f"oshub-blueprint-{VERSION}-offline.zip"
    assert published.read_bytes() == offline_zip.read_bytes()
    page = (tmp_path / "out" / "downloads" / "index.html").read_text(encoding="utf-8")
    assert "Offline copy of version 0.1 (zip)" in page
