"""No library module reaches into another module's private names, or names a test path.

Read from the package's source with ``ast``, over every module of ``scripts/oshub``:

- ``from X import _name`` (or ``import X._name``): X is another module, ours or not;
- ``thing._name`` on anything but ``self`` or ``cls``: a module's private function, a
  third-party object's internals (``resolver._base_uri``), ``super()._method``;
- ``self._name`` in a class built on a class of another module, when the class itself
  never defines ``_name``: the base's internals;
- a string naming a ``tests/`` path: a library does not depend on where its tests are.

Where a third-party package has no public way, the one place that uses its internals
is named in ``ALLOWED`` with the reason.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import REPO

PACKAGE = REPO / "scripts" / "oshub"

ALLOWED: dict[tuple[str, str], str] = {
    ("outputs/pdf/engine.py", "os._exit"): "os._exit is documented standard library (the "
    "underscore says it skips clean-up): a child whose parent is gone ends at once",
    ("preview/server.py", "PreviewServer"): "MkDocs' live-reload server has no public hook to "
    "answer a request with the page of problems, to hear which files changed, or to wait for "
    "the build under way: this subclass is the one place that uses its internals",
}
"""(module under ``scripts/oshub``, the name used or the class using it) -> why."""

_TEST_PATH = re.compile(r"(?<![\w.-])tests/")


@dataclass(frozen=True)
class Found:
    """One use of a private name (or a test path) at a line of a module."""

    line: int
    name: str
    """What is used (``os._exit``, ``_serve_url``, ``tests/``)."""
    where: str
    """The class it is used in, or ""."""

    def allowed(self, module: str) -> bool:
        """True when ``ALLOWED`` names this use or the class it is in."""
        return (module, self.name) in ALLOWED or (module, self.where) in ALLOWED


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _defined_in(cls: ast.ClassDef) -> set[str]:
    """Names a class defines itself: its methods, class attributes and ``self.x = ...``."""
    names: set[str] = set()
    for node in ast.walk(cls):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    names.add(target.id)
                elif (
                    isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == "self"
                ):
                    names.add(target.attr)
    return names


class _Reader(ast.NodeVisitor):
    def __init__(self, tree: ast.Module) -> None:
        self.found: list[Found] = []
        self.local_classes = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
        self.classes: list[tuple[str, set[str] | None]] = []
        """The classes we are in: name, and for one built on another module's class the
        names it defines itself (else None)."""

    def _add(self, node: ast.AST, name: str) -> None:
        where = self.classes[0][0] if self.classes else ""
        self.found.append(Found(getattr(node, "lineno", 0), name, where))

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        foreign = any(
            not (isinstance(base, ast.Name) and base.id in self.local_classes)
            and ast.unparse(base) not in ("object", "Exception", "Generic")
            for base in node.bases
        )
        self.classes.append((node.name, _defined_in(node) if foreign else None))
        self.generic_visit(node)
        self.classes.pop()

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if any(_private(part) for part in module.split(".")):
            self._add(node, module)
        for alias in node.names:
            if _private(alias.name):
                self._add(node, alias.name)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if any(_private(part) for part in alias.name.split(".")):
                self._add(node, alias.name)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if _private(node.attr):
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
                defined = self.classes[-1][1] if self.classes else None
                if defined is not None and node.attr not in defined:
                    self._add(node, f"{owner.id}.{node.attr}")
            else:
                self._add(node, f"{ast.unparse(owner)}.{node.attr}")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and _TEST_PATH.search(node.value):
            self._add(node, "tests/")


def private_uses(source: str) -> list[Found]:
    """Every use of another module's private name, or a test path, in ``source``."""
    tree = ast.parse(source)
    reader = _Reader(tree)
    reader.visit(tree)
    return reader.found


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_uses_a_private_name_of_another() -> None:
    found = [
        f"scripts/oshub/{module}:{use.line}: {use.name}"
        for path in _modules()
        for module in [path.relative_to(PACKAGE).as_posix()]
        for use in private_uses(path.read_text(encoding="utf-8"))
        if not use.allowed(module)
    ]
    assert not found, "\n".join(found)


def test_every_allowed_use_is_still_there() -> None:
    """An allowance nothing needs any more goes: the list stays exactly the exceptions."""
    needed = {
        (module, key)
        for path in _modules()
        for module in [path.relative_to(PACKAGE).as_posix()]
        for use in private_uses(path.read_text(encoding="utf-8"))
        for key in (use.name, use.where)
        if (module, key) in ALLOWED
    }
    assert set(ALLOWED) == needed


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("from mkdocs.livereload import _serve_url\n", "_serve_url"),
        ("from oshub.schema import _versions\n", "_versions"),
        ("from oshub.schema._impl import load\n", "oshub.schema._impl"),
        ("import json._private\n", "json._private"),
        ("from oshub.core import problems\nproblems._hidden()\n", "problems._hidden"),
        ("import os\nos._exit(1)\n", "os._exit"),
        (
            "def f(resolved):\n    return resolved.resolver._base_uri\n",
            "resolved.resolver._base_uri",
        ),
        (
            "class A(Base):\n    def f(self):\n        return super()._serve(1)\n",
            "super()._serve",
        ),
        (
            "from x import Base\nclass A(Base):\n    def f(self):\n        return self._cond\n",
            "self._cond",
        ),
        ('EXAMPLES = "tests/fixtures/examples"\n', "tests/"),
        ('"""Checked by ``tests/unit/test_x.py``."""\n', "tests/"),
    ],
)
def test_each_check_finds_its_bad_example(source: str, name: str) -> None:
    uses = private_uses(source)
    assert [use.name for use in uses] == [name]
    assert not uses[0].allowed("somewhere/else.py")


@pytest.mark.parametrize(
    "source",
    [
        "class A:\n    def __init__(self):\n        self._x = 1\n    def f(self):\n"
        "        return self._x\n",
        "from x import Base\nclass A(Base):\n    def __init__(self):\n        self._mine = 1\n"
        "    def f(self):\n        return self._mine + self._helper()\n"
        "    def _helper(self):\n        return 1\n",
        "class A:\n    _x = 1\nclass B(A):\n    def f(self):\n        return self._x\n",
        "def _mine():\n    return 1\n_mine()\n",
        "import os\nos.path.join('a', '__init__.py')\nx = {}.__class__\n",
        "PATH = 'contests/x'\nTEXT = 'latest/'\n",
    ],
)
def test_what_a_module_may_do_with_its_own_names(source: str) -> None:
    assert private_uses(source) == []


def test_an_allowance_names_the_module_and_the_place() -> None:
    use = Found(3, "os._exit", "")
    assert use.allowed("outputs/pdf/engine.py")
    assert not use.allowed("outputs/pdf/books.py")
    assert Found(9, "self._epoch_cond", "PreviewServer").allowed("preview/server.py")
    assert not Found(9, "self._epoch_cond", "Preview").allowed("preview/server.py")
