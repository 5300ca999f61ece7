"""Property tests: whatever a stranger writes, nothing in it runs, and nothing raises.

"Runs" includes steering the theme's own script: no element from content keeps an id
the theme looks up (``__config``) or a ``data-md-*`` attribute.

Guide Markdown goes through the site's own Markdown set-up and the sanitiser; hub and
mission fields go through the page templates and the exports. An independent HTML
parser (``executable.py``, not the site's code) looks for scripts, event handlers and
script URLs in the result.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from typing import Any

import markdown
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from oshub.core.csvsafe import FORMULA_STARTS
from oshub.model.entities import (
    AssessmentSection,
    Board,
    Challenge,
    GlossaryTerm,
    Hub,
    Location,
    Member,
    Mission,
    Sector,
    SelfAssessment,
    Site,
)
from oshub.outputs.exports.exports import hubs_csv
from oshub.outputs.safety.pageguard import TrustedScripts, guard_page
from oshub.outputs.safety.sanitise import clean_html
from oshub.outputs.site.pages import generate
from oshub.render.renderer import Renderer
from oshub.routes import Routes
from oshub.validate.markdown_check import scan_body
from support import REPO
from support.executable import executable_parts, theme_hooks

HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<SCRIPT>",
        "</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        '<a href="javascript:alert(1)">',
        "<iframe src=x>",
        "javascript:",
        "JaVaScRiPt:",
        "java\tscript:",
        "vbscript:",
        "data:text/html,",
        "&#106;",
        "&#x6A;avascript:",
        "&colon;",
        "&#58;",
        "[x](",
        "](",
        ")",
        "[r]: ",
        "[r]:\n   ",
        "[r]",
        "[x][r]",
        "> [r]: ",
        "- [r]: ",
        "1. ",
        "    ",
        "\n    ",
        '<div id="__config">',
        '<span data-md-component="search">',
        "{: #__search }",
        '{: data-md-toggle="x" }',
        "<",
        ">",
        '"',
        "'",
        "`",
        "```\n",
        '{: onclick="alert(1)" }',
        "{: href=javascript:x }",
        "<style>",
        "onmouseover=",
        " ",
        "\n",
        "\n\n",
        "# ",
        "* ",
        "> ",
        "!!! note\n    ",
        "|a|b|\n|-|-|\n",
        "<!--",
        "-->",
        "<![CDATA[",
        "\\",
        "alert(1)",
        "x",
        "https://example.org/",
        "=1+2",
        "@SUM(A1)",
        "+",
        "-",
        "\t",
        "\r",
    ]
)
hostile_text = st.lists(HOSTILE, min_size=1, max_size=25).map("".join)


@cache
def _site_markdown() -> markdown.Markdown:
    """Markdown as the site sets it up (the extensions listed in mkdocs.yml)."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    extensions: list[str] = []
    options: dict[str, Any] = {}
    for item in config["markdown_extensions"]:
        name = item if isinstance(item, str) else next(iter(item))
        extensions.append(name)
        if isinstance(item, dict) and isinstance(item[name], dict):
            options[name] = {
                k: v == "true" if v in ("true", "false") else v for k, v in item[name].items()
            }
    return markdown.Markdown(extensions=extensions, extension_configs=options)


def _render(text: str) -> str:
    md = _site_markdown()
    md.reset()
    return md.convert(text)


def _steers_the_theme(html: str) -> bool:
    return bool(theme_hooks(html))


@settings(max_examples=400, deadline=None)
@given(hostile_text)
def test_guide_markdown_never_runs_after_the_sanitiser(text: str) -> None:
    cleaned = clean_html(_render(text))
    found, inline = executable_parts(cleaned)
    assert found == [] and inline == []
    assert not _steers_the_theme(cleaned), cleaned


@settings(max_examples=400, deadline=None)
@given(hostile_text)
# reference definitions Markdown finds inside quotes, lists and indented blocks, and
# with the address on the next line (each once slipped past validation)
@example("[r]\n> [r]: javascript:alert(1)")
@example("[x][r]\n\n!!! note\n\n    [r]: javascript:alert(1)")
@example("- [x][r]\n\n    [r]: javascript:alert(1)")
@example("[x][r]\n\n[r]:\n   javascript:alert(1)")
@example('<div id="__config" hidden>{}</div>')
def test_what_validation_accepts_in_a_guide_is_safe_even_unsanitised(text: str) -> None:
    scan = scan_body(text, "blueprint/guides/facilitation/x.md", 3)
    for problem in scan.problems:
        assert problem.line >= 4 and problem.col >= 1
    if not scan.problems:
        rendered = _render(text)
        found, inline = executable_parts(rendered)
        assert found == [] and inline == [], text
        assert not _steers_the_theme(rendered), text


def _hub(text: str) -> Hub:
    return Hub(
        slug="harbour",
        name=text[:200] or "x",
        country="NL",
        location=Location(text[:200] or "x", 52.08, -4.31, "city", region=text[:50]),
        sdgs=(4,),
        description=text or "x",
        last_reviewed="2026-01-01",
        source="hubs/harbour.yaml",
        hosts=(),
        barriers=("geographic",),
        languages=("nl",),
    )


def _mission(text: str) -> Mission:
    return Mission(
        slug="water",
        title=text[:200] or "x",
        summary=text or "x",
        sdgs=(6,),
        hubs=("harbour",),
        challenges=(Challenge("harbour", text[:200] or "x", text or "x"),),
        status="proposed",
        last_reviewed="2026-01-01",
        source="missions/water.yaml",
        description=text or None,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_hub_and_mission_fields_never_run_in_pages_or_spreadsheets(text: str) -> None:
    site = Site(hubs=(_hub(text),), missions=(_mission(text),))
    routes = Routes(site_url="https://example.org/")
    for item in generate(site, Renderer(site, routes), {}):
        if item.html is None:
            continue
        # the templates escape on their own; the sanitiser is a second line
        assert executable_parts(item.html) == ([], []), item.path
        assert executable_parts(clean_html(item.html)) == ([], []), item.path
        if item.head:
            found, inline = executable_parts(item.head)
            assert found == [] and inline == []
            assert "</" not in item.head.split(">", 1)[1].rsplit("</script>", 1)[0]
    rows = list(csv.DictReader(io.StringIO(hubs_csv(site, routes), newline="")))
    for row in rows:
        for column, value in row.items():
            if column in ("lat", "lon"):
                float(value)  # numbers stay numbers, a minus sign included
            else:
                assert not value.startswith(FORMULA_STARTS), (column, value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_board_glossary_and_self_assessment_fields_never_run(text: str) -> None:
    short = text[:200] or "x"
    site = Site(
        hubs=(),
        missions=(),
        board=Board(
            sectors=(Sector("research", short, text or None),),
            members=(Member(short, "research", part_of=short, note=text or None),),
            last_reviewed="2026-01-01",
            introduction=text or None,
        ),
        glossary=(GlossaryTerm(short, text or "x"),),
        self_assessment=SelfAssessment(
            introduction=text or "x",
            scale=((0, short), (1, "yes")),
            sections=(
                AssessmentSection("s", short, "facilitation/index.md", (("q", text or "x"),)),
            ),
            last_reviewed="2026-01-01",
        ),
    )
    routes = Routes(site_url="https://example.org/")
    pages = [item for item in generate(site, Renderer(site, routes), {}) if item.html]
    assert {"about/board.md", "guides/glossary.md", "guides/self-assessment.md"} <= {
        item.path for item in pages
    }
    for item in pages:
        assert executable_parts(item.html or "") == ([], []), item.path
        assert not _steers_the_theme(item.html or ""), item.path


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_the_page_guard_never_raises_and_lets_nothing_run(text: str) -> None:
    page = f'<html><head><meta charset="utf-8"></head><body>{text}</body></html>'
    secured, findings = guard_page(page, TrustedScripts(()))
    found, inline = executable_parts(secured)
    if not findings:
        assert found == [] and inline == [], text
    assert 'http-equiv="Content-Security-Policy"' in secured
