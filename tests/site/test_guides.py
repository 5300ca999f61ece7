"""The Blueprint's tools: templates that open, the self-assessment page, glossary,
and what every guide page shows (reading time, review date, licence, citation)."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
import yaml
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from odf.text import H, P

from oshub.core.project import load_project
from oshub.model.content import load_site
from oshub.model.entities import word_count
from support import REPO, page


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


def templates() -> dict[str, object]:
    return yaml.safe_load((REPO / "data/templates.yaml").read_text(encoding="utf-8"))


def _text(element: object) -> str:
    from odf import teletype

    return str(teletype.extractText(element))


def test_budget_spreadsheet_opens_with_its_sheets_and_formulas(site: Path) -> None:
    data = templates()["budget"]
    doc = load(str(site / "guides/templates/hub-budget.ods"))
    sheets = {t.getAttribute("name"): t for t in doc.spreadsheet.getElementsByType(Table)}
    assert list(sheets) == ["Budget", "Notes"]
    rows = sheets["Budget"].getElementsByType(TableRow)
    header = [_text(c) for c in rows[0].getElementsByType(TableCell)]
    assert header == ["Category", "Kind", "Year 1", "Year 2", "Year 3", "Total"]
    names = [_text(r.getElementsByType(TableCell)[0]) for r in rows[1:-1]]
    assert names == [c["name"] for c in data["categories"]]
    total_row = rows[-1].getElementsByType(TableCell)
    assert _text(total_row[0]) == "Total"
    assert total_row[2].getAttribute("formula") == f"of:=SUM([.C2:.C{len(names) + 1}])"
    first_total = rows[1].getElementsByType(TableCell)[-1].getAttribute("formula")
    assert first_total == "of:=SUM([.C2:.E2])"
    notes = [_text(r) for r in sheets["Notes"].getElementsByType(TableRow)]
    assert any("CC BY 4.0" in n for n in notes)


def test_canvas_document_opens_with_five_boxes(site: Path) -> None:
    data = templates()["canvas"]
    doc = load(str(site / "guides/templates/social-business-canvas.odt"))
    headings = [_text(h) for h in doc.text.getElementsByType(H)]
    assert headings[0] == data["title"]
    assert headings[1:] == [f"{i}. {b['title']}" for i, b in enumerate(data["boxes"], 1)]
    paragraphs = " ".join(_text(p) for p in doc.text.getElementsByType(P))
    for box in data["boxes"]:
        for question in box["questions"]:
            assert question in paragraphs


def test_csv_templates_match_the_data(site: Path) -> None:
    data = templates()
    canvas = list(
        csv.DictReader(
            io.StringIO((site / "guides/templates/social-business-canvas.csv").read_text("utf-8"))
        )
    )
    assert len(canvas) == sum(len(b["questions"]) for b in data["canvas"]["boxes"])
    assert set(canvas[0]) == {"box", "question", "answer"}
    budget = list(
        csv.DictReader(io.StringIO((site / "guides/templates/hub-budget.csv").read_text("utf-8")))
    )
    assert [r["category"] for r in budget] == [c["name"] for c in data["budget"]["categories"]]
    assert "year_3" in budget[0]


def test_templates_are_downloadable_from_the_guide(site: Path) -> None:
    html = page(site, "guides/templates")
    for name in (
        "social-business-canvas.odt",
        "social-business-canvas.csv",
        "hub-budget.ods",
        "hub-budget.csv",
    ):
        assert f'href="../../guides/templates/{name}"' in html
    assert 'href="../templates/"' in page(site, "guides/business-plans")


def test_every_guide_page_shows_reading_time_review_licence_and_citation(site: Path) -> None:
    guides = sorted((REPO / "blueprint/guides").rglob("*.md"))
    assert guides
    for source in guides:
        rel = source.relative_to(REPO / "blueprint").with_suffix("").as_posix()
        url = rel.removesuffix("/index").removesuffix("index") + "/"
        html = page(site, url)
        assert "min read" in html, rel
        assert "creativecommons.org/licenses/by/4.0/" in html, rel
        assert "How to cite this page" in html, rel
        assert f"https://oshub.network/{url}" in html, rel


def test_every_page_of_an_area_states_its_facts(site: Path) -> None:
    """Who it is for, what you need first, how long it takes and the page in brief, on
    every page of a guide area except its index.md."""
    pages = [p for p in sorted((REPO / "blueprint/guides").glob("*/*.md")) if p.name != "index.md"]
    assert pages
    for source in pages:
        rel = source.relative_to(REPO / "blueprint").with_suffix("").as_posix()
        html = page(site, rel + "/")
        for words in ("Who it is for", "Before you start", "Time needed", "In brief"):
            assert words in html, (rel, words)


def test_glossary_terms_are_explained_on_hover_and_on_their_page(site: Path) -> None:
    glossary = yaml.safe_load((REPO / "data/glossary.yaml").read_text(encoding="utf-8"))
    html = page(site, "guides/glossary")
    for item in glossary["terms"]:
        assert f">{item['term']}</dt>" in html
    facilitation = page(site, "guides/facilitation")
    source = (REPO / "blueprint/guides/facilitation/index.md").read_text(encoding="utf-8")
    body = source.split("---", 2)[2]
    used = [t for t in glossary["terms"] if re.search(rf"\b{re.escape(t['term'])}\b", body)]
    assert used, "the facilitation overview uses no glossary term"
    for item in used:
        assert f'<abbr title="{item["definition"]}">' in facilitation.replace("&#39;", "'")


def test_self_assessment_page_without_javascript(site: Path) -> None:
    data = yaml.safe_load((REPO / "data/self-assessment.yaml").read_text(encoding="utf-8"))
    html = page(site, "guides/self-assessment")
    questions = [q for s in data["sections"] for q in s["questions"]]
    assert html.count('type="radio"') == len(questions) * len(data["scale"])
    assert "<form" in html and "action=" not in html.split("<form", 1)[1].split(">", 1)[0]
    for section in data["sections"]:
        area = section["guide"].removesuffix("index.md")
        assert f'href="../../guides/{area}"' in html


def test_reading_time() -> None:
    assert word_count("# Title\n\nOne two [three](https://x.org/a-b-c) four.") == 5


WORD_FLOORS = {
    "facilitation": 9000,
    "equity": 8000,
    "best-practices": 8000,
    "physical-setup": 5000,
    "business-plans": 5000,
}
"""Words of prose an area must keep (a floor, not a goal): the two thin areas were
made whole at 5,000 or more; the others keep about the size they had."""


def test_word_counts_per_area_keep_their_floors() -> None:
    _, blueprint = load_site(load_project(REPO))
    counts = {a: sum(g.words for g in blueprint.guides_in(a)) for a in blueprint.guide_areas}
    print(counts)  # shown with -s; scripts/tools/guide_words.py prints a table
    assert set(counts) == set(WORD_FLOORS)
    short = {area: (n, WORD_FLOORS[area]) for area, n in counts.items() if n < WORD_FLOORS[area]}
    assert not short, f"areas below their word floor (words, floor): {short}"


def test_every_guide_area_ends_with_further_reading(site: Path) -> None:
    _, blueprint = load_site(load_project(REPO))
    for area in blueprint.guide_areas:
        pages = blueprint.guides_in(area)
        last = pages[-1]
        assert last.path == f"guides/{area}/further-reading.md", area
        assert last.title == "Further reading", area
        entries = re.findall(r"^- \*\*(.+?)\*\*(.*(?:\n  .*)*)", last.body, flags=re.MULTILINE)
        assert len(entries) >= 5, f"{area}: only {len(entries)} entries"
        for title, rest in entries:
            # after the title and publisher, a line on why it is worth reading
            assert word_count(rest) >= 8, f"{area}: {title!r} says nothing about why to read it"
        assert "Further reading" in page(site, f"guides/{area}/further-reading")


def test_every_area_index_lists_its_further_reading() -> None:
    _, blueprint = load_site(load_project(REPO))
    for area in blueprint.guide_areas:
        index = (REPO / "blueprint" / "guides" / area / "index.md").read_text(encoding="utf-8")
        rows = [line for line in index.splitlines() if line.startswith("| [")]
        assert any("](further-reading.md)" in row for row in rows), area


class _Hrefs(HTMLParser):
    """The link and image addresses of rendered Markdown."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if (tag, name) in {("a", "href"), ("img", "src")} and value is not None:
                self.urls.append(value)


_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}")


def well_formed_https(url: str) -> bool:
    """True for an absolute https address with a plain host name and nothing odd in it."""
    if re.search(r"[\s<>\"{}|\\^`]", url):
        return False
    parts = urlsplit(url)
    return (
        parts.scheme == "https"
        and parts.hostname is not None
        and parts.netloc == parts.hostname
        and _HOST.fullmatch(parts.hostname) is not None
    )


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://eur-lex.europa.eu/eli/reg/2016/679/oj", True),
        ("https://doi.org/10.1038/sdata.2016.18", True),
        ("http://example.org/", False),
        ("https//example.org/", False),
        ("https://example .org/", False),
        ("https://user@example.org/", False),
        ("https://localhost/", False),
        ("mailto:someone@example.org", False),
    ],
)
def test_well_formed_https(url: str, ok: bool) -> None:
    assert well_formed_https(url) is ok


def test_reference_links_in_the_guides_are_well_formed_https() -> None:
    """Every address outside the site that a guide page links to; printed for review (-s)."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    _, blueprint = load_site(load_project(REPO))
    found: list[tuple[str, str]] = []
    for guide in blueprint.guides:
        parser = _Hrefs()
        parser.feed(markdown.markdown(guide.body, extensions=extensions))
        found += [(guide.source, url) for url in parser.urls if urlsplit(url).scheme]
    for source, url in found:
        print(f"{source}: {url}")
    assert found, "no page of the guides cites a source by its address"
    bad = [(source, url) for source, url in found if not well_formed_https(url)]
    assert not bad, f"reference links that are not well-formed https addresses: {bad}"


def test_guides_are_indexed_for_search_from_the_model(site: Path) -> None:
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    entries = [
        d for d in index["docs"] if d["location"].startswith("guides/facilitation/stakeholders/")
    ]
    locations = [d["location"] for d in entries]
    assert locations[0] == "guides/facilitation/stakeholders/"
    assert "guides/facilitation/stakeholders/#how-to-make-the-map" in locations
    assert len(locations) == len(set(locations))  # each page once: not also parsed by the theme
    section = next(d for d in entries if d["location"].endswith("#how-to-make-the-map"))
    assert section["title"] == "How to make the map"
    assert "Brainstorm" in section["text"] and "](" not in section["text"]
    assert "---" not in " ".join(d["text"] for d in entries)
