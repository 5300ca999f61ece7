"""CITATION.cff and CHANGELOG.md: valid, and saying the version data/site.yaml says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from oshub.schema.versions import load_versions
from support import REPO

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def _yaml(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_citation_file_passes_the_citation_file_format_schema() -> None:
    result = subprocess.run(
        [
            str(CHECK_JSONSCHEMA),
            "--builtin-schema",
            "vendor.citation-file-format",
            str(REPO / "CITATION.cff"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_citation_file_names_this_version_and_site() -> None:
    citation = _yaml(REPO / "CITATION.cff")
    site = _yaml(REPO / "data" / "site.yaml")
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert citation["cff-version"] == "1.2.0"
    assert citation["title"] == "OSHub Blueprint"
    assert citation["version"] == site["version"], (
        "CITATION.cff's version must equal data/site.yaml's version"
    )
    assert citation["url"] == config["site_url"]
    assert citation["authors"] == [{"name": "OSHub Blueprint contributors"}]
    repository = (site.get("repository") or {}).get("url")  # type: ignore[attr-defined]
    assert citation.get("repository-code") == repository, (
        "CITATION.cff's repository-code must equal repository.url in data/site.yaml"
    )


def test_changelog_has_a_section_for_this_version() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    version = _yaml(REPO / "data" / "site.yaml")["version"]
    assert re.search(rf"^## \[{re.escape(str(version))}\]", changelog, re.M), (
        f"CHANGELOG.md needs a `## [{version}]` section (the version in data/site.yaml)"
    )


def test_changelog_names_every_schema_version_after_the_first() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    missing = [
        f"{name} {entry.version}"
        for name, entries in load_versions(REPO / "schemas").items()
        for entry in entries[1:]
        if not re.search(rf"`?{re.escape(name)}`?\s+{re.escape(entry.version)}\b", changelog)
    ]
    assert missing == [], (
        "add a line to CHANGELOG.md under the version being prepared, `### Schemas`, for: "
        + ", ".join(missing)
    )
