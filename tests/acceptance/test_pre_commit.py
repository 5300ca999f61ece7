"""The pre-commit hook, run by pre-commit itself on a scratch repository: a commit with
a broken hub file fails and names file:line, a good one goes through."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from support import REPO, make_project, synthetic_hub

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
ISOLATED = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
"""No user or system git settings (a global core.hooksPath would stop pre-commit)."""


def git(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=ISOLATED,
    )


def new_repository(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    assert git("init", "-q", "-b", "main", cwd=path).returncode == 0
    git("config", "user.email", "test@example.org", cwd=path)
    git("config", "user.name", "Test", cwd=path)
    git("config", "commit.gpgsign", "false", cwd=path)
    return path


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This repository's package and hook manifest, committed in a local repository (as
    a clone would be): pre-commit installs the hook from it."""
    root = new_repository(tmp_path_factory.mktemp("hooks") / "oshub")
    shutil.copytree(
        REPO / "scripts" / "oshub",
        root / "scripts" / "oshub",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    for name in ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml"):
        shutil.copy(REPO / name, root / name)
    git("add", "-A", cwd=root)
    assert git("commit", "-q", "-m", "hooks", cwd=root).returncode == 0
    sha = git("rev-parse", "HEAD", cwd=root).stdout.strip()
    return root, sha


def test_the_manifest_and_this_repositorys_config_are_valid() -> None:
    manifest = subprocess.run(  # pre-commit's own check of the hook manifest
        [str(PRE_COMMIT), "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr
    config = subprocess.run(
        [str(PRE_COMMIT), "validate-config", str(REPO / ".pre-commit-config.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert config.returncode == 0, config.stdout + config.stderr
    hooks = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())["repos"]
    assert [r["repo"] for r in hooks] == ["local"]  # no remote hook repositories
    ids = {hook["id"] for hook in hooks[0]["hooks"]}
    assert {"oshub-validate", "ruff"} <= ids


def test_the_hook_blocks_a_broken_hub_and_lets_a_good_one_through(
    tmp_path: Path, hook_repository: tuple[Path, str]
) -> None:
    hooks, sha = hook_repository
    scratch = new_repository(make_project(tmp_path / "scratch"))
    (scratch / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump(
            {"repos": [{"repo": str(hooks), "rev": sha, "hooks": [{"id": "oshub-validate"}]}]}
        ),
        encoding="utf-8",
    )
    env = {**ISOLATED, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    install = subprocess.run(
        [str(PRE_COMMIT), "install"], cwd=scratch, capture_output=True, text=True, env=env
    )
    assert install.returncode == 0, install.stdout + install.stderr

    (scratch / "hubs" / "utrecht.yaml").write_text(synthetic_hub(1), encoding="utf-8")
    git("add", "-A", cwd=scratch)
    good = subprocess.run(
        ["git", "commit", "-m", "a good hub"],
        cwd=scratch,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert good.returncode == 0, good.stdout + good.stderr
    assert "oshub validate" in good.stdout + good.stderr and "Passed" in good.stdout + good.stderr

    broken = synthetic_hub(2).replace("lat: 52.09", "lat: 152.09")
    (scratch / "hubs" / "broken.yaml").write_text(broken, encoding="utf-8")
    git("add", "-A", cwd=scratch)
    bad = subprocess.run(
        ["git", "commit", "-m", "a broken hub"],
        cwd=scratch,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    output = bad.stdout + bad.stderr
    assert bad.returncode != 0, output
    assert "Failed" in output
    line = 1 + broken.splitlines().index("  lat: 152.09")
    assert f"hubs/broken.yaml:{line}:8: error: location.lat: 152.09 is out of range" in output
    assert git("log", "--oneline", cwd=scratch).stdout.count("\n") == 1  # not committed

    # the hook's environment has the validator alone, not the site tools
    envs = list((tmp_path / "pre-commit-home").glob("repo*/py_env-*"))
    assert envs, "pre-commit made no Python environment for the hook"
    site_packages = " ".join(p.name.lower() for p in envs[0].glob("lib/python*/site-packages/*"))
    assert "jsonschema" in site_packages and "yaml" in site_packages
    for name in ("mkdocs", "jinja2", "weasyprint", "nh3"):
        assert name not in site_packages, name
