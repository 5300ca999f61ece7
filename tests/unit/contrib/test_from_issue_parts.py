"""Parts of `oshub from-issue`: how a body is split at the form's headings, when a box
counts as ticked, how a short name is cut, and which problems a new file brings."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from oshub.contrib.from_issue import MAX_SLUG, new_problems
from oshub.contrib.issue_body import detect_form, parse_answers, ticked
from oshub.contrib.issue_forms import FORMS
from oshub.core.problems import error, warning
from oshub.core.text import make_slug
from support.issue_bodies import form_file, render_body

ADD_HUB = next(form for form in FORMS if form.name == "add-hub")


def test_headings_are_found_with_spaces_and_tabs_around_their_labels() -> None:
    body = render_body(form_file("add-hub"), {"name": "Tartu", "city": "Tartu"})
    body = body.replace("### Hub name", "###\t Hub name \t").replace("\r\n", "\n")
    answers = parse_answers(body, ADD_HUB)
    assert answers.values["name"] == "Tartu" and answers.values["city"] == "Tartu"
    assert detect_form(body) is ADD_HUB


def test_only_a_form_heading_on_its_own_line_splits_the_body() -> None:
    answers = {"name": "Tartu", "country": "EE", "city": "Tartu"}
    body = render_body(form_file("add-hub"), answers).replace("\r\n", "\n")
    assert "### Country code\n\nEE\n\n### Town or city\n" in body
    for not_a_heading in ("####  Town or city", "###Town or city", " ### Town or city"):
        parsed = parse_answers(body.replace("### Town or city", not_a_heading), ADD_HUB)
        assert "city" in parsed.missing
        assert parsed.values["country"] == f"EE\n\n{not_a_heading}\n\nTartu"


def test_a_heading_typed_in_an_answer_stays_in_it_and_order_counts() -> None:
    description = "### Hub name\n\nNot the hub's name: text of the description."
    body = render_body(form_file("add-hub"), {"name": "Tartu", "description": description})
    answers = parse_answers(body, ADD_HUB)
    assert answers.values["name"] == "Tartu"
    assert answers.values["description"] is not None
    assert "### Hub name" in answers.values["description"]


def test_line_ends_of_every_kind_split_lines() -> None:
    body = render_body(form_file("add-hub"), {"name": "Tartu", "city": "Tartu"})
    for end in ("\r\n", "\r", "\n"):
        answers = parse_answers(body.replace("\r\n", end), ADD_HUB)
        assert answers.values["name"] == "Tartu" and answers.values["city"] == "Tartu"


def test_a_box_is_ticked_only_by_a_list_item_with_x() -> None:
    for yes in ("- [X] I agree", "- [x] I agree", "  *  [X] I agree", "text\n- [X] I agree"):
        assert ticked(yes), yes
    for no in (None, "", "- [ ] I agree", "[X] I agree", "-\n[X] I agree", "+ [X] I agree"):
        assert not ticked(no), no


def _old_make_slug_cut(slug: str) -> str:
    """The loop make_slug used before (time in the square of the length)."""
    while len(slug) > 80:
        slug = slug.rsplit("-", 1)[0] if "-" in slug else slug[:80]
    return slug


@given(st.lists(st.text("abc", min_size=1, max_size=30), min_size=1, max_size=12))
def test_a_long_short_name_is_cut_as_before(words: list[str]) -> None:
    name = " ".join(words)
    slug = make_slug(name, MAX_SLUG)
    assert slug == _old_make_slug_cut("-".join(words))
    assert len(slug) <= 80 and not slug.endswith("-")


def test_a_long_short_name_is_cut_at_a_word_boundary() -> None:
    assert make_slug("word " * 40, MAX_SLUG) == "-".join(["word"] * 16)  # 79 characters
    assert make_slug("x" * 200, MAX_SLUG) == "x" * 80
    assert make_slug("a" * 81 + " b", MAX_SLUG) == "a" * 80


def test_a_problem_in_both_lists_is_not_new_whatever_the_order() -> None:
    clash = error("hubs/b.yaml", 2, 7, "name `B` is already used by hubs/a.yaml")
    broken = error("hubs/c.yaml", 1, 1, "file is empty")
    note = warning("hubs/d.yaml", 3, 1, "a look-alike", hint="did you mean `a`?")
    assert new_problems([clash, broken, note], [note, broken, clash]) == []
    # the hint may change with the files around: the same problem still
    moved_hint = warning("hubs/d.yaml", 3, 1, "a look-alike", hint="did you mean `aa`?")
    assert new_problems([clash, note], [moved_hint, clash]) == []


def test_a_problem_more_or_a_different_one_is_new() -> None:
    clash = error("hubs/b.yaml", 2, 7, "name `B` is already used by hubs/a.yaml")
    other = error("hubs/b.yaml", 2, 7, "name `B` is already used by hubs/aa.yaml")
    assert new_problems([clash], [clash, clash]) == [clash]  # counted, not a set
    assert new_problems([clash], [other]) == [other]
    as_warning = warning("hubs/b.yaml", 2, 7, clash.message)
    assert new_problems([clash], [as_warning]) == [as_warning]
    assert new_problems([], [clash]) == [clash]
