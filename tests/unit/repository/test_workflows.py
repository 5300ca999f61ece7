"""The GitHub workflows: valid for GitHub, and calling the commands the project promises."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml

from support import REPO
from support.commands import check_jsonschema

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


FIRST_ON_NODE_24 = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/setup-node": 5,
    "actions/upload-artifact": 6,
}
"""The first major version of each action whose ``action.yml`` says ``using: node24``
(read from the actions' tags). actionlint cannot see the runtime of an action pinned to
a commit, so the version written beside the commit is checked here."""

PINNED = re.compile(
    r"(?P<action>[\w.-]+/[\w.-]+)@(?P<sha>[0-9a-f]{40})  # v(?P<major>\d+)\.\d+\.\d+"
)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_commit_of_a_release_on_node_24(path: Path) -> None:
    """Every action is pinned to a full commit (a tag can be moved, a commit cannot),
    with its release beside it for people and Dependabot, on a release that runs on
    Node 24 (Node 20 is being retired from the runners)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    uses_lines = [line.split("uses:", 1)[1].strip() for line in lines if "uses:" in line]
    used = [s["uses"] for s in steps(yaml.safe_load("\n".join(lines))) if "uses" in s]
    assert used and len(uses_lines) == len(used)
    for text, uses in zip(uses_lines, used, strict=True):
        pin = PINNED.fullmatch(text)
        assert pin, text
        assert uses == f"{pin['action']}@{pin['sha']}"
        assert int(pin["major"]) >= FIRST_ON_NODE_24[pin["action"]], text


def test_the_pin_check_refuses_a_tag_or_a_node_20_release() -> None:
    for text in (
        "actions/checkout@v4",
        "actions/checkout@3d3c42e  # v7.0.1",
        "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
    ):
        assert not PINNED.fullmatch(text)
    old = PINNED.fullmatch("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683  # v4.2.2")
    assert old and int(old["major"]) < FIRST_ON_NODE_24[old["action"]]


IGNORED = re.compile(r"zizmor: ignore\[[\w,-]+\](?P<reason>.*)")


def says_why(line: str) -> bool:
    """A line without a zizmor comment, or whose `zizmor: ignore[...]` has a reason."""
    if "zizmor:" not in line:
        return True
    ignored = IGNORED.search(line)
    return ignored is not None and len(ignored["reason"].strip(" :-(),")) >= 20


def test_every_silenced_zizmor_finding_says_why() -> None:
    """A `# zizmor: ignore[audit]` comment carries its reason beside it (what makes the
    finding harmless here), so no finding is silenced unexplained."""
    for path in (REPO / ".github").rglob("*.y*ml"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert says_why(line), f"{path.name}:{number}: {line}"
    assert not says_why("      - uses: x/y@v1  # zizmor: ignore[unpinned-uses]")
    assert says_why(
        "      - uses: ./local  # zizmor: ignore[unpinned-uses] our own action, in this repository"
    )


def checkouts(data: dict[Any, Any]) -> list[dict[str, Any]]:
    return [s for s in steps(data) if s.get("uses", "").startswith("actions/checkout@")]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_checkout_leaves_the_token_to_later_steps(path: Path) -> None:
    """The checkout keeps no credentials for the steps after it (the build, an upload,
    an install); a job that pushes gives the token to the pushing step alone."""
    found = checkouts(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert found
    for step in found:
        assert step["with"]["persist-credentials"] is False


PERMISSIONS = {
    ("issue-form.yml", "from-issue"): {
        "contents": "write",
        "issues": "write",
        "pull-requests": "write",
    },
    ("pull-request.yml", "validate"): {"contents": "read"},
    ("pull-request.yml", "build"): {"contents": "read"},
    ("pull-request.yml", "test"): {"contents": "read"},
    ("release.yml", "release"): {"contents": "write"},
    ("weekly.yml", "links"): {"contents": "read"},
    ("weekly.yml", "review"): {"contents": "read", "issues": "write"},
}


def test_each_job_has_only_the_permissions_it_needs() -> None:
    """No workflow grants anything to all its jobs; each job reads the repository and
    writes only what it must (the issue-form job: its branch, reply and pull request;
    the release: gh-pages; the weekly review: its issue)."""
    found = {}
    for path in WORKFLOWS:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["permissions"] == {}, path.name
        for name, job in data["jobs"].items():
            found[(path.name, name)] = job["permissions"]
    assert found == PERMISSIONS


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_the_token_reaches_only_the_steps_that_use_it(path: Path) -> None:
    """No workflow or job hands the token to every step: not to an install (a package's
    build code), not to `oshub from-issue` reading a stranger's answers."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    scopes = [data.get("env", {}), *(job.get("env", {}) for job in data["jobs"].values())]
    assert not any(
        "github.token" in str(v) or "secrets." in str(v) for s in scopes for v in s.values()
    )
    for step in steps(data):
        if "github.token" in str(step.get("env", {})):
            script = step.get("run", "")
            assert "pip install" not in script and "oshub from-issue" not in script, step["name"]
            assert re.search(r"\b(gh|git push|oshub release)\b", script), step["name"]


def test_the_release_installs_from_no_cache() -> None:
    """A release is built from what constraints.txt pins, fetched from the index, not
    from a cache another run could have filled."""
    for step in steps(workflow("release.yml")):
        assert "cache" not in step.get("with", {}), step
        assert "actions/cache" not in step.get("uses", "")


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
    assert uploads[0]["with"]["include-hidden-files"] is False


def test_the_preview_is_the_built_site_alone(tmp_path: Path) -> None:
    """The upload follows symbolic links: the step before it refuses a site holding a
    link (to the checkout's `.git/config`, to /etc/passwd) or anything but files and
    folders, and lets a site of files and folders through."""
    build = workflow("pull-request.yml")["jobs"]["build"]["steps"]
    upload = next(i for i, s in enumerate(build) if "upload-artifact" in s.get("uses", ""))
    guard = build[upload - 1]["run"]
    site = tmp_path / "site"
    (site / "hubs").mkdir(parents=True)
    (site / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (site / "hubs" / "a.html").write_text("<p>a</p>", encoding="utf-8")

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-e", "-c", guard], cwd=tmp_path, capture_output=True, text=True
        )

    assert run().returncode == 0
    for target in (tmp_path / ".git" / "config", Path("/etc/passwd"), tmp_path):
        link = site / "hubs" / "x\n.txt"
        link.symlink_to(target)
        result = run()
        assert result.returncode == 1 and "not uploaded" in result.stderr
        assert "\n" not in result.stderr.rstrip("\n")  # the name cannot start a new log line
        link.unlink()


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
    assert data["jobs"]["release"]["permissions"]["contents"] == "write"


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


def test_dependabot_proposes_updates_of_actions_python_and_npm_packages() -> None:
    """Weekly, minor and patch updates grouped, a week's cooldown before a new release
    is proposed; valid for GitHub (the vendored schema)."""
    path = REPO / ".github" / "dependabot.yml"
    result = check_jsonschema("vendor.dependabot", path)
    assert result.returncode == 0, result.stdout + result.stderr
    updates = yaml.safe_load(path.read_text(encoding="utf-8"))["updates"]
    assert {u["package-ecosystem"] for u in updates} == {"github-actions", "pip", "npm"}
    for update in updates:
        assert update["schedule"]["interval"] == "weekly"
        assert update["cooldown"]["default-days"] >= 7
        [group] = update["groups"].values()
        assert group["update-types"] == ["minor", "patch"]


def test_actionlint_checks_runtimes_and_shell_scripts(tmp_path: Path) -> None:
    """The actionlint of `make test` (with the shellcheck of the dev tools) reports an
    action on Node 20 and an unquoted variable in a script."""
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "x.yml").write_text(
        "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: echo $HOME\n",
        encoding="utf-8",
    )
    bin_dir = Path(sys.executable).parent
    result = subprocess.run(
        [
            *(str(bin_dir / "actionlint"), "-oneline", "-shellcheck", str(bin_dir / "shellcheck")),
            str(workflows / "x.yml"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert 'runtime "node20"' in result.stdout and "SC2086" in result.stdout


def test_changed_files_reach_the_validator_as_they_are_named(tmp_path: Path) -> None:
    """A pull request's changed files go to `oshub validate` with their names as they are
    (non-ASCII, a bidi control, a line break, a name like a workflow command), and the log
    lists them quoted after a prefix, so that no name can start a workflow command."""
    step = next(
        s
        for s in workflow("pull-request.yml")["jobs"]["validate"]["steps"]
        if s.get("name") == "Annotations on the changed files"
    )
    repo = tmp_path / "repo"
    (repo / "hubs").mkdir(parents=True)

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
            cwd=repo,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    git("init", "-q")
    (repo / "hubs" / "base.yaml").write_text("name: x\n", encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "base")
    base = git("rev-parse", "HEAD").strip()
    names = ["a\u202eb.yaml", "Geneva-Genève.yaml", "x\n.yaml", "::error file=a::forged.yaml"]
    for name in names:
        (repo / "hubs" / name).write_text("name: y\n", encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "changes")
    fake = tmp_path / "bin" / "oshub"
    fake.parent.mkdir()
    record = tmp_path / "argv"
    fake.write_text(
        "#!/usr/bin/env python3\nimport json, sys\n"
        f"open({str(record)!r}, 'w').write(json.dumps(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    result = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=repo,
        capture_output=True,
        text=True,
        env={"PATH": f"{fake.parent}:/usr/bin:/bin", "BASE_SHA": base},
    )
    assert result.returncode == 0, result.stderr
    argv = json.loads(record.read_text(encoding="utf-8"))
    assert argv[:3] == ["validate", "--strict", "--format"]
    assert sorted(argv[4:]) == sorted(f"hubs/{name}" for name in names)
    assert all(line.startswith("changed: ") for line in result.stdout.splitlines())
    assert len(result.stdout.splitlines()) == len(names)
