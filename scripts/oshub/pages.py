"""Generated pages and files: one function turns the model into every file the site adds.

Pages are Markdown files whose body is an HTML block rendered from the Jinja
templates in ``templates/`` (autoescaped: content text can never become markup);
the descriptions, written in Markdown, are rendered here with raw HTML disabled.
Links are relative, so the site works under any base path (versioned releases).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import markdown as markdown_lib
import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from . import directory, exports, geo, maps, templates_odf
from .languages import language_name
from .model import Hub, Mission, Site
from .schemas import inline_schema_documents
from .sdgs import all_sdgs, sdg
from .urls import rel, rel_file


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

    @property
    def text(self) -> str:
        """Front matter and body together (what the page holds)."""
        content = self.content if isinstance(self.content, str) else ""
        return content + (self.html or "")

    @property
    def is_page(self) -> bool:
        """True for Markdown pages (MkDocs renders them with the theme)."""
        return self.path.endswith(".md")


_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")


class _MarkdownRenderer:
    """Markdown to HTML for content text: raw HTML is escaped, never passed through."""

    def __init__(self) -> None:
        self._md = markdown_lib.Markdown(extensions=["sane_lists"], output_format="html")

    def __call__(self, text: str) -> Markup:
        placeholders: list[str] = []

        def keep(match: re.Match[str]) -> str:
            placeholders.append(match.group(0))
            return f"\x00{len(placeholders) - 1}\x00"

        safe = _AUTOLINK.sub(keep, text).replace("<", "&lt;")
        safe = re.sub("\x00(\\d+)\x00", lambda m: placeholders[int(m.group(1))], safe)
        self._md.reset()
        return Markup(self._md.convert(safe))  # the input was escaped above


def humanize(value: str) -> str:
    """``local-government`` -> ``local government``."""
    return value.replace("-", " ")


def licence_name(spdx: str) -> str:
    """``CC-BY-4.0`` -> ``CC BY 4.0``."""
    return spdx.replace("-", " ").replace("CC0 1.0", "CC0 1.0")


@cache
def environment() -> Environment:
    """The Jinja environment for generated pages (autoescaped HTML)."""
    env = Environment(
        loader=PackageLoader("oshub", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        rel=rel,
        rel_file=rel_file,
        markdown=_MarkdownRenderer(),
        humanize=humanize,
        language_name=language_name,
        licence_name=licence_name,
        country_name=lambda code: geo.country_name(code) or code,
        guide_url=guide_url,
        slugify=slugify,
    )
    env.globals["sdg"] = sdg
    return env


def _page(title: str, description: str, body: str, **front: Any) -> tuple[str, str]:
    """Front matter and HTML body of a generated page."""
    matter = {"title": title, "description": description, **front}
    text = yaml.safe_dump(matter, allow_unicode=True, sort_keys=False, width=1000)
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


DIRECTORY_SCRIPT = "assets/javascripts/hub-directory.js"
SELF_ASSESSMENT_SCRIPT = "assets/javascripts/self-assessment.js"

SEARCH_SUMMARY = 200
"""Characters of a description that go into the search index (names, places, goals,
hosts and titles go in whole): the index stays small at thousands of hubs."""


def _words(*parts: object) -> str:
    return " ".join(" ".join(str(p).split()) for p in parts if p)


def hub_search_text(hub: Hub, site: Site) -> str:
    """What search finds a hub by: names, place, goals, hosts, missions, description."""
    return _words(
        hub.local_name.text if hub.local_name else "",
        hub.location.city,
        hub.location.region,
        hub.country_name,
        hub.status,
        *(sdg(n).label for n in hub.sdgs),
        *(h.name for h in hub.hosts),
        *(humanize(b) for b in hub.barriers),
        *(m.title for m in site.missions_by_hub.get(hub.slug, ())),
        exports.plain_summary(hub.description, SEARCH_SUMMARY),
    )


def mission_search_text(mission: Mission, site: Site) -> str:
    """What search finds a mission by: summary, goals, hubs, challenges, projects."""
    hubs = site.hub_by_slug
    return _words(
        mission.summary,
        mission.status,
        *(sdg(n).label for n in mission.sdgs),
        *(hubs[s].name for s in mission.hubs if s in hubs),
        *(c.title for c in mission.challenges),
        *(p.title for p in mission.projects),
    )


def _render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def contact_block(site: Site) -> str:
    """HTML for the network contact (replaces ``<!-- oshub:contact -->`` on pages)."""
    return _render("contact.html", settings=site.settings)


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


def schema_files(documents: Mapping[str, Mapping[str, Any]], site_url: str) -> list[GeneratedFile]:
    """Every schema, published at the path of its ``$id``."""
    files = []
    for name, schema in sorted(documents.items()):
        schema_id = str(schema.get("$id", ""))
        path = (
            schema_id[len(site_url) :] if schema_id.startswith(site_url) else f"schemas/v1/{name}"
        )
        files.append(GeneratedFile(path, json.dumps(schema, indent=2, ensure_ascii=False) + "\n"))
    return files


def generate(
    site: Site, site_url: str, schema_documents: Mapping[str, Mapping[str, Any]]
) -> list[GeneratedFile]:
    """Every page and file the site generates from the model."""
    files: list[GeneratedFile] = []
    hubs = site.hub_by_slug
    settings = site.settings
    for hub in site.hubs:
        here = f"hubs/{hub.slug}/"
        body = _render(
            "hub.html",
            hub=hub,
            here=here,
            missions=site.missions_by_hub.get(hub.slug, ()),
            settings=settings,
            locator=maps.map_svg(
                [maps.hub_pin(hub, "./")],
                rel_file(maps.OUTLINE_PATH, here),
                f"Map: where {hub.name} is",
                view=maps.locator_view(hub),
                css_class="oshub-locator__svg",
            ),
        )
        description = (
            f"{hub.name}: a local Open Science Hub in {hub.location.city}, {hub.country_name}."
        )
        files.append(
            _page_file(
                f"hubs/{hub.slug}.md",
                _page(hub.name, description, body),
                hub.source,
                hub_search_text(hub, site),
                head=exports.script_tag(exports.hub_jsonld(hub, site, site_url)),
            )
        )
    for mission in site.missions:
        here = f"missions/{mission.slug}/"
        body = _render(
            "mission.html",
            mission=mission,
            here=here,
            hubs=hubs,
            settings=settings,
        )
        files.append(
            _page_file(
                f"missions/{mission.slug}.md",
                _page(mission.title, exports.plain_summary(mission.summary, 155), body),
                mission.source,
                mission_search_text(mission, site),
                head=exports.script_tag(exports.mission_jsonld(mission, site, site_url)),
            )
        )
    files.extend(_index_pages(site))
    files.extend(_sdg_pages(site))
    if site.board is not None:
        body = _render("board.html", board=site.board, here="about/board/", settings=settings)
        files.append(
            _page_file(
                "about/board.md",
                _page(
                    "Advisory Board",
                    "The sectors and organisations that advise the OSHub.Network.",
                    body,
                ),
                "data/board.yaml",
            )
        )
    files.extend(_data_files(site, site_url))
    files.extend(schema_files(schema_documents, site_url))
    files.append(_schema_reference(schema_documents, site_url))
    files.extend(_redirects(site, site_url))
    files.append(GeneratedFile("assets/stylesheets/oshub-sdgs.css", sdg_stylesheet()))
    files.extend(_guide_tools(site))
    return files


def guide_url(path: str) -> str:
    """The directory URL of a guide page from its path under ``blueprint/guides/``."""
    path = path.removesuffix(".md")
    path = path.removesuffix("index")
    return path if not path or path.endswith("/") else path + "/"


def slugify(text: str) -> str:
    """An HTML id from a term."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def _guide_tools(site: Site) -> list[GeneratedFile]:
    """Templates, the self-assessment and the glossary, when their data exists."""
    files: list[GeneratedFile] = []
    if site.canvas is not None and site.budget is not None:
        folder = "guides/templates/"
        files += [
            GeneratedFile(
                folder + "social-business-canvas.odt", templates_odf.canvas_odt(site.canvas)
            ),
            GeneratedFile(
                folder + "social-business-canvas.csv", templates_odf.canvas_csv(site.canvas)
            ),
            GeneratedFile(folder + "hub-budget.ods", templates_odf.budget_ods(site.budget)),
            GeneratedFile(folder + "hub-budget.csv", templates_odf.budget_csv(site.budget)),
        ]
        body = _render("guide_templates.html", canvas=site.canvas, budget=site.budget, here=folder)
        files.append(
            _page_file(
                "guides/templates.md",
                _page(
                    "Templates",
                    "A social business canvas and a hub budget as OpenDocument and CSV files.",
                    body,
                ),
                "data/templates.yaml",
            )
        )
    if site.self_assessment is not None:
        here = "guides/self-assessment/"
        scale_max = max(value for value, _ in site.self_assessment.scale)
        body = _render(
            "self_assessment.html", assessment=site.self_assessment, scale_max=scale_max, here=here
        )
        files.append(
            _page_file(
                "guides/self-assessment.md",
                _page(
                    "Hub self-assessment",
                    "Rate your hub on community, equity, practice, space and sustainability, "
                    "and see which guide to read next.",
                    body,
                ),
                "data/self-assessment.yaml",
                scripts=(SELF_ASSESSMENT_SCRIPT,),
            )
        )
    if site.glossary:
        body = _render("glossary.html", terms=site.glossary, here="guides/glossary/")
        files.append(
            _page_file(
                "guides/glossary.md",
                _page("Glossary", "Terms used in the OSHub Blueprint, explained plainly.", body),
                "data/glossary.yaml",
            )
        )
    return files


def _index_pages(site: Site) -> list[GeneratedFile]:
    order = ("active", "proposed", "completed")
    groups = [
        (status, [m for m in site.missions if m.status == status])
        for status in order
        if any(m.status == status for m in site.missions)
    ]
    missions_body = _render("missions_index.html", groups=groups, here="missions/")
    sdgs_body = _render(
        "sdgs_index.html",
        sdgs=all_sdgs(),
        hubs_by_sdg=site.hubs_by_sdg,
        missions_by_sdg=site.missions_by_sdg,
        here="sdgs/",
    )
    return [
        *_directory_files(site),
        _page_file(
            "missions/index.md",
            _page(
                "Open Schooling Missions",
                "Shared missions combining local challenges from several hubs.",
                missions_body,
            ),
        ),
        _page_file(
            "sdgs/index.md",
            _page(
                "Sustainable Development Goals",
                "The 17 SDGs and the hubs and missions working on each.",
                sdgs_body,
            ),
        ),
    ]


def _directory_files(site: Site) -> list[GeneratedFile]:
    all_facets = directory.facets(site)
    files = []
    for listing in directory.listings(site, all_facets):
        svg, caption = directory.directory_map(listing, site)
        show_form = listing.current is None and listing.page == 1
        first = (listing.page - 1) * directory.PAGE_SIZE + 1
        if listing.current is None:
            lede = (
                f"{len(site.hubs)} local Open Science Hubs in "
                f"{len({h.country for h in site.hubs})} countries. Each hub links schools with "
                "the people and organisations around them. Filter by country, goal, status, "
                "language or barrier, or browse the list."
            )
        else:
            lede = f"{len(listing.all_hubs)} of the network's {len(site.hubs)} hubs."
        body = _render(
            "directory.html",
            lede=lede,
            facets=all_facets,
            current=listing.current,
            total_all=len(site.hubs),
            show_form=show_form,
            map=Markup(svg),  # built from numbers and escaped text
            map_caption=caption,
            heading="The hubs" if listing.current is None else listing.title,
            hubs=listing.hubs,
            total=len(listing.all_hubs),
            first=first,
            last=first + len(listing.hubs) - 1,
            page=listing.page,
            pages=listing.pages,
            base=listing.base,
            here=listing.here,
        )
        files.append(
            _page_file(
                listing.path,
                _page(
                    listing.title,
                    f"{listing.title}: local Open Science Hubs of the OSHub.Network.",
                    body,
                ),
                # the hubs on a listing have their own entries: index only what it is
                search_text=lede if listing.page == 1 else "",
                scripts=(DIRECTORY_SCRIPT,)
                if listing.current is None and listing.page == 1
                else (),
            )
        )
    files.append(GeneratedFile("data/hubs-index.json", directory.hubs_index_json(site)))
    files.append(GeneratedFile(maps.OUTLINE_PATH, maps.outline_svg()))
    return files


def _sdg_pages(site: Site) -> list[GeneratedFile]:
    files = []
    for g in all_sdgs():
        here = f"sdgs/{g.number}/"
        body = _render(
            "sdg.html",
            g=g,
            hubs=site.hubs_by_sdg[g.number],
            missions=site.missions_by_sdg[g.number],
            previous=(g.number - 2) % 17 + 1,
            following=g.number % 17 + 1,
            here=here,
        )
        files.append(
            _page_file(
                f"sdgs/{g.number}.md",
                _page(
                    g.label,
                    f"Hubs and missions of the OSHub.Network working on {g.label}.",
                    body,
                ),
                search_text=f"Hubs and missions working on {g.label}.",
            )
        )
    return files


def _data_files(site: Site, site_url: str) -> list[GeneratedFile]:
    body = _render(
        "data_index.html",
        hub_count=len(site.hubs),
        mission_count=len(site.missions),
        csv_columns=exports.HUB_CSV_COLUMNS,
        here="data/",
    )
    return [
        _page_file(
            "data/index.md",
            _page(
                "Open data",
                "Download the hubs and missions as JSON, CSV and GeoJSON under CC BY 4.0.",
                body,
            ),
        ),
        GeneratedFile("data/hubs.json", exports.hubs_json(site, site_url)),
        GeneratedFile("data/missions.json", exports.missions_json(site, site_url)),
        GeneratedFile("data/hubs.csv", exports.hubs_csv(site, site_url)),
        GeneratedFile("data/hubs.geojson", exports.hubs_geojson(site, site_url)),
    ]


def _schema_reference(documents: Mapping[str, Mapping[str, Any]], site_url: str) -> GeneratedFile:
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
                "path": schema_id[len(site_url) :] if schema_id.startswith(site_url) else name,
                "fields": _schema_fields(schema),
            }
        )
    body = _render("schemas_index.html", schemas=entries, here="schemas/")
    return _page_file(
        "schemas/index.md",
        _page(
            "Schema reference",
            "Every field of the OSHub content files: type, required or not, allowed values.",
            body,
        ),
    )


def _redirects(site: Site, site_url: str) -> list[GeneratedFile]:
    files = []
    for folder, items in (("hubs", site.hubs), ("missions", site.missions)):
        for item in items:
            title = getattr(item, "name", None) or getattr(item, "title", "")
            for alias in item.aliases:
                html = _render(
                    "redirect.html",
                    title=title,
                    target=f"../{item.slug}/",
                    canonical=f"{site_url}{folder}/{item.slug}/",
                )
                files.append(GeneratedFile(f"{folder}/{alias}/index.html", html, item.source))
    return files
