"""Shared test helpers: throwaway projects built from the repository's real schemas."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from support import make_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project (schemas only)."""
    return make_project(tmp_path / "project")


@pytest.fixture
def real_project(tmp_path: Path) -> Path:
    """A project holding a copy of the repository's real hubs, missions and data."""
    return make_project(tmp_path / "project", with_real_content=True)


@pytest.fixture
def write(project: Path) -> Callable[[str, str | bytes], Path]:
    """Write a file (text or bytes) into the empty project."""

    def _write(rel: str, content: str | bytes) -> Path:
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write
