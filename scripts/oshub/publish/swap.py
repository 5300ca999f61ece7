"""A built folder swapped in without a moment with no folder, and no folder left behind.

A build writes into ``.<name>.new-<pid>`` beside its target ``<name>`` and swaps it in:

- **Swap.** ``renameat2(..., RENAME_EXCHANGE)`` (Linux 3.15+, on most local file
  systems) exchanges the two folders in one step: the target is never missing; the old
  site, now at the staging name, is then removed. Where the kernel or the file system
  refuses it (another system, ENOSYS, EINVAL, EXDEV...), two renames back to back
  (target to ``.<name>.old-<pid>``, new to target, the old put back if the second
  fails) keep the window to two system calls, and the next build puts the old site
  back if a kill fell between them. The target stays a real folder, never a link.
- **Ownership.** Each build holds ``fcntl.flock`` on ``.<name>.lock-<pid>`` beside the
  target for as long as it runs (``Owner``). A lock, not a check of the process id: a
  process id is reused by an unrelated process after a crash, a lock is released by
  the kernel when its holder dies, however it dies.
- **Sweep.** A build first removes the ``.<name>.new-*`` and ``.<name>.old-*`` folders
  whose owner's lock it can take (their owner is gone); a folder whose owner still
  holds its lock (a concurrent build) is kept.

Light: the standard library only (``ctypes``, ``fcntl``).
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import re
import shutil
import signal
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

AT_FDCWD = -100
RENAME_EXCHANGE = 2
"""From ``<linux/fs.h>``: swap the two names, both of which must exist."""

SYS_RENAMEAT2 = {
    "x86_64": 316,
    "amd64": 316,
    "aarch64": 276,
    "arm64": 276,
    "riscv64": 276,
    "i386": 353,
    "i686": 353,
    "armv7l": 382,
    "ppc64le": 357,
    "ppc64": 357,
    "s390x": 347,
}
"""The ``renameat2`` system call's number, for a C library without the wrapper (glibc
before 2.28, some musl builds)."""

NO_EXCHANGE = frozenset(
    {errno.ENOSYS, errno.EINVAL, errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP}
)
"""Errors that mean "this kernel or file system cannot exchange": use two renames."""


def _renameat2(*, wrapper: bool = True) -> Callable[[Path, Path], int] | None:
    """A call of ``renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)`` returning 0 or
    an errno, or None where there is no such call (not Linux, no C library). The C
    library's wrapper when it has one (and ``wrapper``), else the system call."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    function = getattr(libc, "renameat2", None) if wrapper else None
    number = SYS_RENAMEAT2.get(platform.machine())
    if function is None and number is None:
        return None

    def call(new: Path, target: Path) -> int:
        a, b = os.fsencode(new), os.fsencode(target)
        ctypes.set_errno(0)
        if function is not None:
            done = function(AT_FDCWD, a, AT_FDCWD, b, ctypes.c_uint(RENAME_EXCHANGE))
        else:
            assert number is not None
            done = libc.syscall(
                ctypes.c_long(number), AT_FDCWD, a, AT_FDCWD, b, ctypes.c_uint(RENAME_EXCHANGE)
            )
        return 0 if done == 0 else ctypes.get_errno() or errno.EINVAL

    return call


exchange: Callable[[Path, Path], int] | None = _renameat2()
"""Exchanges two paths atomically (0 or an errno); None: use two renames. Tests set
it to None to force the fallback."""


def _remove(path: Path) -> None:
    """Remove a folder, a file or a link at ``path`` (never what a link points at)."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def swap_in(new: Path, target: Path) -> None:
    """Put the folder ``new`` at ``target`` (beside it, on the same file system) and
    remove what ``target`` held; ``target`` is never missing once it exists."""
    if not os.path.lexists(target):
        try:
            os.rename(new, target)  # the first build: nothing to keep in place
            return
        except OSError as exc:  # another build put one there meanwhile
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
    if exchange is not None:
        failed = exchange(new, target)
        if failed == 0:
            _remove(new)  # the old site, now under the staging name
            return
        if failed not in NO_EXCHANGE:
            raise OSError(failed, os.strerror(failed), str(target))
    old = _old_name(target, os.getpid())
    _remove(old)
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)
        raise
    _remove(old)


def _new_name(target: Path, pid: int) -> Path:
    return target.parent / f".{target.name}.new-{pid}"


def _old_name(target: Path, pid: int) -> Path:
    return target.parent / f".{target.name}.old-{pid}"


def _lock_name(target: Path, pid: int) -> Path:
    return target.parent / f".{target.name}.lock-{pid}"


def _take(path: Path, *, wait: bool) -> int | None:
    """An open descriptor of ``path`` holding its exclusive lock, or None when another
    process holds it (``wait``: block until it is free). The lock is on the file the
    name still names: a file removed meanwhile by its last holder is tried again. On a
    file system without locks, the owner goes on unlocked (``wait``) and a sweep sees
    every folder as in use."""
    import fcntl

    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            return None
        except OSError as exc:
            if wait and exc.errno in NO_LOCKS:
                return fd
            os.close(fd)
            if exc.errno in NO_LOCKS:
                return None
            raise
        except BaseException:
            os.close(fd)
            raise
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)
        if not wait:
            return None


NO_LOCKS = frozenset({errno.ENOLCK, errno.ENOSYS, errno.EOPNOTSUPP, errno.EINVAL})
"""Errors of ``flock`` on a file system that has no locks."""


class Owner:
    """This process's claim on its staging folders beside ``target``: the lock file is
    held from creation to ``release`` (the kernel releases it if the process dies)."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.pid = os.getpid()
        self.lock = _lock_name(target, self.pid)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = _take(self.lock, wait=True)
        assert fd is not None
        self._fd: int | None = fd

    @property
    def staging(self) -> Path:
        """Where this build writes the new folder."""
        return _new_name(self.target, self.pid)

    def release(self) -> None:
        """Remove this build's staging folders and lock file, then drop the lock."""
        if self._fd is None:
            return
        _remove(self.staging)
        _remove(_old_name(self.target, self.pid))
        self.lock.unlink(missing_ok=True)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> Owner:
        return self

    def __exit__(self, *_: object) -> None:
        self.release()


def sweep(target: Path) -> list[Path]:
    """Remove the staging folders beside ``target`` whose build is no longer running
    (its lock can be taken), putting the old folder back first where a build died
    between the two renames of a swap; returns what was removed."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(?:new|old|lock)-([0-9]+)")
    try:
        names = os.listdir(target.parent)
    except OSError:
        return []
    owners = sorted({int(m[1]) for n in names if (m := pattern.fullmatch(n))})
    removed: list[Path] = []
    for pid in owners:
        if pid == os.getpid():
            continue
        lock = _lock_name(target, pid)
        try:
            fd = _take(lock, wait=False)
        except OSError:  # a folder this process cannot write in: leave it
            continue
        if fd is None:
            continue  # its build is running
        try:
            old = _old_name(target, pid)
            if old.is_dir() and not os.path.lexists(target):
                os.rename(old, target)  # killed between the two renames
            for path in (_new_name(target, pid), old):
                if os.path.lexists(path):
                    _remove(path)
                    removed.append(path)
            lock.unlink(missing_ok=True)
        finally:
            os.close(fd)
    return removed


def _private_temporary() -> Path | None:
    """This user's own folder in the system's temporary folder (``oshub-<uid>``, mode
    0700, owned by this user, not a link), made when missing; None when it cannot be
    trusted (another user's, a link, open to others) or made."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    if uid is None:
        return None
    folder = Path(tempfile.gettempdir()) / f"oshub-{uid}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        held = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(held.st_mode) or held.st_uid != uid or held.st_mode & 0o077:
        return None
    return folder


@contextmanager
def scratch_folder(purpose: str) -> Iterator[Path]:
    """A new empty temporary folder for ``purpose`` (``release``, ``offline``,
    ``preview``), removed however this ends; one that a killed process left behind is
    removed by the next command that asks for a folder for the same purpose. Made in
    this user's own folder of the system's temporary folder (names there are
    predictable, so never in the shared one; where that folder cannot be trusted, an
    ordinary temporary folder, removed as well but not swept after a kill)."""
    private = _private_temporary()
    if private is None or purpose in _IN_USE:  # a second one at once: a plain folder
        with tempfile.TemporaryDirectory(prefix=f"oshub-{purpose}-") as plain:
            yield Path(plain)
        return
    target = private / purpose
    _IN_USE.add(purpose)
    try:
        with Owner(target) as owner:
            sweep(target)
            _remove(owner.staging)
            owner.staging.mkdir(mode=0o700)
            yield owner.staging
    finally:
        _IN_USE.discard(purpose)


def sweep_scratch(purpose: str) -> None:
    """Remove the scratch folders for ``purpose`` that killed commands left behind,
    without making one (a command that needs no folder this time still cleans up)."""
    private = _private_temporary()
    if private is not None and purpose not in _IN_USE:
        sweep(private / purpose)


_IN_USE: set[str] = set()
"""Purposes of the scratch folders this process holds now."""


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (removing temporary folders) and stop."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by signal {signum}")
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """What a shell reports for a command a signal stopped (128 + the signal)."""
        return 128 + self.signum


@contextmanager
def signals_unwind() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise ``Terminated`` in the main thread, so that
    ``finally`` blocks run (elsewhere than in the main thread: nothing changes)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise Terminated(signum)

    before = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
