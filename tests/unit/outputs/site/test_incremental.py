"""What the live preview keeps between builds gives the same answers as starting afresh."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from oshub.outputs.links import LinkIndex, broken_links
from oshub.outputs.site.incremental import FullBuildNeeded, Incremental
from oshub.outputs.site.pages import GeneratedFile, Reuse


def _page(body: str) -> str:
    return f'<html><body><article class="md-content__inner">{body}</article></body></html>'


def _write(site: Path, rel: str, body: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_page(body), encoding="utf-8")
    info = path.stat()  # a later time than any earlier write, even within one clock tick
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000 * len(body)))


def test_link_index_rereads_only_changed_pages_and_agrees_with_a_full_check(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    _write(site, "index.html", '<a href="a/#part">a</a> <a href="b/">b</a>')
    _write(site, "a/index.html", '<h2 id="part">Part</h2>')
    _write(site, "b/index.html", '<a href="../a/">back</a>')
    index = LinkIndex()
    assert index.check(site) == [] == broken_links(site)
    assert index.read == 3
    assert index.check(site) == []
    assert index.read == 0, "nothing changed: nothing is read again"
    # the anchor another page links to disappears: found on the page that links to it
    _write(site, "a/index.html", '<h2 id="other">Part</h2>')
    found = index.check(site)
    assert index.read == 1
    assert found == broken_links(site)
    assert [(b.page, b.target, b.anchor_only) for b in found] == [("index.html", "a/#part", True)]
    # a page is removed: links to it break
    (site / "b" / "index.html").unlink()
    found = index.check(site)
    assert sorted(b.target for b in found) == sorted(b.target for b in broken_links(site))
    assert {b.target for b in found} == {"a/#part", "b/"}


def test_reuse_gives_back_only_what_the_same_data_made() -> None:
    reuse = Reuse()
    made: list[str] = []

    def make(value: str) -> str:
        made.append(value)
        return value.upper()

    reuse.start("setting")
    assert reuse(("k", "a"), make, "a") == "A"
    reuse.start("setting")
    assert reuse(("k", "a"), make, "a") == "A"
    assert reuse(("k", "b"), make, "b") == "B"
    assert made == ["a", "b"] and reuse.reused == 1
    reuse.start("another setting")  # say, another language: nothing is reused
    assert reuse(("k", "a"), make, "a") == "A"
    assert made == ["a", "b", "a"]
    reuse.start("another setting")
    reuse.start("another setting")  # what the build before last made is forgotten
    reuse(("k", "a"), make, "a")
    assert made == ["a", "b", "a", "a"]


def test_a_small_build_keeps_the_search_entries_of_pages_it_did_not_render() -> None:
    state = Incremental()
    state.begin(("guides/a.md", "A"))
    state.finish(
        {"hubs/x.md": GeneratedFile("hubs/x.md", "x")},
        {"hubs/x.md": "hubs/x/index.html", "hubs/gone.md": "hubs/gone/index.html"},
        [
            {"location": "hubs/x/", "title": "X"},
            {"location": "guides/a/", "title": "A"},
            {"location": "guides/a/#part", "title": "Part"},
            {"location": "hubs/gone/", "title": "Gone"},
        ],
    )
    state.small = True
    with pytest.raises(FullBuildNeeded):  # a guide's title changed: build everything
        state.begin(("guides/a.md", "A, renamed"))
    state.begin(("guides/a.md", "A"))
    state.rendered = {"guides/a/"}
    merged = state.merged_search(
        [{"location": "guides/a/", "title": "A2"}], {"hubs/x/", "guides/a/"}
    )
    assert merged == [
        {"location": "hubs/x/", "title": "X"},
        {"location": "guides/a/", "title": "A2"},
    ]
    assert state.stale(["hubs/x.md"]) == ["hubs/gone/index.html"]
    assert state.unchanged(GeneratedFile("hubs/x.md", "x"))
    assert not state.unchanged(GeneratedFile("hubs/x.md", "changed"))
