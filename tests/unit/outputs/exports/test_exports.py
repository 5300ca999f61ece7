"""Open data exports: what a spreadsheet or a program gets from the model."""

from __future__ import annotations

import csv
import io
import json

from oshub.model.entities import Hub, LocalText, Location, Site
from oshub.outputs.exports.exports import hubs_csv, hubs_geojson, hubs_json, script_tag
from oshub.routes import Routes

SITE_URL = "https://example.org/"
ROUTES = Routes(site_url=SITE_URL)


def _hub(**changes: object) -> Hub:
    fields: dict[str, object] = {
        "slug": "cell",
        "name": '=HYPERLINK("https://evil.example/","Click")',
        "country": "PT",
        "location": Location("@Braga", 41.55, -8.42, "city", region="-North"),
        "sdgs": (4,),
        "description": "A hub.",
        "last_reviewed": "2026-01-01",
        "source": "hubs/cell.yaml",
        "local_name": LocalText("+Célula", "pt"),
        "barriers": ("geographic",),
    }
    fields.update(changes)
    return Hub(**fields)  # type: ignore[arg-type]


def _rows(site: Site) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(hubs_csv(site, ROUTES), newline="")))


def test_csv_text_cells_never_start_a_formula() -> None:
    row = _rows(Site(hubs=(_hub(),), missions=()))[0]
    assert row["name"] == '\'=HYPERLINK("https://evil.example/","Click")'
    assert row["city"] == "'@Braga"
    assert row["region"] == "'-North"
    assert row["local_name"] == "'+Célula"
    assert row["slug"] == "cell"  # ordinary text is left alone


def test_csv_numbers_stay_numbers() -> None:
    row = _rows(Site(hubs=(_hub(),), missions=()))[0]
    assert float(row["lat"]) == 41.55
    assert float(row["lon"]) == -8.42  # a minus sign on a number is not a formula


def test_csv_tabs_and_carriage_returns_cannot_break_rows() -> None:
    hub = _hub(name="\tTabbed", location=Location("\rCity\rTown", 1.0, 2.0, "city"))
    text = hubs_csv(Site(hubs=(hub,), missions=()), ROUTES)
    rows = _rows(Site(hubs=(hub,), missions=()))
    assert len(rows) == 1
    assert rows[0]["name"] == "'\tTabbed"
    assert rows[0]["city"] == "'\rCity\rTown"
    assert text.endswith("\r\n")


def test_json_and_geojson_keep_the_text_as_written() -> None:
    site = Site(hubs=(_hub(),), missions=())
    record = json.loads(hubs_json(site, ROUTES))["hubs"][0]
    assert record["name"].startswith("=HYPERLINK")
    feature = json.loads(hubs_geojson(site, ROUTES))["features"][0]
    assert feature["properties"]["city"] == "@Braga"
    assert feature["geometry"]["coordinates"] == [-8.42, 41.55]


def test_json_ld_cannot_close_its_script_element() -> None:
    tag = script_tag({"name": "</script><script>alert(1)</script> & <!--"})
    body = tag.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body)["name"] == "</script><script>alert(1)</script> & <!--"
