"""Property tests: no input makes the loader or the validator raise."""

from __future__ import annotations

import math
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oshub.core.project import load_project
from oshub.load.textfile import decode_text
from oshub.load.yamlload import load_yaml
from oshub.validate.run import validate_project
from support import make_project

YAML_ALPHABET = st.sampled_from([*"ab01:-[]{},&*!|>'\"#?% \t\n.~@`=<", "NO", "2024-01-01"])
yaml_like = st.lists(YAML_ALPHABET, max_size=200).map("".join)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)


def _load_bytes(data: bytes) -> None:
    text, problems = decode_text(data, "f.yaml")
    if text is not None:
        _, problems = load_yaml(text, "f.yaml")
    for problem in problems:
        assert problem.line >= 1
        assert problem.col >= 1


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    _load_bytes(data)


@settings(max_examples=400, deadline=None)
@given(yaml_like)
def test_arbitrary_yaml_like_text_never_raises(text: str) -> None:
    _load_bytes(text.encode("utf-8"))


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_safe_dump_round_trips(value: Any) -> None:
    """Whatever PyYAML writes, our loader reads back as PyYAML's own loader does."""
    text = yaml.safe_dump({"root": value}, allow_unicode=True)
    reference = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    doc, problems = load_yaml(text, "f.yaml")
    if problems:  # what PyYAML writes unquoted but we report: "1e3", a `<<` key
        assert all("YAML 1.1" in p.message or "merge keys" in p.message for p in problems), problems
        return
    assert doc is not None
    assert _same(doc.data, reference)


_ROOT = Path(tempfile.mkdtemp(prefix="oshub-prop-"))
_PROJECT = make_project(_ROOT / "project")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300) | yaml_like.map(str.encode))
def test_validating_a_project_with_any_hub_file_never_raises(data: bytes) -> None:
    hub = _PROJECT / "hubs" / "any.yaml"
    hub.write_bytes(data)
    result = validate_project(load_project(_PROJECT), today=date(2026, 11, 24))
    assert result.files_checked == 1
    if not data.strip():
        assert result.errors


MARKDOWN_ALPHABET = st.sampled_from(
    [*"ab0#*_`[]()<>!{}:=|-\"' \n", "---\n", "title: x\n", "<script>", "javascript:", "&#106;"]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(MARKDOWN_ALPHABET, max_size=120).map("".join))
def test_validating_a_project_with_any_guide_page_never_raises(text: str) -> None:
    guide = _PROJECT / "blueprint" / "guides" / "facilitation" / "any.md"
    guide.parent.mkdir(parents=True, exist_ok=True)
    guide.write_text(text, encoding="utf-8")
    try:
        result = validate_project(load_project(_PROJECT), [guide], today=date(2026, 11, 24))
    finally:
        guide.unlink()
    for problem in result.problems:
        assert problem.line >= 1 and problem.col >= 1


def teardown_module() -> None:
    shutil.rmtree(_ROOT, ignore_errors=True)
