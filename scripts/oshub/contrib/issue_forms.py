"""GitHub issue forms generated from the schemas (``oshub forms``), and how each form's
fields map onto a content file (``oshub from-issue`` reads them back).

Which fields a form asks for, in which order and under which label is written here;
everything else comes from the schemas: the kind of control (an ``enum`` becomes a
dropdown, a list of ``enum`` values a multiple-choice dropdown, long text a text
area, other values an input), the help text (the schema's ``description``), the
example shown in an empty field, the options of a dropdown, and whether an answer is
required. Light layer: PyYAML and the standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from oshub.core.sdgs import all_sdgs
from oshub.load.yamlload import Pointer
from oshub.schema.registry import schema_documents

FORMS_DIR = Path(".github") / "ISSUE_TEMPLATE"
"""Where GitHub looks for issue forms, relative to the repository root."""

GENERATED_NOTE = (
    "# Written by `oshub forms` from the schemas in schemas/: do not edit by hand;\n"
    "# change the schemas (or scripts/oshub/issue_forms.py) and run `oshub forms`.\n"
)

TEXTAREA_OVER = 200
"""Text allowed to be longer than this (characters) gets a text area, not an input."""

CONSENT = (
    "I wrote this in my own words or from public sources, and agree that it is "
    "published under CC BY 4.0."
)
"""The one checkbox every form requires."""


@dataclass(frozen=True)
class FormField:
    """One question of a form.

    ``key`` is where the answer goes in the content file (None: it is not written
    there). ``schema`` names the schema definition that describes it when ``key`` does
    not (``#/$defs/slug``). ``kind`` overrides what the schema says for answers that
    are not a schema value (``note``, ``slug``, ``hub``, ``consent``).
    """

    id: str
    label: str
    key: Pointer | None = None
    schema: str | None = None
    kind: str | None = None
    help: str = ""
    """Help text for fields the schema does not describe, or added after its description."""
    own_help: bool = False
    """True: ``help`` replaces the schema's description (which speaks of YAML)."""
    required: bool | None = None
    """None: as the schema says."""


@dataclass(frozen=True)
class Form:
    """One issue form: its file, what it makes, its fields."""

    name: str
    """File name without ``.yml``, and the name ``from-issue`` reports."""
    title: str
    description: str
    intro: str
    content_kind: str | None
    """``hub`` or ``mission`` (the schema and the folder); None: no content file."""
    mode: str = "add"
    """``add`` a new file, ``update`` an existing one, or ``note`` (nothing written)."""
    fields: tuple[FormField, ...] = ()
    fixed: dict[str, Any] = field(default_factory=dict)
    """Values the form sets without asking (a proposed mission's status)."""

    @property
    def label(self) -> str:
        """The GitHub label the form puts on its issues (the workflow looks for it)."""
        return f"form: {self.name.replace('-', ' ')}"


def _hub_fields(*, update: bool) -> tuple[FormField, ...]:
    """The questions of the add-hub form, or of the update-hub form (which first asks
    which hub and what changes, and makes no answer required that the file has)."""
    optional: bool | None = False if update else None
    opening = _update_opening() if update else ()
    slug = () if update else (_hub_slug_field(),)
    return (
        *opening,
        FormField("name", "Hub name", ("name",), required=optional),
        *slug,
        *_hub_place_fields(optional),
        *_hub_host_fields(),
        *_hub_activity_fields(optional),
        *_hub_contact_fields(),
        FormField("description", "Description", ("description",), required=optional),
        _sources(),
        _consent(),
    )


def _update_opening() -> tuple[FormField, ...]:
    """The update form's first questions: which hub, and what should change."""
    return (
        FormField(
            "hub",
            "Hub to update",
            kind="hub",
            schema="#/$defs/slug",
            help="The hub's short name (the end of its page address, such as lemnos), "
            "or the address of its page.",
            own_help=True,
            required=True,
        ),
        FormField(
            "changes",
            "What is wrong or missing",
            kind="note-long",
            help="Say in your own words what should change. Below, fill in only the "
            "answers that change; leave the rest empty.",
            required=True,
        ),
    )


def _hub_slug_field() -> FormField:
    """The add form's question for the end of the new hub's address."""
    return FormField(
        "slug",
        "Short name for the address",
        kind="slug",
        schema="#/$defs/slug",
        help="The end of the hub's page address, often the town: lemnos. Leave it "
        "empty to make it from the hub's name.",
        required=False,
    )


def _hub_place_fields(optional: bool | None) -> tuple[FormField, ...]:
    """The hub's local name, country and place on the map."""
    return (
        FormField("local-name", "Name in the local language", ("local_name", "text")),
        FormField("local-name-lang", "Language of the local name", ("local_name", "lang")),
        FormField(
            "country",
            "Country code",
            ("country",),
            help="The country as a two-letter ISO 3166-1 code: GR for Greece, PT for "
            "Portugal, NL for the Netherlands.",
            own_help=True,
            required=optional,
        ),
        FormField("city", "Town or city", ("location", "city"), required=optional),
        FormField("region", "Region", ("location", "region")),
        FormField("lat", "Latitude", ("location", "lat"), required=optional),
        FormField("lon", "Longitude", ("location", "lon"), required=optional),
        FormField(
            "precision", "How precise is the pin", ("location", "precision"), required=optional
        ),
    )


def _hub_host_fields() -> tuple[FormField, ...]:
    """The organisation hosting the hub (the first of its hosts)."""
    return (
        FormField("host", "Host organisation", ("hosts", 0, "name")),
        FormField("host-type", "Kind of host organisation", ("hosts", 0, "type")),
        FormField("host-url", "Host organisation's website", ("hosts", 0, "url")),
    )


def _hub_activity_fields(optional: bool | None) -> tuple[FormField, ...]:
    """Where the hub stands, what it works on, with whom, in which languages."""
    return (
        FormField("status", "Status", ("status",)),
        FormField("started", "Started", ("started",)),
        FormField("sdgs", "Sustainable Development Goals", ("sdgs",), required=optional),
        FormField("stakeholders", "Local stakeholders", ("stakeholders",)),
        FormField("barriers", "Barriers", ("barriers",)),
        FormField(
            "languages",
            "Languages",
            ("languages",),
            help="Two-letter codes separated by commas: el for Greek, en for English.",
        ),
    )


def _hub_contact_fields() -> tuple[FormField, ...]:
    """How to reach the hub: e-mail, contact form, links."""
    return (
        FormField("email", "Public e-mail address", ("contact", "email")),
        FormField("contact-form", "Contact form", ("contact", "form")),
        FormField(
            "links",
            "Links",
            ("links",),
            help="One link a line: the address, a space, then what it leads to "
            "(https://www.example.org/ Hub website).",
        ),
    )


def _sources() -> FormField:
    return FormField(
        "sources",
        "Where can we check this",
        kind="note-long",
        help="Links or documents that confirm what you wrote: the hub's own website, a "
        "report, a news article. Reviewers check every fact before it is published.",
        required=True,
    )


def _consent() -> FormField:
    return FormField("consent", "Licence", kind="consent", required=True)


FORMS: tuple[Form, ...] = (
    Form(
        name="add-hub",
        title="Add a hub: ",
        description="Add an Open Science Hub to the OSHub.Network directory.",
        intro="Tell us about a hub and we turn your answers into its profile. A check runs "
        "on every answer and replies in a comment; a maintainer then compares the facts "
        "with your sources before the hub is published. Leave out what you do not know "
        "rather than guess.",
        content_kind="hub",
        fields=_hub_fields(update=False),
    ),
    Form(
        name="update-hub",
        title="Update a hub: ",
        description="Correct or complete the profile of a hub that is already listed.",
        intro="Fill in only what changes. A check runs on your answers and replies in a "
        "comment; a maintainer compares the change with your sources before it is "
        "published.",
        content_kind="hub",
        mode="update",
        fields=_hub_fields(update=True),
    ),
    Form(
        name="propose-mission",
        title="Propose a mission: ",
        description="Propose an Open Schooling Mission that combines local challenges of "
        "several hubs.",
        intro="A mission combines challenges named by the schools and communities of "
        "several hubs. Describe it and the first challenge; more challenges can be added "
        "in the pull request that follows.",
        content_kind="mission",
        fixed={"status": "proposed"},
        fields=(
            FormField("title", "Mission title", ("title",)),
            FormField(
                "slug",
                "Short name for the address",
                kind="slug",
                schema="#/$defs/slug",
                help="The end of the mission's page address. Leave it empty to make it "
                "from the title.",
                required=False,
            ),
            FormField("summary", "Summary", ("summary",)),
            FormField("sdgs", "Sustainable Development Goals", ("sdgs",)),
            FormField(
                "hubs",
                "Hubs taking part",
                ("hubs",),
                kind="hubs",
                help="The hubs' short names (the end of each hub's page address, such as "
                "lemnos), separated by commas.",
                own_help=True,
            ),
            FormField(
                "challenge-hub",
                "Hub of the first challenge",
                ("challenges", 0, "hub"),
                help="The short name of the hub whose school and community named the "
                "challenge: one of the hubs above.",
                own_help=True,
            ),
            FormField("challenge-title", "First challenge", ("challenges", 0, "title")),
            FormField(
                "challenge-description",
                "The first challenge in the community's words",
                ("challenges", 0, "description"),
            ),
            FormField("description", "Description", ("description",)),
            _sources(),
            _consent(),
        ),
    ),
    Form(
        name="improve-guide",
        title="Improve a guide: ",
        description="Suggest a correction or an addition to one of the Blueprint's guides.",
        intro="Tell us what could be better in a guide: a mistake, something missing, "
        "something hard to follow. An editor answers in the issue.",
        content_kind=None,
        mode="note",
        fields=(
            FormField(
                "area",
                "Guide area",
                schema="guide.schema.json#/properties/area",
                kind="note-choice",
                required=True,
            ),
            FormField(
                "page",
                "Page",
                kind="note",
                help="The page's title or address.",
                required=True,
            ),
            FormField(
                "suggestion",
                "What should change",
                kind="note-long",
                help="What is wrong, missing or hard to follow, and what you suggest instead.",
                required=True,
            ),
            FormField(
                "sources",
                "Sources",
                kind="note-long",
                help="References that support the change (optional).",
                required=False,
            ),
            _consent(),
        ),
    ),
)
"""Every form, in the order GitHub lists them."""


# --- reading the schemas ---------------------------------------------------------------


def _deref(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """``node`` with its local ``$ref`` merged in (the node's own keywords win)."""
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return node
    target: Any = schema
    for part in ref[2:].split("/"):
        target = target[part]
    shared = _deref(schema, target)
    if "format" not in shared and "pattern" not in shared:
        # examples of free text (a name, a description) belong to one hub, not to the
        # form: only examples that show the form of a value (a date, an address) are kept
        shared = {k: v for k, v in shared.items() if k != "examples"}
    merged = {**shared, **node}
    merged.pop("$ref", None)
    return merged


def _pointer_schema(schema: dict[str, Any], pointer: str) -> dict[str, Any]:
    node: Any = schema
    for part in pointer.lstrip("#/").split("/"):
        node = node[part]
    return _deref(schema, node)


@dataclass(frozen=True)
class Resolved:
    """What the schema says about one field."""

    schema: dict[str, Any]
    required: bool


def resolve(schema: dict[str, Any], key: Pointer) -> Resolved:
    """The (dereferenced) schema of the value at ``key`` and whether it is required
    (required all the way down: a list that must have items counts for its first)."""
    node = _deref(schema, schema)
    required = True
    for part in key:
        if isinstance(part, int):
            required = required and part == 0 and int(node.get("minItems", 0)) >= 1
            node = _deref(schema, node["items"])
        else:
            required = required and part in node.get("required", [])
            node = _deref(schema, node["properties"][part])
    return Resolved(node, required)


def control_of(schema: dict[str, Any], node: dict[str, Any]) -> str:
    """How a value is asked for: ``choice``, ``choices``, ``sdgs``, ``links``, ``list``,
    ``long`` (a text area), ``number``, ``date`` or ``text``."""
    kind = node.get("type")
    if kind == "array":
        items = _deref(schema, node.get("items", {}))
        if "enum" in items:
            return "choices"
        if items.get("type") == "integer" and items.get("maximum") == 17:
            return "sdgs"
        if items.get("type") == "object":
            return "links"
        return "list"
    if "enum" in node:
        return "choice"
    if kind in ("number", "integer"):
        return "number"
    if node.get("format") == "date":
        return "date"
    if int(node.get("maxLength", 0)) > TEXTAREA_OVER and not (
        "format" in node or "pattern" in node
    ):
        return "long"
    return "text"


def sdg_option(number: int, title: str) -> str:
    """A dropdown option for one SDG: ``SDG 4: Quality Education``."""
    return f"SDG {number}: {title}"


@dataclass(frozen=True)
class Question:
    """A form field with what the schema says about it: ready to write or to read."""

    field: FormField
    control: str
    required: bool
    description: str
    options: tuple[str, ...] = ()
    example: str = ""


def questions(form: Form, schemas: Mapping[str, dict[str, Any]]) -> list[Question]:
    """The form's fields with their controls, help texts, options and examples."""
    own = schemas[f"{form.content_kind}.schema.json"] if form.content_kind else {}
    result = []
    for item in form.fields:
        node: dict[str, Any] = {}
        required = False
        if item.schema is not None:
            name, _, pointer = item.schema.partition("#")
            document = schemas[name] if name else own
            node = _pointer_schema(document, pointer)
        elif item.key is not None:
            resolved = resolve(own, item.key)
            node, required = resolved.schema, resolved.required
        if item.required is not None:
            required = item.required
        control = _control(item, own, node)
        schema_help = "" if item.own_help else str(node.get("description", ""))
        description = " ".join(part for part in (schema_help, item.help) if part)
        options: tuple[str, ...] = ()
        if control in ("choice", "choices"):
            enum = node.get("enum") or _deref(own, node.get("items", {})).get("enum", [])
            options = tuple(str(value) for value in enum)
        elif control == "sdgs":
            options = tuple(sdg_option(goal.number, goal.title) for goal in all_sdgs())
        elif control == "consent":
            options = (CONSENT,)
        result.append(
            Question(item, control, required, description, options, _example(node, control))
        )
    return result


def _control(item: FormField, schema: dict[str, Any], node: dict[str, Any]) -> str:
    if item.kind in ("slug", "hub", "note"):
        return "text"
    if item.kind == "note-long":
        return "long"
    if item.kind == "note-choice":
        return "choice"
    if item.kind == "consent":
        return "consent"
    if item.kind == "hubs":
        return "list"
    return control_of(schema, node)


def _example(node: dict[str, Any], control: str) -> str:
    examples = node.get("examples")
    if not isinstance(examples, list) or not examples or control in ("choice", "choices"):
        return ""
    first = examples[0]
    if isinstance(first, list) and all(isinstance(v, str) for v in first):
        return ", ".join(first)
    if isinstance(first, str | int | float) and not isinstance(first, bool):
        return str(first)
    return ""


# --- writing the forms -------------------------------------------------------------------


def form_document(form: Form, schemas: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The issue form as data (GitHub's issue form syntax)."""
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": form.intro}}]
    for question in questions(form, schemas):
        body.append(_element(question))
    return {
        "name": form.title.removesuffix(": "),
        "description": form.description,
        "title": form.title,
        "labels": [form.label],
        "body": body,
    }


def _element(question: Question) -> dict[str, Any]:
    attributes: dict[str, Any] = {"label": question.field.label}
    if question.description:
        attributes["description"] = question.description
    element: dict[str, Any]
    if question.control in ("choice", "choices", "sdgs"):
        attributes["multiple"] = question.control != "choice"
        attributes["options"] = list(question.options)
        element = {"type": "dropdown"}
    elif question.control == "consent":
        element = {"type": "checkboxes"}
        attributes["options"] = [{"label": question.options[0], "required": True}]
        return {**element, "id": question.field.id, "attributes": attributes}
    else:
        long = question.control in ("long", "links")
        element = {"type": "textarea" if long else "input"}
        if question.example:
            attributes["placeholder"] = question.example
    element["id"] = question.field.id
    element["attributes"] = attributes
    element["validations"] = {"required": question.required}
    return element


def dump_yaml(data: Any, *, flow_lists: bool = False) -> str:
    """YAML as these forms and content files are written: block style (``flow_lists``:
    lists of plain values on one line, ``[4, 13]``, as content files have them), keys in
    the given order, Unicode kept, list items indented under their key, multi-line text
    as literal blocks. Always the safe representer: text is never pasted into YAML."""
    return yaml.dump(
        data,
        Dumper=_ContentDumper if flow_lists else _BlockDumper,
        sort_keys=False,
        allow_unicode=True,
        width=88,
        default_flow_style=False,
    )


class _BlockDumper(yaml.SafeDumper):
    """The safe dumper, with multi-line strings as ``|`` blocks and indented lists."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value.strip("\n"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_BlockDumper.add_representer(str, _represent_str)


class _ContentDumper(_BlockDumper):
    """Lists of plain values on one line (``sdgs: [4, 13]``)."""


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    plain = all(isinstance(item, str | int | float) and "\n" not in str(item) for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=plain)


_ContentDumper.add_representer(list, _represent_list)


def rendered_forms(schema_dir: Path) -> dict[str, str]:
    """File name -> the text ``oshub forms`` writes (deterministic)."""
    schemas = schema_documents(schema_dir)
    return {
        f"{form.name}.yml": GENERATED_NOTE + dump_yaml(form_document(form, schemas))
        for form in FORMS
    }


def write_forms(root: Path) -> list[Path]:
    """Write every form into ``root/.github/ISSUE_TEMPLATE/``; returns the paths written."""
    folder = root / FORMS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in rendered_forms(root / "schemas").items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
