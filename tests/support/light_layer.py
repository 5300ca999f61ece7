"""Running Python as on a base install (`pip install oshub`): the site stack missing."""

from __future__ import annotations

import tomllib

from support import REPO

SITE_STACK = tuple(
    next(
        c
        for c in tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
            "importlinter"
        ]["contracts"]
        if c.get("id") == "light"
    )["forbidden_modules"]
)
"""Every import name of the ``site`` extra (the light contract's list, which
``test_import_contracts`` keeps equal to pyproject's extra)."""
BLOCK = (
    "import sys\n"
    f"for name in {SITE_STACK!r}:\n"
    "    sys.modules[name] = None  # import fails as if it were not installed\n"
)
"""Python lines that make every import of the site stack fail, as if not installed."""
