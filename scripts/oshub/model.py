"""The typed, frozen model every output reads: hubs, missions, SDGs, board, settings.

Built once from validated documents; later stages (pages, exports, PDF) never go
back to the files. The model holds plain text and Markdown, never HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from . import geo
from .checks import Loaded
from .sdgs import Sdg, all_sdgs
from .templates_odf import Budget, BudgetCategory, Canvas, CanvasBox


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
    type: str
    url: str | None = None


@dataclass(frozen=True)
class Contact:
    """A public way to reach someone: a role address and/or a form."""

    email: str | None = None
    form: str | None = None


@dataclass(frozen=True)
class Hub:
    """One local Open Science Hub."""

    slug: str
    name: str
    country: str
    location: Location
    sdgs: tuple[int, ...]
    description: str
    last_reviewed: str
    source: str
    """Path of the hub's file relative to the project root."""
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

    @property
    def country_name(self) -> str:
        """The country's English short name."""
        return geo.country_name(self.country) or self.country


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
class Project:
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
    projects: tuple[Project, ...] = ()
    started: str | None = None
    ended: str | None = None
    licence: str = "CC-BY-4.0"
    aliases: tuple[str, ...] = ()


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
    sector: str
    part_of: str | None = None
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

    def members_of(self, sector: str) -> tuple[Member, ...]:
        """The members of one sector."""
        return tuple(m for m in self.members if m.sector == sector)


@dataclass(frozen=True)
class Settings:
    """Site settings that are content (``data/site.yaml``)."""

    network: str = "OSHub.Network"
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
class Site:
    """Everything the site publishes, with the lookups pages need."""

    hubs: tuple[Hub, ...]
    missions: tuple[Mission, ...]
    board: Board | None = None
    settings: Settings = field(default_factory=Settings)
    canvas: Canvas | None = None
    budget: Budget | None = None
    self_assessment: SelfAssessment | None = None
    glossary: tuple[GlossaryTerm, ...] = ()
    sdgs: tuple[Sdg, ...] = field(default_factory=all_sdgs)

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
        sdgs=_tuple(data, "sdgs"),
        description=data["description"],
        last_reviewed=data["last_reviewed"],
        source=source,
        local_name=LocalText(local["text"], local["lang"]) if local else None,
        hosts=tuple(Host(h["name"], h["type"], h.get("url")) for h in data.get("hosts") or ()),
        stakeholders=_tuple(data, "stakeholders"),
        barriers=_tuple(data, "barriers"),
        languages=_tuple(data, "languages"),
        status=data.get("status"),
        started=data.get("started"),
        ended=data.get("ended"),
        contact=_contact(data.get("contact")),
        links=_links(data),
        aliases=_tuple(data, "aliases"),
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
            Project(
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
        licence=data.get("licence", "CC-BY-4.0"),
        aliases=_tuple(data, "aliases"),
    )


def board_from(data: Mapping[str, Any]) -> Board:
    """The Board from the data of a valid board file."""
    return Board(
        sectors=tuple(Sector(s["id"], s["title"], s.get("description")) for s in data["sectors"]),
        members=tuple(
            Member(
                organisation=m["organisation"],
                sector=m["sector"],
                part_of=m.get("part_of"),
                country=m.get("country"),
                url=m.get("url"),
                note=m.get("note"),
            )
            for m in data["members"]
        ),
        last_reviewed=data["last_reviewed"],
        introduction=data.get("introduction"),
    )


def settings_from(data: Mapping[str, Any]) -> Settings:
    """Settings from the data of a valid site file."""
    contact = data.get("contact") or {}
    return Settings(
        network=data.get("network", "OSHub.Network"),
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


def build_site(loaded: Mapping[str, Loaded]) -> Site:
    """The Site from validated documents (relative path -> loaded document)."""
    hubs: list[Hub] = []
    missions: list[Mission] = []
    board: Board | None = None
    settings = Settings()
    extras: dict[str, Any] = {}
    for rel, item in loaded.items():
        data = item.doc.data
        if item.kind == "hub":
            hubs.append(hub_from(item.slug, data, rel))
        elif item.kind == "mission":
            missions.append(mission_from(item.slug, data, rel))
        elif item.kind == "board":
            board = board_from(data)
        elif item.kind == "site":
            settings = settings_from(data)
        elif item.kind == "templates":
            extras["canvas"] = canvas_from(data["canvas"])
            extras["budget"] = budget_from(data["budget"])
        elif item.kind == "self-assessment":
            extras["self_assessment"] = self_assessment_from(data)
        elif item.kind == "glossary":
            extras["glossary"] = tuple(
                sorted(
                    (GlossaryTerm(t["term"], t["definition"]) for t in data["terms"]),
                    key=lambda t: t.term.casefold(),
                )
            )
    return Site(
        hubs=tuple(sorted(hubs, key=lambda h: h.name.casefold())),
        missions=tuple(sorted(missions, key=lambda m: m.title.casefold())),
        board=board,
        settings=settings,
        **extras,
    )
