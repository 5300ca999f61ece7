#!/usr/bin/env python3
"""Run Lighthouse (npm, in node_modules) on pages of a built site and print the four scores.

The site is served on loopback only; Chromium is Debian's (/usr/bin/chromium).
Usage: `.venv/bin/python scripts/tools/lighthouse.py [--site-dir site] [PATH ...]`
(build first with `make site`). Targets: 100 for accessibility, best practices
and SEO, at least 95 for performance.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import socketserver
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
DEFAULT_PAGES = ("", "hubs/", "hubs/lemnos/", "missions/make-mend-reuse/", "join/students/")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run"
)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves the site the way a production host does: text compressed with gzip."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        compressible = path.suffix in {".html", ".css", ".js", ".json", ".svg", ".xml"}
        if not compressible or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        if not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def scores(url: str) -> dict[str, int]:
    """The four Lighthouse category scores (0-100) of one URL."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                f"--chrome-flags={CHROME_FLAGS}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--output=json",
                f"--output-path={report}",
            ],
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            check=True,
            timeout=300,
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    return {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}


def main() -> int:
    """Serve the site, run Lighthouse on each page, print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=REPO / "site")
    parser.add_argument("pages", nargs="*", default=list(DEFAULT_PAGES))
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("lighthouse is missing: run `npm ci` (or `make test`) first")
    if not (args.site_dir / "index.html").is_file():
        raise SystemExit(f"no site in {args.site_dir}: run `make site` first")
    handler = functools.partial(_Quiet, directory=str(args.site_dir))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        print(f"{'page':<32}" + "".join(f"{c:>16}" for c in CATEGORIES))
        for path in args.pages:
            result = scores(base + path)
            print(f"{'/' + path:<32}" + "".join(f"{result[c]:>16}" for c in CATEGORIES))
            sys.stdout.flush()
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
