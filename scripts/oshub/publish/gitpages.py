"""The project's git repository and its published branch (``gh-pages``), read with git.

Light: ``oshub versions`` lists what is deployed without the site tools. Writing to the
branch is mike's (``release``) and ``release_root``'s business.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from oshub.core.project import ProjectError
from oshub.routes import VERSIONS_FILE

BRANCH = "gh-pages"
"""The branch the site is published from (GitHub Pages' convention, mike's default)."""


class GitError(ProjectError):
    """A git command failed, or the folder is not in a git repository (exit 2)."""


def git(where: Path, *args: str, check: bool = True) -> str:
    """The output of ``git ARGS`` run in ``where``; GitError when it fails (``check``)."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=where, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed (apt-get install -y git)") from exc
    if check and done.returncode != 0:
        message = done.stderr.strip() or done.stdout.strip()
        raise GitError(f"git {' '.join(args)} failed: {message}")
    return done.stdout if done.returncode == 0 else ""


def repository_root(where: Path) -> Path:
    """The top folder of the git repository holding ``where``; GitError when none does."""
    try:
        top = git(where, "rev-parse", "--show-toplevel").strip()
    except GitError as exc:
        raise GitError(
            f"{where} is not in a git repository: releases are commits on its "
            f"`{BRANCH}` branch (run `git init`, commit the project, and release again)"
        ) from exc
    return Path(top)


def uncommitted(where: Path) -> list[str]:
    """Changed, staged and untracked files (not ignored ones), as ``git status`` shows
    them: a release must be built from exactly what a commit holds."""
    lines = git(where, "status", "--porcelain", "--untracked-files=normal").splitlines()
    return [line[3:] for line in lines if line.strip()]


def head_commit(where: Path) -> str | None:
    """The commit checked out, or None in a repository without commits."""
    return git(where, "rev-parse", "--verify", "--quiet", "HEAD", check=False).strip() or None


def read_branch_file(where: Path, path: str, branch: str = BRANCH) -> bytes | None:
    """A file of ``branch`` (None when the branch or the file does not exist)."""
    done = subprocess.run(
        ["git", "show", f"{branch}:{path}"], cwd=where, capture_output=True, check=False
    )
    return done.stdout if done.returncode == 0 else None


@dataclass(frozen=True)
class Deployed:
    """One deployed version, as mike's ``versions.json`` lists it."""

    version: str
    title: str
    aliases: tuple[str, ...]


def deployed_versions(where: Path, branch: str = BRANCH) -> list[Deployed]:
    """The versions on ``branch``, newest first (mike keeps ``versions.json`` in version
    order: 0.10 after 0.9, whatever was deployed last); empty when nothing is deployed."""
    data = read_branch_file(where, VERSIONS_FILE, branch)
    if data is None:
        return []
    try:
        items = json.loads(data)
    except ValueError as exc:
        raise GitError(f"{branch}:{VERSIONS_FILE} is not valid JSON: {exc}") from exc
    return [
        Deployed(str(i["version"]), str(i.get("title") or i["version"]), tuple(i["aliases"]))
        for i in items
    ]


def tree(where: Path, branch: str = BRANCH) -> dict[str, str]:
    """Every file of ``branch``: path -> blob id (symbolic links included as blobs)."""
    listing = git(where, "ls-tree", "-r", "--full-tree", "-z", branch)
    files = {}
    for entry in listing.split("\0"):
        if not entry:
            continue
        meta, _, path = entry.partition("\t")
        _mode, kind, blob = meta.split()
        if kind == "blob":
            files[path] = blob
    return files


def read_blobs(where: Path, blobs: list[str]) -> dict[str, bytes]:
    """The contents of many blobs at once (one ``git cat-file --batch``)."""
    if not blobs:
        return {}
    done = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=where,
        input="\n".join(blobs).encode() + b"\n",
        capture_output=True,
        check=True,
    )
    out, contents, at = done.stdout, {}, 0
    for blob in blobs:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        size = int(header[2])
        contents[blob] = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
    return contents
