"""Acceptance tests: the real `oshub` command, as contributors and CI run it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from support import JSON_PROBLEM_KEYS, REPO, make_project, synthetic_hub
from support.commands import OSHUB, oshub


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in root.rglob("*")
    }


def test_version(tmp_path: Path) -> None:
    result = oshub("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("oshub ")


def test_version_names_the_blueprint_inside_a_project(real_project: Path) -> None:
    site = (real_project / "data/site.yaml").read_text(encoding="utf-8")
    blueprint = yaml.safe_load(site)["version"]
    result = oshub("--version", cwd=real_project / "hubs")
    assert result.returncode == 0
    tool, line = result.stdout.splitlines()
    assert tool.startswith("oshub ")
    assert line == f"OSHub Blueprint {blueprint}"


def test_repository_content_is_valid() -> None:
    result = oshub("validate", cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("no problems (")


def test_text_output_points_at_the_line(real_project: Path) -> None:
    hub = real_project / "hubs" / "lemnos.yaml"
    hub.write_text(hub.read_text().replace('country: "GR"', 'contry: "GR"'), encoding="utf-8")
    result = oshub("validate", cwd=real_project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(
        line.startswith("hubs/lemnos.yaml:") and "unknown key `contry`" in line for line in lines
    )
    assert "  hint: did you mean `country`?" in result.stdout
    assert lines[-1].startswith("2 errors, 0 warnings in 1 file")
    assert "Traceback" not in result.stderr


def test_all_problems_of_all_files_at_once(real_project: Path) -> None:
    (real_project / "hubs" / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    (real_project / "missions" / "empty.yaml").write_text("", encoding="utf-8")
    result = oshub("validate", cwd=real_project)
    assert result.returncode == 1
    assert "hubs/broken.yaml:2:1: error: YAML syntax error" in result.stdout
    assert "missions/empty.yaml:1:1: error: file is empty" in result.stdout


def test_json_format_is_a_documented_list(real_project: Path) -> None:
    (real_project / "hubs" / "typo.yaml").write_text(
        (real_project / "hubs" / "lemnos.yaml").read_text().replace("sdgs:", "sdg:"),
        encoding="utf-8",
    )
    result = oshub("validate", "--format", "json", cwd=real_project)
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert problems
    for problem in problems:
        assert list(problem) == JSON_PROBLEM_KEYS
    assert any(p["path"] == "hubs/typo.yaml" and "`sdg`" in p["message"] for p in problems)


def test_json_problems_point_at_the_wrong_nested_value(real_project: Path) -> None:
    hub = real_project / "hubs" / "lemnos.yaml"
    data = yaml.safe_load(hub.read_text(encoding="utf-8"))
    data["location"]["lat"] = 95
    data["links"] = [{"title": "Site", "url": "https://example.org/"}, {"title": "Bad"}]
    hub.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = oshub("validate", "hubs/lemnos.yaml", "--format", "json", cwd=real_project)
    assert result.returncode == 1, result.stdout
    found = {p["pointer"]: p for p in json.loads(result.stdout)}
    assert set(found) == {"/location/lat", "/links/1/url"}
    assert "out of range" in found["/location/lat"]["message"]
    assert found["/links/1/url"]["message"] == "missing required key `url` in links[1]"
    text = oshub("validate", "hubs/lemnos.yaml", cwd=real_project).stdout
    assert "/location/lat" not in text  # the text format is as it was


def test_github_format_annotations(real_project: Path) -> None:
    (real_project / "missions" / "bad.yml").write_text("title: x\n", encoding="utf-8")
    result = oshub("validate", "--format", "github", cwd=real_project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=missions/bad.yml,line=1,col=1,title=oshub validate::"
        "content files use the .yaml extension%0Arename it to missions/bad.yaml"
    ]


def test_paths_limit_what_is_reported_but_references_still_resolve(real_project: Path) -> None:
    (real_project / "hubs" / "broken.yaml").write_text("name: [\n", encoding="utf-8")
    result = oshub("validate", "missions", cwd=real_project)
    assert result.returncode == 0, result.stdout
    result = oshub("validate", "hubs/broken.yaml", cwd=real_project)
    assert result.returncode == 1


def test_warnings_pass_unless_strict(real_project: Path) -> None:
    hub = real_project / "hubs" / "lemnos.yaml"
    hub.write_text(
        hub.read_text().replace("last_reviewed: 2026-11-24", "last_reviewed: 2999-01-01"),
        encoding="utf-8",
    )
    assert "last_reviewed: 2999-01-01" in hub.read_text()
    assert oshub("validate", cwd=real_project).returncode == 0
    strict = oshub("validate", "--strict", cwd=real_project)
    assert strict.returncode == 1
    assert "warning: last_reviewed (2999-01-01) is in the future" in strict.stdout


@pytest.mark.parametrize(
    "args",
    [["validate", "no/such/file.yaml"], ["validate", "--format", "xml"], ["frobnicate"], []],
)
def test_usage_errors_exit_2(real_project: Path, args: list[str]) -> None:
    result = oshub(*args, cwd=real_project)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_not_a_project_exits_2(tmp_path: Path) -> None:
    result = oshub("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "not an OSHub project" in result.stderr


def test_hostile_files_are_reported_and_nothing_is_written(real_project: Path) -> None:
    hubs = real_project / "hubs"
    with (hubs / "huge.yaml").open("wb") as handle:
        handle.truncate(30 * 1024 * 1024)
    (hubs / "deep.yaml").write_text("[" * 200_000, encoding="utf-8")
    (hubs / "binary.yaml").write_bytes(bytes(range(256)))
    (hubs / "folder.yaml").mkdir()
    outside = real_project.parent / "outside.yaml"
    outside.write_text("name: outside\n", encoding="utf-8")
    (hubs / "escape.yaml").symlink_to(outside)
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(c)}: &{chr(c)} [" + ",".join([f"*{chr(c - 1)}"] * 9) + "]\n"
        for c in range(ord("b"), ord("k"))
    )
    (hubs / "bomb.yaml").write_text(bomb, encoding="utf-8")
    before = snapshot(real_project)
    result = oshub("validate", "--format", "json", cwd=real_project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    by_file: dict[str, list[str]] = {}
    for p in json.loads(result.stdout):
        by_file.setdefault(p["path"], []).append(p["message"])
    assert by_file["hubs/huge.yaml"] == ["file too large (30.0 MiB > 1 MiB)"]
    assert by_file["hubs/deep.yaml"] == ["nesting deeper than 64 levels"]
    assert by_file["hubs/binary.yaml"] == ["file contains a NUL byte"]
    assert by_file["hubs/folder.yaml"] == ["is a directory, not a file"]
    assert by_file["hubs/escape.yaml"] == [
        "symbolic link leads outside the content folders "
        "(blueprint/, hubs/, missions/, data/, schemas/, overrides/)"
    ]
    assert any("aliases" in m for m in by_file["hubs/bomb.yaml"])
    assert not any(path.startswith("hubs/lemnos") for path in by_file)  # the others still pass
    assert snapshot(real_project) == before


def test_new_hub_writes_a_valid_file_and_refuses_to_overwrite(real_project: Path) -> None:
    result = oshub("new", "hub", "harbour-town", cwd=real_project)
    assert result.returncode == 0, result.stderr
    path = real_project / "hubs" / "harbour-town.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/hub.schema.json\n")
    assert oshub("validate", "hubs/harbour-town.yaml", cwd=real_project).returncode == 0
    path.write_text(text + "# my edits\n", encoding="utf-8")
    again = oshub("new", "hub", "harbour-town", cwd=real_project)
    assert again.returncode == 2
    assert "already exists" in again.stderr
    assert path.read_text(encoding="utf-8").endswith("# my edits\n")


def test_new_mission_is_valid(real_project: Path) -> None:
    result = oshub("new", "mission", "clean-rivers", cwd=real_project)
    assert result.returncode == 0, result.stderr
    path = real_project / "missions" / "clean-rivers.yaml"
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schemas/mission.schema.json\n"
    )
    check = oshub("validate", "missions/clean-rivers.yaml", cwd=real_project)
    assert check.returncode == 0, check.stdout
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["status"] == "proposed"


@pytest.mark.parametrize("slug", ["Bad Slug", "double--hyphen", "-start", "UPPER"])
def test_new_refuses_invalid_slugs(tmp_path: Path, slug: str) -> None:
    root = make_project(tmp_path / "p")
    result = oshub("new", "hub", "--", slug, cwd=root)
    assert result.returncode == 2
    assert "not a valid slug" in result.stderr
    assert not any((root / "hubs").iterdir())


def test_schema_id_must_follow_site_url(real_project: Path) -> None:
    config = real_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("https://oshub.network/", "https://example.org/"))
    result = oshub("validate", cwd=real_project)
    assert result.returncode == 1
    assert "schemas/hub.schema.json:1:1: error: schema $id is" in result.stdout
    assert "'https://example.org/schemas/v1/hub.schema.json'" in result.stdout


def test_works_from_a_subfolder(real_project: Path) -> None:
    result = oshub("validate", "lemnos.yaml", cwd=real_project / "hubs")
    assert result.returncode == 0, result.stdout + result.stderr
    shutil.rmtree(real_project / "missions")
    assert oshub("validate", cwd=real_project / "hubs").returncode == 0


def test_a_hostile_value_cannot_forge_output_lines(real_project: Path) -> None:
    """A fork's pull request puts a line break and a workflow command into a value: the
    text format keeps one problem a line, the github format one annotation a problem."""
    forged = r"GR\n::error file=README.md,line=1::forged\n::stop-commands::x"
    hub = synthetic_hub(1, country=forged)  # YAML reads \n in double quotes as a newline
    (real_project / "hubs" / "forged.yaml").write_text(hub, encoding="utf-8")
    result = oshub("validate", "--format", "text", cwd=real_project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines and all(
        line.startswith(("hubs/forged.yaml:", "  hint: ")) for line in lines[:-1]
    ), lines
    assert "country" in result.stdout and "::error file=README.md" in result.stdout
    result = oshub("validate", "--format", "github", cwd=real_project)
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("::error file=hubs/forged.yaml,") for line in lines)


@pytest.mark.parametrize("args", [["review"], ["validate"]])
def test_a_reader_that_stops_reading_ends_the_command_quietly(
    real_project: Path, args: list[str]
) -> None:
    """`oshub review | head`: the pipe is closed before the command writes (Python takes
    longer to start than this takes), and no traceback follows."""
    process = subprocess.Popen(
        [*OSHUB, *args], cwd=real_project, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    errors = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=120) in (0, 141)
    assert "Traceback" not in errors and "BrokenPipeError" not in errors, errors


def test_documents_are_checked_for_what_they_are_at_file_line_col(real_project: Path) -> None:
    """A spreadsheet formula in a CSV, a text file named .png used by a page, and an
    image on another host: each at the line and column an author can act on."""
    guide = real_project / "blueprint/guides/equity/barriers.md"
    text = guide.read_text(encoding="utf-8")
    lines = text.count("\n")
    guide.write_text(
        text + "\n![a floor plan](plan.png)\n\n![a tracker](https://tracker.example/p.png)\n",
        encoding="utf-8",
    )
    (guide.parent / "plan.png").write_text("not an image\n", encoding="utf-8")
    (guide.parent / "budget.csv").write_text(
        'item,cost\nchairs,"=HYPERLINK(""https://evil.example"",""pay"")"\n', encoding="utf-8"
    )
    result = oshub("validate", cwd=real_project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    found = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert found == [
        f"blueprint/guides/equity/barriers.md:{lines + 2}:17: error: image "
        "`blueprint/guides/equity/plan.png`: not a PNG image (its bytes are not what the "
        "`.png` name says)",
        f"blueprint/guides/equity/barriers.md:{lines + 4}:14: error: image on another host: "
        "`https://tracker.example/p.png`",
        "blueprint/guides/equity/budget.csv:2:8: error: a spreadsheet would run this cell as a "
        'formula: `=HYPERLINK("https://evil.example","pay")`',
    ]


def test_a_file_s_problems_are_capped_in_every_format(project: Path) -> None:
    """150 unknown keys: 100 shown, a note for the other 50, all 150 counted; each
    500-character key quoted in at most 80 characters."""
    keys = "".join(f"unknown_key_{i}_{'k' * 500}: x\n" for i in range(150))
    (project / "hubs" / "many.yaml").write_text(synthetic_hub(1) + keys, encoding="utf-8")
    text = oshub("validate", cwd=project)
    assert text.returncode == 1
    lines = text.stdout.splitlines()
    assert sum(": error: " in line for line in lines) == 100
    assert "hubs/many.yaml:1:1: note: 50 more problems in this file not shown" in text.stdout
    assert lines[-1].startswith("150 errors, 0 warnings in 1 file")
    assert "`unknown_key_0_kkk" in text.stdout and "k…`" in text.stdout
    assert max(len(line) for line in lines if ": error: " in line) < 200
    github = oshub("validate", "--format", "github", cwd=project)
    notes = [line for line in github.stdout.splitlines() if line.startswith("::notice ")]
    assert len(github.stdout.splitlines()) == 101 and len(notes) == 1
    assert "150 errors" in github.stderr
    items = json.loads(oshub("validate", "--format", "json", cwd=project).stdout)
    assert len(items) == 101
    assert items[-1]["severity"] == "note" and items[-1]["left_out"] == 50
    assert all(set(p) == set(items[0]) for p in items[:-1])
