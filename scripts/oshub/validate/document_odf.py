"""OpenDocument files of the docs folder (.odt, .ods, .odp): nothing that runs or reaches out.

An OpenDocument file is a zip of XML files. It is opened within bounds (``MAX_MEMBERS``
members, ``MAX_UNPACKED`` bytes unpacked, ``MAX_RATIO`` times its packed size for
any member, no absolute paths, ``..``, backslashes or repeated names), every XML
member is read with expat with DOCTYPE and entity declarations refused (no entity
expansion, nothing fetched), and the file is refused when it holds:

- macros: ``Basic/`` or ``Scripts/`` members, manifest entries for them, an
  ``office:scripts`` element;
- event listeners (``office:event-listeners``, ``script:event-listener``,
  ``presentation:event-listener``), scripts (``text:script``), OLE objects, applets,
  plug-ins and frames (``draw:object-ole``, ``draw:applet``, ``draw:plugin``,
  ``draw:floating-frame``) and database fields and ranges (they read a database);
- DDE (``text:dde-connection-decls``, ``table:dde-links``, ``office:dde-source``...);
- anything loaded from another file or host: an ``xlink:href`` that does not stay
  inside the package, on any element but a clickable link;
- clickable links (``text:a``, ``draw:a``) other than https, http, mailto or a
  ``#place`` in the document: like links on pages, a reader sees where they go and
  chooses to follow; a link to a file or a macro is refused;
- fields that run a macro (``text:execute-macro``), forms that read a database
  (``form:datasource``) and XForms models (``xforms:instance src`` loads data,
  ``xforms:submission`` sends it);
- an image a form control loads from outside the package (``form:image-data``), and a
  button's target (``form:target-location``) that is not a web page;
- formulas that reach outside the document: ``HYPERLINK``, ``WEBSERVICE``, ``DDE``
  and ``INDIRECT`` (which can build a reference to another file from pieces of text),
  called in any attribute of any namespace (a conditional format's
  ``calcext:value="formula-is(...)"`` too), whatever the case and namespace prefix
  (``COM.MICROSOFT.WEBSERVICE``, ``ooow:``), and references to cells of other files
  (``'file:///...'#$Sheet1.A1``) in formula attributes;
- encryption (what cannot be read cannot be checked).

A file that cannot be read, whatever the error (corrupt compressed data too), is
refused, never a crash.

Only the standard library: this check runs in the light layer too.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote
from xml.parsers import expat

from oshub.core.htmlpolicy import SAFE_SCHEMES, url_scheme
from oshub.core.problems import Problem, error

MAX_MEMBERS = 1000
"""Most files an OpenDocument zip may hold."""
MAX_UNPACKED = 100 * 1024 * 1024
"""Most bytes its files may add up to once unpacked (100 MiB)."""
MAX_RATIO = 200
"""Most a member may grow when unpacked (a member under 1 MiB unpacked may grow more)."""
MIMETYPES = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
"""Extension -> the ``mimetype`` member its file must have."""

_ODF = "urn:oasis:names:tc:opendocument:xmlns:"
_XLINK = "http://www.w3.org/1999/xlink"
_XFORMS = "http://www.w3.org/2002/xforms"
_REFUSED_ELEMENTS = {
    "office:scripts": "macros",
    "office:script": "a macro",
    "office:event-listeners": "event listeners (actions run on events)",
    "script:event-listener": "an event listener (an action run on an event)",
    "presentation:event-listener": "an event listener (an action run on an event)",
    "draw:object-ole": "an OLE object (may carry a program)",
    "text:dde-connection-decls": "DDE connections",
    "text:dde-connection-decl": "a DDE connection",
    "text:dde-connection": "a DDE field",
    "table:dde-links": "DDE links",
    "table:dde-link": "a DDE link",
    "office:dde-source": "a DDE source",
    "table:dde-source": "a DDE source",
    "manifest:encryption-data": "encryption (an encrypted document cannot be checked)",
    "text:script": "a script",
    "draw:applet": "a Java applet",
    "draw:plugin": "a plug-in",
    "draw:floating-frame": "a frame showing another document",
    "text:database-display": "a database field (reads a database)",
    "text:database-next": "a database field (reads a database)",
    "text:database-row-select": "a database field (reads a database)",
    "text:database-row-number": "a database field (reads a database)",
    "text:database-name": "a database field (reads a database)",
    "table:database-source-sql": "a database query",
    "table:database-source-table": "a database table",
    "table:database-source-query": "a database query",
    "text:execute-macro": "a field that runs a macro",
}
"""Elements refused wherever they are, with what they are to a reader."""
_CLICKABLE = frozenset({"text:a", "draw:a"})
_FORMULA_ATTRIBUTES = frozenset({"formula", "expression", "condition"})
"""Local names of attributes holding a formula, in any namespace (a ``condition``
element's ``value`` too)."""
_REACHING_OUT = {
    "HYPERLINK": "`HYPERLINK`",
    "WEBSERVICE": "`WEBSERVICE`",
    "DDE": "`DDE`",
    "INDIRECT": "`INDIRECT`: it can build a reference to another file",
}
"""Functions refused in any attribute, with why."""
_LOADING = frozenset({"form:image-data"})
"""Attributes besides ``xlink:href`` that load a resource: only from the package."""
_TARGETS = frozenset({"form:target-location"})
"""Attributes besides ``xlink:href`` a click opens: web pages only, like links."""
_DATABASE = frozenset({"form:datasource"})
_FUNCTION = re.compile(r"(?<![A-Za-z0-9_.])([A-Za-z_][A-Za-z0-9_.]*+)\s*+\(")
_MACRO_FOLDERS = ("Basic/", "Scripts/")


class _Refused(Exception):
    """The package is refused before its XML is read."""


def _prefixed(name: str) -> str:
    """``urn:...:office:1.0 event-listeners`` -> ``office:event-listeners``."""
    namespace, _, local = name.rpartition(" ")
    if namespace == _XLINK:
        return f"xlink:{local}"
    if namespace.startswith(_ODF):
        return f"{namespace.removeprefix(_ODF).split(':')[0]}:{local}"
    return local


def _inside(href: str, members: frozenset[str], base: str) -> bool:
    """True when ``href`` names a place in the document or a member of the package."""
    if not href or href.startswith("#"):
        return True
    if url_scheme(href) is not None or href.startswith(("/", "\\")) or "\\" in href:
        return False
    path = unquote(href.split("#", 1)[0].split("?", 1)[0])
    joined = posixpath.normpath(posixpath.join(base, path))
    if joined.startswith("..") or joined.startswith("/"):
        return False
    return joined in members or any(m.startswith(joined.rstrip("/") + "/") for m in members)


def _call_problem(value: str) -> str | None:
    """A refused function called in ``value`` (any attribute), in words, or None."""
    for match in _FUNCTION.finditer(value):
        name = match.group(1).upper().rpartition(".")[2]
        if name in _REACHING_OUT:
            return f"a formula that reaches outside the document ({_REACHING_OUT[name]})"
    return None


def _formula_problem(value: str) -> str | None:
    """What a formula attribute's ``value`` reaches outside the document, or None."""
    called = _call_problem(value)
    if called:
        return called
    lowered = value.lower()
    if "://" in lowered or "file:" in lowered or "'#$" in value:
        return "a formula that reads another file"
    return None


def _read_members(archive: zipfile.ZipFile) -> dict[str, bytes]:
    """The members' bytes, read within the bounds (never trusting the sizes the zip
    claims), or _Refused."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _Refused(f"more than {MAX_MEMBERS} files in the package")
    members: dict[str, bytes] = {}
    total = 0
    for info in infos:
        name = info.filename
        if (
            name.startswith("/")
            or "\\" in name
            or "\0" in name
            or ".." in name.split("/")
            or re.match(r"[A-Za-z]:", name)
        ):
            raise _Refused(f"a file name that leaves the package: `{name[:80]}`")
        if name in members:
            raise _Refused(f"`{name[:80]}` twice in the package")
        if info.flag_bits & 0x1:
            raise _Refused("encrypted: an encrypted document cannot be checked")
        if name.startswith(_MACRO_FOLDERS):
            raise _Refused(f"macros (`{name[:80]}`)")
        budget = min(MAX_UNPACKED - total, max(1024 * 1024, MAX_RATIO * info.compress_size))
        with archive.open(info) as member:
            data = member.read(budget + 1)
        if len(data) > budget:
            raise _Refused(
                f"`{name[:80]}` unpacks to more than its packed size allows "
                f"({MAX_RATIO} times, and {MAX_UNPACKED // (1024 * 1024)} MiB in all)"
            )
        total += len(data)
        members[name] = data
    return members


def odf_problems(data: bytes, suffix: str) -> list[str]:
    """What an OpenDocument file's bytes hold that may not be published (in words);
    a file that cannot be read, whatever the error, is refused, never a crash."""
    try:
        return _problems(data, suffix)
    except Exception as exc:  # corrupt data (zlib.error...): refused, not a traceback
        kind = type(exc)
        named = (
            kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
        )
        return [f"not an OpenDocument file that can be read ({named}: {str(exc)[:200]})"]


def _problems(data: bytes, suffix: str) -> list[str]:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            members = _read_members(archive)
    except _Refused as exc:
        return [str(exc)]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        return [f"not an OpenDocument file (not a readable zip: {exc})"]
    except NotImplementedError as exc:  # a compression method zipfile does not have
        return [f"not an OpenDocument file ({exc})"]
    expected = MIMETYPES[suffix]
    if members.get("mimetype", b"").strip() != expected.encode():
        return [f"not an OpenDocument file of its kind (the `mimetype` file is not {expected})"]
    names = frozenset(members)
    problems: list[str] = []
    for name, content in members.items():
        if name.endswith(".xml") or name.endswith(".rdf"):
            problems.extend(_xml_problems(name, content, names))
    return problems


def _xml_problems(name: str, content: bytes, members: frozenset[str]) -> list[str]:
    """What the XML member ``name`` holds that may not be published, in words, each at
    its line and column; a DOCTYPE or entity declaration stops the reading."""
    problems: list[str] = []
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    base = posixpath.dirname(name)

    def say(what: str) -> None:
        line, col = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        problems.append(f"{what} ({name}, line {line}, column {col})")

    def doctype(*_: object) -> None:
        say("a DOCTYPE or entity declaration")
        raise _Refused

    def element(tag: str, attributes: dict[str, str]) -> None:
        prefixed = _prefixed(tag)
        refused = _element_problem(tag, prefixed)
        if refused is not None:
            say(refused)
        for key, value in attributes.items():
            found = _attribute_problem(prefixed, key, value, members, base)
            if found is not None:
                say(found)

    handlers: dict[str, Callable[..., None]] = {
        "StartDoctypeDeclHandler": doctype,
        "EntityDeclHandler": doctype,
        "StartElementHandler": element,
    }
    for attribute, handler in handlers.items():
        setattr(parser, attribute, handler)
    try:
        parser.Parse(content, True)
    except _Refused:
        pass
    except expat.ExpatError as exc:
        problems.append(f"not well-formed XML ({name}: {exc})")
    return problems


def _element_problem(tag: str, prefixed: str) -> str | None:
    """What the element itself is, when it may not be published, or None."""
    if prefixed in _REFUSED_ELEMENTS:
        return _REFUSED_ELEMENTS[prefixed]
    if tag.startswith(_XFORMS + " "):
        return f"an XForms model (`{prefixed}`: loads or sends data)"
    return None


def _attribute_problem(
    element: str, key: str, value: str, members: frozenset[str], base: str
) -> str | None:
    """What one attribute of ``element`` (prefixed) loads, opens, reads or runs that
    may not be published, in words, or None. ``base`` is the folder of its member."""
    attribute = _prefixed(key)
    local = key.rpartition(" ")[2]
    if attribute == "xlink:href":
        return _href_problem(element, value, members, base)
    if attribute in _LOADING:
        if _inside(value, members, base):
            return None
        return f"`<{element}>` loads `{value[:60]}` from outside the document"
    if attribute in _TARGETS:
        return _href_problem("text:a", value, members, base)
    if attribute in _DATABASE:
        return f"a form that reads a database (`{value[:60]}`)"
    if local in _FORMULA_ATTRIBUTES or (local == "value" and element == "condition"):
        found = _formula_problem(value)
        return f"{found}: `{value[:60]}`" if found else None
    called = _call_problem(value)
    if called is not None:
        return f"{called}: `{value[:60]}`"
    if element == "manifest:file-entry":
        return _manifest_problem(attribute, value)
    return None


def _href_problem(element: str, value: str, members: frozenset[str], base: str) -> str | None:
    """A clickable link that is not a web page, mail address or place in the document,
    or anything else that loads from outside the package, in words; None when fine."""
    if element in _CLICKABLE:
        scheme = url_scheme(value)
        if (scheme is None and not value.startswith("#")) or (
            scheme is not None and scheme not in SAFE_SCHEMES
        ):
            return f"a link that opens a file or runs something: `{value[:60]}`"
        return None
    if _inside(value, members, base):
        return None
    return f"`<{element}>` loads `{value[:60]}` from outside the document"


def _manifest_problem(attribute: str, value: str) -> str | None:
    """A manifest entry for a macro or script, in words, or None."""
    if attribute.endswith("full-path"):
        return f"macros (`{value[:60]}`)" if value.startswith(_MACRO_FOLDERS) else None
    if attribute.endswith("media-type") and ("script" in value.lower() or "basic" in value.lower()):
        return f"a script (`{value[:60]}`)"
    return None


def check_odf(path: Path, rel: str) -> list[Problem]:
    """Problems of an OpenDocument file of the docs folder, at the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [error(rel, 1, 1, f"cannot read file: {exc.strerror or exc}")]
    suffix = posixpath.splitext(rel)[1].lower()
    return [
        error(
            rel,
            1,
            1,
            f"an OpenDocument file that may not be published: {problem}",
            hint="remove macros, events, DDE, linked files and formulas such as HYPERLINK, "
            "WEBSERVICE or INDIRECT (which can build a reference to another file), and save "
            "it again (images inserted, not linked)",
        )
        for problem in odf_problems(data, suffix)
    ]
