"""Every URL and output path is spelled in routes.py only: a look for strays."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import oshub
from oshub import routes
from oshub.routes import Routes

PACKAGE = Path(oshub.__file__).parent
SECTIONS = "hubs|missions|sdgs|data|schemas|about|guides|join|assets|downloads"
IN_PYTHON = re.compile(rf"""["'](?:\.\./)*(?:{SECTIONS})/""")
"""A string literal that starts like a site path: ``"hubs/..."``, ``'data/x.json'``."""
IN_PYTHON_ANYWHERE = re.compile(r"""["'][^"'\n]*(?:(?<=["'/])index\.html|schemas/v|/v\{)""")
"""A literal that holds how a page's file or a schema's address is written."""
IN_TEMPLATE = re.compile(
    rf"""(?:href|src|data-\w+)=["'](?!\{{\{{|#|https?:|mailto:)[^"']*|["'](?:{SECTIONS})/"""
)
"""A link written out in a template instead of asked of ``routes`` (``link(...)``)."""
ALLOWED = {"routes.py", "core/project.py"}
"""The site's addresses (routes) and the project's own layout of files (project)."""


def test_no_url_pattern_outside_routes() -> None:
    strays = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("  #")[0]
            if (IN_PYTHON.search(code) or IN_PYTHON_ANYWHERE.search(code)) and not (
                line.lstrip().startswith(("#", '"""')) or "``" in line
            ):
                strays.append(f"{name}:{number}: {line.strip()}")
    for path in sorted((PACKAGE / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in IN_TEMPLATE.finditer(line):
                strays.append(f"{path.name}:{number}: {match.group(0)}")
    assert strays == [], "\n".join(strays)


def test_the_look_for_strays_can_fail() -> None:
    assert IN_PYTHON.search('url = f"hubs/{slug}/"')
    assert IN_PYTHON.search("'data/hubs.csv'")
    assert IN_PYTHON_ANYWHERE.search('candidates = [path + "/index.html"]')
    assert IN_PYTHON_ANYWHERE.search('r"^(?P<base>.+/)schemas/v(?P<major>[0-9]+)/"')
    assert IN_TEMPLATE.search('<a href="../data/">')
    assert IN_TEMPLATE.search("{{ ('sdgs/%d/' % n) | rel(here) }}")
    assert not IN_TEMPLATE.search('<a href="{{ link(routes.DATA_INDEX) }}">')


ROUTE_IN_TEMPLATE = re.compile(r"\broutes\.([A-Z][A-Z_]*)\b")
"""A fixed page or file a template asks of ``routes`` (``routes.HOME``)."""


def spelt_twice(module_names: Mapping[str, object], routes_class: type) -> list[str]:
    """Names of fixed pages and files that are both a module constant and a class
    attribute (two spellings of one route: ``routes.HOME`` and ``Routes.HOME``)."""
    return sorted(n for n in module_names if n.isupper() and n in vars(routes_class))


def test_each_fixed_page_has_one_spelling() -> None:
    assert spelt_twice(vars(routes), Routes) == []


def test_the_look_for_two_spellings_can_fail() -> None:
    assert spelt_twice({"HOME": "index.md", "HUBS": "hubs"}, Routes) == ["HOME"]


def test_templates_ask_only_for_routes_that_exist() -> None:
    asked = {
        name
        for path in (PACKAGE / "templates").rglob("*.html")
        for name in ROUTE_IN_TEMPLATE.findall(path.read_text(encoding="utf-8"))
    }
    assert "HOME" in asked  # the look finds what templates ask for
    assert sorted(name for name in asked if not hasattr(Routes, name)) == []
