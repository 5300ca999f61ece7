"""The printable tools (data/tools.yaml): their PDFs, read back with pypdf and
poppler-utils, the guide pages that show them, the downloads page and the whole
Blueprint's appendix; and what printing does with a guide's image and without Pango."""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from oshub.core.project import load_project
from oshub.model.content import load_site
from oshub.model.entities import Site, Tool
from oshub.routes import Routes
from support import BUILD_ENV, REPO, copy_repository, pdf_text, squeezed

OSHUB = str(Path(sys.executable).parent / "oshub")


def _oshub(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [OSHUB, *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env or {**BUILD_ENV, "XDG_CACHE_HOME": str(root.parent / "cache")},
        timeout=600,
    )


def _compact(text: str) -> str:
    """Text without spaces and hyphens: pdftotext joins a word hyphenated at a line's
    end (``data-`` ``protection`` gives ``dataprotection``)."""
    return re.sub(r"[\s\-]+", "", text)


def _words_of(tool: Tool, site: Site) -> list[str]:
    """Every text of a tool that its sheet must print."""
    words = [tool.title, tool.introduction or "", tool.note or "", tool.centre or ""]
    words += [item for section in tool.sections for item in section.items]
    words += [s.title for s in tool.sections if s.title]
    words += [f.label for f in (*tool.fields, *tool.after)]
    words += [f.prompt for f in (*tool.fields, *tool.after) if f.prompt]
    words += [c.title for c in tool.columns] + [c.prompt for c in tool.columns if c.prompt]
    words += [*tool.rings, *tool.zones]
    if tool.kind == "self-assessment" and site.self_assessment is not None:
        words += [label for _value, label in site.self_assessment.scale]
        words += [s.title for s in site.self_assessment.sections]
    return [w for w in words if w]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Site]:
    root = copy_repository(tmp_path_factory.mktemp("tools") / "p")
    result = _oshub(root, "pdf", "--area", "tools", "--out", "out")
    assert result.returncode == 0, result.stdout + result.stderr
    return root, load_site(load_project(root))[1]


def _tool_pdf(root: Path, site: Site, tool: str) -> Path:
    return root / "out" / "tools" / Path(Routes.tool_pdf(tool, site.settings.version)).name


def test_the_required_tools_exist_with_their_kinds(printed: tuple[Path, Site]) -> None:
    _, site = printed
    kinds = {tool.id: tool.kind for tool in site.tools}
    assert kinds == {
        "consent-checklist": "checklist",
        "stakeholder-map": "map",
        "challenge-statement": "form",
        "risk-assessment": "table",
        "self-assessment": "self-assessment",
    }


def test_each_tool_prints_on_one_or_two_a4_pages_with_all_its_words(
    printed: tuple[Path, Site],
) -> None:
    root, site = printed
    written = sorted(p.name for p in (root / "out" / "tools").glob("*.pdf"))
    assert written == sorted(_tool_pdf(root, site, t.id).name for t in site.tools)
    for tool in site.tools:
        pdf = _tool_pdf(root, site, tool.id)
        reader = PdfReader(pdf)
        assert 1 <= len(reader.pages) <= 2, (tool.id, len(reader.pages))
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert re.search(rf"^Title:\s+{re.escape(tool.title)}$", info, re.M), info
        assert re.search(r"^Tagged:\s+yes$", info, re.M)
        assert re.search(r"^Page size:.*\(A4\)$", info, re.M)
        text = _compact(pdf_text(pdf))
        for words in _words_of(tool, site):
            assert _compact(words) in text, f"{tool.id}: `{words}` is not printed"


def test_checklist_items_print_as_empty_boxes(printed: tuple[Path, Site]) -> None:
    root, site = printed
    tool = site.tool_by_id["consent-checklist"]
    lines = [line.strip() for line in pdf_text(_tool_pdf(root, site, tool.id)).splitlines()]
    items = [item for section in tool.sections for item in section.items]
    boxes = [line for line in lines if line.startswith("☐")]
    assert len(boxes) == len(items)
    for item in items:  # each item's first words follow a box
        assert any(squeezed(box[1:]).startswith(item[:25]) for box in boxes), item


def test_the_paper_self_assessment_takes_every_question_from_its_data(
    printed: tuple[Path, Site],
) -> None:
    root, site = printed
    data = yaml.safe_load((root / "data" / "self-assessment.yaml").read_text(encoding="utf-8"))
    questions = [q["text"] for s in data["sections"] for q in s["questions"]]
    text = pdf_text(_tool_pdf(root, site, "self-assessment"))
    for question in questions:
        assert squeezed(question) in squeezed(text), question
    assert text.count("☐") == len(questions) * len(data["scale"])  # a box for each answer


def _structure(node: Any, found: list[Any]) -> None:
    """Every element of a tagged PDF's structure tree, depth first."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        if kids is not None:
            _structure(kids, found)
    elif isinstance(node, list):
        for kid in node:
            _structure(kid, found)


def _elements(reader: PdfReader) -> list[Any]:
    found: list[Any] = []
    _structure(reader.trailer["/Root"]["/StructTreeRoot"], found)
    return found


def test_a_table_to_fill_prints_on_landscape_pages_with_blank_rows(
    printed: tuple[Path, Site],
) -> None:
    root, site = printed
    reader = PdfReader(_tool_pdf(root, site, "risk-assessment"))
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape A4
    tool = site.tool_by_id["risk-assessment"]
    kinds = [str(e["/S"]) for e in _elements(reader)]
    assert kinds.count("/TD") == tool.rows * len(tool.columns)  # blank cells, tagged
    assert kinds.count("/TH") >= len(tool.columns)  # the header (repeated on page 2)


def test_the_stakeholder_map_draws_its_rings_and_zones_on_one_page(
    printed: tuple[Path, Site],
) -> None:
    root, site = printed
    pdf = _tool_pdf(root, site, "stakeholder-map")
    assert len(PdfReader(pdf).pages) == 1
    tool = site.tool_by_id["stakeholder-map"]
    words = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    boxes = {
        m["word"]: (float(m["x"]), float(m["y"]))
        for m in re.finditer(
            r'<word xMin="(?P<x>[\d.]+)" yMin="(?P<y>[\d.]+)"[^>]*>(?P<word>[^<]+)</word>', words
        )
    }
    centre = boxes[tool.centre.split()[0]]
    first_zone = boxes[tool.zones[0].split()[0]]
    assert first_zone[1] < centre[1]  # the first zone stands above the centre
    inner, outer = boxes[tool.rings[0].split()[0]], boxes[tool.rings[-1].split()[0]]
    assert outer[1] < inner[1] < centre[1]  # rings from the centre outwards


def test_guide_pages_show_their_tools_and_link_the_pdfs(built_site: Path) -> None:
    site = load_site(load_project(REPO))[1]
    shown = {tool: pages for tool, pages in site.tool_pages.items() if pages}
    assert set(shown) >= {
        "consent-checklist",
        "stakeholder-map",
        "challenge-statement",
        "risk-assessment",
    }
    for tool_id, pages in shown.items():
        tool = site.tool_by_id[tool_id]
        pdf = Routes.tool_pdf(tool_id, site.settings.version)
        for guide in pages:
            page = built_site / Routes().url(guide.path) / "index.html"
            html = page.read_text(encoding="utf-8")
            block = re.search(
                rf'<div class="oshub-tool[^"]*" id="tool-{tool_id}">(.*?)</div>', html, re.S
            )
            assert block, f"{guide.path}: {tool_id} not shown"
            text = squeezed(re.sub(r"<[^>]+>", " ", block.group(1)).replace("&#39;", "'"))
            items = [i for s in tool.sections for i in s.items] + [f.label for f in tool.fields]
            for item in items:
                assert squeezed(item) in text, (guide.path, item)
            assert re.search(rf'href="(?:\.\./)+{re.escape(pdf)}"', block.group(1)), guide.path
            assert "<!-- oshub:tool" not in html
    checklist = (built_site / "guides/equity/safeguarding/index.html").read_text(encoding="utf-8")
    assert re.search(r"<ul class=\"oshub-tool__checklist\"><li>", checklist)  # a real list


def test_the_text_lives_in_one_place(built_site: Path) -> None:
    """The checklists that moved into data/tools.yaml are not also written in the guides."""
    site = load_site(load_project(REPO))[1]
    bodies = "\n".join(g.body for g in site.guides)
    for tool in site.tools:
        for item in [i for s in tool.sections for i in s.items] + [
            f.prompt for f in tool.fields if f.prompt
        ]:
            assert squeezed(item[:40]).lower() not in squeezed(bodies).lower(), item


def test_downloads_lists_each_tool_with_size_and_pages(built_site: Path) -> None:
    page = (built_site / "downloads/index.html").read_text(encoding="utf-8")
    pdfs = sorted((built_site / "downloads" / "tools").glob("*.pdf"))
    site = load_site(load_project(REPO))[1]
    assert len(pdfs) == len(site.tools) >= 5
    for pdf in pdfs:
        pages = len(PdfReader(pdf).pages)
        assert 1 <= pages <= 2
        assert re.search(
            rf'href="(?:\.\./)?(?:downloads/)?tools/{re.escape(pdf.name)}">[^<]+</a></td>'
            rf"<td>{pages}</td><td>\d+ KB",
            page,
        ), pdf.name


def _titles(items: list[Any]) -> list[str]:
    found: list[str] = []
    for item in items:
        if isinstance(item, list):
            found += _titles(item)
        else:
            found.append(squeezed(str(item.title)))
    return found


def test_the_whole_blueprint_has_a_tools_appendix_with_bookmarks(built_site: Path) -> None:
    site = load_site(load_project(REPO))[1]
    pdf = built_site / Routes.blueprint_pdf(site.settings.version)
    reader = PdfReader(pdf)
    bookmarks = _titles(reader.outline)
    assert "Appendix: tools to print" in bookmarks
    start = bookmarks.index("Appendix: tools to print")
    for tool in site.tools:
        assert tool.title in bookmarks[start:], tool.title
    pages = [squeezed(p) for p in pdf_text(pdf).split("\f")]
    for tool in site.tools:  # each sheet starts a page of its own, after the guides
        first = next(i for i, p in enumerate(pages) if p.startswith(tool.title))
        assert first > len(pages) // 2
    # where a guide page shows a tool, the book says on which page its sheet is
    text = squeezed(pdf_text(pdf))
    references = re.findall(r"Tool to print: (.+?), in the appendix on page (\d+)\.", text)
    assert {title for title, _ in references} >= {
        site.tool_by_id[t].title for t, shown in site.tool_pages.items() if shown
    }
    for title, number in references:
        assert pages[int(number) - 1].startswith(title), (title, number)


def _png(width: int = 8, height: int = 8) -> bytes:
    """A small red PNG, made by hand (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xcc\x22\x22" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_a_guide_image_is_printed_with_its_text_alternative(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    (root / "blueprint/guides/equity/img").mkdir()
    (root / "blueprint/guides/equity/img/room.png").write_bytes(_png())
    page = root / "blueprint/guides/equity/barriers.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n![A floor plan of the hub room with two tables](img/room.png)\n",
        encoding="utf-8",
    )
    result = _oshub(root, "pdf", "--area", "equity", "--out", "out")
    assert result.returncode == 0, result.stdout + result.stderr
    reader = PdfReader(next((root / "out").glob("*.pdf")))
    images = [
        name
        for p in reader.pages
        for name, xobject in (p.get("/Resources", {}).get("/XObject") or {}).items()
        if xobject.get_object().get("/Subtype") == "/Image"
    ]
    assert images, "no image in the PDF"
    alts = [(str(e["/S"]), str(e.get("/Alt"))) for e in _elements(reader)]
    assert ("/Figure", "A floor plan of the hub room with two tables") in alts, alts


FAKE_WEASYPRINT = '''"""WeasyPrint on a machine without Pango: importing it fails as the
real one does when cffi cannot open the library."""
raise OSError(
    "cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object "
    "file: No such file or directory"
)
'''


@pytest.mark.parametrize("command", [["build"], ["pdf", "--out", "out"]])
def test_without_pango_build_and_pdf_exit_2_with_the_apt_get_line(
    tmp_path: Path, command: list[str]
) -> None:
    fake = tmp_path / "fake"
    (fake / "weasyprint").mkdir(parents=True)
    (fake / "weasyprint" / "__init__.py").write_text(FAKE_WEASYPRINT, encoding="utf-8")
    root = copy_repository(tmp_path / "p")
    result = _oshub(root, *command, env={**BUILD_ENV, "PYTHONPATH": str(fake)})
    assert result.returncode == 2, result.stdout + result.stderr
    assert "apt-get install -y libpango-1.0-0" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (root / "out").exists() and not (root / "site").exists()


def test_search_finds_a_tool_on_the_page_that_shows_it(built_site: Path) -> None:
    site = load_site(load_project(REPO))[1]
    item = site.tool_by_id["consent-checklist"].sections[0].items[1]
    index = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    found = [d["location"] for d in index["docs"] if item.replace("'", "&#x27;") in d["text"]]
    found += [d["location"] for d in index["docs"] if item in d["text"]]
    assert any(loc.startswith("guides/equity/safeguarding/#consent-forms") for loc in found)
