"""Characters that make text deceive: found in any content file, at their line and column.

A reader sees what a text *renders* as, not what it holds. These characters change
that picture:

- **errors** (never needed in content): C0 and C1 control characters (except tab,
  line feed and carriage return, which structure the file), the line and paragraph
  separators U+2028/U+2029 (invisible line breaks; YAML reads them as new lines), the
  bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069:
  they reorder the text shown around them, the "Trojan Source" trick) and tag
  characters (U+E0000-U+E007F: invisible text), except the tag sequences of the
  subdivision flag emoji (England, Scotland, Wales);
- **warnings** (invisible, and needed only by some languages): every other format
  character (Unicode category Cf: zero-width space, soft hyphen, word joiner, a byte
  order mark inside the text...) and the invisible "filler" letters (Hangul fillers,
  Khmer inherent vowels, the combining grapheme joiner). The rule for the ones some
  languages need:

  - zero-width non-joiner and joiner (U+200C, U+200D) and the Mongolian vowel
    separator (U+180E) pass between two letters or marks of a script that writes
    with them (Arabic and Persian, Syriac, N'Ko, Mongolian, the Indic scripts,
    Sinhala, Myanmar, Khmer, Tibetan...), as IDNA's contextual rules allow; a
    joiner also passes inside an emoji sequence;
  - the direction marks (LRM U+200E, RLM U+200F, ALM U+061C) pass in a line that
    holds right-to-left letters, where they are how bidirectional text is written;
  - a variation selector passes after a character that takes one: U+FE00-U+FE0F
    after a symbol (emoji), a digit, ``#``, ``*``, the double exclamation and question
    marks, the wavy dash, the part alternation mark or a CJK ideograph; the
    ideographic selectors (U+E0100-U+E01EF) after a CJK ideograph; the Mongolian free
    variation selectors (U+180B-U+180D, U+180F) after a Mongolian letter.

The rule looks at the characters around, not at a language tag: text has no tag in
most fields, and a joiner between two Latin letters deceives in any language.

A character written as an HTML character reference (``&#x202E;``, ``&#8238;``,
``&rlm;``) is what a page, a Markdown field or a drawing shows: it is judged by the
same rule, at the reference (:func:`reference_scan`).

Markdown bodies are checked for the errors only: a bidi override in a page deceives
as much as in a name, while a soft hyphen in a long German word is typography.
Scanning is one pass of a character-class regex over the text (linear whatever the
input); each found character costs a dictionary look-up.
"""

from __future__ import annotations

import bisect
import heapq
import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from oshub.core.problems import Problem, error, warning

_C0_C1 = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_SEPARATORS = "\u2028\u2029"
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_BIDI_MARKS = "\u200e\u200f\u061c"
_TAGS = "\U000e0000-\U000e007f"
_FORMAT = (  # category Cf (Unicode 15) but the visible prepended marks, and the fillers
    "\u00ad\u180e\u200b-\u200d\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0"
)
_SELECTORS = "\ufe00-\ufe0f\U000e0100-\U000e01ef\u180b-\u180d\u180f"
"""Variation selectors (standardized and emoji, ideographic, Mongolian free variation)."""
_HARD = re.compile(f"[{_C0_C1}{_SEPARATORS}{_BIDI_CONTROLS}{_TAGS}]")
_ANY = re.compile(
    f"[{_C0_C1}{_SEPARATORS}{_BIDI_CONTROLS}{_TAGS}{_BIDI_MARKS}{_FORMAT}{_SELECTORS}]"
)
DECEPTIVE = _ANY
"""Every character :func:`scan` judges (most pass no check: a search for them is quick)."""
INVISIBLE = re.compile(f"[{_BIDI_CONTROLS}{_TAGS}{_BIDI_MARKS}{_FORMAT}{_SELECTORS}]")
"""Every invisible character this module knows (format characters, invisible letters,
variation selectors)."""
DEFAULT_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
"""Unicode's default-ignorable code points (DerivedCoreProperties.txt): shown as nothing
where they are not understood."""
_REFERENCE = re.compile("&(?:#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,10}|[A-Za-z][A-Za-z0-9]{1,31});")
"""An HTML character reference: a hexadecimal, decimal or named one (bounded lengths:
each match reads at most 34 characters from its ``&``)."""
REFERENCE = _REFERENCE
_BREAKS_YAML = re.compile(f"[{_C0_C1}{_SEPARATORS}]")
"""Characters YAML refuses or reads as a line break: the file is not parsed after them."""
_FLAG_TAGS = re.compile("\U0001f3f4([\U000e0030-\U000e0039\U000e0061-\U000e007a]{1,6}\U000e007f)")
"""A subdivision flag emoji: a black flag, tag letters or digits, a cancel tag."""
_JOINING_SCRIPTS = (
    "ARABIC",
    "SYRIAC",
    "NKO",
    "MONGOLIAN",
    "DEVANAGARI",
    "BENGALI",
    "GURMUKHI",
    "GUJARATI",
    "ORIYA",
    "TAMIL",
    "TELUGU",
    "KANNADA",
    "MALAYALAM",
    "SINHALA",
    "MYANMAR",
    "KHMER",
    "TIBETAN",
    "LAO",
    "THAI",
    "BALINESE",
    "JAVANESE",
)
"""Scripts whose writing uses the zero-width (non-)joiner (the prefix of the letters'
Unicode names)."""
_JOINERS = "\u200c\u200d\u180e"
"""The zero-width non-joiner and joiner, and the Mongolian vowel separator."""
_EMOJI_BEFORE_JOINER = ("So", "Sk", "Mn")  # a pictograph, a skin tone, a variation selector
_TAKES_SELECTOR = frozenset("#*\u203c\u2049\u3030\u303d")
"""Characters other than symbols and digits that have emoji variation sequences (the
keycap signs, the double exclamation and question marks, the wavy dash and the part
alternation mark)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One deceptive character: where it is in the text, and how serious."""

    offset: int
    char: str
    is_error: bool
    message: str
    hint: str


def describe(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: the code point, and its name when it has one."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


_REMOVE = "delete it (an editor shows it with “show invisible characters”)"


def _kind(char: str) -> tuple[bool, str, str]:
    """Severity, what the character is and does (with ``{}`` where its code goes), and
    how to fix it."""
    code = ord(char)
    if char in _SEPARATORS:
        return True, "an invisible line break ({})", "write a plain new line, or " + _REMOVE
    if code < 0xA0:
        return True, "a control character ({})", _REMOVE
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return (
            True,
            "a bidirectional control ({}): it reorders how the text around it is shown",
            _REMOVE + "; right-to-left text displays correctly without it",
        )
    if 0xE0000 <= code <= 0xE007F:
        return True, "an invisible tag character ({})", _REMOVE
    if char in _BIDI_MARKS:
        return (
            False,
            "an invisible direction mark ({}) in a line without right-to-left text",
            _REMOVE,
        )
    if _is_selector(code):
        return (
            False,
            "an invisible variation selector ({}) after a character that takes none",
            _REMOVE,
        )
    return False, "an invisible character ({})", _REMOVE + ", or write a normal space"


def _is_selector(code: int) -> bool:
    return (
        0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or code in (0x180B, 0x180C, 0x180D, 0x180F)
    )


def _selector_taken(text: str, offset: int) -> bool:
    """A variation selector at ``offset`` after a character that has variation
    sequences: for U+FE00-U+FE0F a symbol (emoji, mathematical and other symbols),
    a digit or a keycap sign, or a CJK
    ideograph; for the ideographic selectors (U+E0100-U+E01EF) a CJK ideograph; for
    the Mongolian free variation selectors a Mongolian letter."""
    if offset == 0:
        return False
    code, before = ord(text[offset]), text[offset - 1]
    if 0x180B <= code <= 0x180F:
        return _script(before) == "MONGOLIAN"
    if _script(before) == "CJK":
        return True
    if code > 0xFFFF:
        return False
    return unicodedata.category(before)[0] == "S" or before.isdigit() or before in _TAKES_SELECTOR


def _script(char: str) -> str:
    return unicodedata.name(char, "").split(" ", 1)[0]


def _joiner_needed(text: str, offset: int) -> bool:
    """A zero-width (non-)joiner at ``offset`` between letters of a script that uses it,
    or a joiner inside an emoji sequence."""
    before = text[offset - 1] if offset > 0 else ""
    after = text[offset + 1] if offset + 1 < len(text) else ""
    if not before or not after:
        return False
    if _script(before) in _JOINING_SCRIPTS and _script(after) in _JOINING_SCRIPTS:
        return True
    return (
        text[offset] == "\u200d"
        and unicodedata.category(before) in _EMOJI_BEFORE_JOINER
        and unicodedata.category(after) == "So"
    )


def _has_rtl_letters(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") and c not in _BIDI_MARKS for c in text)


def _line_around(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start : end if end >= 0 else len(text)]


class _RtlLines:
    """Whether the line of an offset of one text holds right-to-left letters, each line
    read once however many direction marks it has."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: LineIndex | None = None
        self.known: dict[int, bool] = {}

    def at(self, offset: int) -> bool:
        self.lines = self.lines or LineIndex(self.text)
        line = self.lines.position(offset)[0]
        if line not in self.known:
            self.known[line] = _has_rtl_letters(_line_around(self.text, offset))
        return self.known[line]


def _excused(char: str, around: str, index: int, rtl: _RtlLines, offset: int) -> bool:
    """True when the invisible ``char`` (at ``index`` of ``around``, its neighbours) is
    one its text needs: a joiner between letters of a joining script or in an emoji, a
    variation selector after a character that takes one, a direction mark in a line
    (the one of ``offset``) with right-to-left letters."""
    if char in _JOINERS and _joiner_needed(around, index):
        return True
    if _is_selector(ord(char)) and _selector_taken(around, index):
        return True
    return char in _BIDI_MARKS and rtl.at(offset)


def scan(text: str, *, warnings: bool = True) -> Iterator[Finding]:
    """Every deceptive character of ``text`` (errors only when ``warnings`` is false)."""
    pattern = _ANY if warnings else _HARD
    flags: set[int] = set()
    if "\U0001f3f4" in text:
        for match in _FLAG_TAGS.finditer(text):
            flags.update(range(match.start(1), match.end(1)))
    rtl = _RtlLines(text)
    for match in pattern.finditer(text):
        offset, char = match.start(), match.group()
        if offset in flags:
            continue
        is_error, what, hint = _kind(char)
        if not is_error and _excused(char, text, offset, rtl, offset):
            continue
        yield Finding(offset, char, is_error, what.format(describe(char)), hint)


def shown(text: str) -> str:
    """``text`` with its invisible characters written as escapes (``OS\\u200bHub``), for
    quoting a name in a message."""
    if text.isascii() and text.isprintable():
        return text
    return INVISIBLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def breaks_yaml(text: str) -> bool:
    """True when ``text`` holds a character YAML refuses or reads as a line break (so
    its own message would point elsewhere)."""
    return _BREAKS_YAML.search(text) is not None


class LineIndex:
    """Line and column (1-based, counted in characters) of offsets in one text."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        self.starts.extend(m.end() for m in re.finditer("\n", text))

    def position(self, offset: int) -> tuple[int, int]:
        """The line and column of ``offset``."""
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def offset(self, line: int, col: int) -> int:
        """The offset of a 1-based line and column (clamped to the text)."""
        index = min(max(line, 1), len(self.starts)) - 1
        return self.starts[index] + col - 1


MAX_REPORTED = 50
"""Deceptive characters reported one by one in a file; one more problem counts the rest."""


def reference_scan(text: str) -> Iterator[Finding]:
    """The deceptive characters written as HTML character references (``&#x202E;``,
    ``&#8238;``, ``&rlm;``) in ``text``, at the reference's offset. A Markdown page, a
    Markdown field or an SVG drawing shows what the reference stands for; each decoded
    character is judged by the same rule as one written as itself, with the characters
    written just before and after the reference as its neighbours."""
    if "&" not in text:
        return
    rtl = _RtlLines(text)
    for match in _REFERENCE.finditer(text):
        written = match.group()
        decoded = html.unescape(written)
        if decoded == written or _ANY.search(decoded) is None:
            continue
        start, end = match.span()
        before, after = text[start - 1 : start], text[end : end + 1]
        local = before + decoded + after
        for index, char in enumerate(decoded):
            if _ANY.match(char) is None:
                continue
            is_error, what, hint = _kind(char)
            if not is_error and _excused(char, local, len(before) + index, rtl, start):
                continue
            message = f"{what.format(describe(char))} (written as `{written}`)"
            yield Finding(start, char, is_error, message, hint)


def text_problems(
    text: str, path: str, *, warnings_before_line: int | None = None
) -> list[Problem]:
    """Problems for the deceptive characters written in a file's text, as themselves or
    as HTML character references (:func:`reference_scan`), at their line and column.
    Warnings are reported only on lines before ``warnings_before_line`` (1-based; a
    page's Markdown body starts there), or everywhere when it is None. After
    :data:`MAX_REPORTED`, one problem counts the others."""
    if _ANY.search(text) is None and ("&" not in text or _REFERENCE.search(text) is None):
        return []  # the common case: one pass, nothing found
    index = LineIndex(text)
    problems: list[Problem] = []
    body_from = -1 if warnings_before_line is None else index.offset(warnings_before_line, 1)
    findings = heapq.merge(scan(text), reference_scan(text), key=lambda f: f.offset)
    for found in findings:
        if not found.is_error and 0 <= body_from <= found.offset:
            continue
        if len(problems) >= MAX_REPORTED:  # count the rest in one pass, unread
            left_out = 1 + sum(1 for f in findings if f.is_error or not 0 <= body_from <= f.offset)
            problems.append(more(path, index.position(found.offset), left_out))
            break
        report = error if found.is_error else warning
        line, col = index.position(found.offset)
        problems.append(report(path, line, col, found.message, hint=found.hint))
    return problems


def more(path: str, where: tuple[int, int], count: int) -> Problem:
    """The problem that counts the deceptive characters left unreported in a file."""
    return error(
        path,
        *where,
        f"{count} more invisible or control characters from here on",
        hint="the file is full of them: is it the text you meant to write?",
    )


def name_problems(name: str, path: str) -> list[Problem]:
    """Problems for the deceptive characters of a file's name (reported at ``1:1``)."""
    problems: list[Problem] = []
    breaks = [c for c in name if c in "\t\n\r"]
    if breaks:
        problems.append(
            error(
                path,
                1,
                1,
                f"file name holds a line break or tab ({describe(breaks[0])})",
                hint="rename the file: a name is one line",
            )
        )
    for found in scan(name):
        report = error if found.is_error else warning
        problems.append(
            report(
                path,
                1,
                1,
                f"file name holds {found.message}",
                hint="rename the file: names are read in file lists, links and addresses",
            )
        )
    return problems
