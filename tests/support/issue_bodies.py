"""Issue bodies as GitHub writes them from a submitted issue form (tests only).

Each field becomes ``### <label>``, an empty line and the answer; an empty answer is
``_No response_``; a multiple-choice dropdown joins its choices with ``, ``; a ticked
checkbox is ``- [X] <label>``. Line ends are ``\\r\\n``, as the GitHub API returns them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from support import REPO

FORMS = REPO / ".github" / "ISSUE_TEMPLATE"


def form_file(name: str, root: Path = REPO) -> dict[str, Any]:
    """The checked-in issue form ``name`` (``add-hub``) as data."""
    data = yaml.safe_load((root / ".github" / "ISSUE_TEMPLATE" / f"{name}.yml").read_text())
    assert isinstance(data, dict)
    return data


def render_body(form: dict[str, Any], answers: dict[str, Any]) -> str:
    """The body GitHub writes for ``answers`` (field id -> text, list of choices, or
    True for a ticked checkbox) given to ``form``."""
    parts = []
    for element in form["body"]:
        if element["type"] == "markdown":
            continue
        answer = answers.get(element["id"])
        attributes = element["attributes"]
        if element["type"] == "checkboxes":
            value = "\n".join(
                f"- [{'X' if answer else ' '}] {option['label']}"
                for option in attributes["options"]
            )
        elif element["type"] == "dropdown" and answer is not None:
            chosen = answer if isinstance(answer, list) else [answer]
            assert all(c in attributes["options"] for c in chosen), chosen
            value = ", ".join(chosen)
        else:
            value = answer if answer else "_No response_"
        parts.append(f"### {attributes['label']}\n\n{value}")
    return "\n\n".join(parts).replace("\n", "\r\n")


ADD_HUB: dict[str, Any] = {
    "name": "Open Science Hub Tartu",
    "country": "EE",
    "city": "Tartu",
    "lat": "58.38",
    "lon": "26.72",
    "precision": "city",
    "sdgs": ["SDG 4: Quality Education"],
    "description": "A hub.",
    "sources": "https://www.example.org/",
    "consent": True,
}
"""A good answer to every question of the add-hub form (a hub of a town no file names)."""
