"""`pip install oshub` gives a validator that needs none of the site stack."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from support import REPO
from support.light_layer import BLOCK, SITE_STACK

OUTPUT_MODULES = (
    "oshub.outputs.site.maps",
    "oshub.outputs.site.directory",
    "oshub.outputs.site.pages",
    "oshub.render.renderer",
)


def _python(code: str, cwd: object = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=cwd
    )


def test_importing_the_validator_loads_nothing_of_the_site() -> None:
    result = _python(
        "import sys, oshub.validate.run, oshub.contrib.scaffold, oshub.cli.main\n"
        f"names = {SITE_STACK + OUTPUT_MODULES!r}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in names or m in names))"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_base_install_depends_on_no_site_tool() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    base = " ".join(project["dependencies"]).lower()
    for name in ("mkdocs", "jinja2", "markdown", "odfpy", "nh3", "babel"):
        assert name not in base
    site = " ".join(project["optional-dependencies"]["site"]).lower()
    for name in ("mkdocs", "mkdocs-material", "jinja2", "markdown", "odfpy", "nh3", "babel"):
        assert name in site


def test_validate_works_and_build_asks_for_the_site_tools_without_them() -> None:
    run = BLOCK + "from oshub.cli.main import main\nsys.exit(main(sys.argv[1:]))\n"
    validate = subprocess.run(
        [sys.executable, "-c", run, "validate"], capture_output=True, text=True, cwd=REPO
    )
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "no problems" in validate.stdout
    for command in ("build", "serve"):
        result = subprocess.run(
            [sys.executable, "-c", run, command], capture_output=True, text=True, cwd=REPO
        )
        assert result.returncode == 2
        assert "pip install 'oshub[site]'" in result.stderr
        assert "Traceback" not in result.stderr
