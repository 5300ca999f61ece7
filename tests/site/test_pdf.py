"""`oshub pdf`: the printed Blueprint, read back with pypdf and poppler-utils."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from oshub.core.project import load_project
from oshub.model.content import load_site
from support import BUILD_ENV, PAGE_FACTS, copy_repository, pdf_text, squeezed

OSHUB = str(Path(sys.executable).parent / "oshub")


def _pdf(
    root: Path, out: Path, *areas: str, cache: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``oshub pdf`` with a cache of printed books of its own (``cache``, else one beside
    ``out``): a test that needs a fresh rendering gets one."""
    command = [OSHUB, "pdf", "--out", str(out)]
    for area in areas:
        command += ["--area", area]
    env = {**BUILD_ENV, "XDG_CACHE_HOME": str(cache or out.parent / f"{out.name}-cache")}
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, timeout=600)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repository(tmp_path_factory.mktemp("pdf") / "p")
    result = _pdf(root, root / "out", "blueprint", "equity")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def _version(root: Path) -> str:
    return load_site(load_project(root))[1].settings.version


def test_the_files_are_named_as_the_conventions_say(printed: Path) -> None:
    version = _version(printed)
    assert sorted(p.name for p in (printed / "out").glob("*.pdf")) == [
        f"oshub-blueprint-{version}-equity.pdf",
        f"oshub-blueprint-{version}.pdf",
    ]


def test_tagged_with_language_title_author_and_every_font_embedded(printed: Path) -> None:
    pdf = printed / "out" / f"oshub-blueprint-{_version(printed)}.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Title:\s+OSHub Blueprint$", info, re.M)
    assert re.search(r"^Author:\s+OSHub Blueprint contributors$", info, re.M)
    assert re.search(r"^Page size:.*\(A4\)$", info, re.M)
    reader = PdfReader(pdf)
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows, fonts
    for row in rows:
        assert re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", row), row
        assert row.split()[-5] == "yes", f"not embedded: {row}"


def test_every_guide_title_and_heading_is_printed_in_order(printed: Path) -> None:
    site = load_site(load_project(printed))[1]
    text = squeezed(pdf_text(printed / "out" / f"oshub-blueprint-{site.settings.version}.pdf"))
    contents_end = text.index("Glossary")  # the last entry of the table of contents
    contents, body = text[:contents_end], text[contents_end:]
    position = 0
    for guide in site.guides:  # titles in the contents, with their page numbers
        found = contents.find(squeezed(guide.title), position)
        assert found >= 0, f"{guide.source}: title `{guide.title}` not in the contents in order"
        position = found
    position = 0
    for guide in site.guides:  # every heading in the body, in reading order
        for heading in guide.headings:
            found = body.find(squeezed(heading.text), position)
            assert found >= 0, f"{guide.source}: `{heading.text}` missing or out of order"
            position = found
    for hub in site.hubs:  # the appendix of the whole Blueprint
        assert squeezed(hub.name) in body
    for mission in site.missions:
        assert squeezed(mission.title) in body


def test_bookmarks_follow_the_headings(printed: Path) -> None:
    site = load_site(load_project(printed))[1]
    reader = PdfReader(printed / "out" / f"oshub-blueprint-{site.settings.version}-equity.pdf")

    def titles(items: list[object]) -> list[str]:
        found: list[str] = []
        for item in items:
            if isinstance(item, list):
                found += titles(item)
            else:
                found.append(" ".join(str(item.title).split()))  # type: ignore[attr-defined]
        return found

    bookmarks = titles(reader.outline)
    expected = [
        " ".join(h.text.split())
        for g in site.guides
        if g.area == "equity"
        for h in g.headings
        if h.level <= 6
    ]
    position = 0
    for heading in expected:
        assert heading in bookmarks[position:], heading
        position = bookmarks.index(heading, position)


def test_links_inside_the_book_and_to_other_areas_on_the_site(printed: Path) -> None:
    reader = PdfReader(printed / "out" / f"oshub-blueprint-{_version(printed)}-equity.pdf")
    internal, external = 0, []
    named = reader.named_destinations
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object()
            if action.get("/Subtype") != "/Link":
                continue
            target = action.get("/A", {})
            if "/URI" in target:
                external.append(str(target["/URI"]))
            else:
                internal += 1
                destination = action.get("/Dest") or target.get("/D")
                if isinstance(destination, str):
                    assert destination in named, destination
    assert internal > 20  # the contents and the cross-references
    assert any(u.startswith("https://oshub.network/guides/facilitation/") for u in external)
    assert not any(u.startswith("https://oshub.network/guides/equity/") for u in external), (
        "pages of the book are linked inside it"
    )


def test_page_count_fits_the_word_count(printed: Path) -> None:
    site = load_site(load_project(printed))[1]
    pages = len(PdfReader(printed / "out" / f"oshub-blueprint-{site.settings.version}.pdf").pages)
    words = sum(g.words for g in site.guides)
    assert 150 <= words / pages <= 700, (words, pages)


def test_the_same_input_gives_the_same_text_and_metadata(printed: Path, tmp_path: Path) -> None:
    result = _pdf(printed, tmp_path / "again", "equity", cache=tmp_path / "fresh-cache")
    assert result.returncode == 0, result.stderr
    name = f"oshub-blueprint-{_version(printed)}-equity.pdf"
    first, second = printed / "out" / name, tmp_path / "again" / name
    assert pdf_text(first) == pdf_text(second)
    assert PdfReader(first).metadata == PdfReader(second).metadata


def test_a_long_table_breaks_across_pages_without_losing_a_row(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    rows = "\n".join(f"| row-{i:03d} | item {i} | note |" for i in range(300))
    page = root / "blueprint/guides/equity/long-table.md"
    page.write_text(
        "---\ntitle: A long table\narea: equity\norder: 90\nlast_reviewed: 2026-11-01\n"
        f"{PAGE_FACTS}---\n\n"
        f"# A long table\n\n| Row | Item | Note |\n|---|---|---|\n{rows}\n",
        encoding="utf-8",
    )
    result = _pdf(root, tmp_path / "out", "equity")
    assert result.returncode == 0, result.stdout + result.stderr
    text = pdf_text(next((tmp_path / "out").glob("*.pdf")))
    for i in range(300):
        assert f"row-{i:03d}" in text, i
    start = text.index("row-000")
    assert text.count("Row", start - 200) >= 3, "the header is not repeated on later pages"


def test_a_missing_image_names_the_page_and_leaves_the_old_pdf(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    out = tmp_path / "out"
    assert _pdf(root, out, "equity").returncode == 0
    pdf = next(out.glob("*.pdf"))
    before = pdf.read_bytes()
    page = root / "blueprint/guides/equity/barriers.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n![A room plan](img/room.png)\n", encoding="utf-8"
    )
    result = _pdf(root, out, "equity")
    assert result.returncode == 1
    # validation finds it first, at its line; the printer would refuse it too (below)
    assert re.search(
        r"blueprint/guides/equity/barriers\.md:\d+:\d+: error: link `img/room\.png` leads "
        r"nowhere",
        result.stdout,
    ), result.stdout
    assert "no PDF written" in result.stderr and "Traceback" not in result.stderr
    assert pdf.read_bytes() == before
    assert not list(out.glob(".*"))


def test_usage_problems_exit_2(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    result = _pdf(root, tmp_path / "out", "no-such-area")
    assert result.returncode == 2
    assert "no guide area `no-such-area`" in result.stderr


def test_the_printer_names_a_missing_image_itself(tmp_path: Path) -> None:
    from oshub.outputs.pdf.books import PdfError, image_sources

    site = load_site(load_project(copy_repository(tmp_path / "p")))[1]
    guide = next(g for g in site.guides if g.path == "guides/equity/barriers.md")
    with pytest.raises(PdfError) as raised:
        image_sources('<p><img alt="plan" src="img/room.png"></p>', guide, tmp_path / "p/blueprint")
    assert str(raised.value) == (
        "blueprint/guides/equity/barriers.md: image `img/room.png` not found "
        "(looked for blueprint/guides/equity/img/room.png)"
    )
    with pytest.raises(PdfError, match="on another host"):
        image_sources('<img alt="x" src="https://tracker.example/p.png">', guide, tmp_path)


def test_the_printer_refuses_an_image_that_is_not_what_it_claims(tmp_path: Path) -> None:
    from oshub.outputs.pdf.books import PdfError, image_sources

    root = copy_repository(tmp_path / "p")
    site = load_site(load_project(root))[1]
    guide = next(g for g in site.guides if g.path == "guides/equity/barriers.md")
    images = root / "blueprint/guides/equity/img"
    images.mkdir()
    (images / "room.png").write_text("not an image\n", encoding="utf-8")
    with pytest.raises(PdfError) as raised:
        image_sources('<p><img alt="plan" src="img/room.png"></p>', guide, root / "blueprint")
    assert str(raised.value) == (
        "blueprint/guides/equity/barriers.md: image `img/room.png` "
        "(blueprint/guides/equity/img/room.png): not a PNG image (its bytes are not what the "
        "`.png` name says)"
    )
    assert raised.value.path == "blueprint/guides/equity/barriers.md"


def test_the_pdfs_the_project_prints_pass_its_own_pdf_check(built_site: Path) -> None:
    from oshub.validate.document_pdf import pdf_problems

    pdfs = sorted((built_site / "downloads").rglob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        assert pdf_problems(pdf.read_bytes()) == [], pdf.name


def test_printed_books_are_reused_from_the_cache(printed: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _pdf(printed, tmp_path / "one", "equity", cache=cache)
    second = _pdf(printed, tmp_path / "two", "equity", cache=cache)
    assert first.returncode == 0 and second.returncode == 0
    name = f"oshub-blueprint-{_version(printed)}-equity.pdf"
    assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert len(list(cache.rglob("*.pdf"))) == 1


def test_the_site_publishes_the_pdfs_and_lists_them(built_site: Path) -> None:
    page = (built_site / "downloads/index.html").read_text(encoding="utf-8")
    pdfs = sorted((built_site / "downloads").glob("*.pdf"))
    assert len(pdfs) == 6  # the whole Blueprint and five areas
    for pdf in pdfs:
        pages = len(PdfReader(pdf).pages)
        assert re.search(
            rf'href="(?:\.\./downloads/)?{re.escape(pdf.name)}">[^<]+</a></td>'
            rf"<td>{pages}</td><td>(?:\d+ KB|\d+\.\d MB)",
            page,
        ), pdf.name
    guide = (built_site / "guides/equity/barriers/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="(?:\.\./)+downloads/oshub-blueprint-[0-9.]+-equity\.pdf"', guide)


def test_without_validation_a_missing_image_prints_as_its_text(tmp_path: Path) -> None:
    from oshub.outputs.pdf.books import image_sources

    site = load_site(load_project(copy_repository(tmp_path / "p")))[1]
    guide = next(g for g in site.guides if g.path == "guides/equity/barriers.md")
    printed = image_sources(
        '<p><img alt="A room plan" src="img/room.png"></p>', guide, tmp_path, strict=False
    )
    assert printed == '<p><span class="missing-image">A room plan</span></p>'


def _equity_book_html(root: Path, *, offline: bool) -> str:
    from mkdocs.config import load_config

    from oshub.outputs.pdf.printing import BookMaker, render_book
    from oshub.render.renderer import Renderer
    from oshub.routes import Routes

    project = load_project(root)
    site = load_site(project)[1]
    config = load_config(str(project.config_file))
    routes = Routes(
        site_url=project.site_url,
        directory_urls=not offline,
        online_directory_urls=True if offline else None,
    )
    renderer = Renderer(site, routes, template_dirs=[], offline=offline)
    maker = BookMaker(site, renderer, config.markdown_extensions, config.mdx_configs)
    return render_book(maker.book("equity"), renderer, stylesheet="print.css")


def test_a_book_of_the_offline_copy_links_the_online_site_as_the_site_s_own_book(
    printed: Path,
) -> None:
    online = _equity_book_html(printed, offline=False)
    offline = _equity_book_html(printed, offline=True)
    links = re.findall(r'href="(https://oshub\.network/[^"]*)"', offline)
    assert any("/guides/facilitation/" in link for link in links)
    assert not [link for link in links if ".html" in link], "links to pages the site lacks"
    # the same HTML: a release prints each book once, the second build reads the cache
    assert offline == online
