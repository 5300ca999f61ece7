"""Find broken internal links in a built site, and say which source file wrote them.

Every ``href`` and ``src`` of every page's content is resolved (character references
decoded first, as a browser does); the link is broken when no file is there, or when
its ``#anchor`` names no element on the target page. A broken link is then reported
at the line of the source file (guide page, hand-written page or content file) that
wrote it.
"""

from __future__ import annotations

import html
import os
import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from oshub.core.problems import Problem, error
from oshub.routes import served_files

_CONTENT_START = '<article class="md-content__inner'
_CONTENT = "article.md-content__inner"
_LINKED = ":is([href], [src])"
"""Elements with a link (``:is`` gives an element with both once, in document order)."""
_LINK_ATTRIBUTES = ("href", "src")


@dataclass(frozen=True)
class BrokenLink:
    """A link on ``page`` (relative to the site root) to ``target`` that leads nowhere."""

    page: str
    target: str
    """The link as the page holds it, character references decoded."""
    resolved: str
    """The target as a path from the site's root (with ``#anchor`` when that is missing)."""
    anchor_only: bool = False
    """True when the page exists but has no element with the anchor's id."""


def _parse(text: str) -> LexborHTMLParser:
    """A built page's tree, read as a browser reads it (character references decoded,
    comments and scripts' text not taken for elements)."""
    return LexborHTMLParser(text)


def _content_tree(text: str) -> LexborHTMLParser:
    """A page's tree from its content's start tag on, when it is a theme page.

    The theme's head, header and navigation come first and are most of a page's bytes
    (60 % on a site of 1,000 hubs): they hold no link to check, so they are not parsed.
    The tag is looked for as the theme writes it; the parser finds where the article
    ends (nested articles included). Text that only looks like the tag earlier on (in
    a script, a comment, an attribute) can only make more of the page read, never less.
    """
    return _parse(text[max(text.find(_CONTENT_START), 0) :])


def _links(tree: LexborHTMLParser) -> Iterator[str]:
    """The ``href`` and ``src`` values of the page's own content when it is a theme
    page: the theme's navigation and header are made by MkDocs from its checked nav,
    so only content links need a look. Other pages (redirects, 404) are checked whole."""
    content = tree.css_first(_CONTENT)
    for node in (content or tree).css(_LINKED):
        for name, value in node.attributes.items():
            if value is not None and name in _LINK_ATTRIBUTES:
                yield value


def _page_of(site: Path, path: str) -> str | None:
    """The HTML file a resolved link path stands for (relative to the site), or None."""
    return next((c for c in served_files(path) if (site / c).is_file()), None)


_Outbound = tuple[str, str, str]
"""A link to another page or file: as written, the target's path from the site's root
(``hubs/lemnos/``), and its ``#anchor`` (or "")."""


@dataclass(frozen=True)
class _Target:
    """Where one link of a page leads, its page left aside (the same for every use)."""

    path: str
    """From the site's root (``hubs/lemnos/``, "" for its home); when ``outside``,
    the path as resolved, for the message."""
    fragment: str
    """The ``#anchor`` as written (or "")."""
    same_page: bool = False
    outside: bool = False
    """True when the path leaves the site (or its base path)."""


def _target(raw: str, folder: str, base_path: str) -> _Target | None:
    """Where the link ``raw`` of a page in ``folder`` leads (None: another host)."""
    parts = urlsplit(raw)
    if parts.scheme or parts.netloc or raw.startswith("//"):
        return None
    if not parts.path:  # an anchor on the same page
        return _Target("", parts.fragment, same_page=True)
    path = unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(base_path) and path + "/" != base_path:
            return _Target(path, parts.fragment, outside=True)
        target = posixpath.normpath(path[len(base_path) :] or ".")
    else:
        target = posixpath.normpath(posixpath.join(folder, path))
    if target.startswith(".."):
        return _Target(target, parts.fragment, outside=True)
    key = "" if target == "." else target + ("/" if path.endswith("/") else "")
    return _Target(key, parts.fragment)


def _page_links(
    rel_page: str, text: str, base_path: str, whole: LexborHTMLParser | None = None
) -> tuple[list[BrokenLink], list[_Outbound]]:
    """The links of one page's content: those broken on the page itself (an anchor it
    lacks, a path outside the site) and those that lead to other pages or files.

    ``whole``: the page's whole tree when the caller has it; else only its content is
    parsed, and the whole page only when an anchor on it is not in the content."""
    broken: list[BrokenLink] = []
    outbound: list[_Outbound] = []
    tree = whole or _content_tree(text)
    folder = posixpath.dirname(rel_page)
    targets: dict[str, _Target | None] = {}  # a page repeats many of its links
    ids: set[str] | None = None
    every_id = whole is not None
    for raw in _links(tree):
        if raw not in targets:
            targets[raw] = _target(raw, folder, base_path)
        target = targets[raw]
        if target is None:
            continue
        if target.outside:
            broken.append(BrokenLink(rel_page, raw, target.path))
        elif not target.same_page:
            outbound.append((raw, target.path, target.fragment))
        elif anchor := unquote(target.fragment):
            ids = _ids(tree) if ids is None else ids
            if anchor not in ids and not every_id:  # an id of the theme's, above the content?
                ids, every_id = _ids(_parse(text)), True
            if anchor not in ids:
                broken.append(BrokenLink(rel_page, raw, f"{rel_page}#{target.fragment}", True))
    return broken, outbound


def _base(base_path: str) -> str:
    return "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"


def broken_links(site: Path, base_path: str = "/") -> list[BrokenLink]:
    """Every internal link in ``site``'s HTML pages that leads to no file or no anchor.

    ``base_path`` is the path of the site's URL (``/`` or ``/blueprint/``): links
    starting with it (the 404 page uses them) are resolved from the site's root.
    Each page is read once; only links to an anchor on another page wait for a second
    look at that page's ids (few), so memory stays small for thousands of pages.
    """
    base_path = _base(base_path)
    broken: list[BrokenLink] = []
    known: dict[str, str | None] = {}
    later: dict[str, list[tuple[str, str, str, str]]] = {}
    for page in sorted(site.rglob("*.html")):
        rel_page = page.relative_to(site).as_posix()
        text = page.read_text(encoding="utf-8", errors="replace")
        found_here, outbound = _page_links(rel_page, text, base_path)
        broken.extend(found_here)
        for raw, key, fragment in outbound:
            if key not in known:
                known[key] = _page_of(site, key) or (key if (site / key).is_file() else None)
            found = known[key]
            if found is None:
                broken.append(BrokenLink(rel_page, raw, key))
            elif fragment and found.endswith(".html"):
                later.setdefault(found, []).append((rel_page, raw, key, fragment))
    for found, waiting in later.items():
        ids = _ids(_read(site / found))
        for rel_page, raw, key, fragment in waiting:
            if unquote(fragment) not in ids:
                broken.append(BrokenLink(rel_page, raw, f"{key}#{fragment}", True))
    return broken


@dataclass
class _Scanned:
    stamp: tuple[int, int]
    broken: list[BrokenLink]
    outbound: list[_Outbound]
    ids: frozenset[str]


class LinkIndex:
    """The link check of the live preview: what each page links to, and the ids it
    has, are kept between builds, so a check after a rebuild reads only the pages that
    were written again (by size and time) and still finds every broken link, on those
    pages and on the others (a page that lost an anchor others link to)."""

    def __init__(self) -> None:
        self._pages: dict[str, _Scanned] = {}
        self.read = 0
        """Pages read by the last check."""

    def check(self, site: Path, base_path: str = "/") -> list[BrokenLink]:
        """Every internal link in ``site`` that leads to no file or no anchor."""
        base_path = _base(base_path)
        files: set[str] = set()
        stamps: dict[str, tuple[int, int]] = {}
        for folder, _, names in os.walk(site):
            rel_folder = Path(folder).relative_to(site).as_posix()
            prefix = "" if rel_folder == "." else rel_folder + "/"
            for name in names:
                rel = prefix + name
                files.add(rel)
                if name.endswith(".html"):
                    info = os.stat(os.path.join(folder, name))
                    stamps[rel] = (info.st_size, info.st_mtime_ns)
        self._pages = {rel: s for rel, s in self._pages.items() if rel in stamps}
        self.read = 0
        for rel, stamp in stamps.items():
            known = self._pages.get(rel)
            if known is not None and known.stamp == stamp:
                continue
            text = (site / rel).read_text(encoding="utf-8", errors="replace")
            tree = _parse(text)
            found, outbound = _page_links(rel, text, base_path, tree)
            self._pages[rel] = _Scanned(stamp, found, outbound, frozenset(_ids(tree)))
            self.read += 1
        broken: list[BrokenLink] = []
        for rel in sorted(self._pages):
            scanned = self._pages[rel]
            broken.extend(scanned.broken)
            for raw, key, fragment in scanned.outbound:
                target = _page_in(files, key)
                if target is None:
                    broken.append(BrokenLink(rel, raw, key))
                elif (
                    fragment
                    and target in self._pages
                    and unquote(fragment) not in self._pages[target].ids
                ):
                    broken.append(BrokenLink(rel, raw, f"{key}#{fragment}", True))
        return broken


def _page_in(files: set[str], key: str) -> str | None:
    """``_page_of`` over a set of the site's files instead of the file system."""
    return next((c for c in served_files(key) if c in files), None)


def _read(page: Path) -> LexborHTMLParser:
    return _parse(page.read_text(encoding="utf-8", errors="replace"))


def _ids(tree: LexborHTMLParser) -> set[str]:
    """The ids of every element of the page (anchors a link may name)."""
    return {node.attributes["id"] or "" for node in tree.css("[id]")}


def locate(text: str, target: str) -> tuple[int, int]:
    """Line and column (1-based) where ``target`` is written in a source file, else 1:1.

    The link may be written as it is, or with character references the page has
    decoded, or (for a link MkDocs rewrote) only its ``#anchor`` is as written.
    """
    parts = urlsplit(target)
    forms = [target, html.escape(target), target.replace("&", "&amp;")]
    if parts.fragment:  # MkDocs rewrote the path (x.md#a became ../x/#a): find the anchor
        forms.append("#" + parts.fragment)
    for form in forms:
        offset = text.find(form)
        if offset >= 0:
            line = text.count("\n", 0, offset) + 1
            return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
    return 1, 1


def link_problems(
    broken: list[BrokenLink], sources: Mapping[str, str], root: Path
) -> list[Problem]:
    """Broken links as problems at the source file and line that wrote them.

    ``sources`` maps a built page (``hubs/lemnos/index.html``) to the project file it
    comes from. Links on pages generated from data come from the page templates: the
    same broken target is reported once, with how many pages have it.
    """
    problems: list[Problem] = []
    generated: dict[str, list[BrokenLink]] = {}
    for link in broken:
        source = sources.get(link.page)
        text = _source_text(root, source) if source is not None else ""
        where = locate(text, link.target) if text else None
        if source is None or where is None or (where == (1, 1) and not source.endswith(".md")):
            # not written in the source file (a page template wrote it)
            generated.setdefault(link.resolved, []).append(link)
            continue
        problems.append(error(source, *where, _message(link)))
    for links in generated.values():
        first = links[0]
        more = f" (and on {len(links) - 1} more pages)" if len(links) > 1 else ""
        source = sources.get(first.page, first.page)
        problems.append(
            error(
                source,
                1,
                1,
                f"{_message(first)}{more}",
                hint=f"the page {first.page} is generated; its template wrote the link",
            )
        )
    return sorted(problems)


def _source_text(root: Path, source: str) -> str:
    try:
        return (root / source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _message(link: BrokenLink) -> str:
    if link.anchor_only:
        page, _, anchor = link.resolved.partition("#")
        return f"link `{link.target}`: no element with the id `{anchor}` on {page or 'the page'}"
    return f"link `{link.target}` leads nowhere: the site has no `{link.resolved}`"
