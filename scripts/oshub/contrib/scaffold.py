"""Starter files for ``oshub new hub|mission SLUG``: valid from the first save."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from oshub.core.project import COLLECTIONS, Project, ProjectError
from oshub.model.entities import CONTENT_LICENCE
from oshub.validate.checks import SLUG

_HUB = """\
# yaml-language-server: $schema=../schemas/hub.schema.json
# A hub profile. Field by field documentation: schemas/hub.schema.json and the
# schema reference page of the site. Leave out what you do not know rather than guess.
name: {title}
country: "NL"  # ISO 3166-1 alpha-2, in quotes (unquoted NO would be read as false)
location:
  city: {title}
  lat: 52.08
  lon: 4.31
  precision: city  # exact | city | region: be honest about approximate pins
# sdgs: [4]  # the hub's focus goals, only when a source names them; else leave out
languages: [en]
status: forming
description: |
  What the hub is, who it works with and which local challenges its schools
  have named. Replace this text.
last_reviewed: {today}
"""

_MISSION = """\
# yaml-language-server: $schema=../schemas/mission.schema.json
# An Open Schooling Mission. Field by field documentation: schemas/mission.schema.json.
title: {title}
summary: One or two sentences on what the mission is about. Replace this text.
sdgs: [4]
hubs:
  - {hub}
challenges:
  - hub: {hub}
    title: A local challenge named by a school
    description: What the school and its community want to find out or change.
status: proposed
licence: {licence}
last_reviewed: {today}
"""


def _title(slug: str) -> str:
    return " ".join(part.capitalize() for part in slug.split("-"))


def new_file(project: Project, kind: str, slug: str, today: date | None = None) -> Path:
    """Write ``<folder>/<slug>.yaml`` for ``kind`` and return its path.

    Raises ProjectError for an invalid slug or an existing file (never overwrites).
    """
    if kind not in COLLECTIONS:
        raise ProjectError(f"unknown kind `{kind}`: use hub or mission")
    if not SLUG.fullmatch(slug):
        raise ProjectError(
            f"`{slug}` is not a valid slug: use lowercase a-z, 0-9 and single hyphens"
        )
    folder = project.root / COLLECTIONS[kind]
    path = folder / f"{slug}.yaml"
    if path.exists() or path.is_symlink():
        raise ProjectError(f"{project.rel(path)} already exists; not overwriting it")
    stamp = (today or date.today()).isoformat()
    if kind == "hub":
        text = _HUB.format(title=_title(slug), today=stamp)
    else:
        hubs = sorted(p.stem for p in (project.root / COLLECTIONS["hub"]).glob("*.yaml"))
        text = _MISSION.format(
            title=_title(slug),
            hub=hubs[0] if hubs else "the-hague",
            today=stamp,
            licence=CONTENT_LICENCE.spdx,
        )
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": fail rather than overwrite
        handle.write(text)
    return path
