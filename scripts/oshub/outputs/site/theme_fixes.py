"""Mends to the theme's HTML, and titles that cannot become markup.

Checked by the Nu validator, axe-core and the page guard: what the stock theme
gets wrong, and what it prints unescaped.
"""

from __future__ import annotations

import html as html_lib
import re

_EMPTY_SKIP = re.compile(r'(<div data-md-component="skip">)\s*(</div>)')


_TASK_BOX = re.compile(
    r'<input type="checkbox" disabled(?:="(?:disabled)?")?( checked(?:="(?:checked)?")?)?\s*/?>'
)
_MARKUP_CHARACTERS = re.compile(r"[<>]")
_SELECT_VERSION = re.compile(r'"select\.version": "[^"]*"')


def title_without_markup(value: object) -> str:
    """A title or description that cannot become markup, whatever the theme does with it
    (a number or date from a page's front matter becomes text).

    The theme prints titles and descriptions without escaping, and ``striptags``
    turns ``&lt;`` back into ``<``: text holding angle brackets (validation reports
    them) loses them here, and what remains is escaped.
    """
    title = str(value)
    text = html_lib.unescape(title)
    if not _MARKUP_CHARACTERS.search(text) and '"' not in text:
        return title
    return html_lib.escape(_MARKUP_CHARACTERS.sub("", text))


def _task_box(match: re.Match[str]) -> str:
    # a checklist box is something to tick on paper: a drawn box, not an unlabelled control
    ticked = match.group(1) is not None
    return f'<span class="oshub-checkbox" aria-hidden="true">{"☑" if ticked else "☐"}</span> '


def fix_theme_html(
    html: str, skip_label: str = "Skip to content", table_label: str = "Table (scrolls sideways)"
) -> str:
    """Mend what the stock theme gets wrong, checked by the Nu validator and axe-core.

    - ``autocomplete`` is not allowed on checkboxes (the two drawer/search toggles);
    - ``tabindex=""`` on navigation labels is not a valid integer: leave it out;
    - the search dialog has no accessible name: call it "Search";
    - a page outside the nav has a contents label pointing at no control;
    - checklist boxes are disabled, unlabelled checkboxes: draw them instead;
    - the theme offers "Skip to content" only on pages with a table of contents:
      generated pages get one too, to their title;
    - the name our script gives wide tables' scroll areas is a word of the page's
      language: it rides on ``<body data-oshub-table>``.
    """
    html = html.replace(
        'type="checkbox" id="__drawer" autocomplete="off"', 'type="checkbox" id="__drawer"'
    )
    html = html.replace(
        'type="checkbox" id="__search" autocomplete="off"', 'type="checkbox" id="__search"'
    )
    html = html.replace(' tabindex="">', ">")
    html = html.replace(
        'data-md-component="search" role="dialog">',
        'data-md-component="search" role="dialog" aria-label="Search">',
    )
    if 'id="__toc"' not in html:  # a page outside the nav has no toggle for its contents
        html = html.replace(' for="__toc"', "")
    html = _TASK_BOX.sub(_task_box, html)
    html = html.replace("<body ", f'<body data-oshub-table="{html_lib.escape(table_label)}" ', 1)
    if 'class="md-skip"' not in html and 'id="oshub-title"' in html:
        link = f'<a href="#oshub-title" class="md-skip">{html_lib.escape(skip_label)}</a>'
        html = _EMPTY_SKIP.sub(lambda m: m.group(1) + link + m.group(2), html, count=1)
    return html


def version_selector_named_by_its_text(html: str) -> str:
    """The theme's version selector (a deployed version's header) is a button showing
    the version ("0.2 latest") with the fixed name "Select version", which fails WCAG
    2.5.3 (the visible text must be part of the name): the theme's script is given an
    empty name for it, so the button is named by what it shows."""
    return _SELECT_VERSION.sub('"select.version": ""', html, count=1)
