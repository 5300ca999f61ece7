"""The compiled fast check and the detailed validator always agree on valid or not."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from oshub.core.project import load_project
from oshub.load.yamlload import load_yaml
from oshub.schema.registry import SchemaSet, load_schemas
from support import REPO

ODD_VALUES: list[Any] = [
    None,
    True,
    0,
    99,
    -1.5,
    "",
    "x",
    "2024-02-30",
    "2024-01-01",
    "javascript:alert(1)",
    "https://example.org/",
    "mailto:hub@example.org",
    "a" * 300,
    [],
    [1, 1],
    {},
    {"unknown": 1},
]


@pytest.fixture(scope="module")
def schemas() -> SchemaSet:
    return load_schemas(load_project(REPO))


def variants(data: Any) -> Iterator[Any]:
    """``data`` with one place changed: removed, or given an odd value."""
    if isinstance(data, dict):
        for key in data:
            removed = copy.deepcopy(data)
            del removed[key]
            yield removed
            for value in ODD_VALUES:
                changed = copy.deepcopy(data)
                changed[key] = value
                yield changed
            for inner in variants(data[key]):
                changed = copy.deepcopy(data)
                changed[key] = inner
                yield changed
    elif isinstance(data, list) and data:
        for value in ODD_VALUES:
            yield [value, *data[1:]]
        for inner in variants(data[0]):
            yield [inner, *data[1:]]


@pytest.mark.parametrize("rel", ["hubs/the-hague.yaml", "missions/make-mend-reuse.yaml"])
def test_fast_and_detailed_verdicts_agree(schemas: SchemaSet, rel: str) -> None:
    project = load_project(REPO)
    file = next(f for f in project.content_files() if f.rel == rel)
    doc, _ = load_yaml(file.path.read_text(encoding="utf-8"), file.rel)
    assert doc is not None
    fast, detailed = schemas.fast[file.kind], schemas.validator(file.kind)
    checked = 0
    for data in variants(doc.data):
        assert fast(data) == detailed.is_valid(data), data
        checked += 1
    assert checked > 200


def test_references_are_inlined_with_their_siblings_and_recursion_kept() -> None:
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    from oshub.schema.registry import inline_refs

    shared = {
        "$id": "https://example.org/schemas/shared.json",
        "$defs": {"slug": {"type": "string", "pattern": "^[a-z]+$"}},
    }
    tree = {
        "$id": "https://example.org/schemas/tree.json",
        "$defs": {
            "node": {
                "type": "object",
                "properties": {
                    "name": {"$ref": "shared.json#/$defs/slug", "description": "its name"},
                    "kids": {"type": "array", "items": {"$ref": "#/$defs/node"}},
                },
            }
        },
        "$ref": "#/$defs/node",
    }
    registry: Registry[object] = Registry().with_resources(
        (s["$id"], DRAFT202012.create_resource(s)) for s in (shared, tree)
    )
    inlined = inline_refs(tree, registry)
    name = inlined["properties"]["name"]
    assert name == {"type": "string", "pattern": "^[a-z]+$", "description": "its name"}
    # the node is inlined where the root refers to it; inside itself the reference stays
    assert inlined["properties"]["kids"]["items"] == {"$ref": "#/$defs/node"}
    assert "$defs" not in inlined
