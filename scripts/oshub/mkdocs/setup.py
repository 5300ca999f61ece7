"""From MkDocs' configuration to a build plan, and the plan's parts back into it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from oshub import routes
from oshub.outputs.site import offline_pages
from oshub.plan.making import make_plan, refuse_links
from oshub.plan.options import ThemeSetting, options_from, prune_nav
from oshub.plan.plan import BuildPlan


def plan_for(
    config: MkDocsConfig, *, cache: Any = None, preview: Any = None, **switches: Any
) -> BuildPlan:
    """The plan of a build with ``config``: the plugin's options in ``mkdocs.yml``, then
    ``switches`` (``PlanOptions`` fields) as the command sets them; ``cache`` and
    ``preview`` as ``make_plan`` takes them. Raises ``PlanStopped`` before anything is
    read when a content folder holds a link that may not be followed, and for what
    stops ``make_plan``."""
    refuse_links(root_of(config))
    own = getattr(config.plugins.get("oshub"), "config", None)  # the plugin's own options
    options = options_from(own, strict=bool(config.strict), **switches)
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
    where = (str(config.config_file_path), config.site_url)
    return make_plan(where, options, theme, cache=cache, preview=preview)


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
        config.nav = prune_nav(config.nav, plan.missing_from_nav(Path(config.docs_dir)))
