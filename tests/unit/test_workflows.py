"""The GitHub workflows: valid for GitHub, and calling the commands the project promises."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from test_issue_forms import check_jsonschema

from support import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def workflow(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps(data: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in data["jobs"].values() for step in job["steps"]]


def runs(data: dict[Any, Any]) -> str:
    return "\n".join(step.get("run", "") for step in steps(data))


def test_every_workflow_is_valid_for_github() -> None:
    assert {p.name for p in WORKFLOWS} >= {
        "pull-request.yml",
        "release.yml",
        "weekly.yml",
        "issue-form.yml",
    }
    result = check_jsonschema("vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_vendor_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    data = workflow("pull-request.yml")
    del data["jobs"]["validate"]["runs-on"]
    broken = tmp_path / "broken.yml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert check_jsonschema("vendor.github-workflows", broken).returncode == 1


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_major_version(path: Path) -> None:
    for step in steps(yaml.safe_load(path.read_text(encoding="utf-8"))):
        if "uses" in step:
            assert re.fullmatch(r"actions/[a-z-]+@v[0-9]+", step["uses"]), step["uses"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_event_text_never_reaches_the_shell_as_code(path: Path) -> None:
    """Titles, bodies and branch names go through environment variables, never into a
    script's text (where `$(...)` in an issue body would run)."""
    for step in steps(yaml.safe_load(path.read_text(encoding="utf-8"))):
        assert "${{" not in step.get("run", ""), step.get("name")


def test_pull_requests_validate_build_strict_test_and_keep_a_preview() -> None:
    data = workflow("pull-request.yml")
    assert "pull_request" in data[True]  # YAML 1.1 reads the key `on` as true
    script = runs(data)
    assert "oshub validate --strict --format github" in script
    assert "oshub validate --strict --format text" in script
    assert "$GITHUB_STEP_SUMMARY" in script and 'exit "$status"' in script
    assert "make test" in script
    uploads = [s for s in steps(data) if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads and uploads[0]["with"]["path"] == "site/"


def test_the_strict_build_config_switches_the_plugins_strict_on(tmp_path: Path) -> None:
    """The build step's own commands, on the real mkdocs.yml."""
    build = next(
        s for s in steps(workflow("pull-request.yml")) if "mkdocs.strict.yml" in s.get("run", "")
    )
    make_config = "\n".join(build["run"].splitlines()[:2])
    (tmp_path / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text(), encoding="utf-8")
    subprocess.run(["bash", "-e", "-c", make_config], cwd=tmp_path, check=True)
    config = yaml.safe_load((tmp_path / "mkdocs.strict.yml").read_text(encoding="utf-8"))
    assert {"oshub": {"strict": True}} in config["plugins"]
    original = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert {k: v for k, v in config.items() if k != "plugins"} == {
        k: v for k, v in original.items() if k != "plugins"
    }
    assert "--config-file mkdocs.strict.yml" in build["run"]


def test_a_version_tag_releases_and_deploys() -> None:
    data = workflow("release.yml")
    assert data[True]["push"]["tags"] == ["v*"]
    assert 'oshub release "$VERSION" --alias latest --push' in runs(data)
    assert data["permissions"]["contents"] == "write"


def test_weekly_link_check_and_review_issue() -> None:
    data = workflow("weekly.yml")
    assert data[True]["schedule"][0]["cron"]
    script = runs(data)
    assert "oshub links --format text" in script
    assert "oshub review --format json" in script
    assert "gh issue edit" in script and "gh issue create" in script


def test_issue_forms_go_through_from_issue() -> None:
    data = workflow("issue-form.yml")
    assert set(data[True]["issues"]["types"]) == {"opened", "edited"}
    script = runs(data)
    assert 'oshub from-issue "$RUNNER_TEMP/body.md" --format json' in script
    assert "gh issue comment" in script and "gh pr create" in script


HOSTILE_LINES = (
    "hubs/a.yaml:2:10: error: country: ````` </code><img src=x onerror=alert(1)> @octocat\n"
    "::error file=README.md,line=1::forged\n"
    "```\n"
    "# not a heading\n"
    "1 error, 0 warnings in 1 file (3 checked)\n"
)


@pytest.mark.parametrize(
    ("name", "command"),
    [("pull-request.yml", "oshub validate --strict --format text"), ("weekly.yml", "oshub links")],
)
def test_a_report_in_the_summary_and_log_stays_text(
    name: str, command: str, tmp_path: Path
) -> None:
    """The step that puts a report quoting content into the job summary and the log:
    run with an `oshub` that prints hostile lines, the summary shows them as code and
    the log reads none of them as a workflow command."""
    step = next(s for s in steps(workflow(name)) if command in s.get("run", ""))
    fake = tmp_path / "bin" / "oshub"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\ncat <<'END'\n{HOSTILE_LINES}END\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    summary = tmp_path / "summary.md"
    result = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": f"{fake.parent}:/usr/bin:/bin", "GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.returncode == 1, result.stderr
    html = markdown.markdown(summary.read_text(encoding="utf-8"))
    assert "<img" not in html and html.count("<h2>") == 1 and "<h1>" not in html
    code = html.split("<pre><code>", 1)[1].split("</code></pre>", 1)[0]
    assert "&lt;img src=x" in code and "# not a heading" in code
    log = result.stdout.splitlines()
    commands = [line for line in log if line.startswith("::")]
    token = commands[0].removeprefix("::stop-commands::")
    assert len(token) >= 16 and token not in HOSTILE_LINES
    assert commands[-1] == f"::{token}::"
    assert log.index(commands[0]) < log.index("::error file=README.md,line=1::forged")
    assert log.index("::error file=README.md,line=1::forged") < log.index(commands[-1])


def test_an_edited_issue_builds_on_its_branch_and_pastes_no_answer(tmp_path: Path) -> None:
    """The step that opens or updates the pull request, run twice on a scratch repository
    (with a `gh` that only records): the second run, after a maintainer's commit on the
    branch, adds a commit on top instead of replacing the branch; the pull request's
    text quotes no answer (a mention would notify, "Fixes #1" would close an issue)."""
    step = next(s for s in steps(workflow("issue-form.yml")) if "gh pr create" in s.get("run", ""))
    env = {
        "PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CEILING_DIRECTORIES": str(tmp_path),
        "NUMBER": "7",
        "RUNNER_TEMP": str(tmp_path / "runner"),
    }

    def sh(script: str, cwd: Path) -> str:
        done = subprocess.run(
            ["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "gh").write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{tmp_path}/gh.log"\n', encoding="utf-8"
    )
    (tmp_path / "bin" / "gh").chmod(0o755)
    (tmp_path / "runner").mkdir()
    hostile = {"sources": "@octocat Fixes #1 <img src=x>"}
    (tmp_path / "runner" / "result.json").write_text(
        json.dumps({"path": "hubs/tartu.yaml", "notes": hostile}), encoding="utf-8"
    )
    sh("git init -q --bare -b main origin.git", tmp_path)
    sh("git clone -q origin.git work 2>/dev/null", tmp_path)
    work = tmp_path / "work"
    sh(
        "git config user.name t && git config user.email t@example.org && "
        "mkdir hubs && echo 'name: A' > hubs/a.yaml && git add -A && git commit -q -m one && "
        "git push -q origin main",
        work,
    )

    def run_step(answer: str) -> None:
        sh(f"git switch -q main && echo '{answer}' > hubs/tartu.yaml", work)
        sh(step["run"], work)

    run_step("name: Tartu")
    sh(
        "git fetch -q origin from-issue-7 && git switch -q -c maintainer origin/from-issue-7 && "
        "echo 'name: B' > hubs/b.yaml && git add hubs/b.yaml && git commit -q -m maintainer && "
        "git push -q origin HEAD:from-issue-7 && git switch -q main && git branch -q -D "
        "maintainer from-issue-7",
        work,
    )
    run_step("name: Tartu (corrected)")
    log = sh("git log --format=%s from-issue-7", tmp_path / "origin.git").splitlines()
    assert log == [
        "hubs/tartu.yaml from issue #7",
        "maintainer",
        "hubs/tartu.yaml from issue #7",
        "one",
    ]
    shown = sh("git show from-issue-7:hubs/tartu.yaml", tmp_path / "origin.git")
    assert shown == "name: Tartu (corrected)\n"
    body = (tmp_path / "runner" / "pr.md").read_text(encoding="utf-8")
    assert "Closes #7" in body
    assert "@" not in body and "#1" not in body and "<" not in body


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_install_takes_the_pinned_versions(path: Path) -> None:
    """A tag's release is built with the packages its constraints.txt pins, not with
    whatever the day brings (and so are the checks of pull requests)."""
    script = runs(yaml.safe_load(path.read_text(encoding="utf-8")))
    installs = [line.strip() for line in script.splitlines() if "pip install" in line]
    for line in installs:
        assert re.search(r"pip install (?:\S+ )*-c constraints\.txt\b", line), line
