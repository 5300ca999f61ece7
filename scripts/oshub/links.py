"""Find broken internal links in a built site (every href and src of every page)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

_ATTR = re.compile(r"""\s(?:href|src)=(?:"([^"]*)"|'([^']*)')""")


@dataclass(frozen=True)
class BrokenLink:
    """A link on ``page`` (relative to the site root) to ``target`` that leads nowhere."""

    page: str
    target: str
    resolved: str
    """The target as a path from the site's root."""


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


def _exists(site: Path, path: str) -> bool:
    if path.endswith("/") or path == "":
        return (site / path / "index.html").is_file()
    candidate = site / path
    return candidate.is_file() or (candidate / "index.html").is_file()


def broken_links(site: Path, base_path: str = "/") -> list[BrokenLink]:
    """Every internal link in ``site``'s HTML pages whose target file does not exist.

    ``base_path`` is the path of the site's URL (``/`` or ``/blueprint/``): links
    starting with it (the 404 page uses them) are resolved from the site's root.
    """
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    broken: list[BrokenLink] = []
    known: dict[str, bool] = {}
    for page in sorted(site.rglob("*.html")):
        rel_page = page.relative_to(site).as_posix()
        base = posixpath.dirname(rel_page)
        text = page.read_text(encoding="utf-8", errors="replace")
        for match in _ATTR.finditer(_content(text)):
            raw = match.group(1) if match.group(1) is not None else match.group(2)
            parts = urlsplit(raw)
            if parts.scheme or parts.netloc or not parts.path or raw.startswith("#"):
                continue
            path = unquote(parts.path)
            if path.startswith("/"):
                if not path.startswith(base_path) and path + "/" != base_path:
                    broken.append(BrokenLink(rel_page, raw, path))
                    continue
                target = posixpath.normpath(path[len(base_path) :] or ".")
            else:
                target = posixpath.normpath(posixpath.join(base, path))
            if target.startswith(".."):
                broken.append(BrokenLink(rel_page, raw, target))
                continue
            key = target + ("/" if path.endswith("/") else "")
            if key == "./" or key == ".":
                key = ""
            if key not in known:
                known[key] = _exists(site, key)
            if not known[key]:
                broken.append(BrokenLink(rel_page, raw, key))
    return broken
