"""Relative links between generated pages (the site works under any base path)."""

from __future__ import annotations


def rel(target: str, here: str) -> str:
    """Relative link from the page at directory URL ``here`` to directory URL ``target``.

    Always up to the site's root and down again (``../../missions/x/``): as valid as
    the shortest path, and cheap enough for tens of thousands of links.
    """
    return "../" * here.count("/") + target if target or here else "./"


def rel_file(target: str, here: str) -> str:
    """Relative link from the page at directory URL ``here`` to the file ``target``."""
    return "../" * here.count("/") + target
