"""Printing side by side: several books in several processes give the same PDFs as one
after another, a book that fails is named, and nothing is left running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from oshub.core.project import PACKAGE_DIR
from oshub.outputs.pdf import engine as pdf_engine
from oshub.outputs.pdf.books import PRINT_FILES
from oshub.outputs.pdf.engine import Document, RenderError, render_all, share
from support import BUILD_ENV, copy_repository

OSHUB = str(Path(sys.executable).parent / "oshub")


def _page(name: str, body: str) -> Document:
    """A document named ``name`` with ``body``, reading only the print files."""
    return Document(
        name,
        f'<html lang="en"><head><title>{name}</title></head><body>{body}</body></html>',
        str(PRINT_FILES) + "/",
        (str(PRINT_FILES),),
    )


def _document(name: str, paragraphs: int) -> Document:
    return _page(name, "".join(f"<p>Paragraph {i} of {name}.</p>" for i in range(paragraphs)))


def test_each_process_gets_about_the_same_amount_of_html() -> None:
    assert share([100, 10, 60, 50], 2) == [[0, 1], [2, 3]]  # 110 and 110
    assert share([500, 40, 30, 20, 10], 2) == [[0], [1, 2, 3, 4]]
    assert share([5, 5, 5], 3) == [[0], [1], [2]]
    assert share([5], 4) == [[0]]


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen[bytes]]:
    """The printing processes started while the test runs."""
    children: list[subprocess.Popen[bytes]] = []
    real_start = pdf_engine._start_child

    def counting() -> subprocess.Popen[bytes]:
        child = real_start()
        children.append(child)
        return child

    monkeypatch.setattr(pdf_engine, "_start_child", counting)
    return children


def test_documents_come_back_in_their_order_from_two_processes(
    started: list[subprocess.Popen[bytes]],
) -> None:
    documents = [_document("short", 3), _document("long", 400), _document("middle", 90)]
    printed = render_all(documents, jobs=2)
    assert len(started) == 2
    assert all(child.returncode == 0 for child in started)
    alone = [pdf_engine.render(d) for d in documents]
    assert [p.pages for p in printed] == [a.pages for a in alone]
    assert [p.pages for p in printed][1] > 5
    assert [p.data for p in printed] == [a.data for a in alone]  # the same bytes


def test_a_document_that_fails_in_a_printing_process_is_named(
    started: list[subprocess.Popen[bytes]],
) -> None:
    nested = "<div>" * 3000 + "too deep" + "</div>" * 3000
    hostile = _page("hostile.pdf", nested)
    with pytest.raises(RenderError, match=r"^hostile\.pdf: WeasyPrint could not render it: "):
        render_all([_document("long", 10000), hostile], jobs=2)
    assert len(started) == 2
    assert all(child.poll() is not None for child in started), "a printing process was left"
    # the long book's process was stopped, not waited for
    assert sorted(child.returncode < 0 for child in started) == [False, True]


def _pdf(root: Path, out: Path, jobs: str) -> subprocess.CompletedProcess[str]:
    command = [OSHUB, "pdf", "--out", str(out), "--jobs", jobs]
    for area in ("equity", "best-practices", "tools"):
        command += ["--area", area]
    env = {**BUILD_ENV, "XDG_CACHE_HOME": str(out.parent / f"{out.name}-cache")}
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, timeout=600)


def test_oshub_pdf_side_by_side_writes_what_one_process_writes(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    # a printing process does not import from the folder it is started in
    for shadow in ("weasyprint.py", "pydyf.py"):
        (root / shadow).write_text("raise ImportError('shadowed by the project folder')\n")
    together, alone = _pdf(root, tmp_path / "two", "2"), _pdf(root, tmp_path / "one", "1")
    assert together.returncode == 0, together.stderr
    assert alone.returncode == 0, alone.stderr
    files = sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*.pdf"))
    assert len(files) == 7  # two areas and five tools
    for name in files:
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "one" / name).read_bytes()
        assert len(PdfReader(tmp_path / "two" / name).pages) >= 1
    assert "from the cache" not in together.stdout
    again = _pdf(root, tmp_path / "two", "2")
    assert again.stdout.count("from the cache") == 7


@pytest.mark.parametrize("jobs", ["-1", "two", "65"])
def test_a_wrong_number_of_processes_is_a_usage_error(tmp_path: Path, jobs: str) -> None:
    result = _pdf(tmp_path, tmp_path / "out", jobs)
    assert result.returncode == 2
    assert "not a number of processes from 0 (one a core) to 64" in result.stderr


PLAIN_WEASYPRINT = """
import sys, pydyf, weasyprint
assert not getattr(pydyf.PDF.page_references.fget, "remembers", False)
html, base = sys.stdin.read(), sys.argv[1]
document = weasyprint.HTML(string=html, base_url=base).render()
sys.stdout.buffer.write(document.write_pdf(pdf_variant="pdf/ua-1"))
"""


def test_remembering_page_references_changes_no_byte_of_a_tagged_pdf() -> None:
    rows = "".join(f"<tr><td>{i}</td><td>row {i}</td></tr>" for i in range(150))
    items = "".join(f"<li>item {i}</li>" for i in range(150))
    document = _page(
        "tagged.pdf",
        "<h1>Tagged</h1>"
        f"<table><thead><tr><th>n</th><th>text</th></tr></thead>{rows}</table>"
        f"<ul>{items}</ul>",
    )
    ours = pdf_engine.render(document)  # this process remembers (load_weasyprint)
    import pydyf

    assert getattr(pydyf.PDF.page_references.fget, "remembers", False)
    assert ours.pages >= 5
    plain = subprocess.run(
        [sys.executable, "-c", PLAIN_WEASYPRINT, document.base],
        input=document.html.encode(),
        capture_output=True,
        check=True,
        timeout=300,
    ).stdout
    assert plain == ours.data


@pytest.mark.parametrize(("value", "valid"), [(0, True), (2, True), (-1, False), (65, False)])
def test_the_plugin_option_pdf_jobs_takes_0_to_64(value: int, valid: bool) -> None:
    from oshub.mkdocs.config import OshubConfig

    config = OshubConfig()
    config.load_dict({"pdf_jobs": value})
    errors, _ = config.validate()
    assert (not errors) is valid
    if not valid:
        assert "a number of processes from 0 (one a core) to 64" in str(errors[0][1])


def _child_with(setup: str) -> subprocess.Popen[bytes]:
    """A printing process that runs ``setup`` (Python, with ``engine`` the module)
    before it starts reading documents."""
    folder = str(PACKAGE_DIR.parent)  # the folder holding the package
    code = (
        "import os, sys; sys.path.insert(0, sys.argv[1]); "
        f"import oshub.outputs.pdf.engine as engine; {setup}; "
        "raise SystemExit(engine._child(sys.argv[1]))"
    )
    return subprocess.Popen(
        [sys.executable, "-P", "-c", code, folder],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_what_a_library_writes_to_standard_output_does_not_spoil_the_pdfs() -> None:
    noisy = _child_with(
        "real = engine.render; "
        "engine.render = lambda d: (os.write(1, b'from C'), print('from Python'), real(d))[2]"
    )
    printed = pdf_engine._run_child(noisy, [_document("one", 3), _document("two", 5)])
    assert [p.pages for p in printed] == [1, 1]
    assert printed[0].data.startswith(b"%PDF")


def test_a_printing_process_that_dies_names_its_books() -> None:
    dying = _child_with("os._exit(3)")
    with pytest.raises(RenderError, match=r"^the process printing one\.pdf, two\.pdf stopped "):
        pdf_engine._run_child(dying, [_document("one.pdf", 3), _document("two.pdf", 5)])


_PRINTING_PARENT = """
import sys
from oshub.outputs.pdf.books import PRINT_FILES
from oshub.outputs.pdf.engine import Document, render_all

body = "".join(f"<p>Paragraph {i} of a long book.</p>" for i in range(40000))
html = f'<html lang="en"><head><title>t</title></head><body>{body}</body></html>'
book = Document("long.pdf", html, str(PRINT_FILES) + "/", (str(PRINT_FILES),))
render_all([book, book], jobs=2)
"""


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(p) for p in (task / "children").read_text().split())
    return found


def _running(pid: int) -> bool:
    """True while ``pid`` runs (not ended, not a zombie waiting to be reaped)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return status.rpartition(")")[2].split()[0] != "Z"


def test_printing_processes_end_with_their_parent_however_it_ends() -> None:
    parent = subprocess.Popen([sys.executable, "-c", _PRINTING_PARENT], env=BUILD_ENV)
    try:
        deadline = time.monotonic() + 60
        children: set[int] = set()
        while len(children) < 2:
            assert parent.poll() is None and time.monotonic() < deadline
            children = _children(parent.pid)
            time.sleep(0.05)
        time.sleep(1.5)  # printing by now (a book takes far longer than this)
        assert all(_running(child) for child in children)
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 5
    while any(_running(child) for child in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    orphans = [child for child in children if _running(child)]
    for child in orphans:  # not left running when the test fails
        os.kill(child, signal.SIGKILL)
    assert not orphans, "orphaned printers run on"
