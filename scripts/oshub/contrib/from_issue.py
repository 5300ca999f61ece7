"""``oshub from-issue``: a submitted issue form becomes a content file and a comment.

The answers are stranger input. They are turned into Python values and written with
the safe YAML dumper (never pasted into YAML text), a short name is only used as a
file name once it is a valid slug, and the result is checked by the same validation
as ``oshub validate``, inside a copy of the project (so that references to other hubs
are checked too). The file is refused when it has a problem, or when the project has
one with it that it did not have without it (a name clash reported on the other hub's
file); a problem the project already had does not block the form. The comment speaks
of the form's questions, not of schema paths: a problem belongs to the question whose
key is the longest prefix of the problem's JSON pointer (never guessed from the words
of its message). No network; nothing is written unless the file is valid, and an
existing file is never overwritten (but the hub an update form changes, in the project
itself).

Every regular expression here is compiled once at module level and runs in time linear
in its input (the answers are a stranger's text; a test of the issue body's patterns
feeds each of them pathological strings).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from oshub.contrib.issue_body import MAX_BODY, Answers, detect_form, parse_answers, ticked
from oshub.contrib.issue_forms import Form, Question, dump_yaml, questions
from oshub.core.problems import Problem, one_line
from oshub.core.project import COLLECTIONS, Project, ProjectError, load_project
from oshub.core.text import cut, make_slug
from oshub.load.yamlload import Pointer, json_pointer, load_yaml, pointer_parts
from oshub.schema.messages import label
from oshub.schema.registry import SchemaSet, load_schemas
from oshub.validate.checks import SLUG, check_slug, reserved_slugs

_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
)
_NUMBER = re.compile(r"^[+-]?[0-9]{1,3}(?:[.,][0-9]+)?$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_URL = re.compile(r"(?:https?://|mailto:)\S+", re.IGNORECASE)
_MARKDOWN_LINK = re.compile(r"^\[(?P<title>[^\]]*)\]\((?P<url>[^)\s]*)\)$")
MAX_SLUG = 80
"""The longest slug a form makes from a name or takes as given (cut at a hyphen)."""
PLACEHOLDER = "oshub-form-answers"
"""The file name answers are checked under when their short name cannot be used."""
_YAML_SUFFIX = re.compile(r"\.ya?ml$")
_DIGITS = re.compile(r"[0-9]+")
_CHOICE_SEPARATOR = re.compile(r"[,\n]")
_LIST_SEPARATORS = re.compile(r"[\s,;]+")
_WORD = re.compile(r"\S+")
_BACKTICKS = re.compile(r"`+")
MAX_SDGS = 20
"""Numbers read from an answer about goals (there are 17)."""


@dataclass(frozen=True)
class FieldProblem:
    """A problem with one answer, named by the form's own label ("" for the form)."""

    field: str
    severity: str
    message: str
    hint: str = ""


@dataclass
class Outcome:
    """What ``from-issue`` made of a submitted form."""

    form: Form | None = None
    slug: str | None = None
    rel: str | None = None
    """Where the file goes, relative to the output folder (``hubs/<slug>.yaml``)."""
    text: str | None = None
    """The content file's text (also when it has problems)."""
    written: Path | None = None
    problems: list[FieldProblem] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    """Answers for the reviewers that do not go into the file (sources, changes)."""

    @property
    def ok(self) -> bool:
        """No problem the project did not have without the new file: errors and
        warnings alike (a look-alike of another hub's name is a warning, and the pull
        request's check fails on warnings too)."""
        return not self.problems

    def as_json(self, comment: str) -> str:
        """The outcome as JSON for a workflow: form, ok, path, slug, problems, notes,
        comment."""
        return json.dumps(
            {
                "form": self.form.name if self.form else None,
                "label": self.form.label if self.form else None,
                "ok": self.ok,
                "path": self.rel if self.written else None,
                "slug": self.slug,
                "problems": [p.__dict__ for p in self.problems],
                "notes": self.notes,
                "comment": comment,
            },
            indent=2,
            ensure_ascii=False,
        )


def read_body(path: Path) -> tuple[str | None, FieldProblem | None]:
    """The text of an issue body file, or a problem (too large, not UTF-8)."""
    size = path.stat().st_size
    if size > MAX_BODY:
        return None, _general(f"the issue is too long ({size:,} bytes; at most {MAX_BODY:,})")
    try:
        return path.read_bytes().decode("utf-8"), None
    except UnicodeDecodeError:
        return None, _general("the issue's text is not UTF-8")


def _general(message: str, hint: str = "") -> FieldProblem:
    return FieldProblem("", "error", message, hint)


def from_issue(
    project: Project, body: str, out_dir: Path | None, *, today: date | None = None
) -> Outcome:
    """Turn ``body`` into a content file of ``project``; write it into ``out_dir``
    (``<out_dir>/hubs/<slug>.yaml``) when it is valid and ``out_dir`` is given (never
    over an existing file, except the hub an update form changes in the project
    itself: ProjectError, see ``write_output``)."""
    today = today or date.today()
    form = detect_form(body)
    if form is None:
        return Outcome(
            problems=[
                _general(
                    "its questions were not found",
                    "please open a new issue with one of the forms and keep its headings",
                )
            ]
        )
    answers = parse_answers(body, form)
    schemas = load_schemas(project)  # read once: the form's questions and the checks
    asked = questions(form, schemas.documents)
    outcome = Outcome(form=form)
    outcome.problems.extend(_answer_problems(asked, answers))
    for question in asked:
        value = answers.values.get(question.field.id)
        if question.field.kind in ("note", "note-long", "note-choice") and value is not None:
            outcome.notes[question.field.id] = value
    if form.content_kind is None:
        return outcome
    made = _content(project, form, asked, answers, today, outcome, schemas.documents)
    if made is None:
        return outcome
    data, prefix = made
    outcome.text = prefix + dump_yaml(data, flow_lists=True)
    # every answer is checked, also when the short name is unusable (then under a
    # stand-in name that is never written)
    checked_as = outcome.rel or f"{COLLECTIONS[form.content_kind]}/{PLACEHOLDER}.yaml"
    outcome.problems.extend(_validate(project, checked_as, outcome.text, asked, today, schemas))
    if outcome.ok and outcome.rel is not None and out_dir is not None:
        in_place = form.mode == "update" and _same_folder(out_dir, project.root)
        outcome.written = write_output(out_dir / outcome.rel, outcome.text, replace=in_place)
    return outcome


def _same_folder(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False


def write_output(target: Path, text: str, *, replace: bool = False) -> Path:
    """Write ``text`` to ``target``, which must not exist yet (``replace``: it is
    replaced). The text goes to a hidden file beside it first, then is linked (or
    renamed) into place: no half-written file, no writing through a link, no file
    overwritten between a check and the write. Raises ProjectError (exit 2: the output
    is in the way, the answers are fine) when it exists or cannot be written."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("x", encoding="utf-8") as handle:
            handle.write(text)
        if replace:
            os.replace(partial, target)
        else:
            os.link(partial, target, follow_symlinks=False)  # fails when target exists
    except FileExistsError as exc:
        raise ProjectError(
            f"{exc.filename2 or exc.filename or target} already exists: not overwriting it "
            "(remove it, or give another --out folder)"
        ) from None
    except OSError as exc:
        raise ProjectError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):  # also when its folder could not be made
            partial.unlink(missing_ok=True)
    return target


def _answer_problems(asked: list[Question], answers: Answers) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    for question in asked:
        value = answers.values.get(question.field.id)
        name = question.field.label
        if question.control == "consent":
            if not ticked(value):
                problems.append(
                    FieldProblem(name, "error", "please tick the box to agree to the licence")
                )
        elif value is not None and _CONTROL.search(value):
            problems.append(
                FieldProblem(
                    name,
                    "error",
                    "the answer holds invisible control characters",
                    "type it again rather than pasting it",
                )
            )
        elif value is None and question.required and question.field.key is None:
            problems.append(FieldProblem(name, "error", "please answer this question"))
    return problems


def _content(
    project: Project,
    form: Form,
    asked: list[Question],
    answers: Answers,
    today: date,
    outcome: Outcome,
    documents: Mapping[str, Mapping[str, Any]],
) -> tuple[dict[str, Any], str] | None:
    """The file's data (keys in the order of its schema, from ``documents``) and its
    leading comment lines, or None when there is no file to make (a problem says why)."""
    kind = str(form.content_kind)
    folder = project.root / COLLECTIONS[kind]
    prefix = f"# yaml-language-server: $schema=../schemas/{kind}.schema.json\n"
    data: dict[str, Any] = {}
    if form.mode == "update":
        existing = _existing_hub(folder, kind, asked, answers, outcome)
        if existing is None:
            return None
        slug, data, comments = existing
        prefix = comments or prefix
    _put_answers(data, asked, answers)
    data.update(form.fixed)
    data["last_reviewed"] = today
    data = _in_schema_order(data, documents, kind)
    if form.mode == "add":
        new_slug = _new_slug(form, asked, answers, outcome)
        if new_slug is None:
            return data, prefix
        slug = new_slug
        if _slug_taken(folder, kind, slug, asked, outcome):
            outcome.slug = slug
            return data, prefix
    outcome.slug = slug
    outcome.rel = f"{COLLECTIONS[kind]}/{slug}.yaml"
    return data, prefix


def _existing_hub(
    folder: Path, kind: str, asked: list[Question], answers: Answers, outcome: Outcome
) -> tuple[str, dict[str, Any], str] | None:
    """The hub an update form names: its slug, its data and its file's leading comment
    lines; None when there is no such hub or its file cannot be read (a problem says
    why)."""
    target = next(q for q in asked if q.field.kind == "hub")
    slug = _slug_of(answers.values.get(target.field.id) or "")
    existing = folder / f"{slug}.yaml"
    if not SLUG.match(slug) or not existing.is_file():
        outcome.problems.append(
            FieldProblem(
                target.field.label,
                "error",
                f"there is no hub `{slug}`" if slug else "please name the hub",
                "give the end of the hub's page address, such as lemnos",
            )
        )
        return None
    text = existing.read_text(encoding="utf-8")
    doc, _ = load_yaml(text, f"{COLLECTIONS[kind]}/{slug}.yaml")
    if doc is None or not isinstance(doc.data, dict):
        outcome.problems.append(_general(f"the hub's file `{slug}.yaml` cannot be read"))
        return None
    data = doc.data
    for pointer in doc.plain_dates:  # kept as text by the loader: written back unquoted
        _restore_date(data, pointer)
    return slug, data, _leading_comments(text)


def _leading_comments(text: str) -> str:
    """The comment lines a file starts with (its schema line and what its authors
    wrote), kept when the file is written again."""
    comments = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comments.append(line + "\n")
    return "".join(comments)


def _put_answers(data: dict[str, Any], asked: list[Question], answers: Answers) -> None:
    """Each answer that goes into the file, converted, at its key in ``data``."""
    for question in asked:
        key = question.field.key
        value = answers.values.get(question.field.id)
        if key is None or value is None or question.field.kind == "note-choice":
            continue
        if _CONTROL.search(value):
            continue  # already reported
        _put(data, key, _convert(question, value))


def _in_schema_order(
    data: dict[str, Any], documents: Mapping[str, Mapping[str, Any]], kind: str
) -> dict[str, Any]:
    """``data`` with its keys in the order of the schema's properties (others last)."""
    order = list(documents[f"{kind}.schema.json"]["properties"])
    return {k: data[k] for k in sorted(data, key=lambda k: [*order, k].index(k))}


def _slug_taken(
    folder: Path, kind: str, slug: str, asked: list[Question], outcome: Outcome
) -> bool:
    """True when the project already has a file of this kind with this slug (a problem
    says so, at the short-name question)."""
    if not (folder / f"{slug}.yaml").exists():
        return False
    named = next(q for q in asked if q.field.kind == "slug")
    outcome.problems.append(
        FieldProblem(
            named.field.label,
            "error",
            f"there is already a {kind} with the short name `{slug}`",
            "choose another short name"
            + (", or use the form to update a hub" if kind == "hub" else ""),
        )
    )
    return True


def _restore_date(data: Any, pointer: Pointer) -> None:
    """The unquoted date at ``pointer`` as a date again (when it is a real one)."""
    node = data
    for part in pointer[:-1]:
        node = node[part]
    try:
        node[pointer[-1]] = date.fromisoformat(str(node[pointer[-1]]))
    except (ValueError, KeyError, IndexError, TypeError):
        return


def _new_slug(form: Form, asked: list[Question], answers: Answers, outcome: Outcome) -> str | None:
    named = next(q for q in asked if q.field.kind == "slug")
    given = answers.values.get(named.field.id)
    if given is not None:
        slug = given.strip().lower()
        if not SLUG.match(slug) or len(slug) > MAX_SLUG:
            outcome.problems.append(
                FieldProblem(
                    named.field.label,
                    "error",
                    "use only lowercase letters a-z, digits 0-9 and single hyphens",
                    f"for example {make_slug(given, MAX_SLUG) or 'lemnos'}",
                )
            )
            return None
        return _usable_slug(form, slug, named, outcome)
    source = next(q for q in asked if q.field.key in (("name",), ("title",)))
    slug = make_slug(answers.values.get(source.field.id) or "", MAX_SLUG)
    if not slug:
        outcome.problems.append(
            FieldProblem(
                named.field.label,
                "error",
                f"please give a short name: none can be made from the {source.field.label.lower()}",
            )
        )
        return None
    return _usable_slug(form, slug, named, outcome)


def _usable_slug(form: Form, slug: str, named: Question, outcome: Outcome) -> str | None:
    """``slug``, or None when the validator refuses it as a file name (one the site's
    own addresses use): the problem is the short name's, as a file name has no pointer."""
    kind = str(form.content_kind)
    refused = list(check_slug(f"{COLLECTIONS[kind]}/{slug}.yaml", slug, reserved_slugs(kind)))
    outcome.problems.extend(
        FieldProblem(named.field.label, p.severity, p.message, _form_hint(p.hint)) for p in refused
    )
    return None if refused else slug


def _slug_of(value: str) -> str:
    """A hub's slug from its slug, its page address or its file name."""
    last = value.strip().rstrip("/").rsplit("/", 1)[-1]
    return _YAML_SUFFIX.sub("", last).lower()


def _put(data: dict[str, Any], key: Pointer, value: Any) -> None:
    """Set ``value`` at ``key``, creating mappings and lists (only index 0) on the way."""
    node: Any = data
    for part, following in itertools.pairwise(key):
        child: Any = {} if isinstance(following, str) else []
        if isinstance(part, int):
            if len(node) <= part:
                node.append(child)
            node = node[part]
        else:
            if not isinstance(node.get(part), type(child)):
                node[part] = child
            node = node[part]
    last = key[-1]
    if isinstance(last, int):
        if len(node) <= last:
            node.append(value)
        else:
            node[last] = value
    else:
        node[last] = value


def _convert(question: Question, value: str) -> Any:
    """The answer as the value the schema expects; an answer that does not convert is
    kept as text, so that validation explains what is wrong with it."""
    control = question.control
    key = question.field.key
    if key == ("country",):
        return value.strip().upper()
    if control == "number":
        text = value.strip().rstrip("°").strip()
        if _NUMBER.match(text):
            number = float(text.replace(",", "."))
            if math.isfinite(number):
                return number
        return value
    if control == "date":
        text = value.strip()
        if _ISO_DATE.match(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                return text
        return text
    if control == "sdgs":
        found = itertools.islice(_DIGITS.finditer(value), MAX_SDGS)
        runs = [m[0].lstrip("0") or "0" for m in found]
        if any(len(run) > 3 for run in runs):  # no goal; and int() refuses 4,300 digits
            return [value]
        return list(dict.fromkeys(int(run) for run in runs)) or [value]
    if control == "choices":
        return list(dict.fromkeys(p.strip() for p in _CHOICE_SEPARATOR.split(value) if p.strip()))
    if control == "list":
        parts = [p for p in _LIST_SEPARATORS.split(value) if p]
        if question.field.kind == "hubs":
            parts = [_slug_of(p) for p in parts]
        return list(dict.fromkeys(parts))
    if control == "links":
        return [_link(line.strip()) for line in value.splitlines() if line.strip()]
    if question.field.key is not None and question.field.key[-1] == "hub":
        return _slug_of(value)
    if control == "long":
        return value.strip() + "\n" if "\n" in value.strip() else value.strip()
    return " ".join(value.split())


def _link(line: str) -> dict[str, str]:
    markdown = _MARKDOWN_LINK.match(line)
    if markdown:
        return {"title": markdown["title"].strip(), "url": markdown["url"]}
    found = _URL.search(line) or _WORD.search(line)
    assert found is not None  # the line is not empty
    url = found.group(0)
    title = (line[: found.start()] + " " + line[found.end() :]).strip(" \t-:|\u2013\u2014")
    return {"title": " ".join(title.split()) or url, "url": url}


def _validate(
    project: Project,
    rel: str,
    text: str,
    asked: list[Question],
    today: date,
    schemas: SchemaSet,
) -> list[FieldProblem]:
    """Validate ``text`` as the file ``rel`` inside a copy of the project's content: its
    own problems, and those it brings to other files (any the copy without it does not
    have, such as a name clash the validator reports on the other hub's file)."""
    from oshub.validate.run import ValidationCache, validate_project

    cache = ValidationCache()  # the second run checks only the new file again
    with tempfile.TemporaryDirectory(prefix="oshub-from-issue-") as scratch:
        root = Path(scratch)
        shutil.copy(project.config_file, root / project.config_name)
        shutil.copytree(project.schema_dir, root / "schemas")
        for folder in COLLECTIONS.values():
            (root / folder).mkdir()
            source = project.root / folder
            if source.is_dir():
                for path in source.glob("*.yaml"):
                    if path.is_file() and not path.is_symlink():
                        shutil.copy(path, root / folder / path.name)
        copy = load_project(root)
        without = validate_project(copy, schemas=schemas, today=today, cache=cache).problems
        (root / rel).write_text(text, encoding="utf-8")
        with_file = validate_project(copy, schemas=schemas, today=today, cache=cache).problems
    own = [p for p in with_file if p.path == rel]
    brought = new_problems(without, [p for p in with_file if p.path != rel])
    same_kind = rel.split("/", 1)[0]
    return [form_problem(p, asked) for p in own] + [
        _elsewhere(p, asked if p.path.split("/", 1)[0] == same_kind else []) for p in brought
    ]


def _problem_key(problem: Problem) -> tuple[str, int, int, str, str, str]:
    """What makes two reports the same problem: where, how bad, and what (the hint,
    such as a "did you mean", may change with the files around and is left out)."""
    return (
        problem.path,
        problem.line,
        problem.col,
        problem.severity,
        problem.message,
        problem.schema_path,
    )


def new_problems(before: list[Problem], after: list[Problem]) -> list[Problem]:
    """The problems of ``after`` that ``before`` does not have, in ``after``'s order
    (compared as multisets of keys, so the order of either list does not matter)."""
    left = Counter(_problem_key(p) for p in before)
    brought: list[Problem] = []
    for problem in after:
        key = _problem_key(problem)
        if left[key] > 0:
            left[key] -= 1
        else:
            brought.append(problem)
    return brought


def _elsewhere(problem: Problem, asked: list[Question]) -> FieldProblem:
    """A problem the answers bring to another file, by the question it belongs to (when
    that file is of the same kind), naming the file."""
    named = form_problem(problem, asked)
    return FieldProblem(
        named.field,
        named.severity,
        f"with this answer, `{problem.path}` would have a problem: {named.message}",
        named.hint,
    )


def form_problem(problem: Problem, asked: list[Question]) -> FieldProblem:
    """The problem in the form's words: the question it belongs to (by its pointer: see
    ``question_for``), no schema path. A required value not given asks for the first
    question at or below it."""
    hint = _form_hint(problem.hint)
    if problem.pointer and _is_missing(problem):
        keyed = [(json_pointer(q.field.key), q) for q in asked if q.field.key]
        below = next((q for key, q in keyed if _within(key, problem.pointer)), None)
        if below is not None:
            return FieldProblem(below.field.label, problem.severity, "please answer this question")
    question = question_for(problem.pointer, asked)
    if question is None:
        return FieldProblem("", problem.severity, problem.message, hint)
    return FieldProblem(question.field.label, problem.severity, _without_place(problem), hint)


def question_for(pointer: str, asked: list[Question]) -> Question | None:
    """The question a problem about the value at ``pointer`` (a JSON pointer) belongs to:
    the one whose key is the longest prefix of ``pointer``, segment by segment (the key
    ``/hosts/0`` is a prefix of ``/hosts/0/url``, not of ``/hosts/01``); None when no
    key is (a problem about the whole file, ``""``)."""
    best: tuple[int, Question] | None = None
    for question in asked:
        if not question.field.key:
            continue
        key = json_pointer(question.field.key)
        if _within(pointer, key) and (best is None or len(key) > best[0]):
            best = (len(key), question)
    return best[1] if best is not None else None


def _within(pointer: str, prefix: str) -> bool:
    """True when the JSON pointer ``pointer`` is ``prefix`` or lies below it."""
    return pointer == prefix or pointer.startswith(prefix + "/")


def _is_missing(problem: Problem) -> bool:
    """True for a schema's ``required`` keyword: the value at the pointer is not given."""
    return problem.schema_path.rpartition("/")[2] == "required"


def _without_place(problem: Problem) -> str:
    """The message without the name of its place, which the validator writes first
    (``location.lat: 95 is out of range``): the form names its question instead."""
    parts = pointer_parts(problem.pointer)
    place = label(tuple(int(p) if p.isascii() and p.isdigit() else p for p in parts))
    rest = problem.message.removeprefix(place)
    if rest == problem.message or not rest.startswith((":", " ")):
        return problem.message
    return rest.lstrip(": ").strip()


def _form_hint(hint: str) -> str:
    """Hints that speak of YAML (quoting, list syntax, renaming files) say nothing to
    someone filling in a form."""
    if hint.startswith(("add `", "quote it", "write a list", "rename the file")):
        return ""
    return hint


_CODE_SPAN = re.compile(r"`([^`]+)`")
"""A span the validator quotes in backticks (its content holds no backtick)."""

_TEXT_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "`": "&#96;",
    "\\": "&#92;",
    "[": "&#91;",
    "]": "&#93;",
    "!": "&#33;",
    "*": "&#42;",
    "_": "&#95;",
    "~": "&#126;",
    "|": "&#124;",
    "@": "@\u2060",  # a word joiner: GitHub reads no mention (entities would be decoded)
    "#": "#\u2060",  # and no reference to an issue
}


_AUTOLINKED = re.compile(r"(?i)(:)(?=//)|(?<=www)(\.)")
"""Where GitHub starts a link from a web address written as text (``https://``,
``www.``): an entity there keeps the address text."""


def _markdown_escaped(text: str) -> str:
    """Text shown as text: no HTML, no Markdown, no link, no mention, no issue reference."""
    escaped = "".join(_TEXT_ESCAPES.get(char, char) for char in text)
    return _AUTOLINKED.sub(lambda m: f"&#{ord(m[0])};", escaped)


def _safe(text: str) -> str:
    """Text for a Markdown comment: the validator's spans in backticks become code spans
    (where GitHub shows text as it is), everything else is escaped (``_markdown_escaped``).

    Every backtick of the result belongs to a code span written here: one backtick on
    each side of content without backticks, never two spans side by side, and no
    backslash or backtick left in the text around them, so GitHub pairs the backticks
    exactly as here and text from the answers cannot close a span early or open one."""
    text = one_line(text)
    parts: list[str] = []
    position = 0
    for span in _CODE_SPAN.finditer(text):
        parts.append(_markdown_escaped(text[position : span.start()]))
        if parts[-1] == "" and len(parts) > 1:
            parts.append(" ")  # two spans side by side would make a run of two backticks
        parts.append(f"`{span.group(1)}`")
        position = span.end()
    parts.append(_markdown_escaped(text[position:]))
    return "".join(parts)


MAX_QUOTE = 300
"""Characters of a problem's message (or hint) quoted in the comment."""
MAX_LISTED_CHARS = 20_000
"""Characters of the comment a list of problems (errors, or warnings) takes at most;
one more line says how many were left out. A quoted character can take ten once
escaped, so the number of problems alone would not bound the comment."""
MAX_SHOWN_FILE = 40_000
"""Characters of the file shown in the comment (a longer file is only in the pull
request). With a list of warnings and the sentences around, under the 65,536
characters GitHub takes in a comment."""


def _problem_lines(problems: list[FieldProblem]) -> list[str]:
    """A list item a problem, as many as fit in MAX_LISTED_CHARS."""
    lines: list[str] = []
    used = 0
    for problem in problems:
        line = _problem_line(problem)
        if used + len(line) + 1 > MAX_LISTED_CHARS:
            lines.append(f"- and {len(problems) - len(lines)} more")
            break
        lines.append(line)
        used += len(line) + 1
    return lines


def comment(outcome: Outcome) -> str:
    """The reply to the contributor, in plain words (Markdown), shorter than GitHub's
    limit on comments: quotes are excerpts, lists of problems are capped."""
    lines: list[str] = []
    # every problem blocks: errors first, then warnings
    errors = sorted(outcome.problems, key=lambda problem: problem.severity != "error")
    form = outcome.form
    what = {"hub": "the hub profile", "mission": "the mission"}.get(
        str(form.content_kind if form else ""), "your suggestion"
    )
    done = "changed" if form is not None and form.mode == "update" else "added"
    if form is None:
        lines.append("Thank you! This issue could not be read as one of the forms:")
        lines.append("")
        lines.extend(_problem_lines(errors))
    elif errors:
        lines.append(f"Thank you! Some answers need a change before {what} can be {done}:")
        lines.append("")
        lines.extend(_problem_lines(errors))
        lines.append("")
        lines.append(
            "Please edit the issue (the `...` menu at its top, then **Edit**) and correct "
            "these answers: this check runs again after every edit."
        )
    elif outcome.form is not None and outcome.form.content_kind is None:
        lines.append("Thank you for the suggestion! An editor will answer here.")
    else:
        lines.append(f"Thank you! Your answers are now the file `{outcome.rel}`:")
        lines.append("")
        text = outcome.text or ""
        if len(text) > MAX_SHOWN_FILE:
            lines.append(f"(too long to show here: {len(text):,} characters)")
            lines.append("")
        else:
            longest = max((len(m[0]) for m in _BACKTICKS.finditer(text)), default=0)
            fence = "`" * max(3, 1 + longest)
            lines.extend([f"{fence}yaml", text.rstrip("\n"), fence, ""])  # code: shown as is
        lines.append(
            "A maintainer will compare it with your sources and publish it with the next "
            "update of the site."
        )
    return "\n".join(lines) + "\n"


def _problem_line(problem: FieldProblem) -> str:
    # cut before escaping: no escape is cut in two (a code span cut open stays text)
    where = f"**{_safe(cut(problem.field, MAX_QUOTE))}**: " if problem.field else ""
    hint = f" ({_safe(cut(problem.hint, MAX_QUOTE))})" if problem.hint else ""
    return f"- {where}{_safe(cut(problem.message, MAX_QUOTE))}{hint}"
