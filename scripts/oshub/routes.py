"""Every URL and output path of the site, in one place.

A page is known by its path in the docs tree (``hubs/lemnos.md``, the ``src_uri``
MkDocs gives it); a file by its path in the built site (``data/hubs.csv``). From
those, ``Routes`` makes the page's URL (``hubs/lemnos/``, or ``hubs/lemnos.html``
without directory URLs), a link from any other page (always relative, so the site
works under any base path: a version folder, a language folder), and an absolute
address (``site_url``, then the version and language folders). No other module and
no template spells a URL pattern; a test looks for strays.

Light: validation uses it (to check a guide's links before anything is built)
without the site stack.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

DIRECTORY_FACETS = ("country", "sdg", "status", "language", "barrier")
"""What hubs can be filtered by in the directory (each value has a page)."""

RESERVED_HUB_SLUGS = frozenset({*DIRECTORY_FACETS, "page", "map"})
"""Hub slugs that would collide with the directory's own pages."""

HUBS = "hubs"
MISSIONS = "missions"
SDGS = "sdgs"
GUIDES = "guides/"
"""The guides' folder in the docs tree (``blueprint/guides/``)."""

DATA = "data"
ASSETS = "assets"
"""The folder of the site's own scripts, styles and drawings (also in the docs folder)."""
SDG_STYLESHEET = f"{ASSETS}/stylesheets/oshub-sdgs.css"
DIRECTORY_SCRIPT = f"{ASSETS}/javascripts/hub-directory.js"
SELF_ASSESSMENT_SCRIPT = f"{ASSETS}/javascripts/self-assessment.js"
SCHEMAS_FOLDER = "schemas"
DOWNLOADS = "downloads"
"""The folder of the printable PDFs."""
OFFLINE_WORKER_SCRIPT = f"{ASSETS}/javascripts/offline-worker.js"
"""The offline copy's stand-in for the Web Worker of the theme's search (``file://``)."""
OFFLINE_STYLESHEET = f"{ASSETS}/stylesheets/oshub-offline.css"
"""The offline copy's own styles."""
SEARCH_INDEX = "search/search_index.json"
"""The theme's search index."""
SEARCH_INDEX_SCRIPT = "search/search_index.js"
"""The same index as a script: what the theme loads when the site is opened from disk."""
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")
"""MkDocs' sitemaps (for search engines)."""
NOT_FOUND_PAGE = "404.html"
"""The page a web server answers for a missing address (with addresses from the host's root)."""
OFFLINE_LEFT_OUT = (*SITEMAPS, NOT_FOUND_PAGE)
"""What the offline copy leaves out: there is no server or search engine on a disk."""


_SCHEMA_ID = re.compile(rf"^.+/{SCHEMAS_FOLDER}/v(?P<major>[0-9]+)/[a-z-]+\.schema\.json$")
_SCHEMA_FILE = re.compile(rf"^{SCHEMAS_FOLDER}/v[0-9]+/[a-z0-9-]+\.schema\.json$")

INDEX_FILE = "index.html"
"""What a static host serves for an address ending in ``/``."""

VERSIONS_FILE = "versions.json"
"""mike's list of deployed versions, at the root of the published branch."""
SITEMAP = "sitemap.xml"
SITEMAP_GZ = "sitemap.xml.gz"
CONSTRAINTS_FILE = "constraints.txt"
"""The exact Python packages that built a release, at the root of its version folder."""


def served_files(path: str) -> list[str]:
    """The files a static host may serve for the site path ``path`` (relative to the
    site's root), in the order it tries them: ``x/`` is ``x/index.html``, ``x`` is the
    file ``x`` or the folder's ``x/index.html``."""
    if path in ("", ".", "./"):
        return [INDEX_FILE]
    if path.endswith("/"):
        return [path + INDEX_FILE]
    return [path, f"{path}/{INDEX_FILE}"]


def file_url(path: str, directory_urls: bool = True) -> str:
    """The URL path (from a build's root) at which the built file ``path`` is served:
    ``hubs/lemnos/index.html`` is ``hubs/lemnos/`` with directory URLs, the root's
    ``index.html`` is the empty path; other files keep their path."""
    if directory_urls and (path == INDEX_FILE or path.endswith(f"/{INDEX_FILE}")):
        return path.removesuffix(INDEX_FILE)
    return path


def in_version(version: str, path: str = "") -> str:
    """The path (from the published branch's root) of ``path`` in a version's folder."""
    return f"{version}/{path}"


@lru_cache(maxsize=65536)
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


def relative(target: str, here: str) -> str:
    """A relative link from the page at URL ``here`` to the URL ``target`` (both from the
    site root). Always up to the root and down again (``../../missions/x/``): as valid
    as the shortest path, and cheap enough for tens of thousands of links."""
    return "../" * here.count("/") + target if target or here.count("/") else "./"


@dataclass(frozen=True)
class Routes:
    """The site's addresses, for one build (one version, one language)."""

    site_url: str = "https://example.org/"
    """The root the site is published at, ending in ``/`` (``site_url`` in mkdocs.yml)."""
    directory_urls: bool = True
    """MkDocs' ``use_directory_urls``."""
    version: str | None = None
    """The version folder the build is deployed to (mike), or None."""
    language: str | None = None
    """The language folder of this build, or None for the default language at the root."""
    online_directory_urls: bool | None = None
    """The online site's ``use_directory_urls`` when this build's differs (the offline
    copy has page files): absolute addresses (open data, JSON-LD, citations) are the
    online site's either way."""

    # The fixed pages (by their path in the docs tree) and files (by their path in the
    # site): spelt ``Routes.NAME`` in Python and ``routes.NAME`` in templates, which get
    # an instance.
    HOME: ClassVar[str] = "index.md"
    JOIN: ClassVar[str] = "join/index.md"
    ABOUT: ClassVar[str] = "about/index.md"
    CORRECTIONS: ClassVar[str] = f"{ABOUT}#corrections-and-removal"
    """The about page's section on asking for a correction or removal of data."""
    HUBS_INDEX: ClassVar[str] = "hubs/index.md"
    MISSIONS_INDEX: ClassVar[str] = "missions/index.md"
    SDGS_INDEX: ClassVar[str] = "sdgs/index.md"
    BOARD: ClassVar[str] = "about/board.md"
    DATA_INDEX: ClassVar[str] = "data/index.md"
    SCHEMAS_INDEX: ClassVar[str] = "schemas/index.md"
    TEMPLATES: ClassVar[str] = "guides/templates.md"
    SELF_ASSESSMENT: ClassVar[str] = "guides/self-assessment.md"
    GLOSSARY: ClassVar[str] = "guides/glossary.md"
    FIELDWORK_SAFETY: ClassVar[str] = "guides/physical-setup/fieldwork-safety.md"
    """The guide page on fieldwork safety, which every mission page links to."""
    DOWNLOADS_INDEX: ClassVar[str] = "downloads/index.md"
    """The page listing the printable PDFs (the PDFs themselves: ``blueprint_pdf``)."""
    HUBS_JSON: ClassVar[str] = "data/hubs.json"
    MISSIONS_JSON: ClassVar[str] = "data/missions.json"
    HUBS_CSV: ClassVar[str] = "data/hubs.csv"
    HUBS_GEOJSON: ClassVar[str] = "data/hubs.geojson"
    HUBS_INDEX_JSON: ClassVar[str] = "data/hubs-index.json"
    CANVAS_ODT: ClassVar[str] = "guides/templates/social-business-canvas.odt"
    CANVAS_CSV: ClassVar[str] = "guides/templates/social-business-canvas.csv"
    BUDGET_ODS: ClassVar[str] = "guides/templates/hub-budget.ods"
    BUDGET_CSV: ClassVar[str] = "guides/templates/hub-budget.csv"
    MAP_OUTLINE: ClassVar[str] = f"{ASSETS}/maps/europe.svg"
    SITE_ROOT: ClassVar[str] = ""
    """The site's root folder (a link to it from any page: ``./``, ``../``, ...)."""

    # --- generated pages, by their path in the docs tree ---------------------------

    @staticmethod
    def hub(slug: str) -> str:
        """A hub's page."""
        return f"{HUBS}/{slug}.md"

    @staticmethod
    def mission(slug: str) -> str:
        """A mission's page."""
        return f"{MISSIONS}/{slug}.md"

    @staticmethod
    def sdg(number: int) -> str:
        """A goal's page (1 to 17, no zero padding)."""
        return f"{SDGS}/{number}.md"

    @staticmethod
    def directory(facet: str | None = None, value: str | None = None, page: int = 1) -> str:
        """A page of the hub directory, or of one filter value (``country``, ``gr``)."""
        base = f"{HUBS}/{facet}/{value}" if facet else HUBS
        if page > 1:
            return f"{base}/page/{page}.md"
        return f"{base}.md" if facet else Routes.HUBS_INDEX

    @staticmethod
    def guide(path: str) -> str:
        """A guide page from its path under the guides' folder (``equity/index.md``)."""
        return GUIDES + path

    @staticmethod
    def schema_file(name: str, major: int = 1) -> str:
        """Where a schema is published (the path of its ``$id``)."""
        return f"{SCHEMAS_FOLDER}/v{major}/{name}"

    @staticmethod
    def schema_major(schema_id: str) -> int | None:
        """The major version a schema's ``$id`` names (``.../schemas/v2/x.schema.json``
        is 2), or None when the ``$id`` is not a published schema's address."""
        match = _SCHEMA_ID.match(schema_id)
        return int(match["major"]) if match else None

    @staticmethod
    def is_schema_file(path: str) -> bool:
        """True for the site path of a published schema (``schemas/v1/hub.schema.json``)."""
        return _SCHEMA_FILE.match(path) is not None

    @staticmethod
    def blueprint_pdf(version: str, area: str | None = None) -> str:
        """The site path of the whole Blueprint's PDF, or of one area's."""
        suffix = f"-{area}" if area else ""
        return f"{DOWNLOADS}/oshub-blueprint-{version}{suffix}.pdf"

    @staticmethod
    def offline_zip(version: str) -> str:
        """The site path of the offline copy (the whole site in a zip, for reading from disk)."""
        return f"{DOWNLOADS}/{offline_zip_name(version)}"

    @staticmethod
    def tool_pdf(tool: str, version: str) -> str:
        """The site path of a printable tool's PDF (``tool``: its id in data/tools.yaml)."""
        return f"{DOWNLOADS}/tools/{tool}-{version}.pdf"

    @staticmethod
    def alias(page: str, old_slug: str) -> str:
        """The docs path of a hub's or mission's page under an old slug (a redirect)."""
        return f"{page.rpartition('/')[0]}/{old_slug}.md"

    def redirect_file(self, page: str) -> str:
        """The file that redirects an old address to ``page`` (a docs path of the old page)."""
        url = self.url(page)
        return url + INDEX_FILE if url.endswith("/") or not url else url

    # --- addresses -----------------------------------------------------------------

    def url(self, path: str) -> str:
        """The URL (from the site root) of a docs page (``.md``) or a site file."""
        return page_url(path, self.directory_urls) if path.endswith(".md") else path

    def link(self, target: str, here: str) -> str:
        """A relative link from the page ``here`` to ``target`` (docs paths or files),
        with an optional ``#anchor`` on ``target``."""
        path, _, anchor = target.partition("#")
        link = relative(self.url(path), self.url(here))
        return f"{link}#{anchor}" if anchor else link

    def absolute(self, path: str) -> str:
        """The full address of a page or file of this build, online."""
        prefix = "".join(f"{part}/" for part in (self.version, self.language) if part)
        return f"{self.site_url}{prefix}{self.online_url(path)}"

    def root_absolute(self, path: str) -> str:
        """The full address of a file that lives at the root whatever the version and
        language (open data, schemas)."""
        return f"{self.site_url}{self.online_url(path)}"

    def online_url(self, path: str) -> str:
        """The URL (from the site root) of a docs page or a site file as the site online
        has it: the same as ``url`` except in a build of the offline copy."""
        if self.online_directory_urls is None or not path.endswith(".md"):
            return self.url(path)
        return page_url(path, self.online_directory_urls)

    def schema_path(self, schema_id: str) -> str | None:
        """The site path a schema ``$id`` names, or None when it lies outside the site."""
        return schema_id[len(self.site_url) :] if schema_id.startswith(self.site_url) else None


INDEX_PAGES = (
    Routes.HUBS_INDEX,
    Routes.MISSIONS_INDEX,
    Routes.SDGS_INDEX,
    Routes.BOARD,
    Routes.DATA_INDEX,
    Routes.SCHEMAS_INDEX,
    Routes.TEMPLATES,
    Routes.SELF_ASSESSMENT,
    Routes.GLOSSARY,
    Routes.DOWNLOADS_INDEX,
)
"""Generated pages that do not depend on which hubs and missions exist."""

OPEN_DATA_FILES = (
    Routes.HUBS_JSON,
    Routes.MISSIONS_JSON,
    Routes.HUBS_CSV,
    Routes.HUBS_GEOJSON,
    Routes.HUBS_INDEX_JSON,
)
"""Open data files (and the directory's compact index)."""

TEMPLATE_FILES = (Routes.CANVAS_ODT, Routes.CANVAS_CSV, Routes.BUDGET_ODS, Routes.BUDGET_CSV)
"""The Blueprint's templates, written from ``data/templates.yaml``."""


def offline_zip_name(version: str) -> str:
    """The file name of the offline copy of a version."""
    return f"oshub-blueprint-{version}-offline.zip"


def offline_folder_name(version: str) -> str:
    """The one folder inside the offline copy's zip (what unzipping it creates)."""
    return f"oshub-blueprint-{version}"


def known_paths(
    hub_slugs: Iterable[str], mission_slugs: Iterable[str], schema_files: Iterable[str]
) -> set[str]:
    """Docs-relative paths of generated pages (``x.md``) and files known from the sources."""
    paths = {*INDEX_PAGES, *OPEN_DATA_FILES, *TEMPLATE_FILES}
    paths.update(Routes.hub(slug) for slug in hub_slugs)
    paths.update(Routes.mission(slug) for slug in mission_slugs)
    paths.update(Routes.sdg(n) for n in range(1, 18))
    paths.update(Routes.schema_file(name) for name in schema_files)
    return paths


def left_to_the_build(path: str) -> bool:
    """True for paths only the build can know: directory filter and pagination pages."""
    parts = path.split("/")
    return len(parts) > 2 and parts[0] == HUBS and parts[1] in (*DIRECTORY_FACETS, "page")


def site_paths(docs_paths: Iterable[str], directory_urls: bool = True) -> set[str]:
    """What the built site holds for these docs-relative paths: pages at their URL
    (``hubs/lemnos/``), other files at their own path."""
    return {page_url(p, directory_urls) if p.endswith(".md") else p for p in docs_paths}


MIKE_VERSION = "MIKE_DOCS_VERSION"
"""The environment variable mike sets to the version it is deploying."""
