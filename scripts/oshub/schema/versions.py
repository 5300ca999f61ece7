"""Schema versions: each schema's ``major.minor`` and the SHA-256 of its file.

``schemas/versions.json`` records, for every ``schemas/<name>.schema.json``, the list of
its versions, newest last: ``{"version": "1.2", "sha256": "..."}``. The rules:

- a change that keeps every file that was valid valid (a new optional key, a required
  key made optional, a wider pattern) is a **minor** bump: ``1.2`` becomes ``1.3``,
  and the ``$id`` stays ``.../schemas/v1/<name>``;
- anything else is a **major** bump: ``1.3`` becomes ``2.0``, the ``$id`` becomes
  ``.../schemas/v2/<name>``, and the last ``1.x`` file is kept, unchanged, as
  ``schemas/archive/v1/<name>``, which the site keeps publishing at its old ``$id``.

A schema file whose SHA-256 is not its newest entry's has changed without being
recorded: ``scripts/tools/schema_versions.py`` (a maintainer's tool) says so and
records it. This module is the part the site needs at run time.
Light layer: no site tools.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VERSIONS_FILE = "versions.json"
"""In the schemas folder."""
ARCHIVE = "archive"
"""``schemas/archive/v<major>/<name>``: the last file of each older major version."""
SCHEMA_SUFFIX = ".schema.json"
_VERSION = re.compile(r"^(?P<major>[1-9][0-9]*)\.(?P<minor>0|[1-9][0-9]*)$")
NOTE = (
    "Each schema's versions, newest last (major.minor and the SHA-256 of the file). "
    "A change that keeps every valid file valid is a minor bump; anything else is a "
    "major bump with a new $id (naming the new major version), and the old major "
    "stays published from schemas/archive/. Record a change with "
    "`python scripts/tools/schema_versions.py minor|major NAME` (README: Schemas)."
)


class VersionError(Exception):
    """A schema version cannot be recorded (exit 2 in the tool)."""


@dataclass(frozen=True)
class Entry:
    """One recorded version of a schema."""

    version: str
    sha256: str

    @property
    def major(self) -> int:
        """The major version (``2`` of ``2.1``)."""
        return int(self.version.split(".")[0])

    @property
    def minor(self) -> int:
        """The minor version (``1`` of ``2.1``)."""
        return int(self.version.split(".")[1])


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def schema_names(schema_dir: Path) -> list[str]:
    """The schema files of the folder (not the archive), sorted."""
    return sorted(p.name for p in schema_dir.glob(f"*{SCHEMA_SUFFIX}"))


def archive_path(schema_dir: Path, name: str, major: int) -> Path:
    """Where the last file of an older major version of ``name`` is kept."""
    return schema_dir / ARCHIVE / f"v{major}" / name


def archived_files(schema_dir: Path) -> list[tuple[int, str, Path]]:
    """Every archived schema: (major, name, path), sorted."""
    found = []
    for path in sorted((schema_dir / ARCHIVE).glob(f"v*/*{SCHEMA_SUFFIX}")):
        folder = path.parent.name
        if folder[1:].isdigit():
            found.append((int(folder[1:]), path.name, path))
    return found


def archived_schemas(schema_dir: Path) -> dict[str, dict[str, Any]]:
    """The archived schemas' JSON by their path under ``schemas/`` (``archive/v1/x``);
    files that are not JSON objects are left out (the versions check reports them)."""
    documents = {}
    for _, _, path in archived_files(schema_dir):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(data, dict):
            documents[path.relative_to(schema_dir).as_posix()] = data
    return documents


def load_versions(schema_dir: Path) -> dict[str, list[Entry]]:
    """``versions.json`` read: schema name -> its entries, oldest first. Raises
    VersionError when the file is missing or malformed."""
    path = schema_dir / VERSIONS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise VersionError(f"no {VERSIONS_FILE} in {schema_dir.name}/") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise VersionError(f"{VERSIONS_FILE}: not readable JSON ({exc})") from exc
    schemas = data.get("schemas") if isinstance(data, dict) else None
    if not isinstance(schemas, dict):
        raise VersionError(f'{VERSIONS_FILE}: expected {{"schemas": {{name: [entries]}}}}')
    versions: dict[str, list[Entry]] = {}
    for name, entries in schemas.items():
        if not isinstance(entries, list) or not entries:
            raise VersionError(f"{VERSIONS_FILE}: {name}: expected a list of versions")
        versions[name] = []
        for item in entries:
            if (
                not isinstance(item, dict)
                or not _VERSION.fullmatch(str(item.get("version", "")))
                or not re.fullmatch(r"[0-9a-f]{64}", str(item.get("sha256", "")))
            ):
                raise VersionError(
                    f'{VERSIONS_FILE}: {name}: each version is {{"version": "MAJOR.MINOR", '
                    f'"sha256": "<64 hex digits>"}}, found {item!r}'
                )
            versions[name].append(Entry(str(item["version"]), str(item["sha256"])))
    return versions


def versions_path(schema_dir: Path) -> Path:
    """``schemas/versions.json``."""
    return schema_dir / VERSIONS_FILE


def current_versions(schema_dir: Path) -> dict[str, str]:
    """Schema name -> its newest recorded version; empty when ``versions.json`` is missing
    or broken (the versions check reports that)."""
    try:
        return {name: entries[-1].version for name, entries in load_versions(schema_dir).items()}
    except VersionError:
        return {}
