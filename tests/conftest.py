"""Shared test helpers: throwaway projects built from the repository's real schemas."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from support import BUILD_ENV, copy_repository, make_project
from support.once import made_once

# Property tests try the same examples on every run, so that CI is never red by chance;
# `pytest --hypothesis-profile=explore` searches afresh (and more) for new failures.
settings.register_profile("default", derandomize=True)
settings.register_profile("explore", derandomize=False, max_examples=5000)
settings.load_profile("default")


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


def _build_site(folder: Path) -> Path:
    root = copy_repository(folder / "p")
    oshub = Path(sys.executable).parent / "oshub"
    result = subprocess.run(
        [str(oshub), "build"], cwd=root, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "built" in result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site, built once for the whole test run (read-only: a test that
    changes it copies it first, see ``built_project``)."""
    return made_once(tmp_path_factory, "site", _build_site)


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory, built_site: Path) -> Path:
    """A copy of the project ``built_site`` was built in, its site too, for a module's
    tests that build it again or change it (cheaper than building it afresh)."""
    root = tmp_path_factory.mktemp("built") / "p"
    shutil.copytree(built_site.parent, root, symlinks=True)
    return root


def _make_offline_zip(folder: Path) -> Path:
    root = copy_repository(folder / "p")
    out = root.parent / "copy.zip"
    oshub = Path(sys.executable).parent / "oshub"
    result = subprocess.run(
        [str(oshub), "offline", "--out", str(out)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env=BUILD_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"wrote {out}" in result.stdout
    return out


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's offline copy (``oshub offline``), made once for the test run."""
    return made_once(tmp_path_factory, "offline", _make_offline_zip)
