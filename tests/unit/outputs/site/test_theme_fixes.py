"""Mends to the theme's HTML, found with the parser and made where it found them."""

from __future__ import annotations

import json

from jinja2 import Environment

from oshub.outputs.site.theme_fixes import (
    fix_theme_html,
    title_without_markup,
    version_selector_named_by_its_text,
)

PAGE = (
    '<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8">\n  </head>\n'
    '  <body dir="ltr">\n    <input class="md-toggle" type="checkbox" id="__drawer"'
    ' autocomplete="off">\n    <div data-md-component="skip">\n      \n    </div>\n'
    "    {content}\n  </body>\n</html>\n"
)


def test_a_generated_page_gets_a_skip_link_to_its_title() -> None:
    page = PAGE.format(content='<h1 id="oshub-title">Hubs</h1>')
    fixed = fix_theme_html(page, skip_label="Zum <Inhalt>")
    link = '<a href="#oshub-title" class="md-skip">Zum &lt;Inhalt&gt;</a>'
    # everything else stays as the theme wrote it, but the fixed markup
    expected = (
        page.replace(' autocomplete="off"', "")
        .replace("<body ", '<body data-oshub-table="Table (scrolls sideways)" ')
        .replace(
            '<div data-md-component="skip">\n      \n    </div>',
            f'<div data-md-component="skip">{link}</div>',
        )
    )
    assert fixed == expected


def test_the_skip_link_is_left_to_the_theme_where_it_made_one() -> None:
    theme_link = '<a href="#intro" class="md-skip">Skip to content</a>'
    page = PAGE.format(content='<h1 id="oshub-title">Hubs</h1>').replace(
        '<div data-md-component="skip">\n', f'<div data-md-component="skip">{theme_link}\n'
    )
    assert fix_theme_html(page).count("md-skip") == 1
    # a page without a title of ours has nowhere to skip to
    untitled = PAGE.format(content="<h1>Hubs</h1>")
    assert "md-skip" not in fix_theme_html(untitled)
    # the id written elsewhere than on an element (in text) is no title
    texty = PAGE.format(content='<p>id="oshub-title"</p>')
    assert "md-skip" not in fix_theme_html(texty)


def test_checklist_boxes_are_drawn_whatever_way_they_are_written() -> None:
    content = (
        '<ul class="task-list"><li class="task-list-item"><input type="checkbox" disabled=""> a'
        '</li><li class="task-list-item"><input TYPE=checkbox DISABLED checked> b</li>'
        '<li><input checked="checked" disabled="disabled" type="checkbox"/> c</li></ul>'
        '<form><input type="checkbox" name="keep"></form>'
    )
    fixed = fix_theme_html(PAGE.format(content=content))
    drawn = '<span class="oshub-checkbox" aria-hidden="true">{}</span>  {}</li>'
    assert drawn.format("☐", "a") in fixed
    assert drawn.format("☑", "b") in fixed
    assert drawn.format("☑", "c") in fixed
    assert "disabled" not in fixed
    assert '<input type="checkbox" name="keep">' in fixed  # a control of a form stays


def test_boxes_as_the_sanitiser_writes_them_are_drawn_in_place() -> None:
    # the rest of the page stays as written: later steps read it so (an older
    # version's banner is shown by its "hidden>")
    content = (
        '<aside class="oshub-outdated" hidden><p>old</p></aside><ul class="task-list">'
        '<li class="task-list-item"><input type="checkbox" disabled=""> a &amp; b</li>'
        '<li class="task-list-item"><input type="checkbox" disabled="" checked=""> c</li>'
        '</ul><pre>\n\nx</pre><p title=\'<input type="checkbox" disabled="">\'>y</p>'
    )
    page = PAGE.format(content=content)
    fixed = fix_theme_html(page)
    drawn = '<span class="oshub-checkbox" aria-hidden="true">{}</span> '
    expected = (
        fix_theme_html(PAGE.format(content="{content}"))
        .replace("{content}", content)
        .replace('<input type="checkbox" disabled="">', drawn.format("☐"), 1)
        .replace('<input type="checkbox" disabled="" checked="">', drawn.format("☑"), 1)
    )
    assert fixed == expected


def test_a_page_without_boxes_is_changed_only_where_mended() -> None:
    page = PAGE.format(content="<p>x &amp; y <br/> <svg><path d='M0'/></svg></p>")
    fixed = fix_theme_html(page)
    assert "<br/>" in fixed and "<path d='M0'/>" in fixed and fixed.startswith("<!doctype")


def test_titles_cannot_become_markup() -> None:
    assert title_without_markup("Plans & budgets") == "Plans & budgets"
    assert title_without_markup(2024) == "2024"
    assert title_without_markup("Care</title><script>x</script>") == ("Care/titlescriptx/script")
    assert title_without_markup('&lt;b&gt; "q"') == "b &quot;q&quot;"


def _config(translations: dict[str, str]) -> str:
    data = {"base": ".", "translations": translations, "version": {"provider": "mike"}}
    written = Environment().from_string("{{ data | tojson }}").render(data=data)
    return f'<script id="__config" type="application/json">{written}</script>'


def test_the_version_selector_is_named_by_its_text() -> None:
    translations = {"clipboard.copy": "Copy </script> & 'go'", "select.version": "Select version"}
    page = PAGE.format(content=_config(translations))
    named = version_selector_named_by_its_text(page)
    assert named == page.replace(
        _config(translations), _config({**translations, "select.version": ""})
    )
    start = named.index('type="application/json">') + len('type="application/json">')
    config = json.loads(named[start : named.index("</script>", start)])
    assert config["translations"] == {**translations, "select.version": ""}
    # no configuration, or one without the name: nothing to do
    assert version_selector_named_by_its_text(PAGE) == PAGE
    without = PAGE.format(content=_config({"clipboard.copy": "Copy"}))
    assert version_selector_named_by_its_text(without) == without
