"""A plan's switches: the plugin's options in mkdocs.yml, then what the command sets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from oshub.plan.options import PlanOptions, options_from, prune_nav

OWN: dict[str, Any] = {
    "enabled": True,
    "validation": True,
    "strict": False,
    "pages": True,
    "exports": True,
    "pdf": True,
    "pdf_jobs": 0,
    "offline": False,
    "offline_zip": "",
}


def test_the_plugins_options_are_the_plans(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MIKE_DOCS_VERSION", raising=False)
    own = {**OWN, "exports": False, "offline_zip": "offline/copy.zip", "pdf_jobs": 2}
    options = options_from(own, strict=False)
    assert options == PlanOptions(
        exports=False, pdf_jobs=2, offline_zip=Path("offline/copy.zip"), version=None
    )
    assert options.partial  # a switch is off: links to its outputs become text


def test_the_command_sets_what_it_knows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIKE_DOCS_VERSION", "0.9")  # as mike sets it
    assert options_from(OWN, strict=False).version == "0.9"
    release = options_from(OWN, strict=False, version="1.0", offline_zip=Path("/z.zip"))
    assert (release.version, release.offline_zip) == ("1.0", Path("/z.zip"))
    assert options_from(OWN, strict=True).strict  # MkDocs' own strict counts too


def test_the_preview_prints_only_when_asked_and_never_against_the_option() -> None:
    assert not options_from(OWN, strict=False, serving=True).printing
    assert options_from(OWN, strict=False, serving=True, printing=True).printing
    no_pdf = {**OWN, "pdf": False}
    assert not options_from(no_pdf, strict=False, serving=True, printing=True).printing


def test_without_the_plugin_or_switched_off_the_plan_is_empty() -> None:
    for own in (None, {**OWN, "enabled": False}):
        options = options_from(own, strict=False, printing=True, serving=True)
        assert not options.enabled and options.partial and options.serving


def test_the_navigation_loses_only_missing_pages() -> None:
    nav = [
        {"Home": "index.md"},
        {"Hubs": [{"All": "hubs/index.md"}, {"Map": "hubs/map.md"}]},
        {"Data": ["data/index.md"]},
        "guides/index.md",
        {"Elsewhere": "https://example.org/"},
    ]
    missing = {"hubs/index.md", "hubs/map.md", "guides/index.md"}.__contains__
    assert prune_nav(nav, missing) == [
        {"Home": "index.md"},
        {"Data": ["data/index.md"]},
        {"Elsewhere": "https://example.org/"},
    ]
    assert prune_nav("not a list", missing) == "not a list"
