"""The CSS of an SVG drawing, read as tokens: what it may set, and nothing it may load.

A drawing's CSS lives in ``style`` attributes, ``<style>`` elements and presentation
attributes (``fill="url(#g)"`` is a CSS value). It is read with tinycss2, which
decodes what a browser decodes (``@im\\port`` is ``@import``, ``u\\72l(`` is
``url(``, ``url( x )`` is a URL token), so the decision is taken on what a browser
would see, never on the text:

- properties: only those of ``PROPERTIES`` (paint, strokes, fonts and text,
  opacity, transforms, markers, clips, masks and filters by reference);
- values: only the functions of ``FUNCTIONS``; ``url()`` only as ``url(#id)``, a part
  of the drawing itself; no at-keyword, no bad URL, no block;
- style sheets: plain rules only; every at-rule (``@import``, ``@font-face``,
  ``@namespace``, ``@media``...) is refused.

What passes is written back with tinycss2's serialiser from the tokens that were
checked, so the published CSS holds nothing that was not read.

tinycss2 comes with the ``site`` extra. Without it (a light ``oshub validate``) the
CSS is read only when it is plain: ASCII letters, digits, spaces and ``#.,:;%+-_()/``,
with no quotes, escapes, comments, at-signs or braces; in that alphabet the tokens are
unambiguous and the same rules are applied exactly. Anything else is left unread
(``CssResult.unchecked``): the build, which always has tinycss2, reads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

PROPERTIES = frozenset(
    {
        # paint and strokes
        *("fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity"),
        *("stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray"),
        *("stroke-dashoffset", "paint-order", "vector-effect", "color", "opacity"),
        *("stop-color", "stop-opacity", "flood-color", "flood-opacity", "lighting-color"),
        *("solid-color", "solid-opacity", "color-interpolation", "color-interpolation-filters"),
        *("color-rendering", "shape-rendering", "image-rendering", "text-rendering"),
        *("mix-blend-mode", "isolation", "enable-background"),
        # fonts and text
        *("font", "font-family", "font-size", "font-weight", "font-style", "font-variant"),
        *("font-stretch", "font-size-adjust", "font-kerning", "font-feature-settings"),
        *("font-variant-ligatures", "font-variant-caps", "font-variant-numeric"),
        *("font-variant-east-asian", "font-variant-position", "font-variation-settings"),
        *("text-anchor", "text-align", "text-decoration", "text-indent", "text-transform"),
        *("dominant-baseline", "alignment-baseline", "baseline-shift", "letter-spacing"),
        *("word-spacing", "line-height", "white-space", "writing-mode", "direction"),
        *("unicode-bidi", "text-orientation", "glyph-orientation-vertical", "inline-size"),
        *("shape-inside", "shape-padding", "shape-margin"),
        # layout, transforms and references to the drawing's own parts
        *("display", "visibility", "overflow", "transform", "transform-origin"),
        *("transform-box", "clip-path", "clip-rule", "mask", "mask-type", "filter"),
        *("marker", "marker-start", "marker-mid", "marker-end"),
    }
)
"""CSS properties a drawing may set (also read as presentation attributes)."""

FUNCTIONS = frozenset(
    {
        *("rgb", "rgba", "hsl", "hsla", "hwb", "calc", "min", "max", "clamp"),
        *("matrix", "translate", "translatex", "translatey", "scale", "scalex", "scaley"),
        *("rotate", "skew", "skewx", "skewy"),
        *("blur", "brightness", "contrast", "drop-shadow", "grayscale", "hue-rotate"),
        *("invert", "saturate", "sepia"),
    }
)
"""Functions a CSS value may call besides ``url(#id)``: colours, arithmetic,
transforms and filter effects, none of which loads anything."""

EDITOR_PREFIX = "-inkscape-"
"""Properties an editor writes for itself (``-inkscape-font-specification``): left out
of the published drawing without a word, as they change nothing a reader sees."""

FRAGMENT = re.compile(r"#[\w.:-]+")
"""A reference to a part of the drawing itself (``#gradient-1``)."""

MAX_NESTING = 16
"""Deepest nesting of functions and blocks in a piece of CSS."""

MAX_CSS = 64 * 1024
"""Longest piece of CSS (one attribute or one ``<style>``), in characters: a drawing's
styles are short, and tokenising is the slowest part of reading a drawing."""

_HINT = (
    "a drawing's style may set paint, strokes, fonts and text, and use only its own parts: url(#id)"
)


@dataclass(frozen=True)
class CssFinding:
    """Something refused in a piece of CSS, at a 1-based line and column of that CSS."""

    line: int
    col: int
    message: str
    hint: str = _HINT


@dataclass
class CssResult:
    """What reading a piece of CSS gave: its findings, and the CSS to publish."""

    text: str | None = None
    """The CSS written back from its tokens (None: not read, or not with tinycss2)."""
    findings: list[CssFinding] = field(default_factory=list)
    unchecked: bool = False
    """True when the CSS could not be read here (no tinycss2, and not plain)."""


@cache
def tokenizer() -> Any:
    """The ``tinycss2`` module, or None when the site extra is not installed."""
    try:
        import tinycss2
    except ImportError:
        return None
    return tinycss2


def read_declarations(text: str) -> CssResult:
    """A ``style`` attribute: declarations only."""
    tinycss2 = tokenizer()
    if (long := _too_long(text)) is not None:
        return long
    if tinycss2 is None:
        return _plain_declarations(text)
    result = CssResult()
    nodes = tinycss2.parse_blocks_contents(text, skip_comments=True, skip_whitespace=True)
    result.text = ";".join(_declarations(nodes, result.findings))
    return result


def read_value(name: str, text: str) -> CssResult:
    """A presentation attribute (``fill="url(#g)"``): one value of the property ``name``."""
    tinycss2 = tokenizer()
    if (long := _too_long(text)) is not None:
        return long
    if _SIMPLE.fullmatch(text):
        return CssResult(text=text.strip(" \t\n\r\f"))
    if tinycss2 is None:
        return _plain_value(text, 1)
    result = CssResult()
    tokens = tinycss2.parse_component_value_list(text, skip_comments=True)
    _check_value(tokens, result.findings)
    if not result.findings:
        result.text = tinycss2.serialize(tokens).strip()
    return result


def read_stylesheet(text: str) -> CssResult:
    """A ``<style>`` element: plain rules of allowed declarations, no at-rule."""
    tinycss2 = tokenizer()
    if (long := _too_long(text)) is not None:
        return long
    if tinycss2 is None:
        return CssResult(unchecked=bool(text.strip()))
    result = CssResult()
    rules = []
    for node in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if node.type != "qualified-rule":
            result.findings.append(_not_a_declaration(node))
            continue
        before = len(result.findings)
        _check_selector(node.prelude, result.findings)
        contents = tinycss2.parse_blocks_contents(
            node.content, skip_comments=True, skip_whitespace=True
        )
        body = ";".join(_declarations(contents, result.findings))
        if len(result.findings) == before:
            rules.append(f"{tinycss2.serialize(node.prelude).strip()}{{{body}}}")
    result.text = "\n".join(rules)
    return result


def _declarations(nodes: Iterable[Any], findings: list[CssFinding]) -> list[str]:
    """Check declarations (tinycss2 nodes) and write back those that pass."""
    import tinycss2

    kept = []
    for node in nodes:
        if node.type != "declaration":
            findings.append(_not_a_declaration(node))
            continue
        name = node.lower_name
        if name.startswith(EDITOR_PREFIX):
            continue
        if name not in PROPERTIES:
            findings.append(
                CssFinding(
                    node.source_line,
                    node.source_column,
                    f"CSS property `{name[:40]}` is not allowed in a drawing",
                )
            )
            continue
        before = len(findings)
        _check_value(node.value, findings)
        if len(findings) == before:
            value = tinycss2.serialize(node.value).strip()
            kept.append(f"{name}:{value}{' !important' if node.important else ''}")
    return kept


def _not_a_declaration(node: Any) -> CssFinding:
    """The finding for an at-rule, a nested rule or a parse error where a declaration
    (or, in a style sheet, a rule) was expected."""
    line, col = node.source_line, node.source_column
    if node.type == "at-rule":
        keyword = node.lower_at_keyword
        if keyword == "import":
            return CssFinding(line, col, "`@import` loads another style sheet into the drawing")
        return CssFinding(
            line,
            col,
            f"at-rule `@{keyword[:40]}` in a drawing's style",
            hint="a drawing's style sheet holds plain rules only (no @import, "
            "@font-face, @media...)",
        )
    if node.type == "error":
        return CssFinding(line, col, f"CSS that cannot be read: {node.message[:80]}")
    return CssFinding(line, col, "a CSS rule inside a style attribute")


def _check_value(tokens: Iterable[Any], findings: list[CssFinding]) -> None:
    """Findings for a value's tokens: only allowed functions, ``url(#id)`` only, nested
    at most ``MAX_NESTING`` deep (read with a stack of its own, never recursion)."""
    stack = [iter(tokens)]
    while stack:
        token = next(stack[-1], None)
        if token is None:
            stack.pop()
            continue
        kind = token.type
        line, col = token.source_line, token.source_column
        if kind == "url":
            if not FRAGMENT.fullmatch(token.value):
                findings.append(_url(line, col, token.value))
        elif kind == "function":
            name = token.lower_name
            if name == "url":
                words = [t for t in token.arguments if t.type not in ("whitespace", "comment")]
                if len(words) != 1 or words[0].type != "string":
                    findings.append(_url(line, col, "…"))
                elif not FRAGMENT.fullmatch(words[0].value):
                    findings.append(_url(line, col, words[0].value))
            elif name not in FUNCTIONS:
                findings.append(
                    CssFinding(
                        line, col, f"CSS function `{name[:40]}()` is not allowed in a drawing"
                    )
                )
            elif len(stack) >= MAX_NESTING:
                findings.append(_too_deep(line, col))
            else:
                stack.append(iter(token.arguments))
        elif kind == "at-keyword":
            findings.append(CssFinding(line, col, f"`@{token.lower_value[:40]}` in a CSS value"))
        elif kind == "error":
            findings.append(CssFinding(line, col, f"CSS that cannot be read: {token.message[:80]}"))
        elif kind.endswith("block"):
            findings.append(CssFinding(line, col, f"a `{kind}` in a CSS value"))


def _check_selector(tokens: Iterable[Any], findings: list[CssFinding]) -> None:
    """A rule's selector may not hold a URL, an at-keyword or a block of declarations,
    nor nest deeper than ``MAX_NESTING``."""
    stack = [iter(tokens)]
    while stack:
        token = next(stack[-1], None)
        if token is None:
            stack.pop()
            continue
        kind = token.type
        line, col = token.source_line, token.source_column
        if kind == "url" or (kind == "function" and token.lower_name == "url"):
            findings.append(_url(line, col, "…"))
        elif kind in ("at-keyword", "{} block", "error"):
            findings.append(CssFinding(line, col, "a selector that is not one"))
        elif kind in ("function", "() block", "[] block"):
            if len(stack) >= MAX_NESTING:
                findings.append(_too_deep(line, col))
            else:
                stack.append(iter(token.arguments if kind == "function" else token.content))


def _too_deep(line: int, col: int) -> CssFinding:
    return CssFinding(line, col, f"CSS nested deeper than {MAX_NESTING} levels")


def _too_long(text: str) -> CssResult | None:
    """The result for CSS longer than ``MAX_CSS`` (None when it is not)."""
    if len(text) <= MAX_CSS:
        return None
    message = f"a piece of CSS longer than {MAX_CSS // 1024} KiB ({len(text) // 1024} KiB)"
    return CssResult(findings=[CssFinding(1, 1, message, hint="split the drawing")])


def _url(line: int, col: int, value: str) -> CssFinding:
    return CssFinding(line, col, f"`url({value[:60]})` loads something from outside the drawing")


# --- the plain reader (no tinycss2) -------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z0-9 \t\n\r\f#.,:;%+_()/-]*")
"""Text whose CSS tokens are unambiguous: no strings, escapes, comments (no ``*``) or
at-rules."""
_SIMPLE = re.compile(r"[A-Za-z0-9 \t\n\r\f#.,%+-]*")
"""A value with nothing to decide (no function, URL, escape, string or comment): most
presentation attributes (``fill="#fff"``, ``stroke-width="2"``), written as they are."""
_NAME = re.compile(r"-?[A-Za-z_][A-Za-z0-9_-]*")
_CALL = re.compile(r"(?<![A-Za-z0-9_-])([A-Za-z0-9_-]*+)\(([^()]*+)\)")
"""A function call without nesting (nesting is left to tinycss2); a name starts only
after a character that cannot be part of it, so a long run is read once, not once a
start."""


def _plain_declarations(text: str) -> CssResult:
    """Declarations read without tinycss2, when the text is plain (else unchecked)."""
    if not _PLAIN.fullmatch(text) or not _flat(text, inside_ok=False):
        return CssResult(unchecked=True)
    result = CssResult()
    offset = 0
    for part in text.split(";"):
        start, offset = offset, offset + len(part) + 1
        if not part.strip():
            continue
        name, colon, value = part.partition(":")
        name = name.strip().lower()
        if not colon or not _NAME.fullmatch(name):
            return CssResult(unchecked=True)
        line, col = _position(text, start + len(part) - len(part.lstrip()))
        if name.startswith(EDITOR_PREFIX):
            continue
        if name not in PROPERTIES:
            result.findings.append(
                CssFinding(line, col, f"CSS property `{name[:40]}` is not allowed in a drawing")
            )
            continue
        found = _plain_value(value, line)
        if found.unchecked:
            return found
        result.findings.extend(found.findings)
    return result


def _plain_value(text: str, line: int) -> CssResult:
    """A value read without tinycss2, when the text is plain (else unchecked)."""
    if not _PLAIN.fullmatch(text) or not _flat(text, inside_ok=True):
        return CssResult(unchecked=True)
    result = CssResult()
    for call in _CALL.finditer(text):
        name, argument = call.group(1).lower(), call.group(2).strip(" \t\n\r\f")
        if name == "url":
            if not FRAGMENT.fullmatch(argument):
                result.findings.append(_url(line, 1, argument))
        elif name not in FUNCTIONS:
            result.findings.append(
                CssFinding(line, 1, f"CSS function `{name[:40]}()` is not allowed in a drawing")
            )
    return result


def _flat(text: str, *, inside_ok: bool) -> bool:
    """True when parentheses are balanced, never nested, and (unless ``inside_ok``) hold
    no ``;`` (which ends a declaration only outside them)."""
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
            if depth > 1:
                return False
        elif char == ")":
            depth -= 1
            if depth < 0:
                return False
        elif depth and not inside_ok and char == ";":
            return False
    return depth == 0


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
