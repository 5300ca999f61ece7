"""`oshub links`: exit codes and output of the real command (no internet needed: the
broken address is under a top-level domain that does not exist anywhere)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from support import make_project

_SCRIPT = Path(sys.executable).parent / "oshub"
OSHUB = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "oshub"]


def oshub(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*OSHUB, *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=os.environ
    )


def test_nothing_to_ask_is_fine(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / "hubs" / "h.yaml").write_text("links:\n  - url: https://hub.example.org/\n")
    result = oshub("links", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "no broken links (0 addresses checked)"


def test_a_broken_link_is_named_at_its_place_and_fails(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    page = root / "blueprint" / "guides" / "equity" / "index.md"
    page.parent.mkdir(parents=True)
    page.write_text("# Equity\n\nSee [this](https://no-such-host.oshub-no-such-tld/x).\n")
    result = oshub("links", "--timeout", "5", cwd=root)
    assert result.returncode == 1, result.stdout + result.stderr
    first = result.stdout.splitlines()[0]
    url = "https://no-such-host.oshub-no-such-tld/x"
    assert first.startswith(f"blueprint/guides/equity/index.md:3:12: broken link: {url} (")
    data = json.loads(oshub("links", "--format", "json", cwd=root).stdout)
    assert [(d["path"], d["line"], d["broken"]) for d in data] == [
        ("blueprint/guides/equity/index.md", 3, True)
    ]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    assert oshub("links", "--timeout", "0", cwd=root).returncode == 2
    assert oshub("links", "--format", "xml", cwd=root).returncode == 2
    assert oshub("links", cwd=tmp_path).returncode == 2  # not a project
