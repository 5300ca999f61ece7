"""`oshub release` and `oshub versions`: two versions released into a scratch git
repository, and what the published branch then serves.

The newer version (0.2) is released first and an older line's fix (0.1) after it:
the root must still serve the newest version by version order, not the last deployed.
Each version is built once (PDFs off); the refusals are checked before any build.
"""

from __future__ import annotations

import io
import json
import os
import posixpath
import re
import subprocess
import zipfile
from dataclasses import dataclass, field
from importlib.metadata import version as installed_version
from pathlib import Path

import pytest

from oshub.core.project import load_project
from oshub.publish.release import release
from support import REPO, synthetic_hub
from support.releasing import (
    GIT_ENV,
    commit_all,
    git,
    oshub,
    oshub_killed_after_mike,
    scratch_project,
    set_version,
)

SITE = "https://oshub.network/"


@dataclass
class Half:
    """A release killed right after mike's commit, and what it left."""

    killed: subprocess.CompletedProcess[str]
    files: set[str]
    """The files of gh-pages then."""
    scratch: list[str]
    """What was in the temporary folder then."""
    left_after: list[str] = field(default_factory=list)
    """What was there once the same command had run again."""


@dataclass
class Released:
    root: Path
    refusals: dict[str, subprocess.CompletedProcess[str]]
    first: subprocess.CompletedProcess[str]
    hooked: list[str]
    nothing: subprocess.CompletedProcess[str]
    """`oshub versions` before the project was a git repository."""
    offline_size: int
    """Bytes of the offline copy the release of 0.1 built."""
    half: Half
    """The first release, killed right after mike's commit."""

    def show(self, path: str) -> str:
        return git(self.root, "show", f"gh-pages:{path}")

    def files(self) -> set[str]:
        return set(git(self.root, "ls-tree", "-r", "--name-only", "gh-pages").splitlines())


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Released:
    base = tmp_path_factory.mktemp("release")
    root = scratch_project(base / "project")
    for name in ("CITATION.cff", "CHANGELOG.md"):  # both name version 0.1
        (root / name).write_bytes((REPO / name).read_bytes())
    refusals = {"not a repository": oshub(root, "release", "0.1")}
    nothing = oshub(root, "versions")
    set_version(root, "0.2")
    (root / "hubs/only-new.yaml").write_text(synthetic_hub(1), encoding="utf-8")
    commit_all(root, "Blueprint 0.2")
    refusals["version mismatch"] = oshub(root, "release", "0.3")
    refusals["not a version number"] = oshub(root, "release", "hello world")
    site_yaml = root / "data/site.yaml"
    written = site_yaml.read_text(encoding="utf-8")
    site_yaml.write_text(re.sub(r"(?m)^version: .*\n", "", written), encoding="utf-8")
    commit_all(root, "no version")
    refusals["no version"] = oshub(root, "release", "hello world")
    refusals["no version, a version number"] = oshub(root, "release", "0.2")
    site_yaml.write_text(written, encoding="utf-8")
    commit_all(root, "the version back")
    refusals["no remote to push to"] = oshub(root, "release", "0.2", "--push")
    git(base, "init", "-q", "--bare", "published.git")
    git(root, "remote", "add", "origin", str(base / "published.git"))

    # killed right after mike's commit, then the same command again finishes it
    temporary = {"TMPDIR": str(base / "tmp")}
    (base / "tmp").mkdir()
    command = ("release", "0.2", "--alias", "latest", "--push", "--no-offline")
    killed = oshub_killed_after_mike(root, *command, env=temporary)
    half = Half(
        killed,
        set(git(root, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()),
        [p.name for p in (base / "tmp").glob("oshub-*/*")],
    )
    # what a release killed earlier (while building) leaves: the finishing run sweeps it
    private = base / "tmp" / f"oshub-{os.getuid()}"
    private.mkdir(mode=0o700, exist_ok=True)
    (private / ".release.new-999999").mkdir()
    (private / ".release.lock-999999").write_text("", encoding="utf-8")
    first = oshub(root, *command, env=temporary)
    assert first.returncode == 0, first.stdout + first.stderr
    half.left_after = [p.name for p in (base / "tmp").glob("oshub-*/*")]

    refusals["existing version"] = oshub(root, "release", "0.2")
    (root / "notes.txt").write_text("not committed\n", encoding="utf-8")
    refusals["dirty tree"] = oshub(root, "release", "0.2", "--overwrite")
    (root / "notes.txt").unlink()

    # an older line's fix, deployed after the newer version, through the Python API
    # with an extra step, and the offline copy
    set_version(root, "0.1")
    (root / "hubs/only-new.yaml").unlink()
    (root / "hubs/only-old.yaml").write_text(synthetic_hub(2), encoding="utf-8")
    commit_all(root, "Blueprint 0.1 fix")
    hooked: list[str] = []

    def step(project: object, version: str, site_dir: Path) -> None:
        hooked.append(version)
        (site_dir / "downloads").mkdir(exist_ok=True)
        (site_dir / "downloads/extra.txt").write_text("from a step\n", encoding="utf-8")

    before = dict(os.environ)
    os.environ.update({**GIT_ENV, "NO_MKDOCS_2_WARNING": "1"})
    try:
        outcome = release(load_project(root), "0.1", steps=[step])
    finally:
        os.environ.clear()
        os.environ.update(before)
    assert outcome.deployed and outcome.newest == "0.2"
    assert outcome.warnings == []  # CITATION.cff and CHANGELOG.md name 0.1
    return Released(root, refusals, first, hooked, nothing, outcome.offline_size, half)


def test_a_release_killed_after_mikes_commit_is_finished_by_the_same_command(
    released: Released,
) -> None:
    half = released.half
    assert half.killed.returncode == -9, half.killed.stderr
    assert "deploying 0.2 to `gh-pages` with mike" in half.killed.stderr
    # killed there: the version is on the branch, the root it serves is not
    assert "0.2/index.html" in half.files and "latest/index.html" in half.files
    assert not half.files & {"index.html", "404.html", "schemas/v1/hub.schema.json"}
    assert half.scratch == [], "its temporary folder is gone once mike has committed it"
    # the same command again: no new build, the root commit and the push
    first = released.first.stderr
    assert "finishing the release of 0.2" in first and "root commit and push" in first
    assert "building version" not in first and "deploying" not in first
    subjects = git(released.root, "log", "--format=%s", "gh-pages").splitlines()
    assert subjects[-2].startswith("Root files and version links for 0.2 (after 0.2)")
    assert subjects[-1].startswith("Deployed ")
    remote = released.root.parent / "published.git"
    assert "index.html" in git(remote, "ls-tree", "--name-only", "gh-pages").split()
    assert half.left_after == []


def test_refusals_exit_2_and_say_why(released: Released) -> None:
    expected = {
        "not a repository": "not in a git repository",
        "version mismatch": "VERSION 0.3 is not the Blueprint's version (0.2 in data/site.yaml)",
        "not a version number": "VERSION 'hello world' is not a version number",
        "no version": "VERSION 'hello world' is not a version number",
        "no version, a version number": "data/site.yaml has no `version:`",
        "existing version": "version 0.2 is already deployed",
        "dirty tree": "uncommitted changes (notes.txt)",
        "no remote to push to": "which this repository does not have",
    }
    for case, words in expected.items():
        result = released.refusals[case]
        assert result.returncode == 2, (case, result.stderr)
        assert words in result.stderr, (case, result.stderr)


def test_a_release_the_citation_and_changelog_do_not_name_is_warned_of(
    released: Released,
) -> None:
    assert released.first.returncode == 0
    assert "warning: CITATION.cff gives version 0.1, not 0.2" in released.first.stderr
    assert "warning: CHANGELOG.md has no section for 0.2" in released.first.stderr


def test_versions_are_listed_newest_first(released: Released) -> None:
    assert released.nothing.returncode == 0
    assert released.nothing.stdout == ""
    assert "no version deployed" in released.nothing.stderr
    result = oshub(released.root, "versions")
    assert result.returncode == 0
    assert result.stdout.splitlines() == ["0.2 [latest]", "0.1"]
    listed = json.loads(released.show("versions.json"))
    assert [(v["version"], v["aliases"]) for v in listed] == [("0.2", ["latest"]), ("0.1", [])]


def test_push_sends_the_branch(released: Released) -> None:
    remote = released.root.parent / "published.git"
    assert "0.2/index.html" in git(remote, "ls-tree", "-r", "--name-only", "gh-pages")
    assert "and pushed" in released.first.stdout


def test_a_fresh_clone_follows_what_is_published(released: Released, tmp_path: Path) -> None:
    """A clone has no local gh-pages: the release takes the remote's, as mike does, and
    refuses a version the remote already has (instead of a branch a push would lose)."""
    git(released.root, "push", "-q", "origin", "main")
    git(tmp_path, "clone", "-q", "-b", "main", str(released.root.parent / "published.git"), "c")
    clone = tmp_path / "c"
    first = git(clone, "log", "--format=%H", "--reverse").split()[0]  # Blueprint 0.2
    git(clone, "checkout", "-q", first)
    result = oshub(clone, "release", "0.2", "--push", "--no-offline")
    assert result.returncode == 2, result.stderr
    assert "version 0.2 is already deployed" in result.stderr
    assert oshub(clone, "versions").stdout.splitlines() == ["0.2 [latest]"]


def test_an_alias_is_a_redirect_page_without_script(released: Released) -> None:
    page = released.show("latest/hubs/lemnos/index.html")
    assert 'http-equiv="refresh" content="0; url=../../../0.2/hubs/lemnos/"' in page
    assert "<script" not in page
    assert git(released.root, "ls-tree", "gh-pages", "latest").startswith("040000 tree")


def _resolve(page: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href)) + "/"


def _banner(page: str) -> tuple[bool, str]:
    match = re.search(
        r'<aside class="md-banner md-banner--warning oshub-outdated"( hidden)?>.*?'
        r'<a class="oshub-outdated__link" href="([^"]*)"',
        page,
        re.DOTALL,
    )
    assert match, "no banner"
    return match.group(1) is None, match.group(2)


def test_older_versions_show_a_banner_to_the_same_page_of_the_newest(released: Released) -> None:
    old = "0.1/hubs/lemnos/index.html"
    shown, href = _banner(released.show(old))
    assert shown and _resolve(old, href) == "0.2/hubs/lemnos/"
    gone = "0.1/hubs/only-old/index.html"  # the newest has no such page: its home
    shown, href = _banner(released.show(gone))
    assert shown and _resolve(gone, href) == "0.2/"
    shown, _ = _banner(released.show("0.2/hubs/lemnos/index.html"))
    assert not shown


def test_canonical_links_point_at_the_newest_version(released: Released) -> None:
    def canonical(path: str) -> str:
        found = re.findall(r'<link rel="canonical" href="([^"]*)">', released.show(path))
        assert len(found) == 1, path
        return found[0]

    assert canonical("0.1/hubs/lemnos/index.html") == f"{SITE}0.2/hubs/lemnos/"
    assert canonical("0.2/hubs/lemnos/index.html") == f"{SITE}0.2/hubs/lemnos/"
    assert canonical("0.1/guides/equity/index.html") == f"{SITE}0.2/guides/equity/"
    assert canonical("0.1/hubs/only-old/index.html") == f"{SITE}0.1/hubs/only-old/"


def test_every_page_offers_the_other_versions(released: Released) -> None:
    page = "0.2/hubs/only-new/index.html"
    html = released.show(page)
    config = json.loads(
        re.search(r'<script id="__config" type="application/json">(.*?)</script>', html).group(1)
    )
    assert config["version"]["provider"] == "mike"  # the theme's selector (JavaScript)
    without_script = re.search(r"<noscript>(.*?)</noscript>", html, re.DOTALL).group(1)
    links = dict(re.findall(r'<a href="([^"]*)">([^<]*)</a>', without_script))
    assert {_resolve(page, href): label for href, label in links.items()} == {"0.1/": "0.1"}
    assert '<strong aria-current="true">0.2 (latest)</strong>' in without_script
    page = "0.1/guides/equity/index.html"
    without_script = re.search(r"<noscript>(.*?)</noscript>", released.show(page), re.DOTALL)
    links = dict(re.findall(r'<a href="([^"]*)">([^<]*)</a>', without_script.group(1)))
    assert {_resolve(page, href) for href in links} == {"0.2/guides/equity/"}


def test_the_root_serves_the_newest_version(released: Released) -> None:
    sitemap = re.findall(r"<loc>([^<]*)</loc>", released.show("sitemap.xml"))
    assert f"{SITE}0.2/hubs/only-new/" in sitemap
    assert all(url.startswith(f"{SITE}0.2/") for url in sitemap), sitemap[:3]
    hubs = json.loads(released.show("data/hubs.json"))
    slugs = json.dumps(hubs)
    assert "only-new" in slugs and "only-old" not in slugs  # 0.2's data, deployed first
    assert 'url=0.2/"' in released.show("index.html")
    files = released.files()
    assert {"data/hubs.csv", "data/hubs.geojson", "data/missions.json"} <= files


def test_an_address_the_branch_lacks_gets_a_page_leading_to_every_version(
    released: Released,
) -> None:
    page = released.show("404.html")
    assert '<html lang="en">' in page
    assert "<h1>Page not found</h1>" in page
    # shown at any depth: full addresses only, the newest first
    assert re.findall(r'href="([^"]*)"', page) == [f"{SITE}0.2/", f"{SITE}0.2/", f"{SITE}0.1/"]
    assert "0.2 (latest)" in page
    assert "<script" not in page and "<link" not in page and "style" not in page


def test_schemas_stay_at_their_id(released: Released) -> None:
    for schema in sorted((REPO / "schemas").glob("*.schema.json")):
        published = released.show(f"schemas/v1/{schema.name}")
        assert json.loads(published)["$id"] == f"{SITE}schemas/v1/{schema.name}"
        assert json.loads(published) == json.loads(schema.read_text(encoding="utf-8"))
    assert 'url=../0.2/schemas/"' in released.show("schemas/index.html")


def test_each_version_records_what_built_it(released: Released) -> None:
    for version in ("0.1", "0.2"):
        pins = released.show(f"{version}/constraints.txt")
        assert f"mkdocs=={installed_version('mkdocs')}" in pins.splitlines()
        assert f"mike=={installed_version('mike')}" in pins.splitlines()
        home = released.show(f"{version}/index.html")
        assert f"OSHub Blueprint {version}, built with oshub " in home
    commits = git(released.root, "log", "--format=%H %s", "main").splitlines()
    assert commits[0].split()[0] in released.show("0.1/constraints.txt")
    assert released.show("0.1/downloads/extra.txt") == "from a step\n"
    # the offline copy was built for 0.1 and published, though the PDFs (and with them
    # the downloads page that lists it) are off here; 0.2 was released without one
    assert released.offline_size > 100_000
    files = released.files()
    assert "0.1/downloads/oshub-blueprint-0.1-offline.zip" in files
    published = git(
        released.root, "cat-file", "-s", "gh-pages:0.1/downloads/oshub-blueprint-0.1-offline.zip"
    )
    assert int(published) == released.offline_size
    assert not [f for f in files if f.startswith("0.2/") and f.endswith(".zip")]
    assert released.hooked == ["0.1"]
    assert git(released.root, "status", "--porcelain") == ""


def test_the_offline_copy_of_a_version_links_that_version_online(released: Released) -> None:
    data = subprocess.run(
        ["git", "show", "gh-pages:0.1/downloads/oshub-blueprint-0.1-offline.zip"],
        cwd=released.root,
        capture_output=True,
        check=True,
    ).stdout
    with zipfile.ZipFile(io.BytesIO(data)) as copy:
        pages = [copy.read(n).decode() for n in copy.namelist() if n.endswith(".html")]
    links = {link for page in pages for link in re.findall(rf'{SITE}[^"<\s]*', page)}
    to_pages = [link for link in links if re.search(r"/(hubs|missions|guides)/", link)]
    assert to_pages, "the offline copy names no page online"
    assert [link for link in to_pages if not link.startswith(f"{SITE}0.1/")] == []
    # still no version selector (the theme draws it from "version" in its configuration)
    # or banner in the copy itself
    assert all('"version": null' in page for page in pages if "__config" in page)
    assert not [page for page in pages if "oshub-outdated" in page]


def test_content_errors_deploy_nothing(released: Released) -> None:
    root = released.root
    before = git(root, "rev-parse", "gh-pages")
    hub = root / "hubs/lemnos.yaml"
    hub.write_text(hub.read_text("utf-8").replace('country: "GR"', 'country: "XX"'), "utf-8")
    git(root, "commit", "-q", "-am", "a broken hub")
    result = oshub(root, "release", "0.1", "--overwrite")
    assert result.returncode == 1, result.stderr
    assert "hubs/lemnos.yaml:" in result.stdout
    assert git(root, "rev-parse", "gh-pages") == before
