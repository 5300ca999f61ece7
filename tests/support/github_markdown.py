"""What GitHub makes of a comment: cmark-gfm (GitHub's own Markdown parser) renders it,
and an HTML parser lists what would act outside code: HTML elements written in the
text, @mentions and #references."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options

MENTION = re.compile(r"(?<![\w`])@[A-Za-z0-9]")
REFERENCE = re.compile(r"(?<![\w&])#[0-9]")
MADE_BY_MARKDOWN = {"p", "ul", "ol", "li", "strong", "em", "code", "pre", "br", "hr", "h2", "h3"}


@dataclass
class Acting:
    """What in the rendered comment is more than text."""

    elements: list[str] = field(default_factory=list)
    """Elements that Markdown alone does not make from plain words (img, a, script...)."""
    mentions: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self, found: Acting) -> None:
        super().__init__(convert_charrefs=True)
        self.found = found
        self.in_code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("code", "pre"):
            self.in_code += 1
        if tag not in MADE_BY_MARKDOWN:
            self.found.elements.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "pre"):
            self.in_code -= 1

    def handle_data(self, data: str) -> None:
        if not self.in_code:
            self.found.mentions += MENTION.findall(data)
            self.found.references += REFERENCE.findall(data)


def acting_parts(comment: str) -> Acting:
    """Render ``comment`` as GitHub does (raw HTML let through, to see it) and list what
    acts outside code spans and blocks."""
    html = cmarkgfm.github_flavored_markdown_to_html(comment, options=Options.CMARK_OPT_UNSAFE)
    found = Acting()
    _Reader(found).feed(html)
    return found
