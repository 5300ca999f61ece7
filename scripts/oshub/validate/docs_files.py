"""The docs folder's other files: what may be published from it, checked before a build.

Everything in ``blueprint/`` reaches readers, and arrives as pull requests like the
rest of the content, so only what cannot run is published from it:

- pages (``.md``): hand-written pages outside the guides are read like guide pages
  (no raw HTML outside the allow-list, no script URL, no theme ids), at their line;
- images and documents (``MEDIA``); an SVG drawing is read by structure against
  allow-lists of elements, attributes and CSS properties (``svg_safety``), and the
  site publishes it written again from what was read; CSV, OpenDocument, PDF and
  raster images are checked for what they are by ``documents``;
- the project's own scripts and style sheets, in ``assets/`` only (``CODE``): they
  are code, reviewed as code, and the pages' Content-Security-Policy allows them.

Anything else (``.html``, ``.js`` outside ``assets/``, ``.xml``...) is refused: a
page written in HTML would escape the checks and the sanitiser, and a script beside
the pages would count as the site's own. Plain functions on the light layer: the
plugin applies the same rules when it builds, whatever validation's switch says.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from oshub.core.problems import Problem, error
from oshub.core.symlinks import link_problem
from oshub.load.frontmatter import split_page
from oshub.load.textfile import read_text
from oshub.load.yamlload import load_yaml
from oshub.routes import ASSETS
from oshub.validate.checks import misnamed
from oshub.validate.documents import DocumentCache, check_document
from oshub.validate.markdown_check import scan_body
from oshub.validate.svg_safety import check_svg

MEDIA = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"}
    | {".pdf", ".odt", ".ods", ".odp", ".csv", ".txt"}
)
"""Images and documents that may be published from the docs folder."""
CODE_FOLDER = f"{ASSETS}/"
"""The project's own scripts and style sheets live here (relative to the docs folder)."""
CODE = frozenset({".js", ".css"})


def published(rel: str) -> bool:
    """True for a file of the docs folder (path relative to it) that may be published."""
    suffix = posixpath.splitext(rel)[1].lower()
    if suffix == ".md" or suffix in MEDIA:
        return True
    return rel.startswith(CODE_FOLDER) and suffix in CODE


def refused(rel: str, docs_dir: str) -> Problem:
    """The problem of a file of the docs folder that may not be published."""
    suffix = posixpath.splitext(rel)[1].lower() or "(no extension)"
    return error(
        f"{docs_dir}/{rel}",
        1,
        1,
        f"a `{suffix}` file cannot be published from {docs_dir}/",
        hint="pages are Markdown (.md); images and documents may be "
        + ", ".join(sorted(MEDIA))
        + f"; the project's own scripts and styles live in {docs_dir}/{CODE_FOLDER}",
    )


def check_page(path: Path, rel: str, root: Path) -> list[Problem]:
    """A hand-written page (not a guide): its front matter parses, its body is safe."""
    text, problems = read_text(path, rel, root)
    if text is None:
        return problems
    page, split_problems = split_page(text, rel)
    if split_problems:
        return split_problems
    if page.front_matter:
        _, yaml_problems = load_yaml(page.front_matter, rel, line_offset=page.front_matter_line)
        problems.extend(yaml_problems)
    problems.extend(scan_body(page.body, rel, page.body_line).problems)
    return problems


def check_docs_file(
    path: Path, rel_docs: str, docs_dir: str, root: Path, cache: DocumentCache | None = None
) -> list[Problem]:
    """Everything that can be said about one file of the docs folder other than a guide
    page (``rel_docs`` is its path relative to the docs folder); ``cache``: documents
    already checked (see ``documents.DocumentCache``)."""
    rel = f"{docs_dir}/{rel_docs}"
    through_link = link_problem(path, root, rel)
    if through_link is not None:  # nothing is read through it, whatever its extension
        return [through_link]
    if not published(rel_docs):
        return [refused(rel_docs, docs_dir)]
    written = posixpath.splitext(rel_docs)[1]
    suffix = written.lower()
    if suffix == ".md" and written != ".md":  # MkDocs would publish it as a raw file
        return [misnamed(rel)]
    if suffix == ".md":
        return check_page(path, rel, root)
    if suffix == ".svg":
        text, problems = read_text(path, rel, root)
        if text is None:
            return problems
        return check_svg(text.encode("utf-8"), rel)
    return check_document(path, rel, root, cache)
