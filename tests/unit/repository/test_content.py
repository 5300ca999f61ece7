"""The repository's real content: the network's eight hubs, its missions and its board."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import yaml

from oshub.core.project import load_project
from oshub.validate.run import validate_project
from support import REPO

EXPECTED_HUBS = {
    "the-hague": "NL",
    "figueira-de-castelo-rodrigo": "PT",
    "dublin": "IE",
    "geneva": "CH",
    "grenoble": "FR",
    "linz": "AT",
    "czech-republic": "CZ",
    "lemnos": "GR",
}


def load(folder: str) -> dict[str, Any]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((REPO / folder).glob("*.yaml"))
    }


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def test_repository_content_has_no_problem() -> None:
    result = validate_project(load_project(REPO), today=date.today())
    assert [f"{p.path}:{p.line}: {p.message}" for p in result.problems] == []
    assert result.files_checked >= 12


def test_the_eight_real_hubs_with_their_countries() -> None:
    hubs = load("hubs")
    assert {slug: hub["country"] for slug, hub in hubs.items()} == EXPECTED_HUBS


def test_hubs_are_honest_about_approximate_pins() -> None:
    hubs = load("hubs")
    assert hubs["czech-republic"]["location"]["precision"] == "region"
    assert hubs["lemnos"]["sdgs"] == [12, 13, 14, 15]
    for slug, hub in hubs.items():
        assert hub["location"]["precision"] in ("city", "region"), slug


def test_missions_combine_challenges_from_several_hubs() -> None:
    missions = load("missions")
    assert len(missions) >= 3
    hubs = set(load("hubs"))
    for slug, mission in missions.items():
        challenge_hubs = {c["hub"] for c in mission["challenges"]}
        assert len(challenge_hubs) >= 2, slug
        assert challenge_hubs <= hubs
        assert mission["status"] == "proposed", f"{slug}: no source describes it"


def test_board_names_the_member_from_the_founding_text() -> None:
    board = yaml.safe_load((REPO / "data" / "board.yaml").read_text(encoding="utf-8"))
    sectors = {s["id"] for s in board["sectors"]}
    assert {"education", "industry", "academia", "government"} <= sectors
    names = [m["organisation"] for m in board["members"]]
    assert "TRACES" in names


@pytest.mark.parametrize("folder", ["hubs", "missions"])
def test_no_invented_contact_details(folder: str) -> None:
    for slug, item in load(folder).items():
        assert "contact" not in item, f"{slug}: no public contact is known"
        for text in strings(item):
            assert "@" not in text, f"{slug}: an e-mail address nobody gave us"
