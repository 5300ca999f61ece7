"""Images on other hosts, refused in pages at their line and column.

An image a page loads from another host tells that host who reads the page and when,
can change after review, is blocked by the pages' Content-Security-Policy, and stops
the printed book. Markdown images (``![a plan](https://...)``, ``![a plan][ref]`` with
``[ref]: https://...``, protocol-relative ``//host/x.png``) and ``<img src>`` are
read; links to web pages stay allowed. Standard library only (the light layer).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

from .htmlpolicy import SAFE_SCHEMES, url_scheme
from .problems import Problem, error

_INLINE_IMAGE = re.compile(r"!\[[^\[\]]*+\]\([ \t]*+(?:\n[ \t]*+)?(<[^<>\n]*+>|[^\s)]++)")
"""``![text](address`` (each part stops where the next could start: linear)."""
_REFERENCE_IMAGE = re.compile(r"!\[([^\[\]]*+)\](?:\[([^\[\]]*+)\])?")
_DEFINITION = re.compile(
    r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t>]+)*\[([^\[\]\n]*)\]:[ \t]*(?:\n[ \t>]*)?"
    r"(<[^>\n]*>|\S+)",
    re.MULTILINE,
)
"""A reference definition, read as ``markdown_check`` reads them, with its label."""
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
"""What a browser trims at both ends of an address (C0 controls and the space)."""


def remote(address: str) -> bool:
    """True when an image at ``address`` would be fetched from another host."""
    target = html.unescape(address.strip().removeprefix("<").removesuffix(">"))
    target = "".join(c for c in target if c not in "\t\n\r").strip(_C0_AND_SPACE)
    if target.replace("\\", "/").startswith("//"):
        return True
    return url_scheme(target) in SAFE_SCHEMES


def remote_image(path: str, at: tuple[int, int], address: str) -> Problem:
    """The problem of an image loaded from ``address`` on another host."""
    return error(
        path,
        *at,
        f"image on another host: `{address.strip()[:80]}`",
        hint="save the image beside the page and link to the file (![a plan](plan.png)): "
        "pages and printed books use only the site's own images",
    )


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def remote_images(
    masked: str, path: str, at: Callable[[int], tuple[int, int]]
) -> Iterator[Problem]:
    """Markdown images of a page body (inline code masked) that load from another host."""
    for match in _INLINE_IMAGE.finditer(masked):
        if remote(match.group(1)):
            yield remote_image(path, at(match.start(1)), match.group(1))
    labels = set()
    for match in _REFERENCE_IMAGE.finditer(masked):
        if masked.startswith("(", match.end()):
            continue  # an inline image, read above
        labels.add(_label(match.group(2) or match.group(1)))
    if not labels:
        return
    for match in _DEFINITION.finditer(masked):
        if _label(match.group(1)) in labels and remote(match.group(2)):
            yield remote_image(path, at(match.start(2)), match.group(2))
