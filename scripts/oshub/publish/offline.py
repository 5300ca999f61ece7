"""``oshub offline``: the whole site in a zip that works opened from disk.

For schools with a slow or no connection: a separate build of the project with the
plugin's ``offline`` option (see ``offline_pages``: page files instead of folder
addresses, the theme's search without a server, no version selector, the version in
the header, the directory's filters as pre-built pages), with the PDFs and the open
data. After the build's own link check, every address in every page is checked once
more as a browser reading files resolves it: each must name a file of the copy (a
folder is not enough from disk) and nothing may be loaded from another host. The zip
is deterministic: entries sorted, fixed times and permissions, one top folder
(``oshub-blueprint-<version>/``), written atomically.

A release builds it first, then the online site with the file as the plan's
``offline_zip`` (the plugin's option of that name in ``mkdocs.yml`` does the same for
a build MkDocs starts): the downloads page links it.
"""

from __future__ import annotations

import posixpath
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from oshub import routes
from oshub.core.problems import Problem, error
from oshub.core.project import Project, ProjectError
from oshub.core.symlinks import symbolic_links
from oshub.model.content import ContentCache
from oshub.outputs.safety.page_loads import LOADED, LOADING_LINKS
from oshub.publish.build import quiet_mkdocs, render_plan
from oshub.publish.swap import Owner, scratch_folder, sweep
from oshub.validate.run import ValidationResult, validate_once

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every entry's time (the earliest a zip can hold): the same site gives the same zip."""
STORED: tuple[str, ...] = (".pdf", ".zip", ".gz", ".png", ".jpg", ".jpeg", ".gif", ".webp")
STORED += (".avif", ".odt", ".ods", ".odp")
"""Files that are compressed already: stored as they are."""
LEFT_OUT: tuple[str, ...] = (".map",)
"""Files a reader never loads: the theme's source maps (for developers' tools)."""


@dataclass
class OfflineOutcome:
    """What ``build_offline_zip`` did."""

    validation: ValidationResult
    zip_path: Path | None = None
    """The zip written (None when the build failed: an earlier zip is left as it was)."""
    site_problems: list[Problem] = field(default_factory=list)
    """Broken links, withheld pages, or addresses that do not work from disk."""
    error: str | None = None
    pages: int = 0
    size: int = 0
    seconds: float = 0.0
    version: str = ""

    @property
    def ok(self) -> bool:
        """True when the zip was written."""
        return self.zip_path is not None


def build_offline_zip(
    project: Project,
    out: Path | None = None,
    cache: ContentCache | None = None,
    version: str | None = None,
) -> OfflineOutcome:
    """Validate, build the offline copy into a temporary folder, check every address as a
    browser reading files would, and write the zip.

    ``out`` is a folder (the zip is named ``oshub-blueprint-<version>-offline.zip`` in
    it; default: ``offline/`` in the project) or a file name ending in ``.zip``;
    ``cache``: what validation found, for the steps of the same command (a release);
    ``version``: the version a release deploys (the copy's links to the site online
    lead to that version's pages).
    Raises ``ProjectError`` when the zip cannot be written there.
    """
    started = time.perf_counter()
    cache = cache or ContentCache()
    result = validate_once(project, cache.validation)
    outcome = OfflineOutcome(result)
    if result.errors:
        return outcome
    quiet_mkdocs()
    with scratch_folder("offline") as scratch:
        site_dir = scratch / "site"
        rendered = render_plan(
            project, {"site_dir": str(site_dir)}, cache, offline=True, version=version
        )
        if not rendered.ok or rendered.plan is None or rendered.plan.site is None:
            outcome.site_problems, outcome.error = rendered.problems, rendered.error
            if rendered.ok:
                outcome.error = f"{project.config_name} does not use the oshub plugin"
            return outcome
        outcome.version = rendered.plan.site.settings.version
        for name in routes.OFFLINE_LEFT_OUT:
            (site_dir / name).unlink(missing_ok=True)
        outcome.site_problems = disk_problems(site_dir) + _links_in(site_dir)
        if outcome.site_problems:
            return outcome
        target = _target(project, out, outcome.version)
        outcome.pages = sum(1 for _ in site_dir.rglob("*.html"))
        try:
            write_zip(site_dir, target, routes.offline_folder_name(outcome.version))
        except OSError as exc:
            raise ProjectError(f"cannot write the offline copy to {target}: {exc}") from exc
    outcome.zip_path = target
    outcome.size = target.stat().st_size
    outcome.seconds = time.perf_counter() - started
    return outcome


def _links_in(site_dir: Path) -> list[Problem]:
    """Symbolic links in the built copy: none may be zipped (the build copies files; a
    link could only lead to something that is not the site)."""
    return [
        error(link, 1, 1, "the built copy holds a symbolic link; it is not zipped")
        for link in symbolic_links(site_dir)
    ]


def _target(project: Project, out: Path | None, version: str) -> Path:
    if out is not None and out.suffix == ".zip":
        return out.resolve()
    folder = out if out is not None else project.root / "offline"
    return folder.resolve() / routes.offline_zip_name(version)


def write_zip(site_dir: Path, target: Path, folder: str) -> None:
    """The files of ``site_dir`` but source maps (``LEFT_OUT``) into the zip
    ``target``, under one ``folder``: sorted, with fixed times and permissions, so the
    same files give the same bytes. Written beside the target, then renamed (a zip a
    killed process left half written is removed by the next, ``swap``)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(
        (path.relative_to(site_dir).as_posix(), path)
        for path in site_dir.rglob("*")
        if not path.is_symlink()  # never zipped through (a build makes copies, not links)
        and path.is_file()
        and not path.name.lower().endswith(LEFT_OUT)
    )
    with Owner(target) as owner:
        sweep(target)
        partial = owner.staging
        with zipfile.ZipFile(partial, "w") as archive:
            for name, path in files:
                info = zipfile.ZipInfo(f"{folder}/{name}", date_time=ZIP_TIME)
                info.external_attr = 0o644 << 16
                info.create_system = 3  # Unix: the permissions above are read
                stored = name.lower().endswith(STORED)
                info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes(), compresslevel=None if stored else 9)
        partial.replace(target)


_ADDRESSED = ":is(" + ", ".join([*LOADED, "a", "area", "link", "meta", "form"]) + ")"
"""The elements that may hold an address (``:is`` gives each once, in document order)."""


def _element_addresses(tag: str, values: dict[str, str]) -> list[tuple[str, str, bool]]:
    """The addresses of one element: ``(what, address, loaded)``, ``loaded`` when a
    browser fetches it by itself (scripts, styles, images) rather than when followed."""
    found: list[tuple[str, str, bool]] = []
    for name in LOADED.get(tag, ()):
        if name not in values:
            continue
        if name == "srcset":
            for candidate in values[name].split(","):
                address = candidate.strip().split(" ")[0]
                if address:
                    found.append((f"<{tag} {name}>", address, True))
        else:
            found.append((f"<{tag} {name}>", values[name], True))
    if "href" in values and tag in ("a", "area", "link"):
        rels = set(values.get("rel", "").lower().split())
        loaded = tag == "link" and bool(rels & LOADING_LINKS)
        if tag != "link" or loaded:  # canonical, alternate ...: not a request
            found.append((f"<{tag} href>", values["href"], loaded))
    if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
        _, _, address = values.get("content", "").partition("=")
        if address:
            found.append(("<meta refresh>", address.strip("'\" "), False))
    if tag == "form" and values.get("action"):
        found.append(("<form action>", values["action"], False))
    return found


def page_addresses(page: str) -> list[tuple[str, str, bool]]:
    """Every address in a page: ``(where, address, loaded by the browser by itself)``.

    The page is read with the HTML parser, as a browser reads it: character references
    decoded, comments and scripts' text not taken for elements; what ``<template>``
    elements hold is read too (a script may put it in the page)."""
    found: list[tuple[str, str, bool]] = []
    tree = LexborHTMLParser(page)
    pending: list[LexborNode] = [tree.root] if tree.root is not None else []
    while pending:  # templates nest without bound: no recursion
        part = pending.pop(0)
        for node in part.css(_ADDRESSED):
            values = {name: value or "" for name, value in node.attributes.items()}
            found.extend(_element_addresses(node.tag or "", values))
        pending.extend(part.template_fragments())
    return found


def disk_problems(site_dir: Path) -> list[Problem]:
    """Addresses in the built pages that do not work from disk: a relative address
    that names no file of the site (a folder is not enough: from disk a browser shows
    a folder's listing, not its ``index.html``), one that leads out of the site, and
    anything loaded from another host. Links to other hosts that a reader follows are
    fine."""
    root = site_dir.resolve()
    problems: list[Problem] = []
    for path in sorted(site_dir.rglob("*.html")):
        here = path.relative_to(site_dir).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        for where, address, loaded in page_addresses(text):
            problem = address_problem(root, here, address, loaded)
            if problem:
                problems.append(error(here, 1, 1, f"{where} {address!r}: {problem}"))
    return problems


def address_problem(root: Path, here: str, address: str, loaded: bool) -> str | None:
    """Why ``address`` on the page ``here`` (a path in the site at ``root``) does not
    work from disk, or None when it does."""
    parts = urlsplit(address.strip())
    if parts.scheme in ("http", "https") or address.strip().startswith("//"):
        return "loads from another host" if loaded else None
    if parts.scheme == "data" and loaded:
        return None
    if parts.scheme or not parts.path:
        return None  # mailto:, tel:, or #anchor on the same page
    target = posixpath.normpath(posixpath.join(posixpath.dirname(here), unquote(parts.path)))
    if target.startswith("../") or target == ".." or parts.path.startswith("/"):
        return "leads out of the offline copy"
    file = root / target
    if file.is_dir():
        return "names a folder: from disk a browser does not open its index.html"
    if not file.is_file():
        return "no such file in the offline copy"
    return None
