#!/usr/bin/env python3
"""Derive scripts/oshub/data/countries.json from Natural Earth outlines (run by hand, once).

Source: the npm package world-atlas 2.0.2 (Natural Earth 1:50m admin-0 countries
as TopoJSON). Usage:

    mkdir -p /tmp/wa && cd /tmp/wa && npm install world-atlas@2.0.2
    pip install pycountry   # only for this script: ISO numeric -> alpha-2 codes and names
    python scripts/derive_countries.py /tmp/wa/node_modules/world-atlas/countries-50m.json

Output: every ISO 3166-1 country (alpha-2 -> name), and for those with an outline
its bounding box and polygons. Coordinates are stored in hundredths of a degree
as integers, each ring as [lon0, lat0, dlon1, dlat1, ...] (first point absolute,
the rest as differences), which keeps the file small; ``oshub.core.geo`` decodes it.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

import pycountry

OUT = Path(__file__).resolve().parent / "oshub" / "data" / "countries.json"
# Features world-atlas leaves without an ISO numeric id that we can still name.
# ISO 3166-1 counts N. Cyprus and Somaliland within CY and SO; XK is the code in common use.
NO_ID = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}
# Codes world-atlas shares between several features (e.g. 036 Australia and Ashmore) merge.


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (TopoJSON arcs are quantized and delta-encoded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[int, int]]:
    """A ring's points in hundredths of a degree, without repeats."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    out: list[tuple[int, int]] = []
    for lon, lat in points:
        point = (round(lon * 100), round(lat * 100))
        if not out or out[-1] != point:
            out.append(point)
    return out


def encode(points: list[tuple[int, int]]) -> list[int]:
    """[x0, y0, dx1, dy1, ...]."""
    flat = [points[0][0], points[0][1]]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        flat.extend((x1 - x0, y1 - y0))
    return flat


def main(source: str) -> int:
    """Write countries.json from a world-atlas countries TopoJSON file."""
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    countries: dict[str, dict[str, Any]] = {
        c.alpha_2: {"name": getattr(c, "common_name", None) or c.name} for c in pycountry.countries
    }
    countries.setdefault("XK", {"name": "Kosovo"})
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        if "id" in geometry:
            found = pycountry.countries.get(numeric=geometry["id"])
            code = found.alpha_2 if found else None
        else:
            code = NO_ID.get(name)
        if code is None:
            print(f"skipped: {name!r} ({geometry.get('id')})", file=sys.stderr)
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        entry = countries[code]
        for polygon in polygons:
            rings = [ring(r, arcs) for r in polygon]
            rings = [r for r in rings if len(r) >= 3]
            if rings:
                entry.setdefault("polygons", []).append([encode(r) for r in rings])
                xs = [x for x, _ in rings[0]]
                ys = [y for _, y in rings[0]]
                box = entry.get("bbox", [min(xs), min(ys), max(xs), max(ys)])
                entry["bbox"] = [
                    min(box[0], *xs),
                    min(box[1], *ys),
                    max(box[2], *xs),
                    max(box[3], *ys),
                ]
    data = {
        "source": "Natural Earth 1:50m admin-0 countries, via the npm package world-atlas 2.0.2",
        "licence": "Natural Earth: public domain; world-atlas: ISC licence (c) Michael Bostock",
        "units": "hundredths of a degree; rings as [lon0, lat0, dlon1, dlat1, ...]",
        "countries": dict(sorted(countries.items())),
    }
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    with_outline = sum(1 for c in countries.values() if "polygons" in c)
    print(
        f"wrote {OUT}: {len(countries)} countries, {with_outline} with outlines, "
        f"{OUT.stat().st_size / 1024:.0f} KiB"
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    raise SystemExit(main(sys.argv[1]))
