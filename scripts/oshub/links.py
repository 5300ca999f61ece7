"""Find broken internal links in a built site, and say which source file wrote them.

Every ``href`` and ``src`` of every page's content is resolved (character references
decoded first, as a browser does); the link is broken when no file is there, or when
its ``#anchor`` names no element on the target page. A broken link is then reported
at the line of the source file (guide page, hand-written page or content file) that
wrote it.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .problems import Problem, error

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
    if path in ("", ".", "./"):
        candidates = ["index.html"]
    elif path.endswith("/"):
        candidates = [path + "index.html"]
    else:
        candidates = [path, path + "/index.html"]
    for candidate in candidates:
        if (site / candidate).is_file():
            return candidate
    return None


def broken_links(site: Path, base_path: str = "/") -> list[BrokenLink]:
    """Every internal link in ``site``'s HTML pages that leads to no file or no anchor.

    ``base_path`` is the path of the site's URL (``/`` or ``/blueprint/``): links
    starting with it (the 404 page uses them) are resolved from the site's root.
    Each page is read once; only links to an anchor on another page wait for a second
    look at that page's ids (few), so memory stays small for thousands of pages.
    """
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    broken: list[BrokenLink] = []
    known: dict[str, str | None] = {}
    later: dict[str, list[tuple[str, str, str, str]]] = {}
    for page in sorted(site.rglob("*.html")):
        rel_page = page.relative_to(site).as_posix()
        text = page.read_text(encoding="utf-8", errors="replace")
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
            if key not in known:
                known[key] = _page_of(site, key) or (key if (site / key).is_file() else None)
            found = known[key]
            if found is None:
                broken.append(BrokenLink(rel_page, raw, key))
            elif fragment and found.endswith(".html"):
                later.setdefault(found, []).append((rel_page, raw, key, parts.fragment))
    for found, waiting in later.items():
        ids = _ids((site / found).read_text(encoding="utf-8", errors="replace"))
        for rel_page, raw, key, fragment in waiting:
            if unquote(fragment) not in ids:
                broken.append(BrokenLink(rel_page, raw, f"{key}#{fragment}", True))
    return broken


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
        if source is None or not source.endswith(".md"):
            generated.setdefault(link.resolved, []).append(link)
            continue
        try:
            text = (root / source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        line, col = locate(text, link.target)
        problems.append(error(source, line, col, _message(link)))
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


def _message(link: BrokenLink) -> str:
    if link.anchor_only:
        page, _, anchor = link.resolved.partition("#")
        return f"link `{link.target}`: no element with the id `{anchor}` on {page or 'the page'}"
    return f"link `{link.target}` leads nowhere: the site has no `{link.resolved}`"
