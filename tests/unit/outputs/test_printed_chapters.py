"""A printed chapter's HTML is read and rewritten as a tree, not with patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from oshub.model.entities import Guide
from oshub.outputs.pdf.books import PdfError, image_sources
from oshub.outputs.pdf.printing import (
    MAX_TABLE_CELLS,
    PageRefused,
    chapter_html,
    chapter_tree,
    print_budget,
)

GUIDE = Guide("guides/equity/barriers.md", "blueprint/guides/equity/barriers.md", "T", "", 0, ())


def _docs(tmp_path: Path) -> Path:
    docs = tmp_path / "blueprint"
    (docs / "guides/equity").mkdir(parents=True)
    (docs / "guides/equity/room.svg").write_text("<svg/>", encoding="utf-8")
    return docs


def test_every_way_of_writing_an_image_source_is_printed_from_its_file(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    uri = (docs / "guides/equity/room.svg").resolve().as_uri()
    for written in (
        "<img src='room.svg' alt=''>",
        "<IMG SRC=room.svg>",
        '<img src="r&#111;om.svg">',
    ):
        printed = chapter_tree(image_sources(f"<p>{written}</p>", GUIDE, docs))
        assert [node.attrs["src"] for node in printed.css("img")] == [uri], written


def test_text_that_only_looks_like_an_image_is_left_as_it_is(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    chapter = (
        '<!-- <img src="https://tracker.example/p.png"> -->'
        '<pre><code>&lt;img src="https://tracker.example/p.png"&gt;</code></pre>'
        '<p title="&lt;img src=&quot;https://tracker.example/p.png&quot;&gt;">t</p>'
    )
    assert image_sources(chapter, GUIDE, docs) == chapter


def test_a_missing_image_prints_as_its_decoded_text(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    chapter = "<p><img alt='Plan &amp; room' src=gone.png></p>"
    with pytest.raises(PdfError, match=r"image `gone\.png` not found"):
        image_sources(chapter, GUIDE, docs)
    printed = image_sources(chapter, GUIDE, docs, strict=False)
    assert printed == '<p><span class="missing-image">Plan &amp; room</span></p>'


def test_the_budget_counts_cells_and_text_not_markup() -> None:
    row = "<tr>" + "<TD>a</TD><th class=x>b</th>" * 10 + "</tr>"
    within = "<table>" + row * (MAX_TABLE_CELLS // 20) + "</table>"
    print_budget(GUIDE, chapter_tree(within))
    # a cell written in a comment or as text is not a cell
    print_budget(GUIDE, chapter_tree(within + "<!-- <td> -->&lt;td&gt;"))
    with pytest.raises(PageRefused, match="1,002 table cells"):
        print_budget(GUIDE, chapter_tree(within + "<table><tr><td>c<td>d</table>"))
    markup = '<p class="' + "x" * 200_000 + '">short</p>'
    print_budget(GUIDE, chapter_tree(markup))  # long markup, little text
    with pytest.raises(PageRefused, match="characters are more than"):
        print_budget(GUIDE, chapter_tree("<p>" + "&amp;" * 100_001 + "</p>"))


def test_a_chapter_s_tree_gives_back_its_html() -> None:
    chapter = '<h2 id="a">A &amp; B</h2>\n<p>"quoted" <a href="x/?a=1&amp;b=2">x</a></p>'
    assert chapter_html(chapter_tree(chapter)) == chapter
