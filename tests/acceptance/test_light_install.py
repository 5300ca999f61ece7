"""`pip install oshub` for real, without the [site] extra: the validator works and
nothing of the site stack is installed (an install into a new virtual environment: an
integration test, kept out of the unit tests' fast loop)."""

from __future__ import annotations

import subprocess
import sys

from support import REPO


def test_a_real_install_without_the_site_extra(tmp_path: object) -> None:
    """Installed for real, as a hub's own repository or a pre-commit hook would: the
    validator works and nothing of the site stack is there."""
    import shutil
    from pathlib import Path

    source = Path(str(tmp_path)) / "source"  # a copy: building writes beside the sources
    shutil.copytree(
        REPO / "scripts" / "oshub",
        source / "scripts" / "oshub",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, source / name)
    venv = Path(str(tmp_path)) / "light"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = subprocess.run(
        [str(venv / "bin/python"), "-m", "pip", "install", "--quiet", str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert pip.returncode == 0, pip.stdout + pip.stderr
    installed = subprocess.run(
        [str(venv / "bin/python"), "-m", "pip", "list", "--format=freeze"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.lower()
    for name in ("mkdocs", "jinja2", "markdown", "odfpy", "nh3", "babel", "watchdog", "weasyprint"):
        assert f"\n{name}==" not in f"\n{installed}", name
    oshub = str(venv / "bin/oshub")
    validate = subprocess.run([oshub, "validate"], capture_output=True, text=True, cwd=REPO)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    build = subprocess.run([oshub, "build"], capture_output=True, text=True, cwd=REPO)
    assert build.returncode == 2
    assert "pip install 'oshub[site]'" in build.stderr
