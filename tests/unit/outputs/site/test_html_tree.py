"""HTML written again from the parser's tree reads back as the same tree."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from oshub.outputs.site.html_tree import written_again
from oshub.outputs.site.switched_off import unlink_html


def _texts(html: str) -> list[str | None]:
    tree = LexborHTMLParser(html, is_fragment=True)
    return [n.text() for n in tree.css("pre, textarea, listing")]


def test_a_blank_first_line_of_a_pre_survives_being_written_again() -> None:
    content = (
        "<pre>\n\nindented\n</pre><textarea>\n\nt</textarea><pre>\nnone</pre>"
        "<pre><code>\n\ncode</code></pre><p>x &amp; y &lt;z&gt;</p>"
    )
    again = written_again(LexborHTMLParser(content, is_fragment=True))
    assert _texts(again) == _texts(content) == ["\nindented\n", "\nt", "none", "\n\ncode"]
    assert "<p>x &amp; y &lt;z&gt;</p>" in again
    # read and written twice: still the same
    assert written_again(LexborHTMLParser(again, is_fragment=True)) == again


def test_unlinking_keeps_the_blank_first_line_of_a_pre() -> None:
    content = '<pre>\n\nfirst</pre><p><a href="../hubs/">hubs</a></p>'
    unlinked = unlink_html(content, lambda href: True)
    assert _texts(unlinked) == ["\nfirst"]
    assert '<span class="oshub-off">hubs</span>' in unlinked
