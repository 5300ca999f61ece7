"""The offline copy's parts: the zip, the check of addresses from disk, the header."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from oshub.model.entities import Site
from oshub.outputs.site.offline_pages import show_version
from oshub.outputs.site.pages import generate
from oshub.publish.offline import address_problem, disk_problems, page_addresses, write_zip
from oshub.render.renderer import Renderer
from oshub.routes import Routes


def _site(root: Path) -> Path:
    files = {
        "index.html": '<a href="hubs/index.html">Hubs</a>',
        "hubs/index.html": '<a href="../index.html">Home</a>',
        "downloads/book.pdf": "%PDF-1.7",
        "assets/oshub.css": "body {}",
        "assets/javascripts/bundle.js": "//# sourceMappingURL=bundle.js.map",
        "assets/javascripts/bundle.js.map": "{}",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_same_files_give_the_same_zip(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    write_zip(site, tmp_path / "a.zip", "copy-1.0")
    for number, path in enumerate(sorted(site.rglob("*"))):
        os.utime(path, (1_000_000 + number, 2_000_000 + number))  # other times, same files
    write_zip(site, tmp_path / "b.zip", "copy-1.0")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert names[0] == "copy-1.0/assets/javascripts/bundle.js"
        assert not [n for n in names if n.endswith(".map")]  # for developers' tools only
        book = archive.getinfo("copy-1.0/downloads/book.pdf")
        assert book.compress_type == zipfile.ZIP_STORED  # compressed already
        assert archive.getinfo("copy-1.0/index.html").compress_type == zipfile.ZIP_DEFLATED
    assert not list(tmp_path.glob(".*"))  # no partial zip, no lock left


def test_a_zip_a_killed_process_left_half_written_is_removed(tmp_path: Path) -> None:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    (tmp_path / f".a.zip.new-{ended.pid}").write_bytes(b"PK half")
    write_zip(_site(tmp_path / "site"), tmp_path / "a.zip", "copy-1.0")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.zip", "site"]


def test_addresses_that_do_not_work_from_disk(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    assert address_problem(root, "index.html", "hubs/index.html", False) is None
    assert address_problem(root, "hubs/index.html", "../index.html#top", False) is None
    assert "folder" in (address_problem(root, "index.html", "hubs/", False) or "")
    assert "folder" in (address_problem(root, "hubs/index.html", "../hubs", False) or "")
    assert "no such file" in (
        address_problem(root, "index.html", "missions/index.html", False) or ""
    )
    assert "out of" in (address_problem(root, "index.html", "../secret.html", False) or "")
    assert "out of" in (address_problem(root, "index.html", "/hubs/index.html", False) or "")
    assert address_problem(root, "index.html", "https://example.org/", False) is None
    assert "another host" in (
        address_problem(root, "index.html", "https://cdn.example/x.js", True) or ""
    )
    assert "another host" in (
        address_problem(root, "index.html", "//cdn.example/x.css", True) or ""
    )
    assert address_problem(root, "index.html", "mailto:hub@example.org", False) is None
    assert address_problem(root, "index.html", "#anchor", False) is None


def test_every_page_is_read_for_addresses(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    assert disk_problems(root) == []
    (root / "hubs" / "lemnos.html").write_text(
        '<script src="https://unpkg.com/x.js"></script>'
        '<link rel="canonical" href="https://example.org/hubs/lemnos/">'
        '<img srcset="a.png 1x, ../downloads/book.pdf 2x" alt="">'
        '<meta http-equiv="refresh" content="0; url=../hubs/">'
        '<a href="../hubs/">Hubs</a>',
        encoding="utf-8",
    )
    messages = [p.message for p in disk_problems(root)]
    assert messages == [
        "<script src> 'https://unpkg.com/x.js': loads from another host",
        "<img srcset> 'a.png': no such file in the offline copy",
        "<meta refresh> '../hubs/': names a folder: from disk a browser does not open "
        "its index.html",
        "<a href> '../hubs/': names a folder: from disk a browser does not open its index.html",
    ]
    assert {p.path for p in disk_problems(root)} == {"hubs/lemnos.html"}


def test_the_version_goes_after_the_sites_name_in_the_header() -> None:
    page = (
        '<div class="md-header__topic">\n  <span class="md-ellipsis">\n    OSHub Blueprint\n'
        '  </span>\n</div>\n<div class="md-header__topic" data-md-component="header-topic">'
        '<span class="md-ellipsis">Hubs</span></div>'
    )
    shown = show_version(page, '<span class="oshub-version">version 2.0</span>')
    assert 'OSHub Blueprint <span class="oshub-version">version 2.0</span></span>' in shown
    assert shown.count("oshub-version") == 1
    assert '<span class="md-ellipsis">Hubs</span>' in shown


def test_the_offline_directory_has_no_filter_form() -> None:
    site = Site(hubs=(), missions=())
    for offline in (False, True):
        routes = Routes(directory_urls=not offline)
        made = {f.path: f for f in generate(site, Renderer(site, routes, offline=offline), {})}
        directory = made[Routes.HUBS_INDEX]
        assert ('id="oshub-filter"' in (directory.html or "")) is not offline
        assert bool(directory.scripts) is not offline


def test_absolute_addresses_are_the_online_sites() -> None:
    offline = Routes(site_url="https://example.org/", directory_urls=False)
    assert offline.absolute(Routes.hub("lemnos")) == "https://example.org/hubs/lemnos.html"
    offline = Routes(
        site_url="https://example.org/", directory_urls=False, online_directory_urls=True
    )
    assert offline.link(Routes.hub("lemnos"), Routes.HOME) == "hubs/lemnos.html"
    assert offline.absolute(Routes.hub("lemnos")) == "https://example.org/hubs/lemnos/"
    assert offline.root_absolute(Routes.HUBS_JSON) == "https://example.org/data/hubs.json"


def test_addresses_are_read_as_a_browser_reads_the_page() -> None:
    page = (
        "<!-- <script src='https://in-a-comment.example/x.js'></script> -->"
        "<script>var s = '<img src=\"https://in-a-script.example/x.png\">';</script>"
        "<title><img src=https://in-a-title.example/x.png></title>"
        "<IMG SRC='https://single.example/a.png'><img src=unquoted.png>"
        '<a href="a.html?x=1&amp;y=2">&amp;</a>'
        '<LINK REL="Stylesheet" HREF="https://upper.example/s.css">'
        '<img src="first.png" src="second.png">'
        '<template><img src="https://in-a-template.example/t.png"></template>'
    )
    assert page_addresses(page) == [
        ("<img src>", "https://single.example/a.png", True),
        ("<img src>", "unquoted.png", True),
        ("<a href>", "a.html?x=1&y=2", False),
        ("<link href>", "https://upper.example/s.css", True),
        ("<img src>", "first.png", True),
        ("<img src>", "https://in-a-template.example/t.png", True),
    ]


def test_the_version_is_shown_only_where_the_parser_finds_the_sites_name() -> None:
    label = '<span class="oshub-version">version 2.0</span>'
    # the name holds markup: it is not a span of text alone, the page stays as it is
    marked = '<div class="md-header__topic"><span class="md-ellipsis">OSHub <b>x</b></span></div>'
    assert show_version(marked, label) == marked
    # a comment that looks like the header is no header
    commented = '<!-- <div class="md-header__topic"><span class="md-ellipsis">x</span> -->'
    assert show_version(commented, label) == commented
