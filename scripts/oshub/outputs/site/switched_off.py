"""Links to pages a build does not have (an output switched off, a guide left out) as text.

Two readers, no pattern over the source: Python-Markdown's own tree of a page, before
MkDocs resolves its links (so MkDocs never sees, nor warns about, a link to a page this
build does not write), and the HTML parser over a page's rendered content (for links
written in HTML, or that MkDocs turned into addresses). Either way the link's text and
markup stay, in ``<span class="oshub-off">``.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from selectolax.lexbor import LexborHTMLParser

from oshub.outputs.site.html_tree import written_again

OFF_CLASS = "oshub-off"
PRIORITY = 0
"""Where the treeprocessor runs: after Python-Markdown's ``inline`` (20), which makes
the links, and its ``unescape`` (0, registered before any extension's), which puts
back the characters written with a backslash; and before MkDocs' ``relpath`` (0,
registered after every extension's), which turns links into addresses and warns about
those to no page. Python-Markdown keeps the order of registration among equal
priorities (a stable sort)."""


def unlink_html(content: str, is_off: Callable[[str], bool]) -> str:
    """``content`` (a page's HTML) with every ``<a href>`` for which ``is_off(href)``
    (the address as written, character references decoded) is True turned into
    ``<span class="oshub-off">`` holding what the link held.

    Read with the HTML parser; a page with such a link is written again from its tree
    (the sanitiser reads and writes it after this anyway), any other is returned as is.
    """
    tree = LexborHTMLParser(content, is_fragment=True)
    links = [a for a in tree.css("a[href]") if is_off(a.attributes.get("href") or "")]
    if not links:
        return content
    for link in links:
        text = tree.create_node("span")
        text.attrs["class"] = OFF_CLASS
        for child in list(link.iter(include_text=True)):
            text.insert_child(child, move=True)
        link.replace_with(text)
    return written_again(tree)


class _UnlinkTreeprocessor(Treeprocessor):
    """Links of the page's tree to pages that are off, turned into spans."""

    def __init__(self, md: Markdown, is_off: Callable[[str], bool]) -> None:
        super().__init__(md)
        self.is_off = is_off

    def run(self, root: Element) -> None:
        for element in list(root.iter("a")):
            href = element.get("href")
            if href is not None and self.is_off(href):
                element.tag = "span"
                element.attrib.clear()
                element.set("class", OFF_CLASS)


class UnlinkExtension(Extension):
    """Python-Markdown extension: links whose ``href`` (as written in the Markdown
    source, ``../hubs/index.md#x``) makes ``is_off`` True become
    ``<span class="oshub-off">`` with the same text and children, before MkDocs reads
    the links (see ``PRIORITY``)."""

    def __init__(self, is_off: Callable[[str], bool]) -> None:
        super().__init__()
        self.is_off = is_off

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the treeprocessor."""
        md.treeprocessors.register(_UnlinkTreeprocessor(md, self.is_off), "oshub_unlink", PRIORITY)
