"""Schema errors become messages a contributor can act on."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from oshub.load.yamlload import load_yaml
from oshub.schema.messages import did_you_mean, label, schema_problems


def problems_for(schema: dict[str, Any], text: str) -> list[tuple[int, int, str, str]]:
    doc, _ = load_yaml(text, "f.yaml")
    assert doc is not None
    return [
        (p.line, p.col, p.message, p.hint)
        for p in schema_problems(doc, Draft202012Validator(schema))
    ]


def test_one_of_reports_the_best_matching_branch() -> None:
    schema = {
        "properties": {
            "contact": {
                "oneOf": [
                    {"type": "string", "format": "email"},
                    {
                        "type": "object",
                        "properties": {"kind": {"enum": ["form", "email"]}},
                        "additionalProperties": False,
                    },
                ]
            }
        }
    }
    [(line, col, message, hint)] = problems_for(schema, "contact:\n  kind: from\n")
    assert (line, col) == (2, 9)
    assert message == 'contact.kind: the text "from" is not an allowed value'
    assert "did you mean `form`?" in hint


def test_any_of_with_a_typo_in_a_nested_key() -> None:
    schema = {
        "anyOf": [
            {"type": "array"},
            {
                "type": "object",
                "properties": {"name": {"type": "string"}},
                "additionalProperties": False,
            },
        ]
    }
    found = problems_for(schema, "title: x\nnmae: y\n")
    assert [(line, col, message) for line, col, message, _ in found] == [
        (1, 1, "unknown key `title`"),
        (2, 1, "unknown key `nmae`"),
    ]
    assert found[1][3].startswith("did you mean `name`?")


def test_labels_and_suggestions() -> None:
    assert label(("location", "lat")) == "location.lat"
    assert label(("sdgs", 2)) == "sdgs[2]"
    assert label(("projects", 0, "hub")) == "projects[0].hub"
    assert label(()) == "the file"
    assert did_you_mean("Active", ["active", "paused"]) == "did you mean `active`?"
    assert did_you_mean("zzz", ["active", "paused"]) == ""


def test_type_errors_say_what_was_found_and_how_to_fix() -> None:
    schema = {"properties": {"sdgs": {"type": "array"}, "name": {"type": "string"}}}
    found = problems_for(schema, "sdgs: 4\nname: 12\n")
    assert found[0][:3] == (1, 7, "sdgs: expected a list, found the whole number 4")
    assert "write a list" in found[0][3]
    assert found[1][:3] == (2, 7, "name: expected text, found the whole number 12")
    assert found[1][3].startswith('quote it: "12"')
