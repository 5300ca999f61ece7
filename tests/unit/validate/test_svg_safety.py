"""SVG drawings read by structure: every way of hiding a reference is refused at its
file:line:col, real drawings pass, and what is published is the drawing written again
from what was checked, which reads back as the same drawing and holds no reference."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
import tinycss2
from hypothesis import given
from hypothesis import strategies as st

from oshub.validate import svg_css
from oshub.validate.svg_safety import check_svg, clean_svg, read_svg, serialise
from support import REPO, make_project

SVG_NS = "http://www.w3.org/2000/svg"
OPEN = f'<svg xmlns="{SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink">'
REL = "blueprint/x.svg"
DRAWINGS = sorted(REPO.glob("blueprint/**/*.svg"))


def _found(svg: str) -> list[str]:
    """``line:col: severity: message`` of each problem of a drawing."""
    return [f"{p.line}:{p.col}: {p.severity}: {p.message}" for p in check_svg(svg.encode(), REL)]


BYPASSES = {
    "a second url()": (
        f"{OPEN}\n  <rect style='fill:url(#a);stroke:url(https://evil.example/x.png)'/>\n</svg>",
        "2:3: error: `style` of `<rect>`: `url(https://evil.example/x.png)` loads something",
    ),
    "a CSS escape in @import": (
        f"{OPEN}\n<style>\nrect {{ fill: red }}\n@im\\port url(https://evil.example/x.css);\n"
        "</style></svg>",
        "4:1: error: the `<style>` of a drawing: `@import` loads another style sheet",
    ),
    "a CSS escape in url(": (
        f"{OPEN}\n\n  <rect fill='u\\72l(https://evil.example/x)'/></svg>",
        "3:3: error: `fill` of `<rect>`: `url(https://evil.example/x)` loads something",
    ),
    "a character reference for @": (
        f"{OPEN}\n<style>&#64;import 'https://evil.example/x.css';</style></svg>",
        "2:8: error: the `<style>` of a drawing: `@import` loads another style sheet",
    ),
    "a character reference inside url": (
        f"{OPEN}\n<g><circle r='1' style='fill:&#117;rl(https://evil.example/x)'/></g></svg>",
        "2:4: error: `style` of `<circle>`: `url(https://evil.example/x)` loads something",
    ),
    "spaces after url(": (
        f"{OPEN}\n<circle r='1' style='fill: url(   https://evil.example/x )'/></svg>",
        "2:1: error: `style` of `<circle>`: `url(https://evil.example/x)` loads something",
    ),
    "a quoted url with spaces": (
        f"{OPEN}\n<circle r='1' fill='url( \"https://evil.example/x\" )'/></svg>",
        "2:1: error: `fill` of `<circle>`: `url(https://evil.example/x)` loads something",
    ),
    "an xml-stylesheet instruction": (
        '<?xml version="1.0"?>\n<?xml-stylesheet type="text/css" href="https://evil.example/'
        f'x.css"?>\n{OPEN}</svg>',
        "2:1: error: processing instruction `<?xml-stylesheet` in a drawing",
    ),
    "an instruction inside the drawing": (
        f"{OPEN}\n  <g>\n    <?php echo 1 ?></g></svg>",
        "3:5: error: processing instruction `<?php` in a drawing",
    ),
    "a backslash for a slash": (
        f"{OPEN}\n<a href='\\\\evil.example\\x'><text>x</text></a></svg>",
        "2:1: error: `<a>` links with a backslash, a space or a control character",
    ),
    "a backslash after the scheme": (
        f"{OPEN}\n<a href='https:\\\\evil.example/'><text>x</text></a></svg>",
        "2:1: error: `<a>` links with a backslash, a space or a control character",
    ),
    "a tab inside javascript:": (
        f"{OPEN}\n<a href='java&#9;script:alert(1)'><text>x</text></a></svg>",
        "2:1: error: `<a>` links with a backslash, a space or a control character",
    ),
    "javascript:": (
        f"{OPEN}\n<a xlink:href='JaVaScRiPt:alert(1)'><text>x</text></a></svg>",
        "2:1: error: `<a>` links to another kind of address than a web page",
    ),
    "another host without a scheme": (
        f"{OPEN}\n<image href='//evil.example/x.png'/></svg>",
        "2:1: error: `<image>` reaches another host",
    ),
    "an image from another host": (
        f"{OPEN}\n<image xlink:href='https://evil.example/x.png'/></svg>",
        "2:1: error: `<image>` shows an image from elsewhere",
    ),
    "a sprite from another file": (
        f"{OPEN}\n<use href='other.svg#a'/></svg>",
        "2:1: error: `<use>` may use only a part of the drawing itself (#id)",
    ),
    "a filter from another file": (
        f"{OPEN}\n<g filter='url(other.svg#f)'/></svg>",
        "2:1: error: `filter` of `<g>`: `url(other.svg#f)` loads something",
    ),
    "a font loaded by a style sheet": (
        f"{OPEN}\n<style>text {{ fill: red }}\n@font-face {{ src: url(x.woff) }}</style></svg>",
        "3:1: error: the `<style>` of a drawing: at-rule `@font-face`",
    ),
    "a property that loads": (
        f"{OPEN}\n<rect style='cursor: url(x.cur), auto'/></svg>",
        "2:1: error: `style` of `<rect>`: CSS property `cursor` is not allowed",
    ),
    "a function that loads": (
        f"{OPEN}\n<rect fill='image-set(\"x.png\" 1x)'/></svg>",
        "2:1: error: `fill` of `<rect>`: CSS function `image-set()` is not allowed",
    ),
    "an element that loads": (
        f"{OPEN}\n<filter id='f'><feImage href='#a'/></filter></svg>",
        "2:16: error: an SVG drawing may not hold `<feImage>`",
    ),
    "an animation that sets a link": (
        f"{OPEN}\n<a href='#x'><set attributeName='href' to='javascript:alert(1)'/></a></svg>",
        "2:14: error: an SVG drawing may not hold `<set>`",
    ),
    "an event handler": (
        f"{OPEN}\n<g onclick='alert(1)'/></svg>",
        "2:1: error: event handler attribute `onclick` on `<g>`",
    ),
    "a base address": (
        f"{OPEN}\n<g xml:base='https://evil.example/'/></svg>",
        "2:1: error: attribute `base` of namespace `http://www.w3.org/XML/1998/namespace`",
    ),
    "embedded HTML": (
        f"{OPEN}\n<foreignObject><p xmlns='http://www.w3.org/1999/xhtml'/></foreignObject></svg>",
        "2:1: error: an SVG drawing may not hold `<foreignObject>`",
    ),
    "an entity declaration": (
        '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaa">]>\n<svg>&a;</svg>',
        "2:15: error: an SVG drawing may not declare a DOCTYPE or entities",
    ),
    "an external entity": (
        '<!DOCTYPE svg SYSTEM "https://evil.example/x.dtd">\n<svg/>',
        "1:50: error: an SVG drawing may not declare a DOCTYPE or entities",
    ),
    "not SVG at all": (
        "<html><body/></html>",
        "1:1: error: not an SVG drawing: the first element is `<html>` (namespace `none`)",
    ),
}


@pytest.mark.parametrize("case", BYPASSES, ids=list(BYPASSES))
def test_each_way_of_hiding_a_reference_is_refused_at_its_place(case: str) -> None:
    svg, expected = BYPASSES[case]
    found = _found(svg)
    assert any(line.startswith(expected) for line in found), found
    drawing, problems = clean_svg(svg.encode(), REL)
    assert drawing is None and problems


def test_a_problem_names_the_file_and_gives_a_hint() -> None:
    svg, _ = BYPASSES["a second url()"]
    (problem,) = check_svg(svg.encode(), REL)
    assert problem.path == REL
    assert "url(#id)" in problem.hint


@pytest.mark.parametrize("drawing", DRAWINGS, ids=lambda p: p.name)
def test_the_blueprint_s_drawings_pass_and_read_back_the_same(drawing: Path) -> None:
    data = drawing.read_bytes()
    written, problems = clean_svg(data, REL)
    assert problems == [] and written is not None
    assert read_svg(written, REL).events == read_svg(data, REL).events
    assert b"<!--" in data and b"<!--" not in written  # comments are not published
    assert ET.fromstring(written).find(f"{{{SVG_NS}}}title") is not None


INKSCAPE = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="210mm" height="297mm" viewBox="0 0 210 297" version="1.1" id="svg5"
   inkscape:version="1.2.2" sodipodi:docname="plan.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink" xmlns="http://www.w3.org/2000/svg"
   xmlns:svg="http://www.w3.org/2000/svg" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview7" pagecolor="#ffffff" inkscape:zoom="0.7">
    <inkscape:page x="0" y="0" width="210" height="297" id="page9" />
  </sodipodi:namedview>
  <metadata><rdf:RDF><cc:Work rdf:about=""><dc:title>Plan</dc:title></cc:Work></rdf:RDF></metadata>
  <defs id="defs2">
    <style>.wall { stroke: #1a1a1a; stroke-width: 2 } text.label { font: 4px sans-serif }</style>
    <linearGradient inkscape:collect="always" id="a"><stop style="stop-color:#ff0000;stop-opacity:1"
       offset="0" /><stop offset="1" stop-color="#0000ff" /></linearGradient>
    <linearGradient xlink:href="#a" id="b" x1="0" y1="0" x2="1" y2="0"
       gradientUnits="userSpaceOnUse" />
    <clipPath id="c"><rect width="100" height="100" /></clipPath>
    <mask id="m"><rect width="50" height="50" fill="white" /></mask>
    <marker id="arrow" orient="auto" markerWidth="4" markerHeight="4" refX="2" refY="2">
      <path d="M 0,0 4,2 0,4 Z" /></marker>
    <pattern id="p" width="4" height="4" patternUnits="userSpaceOnUse">
      <circle cx="2" cy="2" r="1" /></pattern>
    <filter id="f"><feGaussianBlur stdDeviation="1" result="blur" />
      <feOffset in="blur" dx="1" dy="1" /></filter>
  </defs>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1" clip-path="url(#c)">
    <rect class="wall" style="fill:url(#b);stroke-width:0.26;-inkscape-stroke:none"
       width="80" height="60" x="10" y="10" filter="url(#f)" mask="url(#m)" />
    <path d="m 10,80 h 60" style="marker-end:url(#arrow)" fill="url(#p)" />
    <text xml:space="preserve" class="label" x="12" y="100" aria-label="Door"
       style="font-size:4.2px;-inkscape-font-specification:'Sans Bold'"><tspan
         sodipodi:role="line" x="12" y="100">Door &amp; &lt;exit&gt;</tspan></text>
    <a href="../join/"><text x="12" y="110">Join</text></a>
    <a href="https://example.org/plans"><text x="12" y="120">More plans</text></a>
    <image href="photo.png" x="0" y="0" width="10" height="10" />
    <use href="#layer1" x="5" />
  </g>
</svg>
"""


def test_an_editor_s_drawing_passes_without_its_bookkeeping() -> None:
    written, problems = clean_svg(INKSCAPE.encode(), REL)
    assert problems == [] and written is not None
    text = written.decode()
    for left_out in ("inkscape", "sodipodi", "rdf", "metadata", "Created with", "<?xml"):
        assert left_out not in text, left_out
    root = ET.fromstring(written)
    assert root.get("viewBox") == "0 0 210 297" and root.get("version") == "1.1"
    kept = {element.tag.split("}")[1] for element in root.iter()}
    assert {"style", "linearGradient", "clipPath", "mask", "marker", "pattern"} <= kept
    assert {"feGaussianBlur", "feOffset", "a", "image", "use", "tspan"} <= kept
    rect = root.find(f".//{{{SVG_NS}}}rect[@class='wall']")
    assert rect is not None and rect.get("style") == "fill:url(#b);stroke-width:0.26"
    assert "Door & <exit>" in "".join(root.itertext())
    gradient = root.find(f".//{{{SVG_NS}}}linearGradient[@id='b']")
    assert gradient is not None and gradient.get("{http://www.w3.org/1999/xlink}href") == "#a"
    assert read_svg(written, REL).events == read_svg(INKSCAPE.encode(), REL).events


def test_the_written_drawing_escapes_what_it_read() -> None:
    svg = (
        f"{OPEN}<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;</title>"
        "<text id='a&quot;b' class='x&#10;y&#9;z'>]]&gt; &#13;</text>"
        "<style>text { font-family: '&lt;/style>&lt;script>alert(1)&lt;/script>' }</style></svg>"
    )
    written, problems = clean_svg(svg.encode(), REL)
    assert written is not None, problems
    assert b"<script" not in written
    assert read_svg(written, REL).events == read_svg(svg.encode(), REL).events
    root = ET.fromstring(written)
    assert root[0].text == "<script>alert(1)</script> &amp;"
    assert root[1].get("id") == 'a"b' and root[1].get("class") == "x\ny\tz"
    assert root[1].text == "]]> \r"
    assert root[2].text == 'text{font-family:"</style><script>alert(1)</script>"}'


# --- what is written holds no reference, and reads back the same --------------------

INVALID_IN_XML = [*map(chr, range(9)), "\x0b", "\x0c", *map(chr, range(14, 32)), "\ufffe", "\uffff"]
XML_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters=INVALID_IN_XML,
    ),
    max_size=30,
)
SAFE_VALUES = [
    "red", "#1a1a1a", "url(#g)", "url( #g )", "url('#g')", "rgb(1, 2, 3)", "none",
    "'Noto Sans', sans-serif", "1.5px", "rotate(45deg)", "calc(1px + 2px)", "u\\72l(#g)",
]  # fmt: skip
HOSTILE_VALUES = [
    "url(https://evil.example/x)", "u\\72l(//evil.example/x)", "url( x.png )", "url('x.png')",
    "image(x.png)", "@import 'x'", "var(--x)", "expression(alert(1))", "\\", "url(#a) url(y)",
]  # fmt: skip
SAFE_PROPERTIES = ["fill", "stroke", "font-family", "transform", "filter", "mask"]
HOSTILE_PROPERTIES = ["background", "behavior", "-moz-binding", "--x", "cursor"]
SAFE_LINKS = ["#a", "#g", "page/", "../x/", "https://example.org/", "photo.png"]
HOSTILE_LINKS = ["javascript:x", "//evil.example/", "\\\\evil", "data:image/png,x", "x.svg#a"]
SAFE_ELEMENTS = ["g", "rect", "text", "tspan", "a", "image", "use", "title", "desc", "defs"]
SAFE_ELEMENTS += ["linearGradient", "stop", "metadata"]
HOSTILE_ELEMENTS = ["script", "set", "foreignObject", "feImage"]
SAFE_NAMES = ["id", "class", "x", "d", "aria-label", "xml:space"]
HOSTILE_NAMES = ["onload", "xml:base", "src"]
SAFE_SELECTORS = ["rect", ".a", "text:hover", "a[href]", "g > rect"]
HOSTILE_SELECTORS = ["@media print", "@import 'x';", "rect url(x)"]


def _pick(safe: list[str], hostile: list[str], mixed: bool) -> st.SearchStrategy[str]:
    """One of ``safe``, or now and then one of ``hostile`` when ``mixed``."""
    return st.sampled_from(safe * 4 + hostile if mixed else safe)


def _drawings(mixed: bool) -> st.SearchStrategy[str]:
    """Drawings of random trees, texts and values (now and then hostile when ``mixed``)."""
    values = _pick(SAFE_VALUES, HOSTILE_VALUES, mixed)
    properties = _pick(SAFE_PROPERTIES, HOSTILE_PROPERTIES, mixed)
    style = st.lists(st.tuples(properties, values), max_size=3).map(
        lambda pairs: ";".join(f"{name}:{value}" for name, value in pairs)
    )
    attributes = st.dictionaries(_pick(SAFE_NAMES, HOSTILE_NAMES, mixed), XML_TEXT, max_size=3)
    attributes |= st.tuples(properties, values).map(lambda pair: dict([pair]))
    attributes |= style.map(lambda css: {"style": css})
    links = _pick(SAFE_LINKS, HOSTILE_LINKS, mixed)

    def element(children: list[str]) -> st.SearchStrategy[str]:
        def write(name: str, found: dict[str, str], text: str, link: str) -> str:
            if mixed or name == "a":
                found = {**found, "href": link}
            elif name in ("use", "linearGradient", "image"):
                found = {**found, "href": "photo.png" if name == "image" else "#a"}
            written = "".join(f" {key}={quoteattr(value)}" for key, value in found.items())
            return f"<{name}{written}>{escape(text)}{''.join(children)}</{name}>"

        names = _pick(SAFE_ELEMENTS, HOSTILE_ELEMENTS, mixed)
        return st.builds(write, names, attributes, XML_TEXT, links)

    trees = st.recursive(
        st.builds(lambda: ""),
        lambda inner: st.lists(inner, max_size=3).flatmap(element),
        max_leaves=12,
    )
    sheets = st.lists(
        st.tuples(_pick(SAFE_SELECTORS, HOSTILE_SELECTORS, mixed), style), max_size=3
    ).map(lambda rules: "".join(f"{selector} {{{body}}}" for selector, body in rules))
    return st.builds(
        lambda sheet, tree: f"{OPEN}<style>{escape(sheet)}</style>{tree}</svg>", sheets, trees
    )


def _no_reference(written: bytes) -> None:
    """Read with parsers other than the site's: no instruction, no DOCTYPE, links only
    of the allowed kinds, CSS whose URLs are all fragments and with no at-rule."""
    assert b"<?" not in written and b"<!" not in written
    root = ET.fromstring(written)
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.endswith("href"):
                assert not value.startswith(("//", "javascript:", "data:")) and "\\" not in value
                if not element.tag.endswith("}a"):
                    assert value.startswith("#") or value.endswith(".png"), value
            else:
                _css_holds_no_reference(value)
        if element.tag.endswith("}style"):
            _css_holds_no_reference(element.text or "", sheet=True)


def _css_holds_no_reference(text: str, *, sheet: bool = False) -> None:
    assert "@import" not in text.lower()
    assert all(at.startswith("#") for at in re.findall(r"url\(\s*['\"]?(.?)", text, re.I))
    nodes = tinycss2.parse_stylesheet(text) if sheet else tinycss2.parse_component_value_list(text)
    stack = list(nodes)
    while stack:
        node = stack.pop()
        assert node.type not in ("at-rule", "at-keyword"), node
        if node.type == "url":
            assert node.value.startswith("#"), node.value
        for part in ("arguments", "content", "prelude", "value"):
            inner = getattr(node, part, None)
            if isinstance(inner, list):
                stack.extend(inner)


def _reads_back_the_same(svg: str, written: bytes) -> None:
    again = read_svg(written, REL)
    assert again.problems == []
    assert again.events == read_svg(svg.encode(), REL).events
    assert serialise(again.events) == written


@given(_drawings(mixed=False))
def test_a_drawing_of_allowed_parts_is_published_as_it_reads(svg: str) -> None:
    """Whatever the texts, ids and allowed values: published (no false alarm), read back
    as the same drawing, and holding no reference."""
    written, problems = clean_svg(svg.encode(), REL)
    assert written is not None and problems == [], problems
    _no_reference(written)
    _reads_back_the_same(svg, written)


@given(_drawings(mixed=True))
def test_whatever_is_published_holds_no_reference(svg: str) -> None:
    written, problems = clean_svg(svg.encode(), REL)
    if written is None:
        assert any(p.is_error for p in problems)
        return
    _no_reference(written)
    _reads_back_the_same(svg, written)


# --- without tinycss2 (a light ``oshub validate``) ----------------------------------

PLAIN = st.text(st.sampled_from("abcdefilnorstu-#:;()., 12%_/"), max_size=40)
PLAIN |= st.sampled_from(["fill:url(#a)", "fill:url( #a )", "fill: url(#a b)", "u:url(x)"])


@given(PLAIN)
def test_the_plain_reader_agrees_with_tinycss2_on_what_it_reads(css: str) -> None:
    with_tokens = svg_css.read_declarations(css)
    plain = svg_css._plain_declarations(css)
    if not plain.unchecked:
        assert bool(plain.findings) == bool(with_tokens.findings), (plain, with_tokens)


def test_without_tinycss2_plain_css_is_checked_and_the_rest_is_left_to_the_build(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(svg_css, "tokenizer", lambda: None)
    refused = f"{OPEN}\n<rect fill='url( https://evil.example/x )' style='behavior:x'/></svg>"
    assert _found(refused) == [
        "2:1: error: `fill` of `<rect>`: `url(https://evil.example/x)` loads something from "
        "outside the drawing",
        "2:1: error: `style` of `<rect>`: CSS property `behavior` is not allowed in a drawing",
    ]
    unread = f"{OPEN}\n<rect style='fill:u\\72l(x)'/>\n<style>rect {{}}</style></svg>"
    (note,) = _found(unread)
    assert note.startswith("2:1: warning: the CSS of `style` of `<rect>` is not checked")
    for drawing in DRAWINGS:
        assert check_svg(drawing.read_bytes(), REL) == [], drawing


def test_a_light_validate_never_imports_tinycss2_and_says_what_it_left(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    docs = root / "blueprint"
    docs.mkdir()
    (docs / "styled.svg").write_text(f"{OPEN}\n<style>rect {{ fill: red }}</style></svg>")
    (docs / "remote.svg").write_text(f"{OPEN}\n<rect fill='url(https://evil.example/x)'/></svg>")
    run = (
        "import sys\nsys.modules['tinycss2'] = None\n"
        "from oshub.cli.main import main\ncode = main(['validate', 'blueprint'])\n"
        "assert 'tinycss2' not in sys.modules or sys.modules['tinycss2'] is None\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", run], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(
        line.startswith("blueprint/remote.svg:2:1: error: `fill` of `<rect>`: `url(")
        for line in lines
    ), lines
    assert any(
        line.startswith("blueprint/styled.svg:2:8: warning: the CSS of a `<style>` element")
        for line in lines
    ), lines


def test_a_light_layer_import_does_not_load_tinycss2() -> None:
    code = (
        "import sys, oshub.validate.run, oshub.validate.svg_safety\n"
        "print('tinycss2' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert result.stdout.strip() == "False", result.stderr


LIMITS = {
    "CSS nested too deep": (
        f"{OPEN}\n<rect fill='{'calc(' * 40}1px{')' * 40}'/></svg>",
        "2:1: error: `fill` of `<rect>`: CSS nested deeper than 16 levels",
    ),
    "a selector nested too deep": (
        f"{OPEN}\n<style>{':not(' * 40}a{')' * 40} {{ fill: red }}</style></svg>",
        "2:84: error: the `<style>` of a drawing: CSS nested deeper than 16 levels",
    ),
    "CSS too long": (
        f"{OPEN}\n<style>{'rect { fill: red }' * 4000}</style></svg>",
        "2:8: error: the `<style>` of a drawing: a piece of CSS longer than 64 KiB (70 KiB)",
    ),
    "elements nested too deep": (
        f"{OPEN}\n{'<g>' * 300}{'</g>' * 300}</svg>",
        "2:766: error: elements nested deeper than 256 levels",
    ),
}


@pytest.mark.parametrize("case", LIMITS, ids=list(LIMITS))
def test_work_is_bounded_by_stated_limits(case: str) -> None:
    """Nesting and length past the limits are refused before anything recurses or
    tokenises for long (1 MiB drawings of any shape read in seconds)."""
    svg, expected = LIMITS[case]
    found = _found(svg)
    assert found[0].startswith(expected), found
