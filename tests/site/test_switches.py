"""Every switch of the plugin gives a whole site, and the guarantees hold however the
build is started (`mkdocs build` here, as mike would start it)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from oshub.outputs.links import broken_links
from support import BUILD_ENV, configure_plugin, copy_repository, mkdocs_build
from support.commands import oshub

MKDOCS = str(Path(sys.executable).parent / "mkdocs")


def _configure(root: Path, options: str) -> None:
    """The plugin's ``options``, and no PDFs unless the options name them: printing is
    tested in test_pdf and test_tools; here it would cost half a minute a build, as
    every changed setting misses the cache of printed books."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "  - oshub:\n" in text:  # configured before: add to the options
        config.write_text(text.replace("  - oshub:\n", f"  - oshub:\n{options}"), "utf-8")
        return
    configure_plugin(root, options + ("" if "pdf:" in options else "      pdf: false\n"))


def _mkdocs_build(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return mkdocs_build(root, root / "out", *extra)


def _build(tmp_path: Path, options: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
    root = copy_repository(tmp_path / "p")
    _configure(root, options)
    return root, _mkdocs_build(root)


def _whole(out: Path) -> None:
    assert (out / "index.html").is_file()
    assert broken_links(out) == []
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "oshub:contact" not in text, page
        # a link left as a path to a Markdown file is one nothing could resolve,
        # in the text or in the navigation
        assert not re.search(r'href="[^":]*\.md(?:#[^"]*)?"', text), page


def test_exports_off(tmp_path: Path) -> None:
    root, result = _build(tmp_path, "      exports: false\n")
    assert result.returncode == 0, result.stderr
    out = root / "out"
    _whole(out)
    assert not (out / "data/hubs.json").exists() and not (out / "schemas/v1").exists()
    assert "switched off" in (out / "data/index.html").read_text(encoding="utf-8")
    hub = (out / "hubs/lemnos/index.html").read_text(encoding="utf-8")
    assert "hubs.csv" not in hub


def test_pages_off(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    _configure(root, "      pages: false\n")
    # strict: MkDocs would warn about any Markdown link to a page that is not built
    result = _mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    out = root / "out"
    _whole(out)
    assert not (out / "hubs").exists() and not (out / "missions").exists()
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'class="oshub-off">Open Schooling Mission</span>' in home
    assert 'href="hubs/"' not in home  # neither in the text nor in the navigation
    # the open data does not point at hub and mission pages that do not exist
    for name in ("hubs.json", "missions.json", "hubs.geojson"):
        assert "/hubs/lemnos/" not in (out / "data" / name).read_text(encoding="utf-8"), name
    assert "/hubs/" not in (out / "data/hubs.csv").read_text(encoding="utf-8")


def test_plugin_off(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    _configure(root, "      enabled: false\n")
    result = _mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    _whole(root / "out")
    assert not (root / "out/hubs").exists()


def test_validation_off_builds_what_fits_and_says_what_it_left_out(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    _configure(root, "      validation: false\n")
    broken = root / "hubs" / "dublin.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "extra: 1\n", encoding="utf-8")
    result = _mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "left out of the site: hubs/dublin.yaml" in result.stderr
    _whole(root / "out")
    assert not (root / "out/hubs/dublin").exists()


def test_strict_makes_content_warnings_fail(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    _configure(root, "")
    hub = root / "hubs" / "lemnos.yaml"
    hub.write_text(
        hub.read_text(encoding="utf-8") + "contact:\n  email: maria.papadopoulou@example.org\n",
        encoding="utf-8",
    )
    assert _mkdocs_build(root).returncode == 0  # a warning alone does not stop a build
    _configure(root, "      strict: true\n")
    result = _mkdocs_build(root)
    assert result.returncode == 1
    assert re.search(r"hubs/lemnos\.yaml:\d+:\d+: warning: contact\.email", result.stderr)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["oshub", "mkdocs"])
def test_broken_anchors_fail_any_build_at_the_line(tmp_path: Path, command: str) -> None:
    root = copy_repository(tmp_path / "p")
    _configure(root, "")
    about = root / "blueprint/about/index.md"
    about.write_text(
        about.read_text(encoding="utf-8") + "\n[more](index.md#no-such-part)\n", encoding="utf-8"
    )
    line = about.read_text(encoding="utf-8").count("\n")
    if command == "oshub":
        result = oshub("build", "--site-dir", str(tmp_path / "out"), cwd=root)
        text = result.stdout
    else:
        result = _mkdocs_build(root)
        text = result.stderr
    assert result.returncode == 1
    assert f"blueprint/about/index.md:{line}:" in text
    assert "no element with the id `no-such-part`" in text


def test_site_url_from_the_environment(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    _configure(root, "")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "site_url: https://oshub.network/",
            'site_url: !ENV [OSHUB_TEST_SITE_URL, "https://wrong.example/"]',
        ),
        encoding="utf-8",
    )
    env = {**BUILD_ENV, "OSHUB_TEST_SITE_URL": "https://oshub.network/"}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "oshub"), "build", "--site-dir", str(tmp_path / "out")],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    hub = (tmp_path / "out/hubs/lemnos/index.html").read_text(encoding="utf-8")
    assert '"url":"https://oshub.network/hubs/lemnos/"' in hub


def test_validation_runs_once_per_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from oshub.core.project import load_project
    from oshub.publish.build import build_and_swap
    from oshub.validate import run as validate

    root = copy_repository(tmp_path / "p")
    _configure(root, "")
    calls = []
    original = validate.validate_project

    def counted(*args: object, **kwargs: object) -> validate.ValidationResult:
        calls.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(validate, "validate_project", counted)
    outcome = build_and_swap(load_project(root), tmp_path / "out")
    assert outcome.ok, outcome
    assert len(calls) == 1


def test_a_template_in_overrides_changes_the_built_page(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    _configure(root, "")
    (root / "overrides/oshub").mkdir(parents=True)
    (root / "overrides/oshub/guide_meta.html").write_text(
        '<p class="oshub-guide-meta">{{ guide.words }} words in this guide.</p>\n',
        encoding="utf-8",
    )
    result = oshub("build", "--site-dir", str(tmp_path / "out"), cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "out/guides/facilitation/stakeholders/index.html").read_text(
        encoding="utf-8"
    )
    assert re.search(r"\d+ words in this guide\.", page)


def test_validation_off_leaves_out_unreadable_files_and_bad_guides_and_data(
    tmp_path: Path,
) -> None:
    root = copy_repository(tmp_path / "p")
    _configure(root, "      validation: false\n")
    (root / "hubs" / "dublin.yaml").write_text("", encoding="utf-8")
    (root / "hubs" / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    guide = root / "blueprint/guides/equity/barriers.md"
    guide.write_text(
        guide.read_text(encoding="utf-8").replace(
            "title: Barriers that keep communities out of research", "title: 12"
        ),
        encoding="utf-8",
    )
    (root / "data" / "board.yaml").write_text("sectors: nope\n", encoding="utf-8")
    result = _mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for left in ("hubs/broken.yaml", "hubs/dublin.yaml", "data/board.yaml"):
        assert left in result.stderr, left
    assert "blueprint/guides/equity/barriers.md is left out" in result.stderr
    out = root / "out"
    _whole(out)
    assert not (out / "guides/equity/barriers").exists()
    assert not (out / "about/board").exists()


def test_an_orphan_translation_is_reported(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    orphan = root / "blueprint/guides/equity/orphan.de.md"
    orphan.write_text("---\ntitle: Waise\narea: equity\n---\n\n# Waise\n", encoding="utf-8")
    result = oshub("validate", cwd=root)
    assert result.returncode == 1
    assert (
        "blueprint/guides/equity/orphan.de.md:1:1: error: a translation (`.de.md`) of "
        "`blueprint/guides/equity/orphan.md`, which does not exist" in result.stdout
    )


def test_the_configuration_mkdocs_resolved_is_the_one_used(tmp_path: Path) -> None:
    """`mkdocs build -f other.yml` with its own address; a project whose file is
    mkdocs.yaml; directory URLs off; a version folder from mike."""
    root = copy_repository(tmp_path / "p")
    _configure(root, "")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "other.yml").write_text(
        config.replace(
            "site_url: https://oshub.network/", "site_url: https://other.example/x/"
        ).replace("use_directory_urls: false\n", "")
        + "use_directory_urls: false\n",
        encoding="utf-8",
    )
    for schema in (root / "schemas").glob("*.json"):  # their $id follow the site's address
        text = schema.read_text(encoding="utf-8")
        schema.write_text(text.replace("https://oshub.network/", "https://other.example/x/"))
    result = _mkdocs_build(root, "-f", str(root / "other.yml"))
    assert result.returncode == 0, result.stderr
    out = root / "out"
    assert broken_links(out, "/x/") == []
    hub = (out / "hubs/lemnos.html").read_text(encoding="utf-8")
    assert "oshub.network" not in hub
    assert '"url":"https://other.example/x/hubs/lemnos.html"' in hub

    (root / "mkdocs.yml").rename(root / "mkdocs.yaml")
    (root / "other.yml").unlink()
    for schema in (root / "schemas").glob("*.json"):
        text = schema.read_text(encoding="utf-8")
        schema.write_text(text.replace("https://other.example/x/", "https://oshub.network/"))
    result = subprocess.run(
        [str(Path(sys.executable).parent / "oshub"), "build", "--site-dir", str(tmp_path / "v")],
        cwd=root,
        capture_output=True,
        text=True,
        env={**BUILD_ENV, "MIKE_DOCS_VERSION": "2.0"},
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    hub = (tmp_path / "v/hubs/lemnos/index.html").read_text(encoding="utf-8")
    assert '"url":"https://oshub.network/2.0/hubs/lemnos/"' in hub


def test_pdf_off(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    _configure(root, "      pdf: false\n")
    result = _mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    out = root / "out"
    _whole(out)
    assert not (out / "downloads").exists()
    guide = (out / "guides/equity/barriers/index.html").read_text(encoding="utf-8")
    assert "downloads/" not in guide
