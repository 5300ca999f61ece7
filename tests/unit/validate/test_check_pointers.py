"""Problems of the checks beyond the schemas point at the value they are about (a JSON
pointer); those about a whole file, its name or a line of a page's body point nowhere."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from oshub.core.project import load_project
from oshub.load.yamlload import Document, load_yaml
from oshub.validate.checks import (
    Loaded,
    check_collection,
    check_glossary,
    check_guide_titles,
    check_hub,
    check_mission_refs,
    check_page_facts,
    check_slug,
    check_text,
)
from oshub.validate.decoded_text import decoded_problems
from oshub.validate.run import validate_project
from support import PAGE_FACTS

AREAS = ("facilitation", "equity")


def _doc(text: str, path: str = "hubs/x.yaml") -> Document:
    doc, problems = load_yaml(text, path)
    assert doc is not None and problems == []
    return doc


def test_unknown_hubs_of_a_mission_point_at_the_item() -> None:
    doc = _doc(
        "hubs: [lemnos, dublinn]\nchallenges:\n  - title: a\n    hub: galway\n", "missions/m.yaml"
    )
    found = list(check_mission_refs(doc, {"lemnos", "dublin", "galway"}))
    assert [p.pointer for p in found] == ["/hubs/1", "/challenges/0/hub"]


def test_a_name_another_file_has_and_a_taken_alias_point_at_the_name_and_the_alias() -> None:
    first = Loaded("hub", "a", _doc("name: Harbour Hub\n", "hubs/a.yaml"))
    second = Loaded("hub", "b", _doc("name: harbour  hub\naliases: [c, a]\n", "hubs/b.yaml"))
    found = list(check_collection([first, second], "hub", "name"))
    assert [(p.path, p.pointer) for p in found] == [
        ("hubs/b.yaml", "/name"),
        ("hubs/b.yaml", "/aliases/1"),
    ]


def test_look_alike_titles_and_terms_defined_twice_point_at_the_title_and_the_term() -> None:
    latin = Loaded("guide", "a", _doc("title: Soap\n", "blueprint/guides/equity/a.md"))
    cyrillic = Loaded("guide", "b", _doc("title: S\u043eap\n", "blueprint/guides/equity/b.md"))
    [alike] = check_guide_titles([latin, cyrillic])
    assert (alike.path, alike.pointer) == ("blueprint/guides/equity/b.md", "/title")
    glossary = _doc("terms:\n  - term: Hub\n  - term: hub\n", "data/glossary.yaml")
    assert [p.pointer for p in check_glossary(glossary)] == ["/terms/1/term"]


def test_text_checks_point_at_the_field_holding_the_text() -> None:
    doc = _doc(
        "description: One <b>bold</b> word\n"
        "hosts:\n  - about: '![x](https://evil.example/x.png) [y](../y/)'\n"
    )
    assert [p.pointer for p in check_text(doc)] == [
        "/description",
        "/hosts/0/about",
        "/hosts/0/about",
    ]


def test_hub_checks_point_at_the_value_they_judge() -> None:
    doc = _doc(
        "country: NL\nlocation: {lat: 38.0, lon: 23.7}\ncontact: {email: jane.doe@example.org}\n"
    )
    assert [p.pointer for p in check_hub(doc)] == ["/location/lat", "/contact/email"]


def test_a_missing_page_fact_points_where_it_would_be_and_a_file_name_nowhere() -> None:
    rel = "blueprint/guides/equity/page.md"
    found = list(check_page_facts(_doc("title: A page\n", rel), rel, AREAS))
    assert [p.pointer for p in found] == [
        "/audience",
        "/before_you_start",
        "/time_needed",
        "/in_brief",
    ]
    assert [p.pointer for p in check_slug("hubs/Bad--One.yaml", "Bad--One")] == [""]


def test_an_escaped_deceptive_character_points_at_its_value() -> None:
    text = 'name: x\nlocal_name:\n  text: "Tartu\\u202e"\n'
    doc = _doc(text)
    assert [p.pointer for p in decoded_problems(doc, text, "hubs/x.yaml")] == ["/local_name/text"]


def test_front_matter_problems_point_into_the_front_matter_and_body_ones_nowhere(
    project: Path, write: Callable[[str, str], Path]
) -> None:
    write(
        "blueprint/guides/equity/page.md",
        "---\ntitle: A page\narea: equitty\n" + PAGE_FACTS + "audience: [teachers]\n---\n"
        "# A page\n\n<script>x()</script>\n",
    )
    result = validate_project(load_project(project), today=date(2026, 1, 1))
    found = {p.line: (p.pointer, p.message) for p in result.problems}
    assert sorted(found) == [3, 8, 12]
    assert found[3][0] == "/area"  # a schema error in the front matter, at its line
    assert found[8] == ("/audience", "duplicate key `audience` (first defined on line 4)")
    assert found[12][0] == "" and "script" in found[12][1]  # in the body: a line, no value
