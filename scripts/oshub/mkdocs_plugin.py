"""The MkDocs plugin: a thin adapter between MkDocs and the ``oshub`` library.

It validates content when the build starts (stopping it on errors, with the same
``file:line:col`` messages as ``oshub validate``), adds the generated pages and
files, fills the contact marker on hand-written pages, and makes ``mkdocs serve``
watch content, schemas and templates.
"""

from __future__ import annotations

import html as html_lib
import json
import logging
import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import guide_pages
from .links import broken_links, link_problems
from .model import Site, build_site
from .pageguard import TrustedScripts, guard_page, trusted_scripts
from .pages import GeneratedFile, contact_block, generate
from .plugin_config import OshubConfig
from .problems import Problem, error, format_text
from .project import Project, ProjectError, load_project
from .sanitise import clean_html
from .schemas import load_schemas
from .urls import rel_file
from .validate import ValidationResult, validate_project

log = logging.getLogger("mkdocs.plugins.oshub")

CONTACT_MARKER = "<!-- oshub:contact -->"
SDG_STYLESHEET = "assets/stylesheets/oshub-sdgs.css"
WATCHED = ("hubs", "missions", "data", "schemas", "overrides")
_EXPORT_PREFIXES = ("data/hubs.", "data/missions.", "schemas/v")


_EMPTY_SKIP = re.compile(r'(<div data-md-component="skip">)\s*(</div>)')


_TASK_BOX = re.compile(
    r'<input type="checkbox" disabled(?:="(?:disabled)?")?( checked(?:="(?:checked)?")?)?\s*/?>'
)
_MARKUP_CHARACTERS = re.compile(r"[<>]")
WITHHELD = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Withheld</title>'
    "</head><body><p>This page was withheld: it held markup that could run in a "
    "browser.</p></body></html>"
)
"""What is written instead of a page the guard refuses (the build fails as well)."""


def plain_title(title: str) -> str:
    """A title or description that cannot become markup, whatever the theme does with it.

    The theme prints titles and descriptions without escaping, and ``striptags``
    turns ``&lt;`` back into ``<``: text holding angle brackets (validation reports
    them) loses them here, and what remains is escaped.
    """
    text = html_lib.unescape(title)
    if not _MARKUP_CHARACTERS.search(text) and '"' not in text:
        return title
    return html_lib.escape(_MARKUP_CHARACTERS.sub("", text))


def _task_box(match: re.Match[str]) -> str:
    # a checklist box is something to tick on paper: a drawn box, not an unlabelled control
    ticked = match.group(1) is not None
    return f'<span class="oshub-checkbox" aria-hidden="true">{"☑" if ticked else "☐"}</span> '


def fix_theme_html(html: str) -> str:
    """Mend what the stock theme gets wrong, checked by the Nu validator and axe-core.

    - ``autocomplete`` is not allowed on checkboxes (the two drawer/search toggles);
    - ``tabindex=""`` on navigation labels is not a valid integer: leave it out;
    - the search dialog has no accessible name: call it "Search";
    - a page outside the nav has a contents label pointing at no control;
    - checklist boxes are disabled, unlabelled checkboxes: draw them instead;
    - the theme offers "Skip to content" only on pages with a table of contents:
      generated pages get one too, to their title.
    """
    html = html.replace(
        'type="checkbox" id="__drawer" autocomplete="off"', 'type="checkbox" id="__drawer"'
    )
    html = html.replace(
        'type="checkbox" id="__search" autocomplete="off"', 'type="checkbox" id="__search"'
    )
    html = html.replace(' tabindex="">', ">")
    html = html.replace(
        'data-md-component="search" role="dialog">',
        'data-md-component="search" role="dialog" aria-label="Search">',
    )
    if 'id="__toc"' not in html:  # a page outside the nav has no toggle for its contents
        html = html.replace(' for="__toc"', "")
    html = _TASK_BOX.sub(_task_box, html)
    if 'class="md-skip"' not in html and 'id="oshub-title"' in html:
        html = _EMPTY_SKIP.sub(
            r'\1<a href="#oshub-title" class="md-skip">Skip to content</a>\2', html, count=1
        )
    return html


class OshubPlugin(BasePlugin[OshubConfig]):  # type: ignore[no-untyped-call]
    """Validates content, generates pages and exports, and watches content folders."""

    def __init__(self) -> None:
        self.preloaded: ValidationResult | None = None
        """Set by ``oshub build`` when it has validated already (no second pass)."""
        self.project: Project | None = None
        self.site: Site | None = None
        self.generated: list[GeneratedFile] = []
        self.html: dict[str, str] = {}
        """Generated pages' bodies by source path, ready-made HTML."""
        self.search_entries: list[dict[str, str]] = []
        self.search_text: dict[str, str] = {}
        self.sources: dict[str, str] = {}
        self.extras: dict[str, GeneratedFile] = {}
        """Generated pages with JSON-LD for ``<head>`` or scripts of their own, by path."""
        self.trusted = TrustedScripts(())
        self.withheld: list[str] = []
        """Pages the guard refused (the build fails after writing the others)."""
        self.page_sources: dict[str, str] = {}
        """Built page (``hubs/lemnos/index.html``) -> the project file it comes from."""
        self.build_problems: list[Problem] = []
        """Problems only the build can find: broken links, withheld pages."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Validate the content and build the model before anything is rendered."""
        if not self.config.enabled:
            return config
        try:
            self.project = load_project(Path(config.config_file_path).parent)
            schemas = load_schemas(self.project)
        except ProjectError as exc:
            raise PluginError(f"oshub: {exc}") from exc
        result = self.preloaded or validate_project(self.project, schemas=schemas)
        self.preloaded = None  # `mkdocs serve` rebuilds: validate again next time
        if self.config.validation:
            for line in format_text(result.problems):
                (log.error if ": error: " in line else log.warning)(line)
            failing = result.errors or (self.config.strict and result.warnings)
            if failing:
                raise PluginError(
                    f"oshub: {len(failing)} content problem(s); fix them and build again"
                )
        self.site = build_site(result.loaded)
        self.generated = generate(self.site, self.project.site_url, schemas.documents)
        self.html = {g.path: g.html for g in self.generated if g.html is not None}
        self.search_text = {
            g.path: g.search_text for g in self.generated if g.search_text is not None
        }
        self.search_entries = []
        self.sources = {g.path: g.source for g in self.generated if g.source is not None}
        self.extras = {g.path: g for g in self.generated if g.head or g.scripts}
        self.trusted = trusted_scripts(config.theme.dirs)
        self.withheld = []
        self.build_problems = []
        self.page_sources = {
            g.path: g.source for g in self.generated if g.source and g.path.endswith(".html")
        }
        if SDG_STYLESHEET not in config.extra_css:
            config.extra_css.append(SDG_STYLESHEET)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Add the generated pages and files (hand-written pages may not take their place)."""
        if not self.config.enabled:
            return files
        for item in self.generated:
            is_export = item.path.startswith(_EXPORT_PREFIXES)
            if item.is_page and not self.config.pages:
                continue
            if is_export and not self.config.exports:
                continue
            existing = files.get_file_from_path(item.path)
            if existing is not None and not existing.generated_by:
                raise PluginError(
                    f"oshub: blueprint/{item.path} would hide a generated page; rename or remove it"
                )
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, item.path, content=item.content))
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Fill the contact marker and point edit links at the file a page comes from."""
        if not self.config.enabled or self.site is None:
            return markdown
        if CONTACT_MARKER in markdown:
            markdown = markdown.replace(CONTACT_MARKER, contact_block(self.site))
        src = page.file.src_uri
        if src.startswith("guides/") and src not in self.html:
            has_templates = self.site.canvas is not None
            markdown = guide_pages.decorate(
                markdown,
                title=page.title or "",
                url=f"{self.project.site_url if self.project else ''}{page.url}",
                meta=page.meta,
                glossary=self.site.glossary,
                templates_link=(
                    posixpath.relpath("guides/templates.md", posixpath.dirname(src))
                    if has_templates and src.startswith("guides/business-plans/")
                    else None
                ),
            )
        edit_base = self.site.settings.edit_base
        if edit_base:
            source = self.sources.get(page.file.src_uri)
            if source is None and not page.file.generated_by:
                source = f"{config.docs_dir.rstrip('/').rsplit('/', 1)[-1]}/{page.file.src_uri}"
            page.edit_url = f"{edit_base}{source}" if source else None
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Every page's content through the sanitiser; generated pages come as ready HTML
        (no Markdown run over them: a large saving)."""
        if not self.config.enabled:
            return html
        if page.title:
            page.title = plain_title(page.title)
        for key, value in page.meta.items():  # the theme prints some of them unescaped
            if isinstance(value, str):
                page.meta[key] = plain_title(value)
        return clean_html(self.html.get(page.file.src_uri, html))

    @event_priority(100)  # before the search plugin parses the page
    def on_page_context(
        self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> Any:
        """Index generated pages from the model's text instead of parsing their HTML."""
        item = self.search_text.get(page.file.src_uri) if self.config.enabled else None
        if item is not None:
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
            # the theme shows an entry's text as HTML: the model's plain text is escaped
            self.search_entries.append(
                {"location": page.url, "title": page.title or "", "text": html_lib.escape(item)}
            )
        return context

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Add the generated pages' entries to the theme's search index; fail the build
        when the guard withheld a page."""
        if self.config.enabled and self.project is not None:
            broken = broken_links(Path(config.site_dir), urlsplit(self.project.site_url).path)
            problems = link_problems(broken, self.page_sources, self.project.root)
            for line in format_text(problems):
                log.error(line)
            self.build_problems.extend(problems)
        if self.build_problems:
            raise PluginError(
                f"oshub: {len(self.build_problems)} problem(s) in the built site "
                f"({len(self.withheld)} page(s) withheld); fix them and build again"
            )
        index = Path(config.site_dir) / "search" / "search_index.json"
        if not self.search_entries or not index.is_file():
            return
        data = json.loads(index.read_text(encoding="utf-8"))
        data["docs"].extend(self.search_entries)
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Small fixes to the theme's HTML, the page's own JSON-LD and scripts, and the
        guard: a Content-Security-Policy, and no page with markup that could run."""
        if not self.config.enabled:
            return output
        output = fix_theme_html(output)
        extra = self.extras.get(page.file.src_uri)
        if extra is not None:
            output = _add_extras(output, extra, page.url)
        source = self.sources.get(page.file.src_uri)
        if source is None and not page.file.generated_by and self.project is not None:
            source = self.project.rel(Path(page.file.abs_src_path or page.file.src_uri))
        if source is not None:
            self.page_sources[page.file.dest_uri] = source
        return self._guard(output, source or page.file.src_uri)

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        """The same for pages rendered from a bare template (the 404 page)."""
        if not self.config.enabled or not template_name.endswith(".html"):
            return output_content
        return self._guard(fix_theme_html(output_content), template_name)

    def _guard(self, output: str, source: str) -> str:
        secured, findings = guard_page(output, self.trusted)
        if not findings:
            return secured
        for finding in findings:
            problem = error(
                source,
                1,
                1,
                f"the built page holds {finding}",
                hint="content may not add scripts, event handlers or script URLs; "
                "the page was not published",
            )
            self.build_problems.append(problem)
            for line in format_text([problem]):
                log.error(line)
        self.withheld.append(source)
        return WITHHELD

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when content, schemas or templates change, not only the docs folder."""
        if self.project is not None:
            for folder in WATCHED:
                path = self.project.root / folder
                if path.is_dir():
                    server.watch(str(path))
        server.watch(str(Path(__file__).parent / "templates"))
        return server


def _add_extras(output: str, extra: GeneratedFile, url: str) -> str:
    """A generated page's JSON-LD into ``<head>`` and its scripts before ``</body>``."""
    if extra.head:
        output = output.replace("</head>", extra.head + "\n</head>", 1)
    if extra.scripts:
        tags = "".join(
            f'<script src="{rel_file(script, url)}" defer></script>\n' for script in extra.scripts
        )
        output = output.replace("</body>", tags + "</body>", 1)
    return output
