"""The typed, frozen model every output reads: hubs, missions, SDGs, board, settings.

Built once from validated documents; later stages (pages, exports, PDF) never go
back to the files. The model holds plain text and Markdown, never HTML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from oshub.core.project import translation_of
from oshub.core.sdgs import Sdg, all_sdgs
from oshub.load.tool_markers import tools_shown
from oshub.validate.markdown_check import Heading

if TYPE_CHECKING:
    from oshub.validate.checks import Loaded


@dataclass(frozen=True)
class Licence:
    """The licence of the Blueprint's content and open data."""

    spdx: str
    name: str
    url: str
    attribution: str


CONTENT_LICENCE = Licence(
    spdx="CC-BY-4.0",
    name="CC BY 4.0",
    url="https://creativecommons.org/licenses/by/4.0/",
    attribution="OSHub Blueprint contributors",
)
"""Guides, content, schemas and open data: the one place their licence is written."""


@dataclass(frozen=True)
class LocalText:
    """Text in a language other than English, with its language tag."""

    text: str
    lang: str


@dataclass(frozen=True)
class Link:
    """A titled link."""

    title: str
    url: str


@dataclass(frozen=True)
class Source:
    """A public source for the facts on a page."""

    title: str
    publisher: str | None = None
    url: str | None = None
    """The exact https address; None when it is not known for certain."""


@dataclass(frozen=True)
class Location:
    """Where a hub is, and how precise the pin is (exact, city or region)."""

    city: str
    lat: float
    lon: float
    precision: str
    region: str | None = None


@dataclass(frozen=True)
class Host:
    """An organisation that hosts a hub."""

    name: str
    type: str | None = None
    """What kind of organisation it is; None when no source says."""
    url: str | None = None


@dataclass(frozen=True)
class Contact:
    """A public way to reach someone: a role address and/or a form."""

    email: str | None = None
    form: str | None = None


def _hash_once(self: Any) -> int:
    """A frozen object's hash, worked out once: hubs and missions are keys of the live
    preview's table of pages to reuse, hashed many times a build."""
    found: int | None = self.__dict__.get("_hash")
    if found is None:
        found = hash(tuple(getattr(self, f.name) for f in fields(self)))
        object.__setattr__(self, "_hash", found)
    return found


@dataclass(frozen=True)
class Hub:
    """One local Open Science Hub."""

    __hash__ = _hash_once

    slug: str
    name: str
    country: str
    location: Location
    description: str
    last_reviewed: str
    source: str
    """Path of the hub's file relative to the project root."""
    sdgs: tuple[int, ...] = ()
    """The hub's focus goals as a source gives them; empty when not recorded."""
    local_name: LocalText | None = None
    hosts: tuple[Host, ...] = ()
    stakeholders: tuple[str, ...] = ()
    barriers: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    status: str | None = None
    started: str | None = None
    ended: str | None = None
    contact: Contact | None = None
    links: tuple[Link, ...] = ()
    aliases: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    """Public sources for the profile's facts."""


@dataclass(frozen=True)
class Challenge:
    """A local challenge named by a hub's schools and community."""

    hub: str
    title: str
    description: str
    sdgs: tuple[int, ...] = ()


@dataclass(frozen=True)
class Output:
    """Something a project produced and shared."""

    title: str
    type: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class MissionProject:
    """A project led by students and/or teachers in one hub, under a mission."""

    title: str
    hub: str
    led_by: tuple[str, ...]
    status: str
    summary: str | None = None
    stakeholders: tuple[str, ...] = ()
    outputs: tuple[Output, ...] = ()


@dataclass(frozen=True)
class Mission:
    """An Open Schooling Mission combining challenges from several hubs."""

    __hash__ = _hash_once

    slug: str
    title: str
    summary: str
    sdgs: tuple[int, ...]
    hubs: tuple[str, ...]
    challenges: tuple[Challenge, ...]
    status: str
    last_reviewed: str
    source: str
    description: str | None = None
    projects: tuple[MissionProject, ...] = ()
    started: str | None = None
    ended: str | None = None
    licence: str = CONTENT_LICENCE.spdx
    aliases: tuple[str, ...] = ()
    example: bool = False
    """True for an example outline written for the Blueprint, not a mission the
    network ran: every page and export that shows it says so."""
    outline: MissionOutline | None = None


@dataclass(frozen=True)
class MissionOutline:
    """The Blueprint's mission outline: what every hub taking part agrees on."""

    shared_question: str
    common_method: str
    data_to_collect: str
    meeting_points: str
    sharing_results: str


@dataclass(frozen=True)
class Sector:
    """A sector represented on the Advisory Board."""

    id: str
    title: str
    description: str | None = None


@dataclass(frozen=True)
class Member:
    """A member organisation of the Advisory Board."""

    organisation: str
    sector: str | None = None
    """The id of the member's sector; None when no source says."""
    part_of: str | None = None
    together_with: str | None = None
    """Another organisation a source names together with the member (neither part of
    the other)."""
    country: str | None = None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Board:
    """The Advisory Board."""

    sectors: tuple[Sector, ...]
    members: tuple[Member, ...]
    last_reviewed: str
    introduction: str | None = None
    sources: tuple[Source, ...] = ()
    """Public sources for the facts about the board."""

    def members_of(self, sector: str | None) -> tuple[Member, ...]:
        """The members of one sector (None: the members whose sector is not recorded)."""
        return tuple(m for m in self.members if m.sector == sector)


@dataclass(frozen=True)
class Settings:
    """Site settings that are content (``data/site.yaml``)."""

    network: str = "OSHub.Network"
    version: str = "0.0"
    """The Blueprint's version (``version`` in ``data/site.yaml``)."""
    contact_role: str | None = None
    contact_organisation: str | None = None
    contact: Contact | None = None
    edit_base: str | None = None


@dataclass(frozen=True)
class AssessmentSection:
    """A section of the self-assessment and the guide page to read next."""

    id: str
    title: str
    guide: str
    """Path under ``blueprint/guides/``, e.g. ``facilitation/index.md``."""
    questions: tuple[tuple[str, str], ...]
    """(id, statement) pairs."""


@dataclass(frozen=True)
class SelfAssessment:
    """The hub self-assessment: an answer scale and sections of statements."""

    introduction: str
    scale: tuple[tuple[int, str], ...]
    sections: tuple[AssessmentSection, ...]
    last_reviewed: str


@dataclass(frozen=True)
class GlossaryTerm:
    """A term and its plain explanation."""

    term: str
    definition: str


@dataclass(frozen=True)
class CanvasBox:
    """One box of the social business canvas."""

    id: str
    title: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Canvas:
    """The social business canvas."""

    title: str
    introduction: str
    boxes: tuple[CanvasBox, ...]


@dataclass(frozen=True)
class BudgetCategory:
    """One cost category of the budget."""

    name: str
    kind: str
    examples: str


@dataclass(frozen=True)
class Budget:
    """The hub budget template."""

    title: str
    years: int
    categories: tuple[BudgetCategory, ...]


@dataclass(frozen=True)
class ToolField:
    """A labelled space to write in on a printed tool."""

    label: str
    prompt: str | None = None
    lines: int = 2


@dataclass(frozen=True)
class ToolColumn:
    """A column of a tool's table to fill."""

    title: str
    prompt: str | None = None
    width: int = 1


@dataclass(frozen=True)
class ChecklistSection:
    """A group of checklist items (each printed with an empty box)."""

    title: str | None
    items: tuple[str, ...]


@dataclass(frozen=True)
class Tool:
    """A printable one-page tool (``data/tools.yaml``): its kind decides its layout."""

    id: str
    kind: str
    title: str
    introduction: str | None = None
    note: str | None = None
    sections: tuple[ChecklistSection, ...] = ()
    fields: tuple[ToolField, ...] = ()
    """Fields to fill (a form), or printed before the tool (other kinds)."""
    columns: tuple[ToolColumn, ...] = ()
    rows: int = 8
    centre: str | None = None
    rings: tuple[str, ...] = ()
    zones: tuple[str, ...] = ()
    after: tuple[ToolField, ...] = ()
    """Fields printed at the end (next steps, sign-off)."""


WORDS_PER_MINUTE = 200
"""A calm reading pace, for the reading time shown on guide pages."""
_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9]+(?:['\u2019-][A-Za-zÀ-ÿ0-9]+)*")


def word_count(markdown: str) -> int:
    """Words of prose in Markdown (link targets and markup are not words)."""
    text = re.sub(r"\]\([^()\]]*\)", "]", markdown)
    text = re.sub(r"^[ \t]*!!![ \t]+\w+", "", text, flags=re.MULTILINE)
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class Guide:
    """One page of the Blueprint's guides (a Markdown file under ``blueprint/guides/``)."""

    path: str
    """Path under the docs folder, e.g. ``guides/facilitation/stakeholders.md``."""
    source: str
    """Path of the file from the project root (for edit links and problems)."""
    title: str
    body: str
    """The page's Markdown, without its front matter."""
    body_line: int
    """0-based line of the file where the body starts."""
    headings: tuple[Heading, ...]
    area: str | None = None
    """One of the guide areas, or None for a page above them (the guides overview)."""
    order: int = 1000
    summary: str | None = None
    description: str | None = None
    audience: tuple[str, ...] = ()
    before_you_start: tuple[str, ...] = ()
    """What a reader needs first (plain text items)."""
    time_needed: str | None = None
    """How long the activity or reading takes (plain text)."""
    in_brief: tuple[str, ...] = ()
    """Short plain sentences for the page's "in brief" box."""
    authors: tuple[str, ...] = ()
    """Who wrote the page, as they wish to be named (shown and cited)."""
    last_reviewed: str | None = None
    licence: str = CONTENT_LICENCE.spdx
    translations: Mapping[str, Guide] = field(default_factory=dict)
    """Translations beside the page (``name.<lang>.md``), by language code."""

    @cached_property
    def words(self) -> int:
        """Words of prose in the page."""
        return word_count(self.body)

    @property
    def reading_minutes(self) -> int:
        """Minutes to read at a calm pace (at least one)."""
        return max(1, round(self.words / WORDS_PER_MINUTE))

    @property
    def is_area_overview(self) -> bool:
        """True for an area's first page (``<area>/index.md``)."""
        return self.area is not None and self.path.endswith(f"{self.area}/index.md")


@dataclass(frozen=True)
class Site:
    """Everything the site publishes, with the lookups pages need."""

    hubs: tuple[Hub, ...]
    missions: tuple[Mission, ...]
    board: Board | None = None
    settings: Settings = field(default_factory=Settings)
    canvas: Canvas | None = None
    budget: Budget | None = None
    templates_area: str | None = None
    """The guide area whose pages offer the templates for download (``guide_area`` in
    ``data/templates.yaml``)."""
    self_assessment: SelfAssessment | None = None
    glossary: tuple[GlossaryTerm, ...] = ()
    tools: tuple[Tool, ...] = ()
    """The printable tools, in the order of ``data/tools.yaml`` (a self-assessment tool
    only when the self-assessment exists: it prints those statements)."""
    tools_reviewed: str | None = None
    """``last_reviewed`` of ``data/tools.yaml``."""
    guides: tuple[Guide, ...] = ()
    """Every guide page (translations live inside their page), areas in order."""
    guide_areas: tuple[str, ...] = ()
    """The guide areas, in the order of the guide schema."""
    sdgs: tuple[Sdg, ...] = field(default_factory=all_sdgs)
    left_out: tuple[str, ...] = ()
    """Content files with errors that the site was built without (validation off)."""

    @cached_property
    def guide_by_path(self) -> Mapping[str, Guide]:
        """Guides by their path under the docs folder."""
        return {guide.path: guide for guide in self.guides}

    @cached_property
    def newest_review(self) -> str:
        """The newest ``last_reviewed`` of the guides, hubs and missions (``""`` when
        none): the date a citation of the whole Blueprint gives its year from."""
        dates = [g.last_reviewed for g in self.guides if g.last_reviewed]
        dates += [h.last_reviewed for h in self.hubs] + [m.last_reviewed for m in self.missions]
        return max((str(d) for d in dates), default="")

    def guides_in(self, area: str) -> tuple[Guide, ...]:
        """The pages of one guide area, in reading order."""
        return tuple(g for g in self.guides if g.area == area)

    @cached_property
    def tool_by_id(self) -> Mapping[str, Tool]:
        """Tools by id."""
        return {tool.id: tool for tool in self.tools}

    @cached_property
    def tool_pages(self) -> Mapping[str, tuple[Guide, ...]]:
        """The guide pages that show each tool (by a marker line), in reading order."""
        found: dict[str, list[Guide]] = {tool.id: [] for tool in self.tools}
        for guide in self.guides:
            for tool in tools_shown(guide.body):
                found.setdefault(tool, []).append(guide)
        return {tool: tuple(pages) for tool, pages in found.items()}

    @cached_property
    def hub_by_slug(self) -> Mapping[str, Hub]:
        """Hubs by slug."""
        return {hub.slug: hub for hub in self.hubs}

    @cached_property
    def missions_by_hub(self) -> Mapping[str, tuple[Mission, ...]]:
        """The missions each hub takes part in."""
        found: dict[str, list[Mission]] = {hub.slug: [] for hub in self.hubs}
        for mission in self.missions:
            for slug in mission.hubs:
                found.setdefault(slug, []).append(mission)
        return {slug: tuple(missions) for slug, missions in found.items()}

    @cached_property
    def hubs_by_sdg(self) -> Mapping[int, tuple[Hub, ...]]:
        """The hubs focusing on each SDG (1-17, empty tuples included)."""
        return {n: tuple(h for h in self.hubs if n in h.sdgs) for n in range(1, 18)}

    @cached_property
    def missions_by_sdg(self) -> Mapping[int, tuple[Mission, ...]]:
        """The missions working on each SDG (1-17, empty tuples included)."""
        return {n: tuple(m for m in self.missions if n in m.sdgs) for n in range(1, 18)}


# --- from validated documents --------------------------------------------------------


def _tuple(data: Mapping[str, Any], key: str) -> tuple[Any, ...]:
    return tuple(data.get(key) or ())


def _links(data: Mapping[str, Any]) -> tuple[Link, ...]:
    return tuple(Link(link["title"], link["url"]) for link in data.get("links") or ())


def _sources(data: Mapping[str, Any]) -> tuple[Source, ...]:
    return tuple(
        Source(s["title"], s.get("publisher"), s.get("url")) for s in data.get("sources") or ()
    )


def _contact(data: Mapping[str, Any] | None) -> Contact | None:
    if not data or not (data.get("email") or data.get("form")):
        return None
    return Contact(email=data.get("email"), form=data.get("form"))


def hub_from(slug: str, data: Mapping[str, Any], source: str) -> Hub:
    """A Hub from the data of a valid hub file."""
    loc = data["location"]
    local = data.get("local_name")
    return Hub(
        slug=slug,
        name=data["name"],
        country=data["country"],
        location=Location(
            city=loc["city"],
            lat=float(loc["lat"]),
            lon=float(loc["lon"]),
            precision=loc["precision"],
            region=loc.get("region"),
        ),
        description=data["description"],
        last_reviewed=data["last_reviewed"],
        source=source,
        sdgs=_tuple(data, "sdgs"),
        local_name=LocalText(local["text"], local["lang"]) if local else None,
        hosts=tuple(Host(h["name"], h.get("type"), h.get("url")) for h in data.get("hosts") or ()),
        stakeholders=_tuple(data, "stakeholders"),
        barriers=_tuple(data, "barriers"),
        languages=_tuple(data, "languages"),
        status=data.get("status"),
        started=data.get("started"),
        ended=data.get("ended"),
        contact=_contact(data.get("contact")),
        links=_links(data),
        aliases=_tuple(data, "aliases"),
        sources=_sources(data),
    )


def mission_from(slug: str, data: Mapping[str, Any], source: str) -> Mission:
    """A Mission from the data of a valid mission file."""
    return Mission(
        slug=slug,
        title=data["title"],
        summary=data["summary"],
        sdgs=_tuple(data, "sdgs"),
        hubs=_tuple(data, "hubs"),
        challenges=tuple(
            Challenge(c["hub"], c["title"], c["description"], _tuple(c, "sdgs"))
            for c in data["challenges"]
        ),
        status=data["status"],
        last_reviewed=data["last_reviewed"],
        source=source,
        description=data.get("description"),
        projects=tuple(
            MissionProject(
                title=p["title"],
                hub=p["hub"],
                led_by=_tuple(p, "led_by"),
                status=p["status"],
                summary=p.get("summary"),
                stakeholders=_tuple(p, "stakeholders"),
                outputs=tuple(
                    Output(o["title"], o.get("type"), o.get("url")) for o in p.get("outputs") or ()
                ),
            )
            for p in data.get("projects") or ()
        ),
        started=data.get("started"),
        ended=data.get("ended"),
        licence=data.get("licence", CONTENT_LICENCE.spdx),
        aliases=_tuple(data, "aliases"),
        example=data.get("example") is True,
        outline=_outline(data.get("outline")),
    )


def _outline(data: Mapping[str, Any] | None) -> MissionOutline | None:
    if not data:
        return None
    return MissionOutline(
        shared_question=data["shared_question"],
        common_method=data["common_method"],
        data_to_collect=data["data_to_collect"],
        meeting_points=data["meeting_points"],
        sharing_results=data["sharing_results"],
    )


def board_from(data: Mapping[str, Any]) -> Board:
    """The Board from the data of a valid board file."""
    return Board(
        sectors=tuple(Sector(s["id"], s["title"], s.get("description")) for s in data["sectors"]),
        members=tuple(
            Member(
                organisation=m["organisation"],
                sector=m.get("sector"),
                part_of=m.get("part_of"),
                together_with=m.get("together_with"),
                country=m.get("country"),
                url=m.get("url"),
                note=m.get("note"),
            )
            for m in data["members"]
        ),
        last_reviewed=data["last_reviewed"],
        introduction=data.get("introduction"),
        sources=_sources(data),
    )


def settings_from(data: Mapping[str, Any]) -> Settings:
    """Settings from the data of a valid site file."""
    contact = data.get("contact") or {}
    return Settings(
        network=data.get("network", "OSHub.Network"),
        version=str(data.get("version", "0.0")),
        contact_role=contact.get("role"),
        contact_organisation=contact.get("organisation"),
        contact=_contact(contact),
        edit_base=(data.get("repository") or {}).get("edit_base"),
    )


def canvas_from(data: Mapping[str, Any]) -> Canvas:
    """The canvas from the data of a valid templates file."""
    return Canvas(
        title=data["title"],
        introduction=data["introduction"],
        boxes=tuple(CanvasBox(b["id"], b["title"], tuple(b["questions"])) for b in data["boxes"]),
    )


def budget_from(data: Mapping[str, Any]) -> Budget:
    """The budget from the data of a valid templates file."""
    return Budget(
        title=data["title"],
        years=data["years"],
        categories=tuple(
            BudgetCategory(c["name"], c["kind"], c["examples"]) for c in data["categories"]
        ),
    )


def self_assessment_from(data: Mapping[str, Any]) -> SelfAssessment:
    """The self-assessment from the data of a valid file."""
    return SelfAssessment(
        introduction=data["introduction"],
        scale=tuple((o["value"], o["label"]) for o in data["scale"]),
        sections=tuple(
            AssessmentSection(
                s["id"], s["title"], s["guide"], tuple((q["id"], q["text"]) for q in s["questions"])
            )
            for s in data["sections"]
        ),
        last_reviewed=data["last_reviewed"],
    )


def _tool_fields(data: Mapping[str, Any], key: str) -> tuple[ToolField, ...]:
    return tuple(
        ToolField(f["label"], f.get("prompt"), f.get("lines", 2)) for f in data.get(key) or ()
    )


def tool_from(data: Mapping[str, Any]) -> Tool:
    """A Tool from one item of a valid tools file."""
    return Tool(
        id=data["id"],
        kind=data["kind"],
        title=data["title"],
        introduction=data.get("introduction"),
        note=data.get("note"),
        sections=tuple(
            ChecklistSection(s.get("title"), tuple(s["items"])) for s in data.get("sections") or ()
        ),
        fields=_tool_fields(data, "fields"),
        columns=tuple(
            ToolColumn(c["title"], c.get("prompt"), c.get("width", 1))
            for c in data.get("columns") or ()
        ),
        rows=data.get("rows", 8),
        centre=data.get("centre"),
        rings=_tuple(data, "rings"),
        zones=_tuple(data, "zones"),
        after=_tool_fields(data, "after"),
    )


def guide_from(path: str, item: Loaded) -> Guide:
    """A Guide from a guide page whose front matter is valid."""
    data = item.doc.data
    scan = item.scan
    return Guide(
        path=path,
        source=item.doc.path,
        title=data["title"],
        body=item.body or "",
        body_line=item.body_line,
        headings=tuple(scan.headings) if scan is not None else (),
        area=data.get("area"),
        order=data.get("order", 1000),
        summary=data.get("summary"),
        description=data.get("description"),
        audience=_tuple(data, "audience"),
        before_you_start=_tuple(data, "before_you_start"),
        time_needed=data.get("time_needed"),
        in_brief=_tuple(data, "in_brief"),
        authors=_tuple(data, "authors"),
        last_reviewed=data.get("last_reviewed"),
        licence=data.get("licence", CONTENT_LICENCE.spdx),
    )


def _guides(items: list[tuple[str, Loaded]], areas: tuple[str, ...]) -> tuple[Guide, ...]:
    pages = {path: guide_from(path, item) for path, item in items}
    translations: dict[str, dict[str, Guide]] = {}
    for path in list(pages):
        of = translation_of(path)
        if of is None:
            continue
        translated = pages.pop(path)  # never a guide of its own (validation reports orphans)
        if of[0] in pages and translation_of(of[0]) is None:
            translations.setdefault(of[0], {})[of[1]] = translated
    for path, found in translations.items():
        pages[path] = replace(pages[path], translations=found)

    def reading_order(guide: Guide) -> tuple[int, int, int, str]:
        area = areas.index(guide.area) if guide.area in areas else -1
        return (area, 0 if guide.is_area_overview else 1, guide.order, guide.title.casefold())

    return tuple(sorted(pages.values(), key=reading_order))


class MadeItems:
    """The hubs and missions of the last Site made through this object, by the loaded
    document they came from: the same loaded document (a file validation did not have
    to read again) gives the very same object, and later stages (the live preview's
    rebuild) compare them by identity first. The caller makes one and passes it to
    every ``site_from`` that should share it."""

    def __init__(self) -> None:
        self.last: dict[int, tuple[Loaded, str, Hub | Mission]] = {}


def site_from(
    loaded: Mapping[str, Loaded],
    invalid: Set[str] = frozenset(),
    *,
    docs_dir: str = "blueprint",
    guide_areas: tuple[str, ...] = (),
    reuse: MadeItems | None = None,
) -> Site:
    """The Site from validated documents (relative path -> loaded document).

    Files with errors (``invalid``) are left out, and so are references to what they
    held (a mission's hub that was left out): a site built with validation switched
    off stays whole, and says in ``left_out`` what it was built without. ``reuse``:
    hubs and missions made before from the same loaded documents (``MadeItems``).
    """
    reuse = reuse or MadeItems()
    made, reuse.last = reuse.last, {}
    hubs: list[Hub] = []
    missions: list[Mission] = []
    guides: list[tuple[str, Loaded]] = []
    parts: dict[str, Any] = {}
    for rel, item in loaded.items():
        if rel in invalid:
            continue
        if item.kind in ("hub", "mission"):
            # the same loaded document (a file validation did not have to read again)
            # gives the very same object: later stages compare them by identity first
            found = made.get(id(item))
            if found is None or found[0] is not item or found[1] != rel:
                make = hub_from if item.kind == "hub" else mission_from
                found = (item, rel, make(item.slug, item.doc.data, rel))
            reuse.last[id(item)] = found
            if isinstance(found[2], Hub):
                hubs.append(found[2])
            else:
                missions.append(found[2])
        elif item.kind == "guide":
            guides.append((rel.removeprefix(docs_dir + "/"), item))
        else:
            parts.update(_parts_from(item.kind, item.doc.data))
    if "self_assessment" not in parts and "tools" in parts:
        parts["tools"] = tuple(t for t in parts["tools"] if t.kind != "self-assessment")
    known = {hub.slug for hub in hubs}
    return Site(
        hubs=tuple(sorted(hubs, key=lambda h: h.name.casefold())),
        missions=tuple(
            sorted((_within(m, known) for m in missions), key=lambda m: m.title.casefold())
        ),
        guides=_guides(guides, guide_areas),
        guide_areas=guide_areas,
        left_out=tuple(sorted(invalid)),
        **parts,
    )


def _parts_from(kind: str, data: Any) -> dict[str, Any]:
    """The Site's fields that one valid data file of ``kind`` gives (the board, the
    settings, the templates, ...); none for a kind the Site does not hold."""
    if kind == "board":
        return {"board": board_from(data)}
    if kind == "site":
        return {"settings": settings_from(data)}
    if kind == "templates":
        return {
            "canvas": canvas_from(data["canvas"]),
            "templates_area": data.get("guide_area"),
            "budget": budget_from(data["budget"]),
        }
    if kind == "self-assessment":
        return {"self_assessment": self_assessment_from(data)}
    if kind == "tools":
        return {
            "tools": tuple(tool_from(tool) for tool in data["tools"]),
            "tools_reviewed": str(data["last_reviewed"]),
        }
    if kind == "glossary":
        terms = (GlossaryTerm(t["term"], t["definition"]) for t in data["terms"])
        return {"glossary": tuple(sorted(terms, key=lambda t: t.term.casefold()))}
    return {}


def _within(mission: Mission, hubs: Set[str]) -> Mission:
    """``mission`` without references to hubs the site does not have."""
    if all(slug in hubs for slug in mission.hubs):
        return mission
    return replace(
        mission,
        hubs=tuple(s for s in mission.hubs if s in hubs),
        challenges=tuple(c for c in mission.challenges if c.hub in hubs),
        projects=tuple(p for p in mission.projects if p.hub in hubs),
    )
