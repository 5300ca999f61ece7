"""``oshub pdf``: validate the content, then print the books of what is valid.

Loading and validating is this layer's job; ``outputs.pdf.books`` only prints books
from a Site it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config import load_config

from oshub.core.project import Project
from oshub.model.content import load_site
from oshub.outputs.pdf.books import printer_for, write_books
from oshub.outputs.pdf.engine import load_weasyprint
from oshub.render.renderer import Renderer
from oshub.routes import Routes
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
    result, site = load_site(project)
    outcome = PdfOutcome(result)
    if result.errors:
        return outcome
    config = load_config(str(project.config_file))
    renderer = Renderer(
        site,
        Routes(site_url=project.site_url, directory_urls=project.directory_urls),
        template_dirs=[d for d in config.theme.dirs if Path(d).is_relative_to(project.root)],
    )
    printer = printer_for(project, site, renderer, config, jobs=jobs)
    outcome.written = write_books(printer, areas, out)
    return outcome
