"""Checks beyond the schemas: safe text, real dates in order, pins inside their
country, references between files, unique names and well-formed slugs.

Each check takes loaded documents and returns problems; none raises.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from oshub import routes
from oshub.core import geo, lookalike, unicode_text
from oshub.core.htmlpolicy import SAFE_SCHEMES, url_scheme
from oshub.core.problems import Problem, error, warning
from oshub.core.project import translation_of
from oshub.core.text import make_slug
from oshub.load.yamlload import Document, Pointer, json_pointer
from oshub.schema.formats import is_real_date
from oshub.schema.messages import did_you_mean, label
from oshub.validate.markdown_check import BodyScan, WrittenLink, mask_code, resolve
from oshub.validate.remote_images import remote_images

# the whole string: unlike `$`, `\Z` lets no trailing newline through (`x\n` is no slug)
SLUG = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")
"""A slug: lowercase a-z, 0-9 and single hyphens."""

_HTML = re.compile(
    r"<(?:!--|[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|/[A-Za-z][A-Za-z0-9-]*\s*>|\?|!\[CDATA\[)"
)
_MD_LINK = re.compile(r"\](?=\(\s*<?([^)\s<>\]]+))")  # every "](", also nested ones
_MD_REF = re.compile(
    r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?\[[^\[\]\n]+\]:[\s>]*<?(\S+?)>?(?:\s|$)", re.MULTILINE
)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>")
_PERSONAL_EMAIL = re.compile(r"^[a-z]+[._][a-z]+@", re.IGNORECASE)


@dataclass(frozen=True)
class Loaded:
    """A loaded content file: its kind, slug and document (for a guide page, its front
    matter), and for a guide page its Markdown body and what the body's check found."""

    kind: str
    slug: str
    doc: Document
    body: str | None = None
    body_line: int = 0
    """0-based line of the file where the body starts."""
    scan: BodyScan | None = None


def _error_at(doc: Document, pointer: Pointer, message: str, hint: str = "") -> Problem:
    """An error about the value at ``pointer``, at its line and column."""
    line, col = doc.position(pointer)
    return error(doc.path, line, col, message, hint=hint, pointer=json_pointer(pointer))


def _warning_at(doc: Document, pointer: Pointer, message: str, hint: str = "") -> Problem:
    """A warning about the value at ``pointer``, at its line and column."""
    line, col = doc.position(pointer)
    return warning(doc.path, line, col, message, hint=hint, pointer=json_pointer(pointer))


def _value_at(data: Any, pointer: Pointer) -> Any:
    for part in pointer:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def check_text(doc: Document) -> Iterator[Problem]:
    """Raw HTML, unsafe link schemes and images on other hosts in any text value."""
    for pointer in doc.markup:
        text = _value_at(doc.data, pointer)
        if not isinstance(text, str):
            continue
        if "<" in text:
            found = list(_HTML.finditer(text))
            opening = [m for m in found if not m.group(0).startswith("</")]
            for match in opening or found[:1]:  # a closing tag says nothing new
                line, col = doc.text_position(pointer, text, match.start())
                snippet = match.group(0)[:40]
                yield error(
                    doc.path,
                    line,
                    col,
                    f"{label(pointer)}: raw HTML is not allowed in text (`{snippet}`)",
                    hint="write plain text or Markdown: **bold**, [a link](https://...), lists",
                    pointer=json_pointer(pointer),
                )
        images: set[tuple[int, int]] = set()
        if "![" in text:  # text fields are Markdown too: read as a page body is
            where = partial(doc.text_position, pointer, text)
            for problem in remote_images(mask_code(text), doc.path, where, text):
                images.add((problem.line, problem.col))
                yield replace(
                    problem,
                    message=f"{label(pointer)}: {problem.message}",
                    hint="text from data files shows no images; link to the image instead "
                    "([a plan](https://...)), or put it on a guide page beside its file",
                    pointer=json_pointer(pointer),
                )
        if "](" in text or "<" in text or "]:" in text:
            yield from _text_links(doc, pointer, text, images)


def _text_links(
    doc: Document, pointer: Pointer, text: str, images: Set[tuple[int, int]]
) -> Iterator[Problem]:
    """Links of the text value at ``pointer`` with a scheme other than the safe ones, or
    relative; not at ``images`` (images on other hosts, already reported)."""
    targets = [
        *((m.start(1), m.group(1)) for m in _MD_LINK.finditer(text)),
        *((m.start(1), m.group(1)) for m in _MD_REF.finditer(text)),
        *((m.start(1), m.group(1)) for m in _AUTOLINK.finditer(text)),
    ]
    for start, target in targets:
        scheme = url_scheme(target)
        if scheme is not None and scheme not in SAFE_SCHEMES:
            message = f"link scheme `{scheme}:` is not allowed"
            hint = "links must start with https://, http:// or mailto:"
        elif scheme is None:
            # text from data is shown on several pages at different depths: a
            # relative link would lead somewhere else from each of them
            message = f"link `{target}` is relative"
            hint = (
                "write the full address (https://...); text from data files appears "
                "on several pages, where a relative link leads to different places"
            )
        else:
            continue
        line, col = doc.text_position(pointer, text, start)
        if (line, col) not in images:  # an image on another host, reported above
            yield error(
                doc.path,
                line,
                col,
                f"{label(pointer)}: {message}",
                hint=hint,
                pointer=json_pointer(pointer),
            )


def check_dates(doc: Document, date_keys: frozenset[str], today: date) -> Iterator[Problem]:
    """Unquoted dates in text fields, start before end, reviews not in the future."""
    for pointer in doc.plain_dates:
        key = next((p for p in reversed(pointer) if isinstance(p, str)), "")
        if key not in date_keys or (pointer and isinstance(pointer[-1], int)):
            yield _error_at(
                doc,
                pointer,
                f"{label(pointer)}: an unquoted date where text is expected",
                hint="YAML 1.1 tools turn it into a date object; quote it if you mean text",
            )
    data = doc.data if isinstance(doc.data, dict) else {}
    started, ended = data.get("started"), data.get("ended")
    if (
        isinstance(started, str)
        and isinstance(ended, str)
        and is_real_date(started)
        and is_real_date(ended)
        and ended < started
    ):
        yield _error_at(
            doc,
            ("ended",),
            f"ended ({ended}) is before started ({started})",
            hint="check the two dates",
        )
    reviewed = data.get("last_reviewed")
    if isinstance(reviewed, str) and is_real_date(reviewed) and reviewed > today.isoformat():
        yield _warning_at(
            doc,
            ("last_reviewed",),
            f"last_reviewed ({reviewed}) is in the future",
            hint=f"use the day of the review, at the latest today ({today.isoformat()})",
        )


def check_hub(doc: Document) -> Iterator[Problem]:
    """Country code, pin inside its country, public contact, local-name language."""
    data = doc.data
    if not isinstance(data, dict):
        return
    country = data.get("country")
    known = geo.known_country_codes()
    if isinstance(country, str) and re.fullmatch(r"[A-Z]{2}", country) and country not in known:
        special = {"UK": "GB", "EL": "GR"}
        hint = (
            f"did you mean `{special[country]}`? (ISO 3166-1 uses {special[country]})"
            if country in special
            else "use the ISO 3166-1 alpha-2 code, e.g. NL, PT, GR"
        )
        yield _error_at(doc, ("country",), f"country: `{country}` is not an ISO 3166-1 code", hint)
    location = data.get("location")
    if isinstance(country, str) and country in known and isinstance(location, dict):
        pin = _coordinates(location)
        if pin is not None and geo.point_in_country(country, *pin) is False:
            yield _pin_problem(doc, country, *pin)
    contact = data.get("contact")
    if isinstance(contact, dict):
        email = contact.get("email")
        if isinstance(email, str) and _PERSONAL_EMAIL.match(email):
            yield _warning_at(
                doc,
                ("contact", "email"),
                f"contact.email `{email}` looks like a person's address",
                hint="publish a role address (hub@..., info@...) or a contact form instead",
            )
    local = data.get("local_name")
    languages = data.get("languages")
    if isinstance(local, dict) and isinstance(languages, list):
        lang = local.get("lang")
        if isinstance(lang, str) and lang not in languages:
            yield _warning_at(
                doc,
                ("local_name", "lang"),
                f"local_name is in `{lang}`, which is not among the hub's languages",
                hint=f"add `{lang}` to languages, or correct the code",
            )


def _coordinates(location: dict[str, Any]) -> tuple[float, float] | None:
    lat, lon = location.get("lat"), location.get("lon")
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lat, lon))
    if numbers and -90 <= lat <= 90 and -180 <= lon <= 180:  # type: ignore[operator]
        return float(lat), float(lon)  # type: ignore[arg-type]
    return None


def _pin_problem(doc: Document, country: str, lat: float, lon: float) -> Problem:
    name = geo.message_name(country) or country
    if geo.point_in_country(country, lon, lat):
        hint = "lat and lon look swapped"
    else:
        nearby = geo.nearest_countries(lat, lon, limit=1)
        where = geo.message_name(nearby[0]) if nearby else None
        hint = f"the pin lies in or near {where} ({nearby[0]})" if where else ""
        hint = _join(hint, "check lat (north) and lon (east), in decimal degrees")
    return _error_at(
        doc,
        ("location", "lat"),
        f"location ({lat}, {lon}) is not inside {name} ({country})",
        hint=hint,
    )


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def check_guide(doc: Document, rel: str, areas: Sequence[str]) -> Iterator[Problem]:
    """A guide's ``area`` (one of ``areas``) matches the folder it lives in."""
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("area"), str):
        return
    parts = rel.split("/")
    folder = parts[2] if len(parts) > 3 else ""
    if folder in areas and data["area"] != folder:
        yield _error_at(
            doc,
            ("area",),
            f"area `{data['area']}` does not match the page's folder `{folder}`",
            hint=f"write `area: {folder}` or move the page",
        )


def check_templates(doc: Document, areas: Sequence[str]) -> Iterator[Problem]:
    """The templates file's ``guide_area`` is one of the guide areas ``areas``."""
    area = doc.data.get("guide_area") if isinstance(doc.data, dict) else None
    if isinstance(area, str) and area not in areas:
        yield _error_at(
            doc,
            ("guide_area",),
            f"guide_area: `{area}` is not one of the guide areas",
            hint="one of: " + ", ".join(areas),
        )


PAGE_FACTS = {
    "audience": "who the page is for, e.g. [coordinators, teachers]",
    "before_you_start": 'what a reader needs first, e.g. ["A room booked for two hours"]',
    "time_needed": 'how long the activity or reading takes, e.g. "Two 90-minute sessions"',
    "in_brief": "two to five short plain sentences for the page's in-brief box",
}
"""Front matter every page of a guide area states, except the area's ``index.md``."""


def needs_page_facts(rel: str, areas: Sequence[str]) -> bool:
    """True for a page inside a guide area's folder other than the area's index page
    (``index.md`` and its translations ``index.<lang>.md``)."""
    parts = rel.split("/")
    if len(parts) < 4 or parts[2] not in areas:
        return False
    return parts[-1].split(".")[0] != "index" or len(parts) > 4


def check_page_facts(doc: Document, rel: str, areas: Sequence[str]) -> Iterator[Problem]:
    """A guide page says who it is for, what a reader needs first, how long it takes and
    what it says in brief (the schema cannot see file names, so this is checked here)."""
    data = doc.data
    if not isinstance(data, dict) or not needs_page_facts(rel, areas):
        return
    line, col = doc.key_position(("title",)) if "title" in data else (1, 1)
    for key, what in PAGE_FACTS.items():
        if key not in data:
            yield error(
                doc.path,
                line,
                col,
                f"guide page has no `{key}`: every page of a guide area except its "
                "index.md states it",
                hint=f"add `{key}:` to the front matter: {what}",
                pointer=json_pointer((key,)),  # the missing value, as for the schema's
            )


def check_board(doc: Document) -> Iterator[Problem]:
    """Sector ids are unique and every member names one of them."""
    data = doc.data
    if not isinstance(data, dict):
        return
    sectors = data.get("sectors") if isinstance(data.get("sectors"), list) else []
    ids: list[str] = []
    for index, sector in enumerate(sectors or []):
        if isinstance(sector, dict) and isinstance(sector.get("id"), str):
            if sector["id"] in ids:
                yield _error_at(
                    doc, ("sectors", index, "id"), f"sector id `{sector['id']}` is used twice"
                )
            ids.append(sector["id"])
    members = data.get("members") if isinstance(data.get("members"), list) else []
    for index, member in enumerate(members or []):
        sector_id = member.get("sector") if isinstance(member, dict) else None
        if isinstance(sector_id, str) and sector_id not in ids:
            yield _error_at(
                doc,
                ("members", index, "sector"),
                f"members[{index}].sector `{sector_id}` is not one of the sectors",
                hint=_join(did_you_mean(sector_id, ids), "sectors: " + ", ".join(ids)),
            )


def check_self_assessment(doc: Document, guides_dir: Path) -> Iterator[Problem]:
    """Each section points to a guide page that exists; question ids are unique."""
    data = doc.data if isinstance(doc.data, dict) else {}
    sections = data.get("sections") if isinstance(data.get("sections"), list) else []
    seen: set[str] = set()
    for index, section in enumerate(sections or []):
        if not isinstance(section, dict):
            continue
        guide = section.get("guide")
        if isinstance(guide, str) and not (guides_dir / guide).is_file():
            yield _error_at(
                doc,
                ("sections", index, "guide"),
                f"sections[{index}].guide: no guide page blueprint/guides/{guide}",
                hint="give the path of a Markdown file under blueprint/guides/",
            )
        questions = section.get("questions") if isinstance(section.get("questions"), list) else []
        for q_index, question in enumerate(questions or []):
            qid = question.get("id") if isinstance(question, dict) else None
            if isinstance(qid, str):
                if qid in seen:
                    yield _error_at(
                        doc,
                        ("sections", index, "questions", q_index, "id"),
                        f"question id `{qid}` is used twice",
                        hint="answers are stored by id: each needs its own",
                    )
                seen.add(qid)


def check_glossary(doc: Document) -> Iterator[Problem]:
    """No term is defined twice."""
    data = doc.data if isinstance(doc.data, dict) else {}
    terms = data.get("terms") if isinstance(data.get("terms"), list) else []
    names = _Names("term", "term")
    for index, item in enumerate(terms or []):
        term = item.get("term") if isinstance(item, dict) else None
        if isinstance(term, str):
            yield from names.check(doc, ("terms", index, "term"), term)


def check_mission_refs(doc: Document, hub_slugs: Set[str]) -> Iterator[Problem]:
    """Every hub a mission names exists, and challenges and projects name its own hubs."""
    data = doc.data
    if not isinstance(data, dict):
        return
    hubs = data.get("hubs") if isinstance(data.get("hubs"), list) else []
    own = [h for h in hubs or [] if isinstance(h, str)]
    for index, slug in enumerate(hubs or []):
        if isinstance(slug, str) and SLUG.fullmatch(slug) and slug not in hub_slugs:
            yield _error_at(
                doc,
                ("hubs", index),
                f"hubs[{index}]: no hub `{slug}` (no file hubs/{slug}.yaml)",
                hint=did_you_mean(slug, sorted(hub_slugs)) or "hub slugs are file names in hubs/",
            )
    for section in ("challenges", "projects"):
        items = data.get(section)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            hub = item.get("hub") if isinstance(item, dict) else None
            if isinstance(hub, str) and SLUG.fullmatch(hub) and hub not in own:
                yield _error_at(
                    doc,
                    (section, index, "hub"),
                    f"{section}[{index}].hub `{hub}` is not one of this mission's hubs",
                    hint=_join(
                        did_you_mean(hub, own),
                        "add it to `hubs:`" if hub in hub_slugs else "",
                        "the mission's hubs: " + (", ".join(own) or "none"),
                    ),
                )


def _normal(name: str) -> str:
    return lookalike.same_name_key(name)


_LINE_BREAKS = frozenset("\t\n\r\x0b\x0c\x85\u2028\u2029")


def _one_line(doc: Document, pointer: Pointer, what: str, value: str) -> Iterator[Problem]:
    """A name or title holds no line break or tab (a block scalar, or an escape)."""
    if _LINE_BREAKS.intersection(value.strip()):
        yield _error_at(
            doc,
            pointer,
            f"{what} is one line: it holds a line break or tab",
            hint="write it on one line, without `|` or `\\n`",
        )


@dataclass
class _Names:
    """Names seen so far in a collection: by their same-name key and look-alike key."""

    kind: str
    key: str
    same: dict[str, tuple[str, Document, Pointer]] = field(default_factory=dict)
    alike: dict[str, tuple[str, Document, Pointer]] = field(default_factory=dict)

    def check(self, doc: Document, pointer: Pointer, name: str) -> Iterator[Problem]:
        """Problems for ``name`` (at ``pointer`` of ``doc``) against the names seen."""
        yield from _one_line(doc, pointer, label(pointer), name)
        same, alike = _normal(name), lookalike.lookalike_key(name)
        shown = unicode_text.shown(name)
        if same in self.same:
            first, where = unicode_text.shown(self.same[same][0]), _where(*self.same[same][1:])
            same_file = self.same[same][1] is doc
            yield _error_at(
                doc,
                pointer,
                f"the {self.key} `{shown}` is defined twice (first at {where})"
                if same_file
                else f"{self.key} `{shown}` is already used by {where}"
                + (f" (`{first}`)" if first != shown else ""),
                hint=f"each {self.kind} needs its own {self.key} (`{first}` there: names "
                "differing only in case, accents, width or invisible characters are the same)",
            )
            return
        if alike in self.alike:
            first, where = unicode_text.shown(self.alike[alike][0]), _where(*self.alike[alike][1:])
            yield _warning_at(
                doc,
                pointer,
                f"{self.key} `{shown}` looks like `{first}` of {where}",
                hint=f"the two differ only in look-alike letters ({_scripts(name, first)}): "
                f"readers cannot tell them apart; give each {self.kind} a {self.key} of its own",
            )
        self.same[same] = (name, doc, pointer)
        self.alike.setdefault(alike, (name, doc, pointer))


def _where(doc: Document, pointer: Pointer) -> str:
    line, col = doc.position(pointer)
    return f"{doc.path}:{line}:{col}"


def _scripts(*names: str) -> str:
    """The writing systems of the letters of ``names``, as Unicode names them."""
    found = sorted(
        {unicodedata.name(c, "?").split(" ", 1)[0].title() for n in names for c in n if c.isalpha()}
    )
    return ", ".join(found) if len(found) > 1 else "letters from other alphabets or forms"


def check_guide_titles(guides: Sequence[Loaded]) -> Iterator[Problem]:
    """Guide pages have titles readers can tell apart, language by language (a
    translation ``name.<lang>.md`` is compared with the pages of its language only).

    In one guide area (folder), two titles that are the same name
    (:func:`lookalike.same_name_key`) are a warning naming the other file; anywhere in
    the guides, a title whose TR39 skeleton matches another's while the names differ
    (a Cyrillic a, U+0430, for a Latin a) is a look-alike warning. The same honest title in two
    areas ("Further reading") is shown under each area's heading, and passes."""
    by_language: dict[str, list[Loaded]] = {}
    for item in guides:
        translation = translation_of(item.doc.path)
        by_language.setdefault(translation[1] if translation else "", []).append(item)
    for _, pages in sorted(by_language.items()):
        same: dict[tuple[str, str], Document] = {}
        alike: dict[str, tuple[str, str, Document]] = {}
        for item in sorted(pages, key=lambda i: i.doc.path):
            doc = item.doc
            title = doc.data.get("title") if isinstance(doc.data, dict) else None
            if not isinstance(title, str) or not title.strip():
                continue
            key, skeleton = _normal(title), lookalike.lookalike_key(title)
            area = posixpath.dirname(doc.path)
            shown = unicode_text.shown(title)
            if (area, key) in same:
                yield _warning_at(
                    doc,
                    ("title",),
                    f"title `{shown}` is already used by {_where(same[area, key], ('title',))}",
                    hint="each guide page of an area needs its own title (titles differing "
                    "only in case, accents, width or invisible characters are the same)",
                )
                continue
            same[area, key] = doc
            first = alike.setdefault(skeleton, (title, key, doc))
            if first[1] != key:
                yield _warning_at(
                    doc,
                    ("title",),
                    f"title `{shown}` looks like `{unicode_text.shown(first[0])}` of "
                    f"{_where(first[2], ('title',))}",
                    hint=f"the two differ only in look-alike letters ({_scripts(title, first[0])})"
                    ": readers cannot tell them apart; give each guide page a title of its own",
                )


def check_collection(items: Sequence[Loaded], kind: str, name_key: str) -> Iterator[Problem]:
    """Slugs well-formed; names and slugs (with aliases) unique across a collection.

    Names compare by :func:`lookalike.same_name_key` (an error) and by their TR39
    skeleton (a look-alike: a warning naming the other file)."""
    names = _Names(kind, name_key)
    owners: dict[str, str] = {item.slug: item.slug for item in items}
    for item in sorted(items, key=lambda i: i.slug):
        doc = item.doc
        data = doc.data if isinstance(doc.data, dict) else {}
        name = data.get(name_key)
        if isinstance(name, str) and name.strip():
            yield from names.check(doc, (name_key,), name)
        aliases = data.get("aliases")
        for index, alias in enumerate(aliases if isinstance(aliases, list) else []):
            if not isinstance(alias, str):
                continue
            where = ("aliases", index)
            if alias == item.slug:
                yield _error_at(doc, where, f"alias `{alias}` is the {kind}'s own slug")
            elif alias in owners and owners[alias] != item.slug:
                yield _error_at(
                    doc,
                    where,
                    f"alias `{alias}` is already taken by the {kind} `{owners[alias]}`",
                    hint="an old URL can redirect to one page only",
                )
            else:
                owners[alias] = item.slug


def reserved_slugs(kind: str) -> frozenset[str]:
    """The slugs the site's own addresses of ``kind`` (``hub``, ``mission``) use."""
    return routes.RESERVED_HUB_SLUGS if kind == "hub" else frozenset()


def check_slug(rel: str, slug: str, reserved: frozenset[str] = frozenset()) -> Iterator[Problem]:
    """The file name of a hub or mission is a valid slug, and not one the site's URLs use."""
    if slug in reserved:
        yield error(
            rel,
            1,
            1,
            f"`{slug}` cannot be a slug: the site uses /{rel.split('/')[0]}/{slug}/ itself",
            hint=f"rename the file, e.g. to {slug}-hub.yaml",
        )
    if not SLUG.fullmatch(slug):
        suggestion = make_slug(slug) or "a-name"
        yield error(
            rel,
            1,
            1,
            f"file name `{slug}` is not a valid slug",
            hint=f"use lowercase a-z, 0-9 and single hyphens: rename it to {suggestion}.yaml",
        )


def misnamed(rel: str) -> Problem:
    """The problem for a content file whose extension is spelt otherwise than expected:
    ``.yml`` or ``.YAML`` where ``.yaml`` is, ``.Md`` where ``.md`` is."""
    stem, suffix = posixpath.splitext(rel)
    expected = ".md" if suffix.lower() == ".md" else ".yaml"
    what = "pages" if expected == ".md" else "content files"
    return error(
        rel,
        1,
        1,
        f"{what} use the {expected} extension",
        hint=f"rename it to {stem}{expected}",
    )


def by_kind(loaded: Mapping[str, Loaded], kind: str) -> list[Loaded]:
    """The loaded files of one kind."""
    return [item for item in loaded.values() if item.kind == kind]


def check_guide_links(
    guides: Sequence[Loaded],
    docs_dir: str,
    docs_files: frozenset[str],
    known: set[str],
    directory_urls: bool = True,
) -> Iterator[Problem]:
    """Internal links of guide pages lead to a page or file, and ``#anchors`` to a heading.

    ``docs_files`` are the files under the docs folder and ``known`` the generated
    pages and files the sources tell of (both relative to the docs folder). As MkDocs
    does, a link naming one of these files (``../equity/index.md``) is turned into its
    address; any other link is left as written, and the browser resolves it from the
    page's own address. Links to the directory's filter and pagination pages are left
    to the build's link check.
    """
    site = _guide_site(guides, docs_dir, docs_files | known, directory_urls)
    for item in guides:
        if item.scan is None:
            continue
        page = item.doc.path.removeprefix(docs_dir + "/")
        here = routes.page_url(page, directory_urls)
        for link in item.scan.links:
            found = _guide_link_problem(site, page, here, link.target)
            if found is not None:
                yield _link_problem(item.doc.path, link, *found)


@dataclass(frozen=True)
class _GuideSite:
    """What a guide's internal link may lead to (paths relative to the docs folder)."""

    docs_dir: str
    files: frozenset[str]
    """The docs files and the generated pages and files."""
    outputs: set[str]
    """Where the built site serves them (``hubs/lemnos/``)."""
    anchors: dict[str, set[str]]
    """Each guide page's heading anchors."""
    pages: list[str]
    """The pages without ``.md``, for a did-you-mean."""


def _guide_site(
    guides: Sequence[Loaded], docs_dir: str, files: frozenset[str], directory_urls: bool
) -> _GuideSite:
    """What the guides' links may lead to, gathered once for all of them."""
    return _GuideSite(
        docs_dir=docs_dir,
        files=files,
        outputs=routes.site_paths(files, directory_urls),
        anchors={
            item.doc.path.removeprefix(docs_dir + "/"): item.scan.anchors
            for item in guides
            if item.scan is not None
        },
        pages=sorted(p.removesuffix(".md") for p in files if p.endswith(".md")),
    )


def _guide_link_problem(
    site: _GuideSite, page: str, here: str, target: str
) -> tuple[str, str] | None:
    """What is wrong with the link ``target`` of the docs page ``page`` (served at
    ``here``): a message and a hint, or None when it leads somewhere."""
    if target.startswith("/"):
        return (
            f"link `{target}` starts at the site's root",
            "write a relative link (../other-page.md): the site is also "
            "published under a version folder, where /... leads elsewhere",
        )
    from_file = resolve(page, target)
    from_url = resolve(here + "x", target)
    if from_file is None and from_url is None:
        return f"link `{target}` leads out of the site", ""
    if from_file is not None:
        path, fragment = from_file
        if path in site.files or not path:
            return _anchor_problem(site, path or page, fragment, target)
        if routes.left_to_the_build(path):
            return None
    if from_url is not None and (
        routes.left_to_the_build(from_url[0]) or from_url[0] in site.outputs
    ):
        return None  # an address that works (or one only the build knows), written as one
    return _nowhere_problem(site, target, from_file, from_url)


def _anchor_problem(
    site: _GuideSite, page: str, fragment: str, target: str
) -> tuple[str, str] | None:
    """A ``#fragment`` that no heading of the guide page ``page`` has, or None (also
    when ``page`` is not a guide: its anchors are not known)."""
    page_anchors = site.anchors.get(page)
    if not fragment or page_anchors is None or fragment in page_anchors:
        return None
    return (
        f"link `{target}`: no heading with the anchor `#{fragment}` in {site.docs_dir}/{page}",
        did_you_mean(fragment, sorted(page_anchors))
        or "anchors are made from headings: `## My heading` is #my-heading",
    )


def _nowhere_problem(
    site: _GuideSite,
    target: str,
    from_file: tuple[str, str] | None,
    from_url: tuple[str, str] | None,
) -> tuple[str, str]:
    """The link ``target`` leads to no page or file: which one it names, and the file
    or page it most likely means."""
    # a link to a Markdown file is read from the page's file; any other from its address
    file_path = from_file[0] if from_file is not None else None
    as_file = urlsplit(target).path.endswith(".md")
    missing = (
        file_path
        if file_path is not None and (as_file or from_url is None)
        else (from_url[0] if from_url is not None else "")
    )
    markdown_file = _markdown_file(file_path or missing, site.files)
    return (
        f"link `{target}` leads nowhere: the site has no page or file `{missing}`",
        f"link to the page's file instead: {markdown_file} (MkDocs writes its address)"
        if markdown_file
        else _closest_page(missing, site.pages) or "links are relative to the page's file",
    )


def _closest_page(missing: str, pages: Sequence[str]) -> str:
    """``did you mean `hubs/lemnos`?`` among the pages in the same folder as ``missing``."""
    folder, _, name = missing.rstrip("/").rpartition("/")
    siblings = [p.rpartition("/")[2] for p in pages if p.rpartition("/")[0] == folder]
    close = did_you_mean(name, siblings)
    return close.replace("`", f"`{folder}/", 1) if close and folder else close


def _link_problem(path: str, link: WrittenLink, message: str, hint: str) -> Problem:
    return error(path, link.line, link.col, message, hint=hint)


def _markdown_file(path: str, files: frozenset[str] | set[str]) -> str | None:
    """The docs file a directory-style link (``../equity/``) most likely means."""
    stem = path.rstrip("/")
    for candidate in (f"{stem}/index.md", f"{stem}.md"):
        if candidate in files:
            return candidate
    return None


TOOL_NEEDS: dict[str, tuple[str, ...]] = {
    "checklist": ("sections",),
    "form": ("fields",),
    "table": ("columns",),
    "map": ("centre", "rings", "zones"),
}
"""What each kind of tool must have besides an id, a kind and a title."""


def check_tools(doc: Document) -> Iterator[Problem]:
    """Each tool has what its kind needs; tool ids are unique (each names a marker and
    a PDF)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    tools = data.get("tools") if isinstance(data.get("tools"), list) else []
    seen: set[str] = set()
    for index, tool in enumerate(tools or []):
        kind = tool.get("kind") if isinstance(tool, dict) else None
        if not isinstance(kind, str):
            kind = ""
        for key in TOOL_NEEDS.get(kind, ()):
            if key not in tool:
                yield _error_at(
                    doc,
                    ("tools", index, "kind"),
                    f"tools[{index}]: a {kind} needs `{key}`",
                    hint=f"a {kind} tool has: " + ", ".join(f"`{k}`" for k in TOOL_NEEDS[kind]),
                )
        tool_id = tool.get("id") if isinstance(tool, dict) else None
        if isinstance(tool_id, str):
            if tool_id in seen:
                yield _error_at(
                    doc,
                    ("tools", index, "id"),
                    f"tools[{index}].id: `{tool_id}` is used twice",
                    hint="each tool needs its own id: it names its marker and its PDF",
                )
            seen.add(tool_id)


def tool_ids(tools: Loaded | None) -> list[str]:
    """The ids of the tools a loaded tools file defines (valid or not)."""
    data = tools.doc.data if tools is not None and isinstance(tools.doc.data, dict) else {}
    items = data.get("tools") if isinstance(data.get("tools"), list) else []
    return [t["id"] for t in items or [] if isinstance(t, dict) and isinstance(t.get("id"), str)]


def check_tool_markers(
    guides: Sequence[Loaded], known: Sequence[str], tools_file: str
) -> Iterator[Problem]:
    """Every ``<!-- oshub:tool ID -->`` marker of a guide page names a tool of the tools
    file and stands alone on its line (only then is it replaced)."""
    from oshub.load.tool_markers import find_markers
    from oshub.validate.markdown_check import mask_code

    listed = ", ".join(known) if known else f"none ({tools_file} defines no tool)"
    for guide in guides:
        body = guide.body or ""
        for marker in find_markers(mask_code(body)):
            line = guide.body_line + body.count("\n", 0, marker.offset) + 1
            col = marker.offset - body.rfind("\n", 0, marker.offset)
            if not marker.alone:
                yield error(
                    guide.doc.path,
                    line,
                    col,
                    "a tool marker must stand alone on its line, written `<!-- oshub:tool ID -->`",
                    hint="put the marker on a line of its own, not indented, with one space "
                    "around `oshub:tool` and the id",
                )
            elif marker.tool not in known:
                yield error(
                    guide.doc.path,
                    line,
                    col,
                    f"no tool `{marker.tool}` in {tools_file}",
                    hint=_join(did_you_mean(marker.tool, list(known)), f"known tools: {listed}"),
                )


def check_tools_need_assessment(doc: Document, assessment_file: str) -> Iterator[Problem]:
    """A self-assessment tool prints the statements of the self-assessment file, which
    must exist."""
    data = doc.data if isinstance(doc.data, dict) else {}
    tools = data.get("tools") if isinstance(data.get("tools"), list) else []
    for index, tool in enumerate(tools or []):
        if isinstance(tool, dict) and tool.get("kind") == "self-assessment":
            yield _error_at(
                doc,
                ("tools", index, "kind"),
                f"tools[{index}]: a self-assessment tool prints the statements of "
                f"{assessment_file}, which does not exist",
                hint=f"add {assessment_file}, or remove this tool",
            )
