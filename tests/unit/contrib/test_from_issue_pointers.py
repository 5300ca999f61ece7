"""`from-issue` names the question a problem belongs to by the problem's JSON pointer: the
question whose key is the longest prefix of it, segment by segment. The words of the
message play no part, so a message reworded tomorrow still lands at its question."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from oshub.contrib.from_issue import form_problem, from_issue, question_for
from oshub.contrib.issue_forms import FORMS, Question, questions
from oshub.core.problems import Problem, error, warning
from oshub.core.project import load_project
from oshub.schema.registry import schema_documents
from support import REPO
from support.issue_bodies import ADD_HUB, form_file, render_body

SCHEMAS = schema_documents(REPO / "schemas")


def asked(name: str) -> list[Question]:
    return questions(next(form for form in FORMS if form.name == name), SCHEMAS)


def label_for(pointer: str, form: str = "add-hub") -> str | None:
    question = question_for(pointer, asked(form))
    return question.field.label if question is not None else None


def test_a_nested_value_belongs_to_its_own_question() -> None:
    assert label_for("/location/lat") == "Latitude"
    assert label_for("/location/lon") == "Longitude"
    assert label_for("/contact/email") == "Public e-mail address"
    assert label_for("/local_name/lang") == "Language of the local name"


def test_a_list_item_belongs_to_the_question_of_the_list_or_of_the_item() -> None:
    assert label_for("/links/1/url") == "Links"  # one question for the whole list
    assert label_for("/hosts/0/url") == "Host organisation's website"  # the first item's
    assert label_for("/hubs/1", "propose-mission") == "Hubs taking part"
    assert label_for("/challenges/0/hub", "propose-mission") == "Hub of the first challenge"


def test_prefixes_count_by_whole_segments_only() -> None:
    assert label_for("/hosts/01/url") is None  # not the item /hosts/0
    assert label_for("/location/latitude") is None  # not /location/lat
    assert label_for("/sdgs2") is None  # not /sdgs
    assert label_for("") is None  # the whole file: no question


def test_a_reworded_message_still_lands_at_its_question() -> None:
    questions_ = asked("add-hub")
    before = error("hubs/x.yaml", 4, 8, "location.lat: 95 is out of range", pointer="/location/lat")
    after = error("hubs/x.yaml", 4, 8, "Breitengrad 95 liegt daneben", pointer="/location/lat")
    assert form_problem(before, questions_).field == "Latitude"
    assert form_problem(before, questions_).message == "95 is out of range"  # its place goes
    assert form_problem(after, questions_).field == "Latitude"
    assert form_problem(after, questions_).message == "Breitengrad 95 liegt daneben"


def test_the_pointer_wins_over_a_path_the_message_happens_to_name() -> None:
    problem = warning("hubs/x.yaml", 2, 7, "contact.email: looks like the name", pointer="/name")
    found = form_problem(problem, asked("add-hub"))
    assert (found.field, found.severity) == ("Hub name", "warning")
    assert found.message == "contact.email: looks like the name"
    whole = error("hubs/x.yaml", 1, 1, "location.lat: file is empty")
    assert form_problem(whole, asked("add-hub")).field == ""


def _missing(pointer: str) -> Problem:
    return error("hubs/x.yaml", 1, 1, "whatever the words", schema_path="required", pointer=pointer)


def test_a_missing_value_asks_the_question_at_or_below_it() -> None:
    questions_ = asked("add-hub")
    for pointer, question in [
        ("/location/city", "Town or city"),
        ("/location", "Town or city"),  # the first question of the missing mapping
        ("/name", "Hub name"),
    ]:
        found = form_problem(_missing(pointer), questions_)
        assert (found.field, found.message) == (question, "please answer this question")


def test_a_short_name_the_site_uses_itself_is_refused_at_its_question(
    real_project: Path,
) -> None:
    body = render_body(form_file("add-hub"), {**ADD_HUB, "slug": "map"})
    outcome = from_issue(load_project(real_project), body, real_project)
    assert outcome.written is None and not (real_project / "hubs" / "map.yaml").exists()
    [problem] = outcome.problems
    assert problem.field == "Short name for the address"
    assert "`map` cannot be a slug" in problem.message


def test_a_form_reads_the_schemas_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The questions, the key order and both validations of the scratch copy share one
    reading of the schema files."""
    import oshub.schema.registry as registry
    from support import FIXTURES, copy_repository

    project = load_project(copy_repository(tmp_path / "p"))
    reads: list[Path] = []
    real = registry.schema_documents

    def counting(schema_dir: Path, *args: Any) -> dict[str, dict[str, Any]]:
        reads.append(schema_dir)
        return real(schema_dir, *args)

    monkeypatch.setattr(registry, "schema_documents", counting)
    body = (FIXTURES / "issues" / "add-hub-good.md").read_text(encoding="utf-8")
    outcome = from_issue(project, body, None)
    assert outcome.ok and outcome.text
    assert reads == [project.schema_dir]
