#!/usr/bin/env python3
"""Benchmark the site build against plain MkDocs + Material on the same number of pages.

For each N (default 100, 1,000 and 3,000) it writes a project with N synthetic hubs
and N missions (the repository's own pages, schemas and settings around them) and
times `oshub build` (validate, generate, render, check links, swap). Beside it,
in the same run, it times `mkdocs build` of a plain Material site holding 2N
hand-written Markdown pages of similar length, kept out of the navigation too.
It prints wall time and peak memory (max RSS) of both and their ratio.

Run: `.venv/bin/python scripts/bench/bench_build.py [--sizes 100 1000 3000]`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validate import write_project

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

PLAIN_PAGE = """\
# Plain page {i}

A page of about the same length as a generated hub page, written by hand in
Markdown, so that MkDocs and Material do the same rendering work.

| Place | Country | Status |
|---|---|---|
| Town {i} | NL | active |

- The hub works with three schools on **local challenges**.
- Students run a weather station and share the data.
- Teachers meet researchers from the [university](https://www.example.org/u).

## About

Hub number {i} links schools with families, universities, companies, media,
local government and civil-society groups around them.
"""

# Peak memory of one child process tree: run it from a wrapper that reports its children.
MEASURE = (
    "import resource, subprocess, sys, json, time;"
    "t = time.perf_counter();"
    "r = subprocess.run(sys.argv[2:], cwd=sys.argv[1], capture_output=True, text=True);"
    "s = time.perf_counter() - t;"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN);"
    "print(json.dumps({'rc': r.returncode, 'seconds': s, 'cpu': u.ru_utime + u.ru_stime,"
    " 'rss_kb': u.ru_maxrss,"
    " 'out': (r.stdout + r.stderr)[-3000:]}))"
)


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict[str, object]:
    """Wall time and peak RSS of ``command`` run in ``cwd`` (with ``env``, else ENV)."""
    output = subprocess.run(
        [sys.executable, "-c", MEASURE, str(cwd), *command],
        capture_output=True,
        text=True,
        env=env or ENV,
        check=True,
    ).stdout
    result: dict[str, object] = json.loads(output)
    if result["rc"] != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result['out']}")
    return result


def oshub_project(root: Path, n: int) -> None:
    """The repository's site with N synthetic hubs and N missions."""
    write_project(root, n)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    # the PDFs are another output (see bench_pdf.py): the site against plain MkDocs here
    (root / "mkdocs.yml").write_text(
        config.replace("  - oshub\n", "  - oshub:\n      pdf: false\n"), encoding="utf-8"
    )
    for folder in ("blueprint", "overrides", "data"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)


def plain_project(root: Path, pages: int) -> None:
    """The same site without the oshub plugin: the repository's mkdocs.yml (theme,
    navigation, extensions) and hand-written pages, the generated pages of the nav
    replaced by hand-written ones, and ``pages`` hand-written pages out of the nav."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = ["search"]
    config["not_in_nav"] = "/pages/*.md\n"
    (root).mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    docs = root / config["docs_dir"]
    shutil.copytree(REPO / config["docs_dir"], docs)
    if (REPO / "overrides").is_dir():
        shutil.copytree(REPO / "overrides", root / "overrides")
    for path in _nav_paths(config["nav"]):
        target = docs / path
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"# {path}\n\nA hand-written stand-in.\n", encoding="utf-8")
    (docs / "pages").mkdir()
    for i in range(pages):
        (docs / "pages" / f"page-{i}.md").write_text(PLAIN_PAGE.format(i=i), "utf-8")


def _nav_paths(nav: object) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [p for item in nav for p in _nav_paths(item)]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_paths(value)]
    return []


def main() -> int:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--runs", type=int, default=2, help="best of this many runs each")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(
        f"{'N hubs+missions':>16} {'pages':>6} {'oshub build s':>14} {'MiB':>6} "
        f"{'plain mkdocs s':>15} {'MiB':>6} {'time ratio':>10} {'ms/page':>8}"
    )
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="oshub-bench-build-") as tmp:
            ours_root, plain_root = Path(tmp) / "oshub", Path(tmp) / "plain"
            oshub_project(ours_root, n)
            plain_project(plain_root, 2 * n)
            runs_ours, runs_plain = [], []
            for _ in range(args.runs):  # alternate, so that machine noise hits both alike
                runs_ours.append(measure([str(BIN / "oshub"), "build"], ours_root))
                runs_plain.append(measure([str(BIN / "mkdocs"), "build", "-q"], plain_root))
            ours = min(runs_ours, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
            plain = min(runs_plain, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
            pages = sum(1 for _ in (ours_root / "site").rglob("index.html"))
            o_s, p_s = float(ours["seconds"]), float(plain["seconds"])  # type: ignore[arg-type]
            o_m, p_m = int(ours["rss_kb"]) / 1024, int(plain["rss_kb"]) / 1024  # type: ignore[call-overload]
            print(
                f"{n:>16,} {pages:>6} {o_s:14.1f} {o_m:6.0f} {p_s:15.1f} {p_m:6.0f} "
                f"{o_s / p_s:9.2f}x {o_s / pages * 1000:8.1f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
