"""A scratch git repository of the project to release into (`oshub release` tests)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from support import BUILD_ENV, configure_plugin, copy_repository

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Release Test",
    "GIT_AUTHOR_EMAIL": "release@example.org",
    "GIT_COMMITTER_NAME": "Release Test",
    "GIT_COMMITTER_EMAIL": "release@example.org",
}
"""Who commits (mike's commits too), whatever the machine's git configuration."""
_SCRIPT = Path(sys.executable).parent / "oshub"


def run(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """A command in ``cwd`` (``env``: more variables); git looks no higher than
    ``cwd``'s parent for a repository."""
    env = {**BUILD_ENV, **GIT_ENV, "GIT_CEILING_DIRECTORIES": str(cwd.parent), **(env or {})}
    return subprocess.run(
        list(args), cwd=cwd, capture_output=True, text=True, env=env, timeout=300, check=False
    )


def oshub(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed ``oshub`` in ``cwd``."""
    return run(cwd, str(_SCRIPT), *args, env=env)


KILLED_AFTER_MIKE = """
import os, signal, sys
from oshub.cli import main as cli
from oshub.publish import release
release.commit_root = lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL)
sys.exit(cli.main(sys.argv[1:]))
"""
"""``oshub ARGS`` killed (SIGKILL) right after mike's commit, before the root commit."""


def oshub_killed_after_mike(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``oshub ARGS`` in ``cwd``, a release killed right after mike's commit."""
    return run(cwd, sys.executable, "-c", KILLED_AFTER_MIKE, *args, env=env)


def git(cwd: Path, *args: str) -> str:
    """``git ARGS`` in ``cwd``, which must succeed; its output."""
    done = run(cwd, "git", *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def set_version(root: Path, version: str) -> None:
    """``version:`` of the project's ``data/site.yaml``."""
    path = root / "data/site.yaml"
    text = re.sub(r"(?m)^version: .*$", f'version: "{version}"', path.read_text("utf-8"))
    path.write_text(text, encoding="utf-8")


def scratch_project(root: Path) -> Path:
    """A copy of the project in ``root`` with PDFs off (they have tests of their own) and
    ``site/`` ignored; not yet a git repository."""
    copy_repository(root)
    configure_plugin(root, "      pdf: false\n")
    (root / ".gitignore").write_text("site/\n", encoding="utf-8")
    return root


def commit_all(root: Path, message: str) -> None:
    """Commit everything in ``root`` (a repository is made on the first call)."""
    if not (root / ".git").exists():
        git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
