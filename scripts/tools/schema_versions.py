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

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from oshub.routes import Routes
from oshub.schema.versions import (
    NOTE,
    VERSIONS_FILE,
    Entry,
    VersionError,
    archive_path,
    archived_files,
    file_sha256,
    load_versions,
    schema_names,
)

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"


def write_versions(schema_dir: Path, versions: dict[str, list[Entry]]) -> None:
    """Write ``versions.json`` (sorted by schema name, entries oldest first)."""
    data = {
        "$comment": NOTE,
        "schemas": {
            name: [{"version": e.version, "sha256": e.sha256} for e in versions[name]]
            for name in sorted(versions)
        },
    }
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    (schema_dir / VERSIONS_FILE).write_text(text, encoding="utf-8")


def _id_major(path: Path) -> int | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    found = data.get("$id") if isinstance(data, dict) else None
    return Routes.schema_major(found) if isinstance(found, str) else None


HOW_TO_RECORD = (
    "record it: `python scripts/tools/schema_versions.py minor {name}` when every file "
    "that was valid stays valid (a new optional key, a required key made optional), "
    "otherwise `python scripts/tools/schema_versions.py major {name}` (a new $id; the "
    "old version stays published)"
)


def problems(schema_dir: Path) -> list[str]:
    """Everything that does not match between the schema files, the archive and
    ``versions.json``, each with what to do; empty when all is recorded."""
    try:
        versions = load_versions(schema_dir)
    except VersionError as exc:
        return [str(exc)]
    found: list[str] = []
    names = schema_names(schema_dir)
    for name in names:
        entries = versions.get(name)
        if not entries:
            found.append(
                f"{name}: a schema with no entry in {VERSIONS_FILE}; record it: "
                f"`python scripts/tools/schema_versions.py minor {name}` (a new schema "
                "starts at the major version of its $id)"
            )
            continue
        newest = entries[-1]
        if file_sha256(schema_dir / name) != newest.sha256:
            found.append(
                f"{name}: changed since version {newest.version} was recorded "
                f"(its SHA-256 differs); " + HOW_TO_RECORD.format(name=name)
            )
        major = _id_major(schema_dir / name)
        if major is not None and major != newest.major:
            found.append(
                f"{name}: its $id says v{major} but {VERSIONS_FILE} says version "
                f"{newest.version}; a major bump changes both (use the tool's `major`)"
            )
        for older in sorted({e.major for e in entries} - {newest.major}):
            last = [e for e in entries if e.major == older][-1]
            kept = archive_path(schema_dir, name, older)
            if not kept.is_file():
                found.append(
                    f"{name}: version {last.version} is not kept at "
                    f"{kept.relative_to(schema_dir).as_posix()} (an older major version "
                    "stays published at its $id)"
                )
            elif file_sha256(kept) != last.sha256:
                found.append(
                    f"{kept.relative_to(schema_dir).as_posix()}: differs from version "
                    f"{last.version} as recorded; a published version never changes "
                    "(restore it from git)"
                )
    for name in sorted(set(versions) - set(names)):
        found.append(f"{VERSIONS_FILE}: {name} has versions but no schema file")
    for major, name, path in archived_files(schema_dir):
        rel = path.relative_to(schema_dir).as_posix()
        if not any(e.major == major for e in versions.get(name, ())):
            found.append(f"{rel}: no version {major}.x of {name} is recorded")
        elif _id_major(path) != major:
            found.append(f"{rel}: its $id must name v{major}")
    return found


def _bump(entries: list[Entry], major: bool) -> str:
    newest = entries[-1]
    return f"{newest.major + 1}.0" if major else f"{newest.major}.{newest.minor + 1}"


EXAMPLES = "tests/fixtures/examples"
"""Each kind's example files (``<kind>/valid/``), relative to the project's folder."""


def files_of(root: Path, name: str) -> list[Path]:
    """The files the schema ``name`` checks in the project at ``root``: its kind's valid
    examples and the content of that kind (hubs, missions, a data file, guide pages)."""
    from oshub.core.project import COLLECTIONS, DATA_FILES, GUIDES_DIR, KINDS

    kind = next((k for k, schema in KINDS.items() if schema == name), None)
    if kind is None:
        return []
    files = sorted((root / EXAMPLES / kind / "valid").glob("*.*"))
    if kind in COLLECTIONS:
        files += sorted((root / COLLECTIONS[kind]).glob("*.yaml"))
    elif kind in DATA_FILES:
        files += [root / DATA_FILES[kind]]
    elif kind == "guide":
        files += sorted((root / GUIDES_DIR).rglob("*.md"))
    return [f for f in files if f.is_file()]


def rejected(schema_path: Path, files: list[Path], root: Path) -> list[str]:
    """The files (YAML, or a Markdown page's front matter) that the schema at
    ``schema_path`` rejects, one ``path: why`` line each."""
    from jsonschema import Draft202012Validator

    from oshub.load.frontmatter import split_page
    from oshub.load.yamlload import load_yaml
    from oshub.schema.formats import format_checker

    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=format_checker())
    found = []
    for path in files:
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            text = split_page(text, rel)[0].front_matter or ""
            if not text.strip():
                continue  # a page without front matter: the schema has nothing to check
        document, _ = load_yaml(text, rel)
        if document is None:
            continue  # a file that cannot be read: validation says why, not this
        first = next(iter(sorted(validator.iter_errors(document.data), key=str)), None)
        if first is not None:
            found.append(f"{rel}: {first.message}")
    return found


def record_minor(schema_dir: Path, names: list[str] | None = None) -> list[str]:
    """Record the changed schemas among ``names`` (default: every changed or new one) as
    a minor bump (a new schema starts at 1.0); returns ``name version`` lines.

    A minor bump promises that every file that was valid stays valid: a changed schema
    that rejects one of its valid examples or of the project's content files (in the
    folder above ``schema_dir``) is refused, with the hint to record a major bump."""
    versions = _versions_or_empty(schema_dir)
    done = []
    for name in names or schema_names(schema_dir):
        path = schema_dir / name
        if not path.is_file():
            raise VersionError(f"no schema {name} in {schema_dir.name}/")
        sha = file_sha256(path)
        entries = versions.get(name)
        if entries and entries[-1].sha256 == sha:
            continue
        if entries and _id_major(path) != entries[-1].major:
            raise VersionError(
                f"{name}: its $id names another major version than {entries[-1].version}: "
                "a major change is recorded with `major`"
            )
        broken = rejected(path, files_of(schema_dir.parent, name), schema_dir.parent)
        if entries and broken:
            shown = "; ".join(broken[:3]) + (
                f" and {len(broken) - 3} more" if len(broken) > 3 else ""
            )
            raise VersionError(
                f"{name}: not a minor change: files that were valid are not any more "
                f"({shown}); record it with `major {name}`, or change the schema so that "
                "they stay valid"
            )
        version = _bump(entries, major=False) if entries else f"{_id_major(path) or 1}.0"
        versions[name] = [*(entries or []), Entry(version, sha)]
        done.append(f"{name} {version}")
    write_versions(schema_dir, versions)
    return done


def record_major(schema_dir: Path, name: str, previous: bytes | None = None) -> str:
    """Record ``name`` as a new major version: the file of its newest recorded version is
    archived (from ``previous``, its bytes, when the file was already edited: the tool
    reads them from git), the ``$id`` moves to ``v<major+1>`` and the new file is
    recorded as ``<major+1>.0``. Returns the new version."""
    versions = _versions_or_empty(schema_dir)
    entries = versions.get(name)
    path = schema_dir / name
    if not entries or not path.is_file():
        raise VersionError(f"{name}: no recorded version to bump (a new schema is `minor`)")
    newest = entries[-1]
    old = path.read_bytes()
    if hashlib.sha256(old).hexdigest() != newest.sha256:
        old = previous or b""
        if hashlib.sha256(old).hexdigest() != newest.sha256:
            raise VersionError(
                f"{name}: the file of version {newest.version} is not at hand (the file "
                "changed and git's committed copy differs too): restore it, run `major`, "
                "then make the change"
            )
    kept = archive_path(schema_dir, name, newest.major)
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(old)
    version = _bump(entries, major=True)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    new_id = str(data.get("$id", "")).replace(
        Routes.schema_file(name, newest.major), Routes.schema_file(name, newest.major + 1)
    )
    text = text.replace(json.dumps(data.get("$id")), json.dumps(new_id), 1)
    path.write_text(text, encoding="utf-8")
    versions[name] = [*entries, Entry(version, file_sha256(path))]
    write_versions(schema_dir, versions)
    return version


def _versions_or_empty(schema_dir: Path) -> dict[str, list[Entry]]:
    if not (schema_dir / VERSIONS_FILE).exists():
        return {}
    return load_versions(schema_dir)


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
