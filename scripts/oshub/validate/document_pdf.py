"""PDF files of the docs folder: nothing that runs, opens other files or carries files.

A PDF is parsed with pypdf (object streams unpacked, ``#``-escaped names such as
``/J#61vaScript`` decoded) and every object is walked: those the cross-reference
table lists, those inside object streams (every stream the cross-reference stream
names as one, or that has ``/N`` or ``/First``, whatever its ``/Type`` says: its
decoded bytes are read for names too), and those the file holds without listing
them (a reader that repairs the file would find them). A PDF is refused when any
object names one of ``FORBIDDEN`` (as a key or a value): JavaScript, actions run on
opening or on events, launching programs, sending forms, reading or opening other
files (a ``/Thread`` action with ``/F`` too), embedded files and attachments, XFA
forms, rich media and 3D. Links to web pages (``/URI`` with https, http or mailto)
are allowed, like links on pages; a ``/URI`` with any other scheme (``javascript:``,
``file:``) or none is refused, its value read through indirect references and as
bytes too, and so is a catalog's ``/URI << /Base ... >>`` that is not a web address.
A PDF pypdf cannot read (whatever the error: an unknown filter too), an encrypted one
it cannot open, and one larger than the walk's bounds are refused too: what cannot be
read cannot be vouched for.

pypdf is in the ``site`` extra: ``available()`` says whether it can be imported.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from oshub.core.htmlpolicy import SAFE_SCHEMES, url_scheme
from oshub.core.problems import Problem, error

FORBIDDEN = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/OpenAction": "an action run when the file opens",
    "/AA": "actions run on events (opening a page, moving the mouse)",
    "/Launch": "an action that starts a program",
    "/SubmitForm": "a form that sends what is typed into it",
    "/ImportData": "an action that reads another file",
    "/GoToR": "a link that opens another file",
    "/GoToE": "a link into an embedded file",
    "/EmbeddedFiles": "embedded files",
    "/EmbeddedFile": "an embedded file",
    "/EF": "an embedded file",
    "/FileAttachment": "a file attachment",
    "/XFA": "an XFA form (scripts)",
    "/RichMedia": "rich media (Flash, video with scripts)",
    "/Rendition": "a media action (may run JavaScript)",
    "/3D": "a 3D model (may run JavaScript)",
}
"""PDF names refused anywhere in a file, with what they mean to a reader."""
_NOT_A_PAGE = "a link that is not to a web page"
_OTHER_FILE = "/Thread /F"
_URI_BASE = "/URI /Base"
_FOUND = {
    _OTHER_FILE: "an action that opens another file (a thread of another file)",
    _URI_BASE: "a base for links that is not a web address",
}
"""What the walker notes besides ``FORBIDDEN`` names (``/URI <scheme>:`` aside)."""
MAX_REFERENCES = 32
"""Most indirect references followed to reach a ``/URI`` value."""
MAX_OBJECTS = 250_000
"""Most objects a PDF may hold (listed or not)."""
MAX_NODES = 5_000_000
"""Most dictionary entries, array items and values walked in one PDF."""
MAX_DEPTH = 100
"""Deepest nesting of dictionaries and arrays walked."""
_NAME = re.compile(rb"/([^\x00\t\n\x0c\r /\[\]()<>{}%]++)")
_HEX_ESCAPE = re.compile(r"#([0-9A-Fa-f]{2})")
_UNPARSED_BYTES = 65536
"""How far the names of an object pypdf cannot parse are read (up to its ``endobj``)."""


@cache
def available() -> bool:
    """True when pypdf can be imported here (the ``site`` extra)."""
    try:
        importlib.import_module("pypdf")
    except ImportError:
        return False
    return True


class _TooLarge(Exception):
    """The walk went past one of its bounds."""


@contextmanager
def _quiet() -> Iterator[None]:
    """pypdf logs what it repairs; a check reports problems, not a library's log."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def pdf_problems(data: bytes) -> list[str]:
    """What a PDF's bytes hold that may not be published (in words), or why they
    cannot be read; an empty list for a PDF that is fine."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    with _quiet():
        try:
            reader = PdfReader(BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                return ["an encrypted PDF cannot be checked: publish it without a password"]
            return _walk(reader, data)
        except _TooLarge as exc:
            return [f"too large to check ({exc})"]
        except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, OSError) as exc:
            return [f"not a PDF that can be read ({type(exc).__name__}: {exc})"]
        except (RecursionError, MemoryError, AssertionError, IndexError) as exc:
            return [f"not a PDF that can be read ({type(exc).__name__})"]
        except Exception as exc:  # what cannot be read is refused, never a crash
            return [f"not a PDF that can be read ({type(exc).__name__}: {str(exc)[:200]})"]


_PDF_SPACE = b"\x00\t\n\x0c\r "
"""The white-space bytes of PDF syntax."""


def object_headers(data: bytes) -> Iterator[tuple[int, int]]:
    """Number and offset of every ``N G obj`` header in ``data``, listed or not: an
    object the cross-reference table hides is read too. (pypdf finds them the same way
    when it rebuilds a table, but only privately.)"""
    index = data.find(b" obj")
    while index != -1:
        at = index - 1
        while at >= 0 and data[at] in _PDF_SPACE:
            at -= 1
        generation_end = at + 1
        while at >= 0 and 0x30 <= data[at] <= 0x39:
            at -= 1
        generation_start = at + 1
        while at >= 0 and data[at] in _PDF_SPACE:
            at -= 1
        number_end = at + 1
        while at >= 0 and 0x30 <= data[at] <= 0x39:
            at -= 1
        if at + 1 < number_end and generation_start < generation_end:
            yield int(data[at + 1 : number_end]), at + 1
        index = data.find(b" obj", index + 4)


def _walk(reader: Any, data: bytes) -> list[str]:
    """Every object of the file, each read once, walked for ``FORBIDDEN`` names."""
    from pypdf.generic import IndirectObject, read_object

    walker = _Walker(reader)
    object_streams = {stream for stream, _index in reader.xref_objStm.values()}
    objects: list[tuple[int, Any]] = []
    listed: set[int] = set()
    for generation, numbers in reader.xref.items():
        for number, offset in numbers.items():
            listed.add(offset)
            objects.append((number, IndirectObject(number, generation, reader).get_object()))
    for number, offset in object_headers(data):
        if offset in listed:
            continue  # read above
        if len(objects) > MAX_OBJECTS:
            raise _TooLarge(f"more than {MAX_OBJECTS} objects")
        stream = BytesIO(data)
        stream.seek(offset)
        try:
            reader.read_object_header(stream)
            objects.append((number, read_object(stream, reader)))
        except RecursionError as exc:  # a reader without pypdf's limit could read it
            raise _TooLarge(f"object {number} is nested too deeply") from exc
        except Exception:  # a stray "obj" in binary data, or an object pypdf cannot parse
            end = data.find(b"endobj", offset, offset + _UNPARSED_BYTES)
            walker.names_in(data[offset : end if end >= 0 else offset + _UNPARSED_BYTES], number)
            continue
    objects.append((0, reader.trailer))
    index = 0
    while index < len(objects):
        if len(objects) > MAX_OBJECTS:
            raise _TooLarge(f"more than {MAX_OBJECTS} objects")
        number, value = objects[index]
        index += 1
        walker.visit(value, number, 0)
        if isinstance(value, walker.stream) and (
            value.get("/Type") == "/ObjStm"
            or number in object_streams
            or "/N" in value
            or "/First" in value
        ):  # an object stream, whatever its /Type says: readers do not all look at it
            objects.extend(_stream_objects(number, value, reader, walker))
    for name, number in walker.fallback.items():
        walker.found.setdefault(name, number)
    return [
        f"{FORBIDDEN.get(name) or _FOUND.get(name, _NOT_A_PAGE)} (`{name}`, "
        + (f"object {number})" if number else "trailer)")
        for name, number in sorted(walker.found.items(), key=lambda item: item[1])
    ]


def _stream_objects(
    number: int, stream: Any, reader: Any, walker: _Walker
) -> list[tuple[int, Any]]:
    """Every object an object stream holds: those the cross-reference table places in
    it as pypdf reads them (once for the whole stream), the others (and those pypdf
    will not read, in a stream without ``/Type /ObjStm``) read here. Its decoded bytes
    are also read for names, whatever its header says."""
    from pypdf.generic import IndirectObject, read_object

    data = stream.get_data()
    walker.names_in(data, number, fallback=True)
    first = int(stream.get("/First", 0))
    count = int(stream.get("/N", 0))
    if count > MAX_OBJECTS or not 0 <= first <= len(data):
        raise _TooLarge(f"an object stream of {count} objects")
    header = data[:first].split()
    objects = []
    for position in range(0, min(len(header) - 1, 2 * count), 2):
        held = int(header[position])
        try:
            if reader.xref_objStm.get(held, (None,))[0] == number:
                try:
                    objects.append((held, IndirectObject(held, 0, reader).get_object()))
                    continue
                except RecursionError:
                    raise
                except Exception:  # pypdf will not read it (no /Type /ObjStm): read it here
                    pass
            body = BytesIO(data)
            body.seek(first + int(header[position + 1]))
            objects.append((held, read_object(body, reader)))
        except RecursionError as exc:
            raise _TooLarge(f"object {held} is nested too deeply") from exc
        except Exception:  # what no reader can parse cannot run either
            continue
    return objects


class _Walker:
    """Walks values for ``FORBIDDEN`` names, within ``MAX_NODES`` and ``MAX_DEPTH``."""

    def __init__(self, reader: Any) -> None:
        from pypdf.generic import (
            ArrayObject,
            DictionaryObject,
            IndirectObject,
            NameObject,
            StreamObject,
        )

        self.name, self.dictionary, self.array = NameObject, DictionaryObject, ArrayObject
        self.stream, self.reference = StreamObject, IndirectObject
        self.reader = reader
        self.found: dict[str, int] = {}
        self.fallback: dict[str, int] = {}
        self.nodes = 0

    def names_in(self, raw: bytes, number: int, *, fallback: bool = False) -> None:
        """Note the forbidden names written in ``raw`` bytes (an object that could not be
        parsed: another reader might parse it); with ``fallback``, only those no parsed
        object holds (the bytes of an object stream, whose objects are walked too)."""
        found = self.fallback if fallback else self.found
        for match in _NAME.finditer(raw):
            name = "/" + _HEX_ESCAPE.sub(
                lambda m: chr(int(m.group(1), 16)), match.group(1).decode("latin-1")
            )
            if name in FORBIDDEN:
                found.setdefault(name, number)

    def _resolved(self, value: Any) -> Any:
        """``value``, its indirect references followed (at most ``MAX_REFERENCES``)."""
        for _ in range(MAX_REFERENCES):
            if not isinstance(value, self.reference):
                return value
            value = self.reader.get_object(value)
        raise _TooLarge(f"more than {MAX_REFERENCES} references in a row")

    def _uri(self, item: Any, number: int) -> None:
        """Note a ``/URI`` that is not to a web page: an action's address (a text or
        bytes string, given directly or through references), or the catalog's ``/Base``
        for relative addresses."""
        item = self._resolved(item)
        if isinstance(item, self.dictionary):
            base = self._resolved(item.get("/Base"))
            if base is not None and _scheme(base) not in SAFE_SCHEMES:
                self.found.setdefault(_URI_BASE, number)
            return
        scheme = _scheme(item)
        if scheme not in SAFE_SCHEMES:
            self.found.setdefault(f"/URI {scheme}:" if scheme else "/URI (no scheme)", number)

    def visit(self, value: Any, number: int, depth: int) -> None:
        """Note the forbidden names in ``value`` (of object ``number``)."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge(f"more than {MAX_NODES} values")
        if depth > MAX_DEPTH:
            raise _TooLarge(f"nested more than {MAX_DEPTH} levels")
        if isinstance(value, self.name):
            if value in FORBIDDEN:
                self.found.setdefault(str(value), number)
        elif isinstance(value, self.dictionary):
            for key, item in value.items():
                if key in FORBIDDEN:
                    self.found.setdefault(str(key), number)
                elif key == "/URI":
                    self._uri(item, number)
                self.visit(item, number, depth + 1)
            if value.get("/S") == "/Thread" and "/F" in value:
                self.found.setdefault(_OTHER_FILE, number)
        elif isinstance(value, self.array):
            for item in value:
                self.visit(item, number, depth + 1)


def _scheme(value: Any) -> str | None:
    """The scheme of a PDF string holding an address (bytes read as Latin-1, as a
    reader may), or None when it has none or is not a string."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return url_scheme(value) if isinstance(value, str) else None


def check_pdf(path: Path, rel: str) -> list[Problem]:
    """Problems of a PDF file of the docs folder, at the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [error(rel, 1, 1, f"cannot read file: {exc.strerror or exc}")]
    return [
        error(
            rel,
            1,
            1,
            f"a PDF that may not be published: {problem}",
            hint="export it again as a plain PDF (no scripts, actions, forms or attachments), "
            "e.g. with 'Print to PDF'",
        )
        for problem in pdf_problems(data)
    ]
