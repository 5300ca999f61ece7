"""Which files a pass publishes: hand-written files refused or left out, drawings as
they are published, and the links to what this build does not have."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from oshub import routes
from oshub.core.project import DOCS_DIR, PACKAGE_DIR, translation_of
from oshub.core.symlinks import CONTENT_FOLDERS, link_problem
from oshub.outputs.site.pages import GeneratedFile
from oshub.plan.published import WATCHED
from oshub.plan.rendering import Rendering
from oshub.plan.reporting import log
from oshub.validate.docs_files import check_docs_file
from oshub.validate.svg_safety import published_svg


@dataclass(frozen=True)
class FoundFile:
    """A file MkDocs found, as plain values: its docs path, where it is read from, whether
    it is a page, whether it lies in the project's docs folder (not the theme's)."""

    src_uri: str
    abs_path: str
    page: bool
    in_docs: bool


def sort_out(rendering: Rendering, found: FoundFile, root: Path) -> bytes | bool:
    """What becomes of a file MkDocs found: True to keep it, False to leave it out (a
    refused file is also noted as a problem that fails the build), or the bytes to
    publish in its place (a drawing, written again from what was checked)."""
    if through_link(rendering, found.abs_path, root):
        return False
    if found.page:
        return not left_out(rendering, found.src_uri)
    if not found.in_docs:
        return True  # the theme's own files
    if refused(rendering, found.abs_path, found.src_uri, root):
        return False
    if found.src_uri.lower().endswith(".svg"):
        drawn = drawing(rendering, found.abs_path, found.src_uri, root)
        return False if drawn is None else drawn
    return True


def to_add(rendering: Rendering) -> list[tuple[GeneratedFile, bool]]:
    """The generated files this pass publishes, each with whether the live preview may
    leave it as its last build wrote it."""
    plan = rendering.plan
    preview = plan.preview
    return [
        (item, preview is not None and preview.unchanged(plan.made[item.path]))
        for item in plan.generated
        if plan.wanted(item)
    ]


def watched(root: Path) -> list[str]:
    """The folders the live preview watches besides the docs: content, schemas and
    templates of the project at ``root`` (even when its first build stopped before a
    plan was made: the fix must start the next one), and the package's templates."""
    folders = [root / name for name in WATCHED]
    return [str(f) for f in folders if f.is_dir()] + [str(PACKAGE_DIR / "templates")]


def left_out(rendering: Rendering, src_uri: str) -> bool:
    """True for a guide page this build does not publish: a translation (it waits for
    its language's build), or, with validation off, a page the model left out because
    its front matter does not fit the schema (said in a warning)."""
    if not src_uri.startswith(routes.GUIDES):
        return False
    if translation_of(src_uri) is not None:
        return True
    if src_uri not in rendering.plan.absent:
        return False
    log.warning(f"oshub: {DOCS_DIR}/{src_uri} is left out: its front matter is not valid")
    return True


def through_link(rendering: Rendering, abs_path: str, root: Path) -> bool:
    """True for a file of a content folder (the docs, the theme's overrides) that would
    be read through a symbolic link that may not be followed: it is left out and the
    build fails, whatever the switches."""
    rel = os.path.relpath(abs_path, root).replace(os.sep, "/")
    if rel.split("/")[0] not in CONTENT_FOLDERS:
        return False  # the theme's own files
    problem = link_problem(abs_path, root, rel)
    if problem is None:
        return False
    rendering.refuse([problem], rel)
    return True


def refused(rendering: Rendering, abs_path: str, src_uri: str, root: Path) -> bool:
    """True for a file of the docs folder that may not be published (see ``docs_files``):
    it is left out and the build fails, whatever the switches. What validation found is
    taken as it is; a file it did not see (the plugin switched off) is checked here."""
    validation = rendering.plan.validation
    problems = validation.docs_files.get(src_uri) if validation is not None else None
    if problems is None:
        documents = rendering.plan.cache.validation.documents
        problems = check_docs_file(Path(abs_path), src_uri, DOCS_DIR, root, documents)
    if problems:
        rendering.refuse(problems, problems[0].path)
    return bool(problems)


def drawing(rendering: Rendering, abs_path: str, src_uri: str, root: Path) -> bytes | None:
    """A drawing of the docs folder (``.svg``) as it is published: written again from
    what was checked (``svg_safety``), never the file itself; None when it cannot be
    (the file changed since it was checked: left out, and the build fails)."""
    rel = f"{DOCS_DIR}/{src_uri}"
    content, problems = published_svg(Path(abs_path), rel, root)
    if content is None:
        rendering.refuse(problems, rel)
    return content


def forget_stale(rendering: Rendering, site_dir: Path, added: Iterable[str]) -> None:
    """In the live preview's small builds, the outputs the last build wrote that this
    one does not are removed (writing begins: the site folder is not whole until the end)."""
    preview = rendering.plan.preview
    if preview is None:
        return
    preview.complete = False
    for dest in preview.stale(added):
        (site_dir / dest).unlink(missing_ok=True)
