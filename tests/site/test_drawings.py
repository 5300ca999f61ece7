"""Drawings in the guides (floor plans): readers who cannot see them get the same content.

Every SVG drawing under ``blueprint/guides/`` names itself to screen readers (a title and
a description the drawing points to), and reaches the built site inside a page that
gives it a text alternative a reader can use, not a file name. What the site and the
printed books show is the drawing written again from what was checked
(``svg_safety``), never the file itself.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from oshub.outputs.pdf.engine import Document, project_fetcher, render
from oshub.validate.svg_safety import clean_svg
from support import REPO, pdf_text

SVG = "{http://www.w3.org/2000/svg}"
GUIDES = REPO / "blueprint" / "guides"
DRAWINGS = sorted(GUIDES.rglob("*.svg"))
MIN_ALT_WORDS = 12
"""A text alternative that says what a plan shows, not "floor plan"."""


class _Images(HTMLParser):
    """The ``src`` and ``alt`` of every image of a built page."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            found = dict(attrs)
            self.images.append((found.get("src") or "", found.get("alt") or ""))


def _built_images(site: Path) -> dict[Path, list[str]]:
    """Each image file of the built guides, with the text alternatives pages give it."""
    shown: dict[Path, list[str]] = {}
    for html in (site / "guides").rglob("index.html"):
        parser = _Images()
        parser.feed(html.read_text(encoding="utf-8"))
        for src, alt in parser.images:
            if "://" in src or src.startswith("data:"):
                continue
            target = (html.parent / src).resolve()
            shown.setdefault(target, []).append(alt)
    return shown


def test_the_guides_have_drawings() -> None:
    assert DRAWINGS, "no SVG drawing under blueprint/guides/"


@pytest.mark.parametrize("drawing", DRAWINGS, ids=lambda p: p.name)
def test_a_drawing_names_itself_to_screen_readers(drawing: Path) -> None:
    root = ET.parse(drawing).getroot()
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    labelled_by = (root.get("aria-labelledby") or "").split()
    texts = {
        element.get("id"): (element.tag, "".join(element.itertext()).strip())
        for element in root.iter()
        if element.get("id")
    }
    named = [texts[i] for i in labelled_by if i in texts]
    assert len(named) == len(labelled_by) >= 2, f"aria-labelledby {labelled_by} names missing ids"
    tags = {tag for tag, _ in named}
    assert {f"{SVG}title", f"{SVG}desc"} <= tags
    title = root.find(f"{SVG}title")
    assert title is not None and root[0] is title, "the <title> comes first"
    description = next(text for tag, text in named if tag == f"{SVG}desc")
    assert len(description.split()) >= 40, "the description says what the drawing shows"


@pytest.mark.parametrize("drawing", DRAWINGS, ids=lambda p: p.name)
def test_a_drawing_reaches_readers_with_a_text_alternative(built_site: Path, drawing: Path) -> None:
    published = (built_site / "guides" / drawing.relative_to(GUIDES)).resolve()
    assert published.is_file(), f"{drawing.name} is not in the built site"
    alternatives = _built_images(built_site).get(published, [])
    assert alternatives, f"no guide page shows {drawing.name}"
    for alt in alternatives:
        assert len(re.findall(r"\w+", alt)) >= MIN_ALT_WORDS, alt
        assert drawing.stem not in alt


@pytest.mark.parametrize("drawing", DRAWINGS, ids=lambda p: p.name)
def test_the_site_publishes_the_drawing_written_again(built_site: Path, drawing: Path) -> None:
    published = (built_site / "guides" / drawing.relative_to(GUIDES)).read_bytes()
    assert published == clean_svg(drawing.read_bytes(), drawing.name)[0]
    assert published != drawing.read_bytes()  # the source's comments are not published


EDITED = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100" width="300" height="100"
  xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd">
  <sodipodi:namedview><text x="10" y="20">EDITORTEXT</text></sodipodi:namedview>
  <metadata><text x="10" y="40">METADATATEXT</text></metadata>
  <text x="10" y="60" font-size="12">DRAWINGTEXT</text>
</svg>
"""


def test_the_printer_shows_the_drawing_written_again(tmp_path: Path) -> None:
    """WeasyPrint draws the text of an editor's bookkeeping and metadata when it reads
    the file itself; the printer gives it the drawing as the site publishes it."""
    (tmp_path / "plan.svg").write_text(EDITED, encoding="utf-8")
    fetched = project_fetcher([tmp_path]).fetch((tmp_path / "plan.svg").as_uri())
    assert fetched.read() == clean_svg(EDITED.encode(), "plan.svg")[0]
    assert fetched.content_type == "image/svg+xml"
    page = (
        '<html lang="en"><head><title>Plan</title></head><body>'
        f'<img src="{(tmp_path / "plan.svg").as_uri()}" alt="a plan"></body></html>'
    )
    printed = render(Document("plan", page, f"{tmp_path}/", (str(tmp_path),)))
    (tmp_path / "plan.pdf").write_bytes(printed.data)
    text = pdf_text(tmp_path / "plan.pdf")
    assert "DRAWINGTEXT" in text
    assert "EDITORTEXT" not in text and "METADATATEXT" not in text


def test_the_printer_leaves_out_a_drawing_that_may_not_be_published(tmp_path: Path) -> None:
    hostile = EDITED.replace(
        "<metadata>", '<image href="https://tracker.example/p.png"/><metadata>'
    )
    (tmp_path / "plan.svg").write_text(hostile, encoding="utf-8")
    with pytest.raises(ValueError, match=r"drawing not printed: .*plan\.svg: `<image>` shows"):
        project_fetcher([tmp_path]).fetch((tmp_path / "plan.svg").as_uri())
