"""Every schema problem carries the JSON pointer of the value at fault."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from oshub.load.yamlload import load_yaml
from oshub.schema.messages import schema_problems

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "contact": {
            "type": "object",
            "properties": {"email": {"type": "string"}, "form": {"type": "string"}},
            "required": ["email"],
            "additionalProperties": False,
        },
        "projects": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"title": {"type": "string", "maxLength": 10}},
                "required": ["title"],
            },
        },
        "sdgs": {"type": "array", "uniqueItems": True},
        "status": {"enum": ["active", "completed"]},
        "name": {"type": "string"},
    },
    "required": ["name"],
}


def found(text: str) -> list[tuple[str, str]]:
    doc, _ = load_yaml(text, "f.yaml")
    assert doc is not None
    return [(p.pointer, p.message) for p in schema_problems(doc, Draft202012Validator(SCHEMA))]


def test_a_wrong_nested_value_points_at_itself() -> None:
    assert found("name: x\nprojects:\n  - title: fine\n  - title: far too long a title\n") == [
        ("/projects/1/title", "projects[1].title: too long (20 characters, at most 10)")
    ]
    assert found("name: x\nstatus: actve\n")[0][0] == "/status"


def test_a_missing_required_key_points_where_its_value_would_be() -> None:
    """The value the author must add (what a form asks for), not the mapping that lacks it."""
    assert sorted(found("contact:\n  form: https://example.org/\n")) == [
        ("/contact/email", "missing required key `email` in contact"),
        ("/name", "missing required key `name`"),
    ]
    assert [p for p, _ in found("name: x\nprojects:\n  - {}\n")] == ["/projects/0/title"]


def test_an_unknown_key_and_a_repeat_point_at_themselves() -> None:
    assert [p for p, _ in found("name: x\ncontact:\n  email: a\n  emial: b\n")] == [
        "/contact/emial"
    ]
    assert [p for p, _ in found("name: x\nsdgs: [4, 5, 4]\n")] == ["/sdgs/2"]
    # a key holding a slash or a tilde is escaped
    assert [p for p, _ in found("name: x\ncontact:\n  email: a\n  a/b~: c\n")] == [
        "/contact/a~1b~0"
    ]


def test_a_wrong_whole_document_has_the_root_pointer() -> None:
    assert found("- a list\n") == [
        ("", "the file: expected a mapping of keys to values, found a list")
    ]
