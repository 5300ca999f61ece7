"""What a plan is made with: the switches (from the plugin's options and the command),
and what it needs to know of the theme and of MkDocs' Markdown."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from oshub.core.project import Project, load_project, site_address
from oshub.routes import MIKE_VERSION


@dataclass(frozen=True)
class PlanOptions:
    """The switches of one build (``mkdocs.yml``'s plugin options, as a command sets them)."""

    enabled: bool = True
    validation: bool = True
    strict: bool = False
    pages: bool = True
    exports: bool = True
    printing: bool = True
    """Print the PDFs (the ``pdf`` option; the live preview only with ``--pdf``)."""
    pdf_jobs: int = 0
    offline: bool = False
    """The offline copy: pages that work opened from disk."""
    offline_zip: Path | None = None
    """A built offline copy to publish in ``downloads/``."""
    serving: bool = False
    """The live preview: pages go without the Content-Security-Policy (it would block the
    server's reload script)."""
    version: str | None = None
    """The version folder a release deploys to (mike), or None."""
    outputs: bool = True
    """False: the plan holds the content, the model and the renderer only, nothing
    generated or printed (``oshub pdf`` prints from them)."""

    @property
    def partial(self) -> bool:
        """True when some output is switched off: links to it are unlinked."""
        return not (self.enabled and self.pages and self.exports and self.printing)


@dataclass(frozen=True)
class ThemeSetting:
    """What a plan needs of MkDocs' configuration, as plain values."""

    template_dirs: Sequence[str]
    language: str = "en"
    directory_urls: bool = True
    """This build's form of address (the offline copy has none)."""
    online_directory_urls: bool = True
    """The site online's form of address (the offline copy's links to it)."""
    markdown_extensions: Sequence[Any] = ()
    markdown_configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    custom_dir: str = ""


def options_from(own: Mapping[str, Any] | None, *, strict: bool, **switches: Any) -> PlanOptions:
    """The plugin's options in ``mkdocs.yml`` (``own``; None without the plugin), then
    the command's ``switches`` (``PlanOptions`` fields); ``strict``: MkDocs' own setting.
    The live preview prints the PDFs only when asked (``printing``)."""
    if own is None or not own["enabled"]:
        switches.pop("printing", None)
        return replace(PlanOptions(enabled=False), **switches)
    serving = bool(switches.get("serving", False))
    options = PlanOptions(
        validation=own["validation"],
        strict=own["strict"] or strict,
        pages=own["pages"],
        exports=own["exports"],
        printing=own["pdf"] and not serving,
        pdf_jobs=own["pdf_jobs"],
        offline=own["offline"],
        offline_zip=Path(own["offline_zip"]) if own["offline_zip"] else None,
        version=os.environ.get(MIKE_VERSION) or None,  # as mike sets it
    )
    if "printing" in switches:
        switches["printing"] = switches["printing"] and own["pdf"]
    return replace(options, **switches)


def project_for(
    config_file: str, site_url: str | None, directory_urls: bool, serving: bool
) -> Project:
    """The project as MkDocs resolved its configuration (``-f``, ``!ENV``): the live
    preview's server has put its own address in ``site_url``, so there the file's own
    address stands (schemas' ``$id`` and absolute links keep the real one)."""
    project = load_project(config_file=Path(config_file))
    if serving:
        return project
    return replace(
        project,
        site_url=site_address(site_url, project.config_name),
        directory_urls=directory_urls,
    )


def prune_nav(nav: Any, missing: Callable[[str], bool]) -> Any:
    """``mkdocs.yml``'s navigation without the entries whose page is ``missing`` (MkDocs
    would warn about each before any plugin sees the navigation, failing strict builds)."""
    if not isinstance(nav, list):
        return nav
    kept = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
        if isinstance(value, str):
            if not missing(value):
                kept.append(item)
        elif isinstance(value, list):
            children = prune_nav(value, missing)
            if children:
                kept.append({next(iter(item)): children})
        else:
            kept.append(item)
    return kept
