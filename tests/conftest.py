"""Shared test helpers: throwaway projects built from the repository's real schemas."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE_URL = "https://oshub.network/"


def make_project(root: Path, *, with_real_content: bool = False) -> Path:
    """Create a minimal project in ``root``: mkdocs.yml and a copy of the schemas."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(
        f"site_name: Test\nsite_url: {SITE_URL}\ndocs_dir: blueprint\n", encoding="utf-8"
    )
    shutil.copytree(REPO / "schemas", root / "schemas")
    for folder in ("hubs", "missions", "data"):
        (root / folder).mkdir(exist_ok=True)
    if with_real_content:
        for folder in ("hubs", "missions", "data"):
            for path in (REPO / folder).glob("*.yaml"):
                shutil.copy(path, root / folder / path.name)
    return root


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


def copy_repository(root: Path) -> Path:
    """A copy of the repository's site sources and content in ``root`` (for site builds)."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml",):
        shutil.copy(REPO / name, root / name)
    for folder in ("blueprint", "hubs", "missions", "data", "schemas", "overrides"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    return root
