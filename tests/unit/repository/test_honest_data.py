"""Data that says only what is known: focus goals only where a source names them, and
missions written as examples labelled as such on every page and in every export."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace

import pytest

from oshub.core.project import load_project
from oshub.model.content import load_site
from oshub.model.entities import Challenge, Hub, Location, Mission, MissionOutline, Site, Source
from oshub.outputs.site.pages import generate
from oshub.render.renderer import Renderer
from oshub.routes import Routes
from support import REPO

LABEL = "Example outline"
NOT_RECORDED = "Focus goals not recorded"


def hub(slug: str, sdgs: tuple[int, ...] = ()) -> Hub:
    return Hub(
        slug=slug,
        name=f"Hub {slug}",
        country="NL",
        location=Location("Utrecht", 52.09, 5.12, "city"),
        description="A hub.",
        last_reviewed="2026-01-01",
        source=f"hubs/{slug}.yaml",
        sdgs=sdgs,
    )


OUTLINE = MissionOutline("A question?", "A method.", "A CSV file.", "Two calls.", "CC BY 4.0.")


def mission(slug: str, hubs: tuple[str, ...], *, example: bool) -> Mission:
    return Mission(
        slug=slug,
        title=f"Mission {slug}",
        summary="A summary.",
        sdgs=(4,),
        hubs=hubs,
        challenges=tuple(Challenge(h, f"Challenge of {h}", "Described.") for h in hubs),
        status="proposed",
        last_reviewed="2026-01-01",
        source=f"missions/{slug}.yaml",
        example=example,
        outline=OUTLINE if example else None,
    )


def generated(site: Site) -> dict[str, str]:
    renderer = Renderer(site, Routes(site_url="https://example.org/"))
    return {f.path: f.text for f in generate(site, renderer, {})}


def body(page: str) -> str:
    """A generated page without its front matter."""
    return page.split("---\n", 2)[2]


def hub_links(page: str) -> set[str]:
    """The hubs a page links to (their slugs)."""
    return set(re.findall(r'href="(?:\.\./)+hubs/([a-z0-9-]+)/"', page))


def hubs_section(sdg_page: str) -> str:
    """The part of an SDG page that lists hubs (before the missions)."""
    return sdg_page.split('id="hubs"', 1)[1].split('id="missions"', 1)[0]


# --- a small site: one hub with a goal a source names, one without --------------------

SITE = Site(
    hubs=(hub("island", (14,)), hub("town")),
    missions=(mission("water", ("island", "town"), example=True),),
)


def test_a_hub_without_goals_says_so_and_is_listed_under_no_goal() -> None:
    out = generated(SITE)
    assert NOT_RECORDED in body(out["hubs/town.md"])
    assert NOT_RECORDED not in body(out["hubs/island.md"])
    for n in range(1, 18):
        listed = hub_links(hubs_section(out[f"sdgs/{n}.md"]))
        assert listed == ({"island"} if n == 14 else set()), n


def test_no_filter_page_for_a_goal_no_hub_names() -> None:
    out = generated(SITE)
    filters = {p for p in out if p.startswith("hubs/sdg/")}
    assert filters == {"hubs/sdg/14.md"}
    assert "hubs/sdg/4/" not in out["hubs/index.md"]
    index = json.loads(out[Routes.HUBS_INDEX_JSON])
    assert {h["s"]: h["g"] for h in index["hubs"]} == {"island": [14], "town": []}


def test_open_data_has_no_goals_for_a_hub_without_them() -> None:
    out = generated(SITE)
    hubs = {h["slug"]: h for h in json.loads(out[Routes.HUBS_JSON])["hubs"]}
    assert hubs["island"]["sdgs"] == [14]
    assert "sdgs" not in hubs["town"]
    features = {f["id"]: f for f in json.loads(out[Routes.HUBS_GEOJSON])["features"]}
    assert features["island"]["properties"]["sdgs"] == [14]
    assert "sdgs" not in features["town"]["properties"]
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(out[Routes.HUBS_CSV]))}
    assert rows["island"]["sdgs"] == "14"
    assert rows["town"]["sdgs"] == ""
    assert "knowsAbout" not in out["hubs/town.md"]


def test_an_example_mission_is_labelled_and_a_real_one_is_not() -> None:
    real = replace(mission("air", ("town",), example=False), title="Mission air")
    out = generated(replace(SITE, missions=(*SITE.missions, real)))
    water = body(out["missions/water.md"])
    assert LABEL in water
    assert "Suggested starting points" in water
    assert "A question?" in water and "Two calls." in water
    assert "Hubs it is written for" in water
    assert "A hub that takes up this outline would turn it into projects" in water
    air = body(out["missions/air.md"])
    assert LABEL not in air
    assert "The local challenges it combines" in air
    assert "Hubs it is written for" not in air
    assert "Each taking part hub turns the mission into projects" in air
    assert "Missions linked to this goal (2)" in body(out[Routes.sdg(4)])
    only_examples = body(generated(SITE)[Routes.sdg(4)])
    assert "Example missions linked to this goal (1)" in only_examples
    index = body(out[Routes.MISSIONS_INDEX])
    assert "The missions below are example outlines written for the Blueprint." in index
    assert "written for 2 hubs" in index
    assert "written for 1 hub" not in index
    assert "1 hub" in index
    records = {m["slug"]: m for m in json.loads(out[Routes.MISSIONS_JSON])["missions"]}
    assert records["water"]["example"] is True
    assert records["air"]["example"] is False
    town = {h["slug"]: h for h in json.loads(out[Routes.HUBS_JSON])["hubs"]}["town"]
    assert set(town["missions"]) == {"air", "water"}
    assert town["example_missions"] == ["water"]


def test_a_hub_page_shows_its_sources_and_the_open_data_keeps_them() -> None:
    sources = (
        Source("A project record", "A funder", "https://records.example.org/824581"),
        Source("A printed report"),
    )
    out = generated(
        replace(SITE, hubs=(replace(hub("island", (14,)), sources=sources), hub("town")))
    )
    island = body(out["hubs/island.md"])
    assert '<h2 id="sources">Sources</h2>' in island
    assert '<a href="https://records.example.org/824581">A project record</a>, A funder' in island
    assert "<li>A printed report</li>" in island
    assert 'id="sources"' not in body(out["hubs/town.md"])
    records = {h["slug"]: h for h in json.loads(out[Routes.HUBS_JSON])["hubs"]}
    assert records["island"]["sources"] == [
        {
            "title": "A project record",
            "publisher": "A funder",
            "url": "https://records.example.org/824581",
        },
        {"title": "A printed report"},
    ]
    assert "sources" not in records["town"]


# --- the repository's own content ------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> tuple[Site, dict[str, str]]:
    _, site = load_site(load_project(REPO))
    return site, generated(site)


def test_an_index_of_real_missions_only_does_not_call_them_examples() -> None:
    real = mission("air", ("town",), example=False)
    index = body(generated(replace(SITE, missions=(real,)))[Routes.MISSIONS_INDEX])
    assert "example outlines" not in index
    assert "written for" not in index
    assert "1 hub" in index


def test_no_real_hub_is_listed_under_a_goal_it_did_not_name(
    real: tuple[Site, dict[str, str]],
) -> None:
    site, out = real
    goals = {h.slug: set(h.sdgs) for h in site.hubs}
    for n in range(1, 18):
        for slug in hub_links(hubs_section(out[f"sdgs/{n}.md"])):
            assert n in goals[slug], f"{slug} listed under SDG {n}"
    named = set().union(*goals.values())
    assert {p for p in out if p.startswith("hubs/sdg/")} == {f"hubs/sdg/{n}.md" for n in named}
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(out[Routes.HUBS_CSV]))}
    records = {h["slug"]: h for h in json.loads(out[Routes.HUBS_JSON])["hubs"]}
    for h in site.hubs:
        assert records[h.slug].get("sdgs", []) == list(h.sdgs)
        assert rows[h.slug]["sdgs"] == ";".join(map(str, h.sdgs))
        if not h.sdgs:
            assert NOT_RECORDED in body(out[Routes.hub(h.slug)])


def test_every_real_example_mission_is_labelled_wherever_it_appears(
    real: tuple[Site, dict[str, str]],
) -> None:
    site, out = real
    examples = [m for m in site.missions if m.example]
    assert examples, "the repository's missions are example outlines"
    missions_json = {m["slug"]: m for m in json.loads(out[Routes.MISSIONS_JSON])["missions"]}
    hubs_json = {h["slug"]: h for h in json.loads(out[Routes.HUBS_JSON])["hubs"]}
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(out[Routes.HUBS_CSV]))}

    def labelled_near(page: str, slug: str) -> bool:
        """The label follows the mission's link before the next list item or card."""
        link = f'missions/{slug}/"'
        after = page.split(link, 1)[1]
        return LABEL in re.split(r"<li>|<article", after, maxsplit=1)[0]

    for m in examples:
        assert m.outline is not None
        assert LABEL in body(out[Routes.mission(m.slug)])
        assert labelled_near(body(out[Routes.MISSIONS_INDEX]), m.slug)
        for n in m.sdgs:
            assert labelled_near(body(out[Routes.sdg(n)]), m.slug), (m.slug, n)
        for slug in m.hubs:
            assert labelled_near(body(out[Routes.hub(slug)]), m.slug), (m.slug, slug)
            assert m.slug in hubs_json[slug]["example_missions"]
            assert m.slug in rows[slug]["example_missions"].split(";")
        assert missions_json[m.slug]["example"] is True
        assert set(missions_json[m.slug]["outline"]) == {
            "shared_question",
            "common_method",
            "data_to_collect",
            "meeting_points",
            "sharing_results",
        }


CORDIS = '<a href="https://cordis.europa.eu/project/id/824581">'


def test_every_real_hub_and_the_board_cite_the_project_record(
    real: tuple[Site, dict[str, str]],
) -> None:
    site, out = real
    for h in site.hubs:
        page = body(out[Routes.hub(h.slug)])
        assert '<h2 id="sources">Sources</h2>' in page, h.slug
        assert CORDIS in page, h.slug
    board = body(out[Routes.BOARD])
    assert '<h2 id="sources">Sources</h2>' in board
    assert CORDIS in board


def test_every_mission_page_links_fieldwork_safety() -> None:
    real = mission("air", ("town",), example=False)
    out = generated(replace(SITE, missions=(*SITE.missions, real)))
    for slug in ("water", "air"):
        page = body(out[Routes.mission(slug)])
        assert '<p class="admonition-title">Fieldwork safety</p>' in page, slug
        assert 'href="../../guides/physical-setup/fieldwork-safety/"' in page, slug
