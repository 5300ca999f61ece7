"""Generated pages: escaping, relative links, Markdown, contact block, SDG styles."""

from __future__ import annotations

import re

import yaml

from oshub.core.sdgs import contrast
from oshub.model.entities import Challenge, Contact, Hub, Location, Mission, Settings, Site
from oshub.outputs.site.pages import contact_block, generate, sdg_stylesheet
from oshub.render.renderer import Renderer
from oshub.routes import Routes, relative

SITE_URL = "https://example.org/"


def hub(**changes: object) -> Hub:
    fields: dict[str, object] = {
        "slug": "harbour",
        "name": 'Science & "Society" Hub',
        "country": "NL",
        "location": Location("The Hague", 52.08, 4.31, "city"),
        "sdgs": (4, 7),
        "description": "We *love* data.\n\nA second paragraph with <b>no HTML</b> and "
        "<https://example.org/auto>.",
        "last_reviewed": "2026-01-01",
        "source": "hubs/harbour.yaml",
    }
    fields.update(changes)
    return Hub(**fields)  # type: ignore[arg-type]


def mission() -> Mission:
    return Mission(
        slug="water",
        title="Water <for> all",
        summary="Schools & water.",
        sdgs=(6,),
        hubs=("harbour",),
        challenges=(Challenge("harbour", "Salty ditches", "Salt in the *ditches*."),),
        status="proposed",
        last_reviewed="2026-01-01",
        source="missions/water.yaml",
        aliases=("old-water",),
    )


def renderer(site: Site, **routes: object) -> Renderer:
    return Renderer(site, Routes(site_url=SITE_URL, **routes))  # type: ignore[arg-type]


def files(site: Site, **routes: object) -> dict[str, str]:
    return {f.path: f.text for f in generate(site, renderer(site, **routes), {})}


def test_relative_links() -> None:
    assert relative("missions/water/", "hubs/harbour/") == "../../missions/water/"
    assert relative("hubs/", "hubs/harbour/") == "../../hubs/"
    assert relative("", "hubs/") == "../"
    assert relative("", "") == "./"
    assert relative("data/hubs.json", "hubs/harbour/") == "../../data/hubs.json"


def test_text_is_escaped_and_markdown_rendered() -> None:
    out = files(Site(hubs=(hub(),), missions=(mission(),)))
    page = out["hubs/harbour.md"]
    assert yaml.safe_load(page.split("---")[1])["title"] == 'Science & "Society" Hub'

    assert (
        "Science &amp; &#34;Society&#34; Hub" in page
        or "Science &amp; &quot;Society&quot; Hub" in page
    )
    assert "<em>love</em>" in page
    assert "&lt;b&gt;no HTML&lt;/b&gt;" in page
    assert "<b>no HTML" not in page
    assert '<a href="https://example.org/auto">' in page
    mission_page = out["missions/water.md"]
    assert "Water &lt;for&gt; all" in mission_page.split("---", 2)[2]
    assert 'href="../../hubs/harbour/"' in mission_page


def test_redirects_for_aliases() -> None:
    out = files(Site(hubs=(hub(aliases=("old-harbour",)),), missions=(mission(),)))
    assert 'url=../../hubs/harbour/"' in out["hubs/old-harbour/index.html"]
    assert 'url=../../missions/water/"' in out["missions/old-water/index.html"]
    assert (
        'rel="canonical" href="https://example.org/hubs/harbour/"'
        in out["hubs/old-harbour/index.html"]
    )


def test_every_link_follows_the_url_style() -> None:
    site = Site(hubs=(hub(aliases=("old-harbour",)),), missions=(mission(),))
    out = files(site, directory_urls=False)
    assert 'url=../hubs/harbour.html"' in out["hubs/old-harbour.html"]
    assert 'href="../hubs/harbour.html"' in out["missions/water.md"]
    assert 'href="../sdgs/6.html"' in out["missions/water.md"]
    versioned = files(site, version="1.2")
    assert "https://example.org/1.2/hubs/harbour/" in versioned["hubs/old-harbour/index.html"]


def test_local_name_is_marked_with_its_language() -> None:
    from oshub.model.entities import LocalText

    out = files(Site(hubs=(hub(local_name=LocalText("Wetenschap", "nl")),), missions=()))
    assert '<span lang="nl">Wetenschap</span>' in out["hubs/harbour.md"]


def test_contact_block_from_settings() -> None:
    none = Site(
        hubs=(), missions=(), settings=Settings(contact_role="Manager", contact_organisation="Uni")
    )
    text = contact_block(renderer(none), "join/index.md")
    assert "write to the Manager at Uni" in text
    assert "No public address" in text
    with_mail = Site(
        hubs=(),
        missions=(),
        settings=Settings(
            contact_role="Manager",
            contact_organisation="Uni",
            contact=Contact(email="net@example.org"),
        ),
    )
    assert 'href="mailto:net@example.org"' in contact_block(renderer(with_mail), "join/index.md")


def test_sdg_stylesheet_has_every_goal_with_contrast() -> None:
    css = sdg_stylesheet()
    pairs = re.findall(r"oshub-sdg--(\d+) a\{background-color:(#\w+);color:(#\w+)", css)
    assert [int(n) for n, _, _ in pairs] == list(range(1, 18))
    assert all(contrast(bg, fg) >= 4.5 for _, bg, fg in pairs)


def test_every_sdg_gets_a_page_even_without_hubs() -> None:
    out = files(Site(hubs=(hub(),), missions=()))
    for n in range(1, 18):
        assert f"sdgs/{n}.md" in out
    assert "No hub is recorded with this goal" in out["sdgs/1.md"]
    assert "Science &amp;" in out["sdgs/4.md"]
