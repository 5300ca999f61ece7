"""Countries and their outlines: is a hub's pin inside the country it names?

Outlines are Natural Earth 1:50m (see ``data/README.md``), simplified enough that
a coastal town or a small island can fall just outside; a tolerance (15 km by
default) keeps such honest pins from being rejected, while a pin at sea or in
the neighbouring country is caught. Whole-country bounding boxes would be far
too coarse (France's spans the Bay of Biscay), so each polygon is tested.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

Ring = list[tuple[float, float]]
"""(lon, lat) points, first point not repeated at the end."""

_KM_PER_DEGREE = 111.2


_BANDS = 32
"""Horizontal bands a ring's edges are sorted into, so that a point is tested against
the few edges that cross its latitude instead of the whole outline."""

Edge = tuple[float, float, float, float]


@dataclass(frozen=True)
class _Polygon:
    rings: tuple[Ring, ...]  # outer ring first, then holes
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat

    @cached_property
    def bands(self) -> tuple[tuple[tuple[Edge, ...], ...], ...]:
        """For each ring, its edges (x1, y1, x2, y2) by band of latitude."""
        y0, height = self.bbox[1], (self.bbox[3] - self.bbox[1]) / _BANDS or 1.0
        result = []
        for ring in self.rings:
            bands: list[list[Edge]] = [[] for _ in range(_BANDS)]
            previous = ring[-1]
            for point in ring:
                low, high = sorted((previous[1], point[1]))
                first = min(max(int((low - y0) / height), 0), _BANDS - 1)
                last = min(max(int((high - y0) / height), 0), _BANDS - 1)
                for band in range(first, last + 1):
                    bands[band].append((point[0], point[1], previous[0], previous[1]))
                previous = point
            result.append(tuple(tuple(b) for b in bands))
        return tuple(result)


@dataclass(frozen=True)
class _Country:
    name: str
    polygons: tuple[_Polygon, ...]
    bbox: tuple[float, float, float, float] | None


def _decode(flat: list[int]) -> Ring:
    x, y = flat[0], flat[1]
    points = [(x / 100, y / 100)]
    for i in range(2, len(flat), 2):
        x += flat[i]
        y += flat[i + 1]
        points.append((x / 100, y / 100))
    return points


@cache
def _countries() -> dict[str, _Country]:
    text = resources.files("oshub.data").joinpath("countries.json").read_text(encoding="utf-8")
    raw = json.loads(text)["countries"]
    countries: dict[str, _Country] = {}
    for code, entry in raw.items():
        polygons = []
        for polygon in entry.get("polygons", []):
            rings = tuple(_decode(r) for r in polygon)
            xs = [p[0] for p in rings[0]]
            ys = [p[1] for p in rings[0]]
            polygons.append(_Polygon(rings, (min(xs), min(ys), max(xs), max(ys))))
        box = entry.get("bbox")
        bbox = (box[0] / 100, box[1] / 100, box[2] / 100, box[3] / 100) if box else None
        countries[code] = _Country(entry["name"], tuple(polygons), bbox)
    return countries


def message_name(code: str) -> str | None:
    """The English short name of an ISO 3166-1 alpha-2 code for validation messages (the
    light layer has no CLDR; pages and open data name countries with Babel), or None."""
    country = _countries().get(code)
    return country.name if country else None


def known_country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code (and XK for Kosovo)."""
    return frozenset(_countries())


def outline(code: str) -> list[list[Ring]]:
    """The country's polygons, each a list of rings of (lon, lat); empty when unknown."""
    country = _countries().get(code)
    return [list(p.rings) for p in country.polygons] if country else []


def _crossings(edges: tuple[Edge, ...], lon: float, lat: float) -> bool:
    """Whether a ray from the point crosses these edges an odd number of times."""
    inside = False
    for xi, yi, xj, yj in edges:
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
    return inside


def _in_polygon(polygon: _Polygon, lon: float, lat: float) -> bool:
    x0, y0, x1, y1 = polygon.bbox
    if not (x0 <= lon <= x1 and y0 <= lat <= y1):
        return False
    height = (y1 - y0) / _BANDS or 1.0
    band = min(max(int((lat - y0) / height), 0), _BANDS - 1)
    outer, *holes = polygon.bands
    return _crossings(outer[band], lon, lat) and not any(
        _crossings(hole[band], lon, lat) for hole in holes
    )


def _segment_km(lon: float, lat: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance from the point to segment a-b, on a local equirectangular projection."""
    scale = math.cos(math.radians(lat))
    ax, ay = (a[0] - lon) * scale, a[1] - lat
    bx, by = (b[0] - lon) * scale, b[1] - lat
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length))
    return math.hypot(ax + t * dx, ay + t * dy) * _KM_PER_DEGREE


def _box_km(box: tuple[float, float, float, float], lon: float, lat: float) -> float:
    """A lower bound of the distance from the point to anything inside ``box``."""
    dlon = max(box[0] - lon, 0.0, lon - box[2])
    dlat = max(box[1] - lat, 0.0, lat - box[3])
    scale = max(math.cos(math.radians(min(abs(lat) + dlat, 90.0))), 0.0)
    return math.hypot(dlon * scale, dlat) * _KM_PER_DEGREE


def _distance_km(country: _Country, lat: float, lon: float, limit: float) -> float:
    """Distance from the point to the country (0 inside); ``limit`` or more when far."""
    if any(_in_polygon(polygon, lon, lat) for polygon in country.polygons):
        return 0.0  # the common case: a pin inside its country, found by a few edges
    best = limit
    for polygon in country.polygons:
        if _box_km(polygon.bbox, lon, lat) >= best:
            continue
        for ring in polygon.rings:
            previous = ring[-1]
            for point in ring:
                best = min(best, _segment_km(lon, lat, previous, point))
                previous = point
    return best


def point_in_country(code: str, lat: float, lon: float, tolerance_km: float = 15.0) -> bool | None:
    """Whether (lat, lon) lies in the country or within ``tolerance_km`` of its outline.

    None when the country is unknown or has no outline in the data.
    """
    country = _countries().get(code)
    if country is None or not country.polygons:
        return None
    return _distance_km(country, lat, lon, tolerance_km + 1.0) <= tolerance_km


def nearest_countries(lat: float, lon: float, limit: int = 3) -> list[str]:
    """Codes of the countries containing or closest to the point, nearest first."""
    found: list[tuple[float, str]] = []
    cutoff = 2000.0
    ranked = sorted(
        (_box_km(c.bbox, lon, lat), code)
        for code, c in _countries().items()
        if c.bbox is not None and c.polygons
    )
    for box_km, code in ranked:
        if len(found) >= limit and box_km >= found[-1][0]:
            break
        distance = _distance_km(_countries()[code], lat, lon, cutoff)
        if distance < cutoff:
            found.append((distance, code))
            found.sort()
            del found[limit:]
    return [code for _, code in found]
