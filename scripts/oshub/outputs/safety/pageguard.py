"""The last look at every built page: nothing runs but the site's own code, and a CSP says so.

Content is sanitised before the theme wraps it; this guard checks the whole page
the theme made, so that a value that reached the page some other way (a title in
the navigation, a description in ``<head>``) cannot run either:

- every inline ``<script>`` that a browser would execute must be one the theme's or
  the project's templates hold (their Jinja expressions stand for text without
  quotes or angle brackets); its SHA-256 goes into the page's Content-Security-Policy;
- a ``<script src>`` must come from the site itself;
- no element may carry an event-handler attribute, and no URL attribute a scheme
  other than https, http or mailto;
- nothing is loaded from another host by itself (``page_loads``): no ``<img>``,
  ``<source>``, SVG ``<image>``, CSS ``url()`` ... pointing elsewhere (the site makes
  no third-party request; links a reader follows are fine).

The page is read with an HTML5 parser (lexbor, through selectolax), so the guard sees
the elements and attributes a browser builds: unquoted values, a handler after ``/``,
character references in a scheme, SVG's ``xlink:href``, the content of ``<template>``.
It reads the page as a browser running scripts does (``<noscript>`` is text) and, when
the page has a ``<noscript>``, once more as one that does not (its content is markup).

The policy is a ``<meta http-equiv>`` tag, which works on any static host.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2
from selectolax.lexbor import LexborHTMLParser, LexborNode

from oshub.core.htmlpolicy import SAFE_SCHEMES, URL_ATTRIBUTES, url_scheme
from oshub.outputs.safety.page_loads import LOADED, attribute_loads, css_loads
from oshub.validate.remote_images import another_host

_EXPRESSION = r"[\w./~#?&=%+-]*"
"""What a Jinja expression inside a trusted script may have printed: a relative URL or
a word, never a quote, bracket, parenthesis or colon (no way out of a string, no
``javascript:`` URL)."""
_DATA_TYPES = frozenset({"application/json", "application/ld+json", "importmap"})
_EMBEDDING = frozenset({"iframe", "frame", "object", "embed", "base", "applet"})
"""Elements that load or re-root other documents; no page of the site has them."""
_ANIMATIONS = frozenset({"animate", "set"})
"""SVG elements that can set another attribute (an ``href``) to a value of their own."""
_ANIMATION_VALUES = ("values", "to", "from", "by")
_SPECIAL = (
    frozenset({"script", "style", "meta", "noscript", "template", "link"})
    | _EMBEDDING
    | _ANIMATIONS
    | frozenset(LOADED)
)
"""Elements always looked at closer (the parser gives HTML's names in lower case)."""
_CHARSET = '<meta charset="utf-8">'
"""Where the theme declares the page's encoding: the policy goes right after it."""
_SPACES = " \t\n\f\r"
_END = "<!--oshub-end-->"
"""Put after the page when it is read: a browser drops a tag still open at the end of
the page, and reads an open comment or script to its end (what they hold is not seen),
where a more lenient reader would read on; such a page is not published."""

POLICY = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "frame-src 'none'; base-uri 'self'; form-action 'self'"
)
"""The page's Content-Security-Policy. Styles may be inline (the theme and Markdown's
table alignment use style attributes; the sanitiser keeps only ``text-align`` in
content); scripts come from the site or match a hash."""


@dataclass(frozen=True)
class TrustedScripts:
    """The inline scripts of the theme's and the project's templates, as patterns."""

    patterns: tuple[re.Pattern[str], ...]

    def trusts(self, script: str) -> bool:
        """True when ``script`` is one of the templates' inline scripts."""
        return any(p.fullmatch(script) for p in self.patterns)


def trusted_scripts(template_dirs: Iterable[str | Path]) -> TrustedScripts:
    """Collect every inline script of the HTML templates in ``template_dirs``.

    The templates are read with the same HTML parser as the pages (Jinja's tags are
    text to it), so a script's text is what it will be in a page but for its Jinja.
    Only scripts without attributes but an ``id`` count (a ``src`` or a data ``type``
    is not an inline script to trust). A Jinja expression (``{{ base_url }}``) in a
    script stands for a relative URL or a word (see ``_EXPRESSION``); scripts with
    Jinja statements are skipped (their text is not known before rendering).
    """
    lexer = jinja2.Environment(keep_trailing_newline=True)  # the text is the script's, whole
    patterns: dict[str, re.Pattern[str]] = {}
    for folder in template_dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            text = path.read_text(encoding="utf-8", errors="replace")
            for script in LexborHTMLParser(text, scripting=True).css("script"):
                if set(script.attributes) - {"id"}:
                    continue
                pieces = _template_pieces(lexer, script.text())
                if pieces is None:
                    continue
                source = _EXPRESSION.join(re.escape(p) for p in pieces)
                patterns.setdefault(source, re.compile(source, re.DOTALL))
    return TrustedScripts(tuple(patterns.values()))


def _template_pieces(lexer: jinja2.Environment, body: str) -> list[str] | None:
    """The literal text of a template's script around its Jinja expressions (read by
    Jinja's own lexer), or None for an empty script or one with Jinja statements."""
    if not body.strip():
        return None
    pieces = [""]
    try:
        for _, kind, value in lexer.lex(body):
            if kind == "data":
                pieces[-1] += value
            elif kind == "variable_end":
                pieces.append("")
            elif kind in ("block_begin", "raw_begin", "linestatement_begin"):
                return None
    except jinja2.TemplateSyntaxError:
        return None
    return pieces


def guard_page(
    html: str, trusted: TrustedScripts, *, with_policy: bool = True
) -> tuple[str, list[str]]:
    """The page with its Content-Security-Policy, and what in it is not allowed to run.

    When the list is not empty the page must not be published. ``with_policy=False``
    leaves the policy out (the live preview adds a reload script of its own to every
    page it serves); the checks are the same.
    """
    hashes: list[str] = []
    findings: list[str] = []
    tree = LexborHTMLParser(html + _END, scripting=True)
    if not _reaches_its_end(tree):
        findings.append("markup cut short (the page ends inside a tag, comment or script)")
    seen = _read_page(tree, trusted, hashes, findings)
    if "noscript" in seen:  # what a browser not running scripts builds (loads) too
        _read_page(LexborHTMLParser(html, scripting=False), trusted, [], findings)
    findings = list(dict.fromkeys(findings))
    if not with_policy:
        return html, findings
    return _with_policy(html, hashes), findings


def _reaches_its_end(tree: LexborHTMLParser) -> bool:
    """True when the comment ``_END`` put after the page is the last node of its tree:
    the page ends as markup, not inside a tag, a comment, a script or raw text."""
    node = tree.root.parent if tree.root is not None else None
    while node is not None and node.last_child is not None:
        node = node.last_child
    return node is not None and node.tag == "-comment" and node.comment_content == _END[4:-3]


def _read_page(
    tree: LexborHTMLParser, trusted: TrustedScripts, hashes: list[str], findings: list[str]
) -> set[str]:
    """Add what the page may not hold to ``findings`` and the hashes of its trusted
    inline scripts to ``hashes``; return the names of the special elements it has.
    The content of templates (which a script may put into the page) is read too."""
    seen: set[str] = set()
    roots = [tree.root] if tree.root is not None else []
    while roots:
        root = roots.pop()
        found = _read_elements(root.traverse(), trusted, hashes, findings)
        if "template" in found:
            roots.extend(root.template_fragments())
        seen |= found
    return seen


def _read_elements(
    nodes: Iterable[LexborNode], trusted: TrustedScripts, hashes: list[str], findings: list[str]
) -> set[str]:
    """Read ``nodes`` (see ``_read_page``). An element is looked at closer when it is
    one of ``_SPECIAL`` or has an attribute that could run or load something (a name
    starting with ``on``, a URL with a colon, a style): the attribute names of the
    others are all a page of thousands of elements costs."""
    seen: set[str] = set()
    for node in nodes:
        tag = node.tag or "-"  # a comment is "-comment", a processing instruction None
        if tag not in _SPECIAL:
            if tag[0] == "-":
                continue
            attrs = node.attrs
            for name in attrs:
                if name[:2] == "on" or name == "style":
                    break
                if name in URL_ATTRIBUTES and ":" in (attrs[name] or ""):
                    break
            else:
                continue
        seen.add(tag)
        attributes = node.attributes
        findings.extend(_attribute_findings(tag, attributes))
        if tag == "script":
            findings.extend(_script_findings(node, attributes, trusted, hashes))
        elif tag == "style":
            loads = css_loads(node.text())
            findings.extend(f"a file loaded from another host: <style> {a}" for a in loads)
        elif tag == "meta":
            findings.extend(_refresh_findings(attributes))
        elif tag in _EMBEDDING:
            findings.append(f"a <{tag}> element")
    return seen


def _attribute_findings(tag: str, attributes: dict[str, str | None]) -> list[str]:
    """Event handlers, URLs that could run, and files loaded from another host, among
    the attributes of one element (values decoded by the parser)."""
    findings = []
    for name, value in attributes.items():
        lowered = name.lower()  # the parser lowers them; SVG's own have capitals
        if lowered.startswith("on"):
            findings.append(
                f"an event-handler attribute `{lowered}`: {_start_tag(tag, attributes)}"
            )
        elif value and lowered in URL_ATTRIBUTES:
            scheme = _unsafe_scheme(value)
            if scheme is not None:
                described = _start_tag(tag, attributes)
                findings.append(f"a `{scheme}:` URL in `{lowered}`: {described}")
    if tag in _ANIMATIONS:
        findings.extend(_animation_findings(tag, attributes))
    if tag in LOADED or tag == "link" or "style" in attributes:
        decoded = {name.lower(): value or "" for name, value in attributes.items()}
        loads = attribute_loads(tag, decoded)
        findings.extend(f"a file loaded from another host: {a}" for a in loads)
    return findings


def _animation_findings(tag: str, attributes: dict[str, str | None]) -> list[str]:
    """An SVG animation setting a URL attribute to a value that could run."""
    target = (attributes.get("attributeName") or attributes.get("attributename") or "").lower()
    if target.strip() not in URL_ATTRIBUTES:
        return []
    findings = []
    for name in _ANIMATION_VALUES:
        for value in (attributes.get(name) or "").split(";"):
            scheme = _unsafe_scheme(value)
            if scheme is not None:
                findings.append(f"a `{scheme}:` URL in `{name}`: {_start_tag(tag, attributes)}")
    return findings


def _unsafe_scheme(value: str) -> str | None:
    """The scheme of a URL (an attribute value already decoded by the parser) when it
    is not one of ``SAFE_SCHEMES``; ``url_scheme`` decodes references, so an ``&`` the
    parser left is escaped first (the value is read once, as a browser reads it)."""
    if ":" not in value:
        return None  # a relative URL or a plain word: the common case
    scheme = url_scheme(value.replace("&", "&amp;"))
    return scheme if scheme is not None and scheme not in SAFE_SCHEMES else None


def _start_tag(tag: str, attributes: dict[str, str | None]) -> str:
    """An element's start tag, written again from what the parser read (for messages)."""
    written = " ".join(
        name if value is None else f'{name}="{value}"' for name, value in attributes.items()
    )
    return repr(f"<{tag} {written}>"[:80])


def _script_findings(
    node: LexborNode, attributes: dict[str, str | None], trusted: TrustedScripts, hashes: list[str]
) -> list[str]:
    """What may not run in one ``<script>``; the hash of a trusted inline one is added
    to ``hashes`` (the text hashed is the element's text, as a browser hashes it)."""
    body = node.text()
    if (attributes.get("type") or "").strip().lower() in _DATA_TYPES:
        return ["a data <script> block holds markup"] if "</" in body or "<!--" in body else []
    if "src" in attributes:
        where = attributes["src"] or ""
        return [f"a script from another site: {where}"] if _elsewhere(where) else []
    if not trusted.trusts(body):
        return [f"an inline script that no template holds: {body.strip()[:60]!r}"]
    hash_ = _hash(body)
    if hash_ not in hashes:
        hashes.append(hash_)
    return []


def _elsewhere(src: str) -> bool:
    """True for a script address with a scheme, or on another host (``//``, ``/\\``)."""
    return url_scheme(src.replace("&", "&amp;")) is not None or another_host(src)


def _refresh_findings(attributes: dict[str, str | None]) -> list[str]:
    """A ``<meta http-equiv="refresh">`` to a URL that could run."""
    if (attributes.get("http-equiv") or "").strip().lower() != "refresh":
        return []
    url = _refresh_url(attributes.get("content") or "")
    scheme = _unsafe_scheme(url) if url is not None else None
    if scheme is None:
        return []
    return [f"a `{scheme}:` URL in a refresh: {_start_tag('meta', attributes)}"]


def _refresh_url(content: str) -> str | None:
    """The URL of a refresh's ``content`` as the HTML standard reads it (its "shared
    declarative refresh steps"): a time, a separator, then the URL, ``url=`` and quotes
    optional; None when there is no URL."""
    start = content.lstrip(_SPACES)
    rest = start.lstrip("0123456789.")
    if rest == start or not rest or rest[0] not in _SPACES + ";,":
        return None
    rest = rest.lstrip(_SPACES)
    if rest[:1] in (";", ","):
        rest = rest[1:].lstrip(_SPACES)
    url = rest
    if rest[:3].lower() == "url":
        after = rest[3:].lstrip(_SPACES)
        if after[:1] == "=":
            url = after[1:].lstrip(_SPACES)
    if url[:1] in ("'", '"'):
        url = url[1:].partition(url[0])[0]
    return url


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _with_policy(html: str, hashes: list[str]) -> str:
    """The page with its Content-Security-Policy (allowing the scripts of ``hashes``)
    right after the theme's charset, or first in its ``<head>``."""
    policy = POLICY.format(hashes=" ".join(hashes)).replace("  ", " ")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    at = html.find(_CHARSET)
    if at >= 0:
        at += len(_CHARSET)
        return html[:at] + "\n    " + meta + html[at:]
    return html.replace("<head>", "<head>\n" + meta, 1)
