"""Running Python as on a base install (`pip install oshub`): the site stack missing."""

from __future__ import annotations

import tomllib
from typing import Any

from support import REPO


def pyproject() -> dict[str, Any]:
    """The repository's ``pyproject.toml``, read."""
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def import_contract(contract_id: str) -> dict[str, Any]:
    """The import-linter contract with this ``id`` in ``pyproject.toml``."""
    contracts = pyproject()["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c.get("id") == contract_id)


SITE_STACK = tuple(import_contract("light")["forbidden_modules"])
"""Every import name of the ``site`` extra (the light contract's list, which
``test_import_contracts`` keeps equal to pyproject's extra)."""
BLOCK = (
    "import sys\n"
    f"for name in {SITE_STACK!r}:\n"
    "    sys.modules[name] = None  # import fails as if it were not installed\n"
)
"""Python lines that make every import of the site stack fail, as if not installed."""
