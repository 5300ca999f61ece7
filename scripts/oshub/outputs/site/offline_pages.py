"""What the plugin does differently for the offline copy (the site read from disk).

A browser opening the site's files from disk (``file://``) serves no ``index.html``
for a folder, refuses to start a Web Worker from a file and refuses ``fetch`` of a
file, so the offline build (the plugin option ``offline``; ``oshub offline`` sets it):

- links to page files, never folders (MkDocs' ``use_directory_urls: false``);
- gives the theme its search index as a script too (``search/search_index.js``, which
  the theme loads from disk instead of the JSON) and a stand-in for the worker that
  runs the search (``offline-worker.js``: a hidden frame, no inline script), which
  is what Material's own ``offline`` plugin does with a script from another host;
- shows no version selector (there is no other version on disk) but the version in
  the header;
- leaves the directory's JavaScript filter out: its pre-built filter pages do the work.

The same switches could serve another engine: none of this is in the templates.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from oshub import routes
from oshub.outputs.site.pages import GeneratedFile

WORKER_SCRIPT = "offline-worker.js"
"""The stand-in for the search worker, shipped in the package's data."""
STYLESHEET = "offline.css"
"""The offline copy's own styles, shipped in the package's data."""
_HEADER_TITLE = re.compile(
    r'(<div class="md-header__topic">\s*<span class="md-ellipsis">)([^<]*)(</span>)', re.DOTALL
)
"""The site's name in the theme's header (its first topic)."""


def configure(config: MkDocsConfig) -> None:
    """Set MkDocs and the theme up for reading from disk (before anything uses them)."""
    config.use_directory_urls = False
    config.extra.pop("version", None)  # no version selector: one version on disk
    polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
    if routes.OFFLINE_WORKER_SCRIPT not in polyfills:
        polyfills.append(routes.OFFLINE_WORKER_SCRIPT)
    config.extra["polyfills"] = polyfills  # loaded in <head>, before the theme's script
    if routes.OFFLINE_STYLESHEET not in config.extra_css:
        config.extra_css.append(routes.OFFLINE_STYLESHEET)


def offline_files() -> list[GeneratedFile]:
    """The stand-in for the search worker and the offline copy's styles."""
    data = resources.files("oshub.data")
    return [
        GeneratedFile(
            routes.OFFLINE_WORKER_SCRIPT,
            data.joinpath(WORKER_SCRIPT).read_text("utf-8"),
            kind="file",
        ),
        GeneratedFile(
            routes.OFFLINE_STYLESHEET, data.joinpath(STYLESHEET).read_text("utf-8"), kind="file"
        ),
    ]


def show_version(page: str, label: str) -> str:
    """The page with ``label`` (markup from a template) after the site's name in the header."""
    return _HEADER_TITLE.sub(lambda m: f"{m[1]}{m[2].rstrip()} {label}{m[3]}", page, count=1)


def write_search_script(site_dir: Path, index_json: str) -> None:
    """The theme's search index as a script, which the theme reads when opened from disk
    (a browser refuses to fetch the JSON file there)."""
    path = site_dir / routes.SEARCH_INDEX_SCRIPT
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"var __index = {index_json}", encoding="utf-8")
