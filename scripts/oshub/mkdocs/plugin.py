"""The MkDocs plugin: MkDocs' events passed to a build plan (``oshub.plan``), handed over
by a command (``plan.handoff``) or made from ``mkdocs.yml``; each build is one pass."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from oshub.mkdocs.config import OshubConfig
from oshub.mkdocs.setup import apply_plan, plan_for, root_of
from oshub.outputs.site.incremental import Incremental, KeptFile
from oshub.outputs.site.switched_off import UnlinkExtension
from oshub.plan import site_files
from oshub.plan.finishing import finish
from oshub.plan.handoff import handed
from oshub.plan.plan import PlanStopped
from oshub.plan.rendering import Rendering
from oshub.render.renderer import THEME_BYTECODE


class OshubPlugin(BasePlugin[OshubConfig]):  # type: ignore[no-untyped-call]
    """Renders a build plan: files in and out, pages through the plan, checks at the end."""

    def __init__(self) -> None:
        self._preview: Incremental | None = None  # ``mkdocs serve``'s memory of its builds
        self._run, self._added = Rendering.idle(), dict[str, str]()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Under ``mkdocs serve``, keep what can be kept between builds."""
        self._preview = Incremental() if command == "serve" else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """The plan: the one a command handed over, else one made from ``mkdocs.yml``."""
        try:
            plan = handed() or plan_for(config, preview=self._preview, serving=bool(self._preview))
        except PlanStopped as exc:
            raise PluginError(f"oshub: {exc}") from exc
        apply_plan(config, plan)
        self._run = Rendering(plan)
        unlink = UnlinkExtension(self._run.off_in_markdown)  # before MkDocs reads the links
        config.markdown_extensions.append(unlink)  # type: ignore[arg-type]
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Files that may not be published out, generated files in."""
        run, root, docs = self._run, root_of(config), Path(config.docs_dir).resolve()
        for file in [f for f in files if f.abs_src_path and not f.generated_by]:
            in_docs = Path(file.src_dir or "").resolve() == docs
            found = site_files.FoundFile(
                file.src_uri, str(file.abs_src_path), file.is_documentation_page(), in_docs
            )
            fate = site_files.sort_out(run, found, root)
            if fate is not True:
                files.remove(file)
            if isinstance(fate, bytes):
                files.append(
                    File.generated(config, file.src_uri, content=fate, inclusion=file.inclusion)
                )
        self._added = {}
        for item, kept in site_files.to_add(run):
            existing = files.get_file_from_path(item.path)
            if existing is not None and not existing.generated_by:
                raise PluginError(
                    f"oshub: docs/{item.path} would hide a generated page; rename or remove it"
                )
            if existing is not None:
                files.remove(existing)
            added = (KeptFile if kept else File).generated(config, item.path, content=item.content)
            files.append(added)
            self._added[item.path] = added.dest_uri
        site_files.forget_stale(run, Path(config.site_dir), self._added)
        pages = [f for f in files if f.is_documentation_page()]
        run.files_found(
            [f.src_uri for f in files], [p.src_uri for p in pages], [p.url for p in pages]
        )
        return files

    def on_nav(
        self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation | None:
        """A deployed version's pages name their own address as canonical (``oshub
        release`` then points them at the newest); pages a switch turned off leave."""
        for file in files.documentation_pages():
            canonical = self._run.canonical(file.src_uri)
            if canonical and file.page is not None:
                file.page.canonical_url = canonical
        if self._run.plan.partial:
            nav.items = _kept(nav.items)
        return nav

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """While serving, the theme's compiled templates are kept from build to build."""
        if self._run.plan.preview is not None:
            env.bytecode_cache = THEME_BYTECODE
        return env

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """The page's Markdown from the plan; a page nested too deep is withheld."""
        file = page.file
        where = None if file.generated_by else file.abs_src_path
        markdown, meta, edit = self._run.page_markdown(file.src_uri, markdown, where)
        page.meta.update(meta)
        page.edit_url = page.edit_url if edit is False else edit
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Every page's content through the plan (and the sanitiser)."""
        page.title = self._run.title(page.title) if page.title else page.title
        page.meta.update(self._run.meta_as_text(page.meta))
        return self._run.page_content(page.file.src_uri, html)

    @event_priority(100)  # before the search plugin parses the page
    def on_page_context(
        self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> Any:
        """Generated pages and guides are indexed from the model, not from their HTML."""
        page.canonical_url = self._run.offline_canonical(page.file.src_uri) or page.canonical_url
        if self._run.search_entry(page.file.src_uri, page.url, page.title or ""):
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """The theme's page mended and guarded."""
        file = page.file
        where = None if file.generated_by else (file.abs_src_path or file.src_uri)
        return self._run.finished_page(output, file.src_uri, file.dest_uri, where)

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        """The same for pages rendered from a bare template (the 404 page)."""
        return self._run.template_page(output_content, template_name)

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Links and anchors checked, the model's search entries added; problems stop."""
        try:
            finish(self._run, Path(config.site_dir), self._added)
        except PlanStopped as exc:
            raise PluginError(f"oshub: {exc}") from exc

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when content, schemas or templates change, not only the docs folder."""
        for folder in site_files.watched(root_of(config)):
            server.watch(folder)
        return server


def _kept(items: list[Any]) -> list[Any]:
    """Navigation without the entries whose page this build does not have."""
    kept = []
    for item in items:
        if isinstance(item, Section):
            item.children = _kept(item.children)
            if item.children:
                kept.append(item)
        elif isinstance(item, Link) and item.url.endswith(".md") and "://" not in item.url:
            continue  # a nav entry MkDocs kept as a path to a page it did not find
        elif getattr(item, "file", True) is not None:
            kept.append(item)
    return kept
