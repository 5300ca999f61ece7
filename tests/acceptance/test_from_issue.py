"""`oshub from-issue` on recorded issue bodies: a submitted form becomes a content file
and a comment in plain words; stranger input stays data."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from support import FIXTURES
from support.commands import oshub
from support.github_markdown import acting_parts
from support.issue_bodies import ADD_HUB, form_file, render_body

ISSUES = FIXTURES / "issues"


def from_issue(project: Path, body: Path | str, *args: str):
    if isinstance(body, str):
        path = project.parent / "body.md"
        path.write_bytes(body.encode("utf-8"))
        body = path
    return oshub("from-issue", str(body), *args, cwd=project)


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def outside_code(markdown: str) -> str:
    """The comment without its code block and code spans (where GitHub shows text as is)."""
    without_blocks = re.sub(r"(`{3,})yaml\n.*?\n\1", "", markdown, flags=re.DOTALL)
    return re.sub(r"`[^`\n]*`", "", without_blocks)


def test_a_good_hub_form_becomes_a_valid_hub_file(real_project: Path) -> None:
    result = from_issue(real_project, ISSUES / "add-hub-good.md")
    assert result.returncode == 0, result.stdout + result.stderr
    hub = real_project / "hubs" / "tartu.yaml"
    data = load(hub)
    assert data["name"] == "Open Science Hub Tartu"
    assert data["country"] == "EE"  # typed in lower case
    assert data["location"] == {"city": "Tartu", "lat": 58.38, "lon": 26.72, "precision": "city"}
    assert data["sdgs"] == [4, 16]  # "Peace, Justice and ..." holds a comma: still one goal
    assert data["stakeholders"] == ["schools", "families", "universities"]
    assert data["hosts"] == [
        {
            "name": "Example Science Centre",
            "type": "science-centre",
            "url": "https://www.example.org/",
        }
    ]
    assert data["links"] == [
        {"title": "Hub website", "url": "https://www.example.org/hub"},
        {"title": "A report about the hub", "url": "https://www.example.org/report.pdf"},
    ]
    assert "### A heading the author typed" in data["description"]  # not a form heading
    assert data["last_reviewed"] == date.today()
    assert "region" not in data["location"] and "barriers" not in data  # left empty
    assert hub.read_text().startswith("# yaml-language-server: $schema=../schemas/hub.schema.json")
    assert "`hubs/tartu.yaml`" in result.stdout and "Thank you" in result.stdout
    validate = oshub("validate", cwd=real_project)
    assert validate.returncode == 0, validate.stdout


def test_a_bad_hub_form_gets_every_problem_by_its_question(real_project: Path) -> None:
    before = sorted(p.name for p in (real_project / "hubs").iterdir())
    result = from_issue(real_project, ISSUES / "add-hub-bad.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert sorted(p.name for p in (real_project / "hubs").iterdir()) == before  # nothing written
    problems = {
        line.split("**")[1]: line for line in result.stdout.splitlines() if line.startswith("- **")
    }
    assert set(problems) == {
        "Licence",
        "Town or city",
        "Hub name",
        "Country code",
        "Latitude",
        "How precise is the pin",
        "Started",
        "Links",
        "Description",
    }
    assert "out of range (from -90 to 90)" in problems["Latitude"]
    assert "allowed values: exact, city, region" in problems["How precise is the pin"]
    assert "not a real date" in problems["Started"]
    assert "javascript:alert(1)" in problems["Links"]
    assert "raw HTML" in problems["Description"]
    assert "please tick the box" in problems["Licence"]
    assert "please answer this question" in problems["Town or city"]
    # plain words: no schema paths, no YAML keys
    assert "[properties/" not in result.stdout and "location.lat" not in result.stdout
    # the comment itself holds no markup or mention outside code
    assert "<" not in outside_code(result.stdout)
    acting = acting_parts(result.stdout)
    assert acting.elements == [] and acting.mentions == [] and acting.references == []


def test_a_proposed_mission_names_existing_hubs(real_project: Path) -> None:
    good = from_issue(real_project, ISSUES / "propose-mission-good.md")
    assert good.returncode == 0, good.stdout
    data = load(real_project / "missions" / "rivers-we-share.yaml")
    assert data["hubs"] == ["lemnos", "the-hague"]  # a page address became its slug
    assert data["status"] == "proposed" and data["sdgs"] == [6, 14]
    assert data["challenges"][0]["hub"] == "the-hague"
    assert oshub("validate", cwd=real_project).returncode == 0

    bad = from_issue(real_project, ISSUES / "propose-mission-bad.md")
    assert bad.returncode == 1
    assert "**Hubs taking part**: no hub `lemnso`" in bad.stdout
    assert "did you mean `lemnos`?" in bad.stdout
    assert "**Hub of the first challenge**: `grenoble` is not one of this mission's hubs" in (
        bad.stdout
    )
    assert "**Short name for the address**: use only lowercase letters" in bad.stdout


def test_an_update_changes_only_what_was_answered(real_project: Path) -> None:
    hub = real_project / "hubs" / "lemnos.yaml"
    hub.write_text(hub.read_text() + "started: 2021-09-01\n", encoding="utf-8")
    before = load(hub)
    result = from_issue(real_project, ISSUES / "update-hub-good.md")
    assert result.returncode == 0, result.stdout
    after = load(hub)
    assert after["status"] == "active"
    assert after["contact"] == {"email": "info@example.org"}
    assert after["last_reviewed"] == date.today()
    unchanged = {k: v for k, v in after.items() if k not in ("status", "contact", "last_reviewed")}
    assert unchanged == {k: v for k, v in before.items() if k != "last_reviewed"}
    assert hub.read_text().startswith("# yaml-language-server:")
    assert "sdgs: [12, 13, 14, 15]" in hub.read_text()  # the house style of lists is kept
    assert "started: 2021-09-01\n" in hub.read_text()  # and of dates
    assert oshub("validate", cwd=real_project).returncode == 0

    unknown = from_issue(real_project, ISSUES / "update-hub-unknown.md")
    assert unknown.returncode == 1
    assert "**Hub to update**: there is no hub `atlantis`" in unknown.stdout


def test_a_guide_suggestion_writes_nothing(real_project: Path) -> None:
    before = sorted(str(p) for p in real_project.rglob("*"))
    result = from_issue(real_project, ISSUES / "improve-guide-good.md", "--format", "json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["form"] == "improve-guide" and report["path"] is None
    assert report["notes"]["suggestion"].startswith("The example of a stakeholder map")
    assert sorted(str(p) for p in real_project.rglob("*")) == before
    unanswered = render_body(
        form_file("improve-guide"), {"page": "Mapping", "suggestion": "More", "consent": True}
    )
    result = from_issue(real_project, unanswered)
    assert result.returncode == 1
    assert "**Guide area**: please answer this question" in result.stdout


def test_json_output_for_the_workflow(real_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = from_issue(
        real_project, ISSUES / "add-hub-good.md", "--format", "json", "--out", str(out)
    )
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert (
        report["ok"] is True and report["form"] == "add-hub" and report["label"] == "form: add hub"
    )
    assert report["path"] == "hubs/tartu.yaml" and report["slug"] == "tartu"
    assert (out / "hubs" / "tartu.yaml").is_file()
    assert not (real_project / "hubs" / "tartu.yaml").exists()
    assert report["comment"].startswith("Thank you")
    bad = json.loads(from_issue(real_project, ISSUES / "add-hub-bad.md", "--format", "json").stdout)
    assert bad["ok"] is False and bad["path"] is None
    assert {"field": "Latitude", "severity": "error"}.items() <= next(
        p for p in bad["problems"] if p["field"] == "Latitude"
    ).items()


def test_a_body_that_is_not_a_form(real_project: Path) -> None:
    result = from_issue(real_project, ISSUES / "not-a-form.md")
    assert result.returncode == 1
    assert "could not be read as one of the forms" in result.stdout
    assert "its questions were not found" in result.stdout


def test_usage_errors_exit_2(real_project: Path) -> None:
    assert from_issue(real_project, real_project / "missing.md").returncode == 2
    bad_flag = from_issue(real_project, ISSUES / "add-hub-good.md", "--format", "xml")
    assert bad_flag.returncode == 2
    no_out = from_issue(real_project, ISSUES / "add-hub-good.md", "--out", "nowhere")
    assert no_out.returncode == 2 and "no such folder" in no_out.stderr


@pytest.mark.parametrize(
    "name",
    [
        "Hub\nname: evil",
        "!!python/object/apply:os.system ['touch /tmp/oshub-pwned']",
        "{a: 1}",
        "&anchor *alias",
        "NO",
        "'; DROP TABLE hubs; --",
    ],
)
def test_yaml_in_answers_stays_text(real_project: Path, name: str) -> None:
    body = render_body(form_file("add-hub"), {**ADD_HUB, "name": name, "slug": "stranger"})
    result = from_issue(real_project, body)
    assert result.returncode == 0, result.stdout
    data = load(real_project / "hubs" / "stranger.yaml")
    assert data["name"] == " ".join(name.split())  # one line of text, exactly as typed
    assert set(data) <= {"name", "country", "location", "sdgs", "description", "last_reviewed"}
    assert not Path("/tmp/oshub-pwned").exists()


def test_a_short_name_cannot_leave_its_folder(real_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    body = render_body(form_file("add-hub"), {**ADD_HUB, "slug": "../../evil"})
    result = from_issue(real_project, body, "--out", str(out))
    assert result.returncode == 1
    assert "**Short name for the address**" in result.stdout
    assert list(out.rglob("*")) == [] and not (tmp_path / "evil.yaml").exists()


def test_control_characters_and_huge_bodies_are_refused(real_project: Path) -> None:
    body = render_body(form_file("add-hub"), {**ADD_HUB, "city": "Tar\x00tu\u202e"})
    result = from_issue(real_project, body)
    assert result.returncode == 1
    assert "**Town or city**: the answer holds invisible control characters" in result.stdout
    huge = render_body(form_file("add-hub"), {**ADD_HUB, "description": "x" * 2_000_000})
    result = from_issue(real_project, huge)
    assert result.returncode == 1
    assert "too long" in result.stdout
    assert not (real_project / "hubs" / "open-science-hub-tartu.yaml").exists()


def test_long_text_is_reported_not_cut(real_project: Path) -> None:
    body = render_body(form_file("add-hub"), {**ADD_HUB, "description": "word " * 5000})
    result = from_issue(real_project, body)
    assert result.returncode == 1
    assert "**Description**: too long (24999 characters, at most 20000)" in result.stdout


@pytest.mark.parametrize("name", ["add-hub", "propose-mission"])
def test_round_trip_form_to_body_to_valid_yaml(real_project: Path, name: str) -> None:
    """Every question of the checked-in form answered with the schema's own examples and
    options: the body GitHub would write becomes a file that validates, holding them."""
    form = form_file(name)
    answers: dict = dict(ADD_HUB)
    for element in form["body"]:
        attributes = element.get("attributes", {})
        if element["type"] == "dropdown":
            options = attributes["options"]
            answers[element["id"]] = options[:2] if attributes["multiple"] else options[1]
        elif element["type"] == "checkboxes":
            answers[element["id"]] = True
    answers.update(
        {"precision": "city"}
        if name == "add-hub"
        else {
            "title": "Rivers we share",
            "summary": "Schools study the rivers near them.",
            "hubs": "lemnos, the-hague",
            "challenge-hub": "lemnos",
            "challenge-title": "A river",
            "challenge-description": "What lives in it?",
            "sources": "none yet",
        }
    )
    if name == "add-hub":
        answers.update({"precision": "city", "local-name": "Tartu keskus", "local-name-lang": "et"})
        answers.update({"started": "2024-09-01", "languages": "et, en", "region": "Tartu County"})
        answers.update({"email": "hub@example.org", "links": "https://www.example.org/ Website"})
        answers.update({"host": "Example", "host-url": "https://www.example.org/"})
    result = from_issue(real_project, render_body(form, answers), "--format", "json")
    report = json.loads(result.stdout)
    assert result.returncode == 0, report["comment"]
    written = real_project / report["path"]
    assert oshub("validate", report["path"], cwd=real_project).returncode == 0
    data = load(written)
    if name == "add-hub":
        assert data["sdgs"] == [1, 2]  # the first two options
        assert data["hosts"][0]["type"] == "research-institute"  # the second option
        assert data["status"] == "active"
        assert data["stakeholders"] == ["families", "schools"]
        assert data["local_name"] == {"text": "Tartu keskus", "lang": "et"}
        assert data["started"] == date(2024, 9, 1)
    else:
        assert data["hubs"] == ["lemnos", "the-hague"] and data["sdgs"] == [1, 2]


@pytest.mark.parametrize(
    "answer",
    [
        "\\`@octocat<img src=x>`",
        "``` @octocat<img src=y>`",
        "`a`@octocat<img src=z>`b` Fixes #1 [a](https://example.org) www.example.org",
    ],
)
def test_a_hostile_answer_stays_text_in_the_reply(real_project: Path, answer: str) -> None:
    body = (ISSUES / "add-hub-good.md").read_text(encoding="utf-8")
    body = body.replace("### Status\n\nforming\n", f"### Status\n\n{answer}\n")
    assert answer in body
    result = from_issue(real_project, body)
    assert result.returncode == 1 and "**Status**" in result.stdout
    acting = acting_parts(result.stdout)
    assert acting.elements == [] and acting.mentions == [] and acting.references == []


def test_a_look_alike_of_another_hub_s_name_is_refused(real_project: Path) -> None:
    """A look-alike (a Greek omicron for the o) is a warning for the validator; the form
    still refuses it, since it brings a problem the project did not have."""
    body = render_body(
        form_file("add-hub"),
        {**ADD_HUB, "name": "Open Science Hub Lemn\u03bfs", "slug": "lemnos-two"},
    )
    result = from_issue(real_project, body, "--format", "json")
    assert result.returncode == 1, result.stdout
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["path"] is None
    assert not (real_project / "hubs" / "lemnos-two.yaml").exists()
    assert [p["severity"] for p in report["problems"]] == ["warning"]
    assert "hubs/lemnos.yaml" in report["problems"][0]["message"]
    assert "need a change" in report["comment"]


@pytest.mark.parametrize("slug", ["aaa-lemnos", "zzz-lemnos"])
def test_a_name_another_hub_has_is_refused_whichever_file_reports_it(
    real_project: Path, slug: str
) -> None:
    """The validator reports a clash on the file that sorts second: on the new file
    (zzz-) or on the existing hub's (aaa-); both refuse the form."""
    body = render_body(
        form_file("add-hub"), {**ADD_HUB, "name": "Open Science Hub LEMNOS", "slug": slug}
    )
    result = from_issue(real_project, body, "--format", "json")
    assert result.returncode == 1, result.stdout
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["path"] is None
    assert not (real_project / "hubs" / f"{slug}.yaml").exists()
    [clash] = [p for p in report["problems"] if "already used" in p["message"]]
    assert clash["field"] == "Hub name" and clash["severity"] == "error"
    if slug == "aaa-lemnos":
        assert clash["message"].startswith("with this answer, `hubs/lemnos.yaml` would have")
    else:
        assert "hubs/lemnos.yaml" in clash["message"]
    acting = acting_parts(report["comment"])
    assert acting.elements == [] and acting.mentions == [] and acting.references == []
    assert oshub("validate", cwd=real_project).returncode == 0  # nothing was written


def test_problems_the_project_already_has_do_not_block_a_form(real_project: Path) -> None:
    hubs = real_project / "hubs"
    (hubs / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    # a clash between two existing hubs, reported on the copy
    (hubs / "zz-copy.yaml").write_text((hubs / "the-hague.yaml").read_text(), encoding="utf-8")
    assert oshub("validate", cwd=real_project).returncode == 1
    for body, made in [
        (ISSUES / "add-hub-good.md", "hubs/tartu.yaml"),
        (ISSUES / "propose-mission-good.md", "missions/rivers-we-share.yaml"),
        (ISSUES / "update-hub-good.md", "hubs/lemnos.yaml"),
    ]:
        result = from_issue(real_project, body, "--format", "json")
        report = json.loads(result.stdout)
        assert result.returncode == 0, report["comment"]
        assert report["path"] == made and report["problems"] == []
    after = oshub("validate", "--format", "json", cwd=real_project)
    assert {p["path"] for p in json.loads(after.stdout)} == {
        "hubs/broken.yaml",
        "hubs/zz-copy.yaml",
    }
    assert [p.name for p in hubs.iterdir() if p.name.startswith(".")] == []  # no partial file


def test_an_existing_output_is_refused_in_words(real_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    first = from_issue(real_project, ISSUES / "add-hub-good.md", "--out", str(out))
    assert first.returncode == 0, first.stdout + first.stderr
    written = out / "hubs" / "tartu.yaml"
    before = written.read_bytes()
    for body in ("add-hub-good.md", "update-hub-good.md"):  # an update too, when not in place
        from_issue(real_project, ISSUES / body, "--out", str(out))
        again = from_issue(real_project, ISSUES / body, "--out", str(out), "--format", "json")
        assert again.returncode == 2, again.stdout + again.stderr
        assert "already exists: not overwriting it" in again.stderr
        assert "Traceback" not in again.stderr and again.stdout == ""
    assert written.read_bytes() == before
    assert sorted(p.name for p in (out / "hubs").iterdir()) == ["lemnos.yaml", "tartu.yaml"]
    # a link where the file would go is not written through, even when it leads nowhere
    linked = tmp_path / "linked"
    (linked / "hubs").mkdir(parents=True)
    (linked / "hubs" / "tartu.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    through = from_issue(real_project, ISSUES / "add-hub-good.md", "--out", str(linked))
    assert through.returncode == 2 and "already exists" in through.stderr
    assert not (tmp_path / "elsewhere.yaml").exists()
    # a file where the folder of the file would go
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "hubs").write_text("", encoding="utf-8")
    cannot = from_issue(real_project, ISSUES / "add-hub-good.md", "--out", str(blocked))
    assert cannot.returncode == 2 and f"{blocked / 'hubs'} already exists" in cannot.stderr
    assert "Traceback" not in cannot.stderr
