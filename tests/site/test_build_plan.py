"""The build plan: made once, outside MkDocs, and rendered as often as asked.

Languages will render one plan once per language; these tests show that a plan
renders twice into the same site without validating or generating again, and that a
command loads and validates its content once.
"""

from __future__ import annotations

import filecmp
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

import oshub.mkdocs.plugin as plugin
import oshub.plan.making as making
import oshub.validate.run as run
from oshub.core.project import load_project
from oshub.mkdocs.setup import plan_for
from oshub.model.content import ContentCache
from oshub.plan.handoff import handing
from oshub.publish.build import build_and_swap
from support import configure_plugin, copy_repository


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repository(tmp_path_factory.mktemp("plan") / "p")
    configure_plugin(root, "      pdf: false\n")  # printing is tested elsewhere
    return root


def _counted(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(owner, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls


def _different(left: Path, right: Path) -> list[str]:
    """Files that differ between two folders, or that one of them lacks."""
    compared = filecmp.dircmp(left, right)
    found = [*compared.left_only, *compared.right_only, *compared.diff_files]
    for name in compared.subdirs:
        found += [f"{name}/{f}" for f in _different(left / name, right / name)]
    return found


def test_one_plan_renders_twice_without_validating_or_generating_again(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "one"))
    plan = plan_for(first, cache=ContentCache())
    assert plan.validation is not None and not plan.validation.errors

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a pass over a plan validated or generated again")

    monkeypatch.setattr(run, "validate_project", refused)
    monkeypatch.setattr(making, "generate", refused)
    monkeypatch.setattr(making, "load_site", refused)
    with handing(plan):
        mkdocs_build(first)
    second = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "two"))
    with handing(plan):
        mkdocs_build(second)
    assert len(plan.passes) == 2
    assert [p.build_problems for p in plan.passes] == [[], []]
    assert _different(tmp_path / "one", tmp_path / "two") == []
    hub = (tmp_path / "two" / "hubs" / "lemnos" / "index.html").read_text(encoding="utf-8")
    assert "Lemnos" in hub and "Content-Security-Policy" in hub


def test_a_build_loads_and_validates_its_content_once(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    validations = _counted(monkeypatch, run, "validate_project")
    generations = _counted(monkeypatch, making, "generate")
    outcome = build_and_swap(load_project(config_file=project / "mkdocs.yml"), tmp_path / "site")
    assert outcome.ok, (outcome.error, outcome.site_problems)
    assert (len(validations), len(generations)) == (1, 1)


def test_a_plan_handed_over_wins_over_the_plugins_own(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan's switches are the command's: the plugin does not make a plan of its own
    from mkdocs.yml when one is handed over."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    plan = plan_for(config, cache=ContentCache(), exports=False)
    made = _counted(monkeypatch, plugin, "plan_for")
    with handing(plan):
        mkdocs_build(config)
    assert made == []
    assert not (tmp_path / "out" / "data" / "hubs.json").exists()
    assert (tmp_path / "out" / "hubs" / "lemnos" / "index.html").is_file()
