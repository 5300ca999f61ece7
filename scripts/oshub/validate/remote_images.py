"""Images on other hosts, refused in pages at their line and column.

An image a page loads from another host tells that host who reads the page and when,
can change after review, is blocked by the pages' Content-Security-Policy, and stops
the printed book. Markdown images (``![a plan](https://...)``, ``![a plan][ref]`` with
``[ref]: https://...``, protocol-relative ``//host/x.png``) and ``<img src>`` are
read; links to web pages stay allowed. Standard library only (the light layer).
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Iterator

from oshub.core.htmlpolicy import SAFE_SCHEMES, url_scheme
from oshub.core.problems import Problem, error

_DEFINITION = re.compile(
    r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t>]+)*\[([^\[\]\n]*)\]:[ \t]*(?:\n[ \t>]*)?"
    r"(<[^>\n]*>|\S+)",
    re.MULTILINE,
)
"""A reference definition, read as ``markdown_check`` reads them, with its label."""
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
"""What a browser trims at both ends of an address (C0 controls and the space)."""


def remote(address: str) -> bool:
    """True when an image at ``address`` would be fetched from another host."""
    target = html.unescape(address.strip().removeprefix("<").removesuffix(">"))
    target = "".join(c for c in target if c not in "\t\n\r").strip(_C0_AND_SPACE)
    if target.replace("\\", "/").startswith("//"):
        return True
    return url_scheme(target) in SAFE_SCHEMES


def another_host(url: str) -> bool:
    """True when a browser fetches ``url`` (an HTML attribute value or CSS address, its
    character references already decoded) from another host: ``http(s)://`` or ``//``."""
    target = "".join(c for c in url if c not in "\t\n\r").strip(_C0_AND_SPACE)
    if target.replace("\\", "/").startswith("//"):
        return True
    return url_scheme(html.escape(target, quote=False)) in ("http", "https")


def remote_image(path: str, at: tuple[int, int], address: str) -> Problem:
    """The problem of an image loaded from ``address`` on another host."""
    return error(
        path,
        *at,
        f"image on another host: `{address.strip()[:80]}`",
        hint="save the image beside the page and link to the file (![a plan](plan.png)): "
        "pages and printed books use only the site's own images",
    )


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


_ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!")
"""The characters a backslash escapes in Python-Markdown (``Markdown.ESCAPED_CHARS``)."""
_BEFORE_ADDRESS = frozenset(" \t\n\r\f\v[`<>")
"""Skipped before an inline image's address: spaces, and the marks of a link or code
span Python-Markdown reads first (their text becomes the start of the address), and
block-quote marks of the next line."""
_LONGEST_ADDRESS = 256
"""Only the start of an address says where it leads; longer ones are cut (linear time)."""
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_BLANK_LINE = re.compile(r"\n[ \t>]*+\n")
_LINE_START = re.compile(r"\n[ \t>]++")
_QUOTE_MARKS = re.compile(r"[ \t>]*+")
_GROUP = re.compile(r"\([^()]*\)")
_MARKS = re.compile(r"[\[\]`<>]")
_BRACKET = re.compile(r"[\[\]]")
_LONGEST_ADDRESS = 2048
"""Only the start of an address says where it leads; longer ones are cut (linear time)."""


def _matches(text: str, opening: str, closing: str) -> dict[int, int]:
    """Each ``opening`` mark (not escaped) with its ``closing`` mark, in one pass."""
    found: dict[int, int] = {}
    stack: list[int] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _ESCAPABLE:
            index += 2
            continue
        if char == opening:
            stack.append(index)
        elif char == closing and stack:
            found[stack.pop()] = index
        index += 1
    return found


def _images(text: str, skip_targets: bool) -> Iterator[tuple[int, int, bool]]:
    """``![`` openers as Python-Markdown pairs brackets: the offset of ``[``, of its
    ``]``, and whether the text holds no other bracket.

    One pass with a stack of open ``[``; escaped characters are skipped. With
    ``skip_targets`` the ``(...)`` after a link's or image's text is stepped over, as
    Python-Markdown consumes it before pairing the brackets around it; without, its
    brackets count. The two readings together cover both ways a soup can go.
    """
    parens = _matches(text, "(", ")") if skip_targets else {}
    stack: list[tuple[int, bool, bool]] = []  # offset, is an image, holds a bracket
    escaped = -1
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _ESCAPABLE:
            escaped = index + 1
            index += 2
            continue
        if char == "[":
            if stack:
                stack[-1] = (stack[-1][0], stack[-1][1], True)
            image = index > 0 and text[index - 1] == "!" and escaped != index - 1
            stack.append((index, image, False))
        elif char == "]" and stack:
            opener, image, nested = stack.pop()
            if stack:
                stack[-1] = (stack[-1][0], stack[-1][1], True)
            if image:
                yield opener, index, not nested
            if skip_targets and index + 1 in parens:
                index = parens[index + 1]
        index += 1


def _inline_address(text: str, start: int) -> tuple[int, str, bool]:
    """Where the address of ``![text](`` starting at ``start`` begins, the address (as
    written, or as read), and whether it may load from another host.

    Python-Markdown reads links, code spans and escapes before images: inside the
    address they leave their text (``![x](/[](a)/host/x.png)`` loads ``//host/x.png``).
    So the address is also read with every ``(...)`` group and bracket, backtick and
    angle mark taken out. It ends at a space, a blank line, the next ``![`` or the
    ``)`` that closes it, and is cut at ``_LONGEST_ADDRESS`` characters; block-quote
    marks and indentation at the start of its lines are not part of it.
    """
    end = min(len(text), start + _LONGEST_ADDRESS)
    while start < end and text[start] in _BEFORE_ADDRESS:
        start += 1
    written = _BLANK_LINE.split(text[start:end], 1)[0].split("![", 1)[0]
    # the marks of block quotes and indentation go (the block parser takes them), then
    # tabs and newlines (a browser removes them anywhere)
    written = _TAB_OR_NEWLINE.sub("", _LINE_START.sub("\n", written)).split(" ", 1)[0]
    ungrouped = written
    for _ in range(_LONGEST_ADDRESS // 2):
        ungrouped, count = _GROUP.subn("", ungrouped)
        if not count:
            break
    ungrouped = _MARKS.sub("", ungrouped.split(")", 1)[0])
    written = written.split(")", 1)[0]
    if remote(written):
        return start, written, True
    return start, ungrouped, remote(ungrouped)


def _reference_label(text: str, after: int) -> str | None:
    """The label of ``![text] [label]`` after the text's ``]`` (one space or newline
    may come between, and the block-quote marks of the next line), or None."""
    if text.startswith("\n", after):  # the next line, without its block-quote marks
        after = _QUOTE_MARKS.match(text, after + 1).end()  # type: ignore[union-attr]
    elif text[after : after + 1].isspace():
        after += 1
    if not text.startswith("[", after):
        return None
    end = min(len(text), after + 1 + _LONGEST_ADDRESS)
    close = _BRACKET.search(text, after + 1, end)
    if close is None or close.group(0) != "]":
        return None  # a definition's label holds no bracket: it cannot match
    return text[after + 1 : close.start()]


def remote_images(
    masked: str, path: str, at: Callable[[int], tuple[int, int]], text: str | None = None
) -> Iterator[Problem]:
    """Markdown images of a text (inline code masked) that load from another host.

    ``text`` is the text before masking (the same offsets): an address is read from it,
    since the text of a code span written as the address becomes the address.

    Everything Python-Markdown renders as an ``<img>`` is read: brackets in the text,
    escaped brackets, nested images, a link or code span as the address, and
    ``![text] [label]`` with a space before the label.
    """
    if "![" not in masked:
        return
    reported: set[int] = set()
    labels: set[str] = set()
    readings = (masked, code_spans_masked(text)) if text is not None else (masked,)
    for reading, skip_targets in ((r, s) for r in readings for s in (True, False)):
        for opener, close, plain in _images(reading, skip_targets):
            if reading.startswith("(", close + 1):
                start, address, far = _inline_address(text or masked, close + 2)
                if far and start not in reported:
                    reported.add(start)
                    yield remote_image(path, at(start), address)
            # an inline image whose ``(...)`` does not close is read as a reference one
            label = _reference_label(reading, close + 1)
            if label:
                labels.add(_label(label))
            if plain:
                labels.add(_label(reading[opener + 1 : close]))
    if not labels:
        return
    for match in _DEFINITION.finditer(masked):
        if _label(match.group(1)) in labels and remote(match.group(2)):
            yield remote_image(path, at(match.start(2)), match.group(2))


_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
_TICKS = re.compile(r"`+")


def code_spans_masked(text: str) -> str:
    """``text`` with the code spans Python-Markdown finds blanked (same offsets).

    Read per block of text between blank lines, as its ``BacktickInlineProcessor``
    reads a paragraph: a run of backticks not preceded by a backslash opens a span that
    the next run of the same length closes; failing that, the longest later shorter run
    closes it (the opening run then gives up its first ticks). Linear but for a
    logarithm (no run is searched for twice).
    """
    pieces: list[str] = []
    start = 0
    for block_break in (*_BLOCK_BREAK.finditer(text), None):
        end = block_break.end() if block_break else len(text)
        pieces.append(_mask_spans(text, start, end))
        start = end
    return "".join(pieces)


def _mask_spans(text: str, start: int, end: int) -> str:
    runs = [(m.start(), m.end() - m.start()) for m in _TICKS.finditer(text, start, end)]
    if len(runs) < 2:
        return text[start:end]
    by_length: dict[int, list[int]] = {}
    for index, (_, length) in enumerate(runs):
        by_length.setdefault(length, []).append(index)
    longest_after = [(0, -1)] * (len(runs) + 1)  # (length, earliest index) of runs after
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1]
        best = longest_after[index + 1]
        longest_after[index] = (length, index) if length >= best[0] else best
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        at, ticks = runs[index]
        if at > start and text[at - 1] == "\\":
            at, ticks = at + 1, ticks - 1  # the first tick is escaped
        if ticks == 0:
            index += 1
            continue
        same = by_length.get(ticks, [])
        later = bisect.bisect_right(same, index)
        if later < len(same):
            close = same[later]
            spans.append((at, runs[close][0] + ticks))
            index = close + 1
            continue
        length, close = longest_after[index + 1]
        if 0 < length < ticks:
            spans.append((at + ticks - length, runs[close][0] + length))
            index = close + 1
            continue
        index += 1
    pieces: list[str] = []
    last = start
    for begin, finish in spans:
        pieces += (text[last:begin], " " * (finish - begin))
        last = finish
    return "".join((*pieces, text[last:end]))
