"""The Blueprint as PDF, one book an area and one for the whole, from a validated Site.

WeasyPrint renders the print templates (``printing``) straight to tagged PDF
(PDF/UA-1: structure tree, document language, title and author), with the fonts that
ship with the project embedded. It fetches nothing from the network: only the
project's own files (images of the guides) and the package's print files may be
read. The same content gives the same PDF text and metadata: the cover's date is the
newest review date of what is printed, never the time of the build.

Books not in the cache are printed side by side, one process a core
(``pdf_engine``). A PDF is written beside its target and renamed over it only when
whole, and only when every book asked for was printed: a failed render leaves the
previous PDFs in place.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from oshub.core.project import DOCS_DIR, PACKAGE_DIR, ProjectError
from oshub.core.symlinks import link_problem
from oshub.model.entities import Guide, Site
from oshub.outputs.pdf.engine import Document, Rendered, RenderError, load_weasyprint, render_all
from oshub.outputs.pdf.printing import (
    WHOLE,
    BookMaker,
    PageRefused,
    chapter_html,
    chapter_tree,
    render_book,
    render_tool,
)
from oshub.render.renderer import Renderer
from oshub.routes import DOWNLOADS, Routes
from oshub.validate.document_images import RASTER, image_problem

PRINT_FILES = PACKAGE_DIR / "print"
"""The print style sheet and the fonts it names."""
TOOLS = "tools"
"""``oshub pdf --area tools``: only the printable tools (``out/tools/``)."""


class PdfError(Exception):
    """A book could not be made: the message names the file (and line) to fix."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.path = path
        """The file to fix (a guide page), or "" when it is not known."""


def image_sources(chapter: str, guide: Guide, docs: Path, *, strict: bool = True) -> str:
    """A chapter's image sources as file addresses (relative to the guide's file).

    ``strict``: an image that is missing or on another host stops the book (PdfError
    naming the page and the path); otherwise (a site built with validation off) it is
    printed as its text alternative.
    """
    tree = chapter_tree(chapter)
    set_image_sources(tree, guide, docs, strict=strict)
    return chapter_html(tree)


def set_image_sources(chapter: LexborNode, guide: Guide, docs: Path, *, strict: bool) -> None:
    """``image_sources`` on a chapter's tree (``printing.chapter_tree``), in place."""
    for image in chapter.css("img[src]"):
        try:
            image.attrs["src"] = _source(image.attrs["src"] or "", guide, docs)
        except PdfError:
            if strict:
                raise
            missing = chapter_tree('<span class="missing-image"></span>').child
            if missing is None:  # for the type checker: the snippet has its span
                raise
            alt = image.attrs.get("alt")
            if alt:
                missing.insert_child(alt)
            image.replace_with(missing)


def _source(written: str, guide: Guide, docs: Path) -> str:
    """The file address of an image a guide page shows as ``written``."""
    parts = urlsplit(written)
    if parts.scheme or parts.netloc:
        raise PdfError(
            f"{guide.source}: image `{written}` is on another host; a printed guide "
            "uses only images of this site (put the file beside the page)",
            guide.source,
        )
    target = posixpath.normpath(posixpath.join(posixpath.dirname(guide.path), parts.path))
    path = docs / unquote(target)
    through_link = link_problem(path, docs.parent, f"{DOCS_DIR}/{unquote(target)}")
    if through_link is not None:  # never read, whatever the fetcher would allow
        raise PdfError(f"{guide.source}: image `{written}`: {through_link.message}", guide.source)
    if not path.is_file():
        raise PdfError(
            f"{guide.source}: image `{written}` not found (looked for {DOCS_DIR}/{target})",
            guide.source,
        )
    if posixpath.splitext(target)[1].lower() in RASTER:
        problem = image_problem(path)
        if problem is not None:
            raise PdfError(
                f"{guide.source}: image `{written}` ({DOCS_DIR}/{target}): {problem}",
                guide.source,
            )
    return path.resolve().as_uri()


@dataclass(frozen=True)
class PrintedBook:
    """One book, printed: its book name, site path, PDF and page count."""

    name: str
    title: str
    path: str
    """Where the site publishes it (``downloads/oshub-blueprint-0.1-equity.pdf``)."""
    data: bytes
    pages: int
    seconds: float | None
    """How long it took to print; None when it came from the cache."""

    @property
    def size(self) -> int:
        """The PDF's size in bytes."""
        return len(self.data)


class Printer:
    """Prints the books of one site (one Markdown set-up, one renderer).

    Printed books are kept in a cache folder by the hash of everything that makes them
    (the book's HTML, the style sheet, the fonts, the images it shows, WeasyPrint's
    version): a rebuild of unchanged content, or the same content in another folder
    (the tests), reuses the PDF instead of rendering it again. Books that are not in
    the cache are printed side by side, in up to ``jobs`` processes (0: one a core).
    """

    def __init__(
        self,
        site: Site,
        renderer: Renderer,
        docs: Path,
        markdown_extensions: Sequence[Any],
        extension_configs: Mapping[str, Mapping[str, Any]],
        cache: Path | None = None,
        *,
        strict: bool = True,
        jobs: int = 0,
    ) -> None:
        self.weasyprint = load_weasyprint()
        self.site = site
        self.renderer = renderer
        self.maker = BookMaker(
            site,
            renderer,
            markdown_extensions,
            extension_configs,
            images=lambda chapter, guide: set_image_sources(chapter, guide, docs, strict=strict),
        )
        self.allowed = (str(PRINT_FILES.resolve()), str(docs.resolve()))
        self.stylesheet = (PRINT_FILES / "print.css").resolve().as_uri()
        self.cache = cache if cache is not None else default_cache()
        self.jobs = jobs

    def names(self) -> list[str]:
        """Every book: the whole Blueprint, then each area."""
        return [WHOLE, *self.maker.areas()]

    def tools(self) -> list[str]:
        """Every printable tool, by id, in the order of the tools file."""
        return [tool.id for tool in self.site.tools]

    def print_all(self, names: Sequence[str], tools: Sequence[str] = ()) -> list[PrintedBook]:
        """The books ``names``, then the tools ``tools``, as PDFs: from the cache when
        they are there, the others printed side by side (raises PdfError naming what
        to fix; a guide that cannot be made into a chapter stops before any printing)."""
        version = self.site.settings.version
        wanted: list[tuple[str, str, str, str]] = []  # name, title, site path, HTML
        for name in names:
            try:
                book = self.maker.book(name)
            except PageRefused as exc:
                raise PdfError(str(exc), exc.path) from exc
            path = Routes.blueprint_pdf(version, None if name == WHOLE else name)
            document_html = render_book(book, self.renderer, stylesheet=self.stylesheet)
            wanted.append((name, book.title, path, document_html))
        for tool_id in tools:
            tool = self.site.tool_by_id[tool_id]
            path = Routes.tool_pdf(tool.id, version)
            document_html = render_tool(tool, self.renderer, stylesheet=self.stylesheet)
            wanted.append((tool.id, tool.title, path, document_html))
        keys = [_cache_key(html_, self.weasyprint.__version__) for *_, html_ in wanted]
        found = {i: hit for i, key in enumerate(keys) if (hit := self._cached(key)) is not None}
        missing = [i for i in range(len(wanted)) if i not in found]
        documents = [
            Document(Path(wanted[i][2]).name, wanted[i][3], str(PRINT_FILES) + os.sep, self.allowed)
            for i in missing
        ]
        try:
            printed = render_all(documents, self.jobs)
        except RenderError as exc:
            raise PdfError(str(exc)) from exc
        for i, rendered in zip(missing, printed, strict=True):
            _keep(self.cache, keys[i], rendered.data, rendered.pages)
            found[i] = rendered
        return [
            PrintedBook(name, title, path, found[i].data, found[i].pages, found[i].seconds)
            for i, (name, title, path, _) in enumerate(wanted)
        ]

    def _cached(self, key: str) -> Rendered | None:
        """A book printed before with the same key, if the cache holds it."""
        cached = self.cache / f"{key}.pdf"
        pages = cached.with_suffix(".pages")
        if cached.is_file() and pages.is_file():
            return Rendered(cached.read_bytes(), int(pages.read_text()), seconds=None)
        return None


def default_cache() -> Path:
    """``$XDG_CACHE_HOME/oshub/pdf`` (or ``~/.cache/oshub/pdf``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "oshub" / "pdf"


@cache
def _print_files_digest() -> bytes:
    """The style sheet and fonts, hashed once a process (3 MiB of fonts)."""
    digest = hashlib.sha256()
    for path in sorted(PRINT_FILES.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.digest()


def _cache_key(document_html: str, engine: str) -> str:
    digest = hashlib.sha256(document_html.encode("utf-8"))
    digest.update(engine.encode())
    digest.update(_print_files_digest())
    for node in LexborHTMLParser(document_html).css('[src^="file://"]'):
        image = Path(unquote((node.attrs["src"] or "").removeprefix("file://")))
        digest.update(image.read_bytes() if image.is_file() else b"-")
    return digest.hexdigest()


def _keep(cache: Path, key: str, data: bytes, pages: int) -> None:
    """Store a printed book in the cache (a cache that cannot be written is skipped)."""
    try:
        cache.mkdir(parents=True, exist_ok=True)
        partial = cache / f".{key}.{os.getpid()}"
        partial.write_bytes(data)
        (cache / f"{key}.pages").write_text(str(pages))
        partial.replace(cache / f"{key}.pdf")
    except OSError:
        pass


def write_books(
    printer: Printer, areas: Sequence[str] | None, out: Path
) -> list[tuple[Path, int, float | None]]:
    """Print the whole Blueprint's PDF and one an area (or only ``areas``, ``tools``
    for the printable tools) with ``printer``, and write them into ``out``; returns
    (file, pages, seconds) of each PDF written (seconds: None from the cache).

    Raises PdfError for a book that cannot be made (then no PDF is written),
    ProjectError for an area that does not exist.
    """
    known = printer.names()
    wanted = list(areas) if areas else [*known, TOOLS]
    for name in wanted:
        if name not in known and name != TOOLS:
            raise ProjectError(
                f"no guide area `{name}`: choose one of {', '.join([*known[1:], TOOLS])}"
            )
    out.mkdir(parents=True, exist_ok=True)
    printed = printer.print_all(
        [name for name in wanted if name != TOOLS], printer.tools() if TOOLS in wanted else []
    )
    written: list[tuple[Path, int, float | None]] = []
    for one in printed:
        target = out / Path(one.path).relative_to(DOWNLOADS)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.new-{os.getpid()}")
        partial.write_bytes(one.data)
        partial.replace(target)
        written.append((target, one.pages, one.seconds))
    return written
