"""The 17 UN Sustainable Development Goals: number, short title, official colour.

Text on an SDG colour must reach WCAG AA contrast (4.5:1): we pick near-black or
white, whichever contrasts more; several official colours fail with white
(SDG 7 yellow: 1.6:1).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

DARK_TEXT = "#1a1a1a"
LIGHT_TEXT = "#ffffff"


@dataclass(frozen=True)
class Sdg:
    """One Sustainable Development Goal."""

    number: int
    title: str
    colour: str
    """Official colour, ``#RRGGBB``."""

    @property
    def text_colour(self) -> str:
        """The text colour (dark or white) with the higher contrast on ``colour``."""
        dark = contrast(self.colour, DARK_TEXT)
        light = contrast(self.colour, LIGHT_TEXT)
        return DARK_TEXT if dark >= light else LIGHT_TEXT

    @property
    def label(self) -> str:
        """``SDG 4: Quality Education``."""
        return f"SDG {self.number}: {self.title}"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two ``#RRGGBB`` colours (1 to 21)."""
    a, b = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@cache
def all_sdgs() -> tuple[Sdg, ...]:
    """The 17 goals, in order."""
    text = resources.files("oshub.data").joinpath("sdgs.json").read_text(encoding="utf-8")
    return tuple(Sdg(g["number"], g["title"], g["colour"]) for g in json.loads(text)["goals"])


def sdg(number: int) -> Sdg:
    """One goal by number (1 to 17)."""
    return all_sdgs()[number - 1]
