"""Links to pages a build does not have become text: in a page's Markdown tree before
MkDocs reads it, and in its rendered HTML (read with the HTML parser)."""

from __future__ import annotations

import logging
from pathlib import Path

import markdown
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from oshub.outputs.site.switched_off import UnlinkExtension, unlink_html


def _hubs(href: str) -> bool:
    return "hubs/" in href


def test_html_links_to_pages_that_are_off_become_their_text() -> None:
    content = (
        '<p>See <a href="../hubs/" title="t">the <em>hubs</em></a>, '
        "<A HREF=../HUBS/>x</A> <a href='../hubs/#lemnos'>Lemnos</a> "
        '<a href="../&#104;ubs/">coded</a> and <a href="../guides/">guides</a>.</p>'
    )
    unlinked = unlink_html(content, _hubs)
    assert '<span class="oshub-off">the <em>hubs</em></span>' in unlinked
    assert '<span class="oshub-off">Lemnos</span>' in unlinked
    assert '<span class="oshub-off">coded</span>' in unlinked  # the reference decoded
    assert '<a href="../HUBS/">x</a>' in unlinked  # is_off decides, by what is written
    assert '<a href="../guides/">guides</a>' in unlinked
    assert "title=" not in unlinked


def test_html_without_such_links_is_returned_as_it_is() -> None:
    content = (
        '<p title="<a href=../hubs/>x</a>">text <!-- <a href="../hubs/">y</a> --> '
        '<code>&lt;a href="../hubs/"&gt;</code> <a name=x>anchor</a><br/></p>'
    )
    assert unlink_html(content, _hubs) == content


def _render(text: str) -> str:
    return markdown.Markdown(extensions=["attr_list", UnlinkExtension(_hubs)]).convert(text)


def test_markdown_links_to_pages_that_are_off_become_their_text() -> None:
    html = _render(
        'See [the *hubs*](../hubs/index.md#lemnos "Hubs"), [missions](../missions/index.md),\n'
        '[a reference][r], ![a map](../hubs/map.png) and <a href="../hubs/">raw</a>.\n\n'
        "[r]: <../hubs/country/gr.md>\n"
    )
    assert '<span class="oshub-off">the <em>hubs</em></span>' in html
    assert '<a href="../missions/index.md">missions</a>' in html
    assert '<span class="oshub-off">a reference</span>' in html
    assert '<img alt="a map" src="../hubs/map.png" />' in html  # an image is no link
    assert '<a href="../hubs/">raw</a>' in html  # HTML in Markdown: unlink_html's part


def test_the_address_is_given_as_written() -> None:
    seen: list[str] = []

    def is_off(href: str) -> bool:
        seen.append(href)
        return False

    markdown.Markdown(extensions=[UnlinkExtension(is_off)]).convert(
        "[a](../hubs/index.md#x) [b](<../a b.md>) [c](../a\\_b.md)"
    )
    assert seen == ["../hubs/index.md#x", "../a b.md", "../a_b.md"]


@pytest.mark.parametrize("unlinked", [True, False])
def test_mkdocs_never_sees_a_link_to_a_page_that_is_off(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, unlinked: bool
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        "# Home\n\n[the hubs](hubs/index.md) and [about](about.md)\n", encoding="utf-8"
    )
    (docs / "about.md").write_text("# About\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ntheme: mkdocs\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    if unlinked:
        config.markdown_extensions.append(UnlinkExtension(_hubs))  # type: ignore[arg-type]
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        build(config)
    warned = [r.getMessage() for r in caplog.records if "hubs/index.md" in r.getMessage()]
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    if unlinked:
        assert warned == []
        assert '<span class="oshub-off">the hubs</span>' in page
    else:  # the test can fail: without the extension MkDocs reports the link
        assert any("not found among documentation files" in m for m in warned), warned
    assert '<a href="about/">about</a>' in page
