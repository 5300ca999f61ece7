"""Copy the shared definitions into each schema, so that every schema works on its own.

Usage: python scripts/tools/bundle_schemas.py [--check]

`schemas/defs.schema.json` is the one place where shared definitions (slugs, dates,
links, text fields) are written. Each other schema in `schemas/` refers to them as
`#/$defs/<name>` and carries a copy under `$defs`, written by this script, so that
check-jsonschema, editors (yaml-language-server) and other validators can use the
file with no network and no other file. With --check it only reports stale files
(exit 1), which is what the test suite does.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from oshub.schema.registry import bundled_schemas

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def main(argv: list[str]) -> int:
    """Write (or with --check, only compare) the bundled schemas."""
    check = "--check" in argv
    paths = sorted(SCHEMAS.glob("*.schema.json"))
    documents = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in paths}
    stale = []
    for name, schema in bundled_schemas(documents).items():
        if schema == documents[name]:
            continue
        stale.append(name)
        if not check:
            text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
            (SCHEMAS / name).write_text(text, encoding="utf-8")
    verb = "stale" if check else "rewritten"
    print(f"{len(stale)} schema(s) {verb}" + (f": {', '.join(stale)}" if stale else ""))
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
