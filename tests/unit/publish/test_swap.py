"""The swap of a built folder and the folders a killed build leaves (``oshub.publish.swap``)."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from oshub.publish import swap


def _folder(path: Path, text: str) -> Path:
    path.mkdir(parents=True)
    (path / "index.html").write_text(text, encoding="utf-8")
    return path


def _beside(target: Path) -> list[str]:
    """What lies beside ``target`` apart from it."""
    return sorted(p.name for p in target.parent.iterdir() if p != target)


@pytest.mark.parametrize("how", ["renameat2", "system call", "two renames", "refused"])
def test_the_new_folder_replaces_the_old_and_nothing_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    if how == "system call":
        monkeypatch.setattr(swap, "exchange", swap._renameat2(wrapper=False))
    elif how == "two renames":
        monkeypatch.setattr(swap, "exchange", None)
    elif how == "refused":  # a file system without RENAME_EXCHANGE
        monkeypatch.setattr(swap, "exchange", lambda new, target: errno.EINVAL)
    else:
        assert swap.exchange is not None, "this machine's Linux has renameat2"
    target = _folder(tmp_path / "site", "old")
    new = _folder(tmp_path / ".site.new-1", "new")
    swap.swap_in(new, target)
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert target.is_dir() and not target.is_symlink()
    assert _beside(target) == []


def test_the_exchange_is_one_step(tmp_path: Path) -> None:
    exchange = swap._renameat2()
    assert exchange is not None
    a, b = _folder(tmp_path / "a", "A"), _folder(tmp_path / "b", "B")
    assert exchange(a, b) == 0
    assert (a / "index.html").read_text(encoding="utf-8") == "B"
    assert (b / "index.html").read_text(encoding="utf-8") == "A"
    assert exchange(a, tmp_path / "missing") == errno.ENOENT


def test_the_first_build_is_a_plain_rename(tmp_path: Path) -> None:
    new = _folder(tmp_path / ".site.new-1", "new")
    swap.swap_in(new, tmp_path / "site")
    assert (tmp_path / "site/index.html").read_text(encoding="utf-8") == "new"
    assert _beside(tmp_path / "site") == []


def test_a_failed_second_rename_puts_the_old_folder_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(swap, "exchange", None)
    target = _folder(tmp_path / "site", "old")
    with pytest.raises(FileNotFoundError):
        swap.swap_in(tmp_path / ".site.new-1", target)  # nothing to swap in
    assert (target / "index.html").read_text(encoding="utf-8") == "old"


_HOLD = """
import sys, time
from pathlib import Path
from oshub.publish import swap
owner = swap.Owner(Path(sys.argv[1]))
owner.staging.mkdir()
if sys.argv[2] == "between":  # killed between the two renames of the fallback
    Path(sys.argv[1]).rename(swap._old_name(Path(sys.argv[1]), owner.pid))
print("ready", flush=True)
time.sleep(60)
"""


def _holder(target: Path, stage: str = "building") -> subprocess.Popen[str]:
    """A build that holds its staging folder beside ``target`` until killed."""
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(target), stage], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline() == "ready\n"
    return child


def _kill(child: subprocess.Popen[str]) -> None:
    child.kill()
    child.wait()


def test_the_folders_of_a_killed_build_are_removed(tmp_path: Path) -> None:
    target = _folder(tmp_path / "site", "old")
    child = _holder(target)
    _kill(child)
    assert f".site.new-{child.pid}" in _beside(target)
    removed = swap.sweep(target)
    assert removed == [tmp_path / f".site.new-{child.pid}"]
    assert _beside(target) == []
    assert (target / "index.html").read_text(encoding="utf-8") == "old"


def test_a_running_builds_folders_are_kept(tmp_path: Path) -> None:
    target = _folder(tmp_path / "site", "old")
    child = _holder(target)
    try:
        assert swap.sweep(target) == []
        assert (tmp_path / f".site.new-{child.pid}").is_dir()
    finally:
        _kill(child)


def test_a_kill_between_the_two_renames_leaves_the_old_site_back_in_place(
    tmp_path: Path,
) -> None:
    target = _folder(tmp_path / "site", "old")
    child = _holder(target, "between")
    _kill(child)
    assert not target.exists()
    swap.sweep(target)
    assert (target / "index.html").read_text(encoding="utf-8") == "old"
    assert _beside(target) == []


def test_folders_of_an_older_oshub_without_a_lock_are_removed(tmp_path: Path) -> None:
    target = _folder(tmp_path / "site", "old")
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    _folder(tmp_path / f".site.new-{ended.pid}", "half")
    _folder(tmp_path / f".site.old-{ended.pid}", "older")
    swap.sweep(target)
    assert _beside(target) == []


def test_a_build_releases_its_lock_and_folders(tmp_path: Path) -> None:
    target = tmp_path / "site"
    with swap.Owner(target) as owner:
        owner.staging.mkdir()
        (owner.staging / "page.html").write_text("half", encoding="utf-8")
        assert _beside(target) == sorted([owner.lock.name, owner.staging.name])
    assert list(tmp_path.iterdir()) == []


_SCRATCH = """
import sys, time
from oshub.publish import swap
try:
    with swap.signals_unwind(), swap.scratch_folder("test") as folder:
        print(folder, flush=True)
        time.sleep(60)
except swap.Terminated as exc:
    raise SystemExit(exc.exit_code)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_a_scratch_folder_is_removed_however_its_process_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    child = subprocess.Popen(
        [sys.executable, "-c", _SCRATCH], stdout=subprocess.PIPE, text=True, env=os.environ
    )
    assert child.stdout is not None
    folder = Path(child.stdout.readline().strip())
    assert folder.is_dir() and folder.is_relative_to(tmp_path / f"oshub-{os.getuid()}")
    assert os.stat(folder.parent).st_mode & 0o777 == 0o700
    child.send_signal(signum)
    assert child.wait(timeout=10) == (128 + signum if signum == signal.SIGTERM else -signum)
    if signum == signal.SIGKILL:
        assert folder.is_dir()  # nothing runs on SIGKILL: the next one sweeps it
        with swap.scratch_folder("test") as mine:
            assert mine.is_dir() and mine != folder
    assert not folder.exists()
    assert list(folder.parent.iterdir()) == []


def test_a_shared_folder_it_cannot_trust_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    (tmp_path / f"oshub-{os.getuid()}").symlink_to(tmp_path)  # planted by someone
    with swap.scratch_folder("test") as folder:
        assert folder.parent == tmp_path and folder.name.startswith("oshub-test-")
    assert not folder.exists()


def test_sigterm_unwinds_only_while_asked(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(swap.Terminated) as raised, swap.signals_unwind():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)
    assert raised.value.exit_code == 143
    assert signal.getsignal(signal.SIGTERM) == before
