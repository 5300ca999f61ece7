"""``oshub pdf``: the Blueprint as PDF, one book an area and one for the whole.

WeasyPrint renders the print templates (``printing``) straight to tagged PDF
(PDF/UA-1: structure tree, document language, title and author), with the fonts that
ship with the project embedded. It fetches nothing from the network: only the
project's own files (images of the guides) and the package's print files may be
read. The same content gives the same PDF text and metadata: the cover's date is the
newest review date of what is printed, never the time of the build.

A PDF is written beside its target and renamed over it only when whole: a failed
render leaves the previous PDF in place.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .cli import SYSTEM_LIBRARIES
from .content import load_site
from .model import Guide
from .printing import WHOLE, Book, BookMaker, render_book
from .project import DOCS_DIR, Project, ProjectError
from .render import Renderer
from .routes import Routes
from .validate import ValidationResult

PRINT_FILES = Path(__file__).parent / "print"
"""The print style sheet and the fonts it names."""
_IMG = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")')


class PdfError(Exception):
    """A book could not be made: the message names the file (and line) to fix."""


class MissingSystemLibraries(ProjectError):
    """WeasyPrint cannot load the system's text libraries (exit 2)."""


@dataclass
class PdfOutcome:
    """What ``oshub pdf`` did."""

    validation: ValidationResult
    written: list[tuple[Path, int, float]] = field(default_factory=list)
    """(file, pages, seconds) of each PDF written."""


def _weasyprint() -> Any:
    try:
        import weasyprint
    except OSError as exc:  # the module is there, the system's libraries are not
        raise MissingSystemLibraries(
            f"WeasyPrint cannot load the system's text libraries ({exc}); install them "
            f"with: apt-get install -y {SYSTEM_LIBRARIES}"
        ) from exc
    return weasyprint


def _fetcher(allowed: Sequence[Path]) -> Any:
    """A URL fetcher that reads only files under ``allowed`` folders: nothing from the
    network, nothing elsewhere on the machine."""
    _weasyprint()
    from weasyprint.urls import URLFetcher

    roots = [str(p.resolve()) + os.sep for p in allowed]

    class ProjectFiles(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            path = os.path.realpath(unquote(parts.path))
            if parts.scheme != "file" or not any(path.startswith(r) for r in roots):
                raise ValueError(f"not fetched while printing: {url}")
            return super().fetch(url, headers)

    return ProjectFiles(allowed_protocols={"file"})


def image_sources(chapter_html: str, guide: Guide, docs: Path) -> str:
    """A chapter's image sources as file addresses (relative to the guide's file)."""

    def source(match: re.Match[str]) -> str:
        written = html.unescape(match.group(2))
        parts = urlsplit(written)
        if parts.scheme or parts.netloc:
            raise PdfError(
                f"{guide.source}: image `{written}` is on another host; a printed guide "
                "uses only images of this site (put the file beside the page)"
            )
        target = posixpath.normpath(posixpath.join(posixpath.dirname(guide.path), parts.path))
        path = docs / unquote(target)
        if not path.is_file():
            raise PdfError(
                f"{guide.source}: image `{written}` not found (looked for {DOCS_DIR}/{target})"
            )
        return match.group(1) + html.escape(path.resolve().as_uri()) + match.group(3)

    return _IMG.sub(source, chapter_html)


def make_pdfs(project: Project, areas: Sequence[str] | None, out: Path) -> PdfOutcome:
    """Write the whole Blueprint's PDF and one an area (or only ``areas``) into ``out``.

    Returns the validation (nothing is written when it has errors); raises PdfError
    for a book that cannot be made, ProjectError for usage and environment problems.
    """
    weasyprint = _weasyprint()
    result, site = load_site(project)
    outcome = PdfOutcome(result)
    if result.errors:
        return outcome
    from mkdocs.config import load_config

    config = load_config(str(project.config_file))
    renderer = Renderer(
        site,
        Routes(site_url=project.site_url, directory_urls=project.directory_urls),
        template_dirs=[d for d in config.theme.dirs if Path(d).is_relative_to(project.root)],
    )
    maker = BookMaker(
        site,
        renderer,
        config.markdown_extensions,
        config.mdx_configs,
        images=lambda chapter, guide: image_sources(chapter, guide, project.root / DOCS_DIR),
    )
    known = maker.areas()
    wanted = list(areas) if areas else [WHOLE, *known]
    for name in wanted:
        if name != WHOLE and name not in known:
            raise ProjectError(f"no guide area `{name}`: choose one of {', '.join(known)}")
    out.mkdir(parents=True, exist_ok=True)
    fetcher = _fetcher([PRINT_FILES, project.root / DOCS_DIR])
    stylesheet = (PRINT_FILES / "print.css").resolve().as_uri()
    for name in wanted:
        started = time.perf_counter()
        book = maker.book(name)
        target = (
            out
            / Path(
                Routes.blueprint_pdf(site.settings.version, None if name == WHOLE else name)
            ).name
        )
        pages = _write(weasyprint, book, renderer, stylesheet, fetcher, target)
        outcome.written.append((target, pages, time.perf_counter() - started))
    return outcome


def _write(
    weasyprint: Any,
    book: Book,
    renderer: Renderer,
    stylesheet: str,
    fetcher: Any,
    target: Path,
) -> int:
    document_html = render_book(book, renderer, stylesheet=stylesheet)
    partial = target.with_name(f".{target.name}.new-{os.getpid()}")
    try:
        document = weasyprint.HTML(
            string=document_html, base_url=str(PRINT_FILES) + os.sep, url_fetcher=fetcher
        ).render()
        document.write_pdf(partial, pdf_variant="pdf/ua-1")
    except Exception as exc:
        partial.unlink(missing_ok=True)
        raise PdfError(f"{target.name}: WeasyPrint could not render the book: {exc}") from exc
    partial.replace(target)
    return len(document.pages)
