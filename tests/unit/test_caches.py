"""Caches are objects the caller makes and passes in, never a module's own state.

Two runs with different caches in one process see nothing of each other; runs that
share one reuse what it holds (the live preview's rebuild, ``oshub build`` handing its
validation to the plugin). A shape test keeps module-level caches and the garbage
collector's switch out of the library.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from oshub.core.project import load_project
from oshub.model.content import ContentCache, load_site
from oshub.schema.registry import SchemaCache, load_schemas
from oshub.validate.documents import DocumentCache, check_document
from oshub.validate.run import ValidationCache, validate_once, validate_project
from support import REPO, SMALL_HUB, make_project

PACKAGE = REPO / "scripts" / "oshub"


KEPT_ON_PURPOSE: dict[tuple[str, str], str] = {
    ("publish/release.py", "RELEASE_STEPS"): "the documented place where a project adds "
    "steps to every release (``release`` also takes its own list)",
    ("publish/swap.py", "_IN_USE"): "which scratch folders this process holds now: a fact "
    "about the process, so that one command does not sweep another's folder",
}
"""(module, name) of module-level containers that are not caches, and why."""


def _project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "p")
    (root / "hubs" / "good.yaml").write_text(SMALL_HUB.format(name="Good"), encoding="utf-8")
    return root


def test_runs_with_their_own_caches_share_nothing(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path))
    first, second = ValidationCache(), ValidationCache()
    one = validate_project(project, cache=first)
    other = validate_project(project, cache=second)
    again = validate_project(project, cache=first)
    assert one.loaded["hubs/good.yaml"] is again.loaded["hubs/good.yaml"]
    assert one.loaded["hubs/good.yaml"] is not other.loaded["hubs/good.yaml"]
    assert first.files.keys() == second.files.keys() != set()
    fresh = validate_project(project)  # no cache: nothing kept, nothing reused
    assert fresh.loaded["hubs/good.yaml"] is not one.loaded["hubs/good.yaml"]


def test_a_forgotten_file_is_checked_again(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path))
    cache = ValidationCache()
    whole = validate_once(project, cache)
    assert validate_once(project, cache) is whole
    path = project.root / "hubs" / "good.yaml"
    cache.forget([path])
    assert path not in cache.files
    again = validate_once(project, cache)
    assert again is not whole
    assert again.loaded["hubs/good.yaml"] is not whole.loaded["hubs/good.yaml"]
    assert validate_once(project, ValidationCache()) is not again


def test_schemas_are_compiled_once_a_cache(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path))
    cache = SchemaCache()
    schemas = load_schemas(project, cache)
    assert load_schemas(project, cache) is schemas
    assert load_schemas(project, SchemaCache()) is not schemas
    assert load_schemas(project) is not schemas


def test_a_site_reuses_the_hubs_made_through_its_own_cache(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path))
    cache = ContentCache()
    _, site = load_site(project, cache=cache)
    _, again = load_site(project, cache=cache)
    _, other = load_site(project, cache=ContentCache())
    assert again.hubs[0] is site.hubs[0]
    assert other.hubs[0] is not site.hubs[0]
    assert other.hubs == site.hubs


def test_a_document_is_decoded_once_a_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from oshub.validate import documents

    calls: list[str] = []

    def counted(path: Path, rel: str) -> list[object]:
        calls.append(rel)
        return []

    monkeypatch.setattr(documents, "check_odf", counted)
    path = tmp_path / "sheet.ods"
    path.write_bytes(b"PK")
    cache = DocumentCache()
    for _ in range(2):
        assert check_document(path, "blueprint/sheet.ods", tmp_path, cache) == []
    assert len(calls) == 1
    check_document(path, "blueprint/sheet.ods", tmp_path, DocumentCache())
    check_document(path, "blueprint/sheet.ods", tmp_path)
    assert len(calls) == 3


def module_state(source: str) -> list[str]:
    """Module-level state in ``source``: an empty container filled later (a cache or a
    registry), a ``global`` statement, or a switch of the garbage collector."""
    tree = ast.parse(source)
    found: list[str] = []
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            value = node.value
            empty_literal = isinstance(value, (ast.Dict, ast.List, ast.Set)) and not (
                value.keys if isinstance(value, ast.Dict) else value.elts
            )
            empty_call = (
                isinstance(value, ast.Call)
                and not value.args
                and ast.unparse(value.func).rsplit(".", 1)[-1]
                in ("dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque")
            )
            if empty_literal or empty_call:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                found.extend(ast.unparse(t) for t in targets)
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found.extend(f"global {name}" for name in node.names)
        elif isinstance(node, ast.Attribute) and ast.unparse(node.value) == "gc":
            found.append(f"gc.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module == "gc":
            found.append("from gc import")
    return found


def test_no_library_module_keeps_state_of_its_own() -> None:
    state = {
        (module, name)
        for path in sorted(PACKAGE.rglob("*.py"))
        for module in [path.relative_to(PACKAGE).as_posix()]
        if not module.startswith("cli/")  # a command may decide for its own process
        for name in module_state(path.read_text(encoding="utf-8"))
    }
    found = sorted(f"scripts/oshub/{m}: {name}" for m, name in state - KEPT_ON_PURPOSE.keys())
    assert not found, "\n".join(found)
    assert KEPT_ON_PURPOSE.keys() <= state  # an exception nothing needs any more goes


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("_CACHE: dict[str, int] = {}\n", "_CACHE"),
        ("_SEEN = set()\n", "_SEEN"),
        ("import collections\n_BY = collections.defaultdict()\n", "_BY"),
        ("_MADE = {}\ndef f():\n    global _MADE\n    _MADE = {}\n", "_MADE"),
        ("import gc\ndef f():\n    gc.disable()\n", "gc.disable"),
    ],
)
def test_the_shape_check_finds_module_state(source: str, name: str) -> None:
    assert name in module_state(source)


def test_the_shape_check_leaves_constants_alone() -> None:
    assert module_state('KINDS = {"hub": "hub.schema.json"}\nNAMES = ["a"]\nEMPTY = ()\n') == []
