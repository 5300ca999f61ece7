"""Turn YAML text into plain data with source positions, in one pass over events.

We do not let PyYAML compose or construct: we read the parser's event stream and
build the data ourselves. That lets us stop deep nesting before libyaml's
recursive composer can crash the process, reject anchors and aliases (alias
bombs), find duplicate keys, and report YAML 1.1 surprises (unquoted ``NO``,
``010``, ``10:30``, dates in text) instead of silently converting them.

Values are JSON-compatible: dict, list, str, int, float, bool, None. A value that
YAML 1.1 and YAML 1.2 tools read differently is kept as the text the author
wrote, and a problem says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from oshub.core.problems import Problem, error
from oshub.core.unicode_text import DECEPTIVE, REFERENCE

MAX_DEPTH = 64
"""Deepest nesting of mappings and lists accepted in a content file."""

Pointer = tuple[str | int, ...]
"""Where a value sits in a loaded document: the keys and list indexes leading to it from
the root (``("location", "city")``, ``("challenges", 0, "hub")``). Content files,
schemas, issue forms and answers all address values this way; problems carry it as a
JSON pointer (``json_pointer``)."""

_DISCARDED: Pointer = ("<discarded>",)
"""Where the value of a repeated key is built (it is reported and left out of the data)."""


def json_pointer(pointer: Pointer) -> str:
    """``pointer`` as an RFC 6901 JSON pointer: ``("location", "lat")`` is
    ``/location/lat``, ``("projects", 2)`` is ``/projects/2``, the root is ``""``; a
    ``~`` in a key is written ``~0`` and a ``/`` is written ``~1``."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in pointer)


def pointer_parts(pointer: str) -> tuple[str, ...]:
    """The reference tokens of an RFC 6901 JSON pointer, unescaped (``/a~1b/0`` is
    ``("a/b", "0")``; ``""`` is ``()``): list indexes stay text, as the pointer writes
    them."""
    if not pointer:
        return ()
    return tuple(token.replace("~1", "/").replace("~0", "~") for token in pointer.split("/")[1:])


try:
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_BOOL_11 = {
    **{w: True for w in ("yes", "Yes", "YES", "on", "On", "ON")},
    **{w: False for w in ("no", "No", "NO", "off", "Off", "OFF")},
}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_INT_11 = re.compile(
    r"[-+]?(?:0[0-7_]+|0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|0[0-9_]+|[1-9][0-9_]*_[0-9_]*"
    r"|[1-9][0-9_]*(?::[0-5]?[0-9])+)"
)
_FLOAT_11 = re.compile(
    r"[-+]?(?:[0-9][0-9_]*\.[0-9_]*_[0-9_]*|[0-9]+[eE][-+]?[0-9]+"
    r"|[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*)"
)
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?"
)
_STR_TAG = "tag:yaml.org,2002:str"
_SCALAR, _MAPPING_START, _SEQUENCE_START = (
    yaml.ScalarEvent,
    yaml.MappingStartEvent,
    yaml.SequenceStartEvent,
)
_MAPPING_END, _SEQUENCE_END = yaml.MappingEndEvent, yaml.SequenceEndEvent
_WORDS = frozenset({*_NULL, *_BOOL, *_BOOL_11, ".inf", ".nan"})
"""Plain scalars starting with a letter that YAML reads as something else than text."""


@dataclass
class Document:
    """Plain data from one YAML document with where each value and key starts."""

    path: str
    data: Any = None
    positions: dict[Pointer, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Pointer, tuple[int, int]] = field(default_factory=dict)
    plain_dates: list[Pointer] = field(default_factory=list)
    """Pointers of unquoted date-like values, kept as text."""
    flagged: set[Pointer] = field(default_factory=set)
    """Pointers that already have a problem from loading (schema errors there are noise)."""
    markup: list[Pointer] = field(default_factory=list)
    """Strings that may hold HTML or links (they contain ``<``, ``](`` or ``]:``)."""
    styles: dict[Pointer, tuple[str, int]] = field(default_factory=dict)
    """Quoted and block scalars: their style (a quote, | or >) and, for blocks, their indent."""
    hidden: list[tuple[str, tuple[int, int], tuple[int, int], Pointer]] = field(
        default_factory=list
    )
    """Keys and string values whose text (as YAML decoded it: escapes, tags, folding)
    holds a character ``unicode_text`` judges or an HTML character reference: the
    text, where its scalar starts and where it ends (line and column), and the value
    it is (for a key, the value the key names)."""

    def text_position(self, pointer: Pointer, text: str, offset: int) -> tuple[int, int]:
        """Line and column of character ``offset`` inside the string at ``pointer``."""
        line, col = self.position(pointer)
        style, indent = self.styles.get(pointer, ("", 0))
        line_start = text.rfind("\n", 0, offset) + 1
        if style in ("|", ">"):
            return line + 1 + text.count("\n", 0, offset), indent + 1 + offset - line_start
        if "\n" in text[:offset]:
            return line, col  # a multi-line flow scalar: its start is close enough
        return line, col + offset + (1 if style else 0)

    def position(self, pointer: Pointer) -> tuple[int, int]:
        """Line and column of the value at ``pointer`` (or of its nearest parent)."""
        while pointer not in self.positions and pointer:
            pointer = pointer[:-1]
        return self.positions.get(pointer, (1, 1))

    def key_position(self, pointer: Pointer) -> tuple[int, int]:
        """Line and column of the key naming ``pointer`` (its value if it has no key)."""
        return self.key_positions.get(pointer) or self.position(pointer)


class _Abort(Exception):
    """The document cannot be turned into data; the problem is already recorded."""


@dataclass(slots=True)
class _Frame:
    container: dict[str, Any] | list[Any]
    pointer: Pointer
    key: str | None = None
    discard: bool = False


def _trap(value: str) -> str | None:
    """How YAML 1.1 tools would misread an unquoted scalar, or None."""
    if value in _BOOL_11:
        return f"the boolean {str(_BOOL_11[value]).lower()}"
    if _INT_11.fullmatch(value):
        if ":" in value:
            return "a base-60 number (10:30 becomes 630)"
        if value.lstrip("+-").startswith(("0x", "0b", "0o")) or (
            value.lstrip("+-").startswith("0") and len(value.lstrip("+-")) > 1
        ):
            return "an octal, binary or hexadecimal number"
        return "a number without its underscores"
    if _FLOAT_11.fullmatch(value):
        return "a number (and by others as text)"
    return None


class _Builder:
    def __init__(self, doc: Document, line_offset: int, text: str) -> None:
        self.doc = doc
        self.text = text
        self.line_offset = line_offset
        self.stack: list[_Frame] = []
        self.problems: list[Problem] = []
        self.has_root = False

    def mark(self, event: Any) -> tuple[int, int]:
        m = event.start_mark
        return (m.line + 1 + self.line_offset, m.column + 1)

    def report(
        self, where: tuple[int, int], message: str, hint: str = "", at: Pointer | None = None
    ) -> None:
        """A problem at ``where``, about the value at ``at`` (by default the node being
        read, ``here``)."""
        pointer = self.here() if at is None else at
        self.problems.append(
            error(
                self.doc.path,
                where[0],
                where[1],
                message,
                hint=hint,
                pointer=json_pointer(pointer),
            )
        )

    def here(self, key: str | None = None) -> Pointer:
        """Where the node being read goes: the next item of a list, the value of the
        mapping's key read last, or, when a key is expected, the value the key ``key``
        names (``None``: the mapping itself, a collection cannot be a key). Inside the
        value of a repeated key, which is left out of the data: the root."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if top.pointer[:1] == _DISCARDED:
            return ()
        if type(top.container) is list:
            return (*top.pointer, len(top.container))
        if top.key is not None:
            return (*top.pointer, top.key)
        return top.pointer if key is None else (*top.pointer, key)

    def attach(self, value: Any, where: tuple[int, int]) -> Pointer | None:
        stack = self.stack
        if not stack:
            self.doc.data = value
            self.doc.positions[()] = where
            self.has_root = True
            return ()
        top = stack[-1]
        container = top.container
        if type(container) is list:
            pointer = (*top.pointer, len(container))
            container.append(value)
        else:
            key = top.key
            assert key is not None
            pointer = (*top.pointer, key)
            top.key = None
            if top.discard:
                top.discard = False
                return None
            container[key] = value  # type: ignore[call-overload]
        self.doc.positions[pointer] = where
        return pointer

    def expecting_key(self) -> _Frame | None:
        if self.stack and isinstance(self.stack[-1].container, dict) and self.stack[-1].key is None:
            return self.stack[-1]
        return None

    def check_node(self, event: Any, where: tuple[int, int]) -> None:
        at = self.here(event.value if isinstance(event, yaml.ScalarEvent) else None)
        if event.anchor is not None:
            self.report(
                where,
                f"YAML anchors (&{event.anchor}) are not allowed in content",
                "write the value out in full where it is needed",
                at,
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag != _STR_TAG and not isinstance(event, yaml.ScalarEvent):
            self.report(where, f"explicit YAML tags ({tag}) are not allowed in content", at=at)

    def start_collection(self, event: Any, container: dict[str, Any] | list[Any]) -> None:
        m = event.start_mark
        where = (m.line + 1 + self.line_offset, m.column + 1)
        if event.anchor is not None or event.tag is not None:
            self.check_node(event, where)
        stack = self.stack
        if stack and stack[-1].key is None and type(stack[-1].container) is dict:
            self.report(
                where,
                "a mapping or list cannot be used as a key",
                "keys are plain words such as `name:`",
            )
            raise _Abort
        if len(stack) >= MAX_DEPTH:
            self.report(
                where,
                f"nesting deeper than {MAX_DEPTH} levels",
                "content files are shallow; look for runaway brackets",
            )
            raise _Abort
        pointer = self.attach(container, where)
        stack.append(_Frame(container, pointer if pointer is not None else _DISCARDED))

    def scalar(self, event: Any) -> None:
        # the hot path of loading: written out rather than split into calls
        m = event.start_mark
        where = (m.line + 1 + self.line_offset, m.column + 1)
        if event.anchor is not None:
            self.check_node(event, where)
        text = event.value
        if DECEPTIVE.search(text) is not None or ("&" in text and REFERENCE.search(text)):
            end = event.end_mark
            ends = (end.line + 1 + self.line_offset, end.column + 1)
            self.doc.hidden.append((text, where, ends, self.here(text)))
        stack = self.stack
        frame = stack[-1] if stack else None
        if frame is not None and frame.key is None and type(frame.container) is dict:
            key = event.value
            if key == "<<":
                self.report(
                    where,
                    "YAML merge keys (<<) are not allowed in content",
                    at=self.here(key),
                )
            if key in frame.container:
                first = self.doc.key_positions.get((*frame.pointer, key), (0, 0))[0]
                self.report(
                    where,
                    f"duplicate key `{key}` (first defined on line {first})",
                    "remove one of them; YAML tools would silently keep only the last",
                    self.here(key),
                )
                frame.discard = True
            else:
                self.doc.key_positions[(*frame.pointer, key)] = where
            frame.key = key
            return
        value, trap, is_date = self.resolve(event, where)
        pointer = self.attach(value, where)
        if pointer is None:
            return
        if event.style:
            self.doc.styles[pointer] = (event.style, self.block_indent(event))
            if "<" in value or "](" in value or "]:" in value:
                self.doc.markup.append(pointer)
        elif type(value) is str and ("<" in value or "](" in value or "]:" in value):
            self.doc.markup.append(pointer)
        if trap:
            self.doc.flagged.add(pointer)
        if is_date:
            self.doc.plain_dates.append(pointer)

    def block_indent(self, event: Any) -> int:
        """Indentation of a block scalar's first content line (0 for other styles)."""
        if event.style not in ("|", ">"):
            return 0
        start = self.text.find("\n", event.start_mark.index) + 1
        if start <= 0:
            return 0
        end = self.text.find("\n", start)
        line = self.text[start : end if end >= 0 else len(self.text)]
        return len(line) - len(line.lstrip(" "))

    def resolve(self, event: Any, where: tuple[int, int]) -> tuple[Any, bool, bool]:
        """The value of a scalar event, whether it was a trap, whether it looked like a date."""
        text: str = event.value
        tag = event.tag
        if tag is not None and tag != _STR_TAG:
            self.report(where, f"explicit YAML tags ({tag}) are not allowed in content")
            return text, True, False
        if event.style or not event.implicit[0]:  # '' (C) or None (Python): plain
            return text, False, False
        first = text[:1]
        if first.isalpha() and text not in _WORDS:
            return text, False, False  # a plain word: no number, date or boolean starts so
        if text in _NULL:
            return None, False, False
        if text in _BOOL:
            return _BOOL[text], False, False
        if _INT.fullmatch(text):
            return int(text), False, False
        if _FLOAT.fullmatch(text):
            return float(text), False, False
        if _SPECIAL_FLOAT.fullmatch(text):
            self.report(
                where,
                f"`{text}` (infinity or not-a-number) is not allowed",
                "JSON, and so the open data, cannot hold it; write a number",
            )
            return text, True, False
        if _TIMESTAMP.fullmatch(text):
            return text, False, True
        misread = _trap(text)
        if misread:
            self.report(
                where,
                f"unquoted `{text}` is read by YAML 1.1 tools as {misread}",
                f'quote it ("{text}") if you mean text, or write the value plainly'
                + (" (true or false)" if text in _BOOL_11 else ""),
            )
            return text, True, False
        return text, False, False


def load_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML document from ``text``; ``path`` names the file in problems.

    ``line_offset`` is added to every line (for front matter inside Markdown).
    Returns the document (None when it cannot be built) and the problems found.
    """
    doc = Document(path)
    builder = _Builder(doc, line_offset, text)
    loader = _Loader(text)
    try:
        _read_events(loader, builder)
    except _Abort:
        return None, builder.problems
    except yaml.YAMLError as exc:
        builder.problems.append(_yaml_error(exc, path, line_offset, text))
        return None, builder.problems
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose is not None:
            dispose()
    if not builder.has_root:
        builder.problems.append(
            error(path, 1 + line_offset, 1, "file holds no data", hint="add the keys of the schema")
        )
        return None, builder.problems
    return doc, builder.problems


def _read_events(loader: Any, builder: _Builder) -> None:
    """Hand the parser's events to ``builder`` up to the end of the stream; _Abort when
    the document cannot be built (the problem is recorded)."""
    documents = 0
    get_event, scalar, start, stack = (
        loader.get_event,
        builder.scalar,
        builder.start_collection,
        builder.stack,
    )
    while True:
        event = get_event()
        kind = type(event)  # exact types: quicker than isinstance, event by event
        if kind is _SCALAR:
            scalar(event)
        elif kind is _MAPPING_START:
            start(event, {})
        elif kind is _SEQUENCE_START:
            start(event, [])
        elif kind is _MAPPING_END or kind is _SEQUENCE_END:
            stack.pop()
        elif isinstance(event, yaml.AliasEvent):
            _refuse_alias(builder, event)
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                builder.report(
                    builder.mark(event),
                    "a second YAML document (`---`) is not allowed",
                    "one file holds one hub, mission or data set",
                )
                raise _Abort
        elif isinstance(event, yaml.StreamEndEvent) or event is None:
            break


def _refuse_alias(builder: _Builder, event: Any) -> None:
    """Report an alias and put None in its place (flagged: its schema errors are noise);
    _Abort when it stands for a key."""
    where = builder.mark(event)
    builder.report(
        where,
        f"YAML aliases (*{event.anchor}) are not allowed in content",
        "write the value out in full where it is needed",
    )
    if builder.expecting_key():
        raise _Abort
    pointer = builder.attach(None, where)
    if pointer is not None:
        builder.doc.flagged.add(pointer)


_HINTS = (
    ("mapping values are not allowed", "text containing `: ` must be quoted"),
    ("could not find expected ':'", "check the indentation, or a missing `:` after a key"),
    ("expected <block end>", "check the indentation of this line against the one above"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("while scanning a quoted scalar", "a quote is not closed"),
    ("found character '@'", "values starting with @ or ` must be quoted"),
    ("found character '`'", "values starting with @ or ` must be quoted"),
    ("control characters are not allowed", "remove the invisible control character"),
    ("special characters are not allowed", "remove the invisible control character"),
)


def _yaml_error(exc: yaml.YAMLError, path: str, line_offset: int, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    source_line = ""
    if mark is not None:
        line, col = mark.line + 1 + line_offset, mark.column + 1
        lines = text.splitlines()
        source_line = lines[mark.line] if mark.line < len(lines) else ""
    else:
        line, col = 1 + line_offset, 1
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if problem and "maximum nesting depth" in problem:  # libyaml's own guard, ahead of ours
        return error(
            path,
            line,
            col,
            f"nesting deeper than {MAX_DEPTH} levels",
            hint="content files are shallow; look for runaway brackets",
        )
    if problem:
        message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    else:
        message = f"YAML syntax error: {str(exc).splitlines()[0]}"
    if "\t" in source_line[: max(col, 1)] or source_line[col - 1 : col] == "\t":
        hint = "YAML does not allow tabs for indentation: indent with spaces"
    else:
        hint = next((h for needle, h in _HINTS if needle in message), "")
    return error(path, line, col, message, hint=hint)
