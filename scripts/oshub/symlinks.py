"""Symbolic links in the folders the site reads: which of them may be followed.

Everything in the content folders (``CONTENT_FOLDERS``) is read, and most of it is
published; it arrives as pull requests like the rest of the content. A symbolic link
there could publish whatever its target is: ``/etc/passwd``, the process's
environment (``/proc/self/environ``), the checkout's credentials (``.git/config``),
a folder outside the project. So a link, to a file or a folder, is followed only when
its target (every link of a chain resolved) is itself allowed in the content folders:

- it lies inside one of the content folders of the same project;
- no part of its path is hidden (``.git/``, ``.venv/``, ``.env`` ...: hidden files are
  never published; ``site/`` and the rest of the root lie outside the content folders);
- git does not ignore it (``git check-ignore``, when the project is in a git work
  tree and git can be run; outside a work tree, or without git, no path counts as
  ignored and the other rules stand; a work tree where git cannot answer refuses the
  link rather than guess).

A broken link or a loop is refused too. This module is the one place that decides:
validation reports every refused link at its path (``refused_links``), and whatever
reads a file of the project (content, docs files, the theme's overrides, schemas, the
printer's images) asks ``refusal`` first. Light layer: no site dependency here.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, error

CONTENT_FOLDERS: tuple[str, ...] = ("blueprint", "hubs", "missions", "data", "schemas", "overrides")
"""The folders the site reads or publishes (relative to the project root)."""
HINT = (
    "links are not followed here: copy the file (or folder) into the project in place of the link"
)
_OUTSIDE = "leads outside the content folders (" + ", ".join(f"{f}/" for f in CONTENT_FOLDERS) + ")"
_GIT_TIMEOUT = 60


@dataclass(frozen=True)
class Refusal:
    """Why a path may not be read: the first symbolic link on its way (relative to the
    project root, ``/`` separators) and what is wrong with where it leads."""

    link: str
    reason: str

    def problem(self, rel: str) -> Problem:
        """The problem, reported at ``rel`` (the path that was to be read)."""
        if rel == self.link:
            message = f"symbolic link {self.reason}"
        else:
            message = f"read through the symbolic link `{self.link}`, which {self.reason}"
        return error(rel, 1, 1, message, hint=HINT)


def refusal(path: Path | str, root: Path | str) -> Refusal | None:
    """Why reading ``path`` (a path inside the project at ``root``) would go through a
    symbolic link that may not be followed, or None when it would not (no link on its
    way below the root, or only links to allowed targets). The link named is the first
    on the way that is refused itself, else the first of all (a chain of allowed links
    that ends somewhere refused)."""
    base = os.path.abspath(root)
    full = os.path.abspath(path)
    links = _links_on_the_way(full, base)
    if not links:
        return None
    paths = [os.path.join(base, *link.split("/")) for link in links]
    reasons = _judge([*paths, full], base)
    for link, link_path in zip(links, paths, strict=True):
        if link_path in reasons:
            return Refusal(link, reasons[link_path])
    return Refusal(links[0], reasons[full]) if full in reasons else None


def readable(path: Path | str, root: Path | str) -> bool:
    """True when ``path`` may be read: ``refusal`` has nothing against it."""
    return refusal(path, root) is None


def link_problem(path: Path | str, root: Path | str, rel: str) -> Problem | None:
    """The problem of reading ``path`` (named ``rel`` in the problem), or None."""
    found = refusal(path, root)
    return None if found is None else found.problem(rel)


def refused_links(root: Path | str, folders: Sequence[str] = CONTENT_FOLDERS) -> list[Problem]:
    """One error for every symbolic link in ``folders`` of the project at ``root`` (the
    folders themselves included) that may not be followed, at the link's path. Linked
    folders are not entered: links found there are judged where their folder really
    is (inside the content folders) or not at all (the folder's link is refused)."""
    base = os.path.abspath(root)
    links = list(_links(base, folders))
    reasons = _judge(links, base)
    return sorted(
        error(_rel(link, base), 1, 1, f"symbolic link {reasons[link]}", hint=HINT)
        for link in links
        if link in reasons
    )


def symbolic_links(folder: Path | str) -> list[str]:
    """Every symbolic link under ``folder`` (relative to it, ``/`` separators), without
    following any: a built site holds none (its files are copies)."""
    base = os.path.abspath(folder)
    found = [_rel(link, base) for link in _walk(base)]
    return sorted(found)


def _links(base: str, folders: Iterable[str]) -> Iterable[str]:
    for folder in folders:
        top = os.path.join(base, folder)
        if os.path.islink(top):
            yield top
        elif os.path.isdir(top):
            yield from _walk(top)


def _walk(top: str) -> Iterable[str]:
    """Symbolic links under ``top`` (absolute), found without following any."""
    stack = [top]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        yield entry.path
                    elif entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
        except OSError:
            continue  # a folder that cannot be listed: whatever reads it says so


def _links_on_the_way(full: str, base: str) -> list[str]:
    """The symbolic links on the way from ``base`` down to ``full`` (relative to
    ``base``, ``/`` separators, the nearest first); none when ``full`` is not below
    ``base``. The way stops where a part does not exist."""
    rel = os.path.relpath(full, base)
    if rel == "." or rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return []
    parts = rel.split(os.sep)
    found = []
    current = base
    for index, part in enumerate(parts):
        current = os.path.join(current, part)
        if os.path.islink(current):
            found.append("/".join(parts[: index + 1]))
        elif not os.path.lexists(current):
            break
    return found


def _rel(path: str, base: str) -> str:
    return os.path.relpath(path, base).replace(os.sep, "/")


def _judge(paths: Sequence[str], base: str) -> dict[str, str]:
    """Path (absolute, through one link or more) -> why it may not be followed; the
    paths that may be are not in the answer."""
    real_root = os.path.realpath(base)
    reasons: dict[str, str] = {}
    targets: dict[str, str] = {}  # path -> its target (absolute, resolved)
    for path in paths:
        try:
            target = os.path.realpath(path, strict=True)
        except FileNotFoundError:
            reasons[path] = "is broken: nothing exists where it leads"
            continue
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                reasons[path] = "goes round in a loop"
            else:
                reasons[path] = f"cannot be followed ({exc.strerror or exc})"
            continue
        rel = os.path.relpath(target, real_root)
        parts = rel.split(os.sep)
        if rel == "." or parts[0] == os.pardir or parts[0] not in CONTENT_FOLDERS:
            reasons[path] = _OUTSIDE
        elif any(part.startswith(".") for part in parts):
            hidden = next(part for part in parts if part.startswith("."))
            reasons[path] = f"leads to a hidden file or folder (`{hidden}`), which is never read"
        else:
            targets[path] = target
    if targets:
        refused = _git_refused(real_root, sorted(set(targets.values())))
        for path, target in targets.items():
            if target in refused:
                reasons[path] = refused[target]
    return reasons


def _git_refused(real_root: str, targets: list[str]) -> dict[str, str]:
    """Targets (absolute) that git ignores -> why; nothing when the project is not in a
    git work tree or git cannot be run; every target when git is there but cannot say."""
    try:
        done = subprocess.run(
            ["git", "-C", real_root, "check-ignore", "--stdin", "-z"],
            input=b"".join(os.fsencode(target) + b"\0" for target in targets),
            capture_output=True,
            env={**os.environ, "LC_ALL": "C"},  # git's own words, whatever the language
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        return {}  # no git: nothing is ignored
    except (OSError, subprocess.TimeoutExpired) as exc:
        return dict.fromkeys(targets, f"could not be checked against git's ignore rules ({exc})")
    if done.returncode in (0, 1):
        ignored = {os.path.normpath(os.fsdecode(name)) for name in done.stdout.split(b"\0") if name}
        return {
            target: "leads to a path git ignores (not part of the project's content)"
            for target in targets
            if target in ignored
        }
    said = done.stderr.decode(errors="replace").strip()
    if "not a git repository" in said:
        return {}  # not a work tree: nothing is ignored
    first = said.splitlines()[0] if said else f"exit {done.returncode}"
    return dict.fromkeys(targets, f"could not be checked against git's ignore rules ({first})")
