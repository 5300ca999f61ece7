#!/usr/bin/env python3
"""Benchmark `oshub validate` against check-jsonschema on the same synthetic files.

For each N (default 1,000 and 5,000) it writes N hub files and N mission files
into a throwaway project, then times, in the same run and on the same files:

- `oshub validate` (every check on: schema, YAML traps, pins, references), and
- `check-jsonschema` (schema only) with one call for hubs and one for missions.

It prints wall time, files per second and the ratio. Run: `make bench` or
`.venv/bin/python scripts/bench/bench_validate.py --sizes 1000 5000`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

# Real towns, so that every pin is inside its country.
TOWNS = [
    ("NL", "The Hague", 52.08, 4.31),
    ("PT", "Guarda", 40.54, -7.27),
    ("IE", "Galway", 53.27, -9.05),
    ("CH", "Bern", 46.95, 7.45),
    ("FR", "Lyon", 45.76, 4.84),
    ("AT", "Graz", 47.07, 15.44),
    ("CZ", "Brno", 49.20, 16.61),
    ("GR", "Larissa", 39.64, 22.42),
    ("IT", "Siracusa", 37.08, 15.29),
    ("ES", "Teruel", 40.34, -1.11),
    ("PL", "Lublin", 51.25, 22.57),
    ("FI", "Oulu", 65.01, 25.47),
]

HUB = """\
# yaml-language-server: $schema=../schemas/hub.schema.json
name: Bench Hub {i}
country: "{cc}"
location:
  city: {city}
  lat: {lat}
  lon: {lon}
  precision: city
hosts:
  - name: School {i}
    type: school
    url: https://www.example.org/school-{i}
stakeholders: [families, universities, local-government]
sdgs: [{s1}, {s2}]
barriers: [geographic, socio-economic]
languages: [en]
status: active
started: 2021-09-01
contact:
  form: https://www.example.org/contact/{i}
links:
  - title: Hub page
    url: https://www.example.org/hubs/{i}
description: |
  Hub number {i} works with three schools in {city} on **local challenges**.

  - Students run a weather station.
  - Teachers meet researchers from the [university](https://www.example.org/u).
last_reviewed: 2026-11-01
"""

MISSION = """\
# yaml-language-server: $schema=../schemas/mission.schema.json
title: Bench Mission {i}
summary: Schools in two hubs compare the air, water and soil around them.
sdgs: [{s1}, 13]
hubs: [bench-hub-{a}, bench-hub-{b}]
challenges:
  - hub: bench-hub-{a}
    title: Air near the school
    description: Students noticed traffic fumes at the school gate.
  - hub: bench-hub-{b}
    title: Water in the river
    description: The river turns brown after heavy rain.
projects:
  - title: Gate air sensors
    hub: bench-hub-{a}
    led_by: [students, teachers]
    status: running
    outputs:
      - title: Readings
        type: dataset
        url: https://www.example.org/data/{i}.csv
status: active
started: 2025-01-10
licence: CC-BY-4.0
last_reviewed: 2026-11-01
"""


def write_project(root: Path, n: int) -> None:
    """A project with ``n`` hubs and ``n`` missions."""
    shutil.copytree(REPO / "schemas", root / "schemas")
    (root / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    (root / "hubs").mkdir()
    (root / "missions").mkdir()
    for i in range(n):
        cc, city, lat, lon = TOWNS[i % len(TOWNS)]
        hub = HUB.format(
            i=i, cc=cc, city=city, lat=lat, lon=lon, s1=1 + i % 17, s2=1 + (i + 5) % 17
        )
        (root / "hubs" / f"bench-hub-{i}.yaml").write_text(hub, encoding="utf-8")
        mission = MISSION.format(i=i, s1=1 + i % 12, a=i, b=(i + 1) % n)
        (root / "missions" / f"bench-mission-{i}.yaml").write_text(mission, encoding="utf-8")


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, result


def best_of(
    runs: int, command: list[str], cwd: Path
) -> tuple[float, subprocess.CompletedProcess[str]]:
    results = [timed(command, cwd) for _ in range(runs)]
    return min(results, key=lambda r: r[0])


def check_jsonschema(root: Path, runs: int) -> float | None:
    exe = BIN / "check-jsonschema"
    if not exe.exists():
        found = shutil.which("check-jsonschema")
        if not found:
            return None
        exe = Path(found)
    total = 0.0
    for kind, folder in (("hub", "hubs"), ("mission", "missions")):
        schema = root / "schemas" / f"{kind}.schema.json"
        files = sorted(str(p) for p in (root / folder).glob("*.yaml"))
        command = [str(exe), "--schemafile", str(schema), "--base-uri", schema.as_uri(), *files]
        seconds, result = best_of(runs, command, root)
        if result.returncode != 0:
            print(result.stdout[-2000:], result.stderr[-2000:], file=sys.stderr)
            raise SystemExit(f"check-jsonschema failed on the {folder}")
        total += seconds
    return total


def main() -> int:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    oshub = BIN / "oshub"
    command = [str(oshub)] if oshub.exists() else [sys.executable, "-m", "oshub"]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(
        f"{'N hubs+missions':>16} {'files':>6} {'oshub s':>8} {'files/s':>8} "
        f"{'check-jsonschema s':>19} {'files/s':>8} {'speed-up':>8} {'us/file':>8}"
    )
    per_file: list[float] = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="oshub-bench-") as tmp:
            root = Path(tmp)
            write_project(root, n)
            files = 2 * n
            ours, result = best_of(args.runs, [*command, "validate"], root)
            if result.returncode != 0:
                print(result.stdout[-3000:], result.stderr[-2000:], file=sys.stderr)
                raise SystemExit("oshub validate found problems in the synthetic files")
            theirs = check_jsonschema(root, args.runs)
            per_file.append(ours / files * 1e6)
            peer = (
                f"{theirs:19.2f} {files / theirs:8.0f} {theirs / ours:7.1f}x"
                if theirs
                else (f"{'n/a':>19} {'':>8} {'':>8}")
            )
            print(f"{n:>16,} {files:>6} {ours:8.2f} {files / ours:8.0f} {peer} {per_file[-1]:8.0f}")
    if len(per_file) > 1:
        print(
            f"linearity: time per file at the largest size is {per_file[-1] / per_file[0]:.2f}x "
            "that at the smallest (1.00 = perfectly linear)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
