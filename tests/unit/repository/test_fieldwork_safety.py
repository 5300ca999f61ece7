"""Fieldwork rules live on one page: the fieldwork safety page holds them, and the guide
pages whose worked examples send students out on fieldwork carry a short warning that
links to it instead of restating the rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown
import pytest

from support import REPO

GUIDES = REPO / "blueprint" / "guides"
RULES_PAGE = "physical-setup/fieldwork-safety.md"
RULES_LINK = "physical-setup/fieldwork-safety.md"

# Pages whose worked examples take students to beaches, streams, springs, streets or
# hot schoolyards.
FIELDWORK_EXAMPLES = (
    "facilitation/challenge-to-project.md",
    "best-practices/approach.md",
    "best-practices/formats.md",
    "best-practices/research-methods.md",
)

# A pointer is a sentence or two; the rules themselves are on the rules page.
MAX_POINTER_WORDS = 60

# Words that state how deep students may go into water: said on the rules page only.
DEPTH_WORDS = frozenset({"ankle", "ankles", "knee", "knees", "waist", "wade", "wading"})


@dataclass
class Box:
    """One admonition: its kind, its words and the links inside it."""

    kind: str
    words: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    """The words, links, heading ids and admonitions of rendered Markdown."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.ids: list[str] = []
        self.boxes: list[Box] = []
        self._open: list[Box | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in {"h2", "h3"} and found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "div":
            classes = str(found.get("class") or "").split()
            opened = Box(classes[1]) if "admonition" in classes and len(classes) > 1 else None
            self._open.append(opened)
            if opened:
                self.boxes.append(opened)
        inside = self._box()
        if tag == "a" and inside:
            inside.links.append(str(found.get("href") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        words = data.split()
        self.words.extend(words)
        box = self._box()
        if box:
            box.words.extend(words)

    def _box(self) -> Box | None:
        return next((b for b in reversed(self._open) if b), None)


def read(markdown_text: str) -> _Reader:
    """Render a guide page's body as the site does (admonitions, heading ids) and read it."""
    body = markdown_text.split("\n---\n", 1)[-1]
    html = markdown.markdown(body, extensions=["admonition", "attr_list", "toc"])
    reader = _Reader()
    reader.feed(html)
    return reader


def page(name: str) -> _Reader:
    return read((GUIDES / name).read_text(encoding="utf-8"))


def plain(words: list[str]) -> set[str]:
    return {w.strip(".,;:()\"'").casefold() for w in words}


def test_the_rules_page_holds_the_water_rules_under_a_stable_anchor() -> None:
    text = (GUIDES / RULES_PAGE).read_text(encoding="utf-8")
    water = text.split("{#water}", 1)[1].split("\n## ", 1)[0]
    assert "water" in page(RULES_PAGE).ids
    assert "ankle" in water
    assert "after heavy rain" in water


@pytest.mark.parametrize("name", FIELDWORK_EXAMPLES)
def test_fieldwork_examples_point_to_the_rules_in_a_short_warning(name: str) -> None:
    warnings = [b for b in page(name).boxes if b.kind == "warning"]
    pointers = [b for b in warnings if any(RULES_LINK in link for link in b.links)]
    assert pointers, name
    assert all(len(b.words) <= MAX_POINTER_WORDS for b in pointers), name


def test_no_other_guide_page_restates_the_water_depth() -> None:
    restating = [
        str(path.relative_to(GUIDES))
        for path in sorted(GUIDES.rglob("*.md"))
        if path != GUIDES / RULES_PAGE
        and plain(read(path.read_text(encoding="utf-8")).words) & DEPTH_WORDS
    ]
    assert restating == []


def test_the_reader_finds_boxes_links_and_ids() -> None:
    sample = (
        "---\ntitle: x\n---\n## Water {#water}\n\nWade in.\n\n"
        '!!! warning "Take care"\n    Read [this](../x.md) first.\n\nAfter.\n'
    )
    reader = read(sample)
    assert reader.ids == ["water"]
    assert [(b.kind, b.links) for b in reader.boxes] == [("warning", ["../x.md"])]
    assert reader.boxes[0].words == ["Take", "care", "Read", "this", "first."]
    assert "wade" in plain(reader.words)
    assert read("No box here.\n").boxes == []
