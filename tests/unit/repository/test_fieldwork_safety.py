"""Guide pages whose worked examples send students out on fieldwork warn about it and
point to the fieldwork safety page."""

from __future__ import annotations

import re

import pytest

from support import REPO

GUIDES = REPO / "blueprint" / "guides"

# Pages whose worked examples take students to beaches, streams, springs, streets or
# hot schoolyards.
FIELDWORK_EXAMPLES = (
    "facilitation/challenge-to-project.md",
    "best-practices/approach.md",
    "best-practices/research-methods.md",
)


def warnings(markdown: str) -> list[str]:
    """The text of each `!!! warning` admonition (its title line and indented body)."""
    return re.findall(r"^!!! warning[^\n]*\n((?:(?: {4}[^\n]*)?\n)+)", markdown, re.MULTILINE)


@pytest.mark.parametrize("page", FIELDWORK_EXAMPLES)
def test_fieldwork_examples_carry_a_warning_linking_fieldwork_safety(page: str) -> None:
    text = (GUIDES / page).read_text(encoding="utf-8")
    assert any("physical-setup/fieldwork-safety.md" in w for w in warnings(text)), page


def test_warnings_are_found_where_they_are() -> None:
    sample = '!!! warning "Take care"\n    Read [this](../x.md).\n\nAfter.\n'
    assert warnings(sample) == ["    Read [this](../x.md).\n\n"]
    assert warnings("No warning here.\n") == []
