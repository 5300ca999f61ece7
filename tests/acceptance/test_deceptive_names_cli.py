"""Acceptance: the real `oshub validate` on names that deceive, in the repository's content."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

_SCRIPT = Path(sys.executable).parent / "oshub"
OSHUB = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "oshub"]


def oshub(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*OSHUB, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_validate_reports_look_alikes_bidi_controls_and_a_newline_in_a_file_name(
    real_project: Path,
) -> None:
    lemnos = (real_project / "hubs/lemnos.yaml").read_text(encoding="utf-8")
    omicron = lemnos.replace("name: Open Science Hub Lemnos", "name: \u039fpen Science Hub Lemnos")
    (real_project / "hubs/lemnos-too.yaml").write_text(omicron, encoding="utf-8")
    reversed_name = lemnos.replace(
        "name: Open Science Hub Lemnos", "name: Open Science Hub \u202esonmeL"
    )
    (real_project / "hubs/lemnos-reversed.yaml").write_text(reversed_name, encoding="utf-8")
    (real_project / "hubs/x\n.yaml").write_text(
        lemnos.replace("Hub Lemnos", "Hub X"), encoding="utf-8"
    )

    result = oshub("validate", "--format", "json", cwd=real_project)

    assert result.returncode == 1, result.stdout + result.stderr
    found = {(p["path"], p["line"], p["col"], p["severity"]) for p in json.loads(result.stdout)}
    by_message = {p["path"]: p["message"] for p in json.loads(result.stdout)}
    assert ("hubs/lemnos-too.yaml", 2, 7, "warning") in found
    assert "hubs/lemnos.yaml:2:7" in by_message["hubs/lemnos-too.yaml"]
    assert ("hubs/lemnos-reversed.yaml", 2, 24, "error") in found
    assert "U+202E" in by_message["hubs/lemnos-reversed.yaml"]
    assert any(path == "hubs/x\n.yaml" and sev == "error" for path, _, _, sev in found)
    assert {path for path, *_ in found} == {
        "hubs/lemnos-too.yaml",
        "hubs/lemnos-reversed.yaml",
        "hubs/x\n.yaml",
    }, "the repository's own names (Greek, Czech, Portuguese, French...) raise nothing"

    text = oshub("validate", cwd=real_project)
    assert "hubs/x\\n.yaml:1:1: error:" in text.stdout  # one line per problem, escaped
    assert "\u202e" not in text.stdout
