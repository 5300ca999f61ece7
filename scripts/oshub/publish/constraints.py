"""The exact Python packages of the running environment, as a pip constraints file.

``oshub release`` writes one into every deployed version (``/<version>/constraints.txt``)
so that a cited version can be rebuilt with the packages that built it; the
repository's own ``constraints.txt`` (``make constraints``) is what ``make site`` and
``make test`` install with. Light: only the standard library.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from importlib.metadata import distributions

LEFT_OUT = frozenset({"oshub", "pip", "setuptools", "wheel"})
"""The project itself (built from the commit) and pip's own tools."""


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned() -> list[str]:
    """``name==version`` for every installed distribution but ``LEFT_OUT``, sorted."""
    found: dict[str, str] = {}
    for dist in distributions():
        name = dist.metadata["Name"]
        if not name or _canonical(name) in LEFT_OUT:
            continue
        found.setdefault(_canonical(name), f"{_canonical(name)}=={dist.version}")
    return [found[key] for key in sorted(found)]


def constraints_text(header: Sequence[str] = ()) -> str:
    """A constraints file: ``header`` as comments, the Python version, then the pins."""
    python = ".".join(str(part) for part in sys.version_info[:3])
    lines = [f"# {line}" for line in header]
    lines.append(f"# Python {python}")
    return "\n".join([*lines, *pinned()]) + "\n"
