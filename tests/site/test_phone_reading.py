"""Every built guide page keeps the limits of reading on a phone (see
``support.phone_reading``): short paragraphs, tables of words at most four columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from oshub.routes import page_url
from support import REPO
from support.phone_reading import long_paragraphs, wide_tables

GUIDE_PAGES = sorted(
    str(path.relative_to(REPO / "blueprint")) for path in (REPO / "blueprint/guides").glob("*/*.md")
)


def _built(site: Path, source: str) -> str:
    return (site / page_url(source) / "index.html").read_text(encoding="utf-8")


def test_the_guides_are_all_here() -> None:
    assert len(GUIDE_PAGES) > 40


@pytest.mark.parametrize("source", GUIDE_PAGES)
def test_no_paragraph_over_120_words(built_site: Path, source: str) -> None:
    assert long_paragraphs(_built(built_site, source)) == []


@pytest.mark.parametrize("source", GUIDE_PAGES)
def test_no_table_of_words_wider_than_four_columns(built_site: Path, source: str) -> None:
    assert wide_tables(_built(built_site, source)) == []
