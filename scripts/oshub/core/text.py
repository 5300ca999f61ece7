"""Text helpers every layer may use: slugs, Markdown as plain text, text cut to a length.

Each job has one function here, so that a slug, a search entry or a problem's message
is made the same way wherever it is made.
"""

from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "\u2026"
"""What marks text that was cut."""

_NOT_SLUG_CHARS = re.compile(r"[^a-z0-9]+")

_MARKUP = re.compile(
    r"^(?=[ \t|:-]*$)[ \t|:]*-[ \t|:-]*$"  # the rule under a table's header
    r"|!?\[([^\[\]]*)\]\([^()]*\)"  # links and images: their text
    r"|\[([^\[\]]*)\]\[[^\[\]]*\]"  # reference links: their text
    r"|^[ \t]*(?:[-*+]|\d+\.|>|!!!|\?\?\?|#{1,6})[ \t]*"  # list, quote, admonition, heading marks
    r"|\{:[^{}]*\}|\*\*|__|[*`|]|<[^<>]*>"  # attribute lists, emphasis, table bars, tags
    r"|^[ \t]*\[[^\[\]\n]+\]:.*$|^\*\[[^\[\]\n]+\]:.*$",  # reference definitions, abbreviations
    re.MULTILINE,
)


def make_slug(text: str, limit: int | None = None) -> str:
    """``text`` as lowercase ``a-z0-9`` words joined by single hyphens: case folded,
    accents dropped (``Café Ströme`` is ``cafe-strome``), every other character a word
    break; empty when nothing is left. With ``limit``, at most that many characters,
    cut at the last hyphen that keeps them (or inside a single long word).

    The one slug maker: hub and mission slugs from a name, the slug a problem suggests
    for a misnamed file, HTML ids of glossary terms, a page's anchor in a PDF book.
    """
    folded = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore")
    made = _NOT_SLUG_CHARS.sub("-", folded.decode("ascii")).strip("-")
    if limit is None or len(made) <= limit:
        return made
    cut_at = made.rfind("-", 0, limit + 1)  # the last word boundary that keeps `limit`
    return made[:cut_at] if cut_at > 0 else made[:limit]


def markdown_to_text(markdown: str) -> str:
    """Markdown as plain text on one line (marks, link targets and tags dropped, the
    text of links kept): for search entries, descriptions and linked data."""
    text = _MARKUP.sub(lambda m: m.group(1) or m.group(2) or "", markdown)
    return " ".join(text.split())


def markdown_summary(markdown: str, limit: int = 300) -> str:
    """The first paragraph of Markdown as plain text (``markdown_to_text``), at most
    ``limit`` characters: cut at a word, with an ellipsis."""
    text = markdown_to_text(markdown.strip().split("\n\n")[0])
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + ELLIPSIS


def cut(text: str, limit: int) -> str:
    """``text``, or its first ``limit - 1`` characters and an ellipsis: never longer than
    ``limit`` characters (a quote in a problem or a reply, a megabyte of content kept
    to a line)."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS
