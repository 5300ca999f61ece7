"""Guide bodies: anchors as Markdown makes them, and links checked the way MkDocs resolves them."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from oshub.core.project import load_project
from oshub.load.frontmatter import split_page
from oshub.validate.markdown_check import headings, scan_body
from oshub.validate.run import validate_project
from support import PAGE_FACTS, REPO, make_project

TRICKY = """\
# Hé **bold** `c` [l](x.md)

## A & B

## A & B

## Ça va? 2.0_x

Setext One
==========

Setext two
----------

## Custom {#my-id}

## snake_case and __init__
"""


def _toc_ids(body: str) -> list[str]:
    md = markdown.Markdown(extensions=["toc", "attr_list", "abbr", "admonition", "tables"])
    return re.findall(r'<h[1-6][^>]*id="([^"]+)"', md.convert(body))


@pytest.mark.parametrize(
    "page",
    sorted((REPO / "blueprint").rglob("*.md")),
    ids=lambda p: p.relative_to(REPO).as_posix(),
)
def test_anchors_are_the_ones_markdown_makes(page: Path) -> None:
    body = split_page(page.read_text(encoding="utf-8"), page.name)[0].body
    assert [h.anchor for h in headings(body)] == _toc_ids(body)


def test_anchors_of_tricky_headings() -> None:
    assert [h.anchor for h in headings(TRICKY)] == _toc_ids(TRICKY)


def _validate_guide(tmp_path: Path, body: str) -> list[str]:
    root = make_project(tmp_path / "p")
    guides = root / "blueprint" / "guides"
    (guides / "equity").mkdir(parents=True)
    (guides / "equity" / "index.md").write_text(
        "---\ntitle: Equity\n---\n# Equity\n\n## Barriers\n"
    )
    page = guides / "facilitation" / "page.md"
    page.parent.mkdir(parents=True)
    page.write_text(f"---\ntitle: Page\n{PAGE_FACTS}---\n{body}", encoding="utf-8")
    result = validate_project(load_project(root), [page])
    return [f"{p.line}:{p.col}: {p.message} | {p.hint}" for p in result.problems]


def test_links_are_resolved_as_mkdocs_and_the_browser_do(tmp_path: Path) -> None:
    problems = _validate_guide(
        tmp_path,
        "[a](../equity/index.md) [b](../equity/index.md#barriers) [c](../equity/)\n"
        "[d](../equity/index.md#nope) [e](/hubs/) [f](../../hubs/country/gr/) [g](#page)\n",
    )
    assert problems == [
        "8:62: link `../equity/` leads nowhere: the site has no page or file "
        "`guides/facilitation/equity/` | link to the page's file instead: "
        "guides/equity/index.md (MkDocs writes its address)",
        "9:5: link `../equity/index.md#nope`: no heading with the anchor `#nope` in "
        "blueprint/guides/equity/index.md | anchors are made from headings: "
        "`## My heading` is #my-heading",
        "9:34: link `/hubs/` starts at the site's root | write a relative link "
        "(../other-page.md): the site is also published under a version folder, where "
        "/... leads elsewhere",
        "9:74: link `#page`: no heading with the anchor `#page` in "
        "blueprint/guides/facilitation/page.md | anchors are made from headings: "
        "`## My heading` is #my-heading",
    ]


def test_links_that_work_from_the_page_address_are_fine_and_misses_name_the_right_path(
    tmp_path: Path,
) -> None:
    problems = _validate_guide(
        tmp_path,
        "[a](../../../hubs/) [b](nope.md) [c](../../hubs/nohub.md) [d](../nowhere/)\n"
        "[e](../../../../../out/)\n",
    )
    assert [p.split(" | ")[0] for p in problems] == [
        "8:25: link `nope.md` leads nowhere: the site has no page or file "
        "`guides/facilitation/nope.md`",
        "8:38: link `../../hubs/nohub.md` leads nowhere: the site has no page or file "
        "`hubs/nohub.md`",
        "8:63: link `../nowhere/` leads nowhere: the site has no page or file "
        "`guides/facilitation/nowhere/`",
        "9:5: link `../../../../../out/` leads out of the site",
    ]


def test_code_spans_are_text_but_everything_else_is_read() -> None:
    scan = scan_body("Write `<script>` like this.\n\n<!-- <script>x</script> -->\n", "g.md", 0)
    assert [p.line for p in scan.problems] == [3]


def test_images_need_a_text_alternative() -> None:
    """Readers who cannot see an image, and the tagged PDF, need its text."""
    body = '![](plan.png)\n\n![A floor plan](plan.png)\n\n<img src="x.png" alt=" ">\n'
    scan = scan_body(body, "g.md", 0)
    assert [(p.line, p.col, p.message) for p in scan.problems] == [
        (1, 1, "image without a text alternative"),
        (5, 1, "image without a text alternative"),
    ]
