"""No two modules of the package import each other in a circle, however indirectly.

The layers contract forbids reaching up between layers; this also covers modules of
one layer. Every import counts: at the top, under ``TYPE_CHECKING`` and inside
functions (a lazy import still ties two modules together).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

from support import REPO

PACKAGE = REPO / "scripts" / "oshub"


def module_name(path: Path, package: Path) -> str:
    """``oshub.validate.run`` for ``.../oshub/validate/run.py`` (a package: its name)."""
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source: str, known: set[str]) -> set[str]:
    """The known modules that ``source`` imports, wherever the import statement is."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                whole = f"{node.module}.{alias.name}"
                found.add(whole if whole in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found & known


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The groups of modules that reach each other (Tarjan's strongly connected
    components, without recursion), each sorted; empty when there is none."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def package_graph(package: Path) -> dict[str, set[str]]:
    """Each module of the package and the modules of it that it imports."""
    paths = {module_name(p, package): p for p in package.rglob("*.py")}
    known = set(paths)
    return {
        name: imports_of(path.read_text(encoding="utf-8"), known) - {name, package.name}
        for name, path in paths.items()
    }


def test_no_module_of_the_package_is_in_an_import_cycle() -> None:
    graph = package_graph(PACKAGE)
    assert len(graph) > 80  # the whole package was read
    assert cycles(graph) == []


def test_a_cycle_is_found_however_it_is_written(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.sub import b\n")
    (package / "sub" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.c import thing\n"
    )
    (package / "c.py").write_text("def f():\n    import pkg.a\n")
    (package / "d.py").write_text("from pkg import a\n")  # reaches the cycle, is not in it
    assert cycles(package_graph(package)) == [["pkg.a", "pkg.c", "pkg.sub.b"]]
    (package / "c.py").write_text("def f():\n    return 1\n")
    assert cycles(package_graph(package)) == []
