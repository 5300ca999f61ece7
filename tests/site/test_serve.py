"""`oshub serve` through the real server on loopback: what a contributor sees when an
edit is good, when it is bad, when it is fixed, and when the preview starts broken."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
from pathlib import Path

from support import copy_repository
from support.served import Served, edit, oshub_command

LEMNOS = "Open Science Hub Lemnos"


def validate_lines(root: Path) -> list[str]:
    """The problem lines `oshub validate` prints for the project (without its summary)."""
    result = subprocess.run(
        [*oshub_command(), "validate"], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1, result.stdout + result.stderr
    return result.stdout.splitlines()[:-1]


def test_a_session_with_good_and_bad_edits(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    served = Served(root)
    try:
        status, page = served.wait_for("hubs/lemnos/", LEMNOS)
        assert status == 200
        # the preview's reload script is inline: a policy allowing only hashed scripts
        # would block it, so the preview's pages go without one (built sites keep it)
        assert "livereload" in page
        assert "Content-Security-Policy" not in page

        # a good edit: the hub's page, the directory and search all follow
        hub = root / "hubs" / "lemnos.yaml"
        edit(hub, f"name: {LEMNOS}", "name: Island Hub Renamed")
        served.wait_for("hubs/lemnos/", "Island Hub Renamed")
        served.wait_for("hubs/", "Island Hub Renamed")
        index = json.loads(served.wait_for("search/search_index.json", "Island Hub Renamed")[1])
        titles = {doc["title"] for doc in index["docs"]}
        assert "Island Hub Renamed" in titles
        assert LEMNOS not in titles
        assert any("Dublin" in title for title in titles), "other pages left the search index"
        assert any(doc["location"].startswith("guides/") for doc in index["docs"])

        # a bad edit: every page shows the problem; the terminal prints it as validate does
        edit(hub, 'country: "GR"', "country: Greece")
        status, page = served.wait_for("hubs/lemnos/", "waiting for a fix")
        assert status == 500
        assert "hubs/lemnos.yaml:3:10" in page
        assert "Greece" in page and "Hint:" in page and "properties/country/pattern" in page
        assert '<html lang="en">' in page and "livereload" in page
        for other in ("", "guides/", "hubs/dublin/", "no/such/page/"):
            assert served.wait_for(other, "hubs/lemnos.yaml:3:10")[0] == 500
        assert served.fetch("assets/stylesheets/oshub.css") == served.fetch(
            "assets/stylesheets/oshub.css"
        ), "files other than pages are still served"
        expected = validate_lines(root)
        assert any("hubs/lemnos.yaml:3:10: error:" in line for line in expected)
        served.wait_for_output(expected[-1])
        printed = served.stdout.splitlines()
        for line in expected:
            assert line in printed, f"the terminal lacks: {line}"
        assert "1 error, 0 warnings in 1 file" in served.stdout

        # fixed: the site is back, and says so
        edit(hub, "country: Greece", 'country: "GR"')
        assert served.wait_for("hubs/lemnos/", "Island Hub Renamed")[0] == 200
        assert "fixed" in served.stderr

        # a broken guide page, then fixed
        guide = root / "blueprint" / "guides" / "equity" / "barriers.md"
        edit(guide, "## Geography", "## Geography\n\n[a trap](jav&#x61;script:alert(1))")
        status, page = served.wait_for("guides/equity/barriers/", "waiting for a fix")
        assert status == 500
        line = next(line for line in validate_lines(root) if "barriers.md" in line)
        assert line.split(": error:")[0] in page
        served.wait_for_output(line)
        edit(guide, "\n\n[a trap](jav&#x61;script:alert(1))", "\n\nA new sentence here.")
        served.wait_for("guides/equity/barriers/", "A new sentence here.")

        # a new hub appears everywhere; removed, it is gone everywhere
        new = root / "hubs" / "a-new-hub.yaml"
        shutil.copy(hub, new)
        edit(new, "name: Island Hub Renamed", "name: A Brand New Hub")
        served.wait_for("hubs/a-new-hub/", "A Brand New Hub")
        served.wait_for("hubs/", "A Brand New Hub")
        new.unlink()
        served.wait_for("hubs/a-new-hub/", "404")
        assert "A Brand New Hub" not in served.wait_for("hubs/", "Island Hub Renamed")[1]

        # addresses that cannot be a file of the site: 400, and the preview goes on
        for path in MALFORMED:
            assert served.status(path) == 400, path
        assert served.status("/hubs/lemnos/") == 200
        stops_cleanly(served, signal.SIGTERM)
    finally:
        served.stop()


MALFORMED = (
    "/%00",
    "/x%00.css",
    "/%",
    "/assets/%zz.css",
    "/..%2f..%2fetc%2fpasswd",
    "/hubs/%2e%2e/%2e%2e/mkdocs.yml",
    "/%ff%fe.css",
    "/%c0%ae%c0%ae/",
    "/a\\b.css",
    "/" + "x" * 5000,
)
"""Paths with a NUL, a stray or broken escape, a way up, invalid UTF-8, a backslash,
more than the preview's limit."""


def stops_cleanly(served: Served, signum: int) -> None:
    """``signum`` stops the preview: exit 0, its temporary folder removed, no traceback."""
    folders = served.built_in()
    assert len(folders) == 1 and (folders[0] / "index.html").is_file()
    served.process.send_signal(signum)
    # generous: a rebuild under way finishes first, and the other test worker may be printing
    assert served.process.wait(timeout=120) == 0
    assert not folders[0].exists()
    assert served.built_in() == []
    assert "oshub: stopping" in served.stderr
    assert "Traceback" not in served.stderr, served.stderr


def test_starting_with_a_broken_file(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    hub = root / "hubs" / "lemnos.yaml"
    edit(hub, "sdgs:", "sdgs: [4]\nunknown_key: 1\nsdgs_again:")
    served = Served(root)
    try:
        status, page = served.wait_for("", "waiting for a fix")
        assert status == 500
        assert "hubs/lemnos.yaml" in page
        assert served.process.poll() is None, "the preview must keep running"
        for line in validate_lines(root):
            assert line in served.stdout
        hub.write_text((copy_repository(tmp_path / "fresh") / "hubs" / "lemnos.yaml").read_text())
        assert served.wait_for("hubs/lemnos/", LEMNOS)[0] == 200
        assert served.wait_for("", "OSHub")[0] == 200
        stops_cleanly(served, signal.SIGINT)
    finally:
        served.stop()


def test_a_usage_problem_stops_the_preview(tmp_path: Path) -> None:
    root = copy_repository(tmp_path / "p")
    result = subprocess.run(
        [*oshub_command(), "serve", "--dev-addr", "no-port-here"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "HOST:PORT" in result.stderr
    assert "Traceback" not in result.stderr
