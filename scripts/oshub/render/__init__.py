"""Words and HTML for pages: the Jinja environment, translations, names.

Owns the renderer (``renderer``: the theme's Jinja environment with gettext catalogs,
Markdown to HTML) and country and language names from CLDR (``names``).

May import: the light layers. Site layer (Jinja, Markdown, Babel).
"""
