#!/usr/bin/env python3
"""Benchmark printing: the whole Blueprint as one PDF, against WeasyPrint on the site's pages.

In one run it builds the repository's site (without PDFs), then times, each in its
own process with an empty cache so that everything is rendered:
`oshub pdf --area blueprint` (the print templates), `oshub pdf --area equity` (one
area), every book and tool one after another (`--jobs 1`) and side by side (one
process a core, as the site build prints them), the short ones three times (best
and median: these shared machines are noisy),
and WeasyPrint rendering the site's own HTML pages of the same guide pages, one after
another (what a print of the web pages would cost; those pages also carry the theme's
navigation and lose their long tables' repeated headers). Prints wall time, CPU time,
peak memory (of all the processes of a run together), pages and pages per second.
Targets: the whole Blueprint in under 20 s and 1 GiB on 2 cores, one area under 5 s.

Run: `.venv/bin/python scripts/bench/bench_pdf.py` (or `make bench-pdf`).
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def tree_memory(pid: int) -> int:
    """Resident memory (KiB) of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    memory: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            status = (entry / "status").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        found = re.search(r"VmRSS:\s+(\d+)", status)
        memory[int(entry.name)] = int(found.group(1)) if found else 0
    wanted, total = [pid], 0
    while wanted:
        one = wanted.pop()
        total += memory.get(one, 0)
        wanted += [child for child, parent in parents.items() if parent == one]
    return total


def run(command: list[str], cwd: Path, env: dict[str, str]) -> dict[str, object]:
    """Wall time, CPU time, peak memory of the whole process tree, and output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as child:
        peak = 0
        while child.poll() is None:
            peak = max(peak, tree_memory(child.pid))
            time.sleep(0.05)
        out = child.stdout.read() if child.stdout else ""
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out[-3000:]}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"seconds": seconds, "cpu": cpu, "peak_kb": peak, "out": out}


def main() -> int:
    """Run the benchmark and print a table."""
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    oshub = str(BIN / "oshub")
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
        run([oshub, "build"], root, env)
        (Path(tmp) / "pages").mkdir()
        pages_out = str(Path(tmp) / "pages")
        site_pages = [sys.executable, "-c", SITE_PAGES, str(root / "site"), pages_out]
        rows = []
        for label, command, runs in (
            ("oshub pdf: whole Blueprint", [oshub, "pdf", "--area", "blueprint"], 3),
            ("oshub pdf: one area (equity)", [oshub, "pdf", "--area", "equity"], 3),
            ("oshub pdf: every book, one process", [oshub, "pdf", "--jobs", "1"], 1),
            ("oshub pdf: every book, side by side", [oshub, "pdf"], 3),
            ("WeasyPrint on the site's guide pages", site_pages, 1),
        ):
            results = []
            for _ in range(runs):
                shutil.rmtree(Path(tmp) / "c", ignore_errors=True)  # render, do not reuse
                results.append(run(command, root, env))
            results.sort(key=lambda r: float(str(r["seconds"])))
            best, median = results[0], results[len(results) // 2]
            out = str(best["out"])
            if "pdf" in command:
                pages = sum(int(n) for n in re.findall(r"\((\d+) pages", out))
            else:
                pages = int(out.strip().splitlines()[-1])
            rows.append((label, best, median, pages, runs))
    print(
        f"{'what':>38} {'seconds':>8} {'median':>7} {'CPU s':>6} {'peak MiB':>9} "
        f"{'pages':>6} {'pages/s':>8} {'x peer':>7}"
    )
    peer_label, peer, _, peer_pages, _ = rows[-1]
    peer_rate = peer_pages / float(str(peer["seconds"]))
    for label, best, median, pages, runs in rows:
        seconds = float(str(best["seconds"]))
        middle = f"{float(str(median['seconds'])):7.1f}" if runs > 1 else f"{'':>7}"
        print(
            f"{label:>38} {seconds:8.1f} {middle} {float(str(best['cpu'])):6.1f} "
            f"{int(str(best['peak_kb'])) / 1024:9.0f} {pages:6d} {pages / seconds:8.1f} "
            f"{pages / seconds / peer_rate:7.1f}"
        )
    print(
        "(seconds: the best run, median: of three; CPU s: of the best run, every process; "
        f"peak MiB: every process of a run together; x peer: pages a second against {peer_label})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
