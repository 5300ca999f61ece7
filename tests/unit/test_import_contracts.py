"""The package's layers, as import-linter checks them (``[tool.importlinter]`` in pyproject).

The light layer's contract lists the import names of the ``site`` extra by hand (TOML
cannot compute them): this test keeps that list equal to what pyproject's ``site``
extra installs, so adding a site tool without forbidding it fails here.
"""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

from support import REPO
from support.light_layer import import_contract, pyproject

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
LIGHT = (
    "oshub.core",
    "oshub.routes",
    "oshub.load",
    "oshub.schema",
    "oshub.validate",
    "oshub.model",
)
"""The layers ``pip install oshub`` (no extra) needs for ``oshub validate`` and ``oshub new``."""


def _distribution(requirement: str) -> str:
    name = re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0]
    return name.lower().replace("_", "-")


def site_import_names() -> set[str]:
    """The top-level import names of every distribution the ``site`` extra lists."""
    extra = pyproject()["project"]["optional-dependencies"]["site"]
    wanted = {_distribution(r) for r in extra}
    found: dict[str, set[str]] = {}
    for module, distributions in importlib.metadata.packages_distributions().items():
        for distribution in distributions:
            found.setdefault(distribution.lower().replace("_", "-"), set()).add(module)
    missing = wanted - set(found)
    assert not missing, f"not installed, so their import names are unknown: {missing}"
    return {module for name in wanted for module in found[name] if not module.startswith("_")}


def test_the_light_contract_forbids_every_package_of_the_site_extra() -> None:
    contract = import_contract("light")
    assert set(contract["forbidden_modules"]) == site_import_names()
    assert tuple(contract["source_modules"]) == LIGHT


def test_the_layers_contract_places_every_subpackage() -> None:
    contract = import_contract("layers")
    assert contract["exhaustive"] is True  # a new subpackage must be given its layer
    package = REPO / "scripts" / "oshub"
    named = {part.strip() for layer in contract["layers"] for part in layer.split("|")}
    children = {p.name for p in package.iterdir() if (p / "__init__.py").is_file()}
    children |= {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    ignored = set(contract["exhaustive_ignores"])
    assert children - ignored == named


def test_the_package_keeps_its_contracts() -> None:
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_lower_layer_importing_a_higher_one_is_refused(tmp_path: Path) -> None:
    """The same kind of contract on a two-layer package whose lower layer reaches up
    under ``TYPE_CHECKING`` (which counts): lint-imports names the import."""
    package = tmp_path / "twolayers"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "high.py").write_text("from twolayers import low\n")
    (package / "low.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from twolayers import high\n"
    )
    config = tmp_path / "contracts.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "twolayers"\n'
        '[[tool.importlinter.contracts]]\nname = "high over low"\ntype = "layers"\n'
        'containers = ["twolayers"]\nlayers = ["high", "low"]\n'
    )
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(config)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "twolayers.low -> twolayers.high" in result.stdout
