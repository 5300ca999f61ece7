"""Checks on one document and across documents (``oshub.validate.checks``), on small inputs."""

from __future__ import annotations

from datetime import date

from oshub.load.yamlload import load_yaml
from oshub.validate.checks import (
    Loaded,
    check_collection,
    check_dates,
    check_mission_refs,
    check_slug,
    check_text,
)


def _doc(text: str, path: str = "hubs/x.yaml"):  # type: ignore[no-untyped-def]
    doc, problems = load_yaml(text, path)
    assert doc is not None and problems == []
    return doc


def _lines(problems) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{p.line}:{p.col}: {p.message}" for p in problems]


def test_every_piece_of_raw_html_in_a_text_is_reported_at_its_place() -> None:
    doc = _doc('name: x\ndescription: |\n  One <div onclick="x"> and\n  <a href="y">two</a>\n')
    assert _lines(check_text(doc)) == [
        '3:7: description: raw HTML is not allowed in text (`<div onclick="x">`)',
        '4:3: description: raw HTML is not allowed in text (`<a href="y">`)',
    ]
    alone = _doc("description: a stray </div> here\n")
    assert _lines(check_text(alone)) == [
        "1:22: description: raw HTML is not allowed in text (`</div>`)"
    ]


def test_links_in_text_must_be_full_addresses() -> None:
    doc = _doc(
        "description: |\n"
        "  See [the guide](../guides/x/) and [ok](https://example.org/).\n"
        "  > [r]: javascript:alert(1)\n"
    )
    assert _lines(check_text(doc)) == [
        "2:19: description: link `../guides/x/` is relative",
        "3:10: description: link scheme `javascript:` is not allowed",
    ]


def test_dates_out_of_order_and_in_the_future() -> None:
    doc = _doc("started: '2024-05-01'\nended: '2023-01-01'\nlast_reviewed: '2030-01-01'\n")
    keys = frozenset({"started", "ended", "last_reviewed"})
    found = _lines(check_dates(doc, keys, date(2026, 1, 1)))
    assert any("ended (2023-01-01) is before started (2024-05-01)" in line for line in found)
    assert any("last_reviewed" in line and "future" in line for line in found)


def test_mission_references_name_unknown_hubs_with_a_suggestion() -> None:
    doc = _doc("hubs: [lemnos, dublinn]\n", "missions/m.yaml")
    found = list(check_mission_refs(doc, {"lemnos", "dublin"}))
    assert [p.line for p in found] == [1]
    assert "dublinn" in found[0].message and "dublin" in found[0].hint


def test_two_hubs_with_the_same_name_are_reported_on_the_second() -> None:
    first = Loaded("hub", "a", _doc("name: Harbour Hub\n", "hubs/a.yaml"))
    second = Loaded("hub", "b", _doc("name: harbour  hub\n", "hubs/b.yaml"))
    found = list(check_collection([first, second], "hub", "name"))
    assert [p.path for p in found] == ["hubs/b.yaml"]


def test_slugs_are_lowercase_words_with_single_hyphens() -> None:
    assert list(check_slug("hubs/good-one.yaml", "good-one")) == []
    assert list(check_slug("hubs/Bad--One.yaml", "Bad--One"))
    assert list(check_slug("hubs/map.yaml", "map", frozenset({"map"})))


def test_images_on_other_hosts_in_text_are_reported_at_their_line() -> None:
    doc = _doc(
        "name: x\n"
        "description: |\n"
        "  Our hub ![x](https://evil.example/hub2.png)\n"
        "  and ![a [b] c](//evil.example/x1.png) ![ours] [r10]\n"
        "\n"
        "  [r10]: https://evil.example/r10.png\n"
        "short: '![y](https://evil.example/s.png)'\n"
        "links: 'a [page](https://oshub.network/)'\n"
    )
    assert _lines(check_text(doc)) == [
        "3:16: description: image on another host: `https://evil.example/hub2.png`",
        "4:18: description: image on another host: `//evil.example/x1.png`",
        "6:10: description: image on another host: `https://evil.example/r10.png`",
        "7:14: short: image on another host: `https://evil.example/s.png`",
    ]
