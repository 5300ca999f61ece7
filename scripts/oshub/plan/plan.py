"""The build plan: validated content, the model, the addresses, every generated page
and file, the printed books; made once (``making``), rendered once or more."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oshub.core.problems import Problem
from oshub.core.project import Project
from oshub.model.content import ContentCache
from oshub.model.entities import Site
from oshub.outputs.safety.pageguard import TrustedScripts
from oshub.outputs.site.incremental import Incremental
from oshub.outputs.site.pages import GeneratedFile
from oshub.plan.published import GENERATED_SOURCES
from oshub.render.renderer import Renderer
from oshub.routes import Routes
from oshub.validate.run import ValidationResult

if TYPE_CHECKING:
    from oshub.plan.options import PlanOptions, ThemeSetting


class PlanStopped(Exception):
    """The plan cannot be made, or a pass over it failed: ``problems`` say why."""

    def __init__(
        self,
        message: str,
        problems: list[Problem],
        *,
        validation: ValidationResult | None = None,
    ) -> None:
        super().__init__(message)
        self.problems = problems
        self.validation = validation
        """What validation found, when the content's problems stopped the plan."""


@dataclass
class PassReport:
    """What one pass over a plan found that stops the build at its end."""

    build_problems: list[Problem] = field(default_factory=list)
    """Problems only the build can find: broken links, withheld pages."""
    withheld: list[str] = field(default_factory=list)
    """Pages and files the guard or the checks refused (the build fails after the rest)."""


@dataclass
class ThemeParts:
    """What the theme shows that the renderer words: the footer's versions line, the
    banner of an older version, the copyright, the offline copy's version label."""

    footer: str = ""
    outdated: str = ""
    copyright: str = ""
    version_label: str = ""


@dataclass
class BuildPlan:
    """What one command builds, made before MkDocs runs. Nothing in it changes while it is
    rendered: each pass keeps what it finds in its own ``Rendering``."""

    options: PlanOptions
    theme: ThemeSetting
    trusted: TrustedScripts
    project: Project | None = None
    cache: ContentCache = field(default_factory=ContentCache)
    """What loading the content found (the docs files' checks are not made again)."""
    validation: ValidationResult | None = None
    site: Site | None = None
    renderer: Renderer | None = None
    generated: tuple[GeneratedFile, ...] = ()
    """Every generated file, pages without their bodies (those are in ``bodies``)."""
    bodies: dict[str, str] = field(default_factory=dict)
    """Generated pages' bodies by docs path, ready-made HTML."""
    made: dict[str, GeneratedFile] = field(default_factory=dict)
    """The generated files as ``generate`` made them, by docs path (the preview compares
    them with what it wrote last time)."""
    sources: dict[str, str] = field(default_factory=dict)
    """The content file each generated file comes from, by docs path (edit links)."""
    search_text: dict[str, str] = field(default_factory=dict)
    """Generated pages' plain text for the search index, by docs path."""
    extras: dict[str, GeneratedFile] = field(default_factory=dict)
    """Generated pages with JSON-LD for ``<head>`` or scripts of their own, by path."""
    tool_pdfs: dict[str, Any] = field(default_factory=dict)
    """The printed tools, by id (none when the plan does not print)."""
    absent: frozenset[str] = frozenset()
    """Docs paths of guide pages left out (validation off, front matter not valid)."""
    left_out: bool = False
    """True when validation is off and files that do not fit their schema were left out:
    links to what they would have made are dropped."""
    parts: ThemeParts = field(default_factory=ThemeParts)
    preview: Incremental | None = None
    """The live preview's memory of its last build (only while serving)."""
    passes: list[PassReport] = field(default_factory=list)
    """What every pass of MkDocs over this plan found, the last one last."""

    @property
    def partial(self) -> bool:
        """True when links to some output must be unlinked: a switch is off, or content
        was left out."""
        return self.options.partial or self.left_out

    @property
    def last(self) -> PassReport:
        """What the latest pass over this plan found (an empty report before any)."""
        return self.passes[-1] if self.passes else PassReport()

    def missing_from_nav(self, docs: Path) -> Callable[[str], bool]:
        """Whether a page ``mkdocs.yml``'s navigation names is one this build does not
        make: a generated page switched off (unless the docs folder has it), a guide
        left out."""
        produced = {g.path for g in self.generated if self.wanted(g)}

        def missing(path: str) -> bool:
            off = path.startswith(GENERATED_SOURCES) and path not in produced
            return path in self.absent or (off and not (docs / path).is_file())

        return missing

    def wanted(self, item: GeneratedFile) -> bool:
        """True when this build publishes the generated ``item`` (its switch is on)."""
        options = self.options
        if item.kind == "offline":
            return True
        if item.kind == "download":
            return options.printing
        if item.kind == "export":
            return options.exports
        if item.path == Routes.HUBS_INDEX_JSON:
            return options.pages  # the directory's filter reads it
        return item.kind == "file" or options.pages
