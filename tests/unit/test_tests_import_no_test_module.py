"""No test module imports another test module (or a conftest): what tests share lives
in the ``tests/support`` package, and fixtures in conftest.py files.

A test module that imports another runs that module's code on import and ties the two
together: moving or renaming one breaks the other, and its tests may be collected twice.
"""

from __future__ import annotations

import ast
from pathlib import Path

from support import REPO

TESTS = REPO / "tests"
SUPPORT = TESTS / "support"


def _is_test_module(name: str) -> bool:
    """Whether the dotted module ``name`` names a test module or a conftest file."""
    return any(part.startswith("test_") or part == "conftest" for part in name.split("."))


def imports_of_test_modules(source: str) -> list[str]:
    """The test modules and conftest files that the Python ``source`` imports, each as
    ``LINE: NAME`` in the order of the source (imports inside functions count)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            # ``from . import test_cli`` names the module in what it imports
            names = [node.module or "", *(alias.name for alias in node.names)]
        else:
            continue
        found += [(node.lineno, name) for name in names if _is_test_module(name)][:1]
    return [f"{line}: {name}" for line, name in sorted(found)]


def helpers_outside_support(paths: list[Path]) -> list[Path]:
    """The Python files of ``paths`` that are neither tests, conftest files nor in
    ``tests/support``: shared helpers belong in the support package."""
    return [
        path
        for path in paths
        if not path.name.startswith("test_")
        and path.name != "conftest.py"
        and SUPPORT not in path.parents
    ]


def test_no_test_module_imports_another_test_module() -> None:
    found = {
        path.relative_to(REPO).as_posix(): imports
        for path in sorted(TESTS.rglob("*.py"))
        if (imports := imports_of_test_modules(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "move what they share into tests/support/ or a conftest.py"


def test_the_check_finds_a_test_module_imported() -> None:
    source = (
        "import json\n"
        "from support import REPO\n"
        "from test_build import oshub\n"
        "def f():\n"
        "    import test_quality_gates as gates\n"
        "    from unit.test_light_layer import BLOCK\n"
        "    from conftest import project\n"
        "from . import test_cli\n"
    )
    assert imports_of_test_modules(source) == [
        "3: test_build",
        "5: test_quality_gates",
        "6: unit.test_light_layer",
        "7: conftest",
        "8: test_cli",
    ]
    assert imports_of_test_modules("from support.commands import oshub\nimport testing\n") == []


def test_every_shared_helper_is_in_the_support_package() -> None:
    paths = [path for path in TESTS.rglob("*.py") if "fixtures" not in path.parts]
    assert helpers_outside_support(paths) == []


def test_the_check_finds_a_helper_outside_the_support_package() -> None:
    paths = [
        TESTS / "site" / "served.py",
        TESTS / "site" / "test_serve.py",
        TESTS / "browser" / "conftest.py",
        SUPPORT / "served.py",
    ]
    assert helpers_outside_support(paths) == [TESTS / "site" / "served.py"]


def same_names(paths: list[Path]) -> dict[str, list[str]]:
    """Test module names (``test_x.py``) held by more than one file of ``paths``: the
    test folders have no ``__init__.py``, so pytest imports each module by its name and
    cannot collect two of one name in one run."""
    by_name: dict[str, list[str]] = {}
    for path in paths:
        if path.name.startswith("test_"):
            by_name.setdefault(path.name, []).append(path.as_posix())
    return {name: found for name, found in by_name.items() if len(found) > 1}


def test_every_test_module_has_a_name_of_its_own() -> None:
    assert same_names(sorted(TESTS.rglob("test_*.py"))) == {}
    twins = [Path("tests/unit/test_a.py"), Path("tests/site/test_a.py"), Path("tests/b.py")]
    assert same_names(twins) == {"test_a.py": ["tests/unit/test_a.py", "tests/site/test_a.py"]}
