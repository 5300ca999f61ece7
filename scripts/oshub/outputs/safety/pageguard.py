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

The policy is a ``<meta http-equiv>`` tag, which works on any static host.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from oshub.core.htmlpolicy import SAFE_SCHEMES, URL_ATTRIBUTES, url_scheme
from oshub.outputs.safety.page_loads import attribute_loads, css_loads

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_TAG = re.compile(r"<[A-Za-z][^\s<>/]*+(?:\s(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)?>")
_HANDLER = re.compile(r"(?<![a-z])on[a-z]+\s*=")
"""An event handler's name, searched in the lower-cased page."""
_BEFORE_ATTRIBUTE = frozenset(" \t\n\r\f\"'/")
_VALUE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
"""Any attribute value; those with a scheme-like part are looked at closer."""
_ATTRIBUTE = re.compile(r"""\s([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_TEMPLATE_SCRIPT = re.compile(r"<script(?:\s+id=\"[^\"]*\")?>((?:[^<]|<(?!/?script\b))*)</script>")
_JINJA = re.compile(r"\{\{(?:[^{}]|\{(?!\{)|\}(?!\}))*\}\}")
_EXPRESSION = r"[\w./~#?&=%+-]*"
"""What a Jinja expression inside a trusted script may have printed: a relative URL or
a word, never a quote, bracket, parenthesis or colon (no way out of a string, no
``javascript:`` URL)."""
_REFRESH = re.compile(
    r"""<meta\s[^<>]*http-equiv=["']?refresh["']?[^<>]*content=["'][^"'<>]*?url=([^"'<>]*)"""
)
"""A refresh to another address (searched in the lower-cased page)."""
_DATA_TYPES = frozenset({"application/json", "application/ld+json", "importmap"})
_EMBEDDING = re.compile(r"<(iframe|frame|object|embed|base|applet)\b")
"""Elements that load or re-root other documents; no page of the site has them."""
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)

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

    A Jinja expression (``{{ base_url }}``) in a script stands for a relative URL or a
    word (see ``_EXPRESSION``); scripts with Jinja statements are skipped (their text
    is not known before rendering).
    """
    patterns: dict[str, re.Pattern[str]] = {}
    for folder in template_dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            text = path.read_text(encoding="utf-8", errors="replace")
            for match in _TEMPLATE_SCRIPT.finditer(text):
                body = match.group(1)
                if "{%" in body or not body.strip():
                    continue
                pieces = _JINJA.split(body)
                source = _EXPRESSION.join(re.escape(p) for p in pieces)
                patterns.setdefault(source, re.compile(source, re.DOTALL))
    return TrustedScripts(tuple(patterns.values()))


def _may_load_elsewhere(value: str) -> bool:
    """A value that could name another host (an address, a style with ``url()``):
    ``//``, a backslash, a character reference, ``http:`` without slashes, ``url(``."""
    return any(mark in value for mark in ("//", "\\", "&", "(")) or "http" in value.lower()


def _style_elements(markup: str) -> list[str]:
    """The text of every ``<style>`` element (one pass: each search starts further on)."""
    lowered = markup.lower()
    found = []
    start = lowered.find("<style")
    while start >= 0:
        opened = lowered.find(">", start)
        closed = lowered.find("</style", opened)
        if opened < 0 or closed < 0:
            break
        found.append(markup[opened + 1 : closed])
        start = lowered.find("<style", closed)
    return found


def _unsafe_value(value: str) -> bool:
    if ":" not in value and "&" not in value:
        return False  # a relative URL or a plain word: the common case
    scheme = url_scheme(value)
    return scheme is not None and scheme not in SAFE_SCHEMES


def _enclosing_tag(html: str, position: int) -> str | None:
    """The start tag that ``position`` lies in, or None when it is text."""
    start = html.rfind("<", 0, position)
    while start >= 0:
        tag = _TAG.match(html, start)
        if tag is not None and tag.end() > position:
            return tag.group(0)
        if html.rfind(">", start, position) >= 0:
            return None  # a tag closed between it and the position: this is text
        start = html.rfind("<", 0, start)
    return None


def _tag_findings(tag: str) -> list[str]:
    """Event handlers and script URLs among the attributes of one start tag."""
    findings = []
    name_end = re.search(r"[\s/>]", tag)
    for attribute in _ATTRIBUTE.finditer(tag, name_end.start() if name_end else len(tag)):
        name = attribute.group(1).lower()
        if name.startswith("on"):
            findings.append(f"an event-handler attribute `{name}`: {tag[:80]!r}")
        elif name in URL_ATTRIBUTES:
            scheme = url_scheme(_value(attribute, 1))
            if scheme is not None and scheme not in SAFE_SCHEMES:
                findings.append(f"a `{scheme}:` URL in `{name}`: {tag[:80]!r}")
    tag_name = tag[1 : name_end.start() if name_end else len(tag)]
    attributes: dict[str, str] = {}
    for attribute in _ATTRIBUTE.finditer(tag, name_end.start() if name_end else len(tag)):
        attributes.setdefault(attribute.group(1).lower(), html_lib.unescape(_value(attribute, 1)))
    findings.extend(
        f"a file loaded from another host: {a}" for a in attribute_loads(tag_name, attributes)
    )
    return findings


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _value(match: re.Match[str], first: int) -> str:
    return next((g for g in match.groups()[first:] if g is not None), "")


def guard_page(
    html: str, trusted: TrustedScripts, *, with_policy: bool = True
) -> tuple[str, list[str]]:
    """The page with its Content-Security-Policy, and what in it is not allowed to run.

    When the list is not empty the page must not be published. ``with_policy=False``
    leaves the policy out (the live preview adds a reload script of its own to every
    page it serves); the checks are the same.
    """
    markup, hashes, findings = _script_findings(html, trusted)
    lowered = markup.lower()
    read: set[str] = set()  # a tag with several suspect values is read once
    for position in sorted(_suspects(markup, lowered)):
        tag = _enclosing_tag(markup, position)
        if tag is not None and tag not in read:
            read.add(tag)
            findings.extend(f for f in _tag_findings(tag) if f not in findings)
    findings += _element_findings(markup, lowered)
    if not with_policy:
        return html, findings
    return _with_policy(html, hashes), findings


def _script_findings(html: str, trusted: TrustedScripts) -> tuple[str, list[str], list[str]]:
    """The page without script bodies (for the checks of markup), the hashes of its
    trusted inline scripts (for the policy), and the scripts that may not run."""
    findings: list[str] = []
    hashes: list[str] = []
    pieces: list[str] = []
    end = 0
    for match in _SCRIPT.finditer(html):
        attributes, body = match.group(1), match.group(2)
        pieces += (html[end : match.start()], f"<script{attributes}></script>")
        end = match.end()
        kind = _TYPE.search(attributes)
        if kind and kind.group(1).lower() in _DATA_TYPES:
            if "</" in body.lower() or "<!--" in body:
                findings.append("a data <script> block holds markup")
            continue
        src = _SRC.search(attributes)
        if src:
            where = _value(src, 0)
            if url_scheme(where) is not None or where.startswith("//"):
                findings.append(f"a script from another site: {where}")
            continue
        if not trusted.trusts(body):
            findings.append(f"an inline script that no template holds: {body.strip()[:60]!r}")
            continue
        hash_ = _hash(body)
        if hash_ not in hashes:
            hashes.append(hash_)
    return "".join((*pieces, html[end:])), hashes, findings


def _suspects(markup: str, lowered: str) -> set[int]:
    """Positions in the markup inside a tag that may run or load something: an event
    handler, a value with a scheme that could run, a value that could name another host."""
    suspects: set[int] = set()
    for match in _HANDLER.finditer(lowered):  # a literal start: scanned at C speed
        if match.start() and lowered[match.start() - 1] in _BEFORE_ATTRIBUTE:
            suspects.add(match.start())
    # values with a scheme that could run (few; findall keeps the scan at C speed),
    # then the tags they stand in (an aria-label "Map: ..." is text, not a URL)
    unsafe = {v for a, b, c in _VALUE.findall(markup) if _unsafe_value(v := a or b or c)}
    for value in unsafe:
        position = markup.find(value)
        while position >= 0:
            suspects.add(position)
            position = markup.find(value, position + 1)
    # and the values that could name another host (an image, a style with url())
    suspects.update(m.start() for m in _VALUE.finditer(markup) if _may_load_elsewhere(m.group(0)))
    return suspects


def _element_findings(markup: str, lowered: str) -> list[str]:
    """Whole elements that may not be published: a style loading from another host, an
    embedded object or frame, a refresh to a URL that could run."""
    findings: list[str] = []
    for style in _style_elements(markup):
        findings.extend(f"a file loaded from another host: <style> {a}" for a in css_loads(style))
    for element in _EMBEDDING.finditer(lowered):
        findings.append(f"a <{element.group(1).lower()}> element")
    for refresh in _REFRESH.finditer(lowered):
        scheme = url_scheme(refresh.group(1))
        if scheme is not None and scheme not in SAFE_SCHEMES:
            findings.append(f"a `{scheme}:` URL in a refresh: {refresh.group(0)[:80]!r}")
    return findings


def _with_policy(html: str, hashes: list[str]) -> str:
    """The page with its Content-Security-Policy (allowing the scripts of ``hashes``)
    right after its charset, or first in its ``<head>``."""
    policy = POLICY.format(hashes=" ".join(hashes)).replace("  ", " ")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    secured, count = _CHARSET.subn(lambda m: m.group(0) + "\n    " + meta, html, count=1)
    if not count:
        secured = html.replace("<head>", "<head>\n" + meta, 1)
    return secured
