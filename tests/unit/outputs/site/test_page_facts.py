"""The facts a guide page states at its top: who it is for, what you need first, how long
it takes, the page in brief, and its authors (also in its citation)."""

from __future__ import annotations

from dataclasses import replace

from oshub.model.entities import Guide, Site
from oshub.outputs.site.guide_pages import decorate
from oshub.render.renderer import Renderer
from oshub.routes import Routes

GUIDE = Guide(
    path="guides/facilitation/workshops.md",
    source="blueprint/guides/facilitation/workshops.md",
    title="Running workshops",
    body="Text.\n",
    body_line=4,
    headings=(),
    area="facilitation",
    audience=("coordinators", "community"),
    before_you_start=("A room booked for two hours", "Thick felt pens"),
    time_needed="Two 90-minute sessions",
    in_brief=("Invite people personally.", "Write before you talk."),
    last_reviewed="2026-11-24",
)


def page(guide: Guide) -> str:
    site = Site(hubs=(), missions=(), guides=(guide,))
    renderer = Renderer(site, Routes(site_url="https://example.org/"))
    return decorate("<h1>Running workshops</h1>\n<p>Text.</p>", guide, renderer, templates=False)


def test_a_guide_page_shows_its_facts_under_the_title() -> None:
    html = page(GUIDE)
    facts = html.split("</h1>", 1)[1].split("<p>Text.</p>", 1)[0]
    assert "Who it is for" in facts
    assert "hub coordinators, community members and organisations" in facts
    assert "<dt>Time needed</dt><dd>Two 90-minute sessions</dd>" in facts
    assert "<li>A room booked for two hours</li>" in facts
    assert "In brief" in facts and "<li>Write before you talk.</li>" in facts
    assert "Written by" not in facts


def test_authors_are_shown_and_cited() -> None:
    html = page(replace(GUIDE, authors=("A. Writer", "B. Writer")))
    facts, citation = html.split("How to cite this page", 1)
    assert "<dt>Written by</dt><dd>A. Writer, B. Writer</dd>" in facts
    assert citation.split("</p>", 2)[1].lstrip().startswith("<p>A. Writer, B. Writer (2026).")


def test_text_in_the_facts_is_escaped() -> None:
    html = page(replace(GUIDE, time_needed="<b>an hour</b>", in_brief=("a < b", "c & d")))
    assert "&lt;b&gt;an hour&lt;/b&gt;" in html
    assert "<li>a &lt; b</li>" in html and "<li>c &amp; d</li>" in html


def test_the_facts_follow_the_heading_the_parser_finds() -> None:
    site = Site(hubs=(), missions=(), guides=(GUIDE,))
    renderer = Renderer(site, Routes(site_url="https://example.org/"))
    content = (
        '<p title="</h1>">a</p>\n<!-- </h1> -->\n'
        '<H1 id="t">Running <em>workshops</em></H1>\n<p>Text.</p>'
    )
    html = decorate(content, GUIDE, renderer, templates=False)
    before, after = html.split('<h1 id="t">Running <em>workshops</em></h1>', 1)
    assert "Time needed" not in before and "Time needed" in after.split("<p>Text.</p>")[0]
    untitled = decorate("<p>Text.</p>", GUIDE, renderer, templates=False)
    assert untitled.index("Time needed") < untitled.index("<p>Text.</p>")
