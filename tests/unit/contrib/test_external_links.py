"""`oshub links`: external links found at their place, each address asked once, answers
from recorded responses (a local server, or an injected function): no internet here."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from oshub.contrib.external_links import (
    Answer,
    check,
    content_links,
    fetch,
    format_json,
    format_text,
    links_in_text,
)
from oshub.core.project import load_project

MARKDOWN = """\
# A guide

Read [the report](https://reports.eu/open-science(2022).pdf), then <https://a.org/x>.
See https://b.org/page. Not `https://code.org/in-a-span` nor https://example.org/x.

```yaml
url: https://fenced.org/
```

Last: [twice](https://a.org/x)
"""

YAML = """\
# see https://comment.org/ (a comment)
name: Hub
links:
  - url: https://hub.org/about?lang=en # trailing comment
description: Photos at http://192.168.1.5/ and https://127.0.0.1/, a [map](https://maps.org/a_b).
"""


def test_links_are_found_at_their_line_and_column() -> None:
    found = list(links_in_text(MARKDOWN, "g.md", markdown=True))
    lines = MARKDOWN.splitlines()
    assert [(f.line, f.col, f.url) for f in found] == [
        (3, lines[2].index("https://reports") + 1, "https://reports.eu/open-science(2022).pdf"),
        (3, lines[2].index("https://a.org") + 1, "https://a.org/x"),
        (4, 5, "https://b.org/page"),
        (10, lines[9].index("https") + 1, "https://a.org/x"),
    ]
    assert found[1].col == 69
    yaml_found = list(links_in_text(YAML, "hubs/h.yaml", markdown=False))
    assert [(f.line, f.url) for f in yaml_found] == [
        (4, "https://hub.org/about?lang=en"),
        (5, "https://maps.org/a_b"),
    ]


def test_content_links_read_yaml_and_pages(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_url: https://oshub.network/\n")
    (tmp_path / "hubs").mkdir()
    (tmp_path / "hubs" / "h.yaml").write_text(YAML)
    (tmp_path / "blueprint" / "guides" / "equity").mkdir(parents=True)
    (tmp_path / "blueprint" / "guides" / "equity" / "index.md").write_text(MARKDOWN)
    found = content_links(load_project(tmp_path))
    assert {f.path for f in found} == {"hubs/h.yaml", "blueprint/guides/equity/index.md"}
    assert len(found) == 6


def test_each_address_is_asked_once_and_every_place_reported() -> None:
    asked: list[str] = []

    def recorded(url: str, timeout: float) -> Answer:
        asked.append(url)
        return {
            "https://a.org/x": Answer(404, "Not Found"),
            "https://b.org/page": Answer(200, "OK"),
            "https://slow.org/": Answer(None, "no answer within 3 s"),
            "https://busy.org/": Answer(429, "Too Many Requests"),
        }.get(url, Answer(200, "OK"))

    found = [
        *links_in_text(MARKDOWN, "g.md", markdown=True),
        *links_in_text("https://slow.org/ https://busy.org/\n", "h.md", markdown=True),
    ]
    checked = check(found, timeout=3, asker=recorded)
    assert sorted(asked) == sorted(set(asked)) and len(asked) == 5
    lines = format_text(checked)
    assert lines[:4] == [
        "g.md:3:69: broken link: https://a.org/x (404 Not Found)",
        "g.md:10:15: broken link: https://a.org/x (404 Not Found)",
        "h.md:1:1: broken link: https://slow.org/ (no answer within 3 s)",
        "h.md:1:19: not checked: https://busy.org/ (429 Too Many Requests)",
    ]
    assert lines[-1] == "3 broken links in 2 files (5 addresses checked)"
    data = json.loads(format_json(checked))
    assert data[1] == {
        "path": "g.md",
        "line": 3,
        "col": 69,
        "url": "https://a.org/x",
        "status": 404,
        "reason": "Not Found",
        "broken": True,
    }
    fine = check(found[2:3], asker=recorded)
    assert format_text(fine) == ["no broken links (1 addresses checked)"]


class _Recorded(BaseHTTPRequestHandler):
    """Answers as recorded servers do: some refuse HEAD, some redirect, one is slow."""

    def _answer(self, body: bool) -> None:
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
        elif self.path in ("/ok", "/no-head", "/slow"):
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorded)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_asks_with_urllib(server: str) -> None:
    assert fetch(f"{server}/ok", 5) == Answer(200, "OK")
    assert fetch(f"{server}/gone", 5).status == 404
    assert fetch(f"{server}/no-head", 5).status == 200  # GET after a refused HEAD
    assert fetch(f"{server}/moved", 5).status == 200
    refused = fetch(f"{server}/to-file", 5)
    assert refused.status == 302 and refused.broken  # never followed to a file
    slow = fetch(f"{server}/slow", 0.5)
    assert slow == Answer(None, "no answer within 0.5 s")
