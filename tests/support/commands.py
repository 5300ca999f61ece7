"""The installed commands tests run: ``oshub`` and check-jsonschema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support import BUILD_ENV

_SCRIPT = Path(sys.executable).parent / "oshub"
OSHUB = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "oshub"]
"""The ``oshub`` command of this environment (``python -m oshub`` without the script)."""

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def oshub(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``oshub ARGS`` run in ``cwd``, as a contributor or CI runs it."""
    return subprocess.run(
        [*OSHUB, *args], cwd=cwd, capture_output=True, text=True, timeout=300, env=BUILD_ENV
    )


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema's built-in (vendored, offline) schema ``schema`` on ``files``."""
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
