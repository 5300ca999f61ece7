"""Which release a second `oshub release` finishes: the same one, stopped after mike's
commit (``release.unfinished``), read from the published branch's last commits."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from oshub.publish.release import ROOT_COMMIT, unfinished

SOURCE = "0123456789abcdef0123456789abcdef01234567"
MIKE = f"Deployed {SOURCE[:12]} to 0.3 with oshub 1.0 and mkdocs 1.6"
ROOT = f"{ROOT_COMMIT}0.3 (after 0.3)"


def _git(where: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CEILING_DIRECTORIES": str(where.parent),
    }
    done = subprocess.run(
        ["git", *args], cwd=where, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def _branch(tmp_path: Path, *subjects: str) -> Path:
    """A repository whose gh-pages has commits with these subjects, oldest first."""
    _git(tmp_path, "init", "-q", "-b", "gh-pages")
    for subject in subjects:
        _git(tmp_path, "commit", "-q", "--allow-empty", "-m", subject)
    return tmp_path


@pytest.mark.parametrize(
    ("subjects", "push", "left"),
    [
        ((MIKE,), False, "root"),
        ((MIKE,), True, "root"),
        ((MIKE, ROOT), False, None),  # done: a deployed version, refused as before
        ((MIKE, ROOT), True, "push"),  # not on the remote yet
        ((MIKE.replace("0.3", "0.2"),), False, None),  # another version
        ((MIKE.replace(SOURCE[:12], "fedcba987654"),), False, None),  # another commit
        ((MIKE, ROOT.replace("(after 0.3)", "(after 0.2)")), True, None),
        (("an unrelated commit",), True, None),
    ],
)
def test_only_the_same_release_stopped_after_mikes_commit_is_finished(
    tmp_path: Path, subjects: tuple[str, ...], push: bool, left: str | None
) -> None:
    top = _branch(tmp_path, *subjects)
    assert unfinished(top, "0.3", SOURCE, push) == left


def test_a_release_already_pushed_is_not_finished_again(tmp_path: Path) -> None:
    top = _branch(tmp_path, MIKE, ROOT)
    _git(top, "update-ref", "refs/remotes/origin/gh-pages", "gh-pages")
    assert unfinished(top, "0.3", SOURCE, True) is None
    _git(top, "commit", "-q", "--allow-empty", "-m", ROOT)  # a newer local tip
    assert unfinished(top, "0.3", SOURCE, True) is None  # the last two are no longer the pair


def test_no_branch_is_nothing_to_finish(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q", "-b", "main")
    assert unfinished(tmp_path, "0.3", SOURCE, True) is None
