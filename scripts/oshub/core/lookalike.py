"""Names that read the same: NFKC case-folded forms and Unicode TR39 confusable skeletons.

Two names are *the same name* when they differ only in case, compatibility forms
(fullwidth letters, U+FF21 onwards), accents or invisible characters (every
default-ignorable code point: variation selectors too) (:func:`same_name_key`), and
*look-alikes* when their TR39 skeletons match: a Greek Omicron (U+039F) or a Cyrillic
a (U+0430) in place of a Latin O or a (:func:`lookalike_key`).

The skeleton (UTS #39, section 4) is: NFD, each character replaced by its prototype
from Unicode's ``confusables.txt``, NFD again. The table comes from the
``confusable-homoglyphs`` package (pure Python, its data shipped in the wheel, nothing
downloaded at run time), which stores each mapping in both directions. The prototype
is recovered from its structure: ``confusables.txt`` maps every source character to
one prototype that is never itself a source, so each group of characters linked by
the table holds exactly one prototype. A multi-character one (``rn`` for ``m``) is the
prototype of its group; otherwise the most linked character is. In a group of two,
either may be the prototype: the one chosen stands for both, which keeps the
comparison exact.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from oshub.core.unicode_text import DEFAULT_IGNORABLE, INVISIBLE

_MARKS = ("\u200e", "\u200f")
"""Direction marks the package's table wraps around right-to-left characters."""


def _visible(text: str) -> str:
    """``text`` without its invisible characters: Unicode's default-ignorable code
    points (variation selectors, joiners, bidi controls, tags...) and the others
    ``unicode_text`` knows."""
    if text.isascii():
        return text
    return INVISIBLE.sub("", DEFAULT_IGNORABLE.sub("", text))


@cache
def prototypes() -> dict[str, str]:
    """Each confusable character mapped to its prototype (one or more characters)."""
    from confusable_homoglyphs.confusables import (  # type: ignore[import-untyped]
        confusables_data,
    )

    def clean(value: str) -> str:
        return value.strip("".join(_MARKS))

    parent: dict[str, str] = {}

    def find(node: str) -> str:
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:  # path compression
            parent[node], node = root, parent[node]
        return root

    degree: dict[str, int] = {}
    for key, entries in confusables_data.items():
        source = clean(key)
        for entry in entries:
            other = clean(entry["c"])
            if not source or not other or source == other:
                continue
            degree[source] = degree.get(source, 0) + 1
            parent[find(source)] = find(other)
    groups: dict[str, list[str]] = {}
    for node in degree:
        groups.setdefault(find(node), []).append(node)
    table: dict[str, str] = {}
    for members in groups.values():
        prototype = max(
            members,
            key=lambda m: (len(m) > 1, degree.get(m, 0), m.isascii(), -ord(m[0])),
        )
        for member in members:
            if len(member) == 1 and member != prototype:
                table[member] = prototype
    return table


@cache
def _translation() -> dict[int, str]:
    return {ord(char): prototype for char, prototype in prototypes().items()}


def skeleton(text: str) -> str:
    """The TR39 skeleton of ``text``: NFD, every character to its prototype, NFD."""
    mapped = unicodedata.normalize("NFD", text).translate(_translation())
    return unicodedata.normalize("NFD", mapped)


def same_name_key(name: str) -> str:
    """What two names that are the same name share: NFKC (by way of NFKD) and case
    folding, without accents, invisible characters or repeated spaces."""
    if name.isascii():
        return " ".join(name.casefold().split())
    folded = unicodedata.normalize("NFKD", _visible(name)).casefold()
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


def lookalike_key(name: str) -> str:
    """What two look-alike names share: the skeleton of the case-folded skeleton of the
    name's NFKC form (so that a digit zero, a Latin O and a
    Greek small omicron all meet at ``o``), without
    invisible characters or repeated spaces."""
    text = " ".join(unicodedata.normalize("NFKC", _visible(name)).split())
    return skeleton(skeleton(text).casefold())
