#!/usr/bin/env python3
"""Benchmark printing: the whole Blueprint as one PDF, against WeasyPrint on the site's pages.

In one run it builds the repository's site (without PDFs), then times, each in its
own process with its peak memory: `oshub pdf --area blueprint` (the print templates,
with an empty cache so that everything is rendered), `oshub pdf --area equity` (one
area), and WeasyPrint rendering the site's own HTML pages of the same guide pages,
one after another (what a print of the web pages would cost; those pages also carry
the theme's navigation and lose their long tables' repeated headers). Prints wall
time, peak memory, pages and pages per second. Targets: the whole Blueprint in under
20 s and 1 GiB on 2 cores, one area under 5 s.

Run: `.venv/bin/python scripts/bench/bench_pdf.py` (or `make bench-pdf`).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import measure as run

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

SITE_PAGES = """
import sys, pathlib, weasyprint
pages = 0
for path in sorted(pathlib.Path(sys.argv[1]).glob("guides/**/index.html")):
    document = weasyprint.HTML(filename=str(path)).render()
    pages += len(document.pages)
    document.write_pdf(pathlib.Path(sys.argv[2]) / (path.parent.name + ".pdf"))
print(pages)
"""


def main() -> int:
    """Run the benchmark and print a table."""
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="oshub-bench-pdf-") as tmp:
        root = Path(tmp) / "p"
        root.mkdir()
        for name in ("blueprint", "hubs", "missions", "data", "schemas", "overrides"):
            shutil.copytree(REPO / name, root / name)
        config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
        (root / "mkdocs.yml").write_text(
            config.replace("  - oshub\n", "  - oshub:\n      pdf: false\n"), encoding="utf-8"
        )
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(Path(tmp) / "c")}
        run([str(BIN / "oshub"), "build"], root, env)
        (Path(tmp) / "pages").mkdir()
        rows = []
        for label, command in (
            ("oshub pdf: whole Blueprint", [str(BIN / "oshub"), "pdf", "--area", "blueprint"]),
            ("oshub pdf: one area (equity)", [str(BIN / "oshub"), "pdf", "--area", "equity"]),
            (
                "WeasyPrint on the site's guide pages",
                [sys.executable, "-c", SITE_PAGES, str(root / "site"), str(Path(tmp) / "pages")],
            ),
        ):
            shutil.rmtree(Path(tmp) / "c", ignore_errors=True)  # render, do not reuse
            result = run(command, root, env)
            out = str(result["out"])
            if "pdf" in command:
                pages = sum(int(n) for n in re.findall(r"\((\d+) pages", out))
            else:
                pages = int(out.strip().splitlines()[-1])
            seconds = float(str(result["seconds"]))
            rows.append((label, seconds, int(str(result["rss_kb"])) / 1024, pages))
    print(f"{'what':>38} {'seconds':>8} {'peak MiB':>9} {'pages':>6} {'pages/s':>8}")
    for label, seconds, mib, pages in rows:
        print(f"{label:>38} {seconds:8.1f} {mib:9.0f} {pages:6d} {pages / seconds:8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
