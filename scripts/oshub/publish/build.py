"""``oshub build``: the site from validated content, swapped in atomically.

The site is built into a new folder beside the target; only when the build and
the link check succeed does it replace the old site, exchanged in one step where the
system can (``swap``). A failed build leaves the old site exactly as it was; a build
that is killed leaves a folder the next build removes.
"""

from __future__ import annotations

import logging
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from oshub.core.problems import PROBLEM, Problem
from oshub.core.project import Project
from oshub.mkdocs.setup import plan_for
from oshub.model.content import ContentCache
from oshub.plan.handoff import handing
from oshub.plan.plan import BuildPlan, PlanStopped
from oshub.publish.swap import Owner, swap_in, sweep
from oshub.validate.run import ValidationResult, validate_once


@dataclass
class BuildOutcome:
    """What a build did: validation, problems in the built site, pages written, how long."""

    validation: ValidationResult
    site_dir: Path
    site_problems: list[Problem] = field(default_factory=list)
    """Problems only the build finds: broken links (at the source line that wrote
    them) and pages withheld because they held markup that could run."""
    error: str | None = None
    pages: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the new site was swapped in."""
        return not self.validation.errors and not self.site_problems and self.error is None


def _say(message: str) -> None:
    print(f"oshub: {message}", file=sys.stderr, flush=True)


class _MkDocsLogFilter(logging.Filter):
    """Keep MkDocs' warnings and errors; drop its chatter (and problems we print ourselves)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING and not getattr(record, PROBLEM, False)


def quiet_mkdocs(*filters: logging.Filter) -> None:
    """MkDocs' warnings and errors on stderr, without its chatter; ``filters`` drop more."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(f, _MkDocsLogFilter) for h in logger.handlers for f in h.filters):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s: %(message)s"))
        handler.addFilter(_MkDocsLogFilter())
        logger.addHandler(handler)
        logger.propagate = False
    for extra in filters:
        for each in logger.handlers:
            each.addFilter(extra)
    logger.setLevel(logging.INFO)


def build_and_swap(
    project: Project,
    site_dir: Path | None = None,
    offline_zip: Path | None = None,
    cache: ContentCache | None = None,
    version: str | None = None,
) -> BuildOutcome:
    """Validate, build into a temporary folder (the plugin checks links and guards
    pages), then swap it in. The build plan reuses this validation: it runs once.
    ``offline_zip``: a built offline copy (``oshub offline``) to publish and list on the
    downloads page; ``cache``: what an earlier step of the same command validated;
    ``version``: the version folder a release deploys the site to."""
    started = time.perf_counter()
    _say("validating content")
    cache = cache or ContentCache()
    result = validate_once(project, cache.validation)
    target = (site_dir or _configured_site_dir(project)).resolve()
    outcome = BuildOutcome(result, target)
    try:
        owner = Owner(target)
    except OSError as exc:
        outcome.error = f"cannot write beside {target}: {exc}"
        return outcome
    with owner:
        sweep(target)  # what builds that were killed left beside the target
        if result.errors:
            return outcome
        return _build_into(project, owner, outcome, offline_zip, started, cache, version)


def _build_into(
    project: Project,
    owner: Owner,
    outcome: BuildOutcome,
    offline_zip: Path | None,
    started: float,
    cache: ContentCache,
    version: str | None,
) -> BuildOutcome:
    """Build into the owner's staging folder and swap it in when the build succeeds
    (the owner removes the staging folder however the build ends); the plugin reuses
    what ``cache`` holds."""
    staging = owner.staging
    shutil.rmtree(staging, ignore_errors=True)
    _say(f"building the site ({len(outcome.validation.loaded)} content files)")
    quiet_mkdocs()
    rendered = render_plan(
        project, {"site_dir": str(staging)}, cache, offline_zip=offline_zip, version=version
    )
    if not rendered.ok:
        outcome.site_problems, outcome.error = rendered.problems, rendered.error
        return outcome
    outcome.pages = sum(1 for _ in staging.rglob("*.html"))
    swap_in(staging, outcome.site_dir)
    outcome.seconds = time.perf_counter() - started
    return outcome


def _configured_site_dir(project: Project) -> Path:
    config = load_config(str(project.config_file))
    return Path(config.site_dir)


@dataclass
class Rendered:
    """A plan made and rendered with MkDocs: the plan (None when it could not be made),
    the problems in the built pages, the error that stopped the build."""

    plan: BuildPlan | None = None
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the site was written."""
        return not self.problems and self.error is None


def render_plan(
    project: Project, settings: dict[str, str], cache: ContentCache, **switches: Any
) -> Rendered:
    """Make the build plan of ``project`` with MkDocs' configuration (``settings``
    override ``mkdocs.yml``'s, such as ``site_dir``) and the command's ``switches``
    (``PlanOptions`` fields; None leaves ``mkdocs.yml``'s setting), and render it with
    MkDocs. ``ProjectError``s reach the caller."""
    chosen = {name: value for name, value in switches.items() if value is not None}
    if isinstance(chosen.get("offline_zip"), Path):
        chosen["offline_zip"] = chosen["offline_zip"].resolve()
    rendered = Rendered()
    try:
        config = load_config(str(project.config_file), **settings)
        rendered.plan = plan_for(config, cache=cache, **chosen)
        with handing(rendered.plan):
            mkdocs_build(config)
    except PlanStopped as exc:
        rendered.error = f"oshub: {exc}"
    except (MkDocsException, OSError) as exc:
        plan = rendered.plan
        rendered.problems = list(plan.last.build_problems) if plan is not None else []
        rendered.error = None if rendered.problems else str(exc)
    return rendered
