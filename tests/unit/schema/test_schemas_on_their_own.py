"""The schemas work without oshub: in check-jsonschema, offline, and without other files."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from oshub.schema.registry import bundled_schemas
from support import REPO
from support.schema_examples import EXAMPLES, KINDS, run_example

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
BEYOND = {
    m.group(1)
    for m in re.finditer(r"^- `([^`]+\.yaml)`", (EXAMPLES / "README.md").read_text(), re.M)
}
"""Examples whose problems come from checks beyond the schemas (listed in the README)."""


def _examples() -> list[tuple[str, Path]]:
    return [
        (kind, path)
        for kind in KINDS
        for path in sorted((EXAMPLES / kind).glob("*/*.yaml"))
        if path.relative_to(EXAMPLES).as_posix() not in BEYOND
    ]


def _check_jsonschema(schema: Path, instance: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(schema), str(instance)],
        capture_output=True,
        text=True,
        timeout=120,
        # no network: a proxy that does not exist makes any download fail at once
        env={"PATH": "/usr/bin:/bin", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""},
    )


def test_committed_schemas_carry_fresh_copies_of_the_shared_definitions() -> None:
    documents = {
        p.name: json.loads(p.read_text(encoding="utf-8"))
        for p in (REPO / "schemas").glob("*.schema.json")
    }
    stale = [
        name for name, schema in bundled_schemas(documents).items() if schema != documents[name]
    ]
    assert stale == [], f"run `make schemas`: {stale} differ from defs.schema.json"


def test_no_schema_refers_to_another_file() -> None:
    for path in (REPO / "schemas").glob("*.schema.json"):
        refs = re.findall(r'"\$ref":\s*"([^"]*)"', path.read_text(encoding="utf-8"))
        assert all(ref.startswith("#") for ref in refs), (path.name, refs)


def test_the_beyond_schema_list_names_real_examples() -> None:
    assert BEYOND
    for rel in BEYOND:
        assert (EXAMPLES / rel).is_file(), rel


@pytest.mark.parametrize(("kind", "example"), _examples(), ids=lambda v: str(v))
def test_check_jsonschema_agrees_with_the_schema_stage(
    tmp_path: Path, kind: str, example: Path
) -> None:
    # the schema file on its own, away from the others, as a stranger would use it
    alone = tmp_path / "alone"
    alone.mkdir()
    schema = shutil.copy(REPO / "schemas" / f"{kind}.schema.json", alone)
    third_party = _check_jsonschema(Path(schema), example)
    assert "Traceback" not in third_party.stderr + third_party.stdout
    _, lines = run_example(tmp_path, kind, example)
    ours = [line for line in lines if re.search(r"\[[^\]]+\]$", line)]  # with a schema path
    if example.parent.name == "valid":
        assert third_party.returncode == 0, third_party.stdout + third_party.stderr
        assert ours == []
    else:
        assert third_party.returncode == 1, third_party.stdout + third_party.stderr
        assert ours, lines


def test_the_link_pattern_of_the_schemas_allows_exactly_the_safe_schemes() -> None:
    from oshub.core.htmlpolicy import SAFE_SCHEMES

    defs = json.loads((REPO / "schemas/defs.schema.json").read_text(encoding="utf-8"))
    pattern = re.compile(defs["$defs"]["url"]["pattern"])
    samples = {
        "https": "https://a.example/x",
        "http": "http://a.example/",
        "mailto": "mailto:a@b.org",
    }
    assert set(samples) == SAFE_SCHEMES
    assert all(pattern.match(url) for url in samples.values())
    for url in ("javascript:alert(1)", "data:text/html,x", "ftp://a.example/", "file:///etc"):
        assert not pattern.match(url), url
