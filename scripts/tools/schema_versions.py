"""Record schema versions in schemas/versions.json (see README: Schemas).

Usage:
    python scripts/tools/schema_versions.py                # check: what is not recorded (exit 1)
    python scripts/tools/schema_versions.py minor [NAME...] # record changed (or new) schemas
    python scripts/tools/schema_versions.py major NAME      # a change that breaks old files

`minor` is for a change that keeps every file that was valid valid (a new optional
key, a required key made optional); without NAME it records every changed schema. It
refuses a changed schema that rejects one of its kind's valid examples
(tests/fixtures/examples/<kind>/valid/) or of the project's content files.
`major` keeps the newest recorded file as schemas/archive/v<major>/NAME (read from
git's committed copy when the file was already edited), moves the $id to
v<major+1> and records <major+1>.0; the site keeps publishing the old file at its
old $id. Run `make schemas` first when defs.schema.json changed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from oshub.schema_versions import VersionError, problems, record_major, record_minor

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"


def _committed(name: str) -> bytes | None:
    """The schema as git's HEAD holds it, or None (no git, not committed)."""
    try:
        result = subprocess.run(
            ["git", "show", f"HEAD:schemas/{name}"],
            cwd=ROOT,
            capture_output=True,
            check=False,
            timeout=30,
        )
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None


def main(argv: list[str]) -> int:
    """Check, or record a minor or major version; 0 done, 1 not recorded, 2 usage."""
    try:
        if not argv or argv[0] == "check":
            found = problems(SCHEMAS)
            for line in found:
                print(line)
            print(f"{len(found)} problem(s) with schema versions" if found else "all recorded")
            return 1 if found else 0
        if argv[0] == "minor":
            done = record_minor(SCHEMAS, argv[1:] or None)
            print("\n".join(f"recorded {line}" for line in done) or "nothing changed")
            return 0
        if argv[0] == "major" and len(argv) == 2:
            version = record_major(SCHEMAS, argv[1], _committed(argv[1]))
            print(f"recorded {argv[1]} {version}; the previous file is in schemas/archive/")
            return 0
    except VersionError as exc:
        print(f"schema_versions: {exc}", file=sys.stderr)
        return 2
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
