"""Symbolic links in the content folders that lead to secrets: reported by ``oshub validate``
at their paths, and never read by the build (whatever the plugin's switches), the offline
copy, a release or the printer. The targets are the ones an attacker would pick: a file
outside the project, the process's environment, ``/etc/passwd``, the checkout's
``.git/config``, a folder outside the project and the ``.git`` folder itself.

Every command here stops before anything is built (a link is refused before a file is
read), so none of them costs a full build; the build of ``test_hostile_build`` shows
that a link that stays inside the content folders is published as the file it names.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from support import copy_repository
from support.releasing import commit_all, git, oshub, scratch_project

SECRET = "oshub-link-secret-81d4e07a"
"""In a file outside the project, in ``.git/config``, and in the builds' environment."""
ENVIRONMENT_SECRET = "oshub-environ-secret-2c6b19f0"
PASSWD = "root:x:0:0"
OUTSIDE = "symbolic link leads outside the content folders"

LINKS = {
    "blueprint/notes.txt": "{outside}/secret.txt",
    "blueprint/environ.txt": "/proc/self/environ",
    "blueprint/passwd.txt": "/etc/passwd",
    "blueprint/guides/facilitation/config.md": "../../../.git/config",
    "blueprint/elsewhere": "{outside}",
    "blueprint/repository": "../.git",
    "overrides/secret.txt": "{outside}/secret.txt",
    "overrides/partials/comments.html": "{outside}/secret.txt",
    "schemas/extra.schema.json": "{outside}/secret.json",
    "hubs/leak.yaml": "{outside}/secret.txt",
    "blueprint/ignored.txt": "local.secret",
}
"""Link -> target (``{outside}``: a folder outside the project)."""
IGNORED = "symbolic link leads to a path git ignores (not part of the project's content)"


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed copy of the project (a git work tree: ``local.secret`` is ignored)
    whose content folders hold links to secrets."""
    base = tmp_path_factory.mktemp("links")
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"TOKEN={SECRET}\n", encoding="utf-8")
    (outside / "secret.json").write_text(json.dumps({"token": SECRET}), encoding="utf-8")
    root = scratch_project(base / "p")
    with (root / ".gitignore").open("a", encoding="utf-8") as handle:
        handle.write("*.secret\n")
    (root / "blueprint/local.secret").write_text(SECRET, encoding="utf-8")
    for link, target in LINKS.items():
        path = root / link
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target.format(outside=outside))
    _config(root, "validation-off.yml", "      validation: false\n")
    _config(root, "disabled.yml", "      enabled: false\n")
    commit_all(root, "content with links")
    (root / ".git/config").write_text(
        (root / ".git/config").read_text(encoding="utf-8") + f"[oshub]\n\ttoken = {SECRET}\n",
        encoding="utf-8",
    )
    return root


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A command in the project, with a secret in its environment."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OSHUB_TEST_TOKEN": ENVIRONMENT_SECRET}
    return subprocess.run(
        list(args), cwd=root, capture_output=True, text=True, env=env, timeout=300, check=False
    )


def _leaks(*places: Path) -> list[str]:
    """Files under ``places`` (links not followed; zips opened) holding a secret."""
    secrets = (SECRET.encode(), ENVIRONMENT_SECRET.encode(), PASSWD.encode())
    found = []
    for place in places:
        files = [place] if place.is_file() else [p for p in place.rglob("*") if p.is_file()]
        for path in files:
            if path.is_symlink():
                found.append(f"{path} (a link)")
                continue
            data = path.read_bytes()
            if zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as archive:
                    data = b"".join(archive.read(name) for name in archive.namelist())
            if any(secret in data for secret in secrets):
                found.append(str(path))
    return found


def _config(root: Path, name: str, options: str) -> str:
    """A copy of mkdocs.yml named ``name`` with the plugin's ``options``."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / name).write_text(text.replace("  - oshub:\n", f"  - oshub:\n{options}"), "utf-8")
    return name


def test_validate_reports_each_link_at_its_path(linked: Path) -> None:
    result = oshub(linked, "validate", "--format", "json")
    assert result.returncode == 1, result.stderr
    found = {p["path"]: p["message"] for p in json.loads(result.stdout)}
    expected = {link: OUTSIDE for link in LINKS} | {"blueprint/ignored.txt": IGNORED}
    assert {path: message[: len(expected[path])] for path, message in found.items()} == expected
    assert all("copy the file" in p["hint"] for p in json.loads(result.stdout))
    assert SECRET not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["oshub", "build"],
        ["mkdocs", "build", "-d", "out-validation-off", "-f", "validation-off.yml"],
        ["mkdocs", "build", "-d", "out-disabled", "-f", "disabled.yml"],
        ["oshub", "offline", "--out", "offline/copy.zip"],
        ["oshub", "release", "VERSION"],
    ],
    ids=["oshub-build", "mkdocs-validation-off", "mkdocs-plugin-disabled", "offline", "release"],
)
def test_no_build_reads_through_a_refused_link(linked: Path, command: list[str]) -> None:
    if command[1] == "release":
        command = [*command[:2], _version(linked)]
    result = _run(linked, str(Path(sys.executable).parent / command[0]), *command[1:])
    said = result.stdout + result.stderr
    assert result.returncode == 1, said
    assert "Traceback" not in said
    assert "symbolic link" in said and "blueprint/elsewhere" in said
    assert SECRET not in said and ENVIRONMENT_SECRET not in said and PASSWD not in said
    outputs = [linked / name for name in ("site", "out-validation-off", "out-disabled")]
    outputs.append(linked / "offline")
    assert _leaks(*[p for p in outputs if p.exists()]) == []
    assert not (linked / "offline/copy.zip").exists()
    if command[1] == "release":
        assert "gh-pages" not in git(linked, "branch", "--list")


def _version(root: Path) -> str:
    for line in (root / "data/site.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("version:"):
            return line.partition(":")[2].strip().strip("\"'")
    raise AssertionError("no version")


def test_the_plugin_drops_what_mkdocs_walks_through_a_refused_link(linked: Path) -> None:
    """MkDocs' own walk of the docs follows folder links: whatever it finds through a
    refused one leaves the build's files, and the build fails naming it."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from oshub.outputs.safety.pageguard import TrustedScripts
    from oshub.plan.handoff import handing
    from oshub.plan.options import PlanOptions, ThemeSetting
    from oshub.plan.plan import BuildPlan

    config = load_config(str(linked / "mkdocs.yml"), site_dir=str(linked / "unused"))
    # the plugin switched off still refuses what comes through a link (content is
    # not read: the plan is empty), as MkDocs' own hooks run it
    plan = BuildPlan(PlanOptions(enabled=False), ThemeSetting(()), TrustedScripts(()))
    with handing(plan):
        config.plugins.on_config(config)
    files = get_files(config)
    files.add_files_from_theme(config.theme.get_env(), config)  # as MkDocs' build does
    walked = {f.src_uri for f in files}
    assert {"elsewhere/secret.txt", "repository/config", "notes.txt", "secret.txt"} <= walked
    kept = config.plugins.on_files(files, config=config)  # as MkDocs runs the plugins' hook
    assert kept is not None
    left = {f.src_uri for f in kept}
    assert not {"elsewhere/secret.txt", "repository/config", "notes.txt"} & left
    assert "index.md" in left and "assets/stylesheets/oshub.css" in left
    problems = {p.path: p.message for p in plan.last.build_problems}
    assert problems["blueprint/elsewhere/secret.txt"].startswith(
        "read through the symbolic link `blueprint/elsewhere`, which leads outside"
    )
    assert problems["blueprint/notes.txt"].startswith(OUTSIDE)
    assert "overrides/secret.txt" in problems  # the theme's overrides are copied too


def test_the_printer_never_reads_an_image_through_a_refused_link(tmp_path: Path) -> None:
    from oshub.core.project import load_project
    from oshub.model.content import load_site
    from oshub.outputs.pdf.books import PdfError, image_sources

    root = copy_repository(tmp_path / "p")
    site = load_site(load_project(root))[1]
    guide = next(g for g in site.guides if g.path == "guides/equity/barriers.md")
    (tmp_path / "secret.png").write_text(SECRET, encoding="utf-8")
    (root / "blueprint/guides/equity/room.png").symlink_to(tmp_path / "secret.png")
    tag = '<p><img alt="A room plan" src="room.png"></p>'
    with pytest.raises(PdfError) as raised:
        image_sources(tag, guide, root / "blueprint")
    assert str(raised.value) == (
        "blueprint/guides/equity/barriers.md: image `room.png`: symbolic link leads outside "
        "the content folders (blueprint/, hubs/, missions/, data/, schemas/, overrides/)"
    )
    printed = image_sources(tag, guide, root / "blueprint", strict=False)
    assert printed == '<p><span class="missing-image">A room plan</span></p>'


def test_a_loop_or_an_ignored_file_behind_a_folder_link_stops_the_build_before_the_walk(
    tmp_path: Path,
) -> None:
    """A folder link to an allowed folder vouches for nothing inside it, and one to a
    folder that holds it would make MkDocs walk the docs again inside themselves:
    validation and the plugin (validation off) refuse both, at the same paths, before
    MkDocs walks the docs (no broken-link errors from a second walk)."""
    root = scratch_project(tmp_path / "p")
    with (root / ".gitignore").open("a", encoding="utf-8") as handle:
        handle.write("data/sub/secret-notes.txt\n")
    (root / "data/sub").mkdir()
    (root / "data/sub/secret-notes.txt").write_text(SECRET, encoding="utf-8")
    (root / "blueprint/about/d").symlink_to("../../data/sub", target_is_directory=True)
    (root / "blueprint/about/loop").symlink_to("..", target_is_directory=True)
    off = _config(root, "validation-off.yml", "      validation: false\n")
    commit_all(root, "content with folder links")
    expected = {
        "blueprint/about/d/secret-notes.txt": "read through the symbolic link "
        "`blueprint/about/d`, which leads to a path git ignores",
        "blueprint/about/loop": "symbolic link goes round in a loop",
    }
    result = oshub(root, "validate", "--format", "json")
    assert result.returncode == 1, result.stderr
    found = {p["path"]: p["message"] for p in json.loads(result.stdout)}
    assert {path: message[: len(expected[path])] for path, message in found.items()} == expected
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    result = _run(root, mkdocs, "build", "-f", off, "-d", "out")
    said = result.stdout + result.stderr
    assert result.returncode == 1, said
    assert all(f"{path}:1:1: error: {message}" in said for path, message in expected.items())
    assert "2 symbolic link(s), or path(s) through one" in said
    assert "about/loop/about" not in said and SECRET not in said
    assert not (root / "out").exists()
