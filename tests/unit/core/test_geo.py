"""Country outlines: pins of the real hubs are inside, pins at sea or abroad are not."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from oshub.core import geo


@pytest.mark.parametrize(
    ("place", "code", "lat", "lon"),
    [
        ("The Hague", "NL", 52.08, 4.31),
        ("Myrina, Lemnos", "GR", 39.87, 25.06),
        ("centre of Lemnos", "GR", 39.90, 25.25),
        ("Grenoble", "FR", 45.19, 5.72),
        ("Geneva, at the French border", "CH", 46.20, 6.14),
        ("Figueira de Castelo Rodrigo, near Spain", "PT", 40.89, -6.96),
        ("Linz", "AT", 48.31, 14.29),
        ("Dublin", "IE", 53.35, -6.26),
        ("Prague", "CZ", 50.08, 14.43),
        ("Siracusa", "IT", 37.08, 15.29),
        ("Provideniya, east of the antimeridian", "RU", 64.42, -173.23),
        ("Suva, Fiji", "FJ", -18.14, 178.44),
        ("Longyearbyen, Svalbard", "NO", 78.22, 15.65),
    ],
)
def test_real_places_are_inside_their_country(
    place: str, code: str, lat: float, lon: float
) -> None:
    assert geo.point_in_country(code, lat, lon) is True, place


@pytest.mark.parametrize(
    ("place", "code", "lat", "lon"),
    [
        ("Bay of Biscay, inside France's bounding box", "FR", 45.0, -6.0),
        ("Paris is not in Germany", "DE", 48.86, 2.35),
        ("Berlin is not in France", "FR", 52.52, 13.40),
        ("lat and lon swapped for The Hague", "NL", 4.31, 52.08),
        ("the Aegean between Lemnos and Lesbos", "GR", 39.55, 25.80),
    ],
)
def test_pins_at_sea_or_abroad_are_outside(place: str, code: str, lat: float, lon: float) -> None:
    assert geo.point_in_country(code, lat, lon) is False, place


def test_tolerance_admits_a_pin_just_off_a_simplified_coast() -> None:
    # Scheveningen beach, a few hundred metres out to sea from the 1:50m coastline
    assert geo.point_in_country("NL", 52.11, 4.25) is True
    assert geo.point_in_country("NL", 52.3, 3.6) is False  # 40 km out in the North Sea


def test_unknown_code_or_no_outline() -> None:
    assert geo.point_in_country("ZZ", 0.0, 0.0) is None
    assert geo.message_name("ZZ") is None
    assert geo.outline("ZZ") == []


def test_names_and_codes() -> None:
    codes = geo.known_country_codes()
    assert len(codes) >= 249
    assert {"NL", "GR", "PT", "CZ", "XK"} <= codes
    assert "UK" not in codes
    assert geo.message_name("FR") == "France"
    assert geo.outline("GR")


def test_nearest_countries() -> None:
    assert geo.nearest_countries(48.86, 2.35)[0] == "FR"
    assert geo.nearest_countries(45.0, -6.0, limit=2)[0] in ("ES", "FR")
    assert len(geo.nearest_countries(52.08, 4.31, limit=3)) == 3


def test_outline_rings_are_lon_lat_pairs() -> None:
    polygons = geo.outline("CH")
    assert polygons
    lon, lat = polygons[0][0][0]
    assert 5.9 <= lon <= 10.5
    assert 45.8 <= lat <= 47.9


def test_data_names_its_source_and_licence() -> None:
    text = resources.files("oshub.data").joinpath("countries.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert "Natural Earth" in data["source"]
    assert "public domain" in data["licence"]
