"""Maps drawn at build time as SVG: no tile server, no request to any other host.

One shared outline of Europe (``assets/maps/europe.svg``) is drawn once from the
Natural Earth outlines in ``data/countries.json``; every map on the site (the
directory map, filter pages, the small locator on each hub page) places it as an
``<image>`` and draws its pins on top, so the outline is downloaded once and cached.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from markupsafe import Markup, escape

from oshub.core import geo
from oshub.model.entities import Hub

WEST, SOUTH, EAST, NORTH = -25.0, 34.0, 45.0, 72.0
"""The area the map shows, in degrees."""
WIDTH = 1000
_SCALE_X = math.cos(math.radians(52.0))
_UNIT = WIDTH / ((EAST - WEST) * _SCALE_X)
HEIGHT = round((NORTH - SOUTH) * _UNIT)
_MIN_STEP = 2.2  # drop outline points closer than this to the last one kept (map units)


def project(lat: float, lon: float) -> tuple[float, float]:
    """Map units (x right, y down) of a point, on the map's equirectangular projection."""
    return (lon - WEST) * _SCALE_X * _UNIT, (NORTH - lat) * _UNIT


def _unwrap(ring: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Longitudes made continuous, so a ring crossing the antimeridian is not drawn
    as a band across the whole map."""
    out: list[tuple[float, float]] = []
    shift = 0.0
    for lon, lat in ring:
        if out:
            previous = out[-1][0] - shift
            if lon - previous > 180:
                shift -= 360
            elif previous - lon > 180:
                shift += 360
        out.append((lon + shift, lat))
    return out


def _ring_path(ring: Iterable[tuple[float, float]]) -> str:
    points: list[tuple[int, int]] = []
    for lon, lat in _unwrap(ring):
        x, y = project(lat, lon)
        # outside the map, points are pressed onto a frame just beyond its edge:
        # what is visible keeps its shape, and the file stays small
        point = (round(min(max(x, -10), WIDTH + 10)), round(min(max(y, -10), HEIGHT + 10)))
        if points and math.dist(point, points[-1]) < _MIN_STEP:
            continue
        points.append(point)
    if len(points) < 3:
        return ""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    if max(xs) < 0 or min(xs) > WIDTH or max(ys) < 0 or min(ys) > HEIGHT:
        return ""
    if max(xs) - min(xs) < 3 and max(ys) - min(ys) < 3:
        return ""  # a dot: too small to draw
    parts = [f"M{points[0][0]} {points[0][1]}l"]
    parts.extend(f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in itertools.pairwise(points))
    return " ".join(parts) + "z"


@cache
def outline_svg(title: str) -> str:
    """The shared outline of Europe's countries, as a standalone SVG file with ``title``
    (drawn once a process for each title: it depends only on the packaged data)."""
    paths = []
    for code in sorted(geo.known_country_codes()):
        rings = [ring for polygon in geo.outline(code) for ring in polygon]
        data = "".join(_ring_path(ring) for ring in rings)
        if data:
            paths.append(f'<path d="{data}"/>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}">'
        f"<title>{escape(title)}</title>"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#eef4f8"/>'
        '<g fill="#dcdcd4" stroke="#ffffff" stroke-width="0.8" stroke-linejoin="round">'
        + "".join(paths)
        + "</g></svg>\n"
    )


@dataclass(frozen=True)
class Pin:
    """A point on the map that links somewhere."""

    x: float
    y: float
    label: str
    href: str
    approximate: bool = False
    count: int = 1


def hub_pin(hub: Hub, href: str, label: str) -> Pin:
    """The pin of one hub (``label`` names it); a region-precision pin is drawn as
    approximate."""
    x, y = project(hub.location.lat, hub.location.lon)
    return Pin(x, y, label, href, hub.location.precision == "region")


def _pin_markup(pin: Pin) -> str:
    label = escape(pin.label)
    if pin.count > 1:
        radius = min(8 + 3 * math.log2(pin.count), 30)
        return (
            f'<a href="{escape(pin.href)}" aria-label="{label}"><title>{label}</title>'
            f'<circle class="oshub-pin oshub-pin--group" cx="{pin.x:.0f}" cy="{pin.y:.0f}" '
            f'r="{radius:.0f}"/><text x="{pin.x:.0f}" y="{pin.y:.0f}" dy="0.35em" '
            f'class="oshub-pin__count">{pin.count}</text></a>'
        )
    shape = "oshub-pin oshub-pin--approx" if pin.approximate else "oshub-pin"
    radius = 16 if pin.approximate else 7
    return (
        f'<a href="{escape(pin.href)}" aria-label="{label}"><title>{label}</title>'
        f'<circle class="{shape}" cx="{pin.x:.0f}" cy="{pin.y:.0f}" r="{radius}"/></a>'
    )


def map_svg(
    pins: list[Pin],
    outline_href: str,
    title: str,
    view: tuple[float, float, float, float] | None = None,
    css_class: str = "oshub-map__svg",
) -> Markup:
    """An inline SVG map: the shared outline as an image, and a link for every pin."""
    x, y, w, h = view or (0, 0, WIDTH, HEIGHT)
    body = "".join(_pin_markup(p) for p in pins if p.x > -50 and p.y > -50)
    return Markup(  # every value above is a number or escaped
        f'<svg class="{css_class}" viewBox="{x:.0f} {y:.0f} {w:.0f} {h:.0f}" role="group" '
        f'aria-label="{escape(title)}">'
        f'<image href="{escape(outline_href)}" x="0" y="0" width="{WIDTH}" height="{HEIGHT}" '
        'aria-hidden="true"/>'
        f"{body}</svg>"
    )


def locator_view(
    hub: Hub, width: float = 260, height: float = 200
) -> tuple[float, float, float, float]:
    """A small window of the map around a hub (for the locator map on its page)."""
    x, y = project(hub.location.lat, hub.location.lon)
    left = min(max(x - width / 2, 0), WIDTH - width)
    top = min(max(y - height / 2, 0), HEIGHT - height)
    return (left, top, width, height)


def grouped_pins(
    hubs: list[Hub], href_for_country: dict[str, str], label: Callable[[int, str], str]
) -> list[Pin]:
    """One pin a country (at the mean of its hubs), for directories too large to pin
    each hub; ``label(count, country_code)`` names it."""
    groups: dict[str, list[Hub]] = {}
    for hub in hubs:
        groups.setdefault(hub.country, []).append(hub)
    pins = []
    for code, members in sorted(groups.items()):
        lat = sum(h.location.lat for h in members) / len(members)
        lon = sum(h.location.lon for h in members) / len(members)
        x, y = project(lat, lon)
        pins.append(
            Pin(x, y, label(len(members), code), href_for_country[code], count=len(members))
        )
    return pins
