"""The link check reads built pages as a browser does: with an HTML parser."""

from __future__ import annotations

from pathlib import Path

from oshub.outputs.links import BrokenLink, LinkIndex, broken_links

HEADER = '<header><a href="missing-from-the-nav/">nav</a><b id="theme-id">x</b></header>'


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    site = tmp_path / "site"
    for rel, body in pages.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        article = f'<article class="md-content__inner md-typeset">{body}</article>'
        path.write_text(f"<html><body>{HEADER}{article}</body></html>", encoding="utf-8")
    return site


def _targets(site: Path) -> list[str]:
    found = broken_links(site)
    assert found == LinkIndex().check(site), "the preview's check agrees with the build's"
    return sorted(link.target for link in found)


def test_every_way_of_writing_an_attribute_is_read(tmp_path: Path) -> None:
    body = (
        "<a href='single/'>s</a> <a href=unquoted/>u</a> <A HREF=\"upper/\">U</A>"
        '<IMG SRC="picture.png" alt=""> <a href="amp&amp;ersand/">e</a>'
        '<a href="&#x67;one/">g</a>'
    )
    site = _site(tmp_path, {"index.html": body})
    assert _targets(site) == [
        "amp&ersand/",
        "gone/",
        "picture.png",
        "single/",
        "unquoted/",
        "upper/",
    ]


def test_text_that_only_looks_like_a_link_is_not_one(tmp_path: Path) -> None:
    body = (
        '<!-- <a href="in-a-comment/">c</a> -->'
        "<script>var s = '<a href=\"in-a-script/\">';</script>"
        '<pre><code>&lt;a href="in-code/"&gt;</code></pre>'
        '<p title=" href=&quot;in-a-title/&quot;">t</p>'
        '<a data-href="not-a-link/" href="./">home</a>'
    )
    assert _targets(_site(tmp_path, {"index.html": body})) == []


def test_links_after_a_nested_article_are_checked(tmp_path: Path) -> None:
    # the directory's cards are articles: the content does not end at the first one
    body = '<article class="card"><a href="./">ok</a></article><a href="after/">x</a>'
    assert _targets(_site(tmp_path, {"index.html": body})) == ["after/"]


def test_the_theme_s_links_are_left_to_its_checked_nav_but_its_ids_count(
    tmp_path: Path,
) -> None:
    body = '<a href="#theme-id">a</a> <a href="#nowhere">b</a> <p id="&lt;a&gt;">p</p>'
    body += '<a href="#&lt;a&gt;">c</a> <a href="#%3Ca%3E">d</a>'
    site = _site(tmp_path, {"index.html": body})
    assert broken_links(site) == [BrokenLink("index.html", "#nowhere", "index.html#nowhere", True)]
    assert LinkIndex().check(site) == broken_links(site)


def test_anchors_on_other_pages_are_read_from_the_whole_page(tmp_path: Path) -> None:
    pages = {
        "index.html": '<a href="a/#theme-id">t</a> <a href="a/#part">p</a> <a href="a/#no">n</a>',
        "a/index.html": "<h2 id='part'>Part</h2><!-- <p id=\"no\"> -->",
    }
    assert _targets(_site(tmp_path, pages)) == ["a/#no"]
