"""Images on other hosts in Markdown: every way Python-Markdown makes an ``<img>`` of one
is caught by the scanner, at its line and column, in linear time."""

from __future__ import annotations

import random
import time
from html.parser import HTMLParser

import pytest

from oshub.validate.markdown_check import scan_body
from oshub.validate.remote_images import another_host, remote_images

pytest.importorskip("markdown")  # the site's renderer, for the differential test

RED_TEAM = {
    "brackets in the text": "![a [b] c](https://evil.example/x1.png)",
    "an escaped bracket": "![a\\]](https://evil.example/x2.png)",
    "a link as the address": ("![x]([https://evil.example/r19.png](https://evil.example/r19.png))"),
    "an image in the text": "![a ![b] c](https://evil.example/r20.png)",
    "a space before the label": "![x] [r10]\n\n[r10]: https://evil.example/r10.png",
    "a newline before the label": "![x]\n[r10]\n\n[r10]: https://evil.example/r10.png",
    "code as the address": "![x](`https://evil.example/c.png`)",
    "an undefined label falls back to the text": ("![a] [b]\n\n[a]: https://evil.example/a.png"),
}


def _remote_reports(body: str) -> list[str]:
    return [p.message for p in scan_body(body, "x.md", 0).problems if "another host" in p.message]


@pytest.mark.parametrize("body", RED_TEAM.values(), ids=RED_TEAM.keys())
def test_every_way_of_writing_an_image_is_read(body: str) -> None:
    assert len(_remote_reports(body)) == 1
    assert "evil.example" in _remote_reports(body)[0]


def test_positions_and_what_stays_allowed() -> None:
    body = "intro\n![a [b] c](\n  https://evil.example/x.png)\n\n[a page](https://oshub.network/)\n"
    problems = [p for p in scan_body(body, "x.md", 3).problems if "another host" in p.message]
    assert [(p.line, p.col) for p in problems] == [(6, 3)]
    safe = (
        "![a plan](plans/a.png) [a [site]](https://oshub.network/) \\![not](https://x.org/a.png)\n"
        "![b] [c]\n\n[a]: https://oshub.network/\n"
    )
    assert _remote_reports(safe) == []


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.sources.extend(v or "" for k, v in attrs if k == "src")


_PIECES = [
    "!", "!", "[", "[", "]", "]", "(", ")", " ", "\n", "\\", "`", "x", "<", ">", '"',
    "https://evil.example/", "//evil.example/", "r", "![", "](", "] [", "[r]", "](<",
    "|", "\n- ", "\n> ", "\n    ", "\t", "*", "&#47;", "\n\n", "``", "'", "/",
]  # fmt: skip


def test_whatever_markdown_renders_as_a_remote_image_is_reported() -> None:
    """Random bracket soups rendered with the site's Markdown set-up: each remote
    ``<img src>`` in the HTML names an address the scanner reported."""
    import markdown

    extensions = ["toc", "admonition", "abbr", "attr_list", "tables", "sane_lists"]
    md = markdown.Markdown(extensions=[*extensions, "pymdownx.tasklist"])
    rng = random.Random(19)
    rendered = 0
    for _ in range(5000):
        pieces = rng.choices(_PIECES, k=rng.randint(3, 30))
        count = 0
        for index, piece in enumerate(pieces):
            if piece.endswith("evil.example/"):
                count += 1
                pieces[index] = f"{piece}{count}.png"
        soup = "".join(pieces) + "\n\n[r]: https://evil.example/ref.png\n"
        md.reset()
        parser = _Images()
        parser.feed(md.convert(soup))
        sources = [s for s in parser.sources if another_host(s)]
        rendered += len(sources)
        reported = " ".join(_remote_reports(soup))
        for source in sources:
            name = source.split("evil.example/", 1)[1].split(".png")[0]
            assert f"evil.example/{name}.png" in reported, (soup, source, reported)
    assert rendered > 100  # the soups do make remote images


UNITS = ("![", "![a](", "![x] [", "[![", "\\![", "](", "![a](/[(", "`![a]`", "![a]\n> [")
"""Repeated to fill a text with no nesting limit (a data field): the scan stays linear."""


def test_the_scan_is_linear() -> None:
    sizes = {}
    for size in (40_000, 160_000):
        for unit in UNITS:
            body = unit * (size // len(unit)) + "\n\n[a]: https://evil.example/a.png\n"
            runs = []
            for _ in range(3):  # processor time, the least of three: the machine is shared
                start = time.process_time()
                list(remote_images(body, "x.md", lambda offset: (1, offset), body))
                runs.append(time.process_time() - start)
            sizes[(unit, size)] = min(runs)
    for unit in UNITS:  # four times the text: four times the work, sixteen if quadratic
        assert sizes[(unit, 160_000)] < 8 * sizes[(unit, 40_000)] + 0.1, unit


BUILT_PAGES = {
    '<p><img alt="x" src="https://evil.example/a.png"></p>': "<img src> 'https://evil.example/a.png'",
    '<img alt="x" src="a.png" srcset="a.png 1x, //evil.example/b.png 2x">': "<img srcset>",
    '<svg><image href="&#47;&#47;evil.example/i.png"/></svg>': "<image href> '//evil.example/i",
    '<picture><source srcset="https:evil.example/e.png"></picture>': "<source srcset>",
    '<div style="background: u\\72 l(https://evil.example/c.png)">x</div>': "style on <div>: url",
    "<style>p { background: url( //evil.example/d.png ) }</style>": "<style> url('//evil",
    '<style>@import "https://evil.example/s.css";</style>': "<style> url('https://evil",
    '<link rel="icon" href="https://evil.example/f.ico">': "<link href>",
    '<video poster="\\\\evil.example\\p.png"></video>': "<video poster>",
}


@pytest.mark.parametrize("markup", BUILT_PAGES, ids=range(len(BUILT_PAGES)))
def test_the_page_guard_withholds_pages_that_load_from_another_host(markup: str) -> None:
    from oshub.outputs.safety.pageguard import TrustedScripts, guard_page

    _, findings = guard_page(f"<body>{markup}</body>", TrustedScripts(()), with_policy=False)
    assert len(findings) == 1 and BUILT_PAGES[markup] in findings[0], findings
    assert findings[0].startswith("a file loaded from another host: ")


def test_links_and_the_site_s_own_files_pass_the_page_guard() -> None:
    from oshub.outputs.safety.pageguard import TrustedScripts, guard_page

    page = (
        '<body><a href="https://oshub.network/">a page</a> <img src="plan.png" alt="Map: x">'
        '<link rel="canonical" href="https://oshub.network/x/"><div style="color: red">x</div>'
        "<style>p{background:url(a.png)}</style>"
    )
    assert guard_page(page, TrustedScripts(()), with_policy=False)[1] == []
