"""Mends to the theme's HTML, and titles that cannot become markup.

Checked by the Nu validator, axe-core and the page guard: what the stock theme
gets wrong, and what it prints unescaped.

The page is read with the HTML parser (lexbor) to find what to mend. The mends are
made in the page's text where the parser found them (the theme's own start tags,
written once by its templates; a checklist box's start tag as the sanitiser writes
it), so the rest of the page stays byte for byte what the theme wrote: later steps
(the release's banner of an older version) read it as written.
"""

from __future__ import annotations

import html as html_lib
import json

from jinja2.utils import htmlsafe_json_dumps
from selectolax.lexbor import LexborHTMLParser, LexborNode

from oshub.outputs.site.html_tree import written_again

_SKIP = "skip"
"""The ``data-md-component`` of the theme's skip-link holder, a child of ``<body>``."""
_SKIP_START = f'<div data-md-component="{_SKIP}">'
"""That holder's start tag as the theme writes it (nothing of content can hold a
``data-md-*`` attribute: the sanitiser drops them)."""
_TITLE_ID = "oshub-title"
_MARKUP_CHARACTERS = str.maketrans("", "", "<>")
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "\u00a0": "&nbsp;", '"': "&quot;"})
"""What html5ever escapes in an attribute value."""
_CONFIG = "script#__config"
"""The theme's configuration (JSON), translations included."""


def title_without_markup(value: object) -> str:
    """A title or description that cannot become markup, whatever the theme does with it
    (a number or date from a page's front matter becomes text).

    The theme prints titles and descriptions without escaping, and ``striptags``
    turns ``&lt;`` back into ``<``: text holding angle brackets (validation reports
    them) loses them here, and what remains is escaped. A title is text, not a page:
    its characters are what count, so no parser reads it.
    """
    title = str(value)
    text = html_lib.unescape(title)
    if "<" not in text and ">" not in text and '"' not in text:
        return title
    return html_lib.escape(text.translate(_MARKUP_CHARACTERS))


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

    The first four are the theme's fixed markup, replaced as written; the others are
    found by the parser.
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
    html = html.replace("<body ", f'<body data-oshub-table="{html_lib.escape(table_label)}" ', 1)
    tree = LexborHTMLParser(html, scripting=True)
    html = _boxes_drawn(html, tree)
    return _with_skip_link(html, tree, skip_label)


def _boxes_drawn(html: str, tree: LexborHTMLParser) -> str:
    """The page with its checklist boxes (disabled checkboxes) drawn: a box is something
    to tick on paper, not an unlabelled control.

    Each box the parser finds is replaced where the page has it: its start tag written
    as the sanitiser writes one (attributes in their order, values quoted), looked for
    after the box before it. A box written some other way (no sanitiser) has the whole
    page written again from the tree instead."""
    boxes = tree.css('input[type="checkbox"][disabled]')
    pieces: list[str] = []
    end = 0
    for box in boxes:
        written = _start_tag(box)
        at = html.find(written, end)
        if at < 0:
            return _redrawn(tree, boxes)
        pieces += (html[end:at], _drawn(box))
        end = at + len(written)
    return "".join(pieces) + html[end:] if boxes else html


def _start_tag(node: LexborNode) -> str:
    """``node``'s start tag as html5ever (the sanitiser nh3) writes it."""
    attributes = "".join(
        f' {name}="{(value or "").translate(_ATTRIBUTE_ESCAPES)}"'
        for name, value in node.attributes.items()
    )
    return f"<{node.tag}{attributes}>"


def _drawn(box: LexborNode) -> str:
    mark = "☑" if "checked" in box.attributes else "☐"
    return f'<span class="oshub-checkbox" aria-hidden="true">{mark}</span> '


def _redrawn(tree: LexborHTMLParser, boxes: list[LexborNode]) -> str:
    """The page written again from the tree, its boxes drawn."""
    for box in boxes:
        drawn = tree.create_node("span")
        drawn.attrs["class"] = "oshub-checkbox"
        drawn.attrs["aria-hidden"] = "true"
        drawn.insert_child("☑" if "checked" in box.attributes else "☐")
        box.insert_before(drawn)
        box.replace_with(" ")
    return written_again(tree)


def _with_skip_link(html: str, tree: LexborHTMLParser, label: str) -> str:
    """A generated page (its title has the id ``oshub-title``) whose theme left the
    skip-link holder empty gets a link to its title there."""
    body = tree.body
    holder = None
    if body is not None:
        holder = next((n for n in body.iter() if _is_skip_holder(n)), None)
    if holder is None or not _empty(holder) or tree.css_first(f"#{_TITLE_ID}") is None:
        return html
    at = html.find(_SKIP_START)
    # the holder holds white space alone (the parser said so): it ends at the next </div>
    end = html.find("</div>", at) if at >= 0 else -1
    if end < 0 or html[at + len(_SKIP_START) : end].strip():
        return html
    link = f'<a href="#{_TITLE_ID}" class="md-skip">{html_lib.escape(label)}</a>'
    return html[: at + len(_SKIP_START)] + link + html[end:]


def _is_skip_holder(node: LexborNode) -> bool:
    return node.tag == "div" and node.attributes.get("data-md-component") == _SKIP


def _empty(node: LexborNode) -> bool:
    """True when ``node`` holds nothing but white space."""
    return all(
        child.is_text_node and not (child.text_content or "").strip()
        for child in node.iter(include_text=True)
    )


def version_selector_named_by_its_text(html: str) -> str:
    """The theme's version selector (a deployed version's header) is a button showing
    the version ("0.2 latest") with the fixed name "Select version", which fails WCAG
    2.5.3 (the visible text must be part of the name): the theme's script is given an
    empty name for it, so the button is named by what it shows.

    The name is a translation in the theme's configuration, a JSON script read with the
    parser (its text is the characters between its tags) and JSON; written again as
    the theme's ``tojson`` writes it, in place of its old text."""
    config = LexborHTMLParser(html, scripting=True).css_first(_CONFIG)
    text = config.text() if config is not None else ""
    try:
        data = json.loads(text)
    except ValueError:
        return html
    translations = data.get("translations") if isinstance(data, dict) else None
    if not isinstance(translations, dict) or "select.version" not in translations:
        return html
    translations["select.version"] = ""
    written = str(htmlsafe_json_dumps(data, dumps=json.dumps, sort_keys=True))
    return html.replace(text, written, 1)
