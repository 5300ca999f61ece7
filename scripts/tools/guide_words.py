#!/usr/bin/env python3
"""Print the number of words in each guide area of the Blueprint (front matter excluded).

Run: `.venv/bin/python scripts/tools/guide_words.py`. The floor of each area is kept
by a test (``WORD_FLOORS`` in tests/site/test_guides.py).
"""

from __future__ import annotations

from pathlib import Path

from oshub.core.project import load_project
from oshub.model.content import load_site
from oshub.model.entities import Site

REPO = Path(__file__).resolve().parents[2]


def count_words(site: Site) -> dict[str, int]:
    """Words a guide area, from the guides in the model (translations not counted)."""
    return {area: sum(g.words for g in site.guides_in(area)) for area in site.guide_areas}


def main() -> int:
    """Print a table of word counts."""
    _, site = load_site(load_project(REPO))
    counts = count_words(site)
    for area, words in counts.items():
        print(f"{area:<16} {words:>6} words")
    print(f"{'all':<16} {sum(counts.values()):>6} words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
