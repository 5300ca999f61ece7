"""From MkDocs' configuration to a build plan, and the plan's parts back into it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from oshub import routes
from oshub.core.project import ProjectError
from oshub.core.symlinks import refused_links
from oshub.outputs.safety.pageguard import trusted_scripts
from oshub.outputs.site import offline_pages
from oshub.plan.making import make_plan
from oshub.plan.options import ThemeSetting, options_from, project_for, prune_nav
from oshub.plan.plan import BuildPlan, PlanStopped
from oshub.plan.published import GENERATED_SOURCES
from oshub.plan.reporting import log_problems


def plan_for(
    config: MkDocsConfig, *, cache: Any = None, preview: Any = None, **switches: Any
) -> BuildPlan:
    """The plan of a build with ``config``: the plugin's options in ``mkdocs.yml``, then
    ``switches`` (``PlanOptions`` fields) as the command sets them; ``cache`` and
    ``preview`` as ``make_plan`` takes them. Raises ``PlanStopped`` before anything is
    read when a content folder holds a link that may not be followed, and for what
    stops ``make_plan``."""
    links = refused_links(root_of(config))
    if links:
        log_problems(links)
        message = "symbolic link(s), or path(s) through one, that may not be followed"
        raise PlanStopped(f"{len(links)} {message}; copy the files in and build again", links)
    plugin = config.plugins.get("oshub")
    options = options_from(
        plugin.config if plugin else None, strict=bool(config.strict), **switches
    )
    online_directory_urls = bool(config.use_directory_urls)
    if options.offline:
        offline_pages.configure(config)
    theme = ThemeSetting(
        tuple(config.theme.dirs),
        str(config.theme.get("language") or "en"),
        bool(config.use_directory_urls),
        online_directory_urls,
        tuple(config.markdown_extensions),
        dict(config.mdx_configs),
        str(config.theme.custom_dir or ""),
    )
    try:
        project = None
        if options.enabled:
            where = str(config.config_file_path)
            project = project_for(where, config.site_url, theme.directory_urls, options.serving)
    except ProjectError as exc:
        raise PlanStopped(str(exc), []) from exc
    trusted = trusted_scripts(config.theme.dirs)
    return make_plan(project, options, theme, trusted, cache=cache, preview=preview)


def root_of(config: MkDocsConfig) -> Path:
    """The project's root: the folder of MkDocs' configuration file."""
    return Path(os.path.abspath(config.config_file_path or config.docs_dir)).parent


def apply_plan(config: MkDocsConfig, plan: BuildPlan) -> None:
    """The theme's parts the plan words (footer, a deployed version's selector and
    banner, copyright), the SDG stylesheet, the offline copy's settings, and navigation
    without the pages this build does not make."""
    if plan.options.offline:
        offline_pages.configure(config)
    if plan.site is not None:
        config.extra["oshub_footer"] = plan.parts.footer
        config.extra["oshub_outdated"] = plan.parts.outdated
        config.copyright = config.copyright or plan.parts.copyright
        deployed = not plan.options.offline and plan.options.version
        if deployed and not config.extra.get("version"):
            config.extra["version"] = {"provider": "mike", "alias": True}
        if routes.SDG_STYLESHEET not in config.extra_css:
            config.extra_css.append(routes.SDG_STYLESHEET)
    if plan.partial:
        produced = {g.path for g in plan.generated if plan.wanted(g)}
        docs = Path(config.docs_dir)

        def missing(path: str) -> bool:
            off = path.startswith(GENERATED_SOURCES) and path not in produced
            return path in plan.absent or (off and not (docs / path).is_file())

        config.nav = prune_nav(config.nav, missing)
