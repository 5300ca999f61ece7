"""Write constraints.txt: the exact Python packages of this environment.

Usage: python scripts/tools/constraints.py   (or `make constraints`)

`make site` and `make test` install with `pip install -c constraints.txt`, so a fresh
clone gets the packages the project was last checked with. Run it in a `.venv` made by
`make test` (the site and the test tools) after changing a dependency in
pyproject.toml, and commit the file. `oshub release` writes the same kind of file into
every deployed version (`/<version>/constraints.txt`).
"""

from __future__ import annotations

from pathlib import Path

from oshub.publish.constraints import constraints_text

ROOT = Path(__file__).resolve().parents[2]
HEADER = (
    "The exact packages `make site` and `make test` install (pip install -c constraints.txt).",
    "Written by `make constraints` from a .venv with the site and test tools; commit it.",
)


def main() -> None:
    """Write the file and say so."""
    path = ROOT / "constraints.txt"
    path.write_text(constraints_text(HEADER), encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
