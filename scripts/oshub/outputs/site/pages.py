"""Generated pages and files: one function turns the model into every file the site adds.

Pages are Markdown files whose body is HTML rendered from the templates (see
``render``); their titles and descriptions come from ``words.html``; every address
from ``routes``. Links are relative, so the site works under any base path
(versioned releases, language folders).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from markupsafe import Markup, escape

from oshub.core.project import DATA_FILES
from oshub.core.sdgs import Sdg, all_sdgs
from oshub.core.text import markdown_summary
from oshub.model.entities import Hub, Mission, Site
from oshub.outputs.exports import exports, templates_odf
from oshub.outputs.site import directory, maps
from oshub.render.renderer import Renderer
from oshub.routes import DIRECTORY_SCRIPT, SDG_STYLESHEET, SELF_ASSESSMENT_SCRIPT, Routes
from oshub.schema.registry import inline_schema_documents, schema_major


@dataclass(frozen=True)
class GeneratedFile:
    """A file the site adds: its path in the docs tree, content, and the source it comes from."""

    path: str
    content: str | bytes
    """The file; for a page, its front matter only (the body comes ready as ``html``)."""
    source: str | None = None
    """Path of the content file it is generated from (for edit links), if any."""
    html: str | None = None
    """A page's body, already HTML: MkDocs does not need to run Markdown over it."""
    search_text: str | None = None
    """Plain text for the search index, written from the model; when set, the page's
    HTML is not parsed for search (thousands of hub pages index in a blink)."""
    head: str | None = None
    """Markup for the page's ``<head>`` (its JSON-LD), kept out of the sanitised body."""
    scripts: tuple[str, ...] = ()
    """The site's own scripts the page needs (paths from the site root), loaded deferred."""
    kind: str = "page"
    """``page`` (generated from data), ``export`` (open data and schemas), ``file``,
    ``download`` (a PDF) or ``offline`` (the offline copy)."""

    @property
    def text(self) -> str:
        """Front matter and body together (what the page holds)."""
        content = self.content if isinstance(self.content, str) else ""
        return content + (self.html or "")


def _page(title: str, description: str, body: str, **front: Any) -> tuple[str, str]:
    """Front matter and HTML body of a generated page.

    The front matter is written as JSON values, which YAML reads as they are (JSON
    is YAML): many times faster than a YAML emitter for thousands of pages.
    """
    matter = {"title": title, "description": description, **front}
    text = "".join(
        f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in matter.items()
    )
    # Our own escaped <h1>: the theme would print the title unescaped
    return f"---\n{text}---\n", f'<h1 id="oshub-title">{escape(title)}</h1>\n{body.strip()}\n'


def _page_file(
    path: str,
    page: tuple[str, str],
    source: str | None = None,
    search_text: str | None = None,
    *,
    head: str | None = None,
    scripts: tuple[str, ...] = (),
) -> GeneratedFile:
    return GeneratedFile(path, page[0], source, page[1], search_text, head, scripts)


_T = TypeVar("_T")
_MISSING = object()


class Reuse:
    """What the previous build generated, by what it was made from (the live preview).

    A page made from the same data (the same hub, the same missions beside it, ...)
    in the same setting (routes, language, switches, settings, templates) is the same
    page, so a rebuild after one file changed takes the others from here instead of
    rendering them again. Keys hold the model's frozen objects, compared by value.
    """

    def __init__(self) -> None:
        self._setting: Hashable = None
        self._previous: dict[Hashable, Any] = {}
        self._current: dict[Hashable, Any] = {}
        self.fragments: dict[Hashable, Any] = {}
        """Rendered pieces (hub cards, badges) by what they show, kept while the
        setting stays the same (see ``Renderer.card``)."""
        self.reused = 0
        """How many items the current build took from the previous one."""

    def start(self, setting: Hashable) -> None:
        """Begin a build; a setting unlike the previous build's forgets everything."""
        same = setting == self._setting
        self._previous = self._current if same else {}
        self._current = {}
        if not same:
            self.fragments = {}
        self._setting = setting
        self.reused = 0

    def __call__(self, key: Hashable, make: Callable[..., _T], *args: Any) -> _T:
        """What ``make(*args)`` gives, or what it gave in the previous build for ``key``."""
        found = self._current.get(key, _MISSING)
        if found is _MISSING:
            found = self._previous.get(key, _MISSING)
            if found is _MISSING:
                found = make(*args)
            else:
                self.reused += 1
        self._current[key] = found
        return found  # type: ignore[no-any-return]


def _made(key: Hashable, make: Callable[..., _T], *args: Any) -> _T:
    """No reuse: every build makes everything."""
    return make(*args)


SEARCH_SUMMARY = 200
"""Characters of a description that go into the search index (names, places, goals,
hosts and titles go in whole): the index stays small at thousands of hubs."""


def _words(*parts: object) -> str:
    return " ".join(" ".join(str(p).split()) for p in parts if p)


def hub_search_text(hub: Hub, site: Site, renderer: Renderer) -> str:
    """What search finds a hub by: names, place, goals, hosts, missions, description."""
    return _words(
        hub.local_name.text if hub.local_name else "",
        hub.location.city,
        hub.location.region,
        renderer.country_name(hub.country),
        renderer.label("hub-status", hub.status) if hub.status else "",
        *(_sdg_label(n, renderer) for n in hub.sdgs),
        *(h.name for h in hub.hosts),
        *(renderer.label("barrier", b) for b in hub.barriers),
        *(m.title for m in site.missions_by_hub.get(hub.slug, ())),
        markdown_summary(hub.description, SEARCH_SUMMARY),
    )


def mission_search_text(mission: Mission, site: Site, renderer: Renderer) -> str:
    """What search finds a mission by: summary, goals, hubs, challenges, projects."""
    hubs = site.hub_by_slug
    return _words(
        mission.summary,
        renderer.label("mission-status", mission.status),
        *(_sdg_label(n, renderer) for n in mission.sdgs),
        *(hubs[s].name for s in mission.hubs if s in hubs),
        *(c.title for c in mission.challenges),
        *(p.title for p in mission.projects),
    )


def _sdg_label(number: int, renderer: Renderer) -> str:
    return renderer.goal(number)


def contact_block(renderer: Renderer, here: str) -> str:
    """HTML for the network contact (replaces ``<!-- oshub:contact -->`` on pages)."""
    return renderer.page("contact.html", here)


def citation_block(renderer: Renderer, here: str) -> str:
    """HTML citing this version of the whole Blueprint (replaces ``<!-- oshub:citation
    -->`` on pages): title, version, the year of the newest review, the version's URL."""
    return renderer.page("citation.html", here, address=renderer.routes.absolute(Routes.HOME))


def sdg_stylesheet() -> str:
    """CSS giving every SDG badge its official colour and a text colour with enough contrast."""
    rules = [
        f".oshub-sdg--{g.number},.md-typeset .oshub-sdg--{g.number},"
        f".md-typeset a.oshub-sdg--{g.number},.md-typeset .oshub-sdg--{g.number} a"
        f"{{background-color:{g.colour};color:{g.text_colour};border-color:{g.colour}}}"
        for g in all_sdgs()
    ]
    return (
        "/* Generated from the SDG data: official colours, text at >= 4.5:1 */\n"
        + "\n".join(rules)
        + "\n"
    )


def _schema_fields(schema: Mapping[str, Any], prefix: str = "") -> list[dict[str, Any]]:
    fields: list[dict[str, Any]] = []
    required = set(schema.get("required", []))
    for name, prop in (schema.get("properties") or {}).items():
        full = f"{prefix}{name}"
        kind = prop.get("type", "")
        item = prop.get("items") if kind == "array" else None
        type_name = f"list of {item.get('type', 'values')}" if item else str(kind or "any")
        if prop.get("format"):
            type_name += f" ({prop['format']})"
        allowed = prop.get("enum") or (item or {}).get("enum")
        examples = prop.get("examples") or []
        fields.append(
            {
                "name": full,
                "type": type_name,
                "required": name in required,
                "description": prop.get("description", ""),
                "allowed": allowed,
                "example": json.dumps(examples[0], ensure_ascii=False)
                if examples and not isinstance(examples[0], dict | list)
                else "",
            }
        )
        if kind == "object":
            fields.extend(_schema_fields(prop, f"{full}."))
        elif item and item.get("type") == "object":
            fields.extend(_schema_fields(item, f"{full}[]."))
    return fields


def schema_files(
    documents: Mapping[str, Mapping[str, Any]],
    routes: Routes,
    archived: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[GeneratedFile]:
    """Every schema, published at the path of its ``$id``, and every older major version
    kept in ``schemas/archive/`` at its own (old) ``$id``."""
    files = []
    kept = sorted((archived or {}).items())
    for name, schema in [*sorted(documents.items()), *kept]:
        path = routes.schema_path(str(schema.get("$id", ""))) or Routes.schema_file(
            name.rpartition("/")[2], schema_major(schema)
        )
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        files.append(GeneratedFile(path, text, kind="export"))
    return files


def generate(
    site: Site,
    renderer: Renderer,
    schema_documents: Mapping[str, Mapping[str, Any]],
    reuse: Reuse | None = None,
    archived_schemas: Mapping[str, Mapping[str, Any]] | None = None,
    schema_versions: Mapping[str, str] | None = None,
) -> list[GeneratedFile]:
    """Every page and file the site generates from the model (with ``reuse``, what the
    previous build made from the same data is taken as it is)."""
    once = reuse or _made
    files: list[GeneratedFile] = []
    hubs = site.hub_by_slug
    for hub in site.hubs:
        missions = site.missions_by_hub.get(hub.slug, ())
        files.append(once(("hub", hub, missions), _hub_page, hub, missions, site, renderer))
    for mission in site.missions:
        named = {*mission.hubs, *(p.hub for p in mission.projects)}
        beside = {slug: hubs[slug] for slug in sorted(named) if slug in hubs}
        key = ("mission", mission, tuple(beside.values()))
        files.append(once(key, _mission_page, mission, beside, site, renderer))
    files.extend(_index_pages(site, renderer, once))
    files.extend(_sdg_pages(site, renderer, once))
    if site.board is not None:
        files.append(once(("board", site.board), _board_page, site, renderer))
    files.extend(_data_files(site, renderer))
    files.extend(schema_files(schema_documents, renderer.routes, archived_schemas))
    files.append(
        _schema_reference(schema_documents, renderer, archived_schemas or {}, schema_versions or {})
    )
    files.extend(_redirects(site, renderer))
    files.append(GeneratedFile(SDG_STYLESHEET, sdg_stylesheet(), kind="file"))
    tools = (site.canvas, site.budget, site.self_assessment, site.glossary)
    files.extend(once(("tools", tools), _guide_tools, site, renderer))
    return files


def _hub_page(
    hub: Hub, missions: tuple[Mission, ...], site: Site, renderer: Renderer
) -> GeneratedFile:
    routes = renderer.routes
    word = renderer.word
    here = Routes.hub(hub.slug)
    locator = maps.map_svg(
        [maps.hub_pin(hub, routes.link(here, here), renderer.pin_label(hub))],
        routes.link(Routes.MAP_OUTLINE, here),
        word("locator_title", hub),
        view=maps.locator_view(hub),
        css_class="oshub-locator__svg",
    )
    body = renderer.page("hub.html", here, hub=hub, missions=missions, locator=locator)
    return _page_file(
        here,
        _page(hub.name, word("hub_description", hub), body),
        hub.source,
        hub_search_text(hub, site, renderer),
        head=exports.script_tag(exports.hub_jsonld(hub, site, routes)),
    )


def _mission_page(
    mission: Mission, hubs: Mapping[str, Hub], site: Site, renderer: Renderer
) -> GeneratedFile:
    here = Routes.mission(mission.slug)
    body = renderer.page("mission.html", here, mission=mission, hubs=hubs)
    return _page_file(
        here,
        _page(mission.title, markdown_summary(mission.summary, 155), body),
        mission.source,
        mission_search_text(mission, site, renderer),
        head=exports.script_tag(exports.mission_jsonld(mission, site, renderer.routes)),
    )


def _board_page(site: Site, renderer: Renderer) -> GeneratedFile:
    source = DATA_FILES["board"]
    body = renderer.page("board.html", Routes.BOARD, board=site.board, source=source)
    word = renderer.word
    return _page_file(
        Routes.BOARD,
        _page(word("title", "board"), word("description", "board"), body),
        source,
    )


def _tool_page(
    renderer: Renderer, path: str, name: str, template: str, source: str, **context: Any
) -> GeneratedFile:
    body = renderer.page(template, path, **context)
    word = renderer.word
    scripts = (SELF_ASSESSMENT_SCRIPT,) if name == "self-assessment" else ()
    return _page_file(
        path,
        _page(word("title", name), word("description", name), body),
        source,
        scripts=scripts,
    )


def downloads_page(
    renderer: Renderer,
    books: Sequence[Any],
    tools: Sequence[Any] = (),
    offline: GeneratedFile | None = None,
) -> GeneratedFile:
    """The page that lists the printable PDFs (``books`` and ``tools``: printed, each
    with its path, title, data and page count) and, when there is one, the offline copy
    (a zip)."""
    word = renderer.word

    def entries(printed: Sequence[Any]) -> list[dict[str, Any]]:
        return [
            {"path": b.path, "title": b.title, "pages": b.pages, "size": len(b.data)}
            for b in printed
        ]

    copy = None
    if offline is not None:
        copy = {"path": offline.path, "size": len(offline.content)}
    body = renderer.page(
        "downloads.html",
        Routes.DOWNLOADS_INDEX,
        pdfs=entries(books),
        tools=entries(tools),
        offline=copy,
    )
    page = _page_file(
        Routes.DOWNLOADS_INDEX,
        _page(word("title", "downloads"), word("description", "downloads"), body),
    )
    return replace(page, kind="download")


def _sheet_words(renderer: Renderer) -> templates_odf.SheetWords:
    word = renderer.word
    names = ("budget", "notes", "category", "kind", "total", "what_belongs", "licence")
    return templates_odf.SheetWords(
        **{name: word("sheet_word", name) for name in names},
        year=word("sheet_year", "{number}"),
    )


def _guide_tools(site: Site, renderer: Renderer) -> list[GeneratedFile]:
    """Templates, the self-assessment and the glossary, when their data exists."""
    files: list[GeneratedFile] = []
    if site.canvas is not None and site.budget is not None:
        files += [
            GeneratedFile(Routes.CANVAS_ODT, templates_odf.canvas_odt(site.canvas), kind="file"),
            GeneratedFile(Routes.CANVAS_CSV, templates_odf.canvas_csv(site.canvas), kind="file"),
            GeneratedFile(
                Routes.BUDGET_ODS,
                templates_odf.budget_ods(site.budget, _sheet_words(renderer)),
                kind="file",
            ),
            GeneratedFile(Routes.BUDGET_CSV, templates_odf.budget_csv(site.budget), kind="file"),
        ]
        files.append(
            _tool_page(
                renderer,
                Routes.TEMPLATES,
                "templates",
                "guide_templates.html",
                DATA_FILES["templates"],
                canvas=site.canvas,
                budget=site.budget,
            )
        )
    if site.self_assessment is not None:
        scale_max = max(value for value, _ in site.self_assessment.scale)
        files.append(
            _tool_page(
                renderer,
                Routes.SELF_ASSESSMENT,
                "self-assessment",
                "self_assessment.html",
                DATA_FILES["self-assessment"],
                assessment=site.self_assessment,
                scale_max=scale_max,
            )
        )
    if site.glossary:
        files.append(
            _tool_page(
                renderer,
                Routes.GLOSSARY,
                "glossary",
                "glossary.html",
                DATA_FILES["glossary"],
                terms=site.glossary,
            )
        )
    return files


_Once = Callable[..., Any]


def _index_pages(site: Site, renderer: Renderer, once: _Once) -> list[GeneratedFile]:
    order = ("active", "proposed", "completed")
    groups = [
        (status, [m for m in site.missions if m.status == status])
        for status in order
        if any(m.status == status for m in site.missions)
    ]
    word = renderer.word

    def missions_page() -> GeneratedFile:
        body = renderer.page("missions_index.html", Routes.MISSIONS_INDEX, groups=groups)
        return _page_file(
            Routes.MISSIONS_INDEX,
            _page(word("title", "missions"), word("description", "missions"), body),
        )

    sdgs_body = renderer.page(
        "sdgs_index.html",
        Routes.SDGS_INDEX,
        sdgs=all_sdgs(),
        hubs_by_sdg=site.hubs_by_sdg,
        missions_by_sdg=site.missions_by_sdg,
    )
    return [
        *_directory_files(site, renderer, once),
        once(("missions", site.missions), missions_page),
        _page_file(
            Routes.SDGS_INDEX,
            _page(word("title", "sdgs"), word("description", "sdgs"), sdgs_body),
        ),
    ]


def _directory_files(site: Site, renderer: Renderer, once: _Once) -> list[GeneratedFile]:
    all_facets = directory.facets(site, renderer)
    # what a listing shows of the filters (not every value's hubs): part of its key
    shown = tuple((f.key, f.title, f.short, f.open, _shown_values(f)) for f in all_facets)
    countries = len({h.country for h in site.hubs})
    files = [
        once(
            ("listing", listing, shown, len(site.hubs), countries),
            _listing_page,
            listing,
            all_facets,
            site,
            countries,
            renderer,
        )
        for listing in directory.listings(site, all_facets, renderer)
    ]
    files.append(GeneratedFile(Routes.HUBS_INDEX_JSON, directory.hubs_index_json(site, renderer)))
    outline = maps.outline_svg(renderer.word("outline_title"))
    files.append(GeneratedFile(Routes.MAP_OUTLINE, outline, kind="file"))
    return files


def _shown_values(facet: directory.Facet) -> tuple[tuple[str, str, str, int], ...]:
    return tuple((v.key, v.label, v.page, v.count) for v in facet.values)


def _listing_page(
    listing: directory.Listing,
    all_facets: tuple[directory.Facet, ...],
    site: Site,
    countries: int,
    renderer: Renderer,
) -> GeneratedFile:
    word = renderer.word
    svg, caption = directory.directory_map(listing, renderer)
    first = (listing.page - 1) * directory.PAGE_SIZE + 1
    if listing.facet is None:
        lede = word("directory_lede", len(site.hubs), countries)
    else:
        lede = word("filter_lede", len(listing.all_hubs), len(site.hubs))
    # from disk a browser refuses the filter's index file: the filter pages do the work
    show_form = listing.facet is None and listing.page == 1 and not renderer.offline
    body = renderer.page(
        "directory.html",
        listing.path,
        lede=lede,
        facets=all_facets,
        current=listing.current,
        total_all=len(site.hubs),
        show_form=show_form,
        map=Markup(svg),  # built from numbers and escaped text
        map_caption=caption,
        heading=word("title", "all-hubs") if listing.facet is None else listing.title,
        hubs=listing.hubs,
        total=len(listing.all_hubs),
        first=first,
        last=first + len(listing.hubs) - 1,
        page=listing.page,
        pages_count=listing.pages,
        page_path=listing.page_path,
    )
    return _page_file(
        listing.path,
        _page(listing.title, word("listing_description", listing.title), body),
        # the hubs on a listing have their own entries: index only what it is
        search_text=lede if listing.page == 1 else "",
        scripts=(DIRECTORY_SCRIPT,) if show_form else (),
    )


def _sdg_pages(site: Site, renderer: Renderer, once: _Once) -> list[GeneratedFile]:
    word = renderer.word

    def sdg_page(g: Sdg) -> GeneratedFile:
        here = Routes.sdg(g.number)
        body = renderer.page(
            "sdg.html",
            here,
            g=g,
            hubs=site.hubs_by_sdg[g.number],
            missions=site.missions_by_sdg[g.number],
            previous=(g.number - 2) % 17 + 1,
            following=g.number % 17 + 1,
        )
        return _page_file(
            here,
            _page(word("sdg_label", g), word("sdg_description", g), body),
            search_text=word("sdg_search", g),
        )

    return [
        once(
            ("sdg", g, tuple(site.hubs_by_sdg[g.number]), tuple(site.missions_by_sdg[g.number])),
            sdg_page,
            g,
        )
        for g in all_sdgs()
    ]


def _data_files(site: Site, renderer: Renderer) -> list[GeneratedFile]:
    routes = renderer.routes
    pages = renderer.pages  # without hub and mission pages, the data does not link to them
    word = renderer.word
    body = renderer.page(
        "data_index.html",
        Routes.DATA_INDEX,
        hub_count=len(site.hubs),
        mission_count=len(site.missions),
        csv_columns=exports.HUB_CSV_COLUMNS,
    )
    return [
        _page_file(
            Routes.DATA_INDEX, _page(word("title", "data"), word("description", "data"), body)
        ),
        GeneratedFile(Routes.HUBS_JSON, exports.hubs_json(site, routes, pages), kind="export"),
        GeneratedFile(
            Routes.MISSIONS_JSON, exports.missions_json(site, routes, pages), kind="export"
        ),
        GeneratedFile(Routes.HUBS_CSV, exports.hubs_csv(site, routes, pages), kind="export"),
        GeneratedFile(
            Routes.HUBS_GEOJSON, exports.hubs_geojson(site, routes, pages), kind="export"
        ),
    ]


def _schema_reference(
    documents: Mapping[str, Mapping[str, Any]],
    renderer: Renderer,
    archived: Mapping[str, Mapping[str, Any]],
    versions: Mapping[str, str],
) -> GeneratedFile:
    routes = renderer.routes
    inlined = inline_schema_documents(documents)
    entries = []
    for name in sorted(documents):
        schema = inlined[name]
        if "properties" not in schema:
            continue
        schema_id = str(schema.get("$id", ""))
        entries.append(
            {
                "anchor": name.removesuffix(".schema.json"),
                "title": schema.get("title", name),
                "description": schema.get("description", ""),
                "id": schema_id,
                "path": routes.schema_path(schema_id),
                "version": versions.get(name),
                "older": [
                    (str(old.get("$id", "")), routes.schema_path(str(old.get("$id", ""))))
                    for kept, old in sorted(archived.items())
                    if kept.rpartition("/")[2] == name
                ],
                "fields": _schema_fields(schema),
            }
        )
    body = renderer.page("schemas_index.html", Routes.SCHEMAS_INDEX, schemas=entries)
    word = renderer.word
    return _page_file(
        Routes.SCHEMAS_INDEX,
        _page(word("title", "schemas"), word("description", "schemas"), body),
    )


def _redirects(site: Site, renderer: Renderer) -> list[GeneratedFile]:
    routes = renderer.routes
    files = []
    items: list[tuple[Hub | Mission, str, str]] = [
        *((h, h.name, Routes.hub(h.slug)) for h in site.hubs),
        *((m, m.title, Routes.mission(m.slug)) for m in site.missions),
    ]
    for item, title, page in items:
        for alias in item.aliases:
            old = Routes.alias(page, alias)
            html = renderer.page(
                "redirect.html",
                old,
                title=title,
                target=routes.link(page, old),
                canonical=routes.absolute(page),
            )
            files.append(GeneratedFile(routes.redirect_file(old), html, item.source, kind="file"))
    return files
