"""Where generated pages and files live in the docs tree, as far as the sources tell.

Validation uses this to check a guide's internal links before anything is built:
a link to ``../../hubs/lemnos/`` is fine when ``hubs/lemnos.yaml`` exists. Links to
filter and pagination pages of the directory depend on the data as a whole and are
checked by the build. Light: no site stack.
"""

from __future__ import annotations

from collections.abc import Iterable

DIRECTORY_FACETS = ("country", "sdg", "status", "language", "barrier")
"""Filters of the hub directory, each with a page per value: ``hubs/<facet>/<value>/``."""

RESERVED_HUB_SLUGS = frozenset({*DIRECTORY_FACETS, "page", "map"})
"""Hub slugs that would collide with directory URLs."""

INDEX_PAGES = (
    "hubs/index.md",
    "missions/index.md",
    "sdgs/index.md",
    "about/board.md",
    "data/index.md",
    "schemas/index.md",
    "guides/templates.md",
    "guides/self-assessment.md",
    "guides/glossary.md",
)
"""Generated pages that do not depend on which hubs and missions exist."""

DATA_FILES = (
    "data/hubs.json",
    "data/missions.json",
    "data/hubs.csv",
    "data/hubs.geojson",
    "data/hubs-index.json",
)
"""Open data files (and the directory's compact index)."""

TEMPLATE_FILES = (
    "guides/templates/social-business-canvas.odt",
    "guides/templates/social-business-canvas.csv",
    "guides/templates/hub-budget.ods",
    "guides/templates/hub-budget.csv",
)
"""The Blueprint's templates, written from ``data/templates.yaml``."""


def known_paths(
    hub_slugs: Iterable[str], mission_slugs: Iterable[str], schema_files: Iterable[str]
) -> set[str]:
    """Docs-relative paths of generated pages (``x.md``) and files known from the sources."""
    paths = {*INDEX_PAGES, *DATA_FILES, *TEMPLATE_FILES}
    paths.update(f"hubs/{slug}.md" for slug in hub_slugs)
    paths.update(f"missions/{slug}.md" for slug in mission_slugs)
    paths.update(f"sdgs/{n}.md" for n in range(1, 18))
    paths.update(f"schemas/v1/{name}" for name in schema_files)
    return paths


def left_to_the_build(path: str) -> bool:
    """True for paths only the build can know: directory filter and pagination pages."""
    parts = path.split("/")
    return len(parts) > 2 and parts[0] == "hubs" and parts[1] in (*DIRECTORY_FACETS, "page")


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL path (from the site root) of the page built from the docs file ``src``.

    ``guides/equity/barriers.md`` is ``guides/equity/barriers/`` with directory URLs
    (MkDocs' default) and ``guides/equity/barriers.html`` without; an ``index.md`` is
    its folder either way.
    """
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        folder = stem.removesuffix("index")
        return folder if directory_urls else folder + "index.html"
    return stem + "/" if directory_urls else stem + ".html"


def site_paths(docs_paths: Iterable[str], directory_urls: bool = True) -> set[str]:
    """What the built site holds for these docs-relative paths: pages at their URL
    (``hubs/lemnos/``), other files at their own path."""
    return {page_url(p, directory_urls) if p.endswith(".md") else p for p in docs_paths}
