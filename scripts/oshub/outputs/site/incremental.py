"""What the live preview keeps between builds, so that a rebuild after one saved file
does only the work that file asks for.

Three things are kept, each sound on its own:

- ``Reuse`` (in ``pages``): generated pages by the data they were made from; a page
  made from the same data in the same setting is not rendered again.
- the generated files on disk as of the last whole build: a rebuild rewrites only
  those whose content changed (MkDocs' *dirty* build, with ``KeptFile`` telling it
  which are unchanged) and removes the outputs of pages that are gone.
- ``LinkIndex`` (in ``links``) and the search index of the last build: only the pages
  written again are read for links, and only their search entries are replaced.

A rebuild stays small only when nothing beside hub, mission and page files changed
and no page's place or title in the navigation moved; otherwise (``FullBuildNeeded``)
the preview builds everything, as ``mkdocs build`` would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File

from oshub.outputs.links import LinkIndex
from oshub.outputs.site.pages import GeneratedFile, Reuse


class FullBuildNeeded(Exception):
    """A rebuild meant to be small would leave other pages out of date (the navigation
    changed, or the last build did not finish): build everything instead."""


class KeptFile(File):
    """A generated file that the site folder already holds exactly as it is now."""

    def is_modified(self) -> bool:
        """Never: MkDocs' dirty build leaves it as it is."""
        return False


def template_stamp(folders: Iterable[str | Path]) -> tuple[tuple[str, int, int], ...]:
    """Path, size and time of every template in ``folders`` (the project's overrides and
    the package's templates; the theme's own do not change while the preview runs):
    part of the setting pages are reused in."""
    found = []
    for folder in folders:
        root = Path(folder)
        if folder and root.is_dir():
            for path in sorted(root.rglob("*.html")):
                if path.is_file():
                    info = path.stat()
                    found.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(found)


def page_of(location: str) -> str:
    """The page a search entry belongs to (``guides/x/#part`` -> ``guides/x/``)."""
    return location.partition("#")[0]


@dataclass
class Incremental:
    """The live preview's memory of its last build (see the module's description)."""

    reuse: Reuse = field(default_factory=Reuse)
    links: LinkIndex = field(default_factory=LinkIndex)
    small: bool = False
    """Set by the preview before a build: rewrite only what changed."""
    complete: bool = False
    """True when the site folder holds the whole of the last build."""
    written: dict[str, GeneratedFile] = field(default_factory=dict)
    """Generated files on disk (docs path -> what was written)."""
    dests: dict[str, str] = field(default_factory=dict)
    """Generated files on disk: docs path -> path in the site folder."""
    search_docs: list[dict[str, Any]] = field(default_factory=list)
    """The search index's entries of the last whole build."""
    navigation: tuple[object, ...] | None = None
    """What the navigation showed of the guides (paths, titles, order) last time."""
    rendered: set[str] = field(default_factory=set)
    """Addresses of the pages rendered by the current build."""

    def begin(self, navigation: tuple[object, ...]) -> None:
        """Start a build; a small one must not move the navigation."""
        self.rendered = set()
        if self.small and (not self.complete or navigation != self.navigation):
            raise FullBuildNeeded
        self.navigation = navigation

    def unchanged(self, item: GeneratedFile) -> bool:
        """True when a small build can leave ``item``'s output as the last build wrote it."""
        before = self.written.get(item.path)
        if not self.small or before is None:
            return False
        return before is item or before == item

    def stale(self, current: Iterable[str]) -> list[str]:
        """Site paths of generated outputs the last build wrote that this one does not."""
        if not self.small:
            return []
        present = set(current)
        return [dest for path, dest in self.dests.items() if path not in present]

    def merged_search(
        self, written: Sequence[dict[str, Any]], pages: set[str]
    ) -> list[dict[str, Any]]:
        """The search entries of a small build (only its rendered pages) together with the
        last build's entries of every other page that still exists."""
        if not self.small:
            return list(written)
        kept = [
            doc
            for doc in self.search_docs
            if page_of(doc["location"]) not in self.rendered and page_of(doc["location"]) in pages
        ]
        return kept + list(written)

    def finish(
        self, written: dict[str, GeneratedFile], dests: dict[str, str], search: list[dict[str, Any]]
    ) -> None:
        """The build is whole: remember what it wrote."""
        self.written = written
        self.dests = dests
        self.search_docs = search
        self.complete = True
