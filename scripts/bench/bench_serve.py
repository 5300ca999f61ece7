#!/usr/bin/env python3
"""Benchmark the live preview: from saving a file to the new page being served.

For the repository's own content, and for a project with N synthetic hubs and N
missions (default 1,000) around the repository's pages, it starts `oshub serve` and,
in the same run, a plain `mkdocs serve` of the same site (the same mkdocs.yml and
plugin; MkDocs rebuilds everything on each change). For each server it edits one hub
file and one guide page a few times and measures, through the real server on
loopback, the time from the write to the first answer that holds the new text.

Run: `.venv/bin/python scripts/bench/bench_serve.py [--sizes 1000] [--edits 3]`
(or `make bench-serve`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import oshub_project

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
GUIDE = "blueprint/guides/equity/barriers.md"
GUIDE_URL = "guides/equity/barriers/"
GUIDE_TEXT = "## Geography"


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            return str(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        return str(exc.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait(url: str, text: str, seconds: float = 900) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if text in _get(url):
            return time.perf_counter() - start
        time.sleep(0.01)
    raise SystemExit(f"{url} never showed {text!r}")


def _edit(path: Path, old: str, new: str, url: str) -> float:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return _wait(url, new.split(": ", 1)[-1].lstrip("# "))


def measure(root: Path, command: list[str], hub: str, name: str, edits: int) -> dict[str, float]:
    """Start ``command`` (a server) in ``root`` and time hub and guide edits through it."""
    port = _port()
    base = f"http://127.0.0.1:{port}/"
    log = (root.parent / f"{command[0].rsplit('/', 1)[-1]}-{port}.log").open("w")
    server = subprocess.Popen(
        [*command, "--dev-addr" if "oshub" in command[0] else "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        started = _wait(base + f"hubs/{hub}/", name)
        hub_file = root / "hubs" / f"{hub}.yaml"
        guide_file = root / GUIDE
        hub_times, guide_times = [], []
        current_name, current_heading = name, GUIDE_TEXT
        for i in range(edits):
            time.sleep(0.5)  # let the watcher settle between edits
            new_name = f"{name} edit{i}{port}"
            hub_times.append(
                _edit(hub_file, f"name: {current_name}", f"name: {new_name}", base + f"hubs/{hub}/")
            )
            current_name = new_name
            time.sleep(0.5)
            new_heading = f"## Geography edit{i}{port}"
            guide_times.append(_edit(guide_file, current_heading, new_heading, base + GUIDE_URL))
            current_heading = new_heading
        return {
            "start": started,
            "hub": statistics.median(hub_times),
            "guide": statistics.median(guide_times),
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def repository_copy(root: Path) -> None:
    """The repository's own site and content."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("blueprint", "hubs", "missions", "data", "schemas", "overrides"):
        shutil.copytree(REPO / folder, root / folder)


def main() -> int:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000])
    parser.add_argument("--edits", type=int, default=3, help="edits of each kind (median)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(
        f"{'site':>22} {'server':>12} {'first build s':>14} {'hub edit s':>11} {'guide edit s':>13}"
    )
    cases: list[tuple[str, int | None]] = [("repository content", None)]
    cases += [(f"{n:,} hubs + {n:,} missions", n) for n in args.sizes]
    for label, n in cases:
        with tempfile.TemporaryDirectory(prefix="oshub-bench-serve-") as tmp:
            for server_name, command in (
                ("oshub serve", [str(BIN / "oshub"), "serve"]),
                ("mkdocs serve", [str(BIN / "mkdocs"), "serve", "--livereload"]),
            ):
                root = Path(tmp) / server_name.replace(" ", "-")
                if n is None:
                    repository_copy(root)
                    hub, name = "lemnos", "Open Science Hub Lemnos"
                else:
                    oshub_project(root, n)
                    hub, name = "bench-hub-7", "Bench Hub 7"
                found = measure(root, command, hub, name, args.edits)
                print(
                    f"{label:>22} {server_name:>12} {found['start']:14.1f} "
                    f"{found['hub']:11.2f} {found['guide']:13.2f}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
