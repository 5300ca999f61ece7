"""What HTML content may hold: one allow-list for the checker and the sanitiser.

``oshub validate`` reports at file:line:col anything in a guide page that is not
allowed here, and the site build passes every page's rendered content through a
sanitiser (nh3) configured from the same lists, so what validation accepts is
exactly what a reader's browser gets. Plain data and small functions only: the
light validation layer imports this without the site stack.
"""

from __future__ import annotations

import html
import re

SAFE_SCHEMES = frozenset({"https", "http", "mailto"})
"""The only URL schemes content may link to; everything else with a scheme
(``javascript:``, ``vbscript:``, ``data:``, ``file:``...) is refused."""

ALLOWED_TAGS = frozenset(
    {
        # text and structure (Markdown, admonitions, details, figures, footnotes)
        *("p", "br", "hr", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small"),
        *("sub", "sup", "code", "kbd", "samp", "var", "pre", "blockquote", "q", "cite", "abbr"),
        *("dfn", "time", "span", "div", "a", "img", "figure", "figcaption", "details", "summary"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd"),
        *("section", "article", "aside", "nav", "header", "footer", "noscript"),
        # tables
        *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"),
        # forms a reader fills in on the page (task lists, tabs, the self-assessment,
        # the directory filter); without action/formaction they cannot send anything
        *("form", "fieldset", "legend", "label", "input", "select", "option", "button", "output"),
        # drawings (maps)
        *("svg", "g", "title", "desc", "circle", "ellipse", "rect", "line", "path"),
        *("polygon", "polyline", "text", "tspan", "image", "use"),
    }
)
"""Elements that content may contain. Scripts, styles, frames, objects, embeds,
meta and link elements, and anything unknown are not among them."""

GLOBAL_ATTRIBUTES = frozenset({"class", "id", "lang", "dir", "title", "role", "hidden"})
"""Attributes allowed on every element, besides ``aria-*`` and ``data-*``."""

ATTRIBUTE_PREFIXES = frozenset({"aria-", "data-"})

TAG_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang", "rel", "download", "type"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "td": frozenset({"colspan", "rowspan", "headers", "style"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "abbr", "style"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "time": frozenset({"datetime"}),
    "details": frozenset({"open"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
    "form": frozenset({"autocomplete", "novalidate"}),
    "label": frozenset({"for"}),
    "output": frozenset({"for", "name"}),
    "input": frozenset(
        {"type", "name", "value", "checked", "disabled", "required", "autocomplete"}
        | {"min", "max", "step", "placeholder", "size", "readonly"}
    ),
    "select": frozenset({"name", "disabled", "required", "multiple"}),
    "option": frozenset({"value", "selected", "disabled"}),
    "button": frozenset({"type", "name", "value", "disabled"}),
    "svg": frozenset({"viewBox", "width", "height", "focusable", "preserveAspectRatio"}),
    "g": frozenset({"transform"}),
    "circle": frozenset({"cx", "cy", "r"}),
    "ellipse": frozenset({"cx", "cy", "rx", "ry"}),
    "rect": frozenset({"x", "y", "width", "height", "rx", "ry"}),
    "line": frozenset({"x1", "y1", "x2", "y2"}),
    "path": frozenset({"d"}),
    "polygon": frozenset({"points"}),
    "polyline": frozenset({"points"}),
    "text": frozenset({"x", "y", "dx", "dy", "text-anchor", "dominant-baseline"}),
    "tspan": frozenset({"x", "y", "dx", "dy"}),
    "image": frozenset({"href", "x", "y", "width", "height", "preserveAspectRatio"}),
    "use": frozenset({"href", "x", "y", "width", "height"}),
}
"""Attributes allowed on particular elements. No ``on*`` handler, no ``style``
except text alignment in table cells, no ``action``/``formaction``/``srcdoc``."""

STYLE_PROPERTIES = frozenset({"text-align"})
"""CSS properties a ``style`` attribute may keep (Markdown tables align cells with it)."""

THEME_NAME_PREFIX = "__"
"""Ids, names and label targets starting with this are the theme's: its script finds
its configuration and controls by them (``#__config`` names the search worker's
script), so an element of content holding one could steer the theme."""

THEME_ATTRIBUTE_PREFIX = "data-md-"
"""Attributes the theme's script reads to find its components: not for content."""

NAME_ATTRIBUTES = frozenset({"id", "name", "for"})
"""Attributes whose value names an element (see ``THEME_NAME_PREFIX``)."""


def theme_reserved(name: str, value: str) -> bool:
    """True for an attribute content may not hold because the theme's script uses it."""
    lowered = name.lower()
    if lowered.startswith(THEME_ATTRIBUTE_PREFIX):
        return True
    return lowered in NAME_ATTRIBUTES and value.strip().startswith(THEME_NAME_PREFIX)


URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "formaction", "xlink:href"})
"""Attributes whose value is a URL: their scheme must be one of ``SAFE_SCHEMES``."""

_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in ``url``, lower case, or None for a relative URL.

    As the URL standard reads an address: character references decoded first (in an
    attribute), then control characters and spaces trimmed at both ends and tabs and
    newlines removed anywhere: ``&#106;ava&#x09;script:`` is ``javascript``.
    """
    text = _TAB_OR_NEWLINE.sub("", html.unescape(url).strip(_C0_AND_SPACE))
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else None


_LOWER_CASE = {tag: frozenset(a.lower() for a in names) for tag, names in TAG_ATTRIBUTES.items()}


def allowed_attribute(tag: str, name: str) -> bool:
    """True when ``name`` may appear on ``tag`` (names compared in lower case, as HTML does)."""
    lowered = name.lower()
    if lowered in GLOBAL_ATTRIBUTES or lowered.startswith(tuple(ATTRIBUTE_PREFIXES)):
        return True
    return lowered in _LOWER_CASE.get(tag.lower(), frozenset())
