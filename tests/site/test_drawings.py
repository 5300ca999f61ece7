"""Drawings in the guides (floor plans): readers who cannot see them get the same content.

Every SVG drawing under ``blueprint/guides/`` names itself to screen readers (a title and
a description the drawing points to), and reaches the built site inside a page that
gives it a text alternative a reader can use, not a file name.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import REPO

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
