"""One pass of MkDocs over a build plan: the page work each hook asks for, in plain
values (paths, Markdown, HTML), and the problems only the built site shows.

A plan is never changed by a pass: what a pass finds (problems, withheld pages, search
entries, which source wrote which page) is kept here, so the same plan can be rendered
again (another language, another folder) from the start.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from oshub.core.problems import Problem, error
from oshub.core.project import DOCS_DIR
from oshub.outputs.safety.pageguard import TrustedScripts, guard_page
from oshub.outputs.safety.sanitise import clean_html
from oshub.outputs.site import guide_pages, offline_pages
from oshub.outputs.site.pages import citation_block, contact_block
from oshub.outputs.site.switched_off import unlink_html
from oshub.outputs.site.theme_fixes import (
    fix_theme_html,
    title_without_markup,
    version_selector_named_by_its_text,
)
from oshub.plan.options import PlanOptions, ThemeSetting
from oshub.plan.plan import BuildPlan, PassReport
from oshub.plan.published import PublishedFiles
from oshub.plan.reporting import log_problems
from oshub.routes import Routes, page_url, relative
from oshub.validate.markdown_limits import nesting_problems

CONTACT_MARKER = "<!-- oshub:contact -->"
CITATION_MARKER = "<!-- oshub:citation -->"


@dataclass
class Rendering:
    """What one pass over ``plan`` found and still holds."""

    plan: BuildPlan
    report: PassReport = field(default_factory=PassReport)
    """What stops the build at its end (kept in the plan's ``passes`` too)."""
    page_sources: dict[str, str] = field(default_factory=dict)
    """Built page (``hubs/lemnos/index.html``) -> the project file it comes from."""
    search_entries: list[dict[str, str]] = field(default_factory=list)
    page_urls: set[str] = field(default_factory=set)
    """Addresses of every page this pass has."""
    files: PublishedFiles = field(default_factory=PublishedFiles)
    """What this pass publishes (known once MkDocs has listed the files)."""
    current_off: Callable[[str], bool] = field(default=lambda href: False)
    """Whether a link of the page whose Markdown is being read leads to what this pass
    does not publish (``PublishedFiles.off_link``, made once a page)."""
    bodies: dict[str, str] = field(default_factory=dict)
    """The generated pages' bodies not rendered yet (each is dropped once written: a
    site of thousands of pages does not hold every body twice)."""

    def __post_init__(self) -> None:
        plan = self.plan
        plan.passes.append(self.report)
        self.bodies = dict(plan.bodies)
        self.page_sources = {
            g.path: g.source for g in plan.generated if g.source and g.path.endswith(".html")
        }

    @classmethod
    def idle(cls) -> Rendering:
        """A pass over an empty plan (before MkDocs' configuration is read)."""
        return cls(BuildPlan(PlanOptions(enabled=False), ThemeSetting(()), TrustedScripts(())))

    def files_found(self, docs: list[str], pages: list[str], urls: list[str]) -> None:
        """What MkDocs will publish: every docs path, the pages' paths and addresses."""
        plan = self.plan
        self.files = PublishedFiles.of(plan.theme.directory_urls, plan.absent, docs, pages)
        self.page_urls = set(urls)

    def canonical(self, src: str) -> str | None:
        """A deployed version's page names its own address (with the version folder)."""
        plan = self.plan
        if plan.options.version and not plan.options.offline and plan.renderer is not None:
            return plan.renderer.routes.absolute(src)
        return None

    def offline_canonical(self, src: str) -> str | None:
        """An offline page names its page online as canonical."""
        if self.plan.options.offline and self.plan.renderer is not None:
            return self.plan.renderer.routes.absolute(src)
        return None

    def refuse(self, problems: list[Problem], withheld: str) -> None:
        """Note problems with a file that is left out; the build fails at its end."""
        log_problems(problems)
        self.report.build_problems.extend(problems)
        self.report.withheld.append(withheld)

    # --- Markdown -----------------------------------------------------------------

    def page_markdown(
        self, src: str, markdown: str, path: str | None
    ) -> tuple[str, dict[str, str], str | Literal[False] | None]:
        """A page's Markdown as the site shows it, the metadata the model sets, and its
        edit link (False: the theme's own setting stands). ``path``: the hand-written
        file it is read from (None for a generated page). A page nested past what the
        renderer can read (``markdown_limits``) is withheld: its Markdown is emptied and
        the build fails with the problem at its line."""
        self.current_off = self.files.off_link(src)
        if path is not None and self._too_deep(markdown, src, path):
            return "", {}, False
        shown, meta = self._shown_markdown(src, markdown)
        if path is not None and shown != markdown and self._too_deep(shown, src, path):
            return "", meta, False
        return shown, meta, self._edit_url(src, generated=path is None)

    def _too_deep(self, markdown: str, src: str, path: str) -> bool:
        project = self.plan.project
        source = project.rel(Path(path)) if project is not None else f"{DOCS_DIR}/{src}"
        problems = nesting_problems(markdown, source, 0)
        if problems:  # placed at their lines of the file, which is read only then
            problems = nesting_problems(markdown, source, body_line(Path(path), markdown))
            self.refuse(problems, source)
        return bool(problems)

    def _shown_markdown(self, src: str, markdown: str) -> tuple[str, dict[str, str]]:
        site, renderer = self.plan.site, self.plan.renderer
        if site is None or renderer is None:
            return markdown, {}
        meta: dict[str, str] = {}
        guide = site.guide_by_path.get(src)
        if guide is not None:
            # the model, not the file's front matter as MkDocs read it, is what pages show
            meta["title"] = guide.title
            description = guide.description or guide.summary
            if description:
                meta["description"] = description
            markdown = guide_pages.show_tools(guide, renderer, self.plan.tool_pdfs)
            if site.glossary:
                markdown = markdown.rstrip() + "\n\n" + guide_pages.abbreviations(site.glossary)
        if CONTACT_MARKER in markdown:
            markdown = markdown.replace(CONTACT_MARKER, contact_block(renderer, src))
        if CITATION_MARKER in markdown:
            markdown = markdown.replace(CITATION_MARKER, citation_block(renderer, src))
        return markdown, meta

    def _edit_url(self, src: str, generated: bool) -> str | Literal[False] | None:
        site = self.plan.site
        edit_base = site.settings.edit_base if site is not None else ""
        if not edit_base:
            return False
        source = self.plan.sources.get(src)
        if source is None and not generated:
            source = f"{DOCS_DIR}/{src}"
        return f"{edit_base}{source}" if source else None

    def off_in_markdown(self, href: str) -> bool:
        """True for a link (as written on the page being read) to a page this build does
        not have: it becomes text before MkDocs reads it (MkDocs would warn)."""
        return self.plan.partial and self.current_off(href)

    # --- HTML -----------------------------------------------------------------------

    def page_content(self, src: str, content: str) -> str:
        """A page's content HTML as published: a generated page's ready body, a guide's
        decorations, links to what this build does not have as text, all through the
        sanitiser."""
        plan = self.plan
        content = self.bodies.get(src, content)
        site, renderer = plan.site, plan.renderer
        guide = site.guide_by_path.get(src) if site is not None else None
        if guide is not None and renderer is not None:
            content = guide_pages.decorate(
                content,
                guide,
                renderer,
                templates=site is not None and site.canvas is not None and plan.options.pages,
                pdf=plan.options.printing,
            )
        if src == Routes.SELF_ASSESSMENT and renderer is not None:
            content += guide_pages.assessment_pdf(renderer, plan.tool_pdfs)
        if plan.partial:
            content = unlink_html(content, self.files.off_link(src))
        return clean_html(content)

    def search_entry(self, src: str, url: str, title: str) -> bool:
        """Index a generated page or a guide from the model; True when the page is left
        out of the theme's own parse of its HTML (it is indexed here)."""
        site, preview = self.plan.site, self.plan.preview
        if preview is not None:
            preview.rendered.add(url)
        if site is None:
            return False
        text = self.plan.search_text.get(src)
        guide = site.guide_by_path.get(src)
        if guide is not None:
            self.search_entries.extend(
                guide_pages.search_entries(guide, url, site.tool_by_id, site.self_assessment)
            )
            return True
        if text is None:
            return False
        # the theme shows an entry's text as HTML: the model's plain text is escaped
        self.search_entries.append(
            {"location": url, "title": title, "text": html.escape(text, quote=False)}
        )
        return True

    def finished_page(self, output: str, src: str, dest: str, path: str | None) -> str:
        """A whole page as the theme made it, mended and guarded (see ``guard``); its
        generated page's JSON-LD and scripts added. ``path``: the hand-written file it
        comes from (None for a generated page)."""
        self.bodies.pop(src, None)  # written: its body is not needed again
        output = self.themed(output)
        extra = self.plan.extras.get(src)
        if extra is not None:
            url = page_url(src, self.plan.theme.directory_urls)
            if extra.head:
                output = output.replace("</head>", extra.head + "\n</head>", 1)
            if extra.scripts:
                tags = "".join(
                    f'<script src="{relative(script, url)}" defer></script>\n'
                    for script in extra.scripts
                )
                output = output.replace("</body>", tags + "</body>", 1)
        source = self.plan.sources.get(src)
        if source is None and path is not None and self.plan.project is not None:
            source = self.plan.project.rel(Path(path))
        if source is not None:
            self.page_sources[dest] = source
        return self.guard(output, source or src)

    def themed(self, output: str) -> str:
        """The theme's HTML mended (skip link, tables, version selector, the offline
        copy's version label)."""
        renderer = self.plan.renderer
        words = (
            (renderer.label("theme", "skip"), renderer.label("theme", "table"))
            if renderer is not None
            else ("Skip to content", "Table (scrolls sideways)")
        )
        output = fix_theme_html(output, *words)
        options = self.plan.options
        if options.version and not options.offline:
            output = version_selector_named_by_its_text(output)
        if options.offline:
            output = offline_pages.show_version(output, self.plan.parts.version_label)
        return output

    def guard(self, output: str, source: str) -> str:
        """The page with its Content-Security-Policy; a page with markup that could run
        is withheld (a stand-in is written, and the build fails at its end)."""
        plan = self.plan
        secured, findings = guard_page(output, plan.trusted, with_policy=not plan.options.serving)
        if not findings:
            return secured
        problems = [
            error(
                source,
                1,
                1,
                f"the built page holds {finding}",
                hint="content may not add scripts, event handlers, script URLs or files "
                "loaded from other hosts; the page was not published",
            )
            for finding in findings
        ]
        self.refuse(problems, source)
        if plan.renderer is not None:
            return plan.renderer.page("withheld.html", Routes.HOME)
        return "<!doctype html><title>Withheld</title>"

    def template_page(self, output: str, template: str) -> str:
        """A page rendered from a bare template (the 404 page), mended and guarded."""
        if not template.endswith(".html"):
            return output
        return self.guard(self.themed(output), template)

    @staticmethod
    def meta_as_text(meta: Mapping[str, Any]) -> dict[str, str]:
        """A page's text metadata without markup (the theme prints some of it unescaped)."""
        return {k: title_without_markup(v) for k, v in meta.items() if isinstance(v, str)}

    @staticmethod
    def title(text: str) -> str:
        """A title or metadata value without markup (the theme prints some unescaped)."""
        return title_without_markup(text)


def body_line(path: Path, markdown: str) -> int:
    """The 0-based line of the file ``path`` where ``markdown`` (its body, as MkDocs
    read it without the front matter) starts; 0 when it is not the file's end."""
    try:
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeError):
        return 0
    if not markdown or not text.endswith(markdown):
        return 0
    return text[: len(text) - len(markdown)].count("\n")
