"""JSON pointers (RFC 6901) of loaded values, and the pointers of the loader's problems."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from oshub.load.yamlload import json_pointer, load_yaml, pointer_parts


def pointers(text: str) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.pointer) for p in load_yaml(text, "f.yaml")[1]]


def test_a_pointer_names_keys_and_indexes_from_the_root() -> None:
    assert json_pointer(()) == ""
    assert json_pointer(("contact", "email")) == "/contact/email"
    assert json_pointer(("projects", 2, "title")) == "/projects/2/title"
    assert json_pointer(("",)) == "/"  # the key "" is a value too


def test_tilde_and_slash_in_keys_are_escaped_tilde_first() -> None:
    assert json_pointer(("a/b", "m~n", "~1")) == "/a~1b/m~0n/~01"
    assert pointer_parts("/a~1b/m~0n/~01") == ("a/b", "m~n", "~1")
    assert pointer_parts("") == ()
    assert pointer_parts("/projects/2") == ("projects", "2")


@given(st.lists(st.text("a/~01", max_size=4), max_size=5))
def test_parts_read_back_what_the_pointer_wrote(keys: list[str]) -> None:
    assert pointer_parts(json_pointer(tuple(keys))) == tuple(keys)


def test_a_duplicate_key_points_at_its_value() -> None:
    text = "name: a\ncontact:\n  email: x@example.org\n  email: y@example.org\n"
    assert pointers(text) == [(4, 3, "/contact/email")]
    in_a_list = "projects:\n  - title: a\n  - title: b\n    title: c\n"
    assert pointers(in_a_list) == [(4, 5, "/projects/1/title")]


def test_yaml_surprises_point_at_the_value_they_are_in() -> None:
    text = "a: NO\nb: [1, &x 2, *x]\nc:\n  d: .inf\n  'x/y': 010\n"
    assert pointers(text) == [
        (1, 4, "/a"),
        (2, 8, "/b/1"),
        (2, 14, "/b/2"),
        (4, 6, "/c/d"),
        (5, 10, "/c/x~1y"),
    ]


def test_problems_about_no_value_have_the_empty_pointer() -> None:
    assert pointers("a: 1\n---\nb: 2\n") == [(2, 1, "")]  # a second document
    assert pointers("a: [unclosed\n") == [(2, 1, "")]  # a syntax error
    assert pointers("# only a comment\n") == [(1, 1, "")]
    # inside the value of a repeated key, which is left out of the data
    assert pointers("a:\n  b: 1\na:\n  b: NO\n") == [(3, 1, "/a"), (4, 6, "")]


def test_front_matter_keeps_its_lines_and_pointers() -> None:
    _, problems = load_yaml("title: a\ntitle: b\n", "blueprint/guides/x.md", line_offset=1)
    assert [(p.line, p.pointer) for p in problems] == [(3, "/title")]
