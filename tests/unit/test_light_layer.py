"""`pip install oshub` gives a validator that needs none of the site stack."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from support import REPO

SITE_STACK = ("mkdocs", "material", "jinja2", "markdown", "odf", "nh3", "babel")
OUTPUT_MODULES = ("oshub.maps", "oshub.directory", "oshub.pages", "oshub.render")
BLOCK = (
    "import sys\n"
    f"for name in {SITE_STACK!r}:\n"
    "    sys.modules[name] = None  # import fails as if it were not installed\n"
)


def _python(code: str, cwd: object = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=cwd
    )


def test_importing_the_validator_loads_nothing_of_the_site() -> None:
    result = _python(
        "import sys, oshub.validate, oshub.scaffold, oshub.cli\n"
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
    run = BLOCK + "from oshub.cli import main\nsys.exit(main(sys.argv[1:]))\n"
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
