"""An independent look for anything executable in HTML (tests only; not the guard's code).

Parses with the standard library's HTML parser, decodes attribute values as a browser
does, and lists: inline scripts that are not data blocks, scripts from other hosts,
event-handler attributes, and URL attributes whose scheme could run code.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "cite", "poster", "data"}
_DATA_TYPES = {"application/json", "application/ld+json"}


def _scheme(value: str) -> str | None:
    # as the URL standard reads it: C0 controls and spaces trimmed at both ends, tabs
    # and newlines removed anywhere
    cleaned = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(33)))))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else None


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.inline_scripts: list[str] = []
        self.theme_hooks: list[str] = []
        self._in_script = False
        self._script: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in _URL_ATTRIBUTES and _scheme(value) not in (None, "https", "http", "mailto"):
                self.found.append(f"<{tag} {name}={value[:40]!r}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            url = values.get("content", "").partition("url=")[2]
            if _scheme(url) not in (None, "https", "http", "mailto"):
                self.found.append(f"refresh to {url[:40]!r}")
        if tag == "script":
            src = values.get("src")
            if src is not None and (_scheme(src) or src.startswith("//")):
                self.found.append(f"script from {src}")
            self._in_script = src is None and values.get("type", "").lower() not in _DATA_TYPES
            self._script = []
        if tag in ("iframe", "object", "embed", "frame", "base"):
            self.found.append(f"<{tag}>")
        for name, value in values.items():
            if name.startswith("data-md-") or (
                name in ("id", "name", "for") and value.strip().startswith("__")
            ):
                self.theme_hooks.append(f"<{tag} {name}={value[:40]!r}>")

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script:
            self.inline_scripts.append("".join(self._script))
            self._in_script = False


def executable_parts(html: str) -> tuple[list[str], list[str]]:
    """(things that could run and should not, the inline scripts found) in ``html``."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found, finder.inline_scripts


def theme_hooks(html: str) -> list[str]:
    """Elements in ``html`` with an id the theme's script looks up (``__config``) or a
    ``data-md-*`` attribute: content holding them could steer the theme."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.theme_hooks
