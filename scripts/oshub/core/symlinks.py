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

A broken link or a loop is refused too; a folder link is a loop when following it
(and the folder links found inside, as MkDocs' walk of the docs does) leads back to a
folder that holds it: its own folder or an ancestor (``about/loop -> ..``), directly or
through other links. A folder link that is followed does not vouch for what lies
inside its target: every file and folder reached through it is judged too (hidden,
git-ignored), at the path through the link. This module is the one place that decides:
validation reports every refused link, and every refused path reached through an
allowed folder link, at its path (``refused_links``; the plugin asks it before MkDocs
walks anything), and whatever reads a file of the project (content, docs files, the
theme's overrides, schemas, the printer's images) asks ``refusal`` first. Light layer:
no site dependency here.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from oshub.core.problems import Problem, error

CONTENT_FOLDERS: tuple[str, ...] = ("blueprint", "hubs", "missions", "data", "schemas", "overrides")
"""The folders the site reads or publishes (relative to the project root)."""
HINT = (
    "links are not followed here: copy the file (or folder) into the project in place of the link"
)
_OUTSIDE = "leads outside the content folders (" + ", ".join(f"{f}/" for f in CONTENT_FOLDERS) + ")"
_GIT_TIMEOUT = 60
_LOOP = "goes round in a loop: following it leads back to a folder that holds it"
MAX_REACHED = 20_000
"""Files and folders that ``refused_links`` walks through allowed folder links, all the
project's folder links together (in path order); the link being walked when the limit
is passed, and every later one, is refused: a few links to big folders, or links inside
linked folders, could otherwise make the walk, and MkDocs' own, endless."""


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
    folders themselves included) that may not be followed, at the link's path, and one
    for every file or folder reached through an allowed folder link that may not be
    read (hidden, git-ignored), at the path through the link: what ``refusal`` says of
    it, so what the build says. A refused folder is one error (what it holds is not
    reported again) and a refused folder link is not entered. The links found inside an
    allowed one are reported where they really are (when that is in ``folders``), and
    followed when allowed, as MkDocs' walk of the docs does."""
    base = os.path.abspath(root)
    links = sorted(_links(base, folders))  # sorted: the same link meets the limit each time
    reasons = _judge(links, base)
    reached: dict[str, tuple[str, str]] = {}  # path through a folder link -> link, real place
    budget = [MAX_REACHED]
    for link in links:
        if link not in reasons and os.path.isdir(link):
            found, why = _through(link, base, budget)
            if why is not None:
                reasons[link] = why
            else:
                reached.update((path, (link, real)) for path, real in found.items())
    problems = [
        error(_rel(link, base), 1, 1, f"symbolic link {reasons[link]}", hint=HINT)
        for link in links
        if link in reasons
    ]
    listed = {_real_place(link) for link in links}
    # judged where they really are: the same answer, without resolving long paths
    judged = _judge(sorted({real for _, real in reached.values()}), base)
    inside = {path: judged[real] for path, (_, real) in reached.items() if real in judged}
    for path in _topmost(inside):
        rel = _rel(path, base)
        link, real = reached[path]
        if not os.path.islink(path):
            problems.append(Refusal(_rel(link, base), inside[path]).problem(rel))
        elif real not in listed:  # else reported where it really is
            problems.append(Refusal(rel, inside[path]).problem(rel))
    return sorted(problems)


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


def _through(link: str, base: str, budget: list[int]) -> tuple[dict[str, str], str | None]:
    """Every file, folder and link reached through the allowed folder ``link`` (absolute
    path through it -> where it really is, its folder resolved; the folder links inside
    are followed when allowed here, git aside), and why ``link`` is refused after all (a
    loop, too much to walk), or None. ``budget`` (one number) is what is left of
    ``MAX_REACHED``, shared by every link; hidden folders are not entered (they are
    refused)."""
    real_root = os.path.realpath(base)
    holder = os.path.realpath(os.path.dirname(link))
    stack: list[tuple[str, tuple[str, ...]]] = [(link, (os.path.realpath(link),))]
    reached: dict[str, str] = {}
    while stack:
        current, chain = stack.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue  # a folder that cannot be listed: whatever reads it says so
        budget[0] -= len(entries)
        if budget[0] < 0:
            return reached, (
                "leads past the limit of files and folders walked through folder links "
                f"({MAX_REACHED:,}, all the project's folder links together)"
            )
        for entry in entries:
            real = reached[entry.path] = os.path.join(chain[-1], entry.name)
            if not entry.is_symlink():
                if entry.is_dir(follow_symlinks=False) and not entry.name.startswith("."):
                    stack.append((entry.path, (*chain, real)))
                continue
            reason, target = _judge_here(real, real_root)
            if reason is not None or target is None or not os.path.isdir(target):
                continue  # a file link, or a refused one: not entered
            if any(_holds(target, folder) for folder in (holder, *chain)):
                return reached, _LOOP
            stack.append((entry.path, (*chain, target)))
    return reached, None


def _real_place(link: str) -> str:
    """Where the link ``link`` (absolute, maybe through other links) really is."""
    return os.path.join(os.path.realpath(os.path.dirname(link)), os.path.basename(link))


def _holds(folder: str, path: str) -> bool:
    """True when ``path`` is ``folder`` or lies below it (both absolute, resolved)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _topmost(refused: dict[str, str]) -> list[str]:
    """The paths of ``refused`` (absolute) that lie below no other of them."""
    kept: set[str] = set()
    for path in sorted(refused, key=lambda path: path.count(os.sep)):
        parent = os.path.dirname(path)
        while parent not in kept and os.path.dirname(parent) != parent:
            parent = os.path.dirname(parent)
        if parent not in kept:
            kept.add(path)
    return sorted(kept)


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
        reason, target = _judge_here(path, real_root)
        if reason is not None:
            reasons[path] = reason
        elif target is not None:
            targets[path] = target
    if targets:
        refused = _git_refused(real_root, sorted(set(targets.values())))
        for path, target in targets.items():
            if target in refused:
                reasons[path] = refused[target]
    return reasons


def _judge_here(path: str, real_root: str) -> tuple[str | None, str | None]:
    """Why ``path`` may not be followed, without asking git (None when nothing here is
    against it), and its target (absolute, resolved; None when it has none)."""
    try:
        target = os.path.realpath(path, strict=True)
    except FileNotFoundError:
        return "is broken: nothing exists where it leads", None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "goes round in a loop", None
        return f"cannot be followed ({exc.strerror or exc})", None
    rel = os.path.relpath(target, real_root)
    parts = rel.split(os.sep)
    if rel == "." or parts[0] == os.pardir or parts[0] not in CONTENT_FOLDERS:
        return _OUTSIDE, target
    hidden = next((part for part in parts if part.startswith(".")), None)
    if hidden is not None:
        return f"leads to a hidden file or folder (`{hidden}`), which is never read", target
    if os.path.isdir(target) and _holds(target, os.path.realpath(os.path.dirname(path))):
        return _LOOP, target  # MkDocs would walk the folder again inside itself
    return None, target


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
