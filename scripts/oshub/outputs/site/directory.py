"""The hub directory: a paginated list with a map, and one pre-built page per filter value.

Filter pages (country, goal, status, language, barrier: see ``routes.directory``)
work without JavaScript; with it, the directory page also combines filters and a
text search over a compact index (``data/hubs-index.json``) that is only fetched
when used. Words come from ``words.html``, addresses from ``routes``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from oshub.model.entities import Hub, Site
from oshub.outputs.site import maps
from oshub.render.renderer import Renderer
from oshub.routes import DIRECTORY_FACETS, Routes

PAGE_SIZE = 48
"""Hubs on one page of a listing."""
PIN_LIMIT = 300
"""Above this many hubs a map shows one pin a country instead of one a hub."""


@dataclass(frozen=True)
class FacetValue:
    """One value of a filter: its key in URLs, label, page and hubs."""

    key: str
    label: str
    page: str
    """The docs path of the value's first page (``hubs/country/gr.md``)."""
    hubs: tuple[Hub, ...]

    @property
    def count(self) -> int:
        """How many hubs have this value."""
        return len(self.hubs)


@dataclass(frozen=True)
class Facet:
    """A filter (country, SDG, ...) and its values."""

    key: str
    title: str
    short: str
    values: tuple[FacetValue, ...]
    open: bool = False


def _values_of(hub: Hub, key: str) -> Iterable[str]:
    if key == "country":
        return [hub.country.lower()]
    if key == "sdg":
        return [str(n) for n in hub.sdgs]
    if key == "status":
        return [hub.status] if hub.status else []
    if key == "language":
        return hub.languages
    return hub.barriers


def facets(site: Site, renderer: Renderer) -> tuple[Facet, ...]:
    """Every filter with the values present among the hubs."""
    word = renderer.word
    labels: dict[str, Callable[[str], str]] = {
        "country": renderer.country_name,
        "sdg": lambda v: renderer.goal(int(v)),
        "status": lambda v: renderer.label("hub-status", v),
        "language": renderer.language_name,
        "barrier": lambda v: renderer.label("barrier", v),
    }
    result = []
    for key in DIRECTORY_FACETS:
        groups: dict[str, list[Hub]] = {}
        for hub in site.hubs:
            for value in _values_of(hub, key):
                groups.setdefault(value, []).append(hub)
        label = labels[key]
        found = [
            FacetValue(v, label(v), Routes.directory(key, v), tuple(hubs))
            for v, hubs in groups.items()
        ]
        if key == "sdg":
            found.sort(key=lambda f: int(f.key))
        else:
            found.sort(key=lambda f: f.label)
        result.append(
            Facet(
                key,
                word("facet_title", key),
                word("facet_short", key),
                tuple(found),
                open=key == "country",
            )
        )
    return tuple(result)


@dataclass(frozen=True)
class Listing:
    """One page of a hub listing."""

    path: str
    """Docs path of the generated page, e.g. ``hubs/country/gr/page/2.md``."""
    title: str
    hubs: tuple[Hub, ...]
    all_hubs: tuple[Hub, ...]
    page: int
    pages: int
    facet: str | None
    value: str | None

    @property
    def current(self) -> str | None:
        """The docs path of the filter value shown (None for the whole directory)."""
        return Routes.directory(self.facet, self.value) if self.facet else None

    def page_path(self, page: int) -> str:
        """The docs path of another page of the same listing."""
        return Routes.directory(self.facet, self.value, page)


def listings(site: Site, all_facets: tuple[Facet, ...], renderer: Renderer) -> list[Listing]:
    """Every page of the directory and of every filter value (``all_facets`` of ``site``)."""
    result: list[Listing] = []
    word = renderer.word

    def paginate(
        title: str, hubs: tuple[Hub, ...], facet: str | None = None, value: str | None = None
    ) -> None:
        pages = max(1, -(-len(hubs) // PAGE_SIZE))
        for page in range(1, pages + 1):
            chunk = hubs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
            result.append(
                Listing(
                    Routes.directory(facet, value, page),
                    word("listing_page_title", title, page, pages),
                    chunk,
                    hubs,
                    page,
                    pages,
                    facet,
                    value,
                )
            )

    paginate(word("title", "hubs"), site.hubs)
    for facet in all_facets:
        for value in facet.values:
            paginate(
                word("facet_heading", facet.key, value.label), value.hubs, facet.key, value.key
            )
    return result


def directory_map(listing: Listing, renderer: Renderer) -> tuple[str, str]:
    """The map of a listing (SVG markup) and its caption."""
    routes = renderer.routes
    here = listing.path
    hubs = list(listing.all_hubs)
    word = renderer.word
    if len(hubs) <= PIN_LIMIT:
        pins = [
            maps.hub_pin(h, routes.link(Routes.hub(h.slug), here), renderer.pin_label(h))
            for h in hubs
        ]
    else:
        hrefs = {
            code: routes.link(Routes.directory("country", code.lower()), here)
            for code in {h.country for h in hubs}
        }
        pins = maps.grouped_pins(
            hubs, hrefs, lambda count, code: word("country_pin_label", count, code)
        )
    title = word("map_title", listing.title)
    svg = maps.map_svg(pins, routes.link(Routes.MAP_OUTLINE, here), title)
    return str(svg), word("map_caption", len(hubs) > PIN_LIMIT)


def hubs_index_json(site: Site, renderer: Renderer) -> str:
    """``data/hubs-index.json``: the compact list the directory's filters search, with
    each hub's and goal's address from the site's root."""
    routes = renderer.routes
    rows = [
        {
            "s": h.slug,
            "u": routes.url(Routes.hub(h.slug)),
            "n": h.name,
            "c": h.location.city,
            "cc": h.country.lower(),
            "cn": renderer.country_name(h.country),
            "g": list(h.sdgs),
            "st": h.status or "",
            "stl": renderer.label("hub-status", h.status) if h.status else "",
            "l": list(h.languages),
            "b": list(h.barriers),
        }
        for h in site.hubs
    ]
    goals = {
        str(g.number): {"t": g.title, "u": routes.url(Routes.sdg(g.number))} for g in site.sdgs
    }
    return json.dumps({"sdgs": goals, "hubs": rows}, ensure_ascii=False, separators=(",", ":"))
