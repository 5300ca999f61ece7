"""Only what cannot run is published from the docs folder: pages, images and documents;
the project's own scripts and styles only from assets/."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject

from oshub.validate.svg_safety import clean_svg
from support import copy_repository, mkdocs_build, validation_off

CLEAN_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img">'
    "<title>A square</title><defs><linearGradient id='g'><stop offset='0'/></linearGradient>"
    "</defs><rect width='10' height='10' fill='url(#g)' style='stroke: url(#g)'/></svg>\n"
)
HOSTILE_FILES = {
    "guides/facilitation/raw.html": "<script>alert(3)</script>\n",
    "guides/facilitation/payload.js": "alert(1)\n",
    "guides/facilitation/pic.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        "<script>alert(2)</script></svg>\n"
    ),
    "guides/facilitation/animated.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" '
        'to="javascript:alert(1)"/><text>x</text></a></svg>\n'
    ),
    "guides/facilitation/remote.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/p.png"/>'
        "</svg>\n"
    ),
    "bomb.svg": '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaa">]>\n<svg>&a;</svg>\n',
    "guides/facilitation/escaped.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg">\n<style>\nrect { fill: red }\n'
        "@im\\port url(https://tracker.example/s.css);</style></svg>\n"
    ),
    "guides/facilitation/styled.svg": (
        '<?xml version="1.0"?>\n<?xml-stylesheet href="https://tracker.example/s.css"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg"/>\n'
    ),
    "guides/facilitation/slashes.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg">\n  <a href="\\\\tracker.example\\p">'
        "<text>x</text></a>\n  <rect fill='u&#x72;l( https://tracker.example/p.png )'/></svg>\n"
    ),
    "about/extra.md": "# Extra\n\nText <img src=x onerror=alert(1)>\n",
    "guides/facilitation/table.csv": 'name,link\nx,"=HYPERLINK(""https://evil.example"")"\n',
    "guides/facilitation/fake.png": "not an image\n",
    "about/remote.md": (
        "# Remote\n\n![a [b] c](https://evil.example/x1.png)\n\n![x] [r10]\n\n"
        "[r10]: https://evil.example/r10.png\n"
    ),
}
REMOTE_HUB = "  ![x](https://evil.example/hub2.png)\n"
"""Put at the start of a hub's description: an image on another host in a data field."""
EXPECTED = {
    "blueprint/guides/facilitation/raw.html:1:1: error: a `.html` file cannot be published",
    "blueprint/guides/facilitation/payload.js:1:1: error: a `.js` file cannot be published",
    "blueprint/guides/facilitation/pic.svg:1:1: error: event handler attribute `onload`",
    "blueprint/guides/facilitation/pic.svg:1:59: error: an SVG drawing may not hold `<script>`",
    "blueprint/guides/facilitation/animated.svg:1:44: error: an SVG drawing may not hold `<set>`",
    "blueprint/guides/facilitation/remote.svg:1:41: error: `<image>` shows an image from",
    "blueprint/guides/facilitation/escaped.svg:4:1: error: the `<style>` of a drawing: `@import`",
    "blueprint/guides/facilitation/styled.svg:2:1: error: processing instruction `<?xml-style",
    "blueprint/guides/facilitation/slashes.svg:2:3: error: `<a>` links with a backslash",
    "blueprint/guides/facilitation/slashes.svg:3:3: error: `fill` of `<rect>`: `url(https:",
    "blueprint/bomb.svg:2:15: error: an SVG drawing may not declare a DOCTYPE",
    "blueprint/about/extra.md:3:17: error: event handler attribute `onerror`",
    "blueprint/guides/facilitation/table.csv:2:3: error: a spreadsheet would run this cell",
    "blueprint/guides/facilitation/fake.png:1:1: error: image `blueprint/guides/facilitation/"
    "fake.png`: not a PNG image",
    "blueprint/guides/facilitation/handout.pdf:1:1: error: a PDF that may not be published: "
    "an action run when the file opens",
    "blueprint/sheet.ods:1:1: error: an OpenDocument file that may not be published: macros",
    "blueprint/about/remote.md:3:12: error: image on another host",
    "blueprint/about/remote.md:7:8: error: image on another host",
}
BUILD_ONLY_CHECKED = {e for e in EXPECTED if e.startswith(("blueprint/about/",))}
"""Pages the build withholds as a whole (at line 1) rather than at the line."""


_PHOTO = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00"
    b"\x00:~\x9bU\x00\x00\x00\nIDATx\x9cc`\x00\x00\x00\x02\x00\x01H\xaf\xa4q\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)
"""A real 1 x 1 PNG (grey)."""


def _hostile_documents() -> dict[str, bytes]:
    """A PDF with JavaScript run on opening and a spreadsheet with a macro."""
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    action = {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): NameObject("/x")}
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(action)
    pdf = io.BytesIO()
    writer.write(pdf)
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("Basic/Standard/Module1.xml", "<module/>")
    return {"guides/facilitation/handout.pdf": pdf.getvalue(), "sheet.ods": ods.getvalue()}


HOSTILE_DOCUMENTS = _hostile_documents()


def _project(root: Path) -> Path:
    copy_repository(root)
    docs = root / "blueprint"
    for rel, text in HOSTILE_FILES.items():
        (docs / rel).write_text(text, encoding="utf-8")
    for rel, data in HOSTILE_DOCUMENTS.items():
        (docs / rel).write_bytes(data)
    (docs / "guides/facilitation/square.svg").write_text(CLEAN_SVG, encoding="utf-8")
    (docs / "guides/facilitation/photo.png").write_bytes(_PHOTO)
    hub = root / "hubs/dublin.yaml"
    text = hub.read_text(encoding="utf-8")
    hub.write_text(text.replace("description: |\n", "description: |\n" + REMOTE_HUB, 1))
    return root


def _found(output: str) -> set[str]:
    return {e for e in EXPECTED if any(line.startswith(e) for line in output.splitlines())}


def test_validate_names_every_file_that_could_run(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "oshub"), "validate", "blueprint"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert _found(result.stdout) == EXPECTED, result.stdout
    assert "square.svg" not in result.stdout and "photo.png" not in result.stdout
    assert "assets/javascripts" not in result.stdout  # the project's own scripts


def test_the_build_publishes_none_of_them_even_without_validation(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    validation_off(root)
    out = tmp_path / "out"
    result = mkdocs_build(root, out)
    assert result.returncode != 0, "the build must fail"
    for expected in EXPECTED - BUILD_ONLY_CHECKED:
        assert expected.split(": error:")[0] in result.stderr, expected
    for rel in [*HOSTILE_FILES, *HOSTILE_DOCUMENTS]:
        if not rel.endswith(".md"):
            assert not (out / rel).exists(), rel
    # the backstop: a page that loads anything from another host is withheld, named
    for source in ("blueprint/about/remote.md", "hubs/dublin.yaml"):
        assert f"{source}:1:1: error: the built page holds a file loaded from another host: " in (
            result.stderr
        ), source
    for page in out.rglob("*.html"):
        assert "evil.example" not in page.read_text(encoding="utf-8"), page
    published = (out / "guides/facilitation/square.svg").read_bytes()
    assert published == clean_svg(CLEAN_SVG.encode(), "square.svg")[0]  # written again
    assert published != CLEAN_SVG.encode() and b'fill="url(#g)"' in published
