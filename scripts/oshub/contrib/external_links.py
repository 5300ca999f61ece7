"""External links in content: found at their line, each address asked once.

``oshub links`` reads the YAML content files (hubs, missions, data) and every Markdown
page under ``blueprint/``, finds the ``http``/``https`` addresses in them (not in
YAML comments, Markdown code or reserved example domains), asks each address once
(HEAD, then GET when a server refuses HEAD) from a small pool of threads, and
reports every place a broken one is written. The asking is a function passed in
(``Fetch``), so tests answer from recorded responses. Light layer: the standard
library only.
"""

from __future__ import annotations

import ipaddress
import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from oshub.core.problems import one_line
from oshub.core.project import DOCS_DIR, Project
from oshub.core.symlinks import readable

_URL = re.compile(r"https?://[^\s<>\"'`\]\[{}|\\^]+", re.IGNORECASE)
_TRAILING = ".,;:!?*_~"
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`++)(?:(?!\1).)+?\1")
RESERVED_HOSTS = ("example.org", "example.com", "example.net", "localhost")
RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost", ".local")
USER_AGENT = "oshub-links (a link checker of the OSHub Blueprint)"
WORKERS = 8
NOT_BROKEN = frozenset({429})
"""Statuses that say "not now" rather than "gone": reported, not counted as broken.
Any other answer but 2xx (after following redirects to web addresses) is broken."""


@dataclass(frozen=True)
class Found:
    """One address written in a file."""

    path: str
    line: int
    col: int
    url: str


@dataclass(frozen=True)
class Answer:
    """What asking an address gave: an HTTP status, or None and why not."""

    status: int | None
    reason: str

    @property
    def broken(self) -> bool:
        """True when the address does not lead to a page."""
        return self.status is None or (
            not 200 <= self.status < 300 and self.status not in NOT_BROKEN
        )


@dataclass(frozen=True)
class Checked:
    """One place a link is written, and its answer (the JSON of ``--format json``)."""

    path: str
    line: int
    col: int
    url: str
    status: int | None
    reason: str
    broken: bool


Fetch = Callable[[str, float], Answer]
"""Ask an address (with a timeout in seconds) and say what came back."""


def _clean(url: str) -> str:
    url = url.rstrip(_TRAILING)
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1].rstrip(_TRAILING)
    return url


def is_checkable(url: str) -> bool:
    """False for reserved example domains, local names and private addresses."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    if not host or host in RESERVED_HOSTS or host.endswith(RESERVED_SUFFIXES):
        return False
    if any(host.endswith("." + reserved) for reserved in RESERVED_HOSTS):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True
    return address.is_global


def links_in_text(text: str, path: str, *, markdown: bool) -> Iterator[Found]:
    """The addresses written in a file's text, with 1-based line and column. YAML
    comment lines are skipped; in Markdown, fenced code and code spans are."""
    fenced: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if markdown:
            fence = _FENCE.match(line)
            if fence:
                marker = fence.group(1)[0]
                fenced = None if fenced == marker else (fenced or marker)
                continue
            if fenced:
                continue
            line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        elif line.lstrip().startswith("#"):
            continue
        for match in _URL.finditer(line):
            url = _clean(match.group(0))
            if is_checkable(url):
                yield Found(path, number, match.start() + 1, url)


def content_links(project: Project) -> list[Found]:
    """Every checkable address in the project's YAML content and Markdown pages."""
    found: list[Found] = []
    files: list[tuple[Path, bool]] = [
        (f.path, False) for f in project.content_files() if f.path.suffix == ".yaml"
    ]
    docs = project.root / DOCS_DIR
    if docs.is_dir():
        files += [(p, True) for p in sorted(docs.rglob("*.md")) if p.is_file()]
    for path, markdown in files:
        if not readable(path, project.root):
            continue  # never read through a refused link (oshub validate reports it)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # oshub validate reports unreadable files
        found.extend(links_in_text(text, project.rel(path), markdown=markdown))
    return sorted(found, key=lambda f: (f.path, f.line, f.col))


class _WebOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http and https addresses only (urllib alone would follow
    ftp too)."""

    def redirect_request(  # type: ignore[no-untyped-def]
        self, req, fp, code, msg, headers, newurl
    ):
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, "redirect to a non-web address", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, timeout: float) -> Answer:
    """Ask a web address with urllib: HEAD first, then GET when HEAD fails (some
    servers refuse HEAD); the body is never read."""
    opener = urllib.request.build_opener(_WebOnlyRedirects)
    answer = Answer(None, "not asked")
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(
            url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"}
        )
        try:
            with opener.open(request, timeout=timeout) as response:
                return Answer(int(response.status), str(response.reason))
        except urllib.error.HTTPError as exc:
            answer = Answer(exc.code, str(exc.reason))
            exc.close()
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            answer = Answer(None, str(reason) or type(exc).__name__)
            if isinstance(reason, TimeoutError) or isinstance(exc, TimeoutError):
                return Answer(None, f"no answer within {timeout:g} s")
    return answer


def check(found: Sequence[Found], *, timeout: float = 10.0, asker: Fetch = fetch) -> list[Checked]:
    """Ask every distinct address once (a few at a time) and give each place its answer."""
    urls = sorted({f.url for f in found})
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        answers = dict(zip(urls, pool.map(lambda u: asker(u, timeout), urls), strict=True))
    return [
        Checked(
            f.path,
            f.line,
            f.col,
            f.url,
            answers[f.url].status,
            answers[f.url].reason,
            answers[f.url].broken,
        )
        for f in found
    ]


def format_text(checked: Iterable[Checked]) -> list[str]:
    """One line a broken link (``path:line:col: broken link: URL (404 Not Found)``),
    one a link that answered "not now", then a summary line."""
    checked = list(checked)
    lines = []
    for c in checked:
        status = f"{c.status} {c.reason}" if c.status is not None else c.reason
        where = f"{one_line(c.path)}:{c.line}:{c.col}"
        if c.broken:
            lines.append(f"{where}: broken link: {one_line(c.url)} ({one_line(status)})")
        elif c.status in NOT_BROKEN:
            lines.append(f"{where}: not checked: {one_line(c.url)} ({one_line(status)})")
    broken = [c for c in checked if c.broken]
    addresses = len({c.url for c in checked})
    files = len({c.path for c in broken})
    lines.append(
        f"{len(broken)} broken link{'s' if len(broken) != 1 else ''} in {files} "
        f"file{'s' if files != 1 else ''} ({addresses} addresses checked)"
        if broken
        else f"no broken links ({addresses} addresses checked)"
    )
    return lines


def format_json(checked: Iterable[Checked]) -> str:
    """A JSON list of ``{path, line, col, url, status, reason, broken}``, one a place."""
    return json.dumps([asdict(c) for c in checked], indent=2, ensure_ascii=False)
