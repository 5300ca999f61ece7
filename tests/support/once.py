"""Something made once for a whole test run, even when pytest-xdist runs it in workers.

A session fixture is made once per process: with ``pytest -n 2`` each worker would
build the repository's site again. ``made_once`` builds it in the folder all workers
share (the parent of their temporary folders), under a lock: the first worker builds,
the others wait and read what it built. Run without xdist, it is a plain session
fixture's folder.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

_DONE = ".made"
"""Written beside what was made once it is complete."""


def made_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Path]) -> Path:
    """What ``make(folder)`` returns, made once for the run in a new ``folder`` called
    ``name`` (``make`` must give the same path for the same folder)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make(factory.mktemp(name, numbered=False))
    shared = factory.getbasetemp().parent  # the same for every worker of one run
    folder = shared / name
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (shared / f"{name}{_DONE}").is_file():
            if folder.exists():  # a worker failed half way: start afresh
                shutil.rmtree(folder)
            folder.mkdir()
            made = make(folder)
            (shared / f"{name}{_DONE}").write_text(str(made), encoding="utf-8")
        return Path((shared / f"{name}{_DONE}").read_text(encoding="utf-8"))
