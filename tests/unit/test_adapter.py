"""The MkDocs adapter only adapts: small, and nobody reaches into it.

Commands make a build plan and hand it over (``oshub.plan.handoff``); they never set or
read an attribute of the plugin, and no environment variable carries a setting from a
command to the plugin (``MIKE_DOCS_VERSION`` is mike's own, read where mike's builds
need it).
"""

from __future__ import annotations

import ast
from pathlib import Path

from support import REPO

PACKAGE = REPO / "scripts" / "oshub"
ADAPTER = PACKAGE / "mkdocs"
MOST_LINES = 299

READS_ENVIRONMENT = {
    "core/project.py": "MkDocs' !ENV tag in mkdocs.yml, read as MkDocs reads it",
    "core/symlinks.py": "git's environment passed on, with its words in English",
    "model/review_dates.py": "the day reviews are counted from, for tests and CI",
    "outputs/pdf/books.py": "XDG_CACHE_HOME, where printed books are cached",
    "plan/options.py": "MIKE_DOCS_VERSION, which mike sets for the builds it starts",
}


def _modules() -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def _is_plugins(node: ast.AST) -> bool:
    """``x.plugins`` or ``x["plugins"]``: MkDocs' collection of plugin objects."""
    if isinstance(node, ast.Attribute):
        return node.attr == "plugins"
    return (
        isinstance(node, ast.Subscript)
        and isinstance(node.slice, ast.Constant)
        and node.slice.value == "plugins"
    )


def reaches_into_a_plugin(tree: ast.AST) -> list[int]:
    """Lines that take one plugin out of MkDocs' collection (``config.plugins["oshub"]``,
    ``config.plugins.get("oshub")``): the way to set or read its attributes. Running
    MkDocs' events on the whole collection (``config.plugins.on_serve``) is not."""
    lines = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Subscript) and _is_plugins(node.value)) or (
            isinstance(node, ast.Attribute) and node.attr == "get" and _is_plugins(node.value)
        ):
            lines.append(node.lineno)
    return lines


def touches_the_environment(tree: ast.AST) -> list[int]:
    """Lines that read or change ``os.environ`` or call ``os.getenv``/``os.putenv``."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in {"environ", "getenv", "putenv", "unsetenv"}
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    ]


def test_the_adapter_is_under_300_lines() -> None:
    lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in ADAPTER.glob("*.py"))
    assert 100 < lines <= MOST_LINES, lines


def test_nothing_outside_the_adapter_takes_the_plugin_out_of_mkdocs_configuration() -> None:
    found = {
        name: lines
        for name, tree in _modules()
        if not name.startswith("mkdocs/") and (lines := reaches_into_a_plugin(tree))
    }
    assert found == {}


def test_only_the_named_modules_read_the_environment_and_none_changes_it() -> None:
    readers = {name for name, tree in _modules() if touches_the_environment(tree)}
    assert readers == set(READS_ENVIRONMENT)
    assert not any(
        isinstance(node, ast.Assign | ast.AugAssign | ast.Delete)
        and any(
            isinstance(t, ast.Subscript) and touches_the_environment(t)
            for t in getattr(node, "targets", [getattr(node, "target", None)])
        )
        for _, tree in _modules()
        for node in ast.walk(tree)
    )


def test_the_checks_see_what_they_look_for() -> None:
    """The shape checks above fail on code that does what they forbid."""
    reaching = ast.parse('plugin = config.plugins["oshub"]\nplugin.cache = 1\n')
    assert reaches_into_a_plugin(reaching) == [1]
    assert reaches_into_a_plugin(ast.parse('p = cfg["plugins"].get("oshub")')) == [1]
    assert reaches_into_a_plugin(ast.parse("config.plugins.on_serve(server)")) == []
    setting = ast.parse('import os\nos.environ["OSHUB_OFFLINE_ZIP"] = "x"\nos.getenv("A")\n')
    assert touches_the_environment(setting) == [2, 3]
    assert touches_the_environment(ast.parse("environment = 1")) == []


def test_the_adapter_folder_is_where_mkdocs_is_adapted() -> None:
    assert (ADAPTER / "plugin.py").is_file() and Path(ADAPTER / "setup.py").is_file()
