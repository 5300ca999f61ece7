#!/usr/bin/env python3
"""Compare this checkout's build with another installation's, on the same site, in turns.

For each N, writes one project of N synthetic hubs and N missions, and builds it with
`oshub build` of this checkout, with the other `oshub` given (another commit
installed in its own virtual environment), and the plain MkDocs peer of
`bench_build.py`, one after the other, round after round, so that the machine's
swings hit all three alike. Prints the best time of each and both ratios.

Run: `.venv/bin/python scripts/bench/bench_compare.py --other /tmp/old/bin/oshub
[--sizes 1000 3000] [--rounds 3]`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import BIN, measure, oshub_project, plain_project


def main() -> int:
    """Print the best times and ratios of both builds against plain MkDocs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", required=True, help="the other installation's oshub")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"{'N':>6} {'this s':>8} {'other s':>8} {'plain s':>8} {'this x':>7} {'other x':>8}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="oshub-bench-compare-") as folder:
            root = Path(folder)
            oshub_project(root / "site", n)
            plain_project(root / "plain", 2 * n)
            best = {"this": 1e9, "other": 1e9, "plain": 1e9}
            runs = {
                "this": [str(BIN / "oshub"), "build", "--site-dir", str(root / "out-this")],
                "other": [args.other, "build", "--site-dir", str(root / "out-other")],
                "plain": [str(BIN / "mkdocs"), "build", "-q"],
            }
            for _ in range(args.rounds):
                for name, command in runs.items():
                    cwd = root / ("plain" if name == "plain" else "site")
                    seconds = float(measure(command, cwd)["seconds"])  # type: ignore[arg-type]
                    best[name] = min(best[name], seconds)
            this, other, plain = best["this"], best["other"], best["plain"]
            print(
                f"{n:>6} {this:>8.1f} {other:>8.1f} {plain:>8.1f} "
                f"{this / plain:>6.2f}x {other / plain:>7.2f}x"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
