"""Check the Markdown body of a guide page: nothing that could run, links that lead somewhere.

A guide page arrives as a pull request from someone we do not know. Before
anything is rendered, its body is read as a browser would read the HTML that
Markdown makes of it, and these are reported at their line and column:

- raw HTML elements and attributes outside the allow-list of ``htmlpolicy`` (the
  sanitiser would drop them: better to say so than to lose text silently);
- event-handler attributes (``onclick``) in raw HTML or attribute lists (``{: ...}``);
- links, images, reference definitions, autolinks and URL attributes whose scheme
  is not https, http or mailto, however written (character references, mixed case,
  control characters);
- internal links to files that do not exist and ``#anchors`` that no heading has.

Inline code is not read (an example of bad HTML inside backticks is text, see
``mask_code``); everything else is, HTML comments included.
"""

from __future__ import annotations

import bisect
import html
import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from oshub.core.htmlpolicy import (
    ALLOWED_TAGS,
    SAFE_SCHEMES,
    STYLE_PROPERTIES,
    THEME_ATTRIBUTE_PREFIX,
    THEME_NAME_PREFIX,
    URL_ATTRIBUTES,
    allowed_attribute,
    theme_reserved,
    url_scheme,
)
from oshub.core.problems import Problem, error
from oshub.validate.markdown_limits import nesting_problems
from oshub.validate.remote_images import remote, remote_image, remote_images


@dataclass(frozen=True)
class Heading:
    """A heading of a guide page: level (1-6), text without markup, anchor, file line."""

    level: int
    text: str
    anchor: str
    line: int


_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>")
_TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]*+)((?:[^<>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")
_INLINE_LINK = re.compile(r"\](?=\(\s*(<[^<>\n]*>|[^\s)\]]+))")  # every "](", also nested ones
_REFERENCE = re.compile(
    # a reference definition, also inside block quotes, lists and indented blocks
    # (admonitions, tabs), and with its address on the next line, as Markdown reads it
    # (written so that no two parts can take the same characters: no slow backtracking)
    r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t>]+)*\[[^\[\]\n]*\]:[ \t]*(?:\n[ \t>]*)?"
    r"(<[^>\n]*>|\S+)",
    re.MULTILINE,
)
_IMAGE_WITHOUT_TEXT = re.compile(r"!\[[ \t]*\]\(")
"""A Markdown image whose text alternative is empty: ``![](plan.png)``."""
_ATTR_LIST = re.compile(r"\{:?[ \t]*+([^{}\n]*)\}")
_ATTR_LIST_PAIR = re.compile(r"(?<![^\s=#.])([^\s=#.]+)=(?:\"([^\"]*)\"|'([^']*)'|(\S+))")
_HEADING = re.compile(r"(#{1,6})[ \t]")
"""The start of a ``#`` heading (its closing ``#`` marks are cut in ``_atx``)."""
_SETEXT = re.compile(r"^[ ]{0,3}(=+|-+)[ \t]*$")
_HEADING_ATTRIBUTES = re.compile(r"\{:?([^{}]*)\}\s*$")
_ID_NAME = re.compile(r"[^\s{}]+")
_INLINE_MARKUP = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)|\*\*|__|[*`]|<[^<>]+>")


@dataclass(frozen=True)
class WrittenLink:
    """An internal link written in a page: its target as written and where it is."""

    target: str
    line: int
    col: int


@dataclass
class BodyScan:
    """What a page body holds: problems found, internal links, and heading anchors."""

    problems: list[Problem] = field(default_factory=list)
    links: list[WrittenLink] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)

    @property
    def anchors(self) -> set[str]:
        """The ``#anchors`` a link to this page may name."""
        return {heading.anchor for heading in self.headings}


class _Positions:
    """Line and column in the file of an offset in the body."""

    def __init__(self, text: str, first_line: int) -> None:
        self._starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self._first = first_line

    def __call__(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return self._first + index + 1, offset - self._starts[index] + 1


def mask_code(text: str) -> str:
    """``text`` with inline code blanked (same offsets): `` `<b>` `` is text, not markup.

    Only what Markdown certainly shows as text is blanked: the code span of a block
    (text between blank lines) that holds exactly two backticks, both on one line, no
    escaped backtick and no line starting with ``<`` (a raw HTML block passes through
    whole). Anything subtler is read like the rest: fenced blocks (the site's Markdown
    has no fence extension; ``` opens a code span there) and HTML comments (one that
    Markdown does not take for a comment would let what is inside it through).
    """
    blocks = re.split(r"(\n[ \t]*\n)", text)
    return "".join(_mask_block(block) for block in blocks)


def _mask_block(block: str) -> str:
    if block.count("`") != 2 or "\\`" in block or re.search(r"^[ \t]*<", block, re.M):
        return block
    start = block.index("`")
    end = block.index("`", start + 1)
    if "\n" in block[start:end]:
        return block
    return block[:start] + " " * (end + 1 - start) + block[end + 1 :]


def toc_anchor(text: str) -> str:
    """A heading's anchor as Python-Markdown's ``toc`` extension makes it."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def _explicit_id(title: str) -> tuple[int, str] | None:
    """Where a heading's attribute list (``{#id}``, ``{: .c #id}``) starts, and the id it
    gives (its last ``#name``), or None."""
    found = _HEADING_ATTRIBUTES.search(title)
    if found is None:
        return None
    inner, start = found.group(1), found.start(1)
    at = inner.rfind("#")
    while at >= 0:
        name = _ID_NAME.match(title, start + at + 1, start + len(inner))
        if name:
            return found.start(), name.group(0)
        at = inner.rfind("#", 0, at)
    return None


def _atx(line: str) -> tuple[int, str] | None:
    """Level and title of a ``#`` heading line (without closing marks), as
    ``^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$`` reads it, in linear time."""
    start = _HEADING.match(line)
    if start is None or "\n" in line:
        return None
    rest = line[start.end() - 1 :]  # from the first space or tab after the marks
    text = rest.lstrip(" \t")
    if not text:  # only spaces: the title is the last of them (the lazy `.+?`)
        return (len(start.group(1)), rest[-1]) if len(rest) > 1 else None
    kept = len(text.rstrip(" \t").rstrip("#").rstrip(" \t"))
    return len(start.group(1)), text[: max(1, kept)]


def headings(body: str, first_line: int = 0) -> list[Heading]:
    """The headings of a page body (``#`` lines and underlined ones), with the anchors
    Python-Markdown's ``toc`` extension gives them (duplicates numbered ``_1``, ``_2``)
    and the file line (``first_line`` is the 0-based line the body starts on)."""
    found: list[Heading] = []
    taken: set[str] = set()
    numbers: dict[str, int] = {}  # the last number given to a base: duplicates stay linear
    lines = body.splitlines()
    for index, line in enumerate(lines):
        atx = _atx(line)
        if atx:
            level, title = atx
        elif (
            index + 1 < len(lines)
            and _SETEXT.match(lines[index + 1])
            and line.strip()
            and not line.startswith((" ", "\t", "|", "-", "*", ">"))
            and (index == 0 or not lines[index - 1].strip())
        ):
            level, title = (1 if lines[index + 1].lstrip().startswith("=") else 2), line.strip()
        else:
            continue
        explicit = _explicit_id(title)
        if explicit:
            title = title[: explicit[0]].rstrip()
        text = " ".join(
            html.unescape(_INLINE_MARKUP.sub(lambda m: m.group(1) or "", title)).split()
        )
        if explicit:
            anchor = explicit[1]
        else:
            base = toc_anchor(text)
            anchor, number = base, numbers.get(base, 0)
            if number:
                anchor = f"{base}_{number}"
            while anchor in taken:
                number += 1
                anchor = f"{base}_{number}"
            numbers[base] = number
        taken.add(anchor)
        found.append(Heading(level, text, anchor, first_line + index + 1))
    return found


def _unsafe(path: str, at: tuple[int, int], what: str, url: str) -> Problem:
    scheme = url_scheme(url)
    return error(
        path,
        *at,
        f"{what}: link scheme `{scheme}:` is not allowed",
        hint="links must be relative or start with https://, http:// or mailto:",
    )


def scan_body(body: str, path: str, first_line: int) -> BodyScan:
    """Check a guide page's Markdown body; ``first_line`` is the 0-based line it starts on."""
    scan = BodyScan(problems=nesting_problems(body, path, first_line))
    if scan.problems:
        return scan  # refused before anything reads it further (its links are not checked)
    masked = mask_code(body)
    at = _Positions(body, first_line)
    scan.headings = headings(body, first_line)
    taken: list[tuple[int, int]] = []

    def url(value: str, start: int, what: str) -> None:
        target = value.strip().removeprefix("<").removesuffix(">")  # <...> as Markdown reads it
        scheme = url_scheme(target)
        if scheme is not None and scheme not in SAFE_SCHEMES:
            scan.problems.append(_unsafe(path, at(start), what, target))
        elif scheme is None:
            scan.links.append(WrittenLink(html.unescape(target), *at(start)))

    for match in _AUTOLINK.finditer(masked):
        taken.append(match.span())
        url(match.group(1), match.start(1), "autolink")
    for match in _TAG.finditer(masked):
        if any(s <= match.start() < e for s, e in taken):
            continue
        scan.problems.extend(_check_tag(match, path, at, url))
    for match in _IMAGE_WITHOUT_TEXT.finditer(masked):
        scan.problems.append(_no_alternative(path, at(match.start())))
    scan.problems.extend(remote_images(masked, path, at, body))
    for match in _INLINE_LINK.finditer(masked):
        url(match.group(1), match.start(1), "link")
    for match in _REFERENCE.finditer(masked):
        url(match.group(1), match.start(1), "link reference")
    for match in _ATTR_LIST.finditer(masked):
        for hashed in re.finditer(r"(?<![^\s{:])#(\S+)", match.group(1)):
            if hashed.group(1).startswith(THEME_NAME_PREFIX):
                where = at(match.start(1) + hashed.start())
                scan.problems.append(_theme_name(path, where, "id"))
        for pair in _ATTR_LIST_PAIR.finditer(match.group(1)):
            name = pair.group(1)
            value = next((g for g in pair.groups()[1:] if g is not None), "")
            start = match.start(1) + pair.start()
            scan.problems.extend(_check_attribute(None, name, value, start, path, at, url))
    scan.problems.sort()
    return scan


def _check_tag(
    match: re.Match[str],
    path: str,
    at: _Positions,
    url: Callable[[str, int, str], None],
) -> Iterator[Problem]:
    tag = match.group(2).lower()
    if tag not in ALLOWED_TAGS:
        if not match.group(1):
            yield error(
                path,
                *at(match.start()),
                f"raw HTML element `<{tag}>` is not allowed",
                hint="write Markdown instead; scripts, styles, frames and embedded objects "
                "never reach a page",
            )
        return
    offset = match.start(3)
    if tag == "img" and not match.group(1):
        alt = next(
            (a for a in _ATTRIBUTE.finditer(match.group(3)) if a.group(1).lower() == "alt"), None
        )
        text = next((g for g in alt.groups()[1:] if g is not None), "") if alt else ""
        if not text.strip():
            yield _no_alternative(path, at(match.start()))
    for attribute in _ATTRIBUTE.finditer(match.group(3)):
        name = attribute.group(1)
        value = next((g for g in attribute.groups()[1:] if g is not None), "")
        yield from _check_attribute(tag, name, value, offset + attribute.start(), path, at, url)


def _check_attribute(
    tag: str | None,
    name: str,
    value: str,
    start: int,
    path: str,
    at: _Positions,
    url: Callable[[str, int, str], None],
) -> Iterator[Problem]:
    lowered = name.lower()
    where = f" on `<{tag}>`" if tag else ""
    if theme_reserved(name, value):
        yield _theme_name(path, at(start), name)
    elif lowered.startswith("on"):
        yield error(
            path,
            *at(start),
            f"event handler attribute `{name}`{where} is not allowed",
            hint="nothing in a page may run code; remove the attribute",
        )
    elif lowered in URL_ATTRIBUTES:
        if tag is not None and not allowed_attribute(tag, lowered):
            yield error(path, *at(start), f"attribute `{name}`{where} is not allowed")
        elif tag == "img" and lowered == "src" and remote(value):
            yield remote_image(path, at(start), value)
        else:
            url(value, start, f"attribute `{name}`")
    elif lowered == "style":
        properties = {p.split(":")[0].strip().lower() for p in value.split(";") if p.strip()}
        if tag not in ("td", "th") or not properties <= STYLE_PROPERTIES:
            yield error(
                path,
                *at(start),
                f"attribute `style`{where} is not allowed",
                hint="the site's stylesheet styles pages; use Markdown or a class",
            )
    elif tag is not None and not allowed_attribute(tag, lowered):
        yield error(
            path,
            *at(start),
            f"attribute `{name}`{where} is not allowed",
            hint="allowed everywhere: class, id, lang, dir, title, role, hidden, aria-*, data-*",
        )


def _no_alternative(path: str, at: tuple[int, int]) -> Problem:
    return error(
        path,
        *at,
        "image without a text alternative",
        hint="say what the image shows for readers who cannot see it: ![a floor plan of the "
        "room](plan.svg); the printed PDF needs it too",
    )


def _theme_name(path: str, at: tuple[int, int], name: str) -> Problem:
    return error(
        path,
        *at,
        f"`{name}` names something the theme's script uses (ids starting with "
        f"`{THEME_NAME_PREFIX}`, attributes starting with `{THEME_ATTRIBUTE_PREFIX}`)",
        hint="choose another id or attribute; the theme would take this element for its own",
    )


def resolve(page: str, target: str) -> tuple[str, str] | None:
    """``(path, fragment)`` of a relative link from ``page`` (paths under the docs folder).

    None when the link climbs out of the docs folder.
    """
    parts = urlsplit(target)
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if joined.startswith("../") or joined == "..":
        return None
    if path.endswith("/") and joined != ".":
        joined += "/"
    return ("" if joined == "." else joined), parts.fragment
