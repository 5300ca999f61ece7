"""The hub directory: a paginated list with a map, and one pre-built page per filter value.

Filter pages (``/hubs/country/gr/``, ``/hubs/sdg/14/``, ``/hubs/status/active/``,
``/hubs/language/el/``, ``/hubs/barrier/geographic/``) work without JavaScript;
with it, the directory page also combines filters and a text search over a
compact index (``/data/hubs-index.json``) that is only fetched when used.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import geo, maps
from .languages import language_name
from .model import Hub, Site
from .sdgs import sdg
from .urls import rel, rel_file

PAGE_SIZE = 48
"""Hubs on one page of a listing."""
PIN_LIMIT = 300
"""Above this many hubs a map shows one pin a country instead of one a hub."""


@dataclass(frozen=True)
class FacetValue:
    """One value of a filter: its key in URLs, label, directory URL and hubs."""

    key: str
    label: str
    url: str
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
    heading: Callable[[FacetValue], str]
    values: tuple[FacetValue, ...]
    open: bool = False


def facets(site: Site) -> tuple[Facet, ...]:
    """Every filter with the values present among the hubs."""

    def values(
        key: str, pick: Callable[[Hub], Iterable[str]], label: Callable[[str], str]
    ) -> tuple[FacetValue, ...]:
        groups: dict[str, list[Hub]] = {}
        for hub in site.hubs:
            for value in pick(hub):
                groups.setdefault(value, []).append(hub)
        found = [
            FacetValue(v, label(v), f"hubs/{key}/{v}/", tuple(hubs)) for v, hubs in groups.items()
        ]
        if key == "sdg":
            return tuple(sorted(found, key=lambda f: int(f.key)))
        return tuple(sorted(found, key=lambda f: f.label))

    return (
        Facet(
            "country",
            "By country",
            "Country",
            lambda v: f"Hubs in {v.label}",
            values(
                "country",
                lambda h: [h.country.lower()],
                lambda v: geo.country_name(v.upper()) or v,
            ),
            open=True,
        ),
        Facet(
            "sdg",
            "By Sustainable Development Goal",
            "Goal",
            lambda v: f"Hubs working on {v.label}",
            values("sdg", lambda h: [str(n) for n in h.sdgs], lambda v: sdg(int(v)).label),
        ),
        Facet(
            "status",
            "By status",
            "Status",
            lambda v: f"{v.label} hubs",
            values("status", lambda h: [h.status] if h.status else [], str.capitalize),
        ),
        Facet(
            "language",
            "By language",
            "Language",
            lambda v: f"Hubs working in {v.label}",
            values("language", lambda h: list(h.languages), language_name),
        ),
        Facet(
            "barrier",
            "By barrier the community faces",
            "Barrier",
            lambda v: f"Hubs whose community faces {v.label.lower()} barriers",
            values(
                "barrier", lambda h: list(h.barriers), lambda v: v.replace("-", " ").capitalize()
            ),
        ),
    )


@dataclass(frozen=True)
class Listing:
    """One page of a hub listing."""

    path: str
    """Source path of the generated page, e.g. ``hubs/country/gr/page/2.md``."""
    here: str
    """Its directory URL."""
    base: str
    """The URL of the listing's first page."""
    title: str
    hubs: tuple[Hub, ...]
    all_hubs: tuple[Hub, ...]
    page: int
    pages: int
    current: str | None
    """URL of the filter value shown (None for the whole directory)."""


def listings(site: Site, all_facets: tuple[Facet, ...]) -> list[Listing]:
    """Every page of the directory and of every filter value (``all_facets`` of ``site``)."""
    result: list[Listing] = []

    def paginate(base: str, title: str, hubs: tuple[Hub, ...], current: str | None) -> None:
        pages = max(1, -(-len(hubs) // PAGE_SIZE))
        for page in range(1, pages + 1):
            here = base if page == 1 else f"{base}page/{page}/"
            path = f"{base.rstrip('/')}.md" if base != "hubs/" else "hubs/index.md"
            if page > 1:
                path = f"{base}page/{page}.md"
            chunk = hubs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
            page_title = title if page == 1 else f"{title} (page {page} of {pages})"
            result.append(Listing(path, here, base, page_title, chunk, hubs, page, pages, current))

    paginate("hubs/", "Hubs", site.hubs, None)
    for facet in all_facets:
        for value in facet.values:
            paginate(value.url, facet.heading(value), value.hubs, value.url)
    return result


def directory_map(listing: Listing, site: Site) -> tuple[str, str]:
    """The map of a listing (SVG markup) and its caption."""
    rel_outline = rel_file(maps.OUTLINE_PATH, listing.here)
    hubs = list(listing.all_hubs)
    if len(hubs) <= PIN_LIMIT:
        pins = [maps.hub_pin(h, rel(f"hubs/{h.slug}/", listing.here)) for h in hubs]
        caption = (
            "Each pin links to its hub. Small dots mark a town centre; large dashed rings "
            "mark an approximate location. The list below holds the same hubs."
        )
    else:
        hrefs = {h.country: rel(f"hubs/country/{h.country.lower()}/", listing.here) for h in hubs}
        pins = maps.grouped_pins(hubs, hrefs)
        caption = "Each circle gives the number of hubs in a country and links to them."
    svg = maps.map_svg(pins, rel_outline, f"Map of {listing.title.lower()}")
    return str(svg), caption


def hubs_index_json(site: Site) -> str:
    """``/data/hubs-index.json``: the compact list the directory's filters search."""
    rows = [
        {
            "s": h.slug,
            "n": h.name,
            "c": h.location.city,
            "cc": h.country.lower(),
            "cn": h.country_name,
            "g": list(h.sdgs),
            "st": h.status or "",
            "l": list(h.languages),
            "b": list(h.barriers),
        }
        for h in site.hubs
    ]
    sdg_titles = {str(g.number): g.title for g in site.sdgs}
    return json.dumps({"sdgs": sdg_titles, "hubs": rows}, ensure_ascii=False, separators=(",", ":"))
