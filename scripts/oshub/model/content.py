"""The project's content as a model: validated once; files that do not fit their schema
are left out."""

from __future__ import annotations

from dataclasses import dataclass, field

from oshub.core.project import DOCS_DIR, Project
from oshub.model.entities import MadeItems, Site, site_from
from oshub.schema.registry import SchemaSet, load_schemas
from oshub.validate.run import ValidationCache, ValidationResult, validate_once


@dataclass
class ContentCache:
    """What loading the content found, for the runs that share this object (a command's
    validation and its build, the live preview's rebuilds): made by the caller and
    passed in, never kept by a module."""

    validation: ValidationCache = field(default_factory=ValidationCache)
    """Files, documents, schemas and whole results already checked."""
    items: MadeItems = field(default_factory=MadeItems)
    """Hubs and missions already made from the loaded documents."""


def load_site(
    project: Project, schemas: SchemaSet | None = None, cache: ContentCache | None = None
) -> tuple[ValidationResult, Site]:
    """What validation found, and the Site built from every file whose data fits its
    schema (with validation on, a build with errors stops before it is used). With a
    ``cache``, what it holds is reused and what is found kept in it."""
    cache = cache or ContentCache()
    schemas = schemas or load_schemas(project, cache.validation.schemas)
    result = validate_once(project, cache.validation, schemas=schemas)
    site = site_from(
        result.loaded,
        result.unusable,
        docs_dir=DOCS_DIR,
        guide_areas=schemas.guide_areas,
        reuse=cache.items,
    )
    return result, site
