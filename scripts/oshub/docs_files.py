"""The docs folder's other files: what may be published from it, checked before a build.

Everything in ``blueprint/`` reaches readers, and arrives as pull requests like the
rest of the content, so only what cannot run is published from it:

- pages (``.md``): hand-written pages outside the guides are read like guide pages
  (no raw HTML outside the allow-list, no script URL, no theme ids), at their line;
- images and documents (``MEDIA``); an SVG drawing is read as XML first and may not
  hold scripts, event handlers, animations that set attributes, embedded HTML,
  entity declarations or references to other hosts; CSV, OpenDocument, PDF and raster
  images are checked for what they are by ``documents``;
- the project's own scripts and style sheets, in ``assets/`` only (``CODE``): they
  are code, reviewed as code, and the pages' Content-Security-Policy allows them.

Anything else (``.html``, ``.js`` outside ``assets/``, ``.xml``...) is refused: a
page written in HTML would escape the checks and the sanitiser, and a script beside
the pages would count as the site's own. Plain functions on the light layer: the
plugin applies the same rules when it builds, whatever validation's switch says.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from xml.parsers import expat

from .documents import check_document
from .frontmatter import split_page
from .htmlpolicy import SAFE_SCHEMES, url_scheme
from .markdown_check import scan_body
from .problems import Problem, error
from .routes import ASSETS
from .textfile import read_text
from .yamlload import load_yaml

MEDIA = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"}
    | {".pdf", ".odt", ".ods", ".odp", ".csv", ".txt"}
)
"""Images and documents that may be published from the docs folder."""
CODE_FOLDER = f"{ASSETS}/"
"""The project's own scripts and style sheets live here (relative to the docs folder)."""
CODE = frozenset({".js", ".css"})

_SVG_FORBIDDEN = frozenset(
    {"script", "foreignobject", "handler", "listener", "iframe", "embed", "object"}
    | {"animate", "animatemotion", "animatetransform", "animatecolor", "set", "discard"}
)
"""SVG elements that run code, embed other documents, or change attributes (an
``<animate attributeName="href" to="javascript:...">``)."""
_XHTML = "http://www.w3.org/1999/xhtml"
_LOCAL_ONLY = frozenset({"image", "use", "feimage", "pattern", "filter", "lineargradient"})


def published(rel: str) -> bool:
    """True for a file of the docs folder (path relative to it) that may be published."""
    suffix = posixpath.splitext(rel)[1].lower()
    if suffix == ".md" or suffix in MEDIA:
        return True
    return rel.startswith(CODE_FOLDER) and suffix in CODE


def refused(rel: str, docs_dir: str) -> Problem:
    """The problem of a file of the docs folder that may not be published."""
    suffix = posixpath.splitext(rel)[1].lower() or "(no extension)"
    return error(
        f"{docs_dir}/{rel}",
        1,
        1,
        f"a `{suffix}` file cannot be published from {docs_dir}/",
        hint="pages are Markdown (.md); images and documents may be "
        + ", ".join(sorted(MEDIA))
        + f"; the project's own scripts and styles live in {docs_dir}/{CODE_FOLDER}",
    )


def check_page(path: Path, rel: str, root: Path) -> list[Problem]:
    """A hand-written page (not a guide): its front matter parses, its body is safe."""
    text, problems = read_text(path, rel, root)
    if text is None:
        return problems
    page, split_problems = split_page(text, rel)
    if split_problems:
        return split_problems
    if page.front_matter:
        _, yaml_problems = load_yaml(page.front_matter, rel, line_offset=page.front_matter_line)
        problems.extend(yaml_problems)
    problems.extend(scan_body(page.body, rel, page.body_line).problems)
    return problems


def check_svg(data: bytes, rel: str) -> list[Problem]:
    """Problems of an SVG drawing that could run code or reach another host."""
    problems: list[Problem] = []
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def where() -> tuple[int, int]:
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    def doctype(*_: object) -> None:
        problems.append(
            error(
                rel,
                *where(),
                "an SVG drawing may not declare a DOCTYPE or entities",
                hint="save it as plain SVG (most editors call it 'plain' or 'optimised')",
            )
        )
        raise _Stop

    def element(name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        lowered = local.lower()
        if lowered in _SVG_FORBIDDEN or namespace == _XHTML:
            problems.append(
                error(
                    rel,
                    *where(),
                    f"an SVG drawing may not hold `<{local}>`",
                    hint="scripts, embedded pages and animations are not published",
                )
            )
        for key, value in attributes.items():
            attribute = key.rpartition(" ")[2].lower()
            if attribute.startswith("on"):
                problems.append(
                    error(
                        rel,
                        *where(),
                        f"event handler attribute `{attribute}` on `<{local}>`",
                        hint="nothing in a drawing may run code; remove the attribute",
                    )
                )
            elif attribute == "href" or attribute == "src":
                problems.extend(_svg_link(rel, where(), local, value))
            elif attribute == "style" or "url(" in value:
                problems.extend(_svg_style(rel, where(), local, value))

    def text(data: str) -> None:
        if "@import" in data or "url(" in data:
            problems.extend(_svg_style(rel, where(), "style", data))

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = element
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except _Stop:
        pass
    except expat.ExpatError as exc:
        line, col = exc.lineno, exc.offset + 1
        problems.append(error(rel, line, col, f"not a well-formed SVG drawing: {exc}"))
    return problems


class _Stop(Exception):
    """Stop reading a drawing (a DOCTYPE: nothing after it is read)."""


def _svg_link(rel: str, at: tuple[int, int], element: str, value: str) -> list[Problem]:
    scheme = url_scheme(value)
    lowered = element.lower()
    if scheme is not None and (scheme not in SAFE_SCHEMES or lowered in _LOCAL_ONLY):
        return [
            error(
                rel,
                *at,
                f"`<{element}>` links to `{value[:60]}`",
                hint="a drawing may link to web pages from <a>, and use only parts of "
                "itself or files of this site",
            )
        ]
    if value.strip().startswith("//"):
        return [error(rel, *at, f"`<{element}>` reaches another host: `{value[:60]}`")]
    return []


def _svg_style(rel: str, at: tuple[int, int], element: str, value: str) -> list[Problem]:
    lowered = value.lower()
    if "@import" in lowered or (
        "url(" in lowered
        and any(marker in lowered.split("url(", 1)[1][:12] for marker in (":", "//"))
    ):
        return [
            error(
                rel,
                *at,
                f"the style of `<{element}>` loads something from elsewhere",
                hint="a drawing's styles may use only its own parts: url(#id)",
            )
        ]
    return []


def check_docs_file(path: Path, rel_docs: str, docs_dir: str, root: Path) -> list[Problem]:
    """Everything that can be said about one file of the docs folder other than a guide
    page (``rel_docs`` is its path relative to the docs folder)."""
    rel = f"{docs_dir}/{rel_docs}"
    if not published(rel_docs):
        return [refused(rel_docs, docs_dir)]
    suffix = posixpath.splitext(rel_docs)[1].lower()
    if suffix == ".md":
        return check_page(path, rel, root)
    if suffix == ".svg":
        text, problems = read_text(path, rel, root)
        if text is None:
            return problems
        return check_svg(text.encode("utf-8"), rel)
    return check_document(path, rel, root)
