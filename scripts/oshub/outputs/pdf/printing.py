"""Printable books of the Blueprint: the guides of one area, or all of them, as one
HTML document for WeasyPrint, made from the model (never from the site's pages).

A book has a cover (title, the Blueprint's version, the date of its newest review,
the licence), a table of contents, the guide pages in reading order, the glossary,
and for the whole Blueprint an appendix of the hubs and missions. Each guide page is
its Markdown rendered with the site's own Markdown set-up and sanitised like a web
page; its heading ids get a per-page prefix so that they stay unique in the book, a
link to another page in the same book becomes a link inside it, and any other link
goes to its address on the site. Words are in the print templates
(``templates/oshub/print/``), marked for translation.
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown as markdown_lib
from markupsafe import Markup
from selectolax.lexbor import LexborHTMLParser, LexborNode

from oshub.core.text import make_slug
from oshub.load.tool_markers import replace_markers, tools_shown
from oshub.model.entities import Guide, Site, Tool
from oshub.outputs.safety.sanitise import clean_html
from oshub.render.renderer import Renderer
from oshub.routes import GUIDES, Routes
from oshub.validate.markdown_limits import MAX_DEPTH, nesting_problems

WHOLE = "blueprint"
"""The name of the book that holds every area."""
_TOOL_TOKEN = "OSHUBTOOLREF-"
"""Stands for a tool marker while a page's Markdown is converted and sanitised: a
paragraph of its own, replaced in the chapter's tree by the tool's reference."""
MAX_TABLE_CELLS = 1000
"""Table cells a guide page may hold to be printed. WeasyPrint lays a table out whole:
a 200 KB table (40,000 cells) took 99 s and 1.45 GB, 2,000 cells about 10 s; the
largest table of the Blueprint has about 200."""
MAX_CHARACTERS = 100_000
"""Characters of text a guide page may hold to be printed (about 40 printed pages; the
longest page of the Blueprint has 20,000)."""


class PageRefused(Exception):
    """A guide page that cannot be printed: it nests too deep for the renderer, or its
    layout would pass the printer's budget. The message names the page (and line)."""

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.path = path
        """The guide page's file, from the project root."""


def chapter_tree(chapter_html: str) -> LexborNode:
    """A chapter's HTML as a tree (a ``body`` element), as a browser would read it."""
    # from the body's start tag on, all of it is the body's (a comment first included)
    body = LexborHTMLParser("<body>" + chapter_html).body
    if body is None:  # the parser always makes one; this is for the type checker
        raise ValueError("no body in a parsed chapter")
    return body


def chapter_html(chapter: LexborNode) -> str:
    """The HTML of a chapter's tree (``chapter_tree``)."""
    return chapter.inner_html or ""


def print_budget(guide: Guide, chapter: LexborNode) -> None:
    """Refuse (PageRefused) a chapter whose layout would pass the printer's budget,
    estimated from its tree before any layout: ``MAX_TABLE_CELLS`` table cells and
    ``MAX_CHARACTERS`` characters of text a page."""
    cells = len(chapter.css("td, th"))
    if cells > MAX_TABLE_CELLS:
        raise PageRefused(
            f"{guide.source}: {cells:,} table cells are more than a printed page may hold "
            f"({MAX_TABLE_CELLS:,}); split the table or the page",
            guide.source,
        )
    characters = len(chapter.text(deep=True))
    if characters > MAX_CHARACTERS:
        raise PageRefused(
            f"{guide.source}: {characters:,} characters are more than a printed page may "
            f"hold ({MAX_CHARACTERS:,}); split the page",
            guide.source,
        )


@dataclass(frozen=True)
class Chapter:
    """One guide page in a book: its anchor in the book and its HTML."""

    guide: Guide
    key: str
    """The page's anchor in the book (``p-equity-barriers``): its heading ids start so."""
    html: Markup


@dataclass(frozen=True)
class Book:
    """What one PDF holds."""

    name: str
    """``blueprint`` or an area (``equity``)."""
    title: str
    chapters: tuple[Chapter, ...]
    date: str
    """The newest ``last_reviewed`` of what is printed: the cover's date."""
    appendix: bool
    """True for the whole Blueprint: the hubs and missions from the data."""
    tools: tuple[Tool, ...] = ()
    """The tools printed in the book's appendix: every tool in the whole Blueprint, the
    tools its pages show in an area's book."""


def page_key(guide: Guide) -> str:
    """A guide page's anchor in a book, from its path (``guides/equity/barriers.md``)."""
    stem = guide.path.removeprefix(GUIDES).removesuffix(".md")
    return "p-" + make_slug(stem)


def newest_review(guides: Sequence[Guide], site: Site, *, with_data: bool) -> str:
    """The newest review date of what a book prints (guides, and data for the appendix)."""
    dates = [g.last_reviewed for g in guides if g.last_reviewed]
    if with_data:
        dates += [h.last_reviewed for h in site.hubs] + [m.last_reviewed for m in site.missions]
    return max((str(d) for d in dates), default="")


class BookMaker:
    """Makes the books of one site: one Markdown set-up and one renderer for all."""

    def __init__(
        self,
        site: Site,
        renderer: Renderer,
        markdown_extensions: Sequence[Any],
        extension_configs: Mapping[str, Mapping[str, Any]],
        images: Callable[[LexborNode, Guide], None] | None = None,
    ) -> None:
        self.site = site
        self._images = images
        self.renderer = renderer
        configs = {name: dict(options) for name, options in extension_configs.items()}
        configs["toc"] = {**configs.get("toc", {}), "permalink": False}
        self._md = markdown_lib.Markdown(
            extensions=list(markdown_extensions), extension_configs=configs
        )
        # a book is the same from the site's build and from the offline copy's: guide
        # pages' addresses are read as they are online
        self._url = renderer.routes.online_url
        self._by_url = {self._url(g.path): g.path for g in site.guides}

    def areas(self) -> tuple[str, ...]:
        """The areas that have guide pages, in the schema's order."""
        present = {g.area for g in self.site.guides}
        return tuple(a for a in self.site.guide_areas if a in present)

    def book(self, name: str) -> Book:
        """The book of one area, or of the whole Blueprint (``WHOLE``)."""
        whole = name == WHOLE
        guides = [g for g in self.site.guides if whole or g.area == name]
        if not whole:
            guides = [g for g in guides if g.area is not None]
        keys = {g.path: page_key(g) for g in guides}
        chapters = tuple(Chapter(g, keys[g.path], self._chapter(g, keys)) for g in guides)
        overview = next((g for g in guides if g.is_area_overview), None)
        area_title = "" if whole or overview is None else overview.title
        title = self.renderer.word("print_title", area_title)
        shown = {tool for g in guides for tool in tools_shown(g.body)}
        tools = tuple(t for t in self.site.tools if whole or t.id in shown)
        date = newest_review(guides, self.site, with_data=whole)
        if tools and self.site.tools_reviewed:
            date = max(date, self.site.tools_reviewed)
        return Book(name, title, chapters, date, whole, tools)

    def _chapter(self, guide: Guide, keys: Mapping[str, str]) -> Markup:
        """A guide page's chapter; PageRefused for a page the renderer cannot read
        (``markdown_limits``) or one past the printer's budget (``print_budget``)."""
        deep = nesting_problems(guide.body, guide.source, guide.body_line)
        if deep:
            where = deep[0]
            raise PageRefused(
                f"{guide.source}:{where.line}:{where.col}: {where.message} "
                f"(a page may nest at most {MAX_DEPTH} levels)",
                guide.source,
            )
        self._md.reset()
        tools = self.site.tool_by_id
        markdown = replace_markers(
            guide.body, lambda tool, _at: f"\n{_TOOL_TOKEN}{tool}\n" if tool in tools else None
        )
        body = chapter_tree(clean_html(self._md.convert(markdown)))
        print_budget(guide, body)
        key = keys[guide.path]
        for node in body.css("[id]"):
            node.attrs["id"] = f"{key}-{node.attrs['id'] or ''}"
        for node in body.css("a[href]"):
            node.attrs["href"] = self._link(node.attrs["href"] or "", guide, keys)
        if self._images is not None:
            self._images(body, guide)
        for node in body.css("p"):
            tool = _tool_marker(node)
            if tool in tools:
                _replace(node, self._tool_reference(tools[tool]))
        # sanitised above; the tool references come from a template
        return Markup(chapter_html(body))

    def _tool_reference(self, tool: Tool) -> str:
        """Where a guide page shows a tool, the book says where its sheet is printed."""
        module = self.renderer.env.get_template("oshub/print/tool_sheet.html").module
        return str(module.tool_reference(tool))  # type: ignore[attr-defined]

    def _link(self, target: str, guide: Guide, keys: Mapping[str, str]) -> str:
        """Where a link of a guide page leads in the book (character references
        decoded): a page in the book by its anchor there, anything else by its address
        on the site."""
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            return target
        key = keys[guide.path]
        anchor = f"#{parts.fragment}" if parts.fragment else ""
        if not parts.path:  # an anchor on the same page
            return f"#{key}-{parts.fragment}" if parts.fragment else f"#{key}"
        path = unquote(parts.path)
        if path.endswith(".md"):  # a page's file, as MkDocs reads it
            docs = posixpath.normpath(posixpath.join(posixpath.dirname(guide.path), path))
        else:  # an address, read from the page's own address
            here = self._url(guide.path)
            folder = here if here.endswith("/") else posixpath.dirname(here) + "/"
            site_path = posixpath.normpath(posixpath.join(folder, path))
            site_path += "/" if path.endswith("/") else ""
            docs = self._by_url.get(site_path, site_path)
        other = keys.get(docs)
        if other is not None:
            return f"#{other}-{parts.fragment}" if parts.fragment else f"#{other}"
        # the page's file gives its address on the site online, also from a build of
        # the offline copy (whose own addresses end in .html): the same book either way
        return self.renderer.routes.absolute(docs) + anchor


def _tool_marker(paragraph: LexborNode) -> str:
    """The tool a paragraph stands for (``<p>OSHUBTOOLREF-map</p>``, as the marker
    became), or ""."""
    child = paragraph.child
    if paragraph.attributes or child is None or child.next is not None or not child.is_text_node:
        return ""
    text = child.text_content or ""
    return text.removeprefix(_TOOL_TOKEN) if text.startswith(_TOOL_TOKEN) else ""


def _replace(node: LexborNode, fragment_html: str) -> None:
    """Put the nodes of ``fragment_html`` where ``node`` is."""
    for part in list(chapter_tree(fragment_html).iter(include_text=True)):
        node.insert_before(part)
    node.decompose()


def render_book(book: Book, renderer: Renderer, *, stylesheet: str) -> str:
    """The book as one HTML document (print template ``oshub/print/book.html``)."""
    # site, routes, settings and the licence are the renderer's template globals
    return renderer.env.get_template("oshub/print/book.html").render(
        book=book,
        stylesheet=stylesheet,
        layouts={tool.id: tool_layout(tool) for tool in book.tools},
        tool_pages={tool.id: tool_pages(tool, renderer.site) for tool in book.tools},
    )


def tool_pages(tool: Tool, site: Site) -> tuple[str, ...]:
    """The pages that explain a tool (docs paths): the guide pages that show it, and for
    the self-assessment its own page."""
    pages = tuple(g.path for g in site.tool_pages.get(tool.id, ()))
    return (Routes.SELF_ASSESSMENT, *pages) if tool.kind == "self-assessment" else pages


def render_tool(tool: Tool, renderer: Renderer, *, stylesheet: str) -> str:
    """One tool as its own HTML document (print template ``oshub/print/tool.html``)."""
    return renderer.env.get_template("oshub/print/tool.html").render(
        tool=tool,
        stylesheet=stylesheet,
        layout=tool_layout(tool),
        pages=tool_pages(tool, renderer.site),
    )


# --- the geometry of printed tools (millimetres) ------------------------------------


@dataclass(frozen=True)
class Circle:
    """A circle centred in the map: its top-left corner from the map's, and its
    diameter."""

    left: float
    top: float
    diameter: float


@dataclass(frozen=True)
class Line:
    """A zone's border: a line from the centre disc to the outer ring, turned by
    ``angle`` degrees (clockwise from up) about the map's centre."""

    left: float
    top: float
    length: float
    origin: float
    """How far below the line's top the centre lies (its turning point)."""
    angle: float


@dataclass(frozen=True)
class Label:
    """Text placed on the map."""

    text: str
    left: float
    top: float
    width: float


@dataclass(frozen=True)
class ToolLayout:
    """Where the parts of a printed tool go: a map's rings, borders and labels; a
    table's column widths (per cent)."""

    width: float = 0.0
    height: float = 0.0
    rings: tuple[Circle, ...] = ()
    centre: Circle = Circle(0.0, 0.0, 0.0)
    lines: tuple[Line, ...] = ()
    ring_labels: tuple[Label, ...] = ()
    zone_labels: tuple[Label, ...] = ()
    widths: tuple[float, ...] = ()


MAP_WIDTH = 170.0
"""The map's width, in millimetres (the width of an A4 page's text)."""
_OUTER = 112.0
_CENTRE = 30.0
_ZONE_LABEL_WIDTH = 36.0
_ZONE_LABEL_RADIUS = _OUTER / 2 + 7
MAP_HEIGHT = 2 * _ZONE_LABEL_RADIUS + 10


def tool_layout(tool: Tool) -> ToolLayout:
    """The geometry of a tool's sheet: the same tool always gives the same layout."""
    if tool.kind == "table":
        total = sum(c.width for c in tool.columns) or 1
        return ToolLayout(widths=tuple(round(100 * c.width / total, 2) for c in tool.columns))
    if tool.kind != "map":
        return ToolLayout()
    across, down = MAP_WIDTH / 2, MAP_HEIGHT / 2
    count = len(tool.rings)
    diameters = [_CENTRE + (_OUTER - _CENTRE) * (i + 1) / count for i in range(count)]
    rings = tuple(
        Circle(round(across - d / 2, 2), round(down - d / 2, 2), round(d, 2))
        for d in reversed(diameters)
    )
    ring_labels = tuple(
        Label(text, 0.0, round(down - d / 2 + 1.5, 2), MAP_WIDTH)
        for text, d in zip(tool.rings, diameters, strict=True)
    )
    zones = len(tool.zones)
    lines = tuple(
        Line(
            left=across,
            top=round(down - _OUTER / 2, 2),
            length=round((_OUTER - _CENTRE) / 2, 2),
            origin=_OUTER / 2,
            angle=round(360 * (j + 0.5) / zones, 2),
        )
        for j in range(zones)
    )
    zone_labels = []
    for j, text in enumerate(tool.zones):
        angle = math.radians(360 * j / zones)
        x = across + _ZONE_LABEL_RADIUS * math.sin(angle)
        y = down - _ZONE_LABEL_RADIUS * math.cos(angle)
        left = min(max(x - _ZONE_LABEL_WIDTH / 2, 0.0), MAP_WIDTH - _ZONE_LABEL_WIDTH)
        zone_labels.append(Label(text, round(left, 2), round(y - 4, 2), _ZONE_LABEL_WIDTH))
    return ToolLayout(
        width=MAP_WIDTH,
        height=MAP_HEIGHT,
        rings=rings,
        centre=Circle(across - _CENTRE / 2, down - _CENTRE / 2, _CENTRE),
        lines=lines,
        ring_labels=ring_labels,
        zone_labels=tuple(zone_labels),
    )
