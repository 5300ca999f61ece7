"""What one pass publishes, and the links to what it does not: a generated output
switched off, a guide page left out."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from oshub import routes
from oshub.routes import Routes, page_url

GENERATED_SOURCES = (
    f"{routes.HUBS}/",
    f"{routes.MISSIONS}/",
    f"{routes.SDGS}/",
    f"{routes.DATA}/",
    f"{routes.SCHEMAS_FOLDER}/",
    f"{routes.DOWNLOADS}/",
    *routes.INDEX_PAGES,
)
"""Docs paths of generated pages: a ``.md`` link there is unlinked when they are off."""
WATCHED = ("hubs", "missions", "data", "schemas", "overrides")


def generated_areas(directory_urls: bool) -> tuple[str, ...]:
    """Where generated outputs live: a link there is unlinked when its output is off."""
    pages = (Routes.BOARD, Routes.TEMPLATES, Routes.SELF_ASSESSMENT, Routes.GLOSSARY)
    folders = (
        *(routes.HUBS, routes.MISSIONS, routes.SDGS, routes.DATA, routes.SCHEMAS_FOLDER),
        routes.DOWNLOADS,
    )
    return (
        *(f"{folder}/" for folder in folders),
        *(page_url(p, directory_urls) for p in pages),
        posixpath.dirname(Routes.CANVAS_ODT) + "/",
    )


@dataclass(frozen=True)
class PublishedFiles:
    """The files of one pass, once MkDocs has listed them: what links may point at."""

    directory_urls: bool = True
    absent: frozenset[str] = frozenset()
    """Docs paths of guide pages left out."""
    docs: frozenset[str] = frozenset()
    """Docs paths of every page and file the build has."""
    present: frozenset[str] = frozenset()
    """Site paths of every page and file (pages at their address)."""
    areas: tuple[str, ...] = ()
    """Where generated outputs live (``generated_areas``)."""
    absent_urls: frozenset[str] = frozenset()
    """The addresses of the guide pages left out."""

    @classmethod
    def of(
        cls, urls: bool, absent: frozenset[str], docs: Iterable[str], pages: Iterable[str]
    ) -> PublishedFiles:
        """The files of a pass with directory ``urls`` or not, guides left out
        (``absent``): ``docs`` every docs path, ``pages`` those of pages."""
        page_paths, all_docs = set(pages), frozenset(docs)
        present = frozenset(page_url(p, urls) if p in page_paths else p for p in all_docs)
        absent_urls = frozenset(page_url(p, urls) for p in absent)
        return cls(urls, absent, all_docs, present, generated_areas(urls), absent_urls)

    def off_file(self, source: str, path: str) -> bool:
        """True when the page file ``path`` (a link written on ``source``) is one this
        build does not have: a generated page switched off, or a guide left out."""
        docs = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        if docs in self.absent:
            return True
        return docs.startswith(GENERATED_SOURCES) and docs not in self.docs

    def off_link(self, source: str) -> Callable[[str], bool]:
        """Whether a link on the page ``source`` leads to an output this build does not
        write. A link MkDocs could not turn into an address is read from the page's
        source file (``../../hubs/index.md``), else from its address (``../hubs/``)."""
        here = page_url(source, self.directory_urls)
        folder = here if here.endswith("/") else posixpath.dirname(here) + "/"

        def off(href: str) -> bool:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                return False
            path = unquote(parts.path)
            if path.endswith(".md"):
                return self.off_file(source, path)
            target = posixpath.normpath(posixpath.join(folder, path))
            target += "/" if path.endswith("/") else ""
            return (target.startswith(self.areas) and target not in self.present) or (
                target in self.absent_urls
            )

        return off
