"""`oshub review`: what has not been reviewed for over 12 months, oldest first."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from oshub.model.review_dates import anniversary, due_since, is_due
from support import REPO, copy_repository, make_project

_SCRIPT = Path(sys.executable).parent / "oshub"
OSHUB = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "oshub"]


def oshub(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*OSHUB, *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=os.environ
    )


def set_reviewed(path: Path, day: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"^last_reviewed: .*$", f"last_reviewed: {day}", text, count=1, flags=re.M),
        encoding="utf-8",
    )


def test_twelve_months_to_the_day() -> None:
    assert due_since("2025-03-01") == date(2026, 3, 2)
    assert not is_due("2025-03-01", date(2026, 3, 1))  # exactly 12 months: not yet
    assert is_due("2025-03-01", date(2026, 3, 2))
    assert anniversary(date(2024, 2, 29)) == date(2025, 3, 1)
    assert is_due(None, date(2026, 1, 1))  # never reviewed


def test_lists_what_is_overdue_oldest_first(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    set_reviewed(root / "hubs" / "lemnos.yaml", "2024-05-10")
    set_reviewed(root / "missions" / "air-we-breathe.yaml", "2023-01-31")
    set_reviewed(root / "blueprint" / "guides" / "equity" / "index.md", "2025-06-01")
    result = oshub("review", "--format", "json", "--today", "2026-06-02", cwd=root)
    assert result.returncode == 0, result.stderr
    due = [d for d in json.loads(result.stdout) if d["last_reviewed"]]
    assert [(d["path"], d["kind"], d["last_reviewed"]) for d in due] == [
        ("missions/air-we-breathe.yaml", "mission", "2023-01-31"),
        ("hubs/lemnos.yaml", "hub", "2024-05-10"),
        ("blueprint/guides/equity/index.md", "guide", "2025-06-01"),
    ]
    assert due[1]["due_since"] == "2025-05-11"
    assert due[1]["days_overdue"] == (date(2026, 6, 2) - date(2025, 5, 11)).days + 1
    assert due[2]["days_overdue"] == 1
    assert due[2]["title"] == "Diversity and equity"
    assert set(json.loads(result.stdout)[0]) == {
        "path",
        "kind",
        "title",
        "last_reviewed",
        "due_since",
        "days_overdue",
    }
    text = oshub("review", "--today", "2026-06-02", cwd=root)
    assert text.returncode == 0
    lines = text.stdout.splitlines()
    mission = next(line for line in lines if line.startswith("missions/air-we-breathe.yaml:"))
    assert "last reviewed 2023-01-31" in mission and "due since 2024-02-01" in mission
    assert lines[-1].startswith(
        f"{len(json.loads(result.stdout))} files due for review on 2026-06-02"
    )


def test_nothing_due_says_so_and_exits_zero(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    for path in [*(root / "hubs").glob("*.yaml"), *(root / "missions").glob("*.yaml")]:
        set_reviewed(path, "2026-01-10")
    for path in (root / "blueprint" / "guides").rglob("*.md"):
        if "last_reviewed:" in path.read_text(encoding="utf-8"):
            set_reviewed(path, "2026-01-10")
        else:
            path.unlink()  # a page without a date is due (never reviewed)
    result = oshub("review", "--today", "2027-01-10", "--format", "json", cwd=root)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    text = oshub("review", "--today", "2027-01-10", cwd=root)
    assert text.stdout == (
        "nothing due for review on 2027-01-10: all reviewed in the last 12 months\n"
    )
    later = oshub("review", "--today", "2027-01-11", "--format", "json", cwd=root)
    assert len(json.loads(later.stdout)) > 8  # a day later, everything is due


def test_a_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    result = oshub("review", "--today", "2026-02-30", cwd=REPO)
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr


def test_review_and_links_need_none_of_the_site_tools(tmp_path: Path) -> None:
    """Both run where only the validator is installed (a hub's own repository, CI)."""
    code = (
        "import sys\n"
        "for name in ('mkdocs', 'material', 'jinja2', 'markdown', 'odf', 'nh3', 'babel'):\n"
        "    sys.modules[name] = None  # import fails as if it were not installed\n"
        "from oshub.cli.main import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    real = copy_repository(tmp_path / "real")
    empty = make_project(tmp_path / "empty")  # no external link: nothing asked offline
    for args, root in ((["review", "--today", "2026-12-03"], real), (["links"], empty)):
        result = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=root
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_every_guide_page_of_the_repository_has_been_reviewed() -> None:
    """The weekly issue lists pages that were never reviewed: none of the repository's
    pages starts out on it (the site shows "review due" on none of them either)."""
    result = oshub("review", "--today", "2026-12-03", "--format", "json", cwd=REPO)
    assert result.returncode == 0, result.stderr
    never = [d["path"] for d in json.loads(result.stdout) if d["last_reviewed"] is None]
    assert never == []
