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

import hashlib
import html
import os
import posixpath
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .content import load_site
from .model import Guide, Site
from .printing import WHOLE, BookMaker, render_book, render_tool
from .project import DOCS_DIR, Project, ProjectError
from .render import Renderer
from .routes import DOWNLOADS, Routes
from .validate import ValidationResult

PRINT_FILES = Path(__file__).parent / "print"
"""The print style sheet and the fonts it names."""
SYSTEM_LIBRARIES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
"""What WeasyPrint needs from the system, as Debian packages (``make site`` installs
them through scripts/tools/ensure-system-deps.sh)."""
TOOLS = "tools"
"""``oshub pdf --area tools``: only the printable tools (``out/tools/``)."""
_IMG = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")')


class PdfError(Exception):
    """A book could not be made: the message names the file (and line) to fix."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.path = path
        """The file to fix (a guide page), or "" when it is not known."""


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


_IMG_TAG = re.compile(r"<img\b[^>]*>")
_ALT = re.compile(r'\salt="([^"]*)"')


def image_sources(chapter_html: str, guide: Guide, docs: Path, *, strict: bool = True) -> str:
    """A chapter's image sources as file addresses (relative to the guide's file).

    ``strict``: an image that is missing or on another host stops the book (PdfError
    naming the page and the path); otherwise (a site built with validation off) it is
    printed as its text alternative.
    """
    return _IMG_TAG.sub(lambda tag: _one_image(tag.group(0), guide, docs, strict), chapter_html)


def _one_image(tag: str, guide: Guide, docs: Path, strict: bool) -> str:
    try:
        return _IMG.sub(lambda m: _source(m, guide, docs), tag)
    except PdfError:
        if strict:
            raise
        alt = _ALT.search(tag)
        return f'<span class="missing-image">{alt.group(1) if alt else ""}</span>'


def _source(match: re.Match[str], guide: Guide, docs: Path) -> str:
    written = html.unescape(match.group(2))
    parts = urlsplit(written)
    if parts.scheme or parts.netloc:
        raise PdfError(
            f"{guide.source}: image `{written}` is on another host; a printed guide "
            "uses only images of this site (put the file beside the page)",
            guide.source,
        )
    target = posixpath.normpath(posixpath.join(posixpath.dirname(guide.path), parts.path))
    path = docs / unquote(target)
    if not path.is_file():
        raise PdfError(
            f"{guide.source}: image `{written}` not found (looked for {DOCS_DIR}/{target})",
            guide.source,
        )
    return match.group(1) + html.escape(path.resolve().as_uri()) + match.group(3)


@dataclass(frozen=True)
class PrintedBook:
    """One book, printed: its book name, site path, PDF and page count."""

    name: str
    title: str
    path: str
    """Where the site publishes it (``downloads/oshub-blueprint-0.1-equity.pdf``)."""
    data: bytes
    pages: int
    seconds: float

    @property
    def size(self) -> int:
        """The PDF's size in bytes."""
        return len(self.data)


class Printer:
    """Prints the books of one site (one Markdown set-up, one renderer, one fetcher).

    Printed books are kept in a cache folder by the hash of everything that makes them
    (the book's HTML, the style sheet, the fonts, the images it shows, WeasyPrint's
    version): a rebuild of unchanged content, or the same content in another folder
    (the tests), reuses the PDF instead of rendering it again.
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
    ) -> None:
        self.weasyprint = _weasyprint()
        self.site = site
        self.renderer = renderer
        self.maker = BookMaker(
            site,
            renderer,
            markdown_extensions,
            extension_configs,
            images=lambda chapter, guide: image_sources(chapter, guide, docs, strict=strict),
        )
        self.fetcher = _fetcher([PRINT_FILES, docs])
        self.stylesheet = (PRINT_FILES / "print.css").resolve().as_uri()
        self.cache = cache if cache is not None else default_cache()

    def names(self) -> list[str]:
        """Every book: the whole Blueprint, then each area."""
        return [WHOLE, *self.maker.areas()]

    def print(self, name: str) -> PrintedBook:
        """One book as PDF (raises PdfError naming what to fix)."""
        started = time.perf_counter()
        book = self.maker.book(name)
        version = self.site.settings.version
        path = Routes.blueprint_pdf(version, None if name == WHOLE else name)
        document_html = render_book(book, self.renderer, stylesheet=self.stylesheet)
        data, pages = self._render(document_html, path)
        return PrintedBook(name, book.title, path, data, pages, time.perf_counter() - started)

    def tools(self) -> list[str]:
        """Every printable tool, by id, in the order of the tools file."""
        return [tool.id for tool in self.site.tools]

    def print_tool(self, tool_id: str) -> PrintedBook:
        """One printable tool as its own PDF (raises PdfError naming what to fix)."""
        started = time.perf_counter()
        tool = self.site.tool_by_id[tool_id]
        path = Routes.tool_pdf(tool.id, self.site.settings.version)
        document_html = render_tool(tool, self.renderer, stylesheet=self.stylesheet)
        data, pages = self._render(document_html, path)
        return PrintedBook(tool.id, tool.title, path, data, pages, time.perf_counter() - started)

    def _render(self, document_html: str, path: str) -> tuple[bytes, int]:
        """A document as tagged PDF and its page count, from the cache when it is there."""
        key = _cache_key(document_html, self.weasyprint.__version__)
        cached = self.cache / f"{key}.pdf"
        if cached.is_file() and cached.with_suffix(".pages").is_file():
            return cached.read_bytes(), int(cached.with_suffix(".pages").read_text())
        try:
            document = self.weasyprint.HTML(
                string=document_html,
                base_url=str(PRINT_FILES) + os.sep,
                url_fetcher=self.fetcher,
            ).render()
            data = document.write_pdf(pdf_variant="pdf/ua-1")
        except Exception as exc:
            raise PdfError(f"{Path(path).name}: WeasyPrint could not render it: {exc}") from exc
        _keep(self.cache, key, data, len(document.pages))
        return data, len(document.pages)


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
    for match in re.finditer(r'src="file://([^"]+)"', document_html):
        image = Path(unquote(html.unescape(match.group(1))))
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


def printer_for(
    project: Project, site: Site, renderer: Renderer, config: Any, *, strict: bool = True
) -> Printer:
    """A Printer with the Markdown set-up of MkDocs' configuration ``config``
    (``strict``: a missing image stops the book; else it prints as its text)."""
    return Printer(
        site,
        renderer,
        project.root / DOCS_DIR,
        config.markdown_extensions,
        config.mdx_configs,
        strict=strict,
    )


def make_pdfs(project: Project, areas: Sequence[str] | None, out: Path) -> PdfOutcome:
    """Write the whole Blueprint's PDF and one an area (or only ``areas``) into ``out``.

    Returns the validation (nothing is written when it has errors); raises PdfError
    for a book that cannot be made, ProjectError for usage and environment problems.
    """
    _weasyprint()  # a missing system library is said before any content is read
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
    printer = printer_for(project, site, renderer, config)
    known = printer.names()
    wanted = list(areas) if areas else [*known, TOOLS]
    for name in wanted:
        if name not in known and name != TOOLS:
            raise ProjectError(
                f"no guide area `{name}`: choose one of {', '.join([*known[1:], TOOLS])}"
            )
    out.mkdir(parents=True, exist_ok=True)
    for name in wanted:
        printed = (
            [printer.print(name)]
            if name != TOOLS
            else [printer.print_tool(tool) for tool in printer.tools()]
        )
        for one in printed:
            target = out / Path(one.path).relative_to(DOWNLOADS)
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.new-{os.getpid()}")
            partial.write_bytes(one.data)
            partial.replace(target)
            outcome.written.append((target, one.pages, one.seconds))
    return outcome
