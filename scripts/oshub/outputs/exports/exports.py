"""Open data exports (JSON, CSV, GeoJSON) and JSON-LD, all read from the model.

Every export carries its licence inside: JSON and GeoJSON as top-level members,
CSV as a ``licence`` column. The shapes are documented on the data page, which is
generated from ``HUB_CSV_COLUMNS`` and the functions here.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from dataclasses import asdict
from functools import lru_cache
from typing import Any

from oshub.core.csvsafe import spreadsheet_safe
from oshub.core.sdgs import sdg
from oshub.core.text import markdown_summary
from oshub.model.entities import CONTENT_LICENCE, Hub, Mission, Site
from oshub.render.names import country_name
from oshub.routes import Routes


def _meta(routes: Routes) -> dict[str, str]:
    return {
        "licence": CONTENT_LICENCE.spdx,
        "licence_url": CONTENT_LICENCE.url,
        "attribution": CONTENT_LICENCE.attribution,
        "source": routes.absolute(Routes.HOME),
    }


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, (), [], {})}


def _with_missions(
    record: dict[str, Any], missions: tuple[str, ...], examples: tuple[str, ...]
) -> dict[str, Any]:
    """A hub's record with the slugs of its missions, and of those among them that are
    example outlines (``example_missions``, left out when there is none)."""
    record["missions"] = list(missions)
    if examples:
        record["example_missions"] = list(examples)
    return record


def _hub_plain(hub: Hub, routes: Routes, pages: bool) -> dict[str, Any]:
    record = _drop_empty(asdict(hub))
    record.pop("source", None)
    record["location"] = _drop_empty(record["location"])
    if "hosts" in record:
        record["hosts"] = [_drop_empty(h) for h in record["hosts"]]
    if "contact" in record:
        record["contact"] = _drop_empty(record["contact"])
    if "sources" in record:
        record["sources"] = [_drop_empty(s) for s in record["sources"]]
    record["country_name"] = country_name(hub.country)  # CLDR, as on the pages
    if pages:
        record["url"] = routes.absolute(Routes.hub(hub.slug))
    return record


def mission_record(mission: Mission, routes: Routes, pages: bool = True) -> dict[str, Any]:
    """One mission as plain data, plus slug and page URL (when the site has its page)."""
    record = _drop_empty(asdict(mission))
    record.pop("source", None)
    record["challenges"] = [_drop_empty(c) for c in record["challenges"]]
    if "projects" in record:
        projects = []
        for project in record["projects"]:
            project = _drop_empty(project)
            if "outputs" in project:
                project["outputs"] = [_drop_empty(o) for o in project["outputs"]]
            projects.append(project)
        record["projects"] = projects
    if pages:
        record["url"] = routes.absolute(Routes.mission(mission.slug))
    return record


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _listing_json(meta: dict[str, str], key: str, items: list[str]) -> str:
    """``_json({**meta, key: [...]})`` from items already written as JSON (indented as
    members of a top-level list): the same text, without encoding every item again."""
    if not items:
        return _json({**meta, key: []})
    head = json.dumps(meta, ensure_ascii=False, indent=2)[:-2]
    return f"{head},\n  {json.dumps(key)}: [\n" + ",\n".join(items) + "\n  ]\n}\n"


def _as_item(record: dict[str, Any]) -> str:
    return textwrap.indent(json.dumps(record, ensure_ascii=False, indent=2), "    ")


@lru_cache(maxsize=16384)
def _hub_item(
    hub: Hub, missions: tuple[str, ...], examples: tuple[str, ...], routes: Routes, pages: bool
) -> str:
    return _as_item(_with_missions(_hub_plain(hub, routes, pages), missions, examples))


@lru_cache(maxsize=16384)
def _mission_item(mission: Mission, routes: Routes, pages: bool) -> str:
    return _as_item(mission_record(mission, routes, pages))


def hubs_json(site: Site, routes: Routes, pages: bool = True) -> str:
    """``data/hubs.json``: licence members and a ``hubs`` list.

    Each hub's part is kept by the hub's value (hubs are frozen): a rebuild after one
    file changed writes the others from memory, byte for byte the same."""
    by_hub = site.missions_by_hub
    items = [
        _hub_item(
            h,
            tuple(m.slug for m in by_hub.get(h.slug, ())),
            tuple(m.slug for m in by_hub.get(h.slug, ()) if m.example),
            routes,
            pages,
        )
        for h in site.hubs
    ]
    return _listing_json(_meta(routes), "hubs", items)


def missions_json(site: Site, routes: Routes, pages: bool = True) -> str:
    """``data/missions.json``: licence members and a ``missions`` list (each mission's
    part kept by its value, as for hubs)."""
    items = [_mission_item(m, routes, pages) for m in site.missions]
    return _listing_json(_meta(routes), "missions", items)


HUB_CSV_COLUMNS = (
    *("slug", "name", "local_name", "local_name_lang", "country", "city", "region"),
    *("lat", "lon", "precision", "status", "sdgs", "barriers", "languages", "hosts"),
    *("missions", "url", "last_reviewed", "licence", "example_missions"),
)
"""The columns of ``hubs.csv``, in order (what each holds: ``csv_column`` in words.html);
columns added later go at the end, so that readers by position keep working."""


def hubs_csv(site: Site, routes: Routes, pages: bool = True) -> str:
    """``/data/hubs.csv``: one row a hub, the columns of ``HUB_CSV_COLUMNS``.

    Text cells are made safe to open in a spreadsheet (``spreadsheet_safe``)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(HUB_CSV_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for hub in site.hubs:
        row: dict[str, object] = {
            "slug": hub.slug,
            "name": hub.name,
            "local_name": hub.local_name.text if hub.local_name else "",
            "local_name_lang": hub.local_name.lang if hub.local_name else "",
            "country": hub.country,
            "city": hub.location.city,
            "region": hub.location.region or "",
            "lat": hub.location.lat,
            "lon": hub.location.lon,
            "precision": hub.location.precision,
            "status": hub.status or "",
            "sdgs": ";".join(str(n) for n in hub.sdgs),
            "barriers": ";".join(hub.barriers),
            "languages": ";".join(hub.languages),
            "hosts": ";".join(h.name for h in hub.hosts),
            "missions": ";".join(m.slug for m in site.missions_by_hub.get(hub.slug, ())),
            "example_missions": ";".join(
                m.slug for m in site.missions_by_hub.get(hub.slug, ()) if m.example
            ),
            "url": routes.absolute(Routes.hub(hub.slug)) if pages else "",
            "last_reviewed": hub.last_reviewed,
            "licence": CONTENT_LICENCE.spdx,
        }
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return out.getvalue()


def hubs_geojson(site: Site, routes: Routes, pages: bool = True) -> str:
    """``data/hubs.geojson``: an RFC 7946 FeatureCollection of hub pins."""
    features = [
        {
            "type": "Feature",
            "id": hub.slug,
            "geometry": {"type": "Point", "coordinates": [hub.location.lon, hub.location.lat]},
            "properties": _drop_empty(
                {
                    "slug": hub.slug,
                    "name": hub.name,
                    "country": hub.country,
                    "city": hub.location.city,
                    "precision": hub.location.precision,
                    "status": hub.status,
                    "sdgs": list(hub.sdgs),
                    "url": routes.absolute(Routes.hub(hub.slug)) if pages else None,
                }
            ),
        }
        for hub in site.hubs
    ]
    return _json({"type": "FeatureCollection", **_meta(routes), "features": features})


def hub_jsonld(hub: Hub, site: Site, routes: Routes) -> dict[str, Any]:
    """schema.org ``Organization`` for a hub's page."""
    url = routes.absolute(Routes.hub(hub.slug))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": url,
        "name": hub.name,
        "url": url,
        "description": markdown_summary(hub.description),
        "address": _drop_empty(
            {
                "@type": "PostalAddress",
                "addressLocality": hub.location.city,
                "addressRegion": hub.location.region,
                "addressCountry": hub.country,
            }
        ),
        "location": {
            "@type": "Place",
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": hub.location.lat,
                "longitude": hub.location.lon,
            },
        },
        "memberOf": {"@type": "Organization", "name": site.settings.network},
    }
    if hub.sdgs:  # only goals a source names: none when they are not recorded
        data["knowsAbout"] = [sdg(n).label for n in hub.sdgs]
    if hub.local_name:
        data["alternateName"] = hub.local_name.text
    if hub.languages:
        data["knowsLanguage"] = list(hub.languages)
    if hub.hosts:
        data["parentOrganization"] = [
            _drop_empty({"@type": "Organization", "name": h.name, "url": h.url}) for h in hub.hosts
        ]
    if hub.links:
        data["sameAs"] = [link.url for link in hub.links]
    if hub.contact and hub.contact.email:
        data["email"] = hub.contact.email
    return data


def mission_jsonld(mission: Mission, site: Site, routes: Routes) -> dict[str, Any]:
    """schema.org ``Project`` for a mission's page."""
    members = [site.hub_by_slug[s] for s in mission.hubs if s in site.hub_by_slug]
    url = routes.absolute(Routes.mission(mission.slug))
    return {
        "@context": "https://schema.org",
        "@type": "Project",
        "@id": url,
        "name": mission.title,
        "url": url,
        "description": mission.summary,
        "keywords": [sdg(n).label for n in mission.sdgs],
        "license": CONTENT_LICENCE.url,
        "member": [
            {"@type": "Organization", "name": h.name, "url": routes.absolute(Routes.hub(h.slug))}
            for h in members
        ],
    }


def script_tag(data: dict[str, Any]) -> str:
    """A ``<script type="application/ld+json">`` element, safe to embed in HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'
