"""Every content path takes a near-1 MiB adversarial file in bounded time and memory.

Each case is a file written into a small project and a command run on it through its
real entry point, in a child process limited to ``MEMORY`` of address space and
``SECONDS`` of processor time: ``oshub validate`` on the file, a build of the site with the
plugin's validation switched off (so that the build's own defences meet the file), and
``oshub pdf`` of the page's area. A case passes when the command ends in time with exit
0 or 1 and no traceback. To add a case, add a row to ``CASES``: a name, the file's
path in the project, a function that makes its bytes, and the commands to run.
"""

from __future__ import annotations

import io
import os
import resource
import shutil
import signal
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from oshub.validate.markdown_limits import MAX_TAGS, MAX_UNCLOSED_TAGS
from support import BUILD_ENV, PAGE_FACTS, make_project

MEMORY = 1 << 30
"""Address space a command may use (1 GiB)."""
SECONDS = 10.0
"""Processor time a command may take (a limit the kernel keeps, which a busy machine
does not make stricter)."""
WALL_SECONDS = 60.0
"""Time after which a command that waits instead of working is stopped."""
NEAR_MIB = 1_000_000
"""Bytes of an adversarial file: just under the 1 MiB limit on content files."""
BIN = Path(sys.executable).parent

VALIDATE, BUILD, PRINT = "validate", "build", "print"
PAGE_COMMANDS = (VALIDATE, BUILD, PRINT)

_FRONT = (
    "---\ntitle: Adversarial\narea: equity\nsummary: A page made to be hard to read.\n"
    f"last_reviewed: 2026-11-01\norder: 5\n{PAGE_FACTS}---\n\n"
)


def page(body: str) -> Callable[[], bytes]:
    """A guide page whose body is ``body``, cut to just under 1 MiB."""
    return lambda: (_FRONT + body)[:NEAR_MIB].encode("utf-8")


def text(value: str) -> Callable[[], bytes]:
    """A file of exactly ``value`` (cut to just under 1 MiB)."""
    return lambda: value[:NEAR_MIB].encode("utf-8")


def _hub(description: str = "A hub.", extra: str = "") -> str:
    return (
        'name: Adversarial Hub\ncountry: "NL"\nlocation:\n  city: Utrecht\n  lat: 52.09\n'
        "  lon: 5.12\n  precision: city\nsdgs: [4]\nbarriers: [geographic]\nlanguages: [en]\n"
        f"status: active\nlast_reviewed: 2026-11-01\n{extra}description: {description}\n"
    )


SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg">'


def stored_zip(members: dict[str, bytes]) -> Callable[[], bytes]:
    """An OpenDocument-like zip whose members are stored as they are (so that the file
    on disk is as large as what it unpacks to)."""

    def make() -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        return buffer.getvalue()

    return make


def png_claiming(width: int, height: int, padding: int) -> Callable[[], bytes]:
    """A PNG whose header claims ``width`` x ``height`` pixels, followed by ``padding``
    bytes of compressed rows (the image itself would take gigabytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    def make() -> bytes:
        header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
        rows = zlib.compress(b"\0" * (padding * 1000), 9)[:padding]
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows)

    return make


@dataclass(frozen=True)
class Case:
    """A file of adversarial content and the commands it must not swamp."""

    name: str
    path: str
    """Where the file goes, relative to the project's root."""
    content: Callable[[], bytes]
    commands: tuple[str, ...]


GUIDE = "blueprint/guides/equity/adversarial.md"
PAGE = "blueprint/notes.md"
HALF = NEAR_MIB // 2

CASES = [
    # guide pages: the four attacks of issue 19, then long, many and huge things
    Case(
        "nested brackets",
        GUIDE,
        page("[" * (NEAR_MIB // 3) + "](" * (NEAR_MIB // 3)),
        PAGE_COMMANDS,
    ),
    Case("dashes", GUIDE, page(("- " * 500 + "x\n\n") * 1000), PAGE_COMMANDS),
    Case("less-than signs", GUIDE, page("<" * NEAR_MIB), PAGE_COMMANDS),
    Case(
        "huge table", GUIDE, page("| a | b |\n|---|---|\n" + "| x | y |\n" * 100_000), PAGE_COMMANDS
    ),
    Case("one long line", GUIDE, page("word " * HALF), PAGE_COMMANDS),
    Case("many headings", GUIDE, page("# heading\n\n" * HALF), PAGE_COMMANDS),
    Case("many links", GUIDE, page("[a](index.md) " * HALF), PAGE_COMMANDS),
    Case("nested emphasis", GUIDE, page("*a " * HALF), PAGE_COMMANDS),
    Case("unclosed links", GUIDE, page("[x](" * HALF), PAGE_COMMANDS),
    Case("unclosed tags", GUIDE, page("<b " * HALF), PAGE_COMMANDS),
    Case(
        "unclosed tags on many lines",
        GUIDE,
        page("x <a\n" * (MAX_TAGS - 1) + "\n" + "Words and more words.\n\n" * HALF),
        PAGE_COMMANDS,
    ),
    Case(
        "as many unclosed tags as allowed",
        GUIDE,
        page("x <a\n\n" * MAX_UNCLOSED_TAGS + "Words and more words.\n\n" * HALF),
        PAGE_COMMANDS,
    ),
    Case("new lines", GUIDE, page("\n" * NEAR_MIB), PAGE_COMMANDS),
    Case("raw HTML", GUIDE, page("<b>x</b> " * HALF), PAGE_COMMANDS),
    # a hand-written page outside the guides
    Case(
        "page: brackets",
        PAGE,
        text("[" * (NEAR_MIB // 3) + "](" * (NEAR_MIB // 3)),
        (VALIDATE, BUILD),
    ),
    Case("page: dashes", PAGE, text(("- " * 500 + "x\n\n") * 1000), (VALIDATE, BUILD)),
    # drawings and documents published from blueprint/ (the build reads drawings again)
    Case(
        "drawing: deep",
        "blueprint/deep.svg",
        text(SVG_OPEN + "<g>" * (NEAR_MIB // 3)),
        (VALIDATE, BUILD),
    ),
    Case(
        "drawing: many styled shapes",
        "blueprint/styled.svg",
        text(
            SVG_OPEN
            + '<defs><linearGradient id="a"/></defs>'
            + '<rect style="fill:url(#a);stroke:rgb(1,2,3)" fill="url(#a)"/>' * 15_000
            + "</svg>"
        ),
        (VALIDATE, BUILD),
    ),
    Case(
        "drawing: one huge style",
        "blueprint/style.svg",
        text(SVG_OPEN + "<style>" + "rect{fill:red}" * 70_000 + "</style></svg>"),
        (VALIDATE,),
    ),
    Case("csv: formulas", "blueprint/sheet.csv", text("=1+1,@x,-y\n" * 90_000), (VALIDATE,)),
    Case("csv: one open quote", "blueprint/open.csv", text('a,"' + "\n" * NEAR_MIB), (VALIDATE,)),
    Case(
        "pdf: deep", "blueprint/deep.pdf", text("%PDF-1.7\n1 0 obj\n" + "[" * NEAR_MIB), (VALIDATE,)
    ),
    Case(
        "pdf: many objects",
        "blueprint/many.pdf",
        text("%PDF-1.7\n" + "".join(f"{i} 0 obj\n<</JS 1>>\nendobj\n" for i in range(40_000))),
        (VALIDATE,),
    ),
    Case(
        "opendocument: deep",
        "blueprint/deep.odt",
        stored_zip(
            {
                "mimetype": b"application/vnd.oasis.opendocument.text",
                "content.xml": b"<office:document-content>" + b"<a>" * 320_000,
            }
        ),
        (VALIDATE,),
    ),
    Case(
        "image: a huge header",
        "blueprint/huge.png",
        png_claiming(50_000, 50_000, 990_000),
        (VALIDATE,),
    ),
    # hubs and data files
    Case("hub: deep", "hubs/deep.yaml", text("a: " + "[" * NEAR_MIB), (VALIDATE, BUILD)),
    Case("hub: wide", "hubs/wide.yaml", text(_hub(extra="aliases: [" + "a, " * HALF)), (VALIDATE,)),
    Case("hub: long string", "hubs/long.yaml", text(_hub("x" * NEAR_MIB)), (VALIDATE, BUILD)),
    Case(
        "hub: many keys",
        "hubs/keys.yaml",
        text(_hub(extra="".join(f"k{i}: v\n" for i in range(100_000)))),
        (VALIDATE,),
    ),
    Case(
        "mission: many hubs",
        "missions/many.yaml",
        text(
            "title: Many\nstatus: active\nsdgs: [4]\nlast_reviewed: 2026-11-01\nhubs:\n"
            + "".join(f"  - hub-{i}\n" for i in range(HALF // 6))
        ),
        (VALIDATE, BUILD),
    ),
    Case(
        "guide: huge front matter",
        GUIDE,
        text(
            _FRONT.replace("in_brief:", "in_brief: [" + "x, " * (NEAR_MIB // 3) + "]\nx_in_brief:")
        ),
        PAGE_COMMANDS,
    ),
    Case("data: deep", "data/glossary.yaml", text("- " * HALF + "x"), (VALIDATE,)),
    Case("data: tools", "data/tools.yaml", text("- id: x\n" * (NEAR_MIB // 8)), (VALIDATE, BUILD)),
    Case(
        "data: many items",
        "data/glossary.yaml",
        text("- {term: a, definition: b}\n" * 40_000),
        (VALIDATE,),
    ),
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project with one guide area, built with validation off and no PDFs."""
    root = make_project(tmp_path_factory.mktemp("bounded") / "p")
    (root / "mkdocs.yml").write_text(
        "site_name: Test\nsite_url: https://oshub.network/\ndocs_dir: blueprint\n"
        "theme:\n  name: material\n  font: false\n"
        "plugins:\n  - oshub:\n      validation: false\n      pdf: false\n"
        "markdown_extensions:\n  - toc:\n      permalink: true\n  - admonition\n  - abbr\n"
        "  - attr_list\n  - tables\n  - sane_lists\n  - pymdownx.tasklist\n",
        encoding="utf-8",
    )
    guides = root / "blueprint/guides/equity"
    guides.mkdir(parents=True)
    (root / "blueprint/index.md").write_text("# Home\n", encoding="utf-8")
    (guides / "index.md").write_text(
        "---\ntitle: Equity\narea: equity\nsummary: The area.\nlast_reviewed: 2026-11-01\n"
        "---\n\nThe area's pages.\n",
        encoding="utf-8",
    )
    return root


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    seconds = int(SECONDS)
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))


def _command(name: str, root: Path) -> list[str]:
    if name == VALIDATE:
        return [str(BIN / "oshub"), "validate"]
    if name == BUILD:
        return [str(BIN / "mkdocs"), "build", "-q", "-d", str(root / "site")]
    return [
        str(BIN / "oshub"),
        "pdf",
        "--area",
        "equity",
        "--jobs",
        "1",
        "--out",
        str(root / "pdf"),
    ]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_an_adversarial_file_is_handled_in_bounded_time_and_memory(
    case: Case, template: Path, tmp_path: Path
) -> None:
    root = tmp_path / "p"
    shutil.copytree(template, root)
    data = case.content()
    assert NEAR_MIB * 0.9 <= len(data) <= 1 << 20, len(data)
    target = root / case.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    env = {**BUILD_ENV, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for name in case.commands:
        started = time.perf_counter()
        try:
            result = subprocess.run(
                _command(name, root),
                cwd=root,
                capture_output=True,
                text=True,
                env=env,
                timeout=WALL_SECONDS,
                preexec_fn=_limits,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"{case.name}: {name} took more than {WALL_SECONDS} s")
        took = time.perf_counter() - started
        output = result.stdout + result.stderr
        assert result.returncode != -signal.SIGXCPU, f"{case.name}: {name} over {SECONDS} s"
        assert "Traceback" not in output, f"{case.name}: {name}\n{output[-3000:]}"
        assert result.returncode in (0, 1), f"{case.name}: {name}\n{output[-3000:]}"
        assert len(output) < 200_000, f"{case.name}: {name} printed {len(output)} characters"
        print(f"{case.name}: {name} exit {result.returncode} in {took:.1f} s")


def test_the_cases_cover_every_kind_of_content_and_command() -> None:
    kinds = {c.path.split("/")[0] + ("/guides" if "/guides/" in c.path else "") for c in CASES}
    assert kinds == {"blueprint", "blueprint/guides", "hubs", "missions", "data"}
    assert {name for c in CASES for name in c.commands} == set(PAGE_COMMANDS)
    assert os.path.basename(GUIDE).endswith(".md")


def _project(template: Path, tmp_path: Path, body: str, options: str = "") -> Path:
    root = tmp_path / "p"
    shutil.copytree(template, root)
    if options:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("      pdf: false\n", options), encoding="utf-8")
    (root / GUIDE).write_text(_FRONT + body, encoding="utf-8")
    return root


def _run(root: Path, command: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**BUILD_ENV, "XDG_CACHE_HOME": str(root.parent / "cache")}
    return subprocess.run(
        command, cwd=root, capture_output=True, text=True, env=env, timeout=60, check=False
    )


_DEEP_LINE = _FRONT.count("\n") + 3
"""The file line of the deep line below (after a paragraph and a blank line)."""


@pytest.mark.parametrize(
    "options",
    ["      pdf: false\n", "      pdf: true\n", "      enabled: false\n"],
    ids=["validation off", "validation off, printing", "plugin off"],
)
def test_the_build_refuses_a_deep_page_at_its_line_whatever_the_switches(
    template: Path, tmp_path: Path, options: str
) -> None:
    root = _project(template, tmp_path, "A paragraph.\n\n" + "- " * 500 + "x\n", options)
    result = _run(root, [str(BIN / "mkdocs"), "build", "-d", str(root / "site")])
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "RecursionError" not in output
    assert f"{GUIDE}:{_DEEP_LINE}:" in output, output
    assert "nest 500 deep" in output


def test_the_printer_refuses_a_page_past_its_budget_and_names_it(
    template: Path, tmp_path: Path
) -> None:
    """A table of 1,200 cells passes validation (rows are few enough to build) but is
    more than a printed page may hold: refused before any layout, in seconds."""
    table = "| a | b |\n|---|---|\n" + "| x | y |\n" * 600
    root = _project(template, tmp_path, table)
    assert _run(root, [str(BIN / "oshub"), "validate"]).returncode == 0
    started = time.perf_counter()
    result = _run(root, [str(BIN / "oshub"), "pdf", "--area", "equity", "--out", "pdf"])
    assert time.perf_counter() - started < 3 * SECONDS  # 99 s before the budget
    assert result.returncode == 1
    assert f"{GUIDE}: 1,202 table cells are more than a printed page may hold" in result.stderr
    assert not (root / "pdf").exists() or not list((root / "pdf").rglob("*.pdf"))


def test_the_200_kb_table_is_refused_at_its_line(template: Path, tmp_path: Path) -> None:
    table = "| a | b |\n|---|---|\n" + "| x | y |\n" * 20_000
    root = _project(template, tmp_path, table)
    started = time.perf_counter()
    result = _run(root, [str(BIN / "oshub"), "pdf", "--area", "equity", "--out", "pdf"])
    assert time.perf_counter() - started < 3 * SECONDS  # 99 s before the budget
    assert result.returncode == 1
    line = _FRONT.count("\n") + 1 + 2000
    assert f"{GUIDE}:{line}:1: error: more than 2,000 table rows on one page" in result.stdout


def test_the_preview_page_shows_at_most_the_cap_a_file(template: Path) -> None:
    from oshub.core.problems import MAX_PROBLEMS_PER_FILE, error
    from oshub.core.project import load_project
    from oshub.preview.server import Preview

    problems = [error("hubs/x.yaml", i + 1, 1, f"problem {i}") for i in range(150)]
    preview = Preview(load_project(template), "127.0.0.1:8000")
    try:
        page = preview._problem_page(problems).decode("utf-8")
    finally:
        shutil.rmtree(preview.site_dir, ignore_errors=True)
    assert page.count("<li>") == MAX_PROBLEMS_PER_FILE + 1
    assert "50 more problems in this file not shown" in page
    assert "Preview waiting: 150 problems to fix" in page
    assert page.count('<span class="note">note:</span>') == 1
