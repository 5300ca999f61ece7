"""CONTRIBUTING.md and the contributor page on the site say the same things."""

from __future__ import annotations

import re

from support import REPO

CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
PAGE = (REPO / "blueprint" / "contributing" / "index.md").read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The text under a `## heading`, up to the next `## `."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no section `## {heading}`"
    return match.group(1)


def test_both_cover_every_topic_a_contributor_needs() -> None:
    topics = (
        "## Add a hub without git",
        "## Add or correct a hub with git",
        "## How a change is reviewed",
        "## How releases work",
        "## Writing guides: style",
        "## If you are named in the data",
        "**Add a hub**",
        "oshub new hub",
        "yaml-language-server",
        "oshub validate",
        "oshub review",
        "last_reviewed",
        "Review due",
        "CHANGELOG.md",
        "Edit this page",
        "edit_base",
    )
    for topic in topics:
        assert topic in CONTRIBUTING, f"CONTRIBUTING.md does not mention {topic}"
        assert topic in PAGE, f"blueprint/contributing/index.md does not mention {topic}"
    assert "oshub release VERSION --alias latest" in CONTRIBUTING
    assert "oshub release VERSION --alias latest" in PAGE


def test_the_style_rules_are_the_same() -> None:
    rule = re.compile(r"^- \*\*([^*]+)\*\*", re.M)
    page_rules = rule.findall(section(PAGE, "Writing guides: style"))
    assert len(page_rules) >= 8
    assert rule.findall(section(CONTRIBUTING, "Writing guides: style")) == page_rules


def test_a_named_person_can_write_privately_to_the_network() -> None:
    assert "<!-- oshub:contact -->" in section(PAGE, "If you are named in the data")
    assert "contact:" in section(CONTRIBUTING, "If you are named in the data")


def test_the_forms_named_are_the_forms_there_are() -> None:
    """Every issue form of `.github/ISSUE_TEMPLATE/` is named where the two texts send a
    contributor without git, by the name GitHub shows."""
    forms = sorted((REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
    names = [re.search(r"^name: (.+)$", f.read_text("utf-8"), re.M) for f in forms]
    assert len(names) == 4 and all(names)
    for text in (CONTRIBUTING, PAGE):
        flat = " ".join(section(text, "Add a hub without git").split())
        for name in names:
            assert name is not None
            assert f"**{name.group(1)}**" in flat, name.group(1)
