"""What a built page makes a browser fetch from another host by itself.

The backstop behind the checks of content (``remote_images``): whatever way an address
of another host reached a page (a renderer's quirk, a template, a value of a data
file), the page is not published when it holds one where a browser loads it without
being asked: ``<img src>``/``srcset``, ``<source src>``/``srcset``, SVG ``<image>`` and
``<use>`` ``href``, ``<video poster>``, media and ``<input>`` ``src``, a ``<link>`` that
loads (stylesheet, icon, preload ...), and CSS ``url()``, ``image-set()`` and
``@import`` in ``style`` attributes and ``<style>`` elements. Links a reader follows
stay allowed. CSS is read with tinycss2 (escapes and comments decoded as a browser
does); the site extra has it, and only the build reads built pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import tinycss2

from oshub.validate.remote_images import another_host

LOADED = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
"""Attributes whose address a browser loads by itself, by element (a request, not a
link); the offline copy's address check reads the same table."""
_GUARDED_ELSEWHERE = frozenset({"script", "iframe", "embed", "object"})
"""Elements the sanitiser drops and the page guard refuses from any host already."""
LOADING_LINKS = frozenset(
    {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}
)
"""``<link rel>`` values that load their ``href``."""
_CSS_ADDRESSES = frozenset({"url", "src", "image-set", "-webkit-image-set"})


def attribute_loads(tag: str, attributes: dict[str, str]) -> list[str]:
    """The addresses on another host one start tag loads (attribute values decoded)."""
    found: list[str] = []
    tag = tag.lower()
    names = () if tag in _GUARDED_ELSEWHERE else LOADED.get(tag, ())
    for name in names:
        value = attributes.get(name)
        if value is None:
            continue
        candidates = [c.split()[0] for c in value.split(",") if c.split()]
        if name != "srcset":
            candidates = [value]
        found.extend(f"<{tag} {name}> {c.strip()[:80]!r}" for c in candidates if another_host(c))
    if tag == "link" and set(attributes.get("rel", "").lower().split()) & LOADING_LINKS:
        href = attributes.get("href", "")
        if another_host(href):
            found.append(f"<link href> {href.strip()[:80]!r}")
    if "style" in attributes:
        found.extend(f"style on <{tag}>: {a}" for a in css_loads(attributes["style"], inline=True))
    return found


def css_loads(css: str, *, inline: bool = False) -> list[str]:
    """Addresses on another host in CSS (a stylesheet, or an attribute's declarations)."""
    nodes = tinycss2.parse_blocks_contents(css) if inline else tinycss2.parse_stylesheet(css)
    return [
        f"url({address.strip()[:80]!r})" for address in _addresses(nodes) if another_host(address)
    ]


def _addresses(nodes: Iterable[Any]) -> Iterable[str]:
    """Every address in CSS nodes, walked without recursion (nesting is unbounded)."""
    pending = list(nodes)
    while pending:
        node = pending.pop()
        kind = getattr(node, "type", "")
        if kind == "url":
            yield node.value
        elif kind == "function" and node.lower_name in _CSS_ADDRESSES:
            yield from (t.value for t in node.arguments if t.type == "string")
        elif kind == "at-rule" and node.lower_at_keyword == "import":
            yield from (t.value for t in node.prelude if t.type == "string")
        for part in ("prelude", "content", "arguments", "value"):
            children = getattr(node, part, None)
            if isinstance(children, list):
                pending.extend(children)
