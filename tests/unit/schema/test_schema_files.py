"""The open schemas themselves: valid 2020-12, documented, closed, and addressed by $id."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from oshub.core.project import KINDS
from support import REPO, SITE_URL

SCHEMAS = sorted((REPO / "schemas").glob("*.schema.json"))


def objects_with_properties(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if "properties" in node:
            yield where, node
        for key, value in node.items():
            yield from objects_with_properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from objects_with_properties(value, f"{where}/{index}")


def test_every_kind_has_its_schema() -> None:
    names = {path.name for path in SCHEMAS}
    assert set(KINDS.values()) <= names


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_and_identified(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"{SITE_URL}schemas/v1/{path.name}"
    assert schema["title"]
    assert schema["description"]


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_property_is_described_and_every_object_closed(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    for where, node in objects_with_properties(schema):
        if where.endswith("/if"):
            continue  # the condition of an if/then: it tests values, it defines no object
        assert node.get("additionalProperties") is False, f"{path.name}{where} is open"
        for name, prop in node["properties"].items():
            assert prop.get("description"), f"{path.name}{where}/properties/{name} undescribed"


@pytest.mark.parametrize("name", sorted(KINDS.values()))
def test_content_schemas_carry_valid_examples(name: str) -> None:
    schema = json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))
    assert schema["examples"], f"{name} has no examples"
