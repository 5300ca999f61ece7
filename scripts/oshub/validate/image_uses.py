"""A bad image is reported where a page uses it: the line an author can act on.

The check of an image (``document_images``) knows only the file; the author of a page
knows the line where they wrote ``![...](plan.png)``. A problem of a raster image is
moved to each link of a page (guide or hand-written) that leads to it, at that
link's line and column; an image no page uses keeps its problem at its own path.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from oshub.core.problems import Problem
from oshub.load.frontmatter import split_page
from oshub.load.textfile import read_text
from oshub.validate.checks import Loaded
from oshub.validate.document_images import RASTER
from oshub.validate.markdown_check import WrittenLink, resolve, scan_body


def _page_links(
    loaded: Mapping[str, Loaded], root: Path, docs_dir: str
) -> Iterator[tuple[str, WrittenLink]]:
    """(page path, link) of every internal link of the docs folder's pages."""
    for item in loaded.values():
        if item.scan is not None:
            for link in item.scan.links:
                yield item.doc.path, link
    docs = root / docs_dir
    for path in sorted(docs.rglob("*.md")):
        rel = f"{docs_dir}/{path.relative_to(docs).as_posix()}"
        if rel in loaded or any(part.startswith(".") for part in rel.split("/")):
            continue
        text, _ = read_text(path, rel, root)
        if text is None:
            continue
        page, problems = split_page(text, rel)
        if not problems:
            for link in scan_body(page.body, rel, page.body_line).links:
                yield rel, link


def where_used(
    problems: Sequence[Problem], loaded: Mapping[str, Loaded], root: Path, docs_dir: str
) -> list[Problem]:
    """``problems`` of the docs folder's files, with those of raster images moved to
    the lines of the pages that use them."""
    images = {
        p.path
        for p in problems
        if p.path.startswith(docs_dir + "/") and posixpath.splitext(p.path)[1].lower() in RASTER
    }
    if not images:
        return list(problems)
    kept = [p for p in problems if p.path not in images]
    used: set[str] = set()
    for page, link in _page_links(loaded, root, docs_dir):
        target = resolve(page.removeprefix(docs_dir + "/"), link.target)
        image = f"{docs_dir}/{target[0]}" if target is not None else ""
        if image in images:
            used.add(image)
            # at the page's link, a line of its body: no value of the page is at fault
            kept.extend(
                replace(p, path=page, line=link.line, col=link.col, pointer="")
                for p in problems
                if p.path == image
            )
    kept.extend(p for p in problems if p.path in images and p.path not in used)
    return kept
