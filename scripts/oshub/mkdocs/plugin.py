"""The MkDocs plugin: a thin adapter between MkDocs and the ``oshub`` library.

Whatever starts the build (``oshub build``, ``mkdocs build``, ``mkdocs serve``, a
deploy through mike), the plugin gives the same guarantees: content is validated
(once per command, with the same ``file:line:col`` messages as ``oshub validate``),
every page's content is sanitised and every page guarded, and internal links and
anchors are checked; errors stop the build. It adds the generated pages and files,
decorates guide pages and writes their search entries from the model, and makes
``mkdocs serve`` watch content, schemas and templates.

Every switch (see ``plugin_config``) leaves a whole site: nothing links to an output
that is switched off.
"""

from __future__ import annotations

import html
import json
import logging
import os
import posixpath
import re
from collections.abc import Set as AbstractSet
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from oshub import routes
from oshub.core.problems import PROBLEM, Problem, capped, error, format_text, one_line
from oshub.core.project import (
    DOCS_DIR,
    PACKAGE_DIR,
    Project,
    ProjectError,
    load_project,
    site_address,
    translation_of,
)
from oshub.core.symlinks import CONTENT_FOLDERS, link_problem, refused_links
from oshub.mkdocs.config import OshubConfig
from oshub.model.content import ContentCache, load_site
from oshub.model.entities import Site
from oshub.outputs.links import broken_links, link_problems
from oshub.outputs.safety.pageguard import TrustedScripts, guard_page, trusted_scripts
from oshub.outputs.safety.sanitise import clean_html
from oshub.outputs.site import guide_pages, offline_pages
from oshub.outputs.site.incremental import Incremental, KeptFile, template_stamp
from oshub.outputs.site.pages import (
    GeneratedFile,
    Reuse,
    citation_block,
    contact_block,
    downloads_page,
    generate,
)
from oshub.outputs.site.theme_fixes import (
    fix_theme_html,
    title_without_markup,
    version_selector_named_by_its_text,
)
from oshub.render.renderer import THEME_BYTECODE, Renderer
from oshub.routes import MIKE_VERSION, Routes
from oshub.schema.registry import SchemaSet, load_schemas
from oshub.validate import documents
from oshub.validate.docs_files import check_docs_file
from oshub.validate.markdown_limits import nesting_problems
from oshub.validate.run import ValidationResult
from oshub.validate.svg_safety import published_svg

log = logging.getLogger("mkdocs.plugins.oshub")

CONTACT_MARKER = "<!-- oshub:contact -->"
CITATION_MARKER = "<!-- oshub:citation -->"
WATCHED = ("hubs", "missions", "data", "schemas", "overrides")
OFFLINE_ZIP_VARIABLE = "OSHUB_OFFLINE_ZIP"
"""The environment variable naming a built offline copy to publish (when the plugin's
``offline_zip`` option is empty): how a release started through mike passes it on."""
_MARKDOWN_LINK = re.compile(
    r"(?<!!)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*<?([^()<>\s]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
"""An inline Markdown link: its text and its target."""
_ANCHOR = re.compile(r"<a\b([^<>]*?)\shref=\"([^\"]*)\"([^<>]*)>((?:[^<]|<(?!/?a\b))*)</a>")
_GENERATED_SOURCES = (
    f"{routes.HUBS}/",
    f"{routes.MISSIONS}/",
    f"{routes.SDGS}/",
    f"{routes.DATA}/",
    f"{routes.SCHEMAS_FOLDER}/",
    f"{routes.DOWNLOADS}/",
    *routes.INDEX_PAGES,
)
"""Docs paths of generated pages: a ``.md`` link there is unlinked when they are off."""


def _generated_areas(directory_urls: bool) -> tuple[str, ...]:
    """Where generated outputs live: a link there is unlinked when its output is off."""
    pages = (Routes.BOARD, Routes.TEMPLATES, Routes.SELF_ASSESSMENT, Routes.GLOSSARY)
    folders = (
        *(routes.HUBS, routes.MISSIONS, routes.SDGS, routes.DATA, routes.SCHEMAS_FOLDER),
        routes.DOWNLOADS,
    )
    return (
        *(f"{folder}/" for folder in folders),
        *(routes.page_url(p, directory_urls) for p in pages),
        posixpath.dirname(Routes.CANVAS_ODT) + "/",
    )


class OshubPlugin(BasePlugin[OshubConfig]):  # type: ignore[no-untyped-call]
    """Validates content, generates pages and exports, guards pages, checks links."""

    def __init__(self) -> None:
        self.project: Project | None = None
        self.site: Site | None = None
        self.renderer: Renderer | None = None
        self.validation: ValidationResult | None = None
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
        self.stopped_by: list[Problem] = []
        """The problems that stopped the last build (what the live preview shows)."""
        self.present: set[str] = set()
        """Site paths of every file the build writes (pages at their URL)."""
        self.present_docs: set[str] = set()
        """Docs paths of every page and file the build has."""
        self.partial = False
        """True when some output is switched off: links to it are unlinked."""
        self.absent: set[str] = set()
        """Docs paths of hand-written guide pages this build leaves out (validation off,
        front matter not valid): links to them are dropped like links to switched-off
        outputs."""
        self.directory_urls = True
        self.serving = False
        """True under ``mkdocs serve``: pages go without the Content-Security-Policy,
        which would block the server's inline reload script."""
        self.printing = False
        """True when this build prints the PDFs (the ``pdf`` switch; not while serving
        unless asked)."""
        self.tool_pdfs: dict[str, Any] = {}
        """The printed tools of this build, by id (none when it does not print)."""
        self.print_in_preview = False
        """Set by ``oshub serve --pdf``."""
        self.preview: Incremental | None = None
        """The live preview's memory of its last build (only while serving)."""
        self.made: dict[str, GeneratedFile] = {}
        """This build's generated files as ``generate`` made them, by docs path."""
        self.page_urls: set[str] = set()
        """Addresses of every page this build has."""
        self.added: list[File] = []
        """The generated files this build added."""
        self.version: str | None = None
        """The version folder mike deploys this build to (``MIKE_DOCS_VERSION``), or None."""
        self.offline = False
        """True when this build is the offline copy (the ``offline`` option)."""
        self.version_label = ""
        """The offline copy's version, as markup for the header."""
        self.cache = ContentCache()
        """What loading the content found, kept for the next build of this command
        (``oshub build`` and the live preview give the one they validated with)."""

    # --- configuration and content ------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note whether this is the live preview (which keeps what it can between builds)."""
        self.serving = command == "serve"
        self.preview = Incremental() if self.serving else None
        self.cache = ContentCache()  # a new command sees nothing of an earlier one

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Validate the content and build the model before anything is rendered."""
        self._refuse_links(config)  # first: nothing is read through a refused link
        online_directory_urls = self._read_switches(config)
        if not self.config.enabled:
            _prune_nav(config, set())
            return config
        schemas = self._load_and_validate(config)
        reuse = self._set_up_renderer(config, online_directory_urls)
        self._keep_generated(self._generate(config, schemas, reuse))
        if routes.SDG_STYLESHEET not in config.extra_css:
            config.extra_css.append(routes.SDG_STYLESHEET)
        if self.partial:
            _prune_nav(config, {g.path for g in self.generated if self._wanted(g)}, self.absent)
        return config

    def _read_switches(self, config: MkDocsConfig) -> bool:
        """Read the plugin's switches and forget the last build's findings; returns whether
        the site online uses directory URLs (the offline copy changes that setting)."""
        self.offline = bool(self.config.enabled and self.config.offline)
        online_directory_urls = bool(config.use_directory_urls)
        if self.offline:
            offline_pages.configure(config)
        self.directory_urls = bool(config.use_directory_urls)
        self.printing = bool(self.config.enabled and self.config.pdf) and (
            not self.serving or self.print_in_preview
        )
        self.partial = not (
            self.config.enabled and self.config.pages and self.config.exports and self.printing
        )
        self.withheld, self.build_problems, self.page_sources = [], [], {}
        self.tool_pdfs = {}
        self.absent = set()
        self.trusted = trusted_scripts(config.theme.dirs)
        return online_directory_urls

    def _load_and_validate(self, config: MkDocsConfig) -> SchemaSet:
        """Load the project, its schemas and its content into the model; content errors
        stop the build, or with validation off leave their files out of the site."""
        if documents.missing_packages():  # what is published is checked for what it is
            raise PluginError(
                f"oshub: the document checks need {' and '.join(documents.missing_packages())}"
                f": {documents.SITE_EXTRA_INSTALL}"
            )
        try:
            self.project = self._project(config)
            schemas = load_schemas(self.project, self.cache.validation.schemas)
        except ProjectError as exc:
            raise PluginError(f"oshub: {exc}") from exc
        result, self.site = load_site(self.project, schemas, self.cache)
        self.validation = result
        if self.config.validation:
            self._stop_on_problems(result, strict=self.config.strict or bool(config.strict))
        else:
            self._leave_out_unusable(result)
        return schemas

    def _stop_on_problems(self, result: ValidationResult, *, strict: bool) -> None:
        """Report the content's problems; errors (and warnings when strict) stop the build."""
        _log_problems(result.problems)
        failing = result.errors or (strict and result.warnings)
        if failing:
            self.stopped_by = list(result.problems)
            raise PluginError(f"oshub: {len(failing)} content problem(s); fix them and build again")

    def _leave_out_unusable(self, result: ValidationResult) -> None:
        """With validation off, name the files that cannot be read or do not fit their
        schema: the site leaves them out, and drops links to what they would have made."""
        loaded = result.loaded
        left_out = sorted(result.unusable | {p.path for p in result.errors if p.path not in loaded})
        if left_out:
            names = one_line(", ".join(left_out))
            log.warning(
                f"oshub: validation is off; {len(left_out)} file(s) that cannot be read "
                f"or do not fit their schema are left out of the site: {names}"
            )
            self.partial = True  # links to what they would have made are dropped
        self.absent = {
            path.removeprefix(f"{DOCS_DIR}/")
            for path in left_out
            if path.startswith(f"{DOCS_DIR}/{routes.GUIDES}")
        }

    def _routes(self, online_directory_urls: bool) -> Routes:
        """This build's addresses: its version folder under mike, and for the offline
        copy the online site's form of address too."""
        assert self.project is not None
        deployed = os.environ.get(MIKE_VERSION) or None
        # the offline copy of a version has no version selector or banner, but its
        # links to the site online (canonical, its books') lead to that version's pages
        self.version = None if self.offline else deployed
        return Routes(
            site_url=self.project.site_url,
            directory_urls=self.directory_urls,
            version=deployed,
            online_directory_urls=online_directory_urls if self.offline else None,
        )

    def _set_up_renderer(self, config: MkDocsConfig, online_directory_urls: bool) -> Reuse | None:
        """Make the renderer and set the theme's parts it words (copyright, version
        selector, the offline header); returns what the live preview may reuse."""
        assert self.site is not None
        routes_now = self._routes(online_directory_urls)
        language = str(config.theme.get("language") or "en")
        reuse = self._reuse(config, routes_now, language)
        self.renderer = Renderer(
            self.site,
            routes_now,
            template_dirs=config.theme.dirs,
            language=language,
            exports=self.config.exports,
            pages=self.config.pages,
            cards=reuse.fragments if reuse is not None else None,
            offline=self.offline,
        )
        if self.offline:
            self.version_label = self.renderer.page("offline_header.html", Routes.HOME).strip()
        if not config.copyright:
            config.copyright = str(self.renderer.words.copyright())
        _version_parts(config, self.renderer, self.version)
        return reuse

    def _reuse(self, config: MkDocsConfig, routes_now: Routes, language: str) -> Reuse | None:
        """Under the live preview, what the last build generated that this one may take
        again: nothing once the setting (routes, language, switches, settings, templates)
        changed."""
        if self.preview is None:
            return None
        assert self.site is not None
        self.preview.begin(tuple((g.path, g.title, g.area, g.order) for g in self.site.guides))
        reuse = self.preview.reuse
        reuse.start(
            (
                routes_now,
                language,
                self.config.exports,
                self.config.pages,
                self.site.settings,
                template_stamp([config.theme.custom_dir or "", PACKAGE_DIR / "templates"]),
            )
        )
        return reuse

    def _generate(
        self, config: MkDocsConfig, schemas: SchemaSet, reuse: Reuse | None
    ) -> list[GeneratedFile]:
        """Every generated page and file: pages and exports, the PDFs and their page, the
        offline copy to publish, and the offline copy's own files."""
        assert self.site is not None and self.renderer is not None
        generated = generate(
            self.site, self.renderer, schemas.documents, reuse, schemas.archived, schemas.versions
        )
        offline_copy = self._offline_copy()
        if self.printing:
            generated.extend(self._print(config, offline_copy))
        elif offline_copy is not None:
            generated.append(offline_copy)  # published whatever the PDFs, unlisted without
        if self.offline:
            generated.extend(offline_pages.offline_files())
        return generated

    def _keep_generated(self, generated: list[GeneratedFile]) -> None:
        """Keep the generated files, indexed the ways the later events look them up."""
        self.made = {g.path: g for g in generated}
        self.html = {g.path: g.html for g in generated if g.html is not None}
        # the bodies live in `html` only, each until its page is rendered: a site of
        # thousands of pages does not hold every body twice
        self.generated = [replace(g, html=None) if g.html else g for g in generated]
        self.search_text = {
            g.path: g.search_text for g in self.generated if g.search_text is not None
        }
        self.search_entries = []
        self.sources = {g.path: g.source for g in self.generated if g.source is not None}
        self.extras = {g.path: g for g in self.generated if g.head or g.scripts}
        self.page_sources = {
            g.path: g.source for g in self.generated if g.source and g.path.endswith(".html")
        }

    def _refuse_links(self, config: MkDocsConfig) -> None:
        """Stop the build, whatever the switches, before anything is read or walked
        (pages, the theme's overrides, schemas), when a content folder holds a symbolic
        link that may not be followed (a loop among them), or a path reached through an
        allowed folder link that may not be read (see ``symlinks``)."""
        links = refused_links(_root(config))
        if links:
            _log_problems(links)
            self.stopped_by = links
            raise PluginError(
                f"oshub: {len(links)} symbolic link(s), or path(s) through one, that may not "
                "be followed; copy the files in and build again"
            )

    def _project(self, config: MkDocsConfig) -> Project:
        """The project as MkDocs resolved its configuration (``-f``, ``!ENV``): the live
        preview's server has put its own address in ``site_url``, so there the file's
        own address stands (schemas' ``$id`` and absolute links keep the real one)."""
        project = load_project(config_file=Path(config.config_file_path))
        if self.serving:
            return project
        return replace(
            project,
            site_url=site_address(config.site_url, project.config_name),
            directory_urls=bool(config.use_directory_urls),
        )

    def _print(self, config: MkDocsConfig, offline: GeneratedFile | None) -> list[GeneratedFile]:
        """The printable PDFs and their page (``pdf``), which lists the offline copy when
        there is one; a book that cannot be printed stops the build with the file to fix."""
        from oshub.outputs.pdf.books import PdfError, printer_for

        assert self.project is not None and self.site is not None and self.renderer is not None
        try:
            printer = printer_for(
                self.project,
                self.site,
                self.renderer,
                config,
                strict=self.config.validation,
                jobs=self.config.pdf_jobs,
            )
            names = printer.names()
            printed = printer.print_all(names, printer.tools())
            books, tools = printed[: len(names)], printed[len(names) :]
        except (PdfError, ProjectError) as exc:
            where = getattr(exc, "path", "") or self.project.config_name
            self.stopped_by = [error(where, 1, 1, str(exc))]
            _log_problems(self.stopped_by)
            raise PluginError(f"oshub: the PDFs could not be printed: {exc}") from exc
        self.tool_pdfs = {tool.name: tool for tool in tools}
        return [
            *(GeneratedFile(b.path, b.data, kind="download") for b in (*books, *tools)),
            *([offline] if offline is not None else []),
            downloads_page(self.renderer, books, tools, offline),
        ]

    def _offline_copy(self) -> GeneratedFile | None:
        """The offline copy to publish (``offline_zip``, or the environment's
        ``OSHUB_OFFLINE_ZIP``), at its address for this version, with or without the
        PDFs."""
        assert self.project is not None and self.site is not None
        name = self.config.offline_zip or os.environ.get(OFFLINE_ZIP_VARIABLE, "")
        if self.offline or not name:
            return None
        path = self.project.root / name
        if not path.is_file():
            raise PluginError(f"oshub: the offline copy {name} does not exist; build it first")
        where = Routes.offline_zip(self.site.settings.version)
        return GeneratedFile(where, path.read_bytes(), kind="offline")

    def _wanted(self, item: GeneratedFile) -> bool:
        if item.kind == "offline":
            return True
        if item.kind == "download":
            return self.printing
        if item.kind == "export":
            return bool(self.config.exports)
        if item.path == Routes.HUBS_INDEX_JSON:
            return bool(self.config.pages)  # the directory's filter reads it
        return item.kind == "file" or bool(self.config.pages)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Add the generated pages and files (hand-written pages may not take their place);
        translations (``name.<lang>.md``) wait for their language's build."""
        root = _root(config)
        for file in list(files):
            if (
                self._through_link(file, root)
                or self._left_out(file)
                or self._refused(file, config)
            ):
                files.remove(file)
            elif _docs_drawing(file, config):
                files.remove(file)
                if (drawing := self._drawing(file, config)) is not None:
                    files.append(drawing)
        self.added = []
        if self.config.enabled:
            preview = self.preview
            for item in self.generated:
                if not self._wanted(item):
                    continue
                existing = files.get_file_from_path(item.path)
                if existing is not None and not existing.generated_by:
                    raise PluginError(
                        f"oshub: {DOCS_DIR}/{item.path} would hide a generated page; "
                        "rename or remove it"
                    )
                if existing is not None:
                    files.remove(existing)
                made = self.made[item.path]
                if preview is not None and preview.unchanged(made):
                    added = KeptFile.generated(config, item.path, content=item.content)
                else:
                    added = File.generated(config, item.path, content=item.content)
                files.append(added)
                self.added.append(added)
            if preview is not None:
                preview.complete = False  # writing begins
                for dest in preview.stale(f.src_uri for f in self.added):
                    (Path(config.site_dir) / dest).unlink(missing_ok=True)
        self.page_urls = {f.url for f in files if f.is_documentation_page()}
        self.present_docs = {f.src_uri for f in files}
        self.present = {
            routes.page_url(f.src_uri, self.directory_urls)
            if f.is_documentation_page()
            else f.dest_uri
            for f in files
        }
        return files

    def _left_out(self, file: File) -> bool:
        """True for a guide file this build does not publish: a translation (it waits for
        its language's build), or, with validation off, a page the model left out
        because its front matter does not fit the schema (said in a warning)."""
        if not file.src_uri.startswith(routes.GUIDES) or not file.is_documentation_page():
            return False
        if translation_of(file.src_uri) is not None:
            return True
        if file.src_uri not in self.absent:
            return False
        log.warning(f"oshub: {DOCS_DIR}/{file.src_uri} is left out: its front matter is not valid")
        return True

    def _through_link(self, file: File, root: Path) -> bool:
        """True for a file of a content folder (the docs, the theme's overrides) that
        would be read through a symbolic link that may not be followed: it is left out
        and the build fails, whatever the switches."""
        if file.generated_by or not file.abs_src_path:
            return False
        rel = os.path.relpath(file.abs_src_path, root).replace(os.sep, "/")
        if rel.split("/")[0] not in CONTENT_FOLDERS:
            return False  # the theme's own files
        problem = link_problem(file.abs_src_path, root, rel)
        if problem is None:
            return False
        _log_problems([problem])
        self.build_problems.append(problem)
        self.withheld.append(rel)
        return True

    def _refused(self, file: File, config: MkDocsConfig) -> bool:
        """True for a file of the docs folder that may not be published (see
        ``docs_files``): it is left out and the build fails, whatever the switches."""
        if file.generated_by or file.is_documentation_page() or not file.abs_src_path:
            return False
        if Path(file.src_dir or "").resolve() != Path(config.docs_dir).resolve():
            return False  # the theme's own files
        root = self.project.root if self.project is not None else Path(config.docs_dir).parent
        problems = check_docs_file(
            Path(file.abs_src_path), file.src_uri, DOCS_DIR, root, self.cache.validation.documents
        )
        _log_problems(problems)
        self.build_problems.extend(problems)
        self.withheld.extend(p.path for p in problems[:1])
        return bool(problems)

    def _drawing(self, file: File, config: MkDocsConfig) -> File | None:
        """A drawing of the docs folder (``.svg``) as it is published: written again from
        what was checked (``svg_safety``), never the file itself; None when it cannot be
        (the file changed since it was checked: left out, and the build fails)."""
        root = self.project.root if self.project is not None else Path(config.docs_dir).parent
        rel = f"{DOCS_DIR}/{file.src_uri}"
        content, problems = published_svg(Path(file.abs_src_path or ""), rel, root)
        if content is None:
            _log_problems(problems)
            self.build_problems.extend(problems)
            self.withheld.append(rel)
            return None
        return File.generated(config, file.src_uri, content=content, inclusion=file.inclusion)

    def on_nav(
        self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation | None:
        """Leave out of the navigation the pages a switch has turned off. A deployed
        version's pages name their own address (with the version folder) as canonical,
        and so does its sitemap (written before the pages); ``oshub release`` then points
        the canonical links of every version at the newest."""
        if self.version and self.renderer is not None:
            for file in files.documentation_pages():
                if file.page is not None:
                    file.page.canonical_url = self.renderer.routes.absolute(file.src_uri)
        if not self.partial:
            return nav

        def keep(items: list[Any]) -> list[Any]:
            kept = []
            for item in items:
                if isinstance(item, Section):
                    item.children = keep(item.children)
                    if item.children:
                        kept.append(item)
                elif isinstance(item, Link) and _missing_page(item.url):
                    continue  # a nav entry whose page this build does not have
                elif getattr(item, "file", True) is not None:
                    kept.append(item)
            return kept

        nav.items = keep(nav.items)
        return nav

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """While serving, the theme's compiled templates are kept from build to build."""
        if self.preview is not None:
            env.bytecode_cache = THEME_BYTECODE
        return env

    # --- pages --------------------------------------------------------------------

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Guide pages from the model (the body it read and checked, not a second read of
        the file), glossary terms explained on them, the contact marker filled, and edit
        links pointed at the file a page comes from. Links to outputs a switch turned
        off become text before MkDocs reads them (it would warn, and fail a strict build)."""
        if self._too_deep(markdown, page):
            return ""
        markdown = self._page_markdown(markdown, page)
        if self._too_deep(markdown, page):
            return ""
        return self._unlink_markdown(markdown, page) if self.partial else markdown

    def _too_deep(self, markdown: str, page: Page) -> bool:
        """True for a hand-written page whose Markdown nests past what the renderer can
        read (``markdown_limits``): it is withheld and the build fails, whatever the
        switches, with the problem at its line in the page's file."""
        if page.file.generated_by or not page.file.abs_src_path:
            return False
        path = Path(page.file.abs_src_path)
        if self.project is not None:
            source = self.project.rel(path)
        else:  # the plugin switched off: the docs folder's parent is the project's root
            source = path.relative_to(Path(page.file.src_dir or path.parent).parent).as_posix()
        problems = nesting_problems(markdown, source, _body_line(path, markdown))
        if not problems:
            return False
        _log_problems(problems)
        self.build_problems.extend(problems)
        self.withheld.append(source)
        return True

    def _page_markdown(self, markdown: str, page: Page) -> str:
        if not self.config.enabled or self.site is None or self.renderer is None:
            return markdown
        src = page.file.src_uri
        guide = self.site.guide_by_path.get(src)
        if guide is not None:
            # the model, not the file's front matter as MkDocs read it, is what pages show
            page.meta["title"] = guide.title
            description = guide.description or guide.summary
            if description:
                page.meta["description"] = description
            markdown = guide_pages.show_tools(guide, self.renderer, self.tool_pdfs)
            if self.site.glossary:
                markdown = (
                    markdown.rstrip() + "\n\n" + guide_pages.abbreviations(self.site.glossary)
                )
        if CONTACT_MARKER in markdown:
            markdown = markdown.replace(CONTACT_MARKER, contact_block(self.renderer, src))
        if CITATION_MARKER in markdown:
            markdown = markdown.replace(CITATION_MARKER, citation_block(self.renderer, src))
        edit_base = self.site.settings.edit_base
        if edit_base:
            source = self.sources.get(src)
            if source is None and not page.file.generated_by:
                source = f"{DOCS_DIR}/{src}"
            page.edit_url = f"{edit_base}{source}" if source else None
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Every page's content through the sanitiser; generated pages come as ready HTML
        (no Markdown run over them: a large saving); guide pages get their decorations."""
        if page.title:
            page.title = title_without_markup(page.title)
        for key, value in page.meta.items():  # the theme prints some of them unescaped
            if isinstance(value, str):
                page.meta[key] = title_without_markup(value)
        src = page.file.src_uri
        content = self.html.get(src, html)
        guide = self.site.guide_by_path.get(src) if self.site else None
        if guide is not None and self.renderer is not None:
            content = guide_pages.decorate(
                content,
                guide,
                self.renderer,
                templates=self.site is not None
                and self.site.canvas is not None
                and bool(self.config.pages),
                pdf=self.printing,
            )
        if src == Routes.SELF_ASSESSMENT and self.renderer is not None:
            content += guide_pages.assessment_pdf(self.renderer, self.tool_pdfs)
        if self.partial:
            content = self._unlink_switched_off(content, page)
        return clean_html(content)

    def _unlink_markdown(self, markdown: str, page: Page) -> str:
        """Markdown links to generated pages this build does not have, as their text."""
        source = page.file.src_uri

        def unlink(match: re.Match[str]) -> str:
            parts = urlsplit(match.group(2))
            if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
                return match.group(0)
            if self._off_file(source, unquote(parts.path)):
                return f'<span class="oshub-off">{match.group(1)}</span>'
            return match.group(0)

        return _MARKDOWN_LINK.sub(unlink, markdown)

    def _off_file(self, source: str, path: str) -> bool:
        """True when the page file ``path`` (a link written on ``source``) is one this
        build does not have: a generated page switched off, or a guide left out."""
        docs = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        if docs in self.absent:
            return True
        return docs.startswith(_GENERATED_SOURCES) and docs not in self.present_docs

    def _unlink_switched_off(self, content: str, page: Page) -> str:
        """Links to generated outputs that this build does not write become plain text.

        A link MkDocs could not turn into an address is left as written: read from the
        page's source file (``../../hubs/index.md``) or from its address (``../hubs/``).
        """
        source = page.file.src_uri
        here = routes.page_url(source, self.directory_urls)
        areas = _generated_areas(self.directory_urls)
        folder = here if here.endswith("/") else posixpath.dirname(here) + "/"
        absent = {routes.page_url(p, self.directory_urls) for p in self.absent}

        def unlink(match: re.Match[str]) -> str:
            parts = urlsplit(match.group(2))
            if parts.scheme or parts.netloc or not parts.path:
                return match.group(0)
            path = unquote(parts.path)
            if path.endswith(".md"):
                off = self._off_file(source, path)
            else:
                target = posixpath.normpath(posixpath.join(folder, path))
                target += "/" if path.endswith("/") else ""
                off = (target.startswith(areas) and target not in self.present) or (
                    target in absent
                )
            if not off:
                return match.group(0)
            return f'<span class="oshub-off">{match.group(4)}</span>'

        return _ANCHOR.sub(unlink, content)

    @event_priority(100)  # before the search plugin parses the page
    def on_page_context(
        self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> Any:
        """Index generated pages and guides from the model instead of parsing their HTML."""
        if not self.config.enabled or self.site is None:
            return context
        if self.preview is not None:
            self.preview.rendered.add(page.url)
        src = page.file.src_uri
        if self.offline and self.renderer is not None:
            page.canonical_url = self.renderer.routes.absolute(src)  # the page online
        item = self.search_text.get(src)
        guide = self.site.guide_by_path.get(src)
        if item is None and guide is None:
            return context
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        if guide is not None:
            self.search_entries.extend(
                guide_pages.search_entries(
                    guide, page.url, self.site.tool_by_id, self.site.self_assessment
                )
            )
        elif item is not None:
            # the theme shows an entry's text as HTML: the model's plain text is escaped
            self.search_entries.append(
                {
                    "location": page.url,
                    "title": page.title or "",
                    "text": html.escape(item, quote=False),
                }
            )
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Small fixes to the theme's HTML, the page's own JSON-LD and scripts, and the
        guard: a Content-Security-Policy, and no page with markup that could run."""
        self.html.pop(page.file.src_uri, None)  # written: its body is not needed again
        output = fix_theme_html(output, *self._theme_words())
        if self.version:
            output = version_selector_named_by_its_text(output)
        if self.offline:
            output = offline_pages.show_version(output, self.version_label)
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
        if not template_name.endswith(".html"):
            return output_content
        output = fix_theme_html(output_content, *self._theme_words())
        if self.version:
            output = version_selector_named_by_its_text(output)
        if self.offline:
            output = offline_pages.show_version(output, self.version_label)
        return self._guard(output, template_name)

    def _theme_words(self) -> tuple[str, str]:
        if self.renderer is None:
            return ("Skip to content", "Table (scrolls sideways)")
        return (self.renderer.label("theme", "skip"), self.renderer.label("theme", "table"))

    def _guard(self, output: str, source: str) -> str:
        secured, findings = guard_page(output, self.trusted, with_policy=not self.serving)
        if not findings:
            return secured
        for finding in findings:
            problem = error(
                source,
                1,
                1,
                f"the built page holds {finding}",
                hint="content may not add scripts, event handlers, script URLs or files "
                "loaded from other hosts; the page was not published",
            )
            self.build_problems.append(problem)
            _log_problems([problem])
        self.withheld.append(source)
        if self.renderer is not None:
            return self.renderer.page("withheld.html", Routes.HOME)
        return "<!doctype html><title>Withheld</title>"

    # --- the whole site -----------------------------------------------------------

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Check links and anchors, add the model's entries to the theme's search index,
        and fail the build when something is broken or a page was withheld."""
        if self.project is not None and self.config.enabled:
            base = urlsplit(self.project.site_url).path
            if self.preview is not None:
                broken = self.preview.links.check(Path(config.site_dir), base)
            else:
                broken = broken_links(Path(config.site_dir), base)
            problems = link_problems(broken, self.page_sources, self.project.root)
            _log_problems(problems)
            self.build_problems.extend(problems)
        if self.build_problems:
            self.stopped_by = list(self.build_problems)
            raise PluginError(
                f"oshub: {len(self.build_problems)} problem(s) in the built site "
                f"({len(self.withheld)} page(s) withheld); fix them and build again"
            )
        index = Path(config.site_dir) / routes.SEARCH_INDEX
        docs: list[dict[str, Any]] = []
        if index.is_file() and (self.search_entries or self.preview is not None):
            data = json.loads(index.read_text(encoding="utf-8"))
            data["docs"].extend(self.search_entries)
            if self.preview is not None:
                data["docs"] = docs = self.preview.merged_search(data["docs"], self.page_urls)
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            index.write_text(text, "utf-8")
        if self.offline and index.is_file():
            offline_pages.write_search_script(
                Path(config.site_dir), index.read_text(encoding="utf-8")
            )
        if self.preview is not None:
            self.preview.finish(
                {f.src_uri: self.made[f.src_uri] for f in self.added},
                {f.src_uri: f.dest_uri for f in self.added},
                docs,
            )

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when content, schemas or templates change, not only the docs folder."""
        if self.project is not None:
            for folder in WATCHED:
                path = self.project.root / folder
                if path.is_dir():
                    server.watch(str(path))
        server.watch(str(PACKAGE_DIR / "templates"))
        return server


def _root(config: MkDocsConfig) -> Path:
    """The project's root: the folder of MkDocs' configuration file."""
    if config.config_file_path:
        return Path(os.path.abspath(config.config_file_path)).parent
    return Path(os.path.abspath(config.docs_dir)).parent


def _version_parts(config: MkDocsConfig, renderer: Renderer, version: str | None) -> None:
    """The footer's versions line, and for a deployed version (mike) the theme's version
    selector (``extra.version``, unless mkdocs.yml sets its own) and the hidden banner of
    an older version: the templates ``version_footer.html`` and ``version_banner.html``
    (the theme's ``partials/copyright.html`` and ``main.html`` in ``overrides/`` show them)."""
    import oshub

    config.extra["oshub_footer"] = renderer.page(
        "version_footer.html", Routes.HOME, version=version, tool_version=oshub.__version__
    )
    config.extra["oshub_outdated"] = (
        renderer.page("version_banner.html", Routes.HOME, version=version) if version else ""
    )
    if version and not config.extra.get("version"):
        config.extra["version"] = {"provider": "mike", "alias": True}


def _docs_drawing(file: File, config: MkDocsConfig) -> bool:
    """True for an SVG drawing of the docs folder (not generated, not the theme's)."""
    if file.generated_by or not file.abs_src_path or not file.src_uri.lower().endswith(".svg"):
        return False
    return Path(file.src_dir or "").resolve() == Path(config.docs_dir).resolve()


def _body_line(path: Path, markdown: str) -> int:
    """The 0-based line of the file ``path`` where ``markdown`` (its body, as MkDocs
    read it without the front matter) starts; 0 when it is not the file's end."""
    try:
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeError):
        return 0
    if not markdown or not text.endswith(markdown):
        return 0
    return text[: len(text) - len(markdown)].count("\n")


def _log_problems(problems: list[Problem]) -> None:
    """Log problems as ``format_text`` prints them (at most ``MAX_PROBLEMS_PER_FILE`` a
    file, then a note of how many more); the note is information, never a warning."""
    for problem in capped(problems):
        lines = format_text([problem]) if isinstance(problem, Problem) else None
        if lines is None:
            log.info(f"{problem.path}:1:1: note: {problem.message}", extra={PROBLEM: True})
            continue
        for line in lines:
            (log.error if problem.is_error else log.warning)(line, extra={PROBLEM: True})


def _prune_nav(
    config: MkDocsConfig, produced: AbstractSet[str], absent: AbstractSet[str] = frozenset()
) -> None:
    """Drop navigation entries for generated pages this build does not make (MkDocs
    would warn about each before any plugin sees the navigation, failing strict builds)."""
    docs = Path(config.docs_dir)

    def missing(path: str) -> bool:
        if path in absent:
            return True
        return (
            path.startswith(_GENERATED_SOURCES)
            and path not in produced
            and not (docs / path).is_file()
        )

    def prune(items: Any) -> Any:
        kept = []
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
            if isinstance(value, str):
                if not missing(value):
                    kept.append(item)
            elif isinstance(value, list):
                children = prune(value)
                if children:
                    kept.append({next(iter(item)): children})
            else:
                kept.append(item)
        return kept

    if isinstance(config.nav, list):
        config.nav = prune(config.nav)


def _missing_page(url: str) -> bool:
    """True for a navigation link MkDocs kept as a path to a page it did not find."""
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and parts.path.endswith(".md")


def _add_extras(output: str, extra: GeneratedFile, url: str) -> str:
    """A generated page's JSON-LD into ``<head>`` and its scripts before ``</body>``."""
    if extra.head:
        output = output.replace("</head>", extra.head + "\n</head>", 1)
    if extra.scripts:
        tags = "".join(
            f'<script src="{routes.relative(script, url)}" defer></script>\n'
            for script in extra.scripts
        )
        output = output.replace("</body>", tags + "</body>", 1)
    return output
