"""Symbolic links in the content folders: which are followed, and what is said of the others."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from oshub.core import symlinks
from oshub.core.project import load_project
from oshub.core.symlinks import readable, refusal, refused_links, symbolic_links
from oshub.validate.run import validate_project

SECRET = "oshub-test-secret-5f3a9c"
LEADS_OUTSIDE = (
    "leads outside the content folders (blueprint/, hubs/, missions/, data/, schemas/, overrides/)"
)
OUTSIDE = f"symbolic link {LEADS_OUTSIDE}"


def _messages(root: Path) -> dict[str, str]:
    return {p.path: p.message for p in refused_links(root)}


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the project holding a file with a secret."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(f"TOKEN={SECRET}\n")
    return folder


def test_links_that_leave_the_content_folders_are_refused_at_their_path(
    project: Path, outside: Path
) -> None:
    (project / ".git").mkdir()
    (project / ".git/config").write_text(f"[remote]\n  token = {SECRET}\n")
    (project / "blueprint/guides").mkdir(parents=True)
    (project / "overrides/partials").mkdir(parents=True)
    (project / "blueprint/secret.txt").symlink_to(outside / "secret.txt")
    (project / "blueprint/passwd.txt").symlink_to("/etc/passwd")
    (project / "blueprint/environ.md").symlink_to("/proc/self/environ")
    (project / "blueprint/config.md").symlink_to("../.git/config")
    (project / "blueprint/elsewhere").symlink_to(outside, target_is_directory=True)
    (project / "blueprint/guides/git").symlink_to("../../.git", target_is_directory=True)
    (project / "overrides/partials/footer.html").symlink_to(outside / "secret.txt")
    (project / "schemas/extra.schema.json").symlink_to(outside / "secret.txt")
    (project / "hubs/lemnos.yaml").symlink_to("../mkdocs.yml")
    assert _messages(project) == {
        "blueprint/secret.txt": OUTSIDE,
        "blueprint/passwd.txt": OUTSIDE,
        "blueprint/environ.md": OUTSIDE,
        "blueprint/config.md": OUTSIDE,
        "blueprint/elsewhere": OUTSIDE,  # one error: the folder is not entered
        "blueprint/guides/git": OUTSIDE,
        "overrides/partials/footer.html": OUTSIDE,
        "schemas/extra.schema.json": OUTSIDE,
        "hubs/lemnos.yaml": OUTSIDE,
    }


def test_a_content_folder_that_is_itself_a_link_is_refused(project: Path, outside: Path) -> None:
    (project / "missions").rmdir()
    (project / "missions").symlink_to(outside, target_is_directory=True)
    assert _messages(project) == {"missions": OUTSIDE}


def test_chains_loops_and_broken_links(project: Path) -> None:
    (project / "hubs/a.yaml").symlink_to("b.yaml")
    (project / "hubs/b.yaml").symlink_to("/etc/passwd")
    (project / "hubs/loop.yaml").symlink_to("loop.yaml")
    (project / "data/gone.yaml").symlink_to("nothing-here.yaml")
    (project / "hubs/real.yaml").write_text("name: Real\n")
    (project / "hubs/c.yaml").symlink_to("d.yaml")
    (project / "hubs/d.yaml").symlink_to("real.yaml")  # a chain that stays: fine
    assert _messages(project) == {
        "hubs/a.yaml": OUTSIDE,
        "hubs/b.yaml": OUTSIDE,
        "hubs/loop.yaml": "symbolic link goes round in a loop",
        "data/gone.yaml": "symbolic link is broken: nothing exists where it leads",
    }


def test_links_that_stay_inside_to_allowed_files_are_followed(project: Path) -> None:
    images = project / "blueprint/guides/facilitation/images"
    images.mkdir(parents=True)
    (images / "room.svg").write_text("<svg/>")
    (project / "blueprint/room.svg").symlink_to("guides/facilitation/images/room.svg")
    (project / "blueprint/pictures").symlink_to(
        "guides/facilitation/images", target_is_directory=True
    )
    assert refused_links(project) == []
    assert readable(project / "blueprint/pictures/room.svg", project)
    assert readable(project / "blueprint/room.svg", project)
    assert readable(project / "blueprint/guides/facilitation/images/room.svg", project)


def test_hidden_targets_inside_the_content_folders_are_refused(project: Path) -> None:
    (project / "blueprint/.git").mkdir(parents=True)  # a repository nested in the docs
    (project / "blueprint/.git/config").write_text(SECRET)
    (project / "blueprint/.env").write_text(SECRET)
    (project / "blueprint/notes.txt").symlink_to(".env")
    (project / "blueprint/config.txt").symlink_to(".git/config")
    assert _messages(project) == {
        "blueprint/config.txt": "symbolic link leads to a hidden file or folder (`.git`), "
        "which is never read",
        "blueprint/notes.txt": "symbolic link leads to a hidden file or folder (`.env`), "
        "which is never read",
    }


def test_git_ignored_targets_are_refused_in_a_work_tree(project: Path) -> None:
    (project / "blueprint").mkdir()
    (project / "blueprint/draft.secret").write_text(SECRET)
    (project / "blueprint/build").mkdir()
    (project / "blueprint/build/out.txt").write_text(SECRET)
    (project / "blueprint/kept.txt").write_text("fine")
    (project / "blueprint/a.txt").symlink_to("draft.secret")
    (project / "blueprint/b.txt").symlink_to("build/out.txt")
    (project / "blueprint/c.txt").symlink_to("kept.txt")
    assert refused_links(project) == []  # not a git work tree: nothing counts as ignored
    _git(project, "init", "-q")
    (project / ".gitignore").write_text("*.secret\nbuild/\n")
    ignored = "symbolic link leads to a path git ignores (not part of the project's content)"
    assert _messages(project) == {"blueprint/a.txt": ignored, "blueprint/b.txt": ignored}


def test_without_git_nothing_counts_as_ignored_and_when_git_cannot_say_the_link_is_refused(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "hubs/real.yaml").write_text("name: Real\n")
    (project / "hubs/link.yaml").symlink_to("real.yaml")

    def missing(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError("git")

    monkeypatch.setattr(symlinks.subprocess, "run", missing)
    assert refused_links(project) == []

    def dubious(*args: object, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        return subprocess.CompletedProcess([], 128, b"", b"fatal: detected dubious ownership\n")

    monkeypatch.setattr(symlinks.subprocess, "run", dubious)
    assert _messages(project) == {
        "hubs/link.yaml": "symbolic link could not be checked against git's ignore rules "
        "(fatal: detected dubious ownership)"
    }


def test_a_file_read_through_a_linked_folder_names_the_link(project: Path, outside: Path) -> None:
    (project / "blueprint").mkdir()
    (project / "blueprint/elsewhere").symlink_to(outside, target_is_directory=True)
    found = refusal(project / "blueprint/elsewhere/secret.txt", project)
    assert found is not None and found.link == "blueprint/elsewhere"
    problem = found.problem("blueprint/elsewhere/secret.txt")
    assert problem.path == "blueprint/elsewhere/secret.txt"
    assert problem.message == (
        "read through the symbolic link `blueprint/elsewhere`, which leads outside the "
        "content folders (blueprint/, hubs/, missions/, data/, schemas/, overrides/)"
    )
    assert refusal(project / "hubs/no-link-here.yaml", project) is None


def test_symbolic_links_of_a_built_site_are_listed_without_following_any(
    tmp_path: Path, outside: Path
) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a/page.html").write_text("page")
    (site / "a/secret.txt").symlink_to(outside / "secret.txt")
    (site / "more").symlink_to(outside, target_is_directory=True)
    assert symbolic_links(site) == ["a/secret.txt", "more"]


def test_validation_reports_each_link_once_at_its_path(project: Path, outside: Path) -> None:
    (project / "hubs/secret.yaml").symlink_to(outside / "secret.txt")
    (project / "blueprint/guides").mkdir(parents=True)
    (project / "blueprint/guides/page.md").symlink_to(outside / "secret.txt")
    (project / "blueprint/passwd.txt").symlink_to("/etc/passwd")
    (project / "overrides").mkdir()
    (project / "overrides/main.html").symlink_to(outside / "secret.txt")
    result = validate_project(load_project(project))
    found = [(p.path, p.message) for p in result.problems if "symbolic link" in p.message]
    assert found == [
        ("blueprint/guides/page.md", OUTSIDE),
        ("blueprint/passwd.txt", OUTSIDE),
        ("hubs/secret.yaml", OUTSIDE),
        ("overrides/main.html", OUTSIDE),
    ]
    assert all(SECRET not in p.message + p.hint for p in result.problems)


def test_a_linked_schema_is_reported_and_not_read(project: Path, outside: Path) -> None:
    (project / "schemas/hub.schema.json").unlink()
    (project / "schemas/hub.schema.json").symlink_to(outside / "secret.txt")
    result = validate_project(load_project(project))
    assert [(p.path, p.message) for p in result.errors] == [("schemas/hub.schema.json", OUTSIDE)]


def test_other_spellings_of_the_extensions_are_reported(project: Path) -> None:
    (project / "hubs/x.YAML").write_text("name: X\n")
    (project / "missions/y.Yml").write_text("title: Y\n")
    (project / "data/site.YML").write_text("version: '1.0'\n")
    (project / "blueprint/guides/a").mkdir(parents=True)
    (project / "blueprint/guides/a/b.Md").write_text("---\ntitle: B\n---\n\nText.\n")
    (project / "blueprint/about.MD").write_text("# About\n")
    result = validate_project(load_project(project))
    found = {p.path: (p.message, p.hint) for p in result.errors}
    assert found["hubs/x.YAML"] == (
        "content files use the .yaml extension",
        "rename it to hubs/x.yaml",
    )
    assert found["missions/y.Yml"][0] == "content files use the .yaml extension"
    assert found["data/site.YML"][0] == "content files use the .yaml extension"
    assert found["blueprint/guides/a/b.Md"] == (
        "pages use the .md extension",
        "rename it to blueprint/guides/a/b.md",
    )
    assert found["blueprint/about.MD"][0] == "pages use the .md extension"
    assert len([p for p in result.errors if p.path == "blueprint/guides/a/b.Md"]) == 1


def test_the_offline_zip_holds_no_file_through_a_link(tmp_path: Path, outside: Path) -> None:
    import zipfile

    from oshub.publish.offline import write_zip

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>Home</p>")
    (site / "notes.txt").symlink_to(outside / "secret.txt")
    (site / "more").symlink_to(outside, target_is_directory=True)
    write_zip(site, tmp_path / "copy.zip", "copy")
    with zipfile.ZipFile(tmp_path / "copy.zip") as archive:
        assert archive.namelist() == ["copy/index.html"]


def test_the_link_checker_and_the_release_s_version_never_read_through_a_link(
    project: Path, outside: Path
) -> None:
    from oshub.contrib.external_links import content_links
    from oshub.core.project import blueprint_version

    (outside / "links.yaml").write_text(f"website: https://{SECRET}.org/\n")
    (outside / "site.yaml").write_text("version: '9.9'\n")
    (project / "hubs/links.yaml").symlink_to(outside / "links.yaml")
    (project / "blueprint").mkdir()
    (project / "blueprint/page.md").symlink_to(outside / "links.yaml")
    (project / "data/site.yaml").symlink_to(outside / "site.yaml")
    (project / "hubs/real.yaml").write_text("website: https://oshub.org/\n")
    loaded = load_project(project)
    assert [found.url for found in content_links(loaded)] == ["https://oshub.org/"]
    assert blueprint_version(loaded) is None
    (project / "data/site.yaml").unlink()
    (project / "data/site.yaml").write_text("version: '1.2'\n")
    assert blueprint_version(loaded) == "1.2"


def test_a_refused_link_inside_an_allowed_linked_folder_is_named(project: Path) -> None:
    (project / "blueprint/real").mkdir(parents=True)
    (project / "blueprint/real/page.txt").write_text("fine")
    (project / "blueprint/real/passwd.txt").symlink_to("/etc/passwd")
    (project / "blueprint/alias").symlink_to("real", target_is_directory=True)
    assert _messages(project) == {"blueprint/real/passwd.txt": OUTSIDE}  # where it really is
    assert readable(project / "blueprint/alias/page.txt", project)
    found = refusal(project / "blueprint/alias/passwd.txt", project)
    assert found is not None
    assert (found.link, found.reason) == ("blueprint/alias/passwd.txt", LEADS_OUTSIDE)
    (project / "blueprint/real/.env").write_text(SECRET)
    found = refusal(project / "blueprint/alias/.env", project)  # allowed link, hidden file
    assert found is not None and found.link == "blueprint/alias"
    assert found.reason == "leads to a hidden file or folder (`.env`), which is never read"


IGNORED_THROUGH = (
    "read through the symbolic link `blueprint/about/d`, which leads to a path git ignores "
    "(not part of the project's content)"
)


def test_files_reached_through_an_allowed_folder_link_are_judged_at_their_path(
    project: Path,
) -> None:
    (project / "data/sub/build").mkdir(parents=True)
    (project / "data/sub/table.csv").write_text("a,b\n")
    (project / "data/sub/secret-notes.txt").write_text(SECRET)
    (project / "data/sub/build/out.txt").write_text(SECRET)
    (project / "data/sub/.env").write_text(SECRET)
    (project / "blueprint/about").mkdir(parents=True)
    (project / "blueprint/about/d").symlink_to("../../data/sub", target_is_directory=True)
    assert _messages(project) == {
        "blueprint/about/d/.env": "read through the symbolic link `blueprint/about/d`, which "
        "leads to a hidden file or folder (`.env`), which is never read"
    }
    _git(project, "init", "-q")
    (project / ".gitignore").write_text("data/sub/secret-notes.txt\nbuild/\n")
    found = _messages(project)
    assert found == {
        "blueprint/about/d/.env": found["blueprint/about/d/.env"],
        "blueprint/about/d/build": IGNORED_THROUGH,  # one error for the folder
        "blueprint/about/d/secret-notes.txt": IGNORED_THROUGH,
    }
    for rel in found:  # what the build says of each (``refusal``), at the same path
        said = refusal(project / rel, project)
        assert said is not None and said.problem(rel).message == found[rel]
    assert readable(project / "blueprint/about/d/table.csv", project)
    result = validate_project(load_project(project))
    assert "blueprint/about/d/secret-notes.txt" in {p.path for p in result.errors}


def test_files_reached_through_links_inside_a_linked_folder_are_judged_too(
    project: Path,
) -> None:
    _git(project, "init", "-q")
    (project / ".gitignore").write_text("*.secret\n")
    (project / "data/sub").mkdir()
    (project / "data/sub/notes.secret").write_text(SECRET)
    (project / "blueprint/real").mkdir(parents=True)
    (project / "blueprint/real/d").symlink_to("../../data/sub", target_is_directory=True)
    (project / "blueprint/alias").symlink_to("real", target_is_directory=True)
    ignored = "which leads to a path git ignores (not part of the project's content)"
    assert _messages(project) == {
        "blueprint/alias/d/notes.secret": f"read through the symbolic link `blueprint/alias`, "
        f"{ignored}",  # what the build would read: the first link of the way is named
        "blueprint/real/d/notes.secret": f"read through the symbolic link `blueprint/real/d`, "
        f"{ignored}",
    }


LOOP = "symbolic link goes round in a loop: following it leads back to a folder that holds it"


def test_a_folder_link_to_a_folder_that_holds_it_is_a_loop(project: Path) -> None:
    (project / "blueprint/about").mkdir(parents=True)
    (project / "blueprint/about/index.md").write_text("# About\n")
    (project / "blueprint/about/loop").symlink_to("..", target_is_directory=True)
    (project / "blueprint/about/self").symlink_to(".", target_is_directory=True)
    (project / "blueprint/about/top").symlink_to("../../blueprint", target_is_directory=True)
    (project / "hubs/there").symlink_to("../blueprint/about", target_is_directory=True)
    assert _messages(project) == {
        "blueprint/about/loop": LOOP,
        "blueprint/about/self": LOOP,
        "blueprint/about/top": LOOP,
        # not a loop itself (hubs/ is not in blueprint/about), and the loops inside are
        # not entered: reported where they are
    }
    found = refusal(project / "blueprint/about/loop/about/index.md", project)
    assert found is not None and found.link == "blueprint/about/loop"
    assert readable(project / "hubs/there/index.md", project)
    result = validate_project(load_project(project))
    assert [p.path for p in result.errors if p.message == LOOP] == [
        "blueprint/about/loop",
        "blueprint/about/self",
        "blueprint/about/top",
    ]


def test_folder_links_that_lead_back_to_each_other_are_loops(project: Path) -> None:
    (project / "blueprint/a").mkdir(parents=True)
    (project / "blueprint/b/c").mkdir(parents=True)
    (project / "blueprint/a/x").symlink_to("../b", target_is_directory=True)
    (project / "blueprint/b/c/y").symlink_to("../../a", target_is_directory=True)
    (project / "blueprint/b/z").symlink_to("../a", target_is_directory=True)
    assert _messages(project) == {
        "blueprint/a/x": LOOP,
        "blueprint/b/c/y": LOOP,
        "blueprint/b/z": LOOP,
    }
    (project / "blueprint/b/c/y").unlink()
    (project / "blueprint/b/z").unlink()
    assert _messages(project) == {}


def test_a_folder_link_that_leads_to_too_much_is_refused(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "blueprint/images").mkdir(parents=True)
    for index in range(5):
        (project / f"blueprint/images/{index}.svg").write_text("<svg/>")
    (project / "blueprint/pictures").symlink_to("images", target_is_directory=True)
    monkeypatch.setattr(symlinks, "MAX_REACHED", 5)
    assert _messages(project) == {}
    monkeypatch.setattr(symlinks, "MAX_REACHED", 4)
    assert _messages(project) == {
        "blueprint/pictures": "symbolic link leads past the limit of files and folders walked "
        "through folder links (4, all the project's folder links together)"
    }
