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
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from oshub.core.problems import Problem, error
from oshub.routes import served_files

_ATTR = re.compile(r"""\s(?:href|src)=(?:"([^"]*)"|'([^']*)')""")
_ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""")


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


_CONTENT_START = '<article class="md-content__inner'


def _content(text: str) -> str:
    """The page's own content when it is a theme page: the theme's navigation and
    header are made by MkDocs from its checked nav, so only content links need a look.
    Other pages (redirects, 404) are checked whole."""
    start = text.find(_CONTENT_START)
    if start < 0:
        return text
    end = text.find("</article>", start)
    return text[start : end if end > 0 else len(text)]


def _page_of(site: Path, path: str) -> str | None:
    """The HTML file a resolved link path stands for (relative to the site), or None."""
    return next((c for c in served_files(path) if (site / c).is_file()), None)


_Outbound = tuple[str, str, str]
"""A link to another page or file: as written, the target's path from the site's root
(``hubs/lemnos/``), and its ``#anchor`` (or "")."""


def _page_links(
    rel_page: str, text: str, base_path: str
) -> tuple[list[BrokenLink], list[_Outbound]]:
    """The links of one page's content: those broken on the page itself (an anchor it
    lacks, a path outside the site) and those that lead to other pages or files."""
    broken: list[BrokenLink] = []
    outbound: list[_Outbound] = []
    ids: set[str] | None = None
    for a, b in _ATTR.findall(_content(text)):
        raw = html.unescape(a or b)
        parts = urlsplit(raw)
        if parts.scheme or parts.netloc or raw.startswith("//"):
            continue
        fragment = unquote(parts.fragment)
        if not parts.path:  # an anchor on the same page
            if ids is None:
                ids = _ids(text)
            if fragment and fragment not in ids:
                broken.append(BrokenLink(rel_page, raw, f"{rel_page}#{parts.fragment}", True))
            continue
        path = unquote(parts.path)
        if path.startswith("/"):
            if not path.startswith(base_path) and path + "/" != base_path:
                broken.append(BrokenLink(rel_page, raw, path))
                continue
            target = posixpath.normpath(path[len(base_path) :] or ".")
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel_page), path))
        if target.startswith(".."):
            broken.append(BrokenLink(rel_page, raw, target))
            continue
        key = "" if target == "." else target + ("/" if path.endswith("/") else "")
        outbound.append((raw, key, parts.fragment))
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
        ids = _ids((site / found).read_text(encoding="utf-8", errors="replace"))
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
            found, outbound = _page_links(rel, text, base_path)
            self._pages[rel] = _Scanned(stamp, found, outbound, frozenset(_ids(text)))
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


def _ids(text: str) -> set[str]:
    return {html.unescape(a or b) for a, b in _ID.findall(text)}


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
