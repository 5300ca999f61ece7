"""What a browser downloads for one page of a built site (uncompressed bytes)."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

_RESOURCE = re.compile(
    r"<(?:link[^>]*rel=\"stylesheet\"[^>]*href|script[^>]*src|img[^>]*src|image[^>]*href)"
    r"=\"([^\"]+)\""
)
_WORKER = re.compile(r"\"search\":\s*\"([^\"]+)\"")


def page_weight(site: Path, page: Path) -> int:
    """Bytes downloaded on load: the page, its stylesheets, scripts, images, search worker,
    and the search index unless the page holds it back until search is opened."""
    html = page.read_text(encoding="utf-8")
    base = posixpath.dirname(page.relative_to(site).as_posix())
    files = {page}
    for ref in [*_RESOURCE.findall(html), *_WORKER.findall(html)]:
        if "://" in ref or ref.startswith("data:"):
            continue
        path = site / posixpath.normpath(posixpath.join(base, ref.split("?")[0]))
        if path.is_file():
            files.add(path)
    index = site / "search" / "search_index.json"
    lazy = 'id="oshub-lazy-search"' in html  # the index waits until search is opened
    if _WORKER.search(html) and index.is_file() and not lazy:
        files.add(index)
    return sum(f.stat().st_size for f in files)
