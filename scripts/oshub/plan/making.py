"""Making a build plan: validate the content once, build the model, set up the renderer,
generate every page and file, print the books. Nothing here knows MkDocs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from oshub.core.problems import error, one_line
from oshub.core.project import DOCS_DIR, PACKAGE_DIR, ProjectError
from oshub.core.symlinks import refused_links
from oshub.model.content import ContentCache, load_site
from oshub.outputs.safety.pageguard import trusted_scripts
from oshub.outputs.site import offline_pages
from oshub.outputs.site.incremental import Incremental, template_stamp
from oshub.outputs.site.pages import GeneratedFile, Reuse, downloads_page, generate
from oshub.plan.options import PlanOptions, ThemeSetting, project_for
from oshub.plan.plan import BuildPlan, PlanStopped, ThemeParts
from oshub.plan.reporting import log, log_problems
from oshub.render.renderer import Renderer
from oshub.routes import GUIDES, Routes
from oshub.schema.registry import SchemaSet, load_schemas
from oshub.validate import documents
from oshub.validate.run import ValidationResult


def make_plan(
    where: tuple[str, str | None],
    options: PlanOptions,
    theme: ThemeSetting,
    *,
    cache: ContentCache | None = None,
    preview: Incremental | None = None,
) -> BuildPlan:
    """The plan of one build of the project whose configuration file and ``site_url``
    are ``where`` (with the plugin switched off: a plain site of the hand-written pages,
    still guarded). Raises ``PlanStopped`` when the project cannot be read, content
    errors (or warnings, when strict) stop the build, or the PDFs cannot be printed.
    ``cache``: what an earlier step of the same command loaded; ``preview``: the live
    preview's memory of its last build."""
    trusted = trusted_scripts(theme.template_dirs)
    plan = BuildPlan(options, theme, trusted, preview=preview)
    if not options.enabled:
        return plan
    try:
        config_file, site_url = where
        plan.project = project = project_for(
            config_file, site_url, theme.directory_urls, options.serving
        )
    except ProjectError as exc:
        raise PlanStopped(str(exc), []) from exc
    if documents.missing_packages():  # what is published is checked for what it is
        message = f"the document checks need {' and '.join(documents.missing_packages())}"
        raise PlanStopped(f"{message}: {documents.SITE_EXTRA_INSTALL}", [])
    cache = plan.cache = cache or ContentCache()
    try:
        schemas = load_schemas(project, cache.validation.schemas)
    except ProjectError as exc:
        raise PlanStopped(str(exc), []) from exc
    plan.validation, plan.site = load_site(project, schemas, cache)
    if options.validation:
        _stop_on_problems(plan.validation, options.strict)
    else:
        _leave_out_unusable(plan, plan.validation)
    _set_up_renderer(plan)
    if options.outputs:
        _keep(plan, _generate(plan, schemas))
    return plan


def refuse_links(root: Path) -> None:
    """Stop, whatever the switches, before anything is read or walked (pages, the
    theme's overrides, schemas), when a content folder holds a symbolic link that may
    not be followed, or a path reached through an allowed link that may not be read."""
    links = refused_links(root)
    if links:
        log_problems(links)
        message = "symbolic link(s), or path(s) through one, that may not be followed"
        raise PlanStopped(f"{len(links)} {message}; copy the files in and build again", links)


def _stop_on_problems(result: ValidationResult, strict: bool) -> None:
    """Report the content's problems; errors (and warnings when strict) stop the build."""
    log_problems(result.problems)
    failing = result.errors or (strict and result.warnings)
    if failing:
        message = f"{len(failing)} content problem(s); fix them and build again"
        raise PlanStopped(message, list(result.problems), validation=result)


def _leave_out_unusable(plan: BuildPlan, result: ValidationResult) -> None:
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
        plan.left_out = True
    plan.absent = frozenset(
        path.removeprefix(f"{DOCS_DIR}/")
        for path in left_out
        if path.startswith(f"{DOCS_DIR}/{GUIDES}")
    )


def _routes(plan: BuildPlan) -> Routes:
    """This build's addresses: its version folder under mike, and for the offline copy
    the online site's form of address too (its links to the site online)."""
    assert plan.project is not None
    theme = plan.theme
    return Routes(
        site_url=plan.project.site_url,
        directory_urls=theme.directory_urls,
        version=plan.options.version,
        online_directory_urls=theme.online_directory_urls if plan.options.offline else None,
    )


def _set_up_renderer(plan: BuildPlan) -> None:
    """The renderer, and the theme's parts it words (footer, banner, copyright, the
    offline copy's version label)."""
    assert plan.site is not None
    routes_now = _routes(plan)
    reuse = _reuse(plan, routes_now)
    options = plan.options
    plan.renderer = renderer = Renderer(
        plan.site,
        routes_now,
        template_dirs=plan.theme.template_dirs,
        language=plan.theme.language,
        exports=options.exports,
        pages=options.pages,
        cards=reuse.fragments if reuse is not None else None,
        offline=options.offline,
    )
    version = None if options.offline else options.version
    import oshub

    plan.parts = ThemeParts(
        footer=renderer.page(
            "version_footer.html", Routes.HOME, version=version, tool_version=oshub.__version__
        ),
        outdated=renderer.page("version_banner.html", Routes.HOME, version=version)
        if version
        else "",
        copyright=str(renderer.words.copyright()),
        version_label=renderer.page("offline_header.html", Routes.HOME).strip()
        if options.offline
        else "",
    )


def _reuse(plan: BuildPlan, routes_now: Routes) -> Reuse | None:
    """Under the live preview, what the last build generated that this one may take
    again: nothing once the setting (routes, language, switches, settings, templates)
    changed."""
    preview, site = plan.preview, plan.site
    if preview is None or site is None:
        return None
    preview.begin(tuple((g.path, g.title, g.area, g.order) for g in site.guides))
    options = plan.options
    preview.reuse.start(
        (
            routes_now,
            plan.theme.language,
            options.exports,
            options.pages,
            site.settings,
            template_stamp([plan.theme.custom_dir, PACKAGE_DIR / "templates"]),
        )
    )
    return preview.reuse


def _generate(plan: BuildPlan, schemas: SchemaSet) -> list[GeneratedFile]:
    """Every generated page and file: pages and exports, the PDFs and their page, the
    offline copy to publish, and the offline copy's own files."""
    assert plan.site is not None and plan.renderer is not None
    reuse = plan.preview.reuse if plan.preview is not None else None
    generated = generate(
        plan.site, plan.renderer, schemas.documents, reuse, schemas.archived, schemas.versions
    )
    offline_copy = _offline_copy(plan)
    if plan.options.printing:
        generated.extend(_print(plan, offline_copy))
    elif offline_copy is not None:
        generated.append(offline_copy)  # published whatever the PDFs, unlisted without
    if plan.options.offline:
        generated.extend(offline_pages.offline_files())
    return generated


def _offline_copy(plan: BuildPlan) -> GeneratedFile | None:
    """The offline copy to publish (``offline_zip``), at its address for this version."""
    assert plan.project is not None and plan.site is not None
    name = plan.options.offline_zip
    if plan.options.offline or name is None:
        return None
    path = plan.project.root / name
    if not path.is_file():
        raise PlanStopped(f"the offline copy {name} does not exist; build it first", [])
    where = Routes.offline_zip(plan.site.settings.version)
    return GeneratedFile(where, path.read_bytes(), kind="offline")


def _print(plan: BuildPlan, offline: GeneratedFile | None) -> list[GeneratedFile]:
    """The printable PDFs and their page, which lists the offline copy when there is one;
    a book that cannot be printed stops the build with the file to fix."""
    from oshub.outputs.pdf.books import PdfError, Printer

    project, site, renderer = plan.project, plan.site, plan.renderer
    assert project is not None and site is not None and renderer is not None
    try:
        printer = Printer(
            site,
            renderer,
            project.root / DOCS_DIR,
            plan.theme.markdown_extensions,
            plan.theme.markdown_configs,
            strict=plan.options.validation,
            jobs=plan.options.pdf_jobs,
        )
        names = printer.names()
        printed = printer.print_all(names, printer.tools())
    except (PdfError, ProjectError) as exc:
        where = getattr(exc, "path", "") or project.config_name
        problems = [error(where, 1, 1, str(exc))]
        log_problems(problems)
        raise PlanStopped(f"the PDFs could not be printed: {exc}", problems) from exc
    books, tools = printed[: len(names)], printed[len(names) :]
    plan.tool_pdfs = {tool.name: tool for tool in tools}
    return [
        *(GeneratedFile(b.path, b.data, kind="download") for b in (*books, *tools)),
        *([offline] if offline is not None else []),
        downloads_page(renderer, books, tools, offline),
    ]


def _keep(plan: BuildPlan, generated: list[GeneratedFile]) -> None:
    """Keep the generated files; the pages' bodies apart (each pass takes them once)."""
    plan.made = {g.path: g for g in generated}
    plan.bodies = {g.path: g.html for g in generated if g.html is not None}
    plan.generated = tuple(replace(g, html=None) if g.html else g for g in generated)
    plan.sources = {g.path: g.source for g in generated if g.source is not None}
    plan.search_text = {g.path: g.search_text for g in generated if g.search_text is not None}
    plan.extras = {g.path: g for g in plan.generated if g.head or g.scripts}
