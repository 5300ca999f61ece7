"""The compiled fast check and the detailed validator always agree on valid or not."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from oshub.core.project import load_project
from oshub.schema.registry import SchemaSet, load_schemas
from oshub.validate.run import load_file
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
    doc, _ = load_file(file, project)
    assert doc is not None
    fast, detailed = schemas.fast[file.kind], schemas.validator(file.kind)
    checked = 0
    for data in variants(doc.data):
        assert fast(data) == detailed.is_valid(data), data
        checked += 1
    assert checked > 200
