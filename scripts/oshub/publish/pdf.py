"""``oshub pdf``: validate the content, then print the books of what is valid.

The build plan validates and makes the model and the renderer (without generating
pages: ``outputs=False``); ``outputs.pdf.books`` prints the books from them, as the
site's build does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config import load_config

from oshub.core.project import DOCS_DIR, Project, ProjectError
from oshub.mkdocs.setup import plan_for
from oshub.outputs.pdf.books import Printer, write_books
from oshub.outputs.pdf.engine import load_weasyprint
from oshub.plan.plan import PlanStopped
from oshub.validate.run import ValidationResult


@dataclass
class PdfOutcome:
    """What ``oshub pdf`` did."""

    validation: ValidationResult
    written: list[tuple[Path, int, float | None]] = field(default_factory=list)
    """(file, pages, seconds) of each PDF written (seconds: None from the cache)."""


def make_pdfs(
    project: Project, areas: Sequence[str] | None, out: Path, *, jobs: int = 0
) -> PdfOutcome:
    """Write the whole Blueprint's PDF and one an area (or only ``areas``) into ``out``,
    printing in up to ``jobs`` processes (0: one a core).

    Returns the validation (nothing is written when it has errors); raises PdfError
    for a book that cannot be made (then no PDF is written), ProjectError for usage
    and environment problems.
    """
    load_weasyprint()  # a missing system library is said before any content is read
    config = load_config(str(project.config_file))
    try:
        plan = plan_for(config, outputs=False)
    except PlanStopped as exc:
        if exc.validation is None:
            raise ProjectError(str(exc)) from exc
        return PdfOutcome(exc.validation)
    assert plan.site is not None and plan.renderer is not None and plan.validation is not None
    outcome = PdfOutcome(plan.validation)
    if plan.validation.errors:
        return outcome
    printer = Printer(
        plan.site,
        plan.renderer,
        project.root / DOCS_DIR,
        plan.theme.markdown_extensions,
        plan.theme.markdown_configs,
        strict=True,
        jobs=jobs,
    )
    outcome.written = write_books(printer, areas, out)
    return outcome
