"""TEMPORARY stand-in (the guard helper's parser version replaces it at merge)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_ANCHOR = re.compile(r"<a\b([^<>]*?)\shref=\"([^\"]*)\"([^<>]*)>((?:[^<]|<(?!/?a\b))*)</a>")


def unlink_html(content: str, is_off: Callable[[str], bool]) -> str:
    """Links whose href is off become text."""
    import html

    def unlink(match: re.Match[str]) -> str:
        if is_off(html.unescape(match.group(2))):
            return f'<span class="oshub-off">{match.group(4)}</span>'
        return match.group(0)

    return _ANCHOR.sub(unlink, content)


class _Unlink(Treeprocessor):
    def __init__(self, md: Markdown, is_off: Callable[[str], bool]) -> None:
        super().__init__(md)
        self.is_off = is_off

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter("a"):
            href = element.get("href")
            if href is not None and self.is_off(href):
                element.tag = "span"
                element.attrib.clear()
                element.set("class", "oshub-off")


class UnlinkExtension(Extension):
    """Links whose href is off become text, before MkDocs reads them."""

    def __init__(self, is_off: Callable[[str], bool], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.is_off = is_off

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_Unlink(md, self.is_off), "oshub_unlink", 1)
