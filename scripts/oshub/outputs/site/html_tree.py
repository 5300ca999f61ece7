"""HTML written again from the parser's tree, so that reading it again gives that tree."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

_LEADING_NEWLINE = "pre, textarea, listing"
"""Elements whose first newline the parser drops (HTML writes one there for layout)."""


def written_again(tree: LexborHTMLParser) -> str:
    """The HTML of ``tree`` (a page or a fragment).

    A ``<pre>`` whose text begins with a newline is written with one more: the parser
    drops the first newline after the start tag, so without it a blank first line of
    a ``<pre>`` would be lost each time the page is read (the sanitiser reads content
    again after this)."""
    for node in tree.css(_LEADING_NEWLINE):
        first = node.first_child
        if first is not None and first.is_text_node and (first.text_content or "")[:1] == "\n":
            first.insert_before("\n")
    return tree.html or ""
