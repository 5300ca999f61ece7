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

from importlib import resources
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from selectolax.lexbor import LexborHTMLParser

from oshub import routes
from oshub.outputs.site.pages import GeneratedFile

WORKER_SCRIPT = "offline-worker.js"
"""The stand-in for the search worker, shipped in the package's data."""
STYLESHEET = "offline.css"
"""The offline copy's own styles, shipped in the package's data."""
_TOPIC = '<div class="md-header__topic">'
_NAME = '<span class="md-ellipsis">'
"""The start tags of the theme's first header topic and of the site's name in it, as
its template writes them."""


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
    """The page with ``label`` (markup from a template) after the site's name in the header.

    The parser finds the name: the first header topic of the theme holds it, in a span
    of text alone. The label is written where that span ends, found from the theme's
    start tags (a span of text alone ends at the first ``</span>``), so the rest of the
    page stays as the theme wrote it."""
    if not _name_in_header(LexborHTMLParser(page, scripting=True)):
        return page
    opened = page.find(_TOPIC)
    start = page.find(_NAME, opened) if opened >= 0 else -1
    if start < 0 or page[opened + len(_TOPIC) : start].strip():
        return page
    start += len(_NAME)
    end = page.find("</span>", start)
    if end < 0 or "<" in page[start:end]:
        return page
    return page[:start] + page[start:end].rstrip() + f" {label}" + page[end:]


def _name_in_header(tree: LexborHTMLParser) -> bool:
    """True when the theme's first header topic (``_TOPIC``) begins with the site's name
    (``_NAME``) holding text alone."""
    topic = tree.css_first("div.md-header__topic")
    if topic is None or topic.attributes != {"class": "md-header__topic"}:
        return False
    name = next(topic.iter(), None)
    if name is None or name.tag != "span" or name.attributes != {"class": "md-ellipsis"}:
        return False
    return not any(child.is_element_node for child in name.iter(include_text=True))


def write_search_script(site_dir: Path, index_json: str) -> None:
    """The theme's search index as a script, which the theme reads when opened from disk
    (a browser refuses to fetch the JSON file there)."""
    path = site_dir / routes.SEARCH_INDEX_SCRIPT
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"var __index = {index_json}", encoding="utf-8")
