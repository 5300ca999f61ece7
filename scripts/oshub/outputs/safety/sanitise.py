"""The second line of defence: every page's rendered content through an HTML sanitiser.

Validation reports unsafe content at its line; the build does not rely on it
having run. The HTML that Markdown and the page templates make of content passes
through nh3 (Python bindings of ammonia, a maintained Rust sanitiser built on the
html5ever parser that browsers' parsing rules are written for) with the allow-list
of ``htmlpolicy``: no script, no event handler, no ``javascript:``/``data:`` URL
survives, whichever way it was spelled, and no element takes an id or attribute the
theme's own script looks for.
"""

from __future__ import annotations

from functools import cache

import nh3

from oshub.core.htmlpolicy import (
    ALLOWED_TAGS,
    ATTRIBUTE_PREFIXES,
    GLOBAL_ATTRIBUTES,
    SAFE_SCHEMES,
    STYLE_PROPERTIES,
    TAG_ATTRIBUTES,
)


@cache
def _cleaner(theme_filter: bool = False) -> nh3.Cleaner:
    """The sanitiser; ``theme_filter``: it also drops what the theme's script looks for
    (slower: a Python call for every attribute, so used only when it may matter)."""
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={"*": set(GLOBAL_ATTRIBUTES), **{t: set(a) for t, a in TAG_ATTRIBUTES.items()}},
        generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES),
        url_schemes=set(SAFE_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        strip_comments=True,
        link_rel=None,
        attribute_filter=_without_theme_attributes if theme_filter else None,
    )


def _without_theme_attributes(tag: str, name: str, value: str) -> str | None:
    """An attribute as published: None for one the theme reserves (``data-md-*``, an id,
    name or label target starting with ``__``)."""
    if name.startswith("data-md-"):
        return None
    if name in {"id", "name", "for"} and value.strip().startswith("__"):
        return None
    return value


def clean_html(html: str) -> str:
    """``html`` (a page's content) with everything outside the allow-list removed, and
    no id, name or attribute that the theme's script looks for (``htmlpolicy``)."""
    cleaned = _cleaner().clean(html)
    if "__" in cleaned or "data-md-" in cleaned:  # rare: cleaned again, attribute by attribute
        cleaned = _cleaner(theme_filter=True).clean(html)
    return cleaned
