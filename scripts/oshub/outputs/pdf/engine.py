"""WeasyPrint, called alone: one HTML document in, tagged PDF out.

This module is all that a printing process needs (it imports nothing of the site):
``oshub pdf`` and the site build print several books side by side, one process a
core, each rendering whole HTML documents made by ``printing``. WeasyPrint lays out a
document in one thread, so a second process is the only way to use a second core.
A printing process is a fresh interpreter running this module's ``_child``, never a
fork; the documents and PDFs travel through its pipes as plain text, bytes and
numbers.

The URL fetcher reads only files under the folders it is given (the package's print
files and the project's guides): nothing from the network, nothing elsewhere. An SVG
drawing is given to WeasyPrint as the site publishes it (written again from what was
checked, ``svg_safety``), never as the file on disk.
"""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from oshub.core.project import PACKAGE_DIR, ProjectError
from oshub.validate.svg_safety import published_svg

SYSTEM_LIBRARIES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
"""What WeasyPrint needs from the system, as Debian packages (``make site`` installs
them through scripts/tools/ensure-system-deps.sh)."""


class MissingSystemLibraries(ProjectError):
    """WeasyPrint cannot load the system's text libraries (exit 2)."""


class RenderError(Exception):
    """WeasyPrint could not render a document (the message says why)."""


def load_weasyprint() -> Any:
    """The ``weasyprint`` module, or MissingSystemLibraries with the apt-get line."""
    try:
        import weasyprint
    except OSError as exc:  # the module is there, the system's libraries are not
        raise MissingSystemLibraries(
            f"WeasyPrint cannot load the system's text libraries ({exc}); install them "
            f"with: apt-get install -y {SYSTEM_LIBRARIES}"
        ) from exc
    remember_page_references()
    return weasyprint


def remember_page_references() -> None:
    """Make pydyf's ``PDF.page_references`` build its tuple once a page count.

    pydyf builds the tuple of every page's reference anew on each read, and
    WeasyPrint's PDF/UA tags read it once for every tagged box: time grows with
    pages times boxes (a fifth of writing the whole Blueprint's 189 pages). The tuple
    only changes when a page is added, so it is kept until the count changes; the
    original property computes it, and the PDF's bytes are the same (tested). Does
    nothing if pydyf no longer has the property as it was.
    """
    import pydyf

    original = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(original, property) or original.fget is None:
        return
    if getattr(original.fget, "remembers", False):
        return
    compute = original.fget

    def page_references(pdf: Any) -> Any:
        count = len(pdf.pages["Kids"])
        kept = pdf.__dict__.get("_oshub_page_references")
        if kept is None or kept[0] != count:
            kept = (count, compute(pdf))
            pdf.__dict__["_oshub_page_references"] = kept
        return kept[1]

    page_references.remembers = True  # type: ignore[attr-defined]
    pydyf.PDF.page_references = property(page_references)


def project_fetcher(allowed: Sequence[str | Path]) -> Any:
    """A URL fetcher that reads only files under the ``allowed`` folders."""
    load_weasyprint()
    from weasyprint.urls import URLFetcher

    roots = [os.path.realpath(p) + os.sep for p in allowed]

    class ProjectFiles(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            path = os.path.realpath(unquote(parts.path))
            if parts.scheme != "file" or not any(path.startswith(r) for r in roots):
                raise ValueError(f"not fetched while printing: {url}")
            if path.lower().endswith(".svg"):
                return drawing(url, path, next(r for r in roots if path.startswith(r)))
            return super().fetch(url, headers)

    return ProjectFiles(allowed_protocols={"file"})


def drawing(url: str, path: str, root: str) -> Any:
    """An SVG drawing as the site publishes it (``svg_safety.published_svg``: written
    again from what was checked), never the file itself; ValueError when it may not
    be published (WeasyPrint then leaves the image out and says so)."""
    from weasyprint.urls import URLFetcherResponse

    content, problems = published_svg(Path(path), path, Path(root))
    if content is None:
        first = problems[0].message if problems else "unreadable"
        raise ValueError(f"drawing not printed: {path}: {first}")
    return URLFetcherResponse(url, content, {"Content-Type": "image/svg+xml"})


@dataclass(frozen=True)
class Document:
    """One document to print: its name (for messages), its HTML, where its relative
    addresses start and the folders its files may come from."""

    name: str
    html: str
    base: str
    allowed: tuple[str, ...]


@dataclass(frozen=True)
class Rendered:
    """A printed document: the PDF, its page count and the seconds it took (None:
    printed earlier, read from a cache)."""

    data: bytes
    pages: int
    seconds: float | None


def render(document: Document) -> Rendered:
    """One document as tagged PDF (PDF/UA-1); raises RenderError."""
    started = time.perf_counter()
    weasyprint = load_weasyprint()
    try:
        laid_out = weasyprint.HTML(
            string=document.html,
            base_url=document.base,
            url_fetcher=project_fetcher(document.allowed),
        ).render()
        data = laid_out.write_pdf(pdf_variant="pdf/ua-1")
    except Exception as exc:
        raise RenderError(f"{document.name}: WeasyPrint could not render it: {exc}") from exc
    return Rendered(data, len(laid_out.pages), time.perf_counter() - started)


def processes(wanted: int, documents: int) -> int:
    """How many printing processes to use: ``wanted`` (0: one a core), never more
    than the documents."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(wanted or cores or 1, documents))


def share(sizes: Sequence[int], count: int) -> list[list[int]]:
    """The documents (by index) for each of ``count`` processes, so that each gets
    about the same amount of HTML: the longest first, each to the lightest share."""
    shares: list[list[int]] = [[] for _ in range(count)]
    loads = [0] * count
    for index in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        lightest = loads.index(min(loads))
        shares[lightest].append(index)
        loads[lightest] += sizes[index]
    return [one for one in shares if one]


def render_all(documents: Sequence[Document], jobs: int = 0) -> list[Rendered]:
    """Every document as PDF, in the order given, printed in up to ``jobs`` processes
    side by side (0: one a core; 1, or a single document: in this process). Raises
    RenderError for a document that fails (the other processes are stopped)."""
    count = processes(jobs, len(documents))
    if count == 1:
        return [render(document) for document in documents]
    shares = share([len(d.html) for d in documents], count)
    children: list[subprocess.Popen[bytes]] = []
    results: dict[int, Rendered] = {}
    try:
        for _ in shares:
            children.append(_start_child())
        with ThreadPoolExecutor(len(children)) as waiting:
            futures = {
                waiting.submit(_run_child, child, [documents[i] for i in indexes]): indexes
                for child, indexes in zip(children, shares, strict=True)
            }
            try:
                for future in as_completed(futures):
                    results.update(zip(futures[future], future.result(), strict=True))
            except BaseException:
                _stop(children)  # before the pool waits for their threads
                raise
    finally:
        _stop(children)
    return [results[i] for i in range(len(documents))]


def _stop(children: Sequence[subprocess.Popen[bytes]]) -> None:
    """Stop the printing processes still running."""
    for child in children:
        if child.poll() is None:
            child.kill()
            child.wait()


_CHILD = (
    "import sys; folder = sys.argv[1]; "
    "sys.path.insert(0, folder) if folder not in sys.path else None; "
    "from oshub.outputs.pdf.engine import _child, end_with_parent; "
    "end_with_parent(int(sys.argv[2])); "
    "raise SystemExit(_child(folder))"
)
"""What a printing process runs (``python -P``: the current folder is not searched):
this package from the folder this process found it in (put first only when the path
lacks it, as for an editable install), ending with the process that started it."""

PR_SET_PDEATHSIG = 1
"""From ``<linux/prctl.h>``: the signal a process gets when its parent ends."""


def end_with_parent(parent: int) -> None:
    """Have the kernel kill this process (SIGKILL) when ``parent``, the process that
    started it, ends, however it ends (Linux; elsewhere nothing). Exits at once when
    the parent already ended before the request was made (it was adopted meanwhile)."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


def _start_child() -> subprocess.Popen[bytes]:
    """A fresh interpreter that prints what it reads on its standard input (never a
    fork of this process, which may run threads: the live preview does)."""
    if not sys.executable:
        raise RenderError("no Python interpreter to start a printing process with: use --jobs 1")
    try:
        return subprocess.Popen(
            [
                sys.executable,
                "-P",
                "-c",
                _CHILD,
                str(PACKAGE_DIR.parent),
                str(os.getpid()),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except OSError as exc:
        raise RenderError(f"a printing process could not start ({exc}): use --jobs 1") from exc


def _run_child(child: subprocess.Popen[bytes], documents: list[Document]) -> list[Rendered]:
    """Hand ``documents`` to a printing process and read back their PDFs (plain values
    both ways, with ``marshal``: nothing but text, bytes and numbers crosses)."""
    plain = [(d.name, d.html, d.base, list(d.allowed)) for d in documents]
    out, err = child.communicate(marshal.dumps(plain))
    try:
        answers = marshal.loads(out) if child.returncode == 0 else None
    except (EOFError, ValueError, TypeError):
        answers = None
    if not isinstance(answers, list):
        tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        books = ", ".join(d.name for d in documents)
        raise RenderError(
            f"the process printing {books} stopped (exit {child.returncode}): {tail[0]}"
        )
    rendered = []
    for answer in answers:
        if isinstance(answer, str):
            raise RenderError(answer)
        data, pages, seconds = answer
        rendered.append(Rendered(data, pages, seconds))
    return rendered


def _child(folder: str) -> int:
    """A printing process: documents in (standard input), PDFs out (standard output),
    stopping at the first that fails (its message is the last answer). ``folder`` is
    where the parent found this package: another copy found first is refused."""
    answers: list[object] = []
    # the answers get the real standard output; anything else written to it, by
    # Python or by a C library, goes to standard error
    output = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    here = str(PACKAGE_DIR.parent)
    documents = marshal.loads(sys.stdin.buffer.read())
    if here != str(Path(folder).resolve()):
        documents = []
        answers.append(f"the printing process found oshub in {here}, not in {folder}")
    for name, html, base, allowed in documents:
        try:
            done = render(Document(name, html, base, tuple(allowed)))
        except (RenderError, ProjectError) as exc:
            answers.append(str(exc))
            break
        answers.append((done.data, done.pages, done.seconds))
    output.write(marshal.dumps(answers))
    output.flush()
    return 0
