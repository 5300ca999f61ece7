"""Schema versions: every schema file is recorded in schemas/versions.json, a change
needs a new entry, and an older major version stays published at its old $id."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from schema_versions import problems, record_major, record_minor

from oshub.core.project import load_project
from oshub.model.entities import Site
from oshub.outputs.site.pages import generate
from oshub.render.renderer import Renderer
from oshub.routes import Routes
from oshub.schema.registry import load_schemas
from oshub.schema.versions import VersionError, archive_path, file_sha256, load_versions
from support import REPO

TOOL = REPO / "scripts" / "tools" / "schema_versions.py"


def test_every_schema_of_the_repository_is_recorded() -> None:
    found = problems(REPO / "schemas")
    assert found == [], "\n".join(
        [
            "schemas/versions.json does not match the schema files:",
            *found,
            "After a change to a schema: `python scripts/tools/schema_versions.py minor` "
            "when every file that was valid stays valid, else `... major NAME` "
            "(README: Schemas).",
        ]
    )


def test_versions_follow_each_schema_id() -> None:
    versions = load_versions(REPO / "schemas")
    for name, entries in versions.items():
        schema = json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))
        assert Routes.schema_major(schema["$id"]) == entries[-1].major, name
        numbers = [(e.major, e.minor) for e in entries]
        assert numbers == sorted(set(numbers)), f"{name}: versions must only go up"


def _copy(tmp_path: Path) -> Path:
    schemas = tmp_path / "schemas"
    shutil.copytree(REPO / "schemas", schemas)
    return schemas


def _add_optional_key(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["motto"] = {"type": "string", "description": "A motto."}
    path.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")


def test_a_changed_schema_without_an_entry_is_reported_with_what_to_do(tmp_path: Path) -> None:
    schemas = _copy(tmp_path)
    _add_optional_key(schemas / "hub.schema.json")
    found = problems(schemas)
    assert len(found) == 1
    assert found[0].startswith("hub.schema.json: changed since version 1.")
    assert "schema_versions.py minor hub.schema.json" in found[0]
    assert "schema_versions.py major hub.schema.json" in found[0]


def test_recording_a_minor_change_bumps_the_minor_version(tmp_path: Path) -> None:
    schemas = _copy(tmp_path)
    before = load_versions(schemas)["hub.schema.json"][-1]
    _add_optional_key(schemas / "hub.schema.json")
    assert record_minor(schemas) == [f"hub.schema.json {before.major}.{before.minor + 1}"]
    newest = load_versions(schemas)["hub.schema.json"][-1]
    assert newest.sha256 == file_sha256(schemas / "hub.schema.json")
    assert problems(schemas) == []
    assert record_minor(schemas) == []  # nothing else changed


def test_a_new_schema_file_needs_an_entry(tmp_path: Path) -> None:
    schemas = _copy(tmp_path)
    extra = json.loads((schemas / "board.schema.json").read_text(encoding="utf-8"))
    extra["$id"] = extra["$id"].replace("board.schema.json", "event.schema.json")
    (schemas / "event.schema.json").write_text(json.dumps(extra), encoding="utf-8")
    assert any(p.startswith("event.schema.json: a schema with no entry") for p in problems(schemas))
    assert record_minor(schemas, ["event.schema.json"]) == ["event.schema.json 1.0"]
    assert problems(schemas) == []


def test_a_major_change_keeps_the_old_file_and_moves_the_id(tmp_path: Path) -> None:
    schemas = _copy(tmp_path)
    hub = schemas / "hub.schema.json"
    old = hub.read_bytes()
    old_id = json.loads(old)["$id"]
    schema = json.loads(old)
    schema["required"] = [*schema["required"], "motto"]
    schema["properties"]["motto"] = {"type": "string", "description": "A motto."}
    hub.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
    # the edited file is no longer the recorded one: the tool passes git's copy
    assert record_major(schemas, "hub.schema.json", previous=old) == "2.0"
    assert archive_path(schemas, "hub.schema.json", 1).read_bytes() == old
    assert json.loads(hub.read_text(encoding="utf-8"))["$id"] == old_id.replace("/v1/", "/v2/")
    assert problems(schemas) == []
    # a published version never changes
    archive_path(schemas, "hub.schema.json", 1).write_text("{}", encoding="utf-8")
    assert any("a published version never changes" in p for p in problems(schemas))


def test_an_older_major_version_is_published_at_its_old_id(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    schemas = _copy(root)
    record_major(schemas, "hub.schema.json")
    project = load_project(root)
    schema_set = load_schemas(project)
    assert schema_set.problems == ()
    assert list(schema_set.archived) == ["archive/v1/hub.schema.json"]
    site = Site(hubs=(), missions=())
    renderer = Renderer(site, Routes(site_url=project.site_url))
    made = {
        f.path: f.text
        for f in generate(site, renderer, schema_set.documents, None, schema_set.archived)
    }
    assert json.loads(made["schemas/v1/hub.schema.json"])["$id"].endswith("/v1/hub.schema.json")
    assert json.loads(made["schemas/v2/hub.schema.json"])["$id"].endswith("/v2/hub.schema.json")
    assert "schemas/v1/mission.schema.json" in made


def test_the_tool_checks_and_explains() -> None:
    result = subprocess.run(
        [sys.executable, str(TOOL)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all recorded" in result.stdout
    usage = subprocess.run(
        [sys.executable, str(TOOL), "major"], capture_output=True, text=True, timeout=60
    )
    assert usage.returncode == 2
    assert "minor" in usage.stderr


def test_a_minor_change_that_rejects_a_valid_file_is_refused(tmp_path: Path) -> None:
    """A required key is not a minor change: the valid examples and the content files
    that lack it would fail, so `minor` refuses and names `major`."""
    schemas = _copy(tmp_path)
    examples = tmp_path / "tests/fixtures/examples/hub/valid"
    shutil.copytree(REPO / "tests/fixtures/examples/hub/valid", examples)
    (tmp_path / "hubs").mkdir()
    shutil.copy(REPO / "hubs" / "lemnos.yaml", tmp_path / "hubs" / "lemnos.yaml")
    path = schemas / "hub.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["motto"] = {"type": "string", "description": "A motto."}
    schema["required"] = [*schema["required"], "motto"]
    path.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
    before = load_versions(schemas)["hub.schema.json"]
    with pytest.raises(VersionError) as refused:
        record_minor(schemas)
    assert "hub.schema.json: not a minor change" in str(refused.value)
    assert "/hub/valid/" in str(refused.value)  # the examples come first
    assert ": 'motto' is a required property" in str(refused.value)
    assert "record it with `major hub.schema.json`" in str(refused.value)
    assert load_versions(schemas)["hub.schema.json"] == before  # nothing recorded
