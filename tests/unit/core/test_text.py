"""The text helpers every layer shares (``core.text``): one slug maker, one way from
Markdown to plain text, one way to cut text, and the places that use them."""

from __future__ import annotations

import pytest

from oshub.core.text import cut, make_slug, markdown_summary, markdown_to_text
from oshub.model.entities import Guide
from oshub.outputs.pdf.printing import page_key
from oshub.render.renderer import environment
from oshub.validate.checks import check_slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Lemnos", "lemnos"),
        ("The Hague Science Hub", "the-hague-science-hub"),
        ("  --Make, mend & reuse!--  ", "make-mend-reuse"),
        ("Café Ströme", "cafe-strome"),  # accents dropped
        ("Straße", "strasse"),  # case folded, not only lowered
        ("\ufb01eld \uff12\uff10\uff12\uff14", "field-2024"),  # ligature, wide digits
        ("a\u200bb", "ab"),  # an invisible character is no word break
        ("Ελληνικά", ""),  # nothing left: callers say what to do
        ("already-a-slug", "already-a-slug"),
    ],
)
def test_known_slugs(text: str, slug: str) -> None:
    assert make_slug(text) == slug


def test_a_slug_with_a_limit_is_cut_at_a_hyphen() -> None:
    assert make_slug("one two three", 9) == "one-two"
    assert make_slug("one two three", 13) == "one-two-three"
    assert make_slug("abcdefghij", 4) == "abcd"  # one long word: cut inside it
    assert make_slug("one two three") == "one-two-three"  # no limit: whole


def test_the_slug_a_misnamed_file_is_told_to_take() -> None:
    (problem,) = check_slug("hubs/Café Lemnos.yaml", "Café Lemnos")
    assert "rename it to cafe-lemnos.yaml" in problem.hint
    (problem,) = check_slug("hubs/__.yaml", "__")
    assert "rename it to a-name.yaml" in problem.hint


def test_glossary_ids_and_book_anchors_are_slugs() -> None:
    assert environment().filters["html_id"]("Open Schooling (OS) Hub") == "open-schooling-os-hub"
    guide = Guide("guides/equity/Barriers_to Access.md", "x", "T", "", 1, ())
    assert page_key(guide) == "p-equity-barriers-to-access"


def test_markdown_to_text() -> None:
    markdown = (
        "## A *heading*\n\n"
        "- **Bold** and `code`, [a link](https://example.org/) and ![a picture](x.png)\n"
        "- a [reference][ref] <b>tag</b>\n\n"
        "| a | b |\n|---|:-:|\n| 1 | 2 |\n\n"
        "[ref]: https://example.org/\n"
    )
    assert markdown_to_text(markdown) == (
        "A heading Bold and code, a link and a picture a reference tag a b 1 2"
    )


def test_a_summary_is_the_first_paragraph_cut_at_a_word() -> None:
    assert markdown_summary("First *one*.\n\nSecond.") == "First one."
    assert markdown_summary("one two three four", 12) == "one two…"
    assert len(markdown_summary("word " * 100, 155)) <= 155


def test_cut() -> None:
    assert cut("abcdef", 6) == "abcdef"
    assert cut("abcdefg", 6) == "abcde…"
    assert len(cut("x" * 1000, 300)) == 300
