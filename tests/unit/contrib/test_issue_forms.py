"""The issue forms: generated from the schemas, in sync with them, valid for GitHub."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from oshub.contrib.issue_forms import FORMS, FORMS_DIR, rendered_forms, write_forms
from support import REPO
from support.commands import check_jsonschema
from support.light_layer import BLOCK


def test_checked_in_forms_are_what_oshub_forms_writes_now() -> None:
    expected = rendered_forms(REPO / "schemas")
    folder = REPO / FORMS_DIR
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.yml")}
    on_disk.pop("config.yml", None)
    assert on_disk == expected, "the issue forms are stale: run `oshub forms`"


def test_forms_are_valid_github_issue_forms() -> None:
    files = sorted((REPO / FORMS_DIR).glob("*.yml"))
    assert len(files) == len(FORMS)
    result = check_jsonschema("vendor.github-issue-forms", *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_vendor_check_rejects_a_broken_form(tmp_path: Path) -> None:
    form = yaml.safe_load((REPO / FORMS_DIR / "add-hub.yml").read_text(encoding="utf-8"))
    dropdown = next(e for e in form["body"] if e["type"] == "dropdown")
    del dropdown["attributes"]["options"]
    broken = tmp_path / "broken.yml"
    broken.write_text(yaml.safe_dump(form), encoding="utf-8")
    assert check_jsonschema("vendor.github-issue-forms", broken).returncode == 1


def _form(name: str) -> dict:
    return yaml.safe_load((REPO / FORMS_DIR / f"{name}.yml").read_text(encoding="utf-8"))


def _element(form: dict, element_id: str) -> dict:
    return next(e for e in form["body"] if e.get("id") == element_id)


def test_enums_become_dropdowns_with_the_schemas_values() -> None:
    hub_schema = json.loads((REPO / "schemas" / "hub.schema.json").read_text())
    form = _form("add-hub")
    precision = _element(form, "precision")
    assert precision["type"] == "dropdown"
    assert precision["attributes"]["multiple"] is False
    enum = hub_schema["properties"]["location"]["properties"]["precision"]["enum"]
    assert precision["attributes"]["options"] == enum
    barriers = _element(form, "barriers")
    assert barriers["attributes"]["multiple"] is True
    assert (
        barriers["attributes"]["options"] == hub_schema["properties"]["barriers"]["items"]["enum"]
    )
    sdgs = _element(form, "sdgs")["attributes"]["options"]
    assert len(sdgs) == 17 and sdgs[3] == "SDG 4: Quality Education"
    guide_schema = json.loads((REPO / "schemas" / "guide.schema.json").read_text())
    area = _element(_form("improve-guide"), "area")
    assert area["attributes"]["options"] == guide_schema["properties"]["area"]["enum"]


def test_text_becomes_inputs_or_text_areas_with_the_schemas_help() -> None:
    hub_schema = json.loads((REPO / "schemas" / "hub.schema.json").read_text())
    form = _form("add-hub")
    name = _element(form, "name")
    assert name["type"] == "input"
    assert name["attributes"]["description"] == hub_schema["properties"]["name"]["description"]
    description = _element(form, "description")
    assert description["type"] == "textarea"
    assert (
        hub_schema["properties"]["description"]["description"]
        in (description["attributes"]["description"])
    )
    assert _element(form, "lat")["type"] == "input"
    assert _element(form, "host-url")["type"] == "input"  # an address, however long it may be


def test_required_follows_the_schema() -> None:
    hub = json.loads((REPO / "schemas" / "hub.schema.json").read_text())
    location = hub["properties"]["location"]
    form = _form("add-hub")
    required = {e["id"] for e in form["body"] if e.get("validations", {}).get("required")}
    for element_id, key in (("name", "name"), ("country", "country"), ("sdgs", "sdgs")):
        assert (element_id in required) == (key in hub["required"]), element_id
    for element_id in ("city", "lat", "lon", "precision", "region"):
        expected = "location" in hub["required"] and element_id in location["required"]
        assert (element_id in required) == expected, element_id
    # the host is optional, so nothing about it is required, whatever a host needs
    assert "hosts" not in hub["required"]
    assert not {"host", "host-type", "host-url"} & required
    update = _form("update-hub")
    required_update = {e["id"] for e in update["body"] if e.get("validations", {}).get("required")}
    assert required_update == {"hub", "changes", "sources"}  # only what changes is asked
    mission_schema = json.loads((REPO / "schemas" / "mission.schema.json").read_text())
    challenge = mission_schema["properties"]["challenges"]["items"]
    mission = _form("propose-mission")
    assert _element(mission, "challenge-hub")["validations"]["required"] is (
        "challenges" in mission_schema["required"] and "hub" in challenge["required"]
    )


def test_a_schema_change_shows_in_the_forms(tmp_path: Path) -> None:
    schemas = tmp_path / "schemas"
    shutil.copytree(REPO / "schemas", schemas)
    hub = json.loads((schemas / "hub.schema.json").read_text())
    hub["properties"]["status"]["enum"].append("sleeping")
    hub["properties"]["name"]["description"] = "What the hub is called."
    (schemas / "hub.schema.json").write_text(json.dumps(hub), encoding="utf-8")
    written = write_forms(tmp_path)
    assert len(written) == len(FORMS)
    form = yaml.safe_load((tmp_path / FORMS_DIR / "add-hub.yml").read_text())
    assert _element(form, "status")["attributes"]["options"][-1] == "sleeping"
    assert _element(form, "name")["attributes"]["description"] == "What the hub is called."
    assert rendered_forms(schemas) != rendered_forms(REPO / "schemas")


def test_output_is_deterministic() -> None:
    assert rendered_forms(REPO / "schemas") == rendered_forms(REPO / "schemas")


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_labels_and_ids_are_unique(form) -> None:
    data = _form(form.name)
    fields = [e for e in data["body"] if e["type"] != "markdown"]
    assert len({e["id"] for e in fields}) == len(fields)
    assert len({e["attributes"]["label"] for e in fields}) == len(fields)


def test_forms_and_from_issue_need_only_the_light_layer(tmp_path: Path) -> None:
    """The issue workflow installs `pip install oshub` alone: both commands work there."""
    run = BLOCK + "from oshub.cli.main import main\nsys.exit(main(sys.argv[1:]))\n"
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    shutil.copytree(REPO / "hubs", tmp_path / "hubs")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    forms = subprocess.run(
        [sys.executable, "-c", run, "forms"], capture_output=True, text=True, cwd=tmp_path
    )
    assert forms.returncode == 0, forms.stderr
    assert (tmp_path / FORMS_DIR / "add-hub.yml").read_text() == (
        REPO / FORMS_DIR / "add-hub.yml"
    ).read_text()
    body = REPO / "tests" / "fixtures" / "issues" / "add-hub-good.md"
    made = subprocess.run(
        [sys.executable, "-c", run, "from-issue", str(body)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    assert (tmp_path / "hubs" / "tartu.yaml").is_file()
