"""Deceptive characters in what YAML decoded: escapes, explicit tags, folding.

The raw scan (``unicode_text.text_problems``) reads the characters written in a file.
YAML can write a character otherwise: an escape in a double-quoted scalar
(``"\\u202E"``), the same after an explicit tag (``!!str "\\u202E"``), an escape that
writes an HTML character reference (``"\\x26#x202E;"``) in a Markdown field... So every
key and string value the loader kept with such a character (``Document.hidden``) is
judged once more as YAML decoded it. An escape in a double-quoted scalar is reported
at the escape; any other character the raw scan did not already report inside that
scalar is reported at the scalar's line and column: each character once, whatever
wrote it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from oshub.core.problems import Problem, error, warning
from oshub.core.unicode_text import (
    DECEPTIVE,
    MAX_REPORTED,
    Finding,
    LineIndex,
    more,
    reference_scan,
    scan,
)
from oshub.load.yamlload import Document, json_pointer

_SIMPLE_ESCAPES = {
    **dict(zip("0abtnvfre", "\x00\x07\x08\t\n\x0b\x0c\r\x1b", strict=True)),
    **{" ": " ", '"': '"', "/": "/", "\\": "\\", "\t": "\t"},
    **{"N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"},
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def _decode_double_quoted(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """The characters of the YAML double-quoted scalar opening at ``start`` (its quote)
    and closing before ``end``, with the source offset of each character made by an
    escape (-1 for the others). Line folding is not applied: only escapes matter here."""
    chars: list[str] = []
    sources: list[int] = []
    index = start + 1
    while index < end:
        char = text[index]
        if char == '"':
            break
        if char != "\\" or index + 1 >= end:
            chars.append(char)
            sources.append(-1)
            index += 1
            continue
        code = text[index + 1]
        width = _HEX_ESCAPES.get(code, 0)
        if width:
            digits = text[index + 2 : index + 2 + width]
            try:
                decoded = chr(int(digits, 16)) if len(digits) == width else ""
            except ValueError:
                decoded = ""
            if decoded:
                chars.append(decoded)
                sources.append(index)
            index += 2 + width
        elif code in _SIMPLE_ESCAPES:
            chars.append(_SIMPLE_ESCAPES[code])
            sources.append(index)
            index += 2
        else:  # an escaped line break, or an escape YAML itself refused
            index += 2
    return "".join(chars), sources


def _quote_at(text: str, start: int, end: int) -> int:
    """The offset of the double quote opening the scalar written from ``start`` (after
    its tag and anchor, if any), or -1 when it is not double-quoted."""
    index = start
    while index < end and text[index] in "!&":  # a tag or an anchor, then a space
        while index < end and text[index] not in " \t\n":
            index += 1
        while index < end and text[index] in " \t\n":
            index += 1
    return index if index < end and text[index] == '"' else -1


def _findings(value: str) -> Iterator[Finding]:
    yield from scan(value)
    if "&" in value:
        yield from reference_scan(value)


def decoded_problems(doc: Document, text: str, path: str) -> list[Problem]:
    """Problems for the deceptive characters of ``doc``'s keys and values (as YAML
    decoded them) that the raw scan of the file's ``text`` does not report: escapes at
    their column, anything else at the scalar's line and column."""
    if not doc.hidden:
        return []
    index = LineIndex(text)
    problems: list[Problem] = []
    for number, (value, start, end, at) in enumerate(doc.hidden):
        begin, finish = index.offset(*start), min(index.offset(*end), len(text))
        source = text[begin:finish]
        # what the raw scan sees inside the scalar: not reported again
        known = Counter(DECEPTIVE.findall(source))
        known.update(f.char for f in reference_scan(source))
        found: list[tuple[tuple[int, int], Finding, str]] = []
        quote = _quote_at(text, begin, finish)
        if quote >= 0:
            decoded, sources = _decode_double_quoted(text, quote, finish)
            escaped = [(sources[i], c) for i, c in enumerate(decoded) if sources[i] >= 0]
            known.update(c for _, c in escaped if DECEPTIVE.match(c))
            for item in scan(decoded):
                if sources[item.offset] >= 0:
                    where = index.position(sources[item.offset])
                    found.append((where, item, " (written as an escape)"))
        for item in _findings(value):
            if known[item.char] > 0:
                known[item.char] -= 1
                continue
            found.append((start, item, " (in the value that starts here)"))
        for place, (where, item, how) in enumerate(found):
            if len(problems) >= MAX_REPORTED:
                rest = sum(len(DECEPTIVE.findall(v)) for v, *_ in doc.hidden[number + 1 :])
                problems.append(more(path, where, len(found) - place + rest))
                return problems
            report = error if item.is_error else warning
            message = item.message if "(written as `" in item.message else item.message + how
            problems.append(report(path, *where, message, hint=item.hint, pointer=json_pointer(at)))
    return problems
