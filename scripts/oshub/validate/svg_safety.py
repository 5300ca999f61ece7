"""SVG drawings read by structure, and published as written again from what was read.

A drawing of the docs folder reaches readers three ways (the site, the printed books
and the offline copy), so it is read once, by structure, and what is published is not
the file but the drawing written again from what was checked:

- the XML is read with expat, which decodes character references (``&#64;``) before
  any decision; a DOCTYPE, an entity declaration, an external entity and any
  processing instruction (``<?xml-stylesheet?>`` included) are refused;
- elements, attributes and CSS properties must be on allow-lists (``ELEMENTS``,
  ``ATTRIBUTES``, ``svg_css.PROPERTIES``): shapes, text, groups, gradients, clips,
  masks, markers, patterns and the filter effects that load nothing; geometry,
  presentation attributes, ids, classes, ``xml:space``, ``viewBox``, ARIA;
- the CSS of ``style`` attributes, ``<style>`` elements and presentation attributes
  is read as tokens (``svg_css``): ``url()`` only as ``url(#id)``, no at-rule;
- ``href`` and ``xlink:href`` only as ``#id``; besides that, ``<a>`` may link to a file
  of this site by a relative address or to a web page (``https:``, ``http:``,
  ``mailto:``), and ``<image>`` may show an image file of this site by a relative
  address; backslashes, spaces, control characters and ``//`` are refused;
- an editor's own bookkeeping (``<metadata>``, Inkscape's and Sodipodi's elements and
  attributes, ``-inkscape-*`` properties) is left out without a word; anything else
  is refused at its line and column, with what was found and a hint.

``clean_svg`` writes the drawing again with a serialiser of its own: only the allowed
elements, attributes and properties, every value escaped, CSS written back from its
tokens, no comment, no declaration. Reading what it wrote gives the same drawing.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from oshub.core.htmlpolicy import SAFE_SCHEMES
from oshub.core.problems import Problem, error, warning
from oshub.load.textfile import read_text
from oshub.validate import svg_css

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
EDITORS = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    }
)
"""Namespaces of editors' bookkeeping: left out of the published drawing."""

ELEMENTS = frozenset(
    {
        *("svg", "g", "defs", "symbol", "use", "switch", "title", "desc", "a", "image", "style"),
        *("path", "rect", "circle", "ellipse", "line", "polyline", "polygon"),
        *("text", "tspan", "textPath"),
        *("linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker"),
        *("filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite"),
        *("feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight"),
        *("feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR"),
        *("feGaussianBlur", "feMerge", "feMergeNode", "feMorphology", "feOffset"),
        *("fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence"),
    }
)
"""SVG elements a drawing may hold. Not among them: scripts, ``foreignObject``,
animations (``<set attributeName="href">``), ``feImage``, fonts, cursors, and
anything that loads or runs something."""

LEFT_OUT = frozenset({"metadata"})
"""SVG elements left out with everything inside them (an editor's RDF)."""

ATTRIBUTES = frozenset(
    {
        *("id", "class", "role", "lang", "tabindex", "focusable", "systemLanguage"),
        *("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr"),
        *("width", "height", "d", "points", "pathLength", "dx", "dy", "rotate"),
        *("textLength", "lengthAdjust", "viewBox", "preserveAspectRatio", "version"),
        *("baseProfile", "type", "media", "path", "startOffset", "method", "spacing", "side"),
        *("gradientUnits", "gradientTransform", "spreadMethod", "offset"),
        *("patternUnits", "patternContentUnits", "patternTransform", "clipPathUnits"),
        *("maskUnits", "maskContentUnits", "markerWidth", "markerHeight", "markerUnits"),
        *("orient", "refX", "refY", "filterUnits", "primitiveUnits", "in", "in2", "result"),
        *("stdDeviation", "mode", "values", "tableValues", "slope", "intercept"),
        *("amplitude", "exponent", "operator", "k1", "k2", "k3", "k4", "order"),
        *("kernelMatrix", "divisor", "bias", "targetX", "targetY", "edgeMode"),
        *("preserveAlpha", "surfaceScale", "diffuseConstant", "specularConstant"),
        *("specularExponent", "kernelUnitLength", "scale", "xChannelSelector"),
        *("yChannelSelector", "radius", "baseFrequency", "numOctaves", "seed", "stitchTiles"),
        *("azimuth", "elevation", "z", "pointsAtX", "pointsAtY", "pointsAtZ"),
        *("limitingConeAngle",),
    }
)
"""Attributes (without a namespace) any allowed element may carry, besides ``aria-*``,
``style``, ``href`` and the presentation attributes (``svg_css.PROPERTIES``)."""

XML_ATTRIBUTES = frozenset({"space", "lang"})
"""``xml:space`` and ``xml:lang``."""

LINKS = frozenset({"a", "image", "use", "linearGradient", "radialGradient", "pattern"})
LINKS |= {"filter", "textPath"}
"""Elements that may carry ``href`` / ``xlink:href`` (as ``#id``; see ``_link``)."""

IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")
"""What ``<image href>`` may show: an image file of this site, by a relative address
without query or fragment."""

WEB_SCHEMES = SAFE_SCHEMES
"""Where ``<a href>`` may lead besides this site: where links in pages may."""

MAX_DEPTH = 256
"""Deepest nesting of elements a drawing may have."""

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_UNSAFE_IN_LINK = re.compile(r"[\\\s\x00-\x1f\x7f-\x9f]")
_ELEMENTS_HINT = (
    "a drawing may hold shapes, text, groups, gradients, clip paths, masks, markers, "
    "patterns and filter effects; scripts, animations, embedded pages and elements "
    "that load files are not published"
)
_ATTRIBUTES_HINT = (
    "a drawing's attributes are geometry, presentation (fill, stroke, font-*...), ids, "
    "classes, xml:space, viewBox, aria-* and local links; save it as plain SVG"
)


@dataclass(frozen=True)
class Start:
    """An element as it will be written: its name and its attributes, in order."""

    name: str
    attributes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class End:
    """The end of an element."""

    name: str


@dataclass(frozen=True)
class Text:
    """Character data (decoded)."""

    text: str


Event = Start | End | Text


@dataclass
class Drawing:
    """A drawing as read: the problems found and what would be published."""

    problems: list[Problem] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    """The allowed elements, attributes and text, in document order."""

    @property
    def errors(self) -> bool:
        """True when the drawing may not be published."""
        return any(problem.is_error for problem in self.problems)


class _Stop(Exception):
    """Stop reading (a DOCTYPE, an entity, or nesting past ``MAX_DEPTH``: nothing
    after it is read)."""


def read_svg(data: bytes, rel: str) -> Drawing:
    """Read a drawing (``rel`` names it in problems): its problems and its allowed parts."""
    return _Reader(rel).read(data)


def check_svg(data: bytes, rel: str) -> list[Problem]:
    """Problems of an SVG drawing that could run code, load something, or hold what the
    allow-lists do not name (``rel``: its path in problems)."""
    return read_svg(data, rel).problems


def clean_svg(data: bytes, rel: str) -> tuple[bytes | None, list[Problem]]:
    """The drawing written again from what was checked, or None and its problems.

    Needs tinycss2 (the ``site`` extra): every piece of CSS is written back from its
    tokens, never copied unread.
    """
    import tinycss2  # noqa: F401  # ImportError here rather than unread CSS published

    drawing = read_svg(data, rel)
    if drawing.errors:
        return None, drawing.problems
    return serialise(drawing.events), drawing.problems


def published_svg(path: Path, rel: str, root: Path) -> tuple[bytes | None, list[Problem]]:
    """The drawing at ``path`` as it is published (``clean_svg``), read with the limits
    of every content file (``textfile.read_text``), or None and the problems."""
    text, problems = read_text(path, rel, root)
    if text is None:
        return None, problems
    return clean_svg(text.encode("utf-8"), rel)


class _Reader:
    """One pass of expat over a drawing, collecting problems and allowed events."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.drawing = Drawing()
        self.parser = expat.ParserCreate(encoding="UTF-8", namespace_separator=" ")
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        # no buffer_text: each piece of text is reported where it starts (a buffer is
        # reported where it ends); ``add_text`` joins the pieces
        self.stack: list[str | None] = []
        """Each open element's name as written, or None when it is not written."""
        self.pending: list[str] = []
        """Text not yet in the events (see ``add_text``)."""
        self.hidden = 0
        """How many open elements are not written (all inside them is left out)."""
        self.style: list[str] | None = None
        """The text of the ``<style>`` element being read, in the pieces expat gave."""
        self.style_at: list[tuple[int, int, int]] = []
        """Where each piece starts: (offset in the text, line, column in the file)."""
        self.style_lines: list[int] | None = None
        """Offsets where each line of the ``<style>``'s text starts (when needed)."""
        self.unchecked_noted = False

    def where(self) -> tuple[int, int]:
        return self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1

    def problem(self, message: str, hint: str = "", at: tuple[int, int] | None = None) -> None:
        line, col = at or self.where()
        self.drawing.problems.append(error(self.rel, line, col, message, hint=hint))

    def read(self, data: bytes) -> Drawing:
        parser = self.parser
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.doctype
        parser.ExternalEntityRefHandler = self.external_entity
        parser.ProcessingInstructionHandler = self.instruction
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        try:
            parser.Parse(data, True)
        except _Stop:
            pass
        except expat.ExpatError as exc:
            line, col = exc.lineno, exc.offset + 1
            self.problem(
                f"not a well-formed SVG drawing: {expat.ErrorString(exc.code)}", at=(line, col)
            )
        if not self.drawing.events and not self.drawing.problems:
            self.problem("an empty drawing", at=(1, 1))
        return self.drawing

    # --- what expat reports -----------------------------------------------------

    def doctype(self, *_: object) -> None:
        self.problem(
            "an SVG drawing may not declare a DOCTYPE or entities",
            hint="save it as plain SVG (most editors call it 'plain' or 'optimised')",
        )
        raise _Stop

    def external_entity(self, *_: object) -> int:
        self.problem("an SVG drawing may not load external entities")
        raise _Stop

    def instruction(self, target: str, _data: str) -> None:
        self.problem(
            f"processing instruction `<?{target[:40]}`" + " in a drawing",
            hint="a drawing may not load style sheets or anything else: remove the "
            "instruction (<?xml version...?> at the top is fine)",
        )

    def start(self, qualified: str, attributes: dict[str, str]) -> None:
        namespace, _, name = qualified.rpartition(" ")
        written = self.written(namespace, name)
        self.stack.append(written)
        if written is None:
            self.hidden += 1
            return
        kept = []
        for key, value in attributes.items():
            attribute = self.attribute(written, key, value)
            if attribute is not None:
                kept.append(attribute)
        self.add(Start(written, tuple(kept)))
        if written == "style":
            self.style, self.style_at = [], []

    def written(self, namespace: str, name: str) -> str | None:
        """The element's name as written, or None (left out or refused)."""
        if len(self.stack) >= MAX_DEPTH:
            self.problem(f"elements nested deeper than {MAX_DEPTH} levels")
            raise _Stop
        if self.hidden:
            return None  # inside something left out or refused
        if self.style is not None:
            self.problem(f"`<{name[:40]}>` inside a `<style>` element", hint=_ELEMENTS_HINT)
            return None
        if namespace in EDITORS or (namespace == SVG and name in LEFT_OUT):
            return None
        if not self.stack and (namespace, name) != (SVG, "svg"):
            self.problem(
                f"not an SVG drawing: the first element is `<{name[:40]}>`"
                + ("" if namespace == SVG else f" (namespace `{namespace[:60] or 'none'}`)"),
                hint=f'a drawing starts with <svg xmlns="{SVG}">',
            )
            return None
        if namespace != SVG or name not in ELEMENTS:
            self.problem(f"an SVG drawing may not hold `<{name[:40]}>`", hint=_ELEMENTS_HINT)
            return None
        return name

    def attribute(self, element: str, key: str, value: str) -> tuple[str, str] | None:
        """The attribute as written (name, value), or None (left out or refused)."""
        namespace, _, name = key.rpartition(" ")
        if namespace in EDITORS:
            return None
        if namespace == XML and name in XML_ATTRIBUTES:
            return f"xml:{name}", value
        if (namespace == XLINK or not namespace) and name == "href":
            written = "xlink:href" if namespace else "href"
            return (written, value) if self.link(element, written, value) else None
        if namespace:
            self.problem(
                f"attribute `{name[:40]}` of namespace `{namespace[:60]}` on `<{element}>`",
                hint=_ATTRIBUTES_HINT,
            )
            return None
        if name.lower().startswith("on"):
            self.problem(
                f"event handler attribute `{name[:40]}` on `<{element}>`",
                hint="nothing in a drawing may run code; remove the attribute",
            )
            return None
        if name == "style":
            return self.css(element, name, value, svg_css.read_declarations(value))
        if name in svg_css.PROPERTIES:
            return self.css(element, name, value, svg_css.read_value(name, value))
        if name in ATTRIBUTES or (name.startswith("aria-") and len(name) > 5):
            return name, value
        self.problem(
            f"attribute `{name[:40]}` is not allowed on `<{element}>`", hint=_ATTRIBUTES_HINT
        )
        return None

    def css(
        self, element: str, name: str, value: str, result: svg_css.CssResult
    ) -> tuple[str, str] | None:
        """An attribute holding CSS: problems at the element, the CSS written back."""
        where = self.where()
        if result.unchecked:
            self.note_unchecked(f"`{name}` of `<{element}>`", where)
            return name, value
        for finding in result.findings:
            self.problem(
                f"`{name}` of `<{element}>`: {finding.message}", hint=finding.hint, at=where
            )
        if result.findings:
            return None
        written = result.text if result.text is not None else value
        return None if name == "style" and not written else (name, written)

    def note_unchecked(self, what: str, at: tuple[int, int]) -> None:
        """Say once a drawing that some of its CSS waits for the build to be read."""
        if self.unchecked_noted:
            return
        self.unchecked_noted = True
        self.drawing.problems.append(
            warning(
                self.rel,
                *at,
                f"the CSS of {what} is not checked without the site extra (and later ones "
                "in this drawing); the build checks it",
                hint="pip install 'oshub[site]' to check it here, or write plain "
                'presentation attributes (fill="#fff")',
            )
        )

    def link(self, element: str, name: str, value: str) -> bool:
        """True when ``href`` may stay; else a problem says why."""
        reason = _link(element, value)
        if reason is None:
            return True
        self.problem(
            f"`<{element}>` {reason}: `{_shown(value)}`",
            hint="a drawing may use only its own parts (#id); <a> may also link to files "
            "of this site or to web pages, <image> to an image file of this site",
        )
        return False

    def end(self, _qualified: str) -> None:
        written = self.stack.pop()
        if written is None:
            self.hidden -= 1
            return
        if written == "style" and self.style is not None:
            self.stylesheet("".join(self.style))
            self.style = None
        self.add(End(written))

    def text(self, data: str) -> None:
        if self.hidden:
            return
        if self.style is not None:
            offset = sum(len(piece) for piece in self.style[-1:]) + (
                self.style_at[-1][0] if self.style_at else 0
            )
            self.style_at.append((offset, *self.where()))
            self.style.append(data)
            return
        if self.stack:
            self.add_text(data)

    def add_text(self, data: str) -> None:
        """Text, kept until the next element starts or ends, to be joined to the text
        beside it (what was left out between them leaves one run of text, as reading
        the written drawing gives)."""
        self.pending.append(data)

    def add(self, event: Start | End) -> None:
        """An element's start or end, after the text before it."""
        if self.pending:
            self.drawing.events.append(Text("".join(self.pending)))
            self.pending.clear()
        self.drawing.events.append(event)

    def stylesheet(self, text: str) -> None:
        """A ``<style>`` element's text: checked as a style sheet, written back."""
        result = svg_css.read_stylesheet(text)
        self.style_lines = None
        if result.unchecked:
            self.note_unchecked("a `<style>` element", self.in_style(text, 1, 1))
            self.add_text(text)
            return
        for finding in result.findings:
            at = self.in_style(text, finding.line, finding.col)
            self.problem(f"the `<style>` of a drawing: {finding.message}", hint=finding.hint, at=at)
        if result.text:
            self.add_text(result.text)

    def in_style(self, text: str, line: int, col: int) -> tuple[int, int]:
        """The file's line and column of a line and column of a ``<style>``'s text (a
        character reference counts as one character of the text, where it starts)."""
        if self.style_lines is None:
            self.style_lines = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
        starts = self.style_lines
        offset = starts[min(line, len(starts)) - 1] + col - 1
        pieces = self.style_at or [(0, *self.where())]
        index = max(0, bisect.bisect_right(pieces, (offset, sys.maxsize, sys.maxsize)) - 1)
        start, at_line, at_col = pieces[index]
        return at_line, at_col + offset - start


def _link(element: str, value: str) -> str | None:
    """Why ``href`` cannot stay on ``element`` (None: it may)."""
    if element not in LINKS:
        return "may not link anywhere"
    if not value or _UNSAFE_IN_LINK.search(value):
        return "links with a backslash, a space or a control character"
    if svg_css.FRAGMENT.fullmatch(value):
        return None
    if element not in ("a", "image"):
        return "may use only a part of the drawing itself (#id)"
    if value.startswith("//"):
        return "reaches another host"
    scheme = _SCHEME.match(value)
    if element == "a":
        if scheme is None or scheme.group(1).lower() in WEB_SCHEMES:
            return None
        return "links to another kind of address than a web page"
    if scheme is not None:
        return "shows an image from elsewhere"
    if "?" in value or "#" in value or not value.lower().endswith(IMAGES):
        return "shows something that is not an image file of this site"
    return None


def _shown(value: str) -> str:
    """A link as it can be shown in a message (the output shows control characters)."""
    return value if len(value) <= 60 else value[:60] + "…"


# --- writing a drawing --------------------------------------------------------------

_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\t": "&#9;",
        "\n": "&#10;",
        "\r": "&#13;",
    }
)


def serialise(events: Iterable[Event]) -> bytes:
    """Write a drawing's events as UTF-8 XML: the SVG namespace on the root, XLink's
    when a link uses it, every text and value escaped, empty elements closed at once."""
    items = list(events)
    uses_xlink = any(
        name == "xlink:href"
        for item in items
        if isinstance(item, Start)
        for name, _ in item.attributes
    )
    out: list[str] = []
    root = True
    for index, item in enumerate(items):
        if isinstance(item, Start):
            out.append(f"<{item.name}")
            if root:
                out.append(f' xmlns="{SVG}"' + (f' xmlns:xlink="{XLINK}"' if uses_xlink else ""))
                root = False
            for name, value in item.attributes:
                out.append(f' {name}="{value.translate(_ATTRIBUTE_ESCAPES)}"')
            following = items[index + 1] if index + 1 < len(items) else None
            out.append("/>" if isinstance(following, End) else ">")
        elif isinstance(item, End):
            previous = items[index - 1]
            if not isinstance(previous, Start):
                out.append(f"</{item.name}>")
        else:
            out.append(item.text.translate(_TEXT_ESCAPES))
    return ("".join(out) + "\n").encode("utf-8")
