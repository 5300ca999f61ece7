"""The project's content as a model: validated once; files that do not fit their schema
are left out."""

from __future__ import annotations

from oshub.core.project import DOCS_DIR, Project
from oshub.model.entities import Site, site_from
from oshub.schema.registry import SchemaSet, load_schemas
from oshub.validate.run import ValidationResult, validate_once


def load_site(project: Project, schemas: SchemaSet | None = None) -> tuple[ValidationResult, Site]:
    """What validation found, and the Site built from every file whose data fits its
    schema (with validation on, a build with errors stops before it is used)."""
    schemas = schemas or load_schemas(project)
    result = validate_once(project, schemas=schemas)
    site = site_from(
        result.loaded, result.unusable, docs_dir=DOCS_DIR, guide_areas=schemas.guide_areas
    )
    return result, site
