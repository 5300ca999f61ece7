"""The YAML loader: positions, duplicate keys, anchors, depth and YAML 1.1 traps."""

from __future__ import annotations

import pytest

from oshub.load.yamlload import MAX_DEPTH, load_yaml


def messages(text: str) -> list[str]:
    return [f"{p.line}:{p.col}: {p.message}" for p in load_yaml(text, "f.yaml")[1]]


def test_values_and_positions_are_one_based() -> None:
    doc, problems = load_yaml("name: Hub\nlocation:\n  lat: 52.5\n  lon: -4\n", "f.yaml")
    assert problems == []
    assert doc is not None
    assert doc.data == {"name": "Hub", "location": {"lat": 52.5, "lon": -4}}
    assert doc.position(("location", "lat")) == (3, 8)
    assert doc.key_position(("location", "lon")) == (4, 3)
    assert doc.position(("location", "missing")) == (3, 3)  # where the mapping starts


def test_plain_scalars_resolve_like_yaml_1_2_core() -> None:
    doc, problems = load_yaml(
        "a: true\nb: False\nc: ~\nd:\ne: 12\nf: -0.5\ng: '12'\nh: text\n", "f.yaml"
    )
    assert problems == []
    assert doc is not None
    assert doc.data == {
        "a": True,
        "b": False,
        "c": None,
        "d": None,
        "e": 12,
        "f": -0.5,
        "g": "12",
        "h": "text",
    }


@pytest.mark.parametrize(
    ("value", "misread"),
    [
        ("NO", "the boolean false"),
        ("yes", "the boolean true"),
        ("Off", "the boolean false"),
        ("010", "an octal"),
        ("0x1F", "hexadecimal"),
        ("1_000", "without its underscores"),
        ("10:30", "base-60"),
        ("1e3", "a number"),
    ],
)
def test_yaml_1_1_traps_are_reported_and_kept_as_written(value: str, misread: str) -> None:
    doc, problems = load_yaml(f"key: {value}\n", "f.yaml")
    assert doc is not None
    assert doc.data == {"key": value}
    assert len(problems) == 1
    assert f"unquoted `{value}` is read by YAML 1.1 tools as" in problems[0].message
    assert misread in problems[0].message
    assert (problems[0].line, problems[0].col) == (1, 6)
    assert f'quote it ("{value}")' in problems[0].hint


def test_quoted_values_are_never_traps() -> None:
    doc, problems = load_yaml('a: "NO"\nb: \'010\'\nc: "2024-01-01"\n', "f.yaml")
    assert problems == []
    assert doc is not None
    assert doc.data == {"a": "NO", "b": "010", "c": "2024-01-01"}
    assert doc.plain_dates == []


def test_unquoted_dates_stay_text_and_are_remembered() -> None:
    doc, problems = load_yaml("when: 2024-05-01\n", "f.yaml")
    assert problems == []
    assert doc is not None
    assert doc.data == {"when": "2024-05-01"}
    assert doc.plain_dates == [("when",)]


def test_infinity_is_rejected() -> None:
    assert messages("a: .inf\n") == ["1:4: `.inf` (infinity or not-a-number) is not allowed"]


def test_duplicate_keys_name_both_lines() -> None:
    doc, problems = load_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert [p.message for p in problems] == ["duplicate key `a` (first defined on line 1)"]
    assert (problems[0].line, problems[0].col) == (3, 1)
    assert doc is not None
    assert doc.data == {"a": 1, "b": 2}


def test_anchors_and_aliases_are_rejected() -> None:
    assert messages("a: &x [1]\nb: *x\n") == [
        "1:4: YAML anchors (&x) are not allowed in content",
        "2:4: YAML aliases (*x) are not allowed in content",
    ]


def test_alias_bomb_is_rejected_without_expanding() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(ord("b"), ord("j")):
        prev = chr(i - 1)
        lines.append(f"{chr(i)}: &{chr(i)} [" + ",".join([f"*{prev}"] * 9) + "]")
    _, problems = load_yaml("\n".join(lines) + "\n", "bomb.yaml")
    assert problems
    assert all("anchors" in p.message or "aliases" in p.message for p in problems)


def test_deep_nesting_is_stopped_before_composing() -> None:
    doc, problems = load_yaml("[" * 300_000, "deep.yaml")
    assert doc is None
    assert [p.message for p in problems] == [f"nesting deeper than {MAX_DEPTH} levels"]
    assert problems[0].line == 1


def test_nesting_past_the_limit_in_block_style() -> None:
    text = "".join("  " * i + "- \n" for i in range(MAX_DEPTH)) + "  " * MAX_DEPTH + "- x\n"
    doc, problems = load_yaml(text, "deep.yaml")
    assert doc is None
    assert [p.message for p in problems] == [f"nesting deeper than {MAX_DEPTH} levels"]
    assert problems[0].line == MAX_DEPTH + 1


def test_nesting_at_the_limit_is_fine() -> None:
    doc, problems = load_yaml("[" * MAX_DEPTH + "]" * MAX_DEPTH, "ok.yaml")
    assert problems == []
    assert doc is not None


def test_syntax_error_with_tab_hint() -> None:
    _, problems = load_yaml("a:\n\tb: 1\n", "f.yaml")
    assert len(problems) == 1
    assert problems[0].message.startswith("YAML syntax error")
    assert (problems[0].line, problems[0].col) == (2, 1)
    assert "tabs" in problems[0].hint


def test_second_document_and_complex_keys_and_tags() -> None:
    assert messages("a: 1\n---\nb: 2\n") == ["2:1: a second YAML document (`---`) is not allowed"]
    assert messages("? [a]\n: 1\n") == ["1:3: a mapping or list cannot be used as a key"]
    assert messages("a: !!python/object:os.system x\n")[0].startswith(
        "1:4: explicit YAML tags (tag:yaml.org,2002:python/object:os.system)"
    )


def test_comment_only_file_holds_no_data() -> None:
    assert messages("# nothing\n") == ["1:1: file holds no data"]


def test_line_offset_for_front_matter() -> None:
    doc, _ = load_yaml("title: x\n", "page.md", line_offset=1)
    assert doc is not None
    assert doc.position(("title",)) == (2, 8)
