"""Words and markup a reader sees: Jinja templates, message catalogs and CLDR names.

Every generated page, and every word the generator adds to a page (titles,
captions, labels, guide decorations), comes from a template under
``templates/oshub/``. Templates are looked up on the theme's template path first,
so a file ``overrides/oshub/hub.html`` replaces the package's own. Words are marked
for translation (Jinja's i18n extension); the message catalogs under ``locale/``
are extracted and compiled with Babel (``make messages``), and country and language
names come from Babel's CLDR data in the page's language.

Autoescaping is on: content text never becomes markup. Content written in
Markdown goes through ``markdown`` with raw HTML escaped.
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Callable, Sequence
from functools import cache, partial
from importlib import resources
from typing import Any

import markdown as markdown_lib
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from jinja2.bccache import Bucket, BytecodeCache
from markupsafe import Markup

from oshub.core.sdgs import sdg
from oshub.core.text import make_slug
from oshub.model.entities import CONTENT_LICENCE, Site
from oshub.model.review_dates import is_due
from oshub.model.review_dates import today as review_today
from oshub.render.names import country_name, language_name
from oshub.routes import Routes

DOMAIN = "messages"
TEMPLATE_FOLDER = "oshub"
"""Templates live under this name on the template path (``oshub/hub.html``)."""

_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")


class MarkdownText:
    """Markdown to HTML for content text: raw HTML is escaped, never passed through."""

    def __init__(self) -> None:
        self._md = markdown_lib.Markdown(extensions=["sane_lists"], output_format="html")

    def __call__(self, text: str) -> Markup:
        """``text`` (Markdown) as HTML."""
        placeholders: list[str] = []

        def keep(match: re.Match[str]) -> str:
            placeholders.append(match.group(0))
            return f"\x00{len(placeholders) - 1}\x00"

        safe = _AUTOLINK.sub(keep, text).replace("<", "&lt;")
        safe = re.sub("\x00(\\d+)\x00", lambda m: placeholders[int(m.group(1))], safe)
        self._md.reset()
        return Markup(self._md.convert(safe))  # the input was escaped above


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates in memory, by template and source checksum (Jinja checks it).

    One cache serves one kind of environment (its settings are part of what was
    compiled): the generator's templates have one, the theme's another.
    """

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill ``bucket`` with what was compiled before, if anything."""
        found = self._store.get(bucket.key)
        if found is not None:
            bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep what was just compiled."""
        self._store[bucket.key] = bucket.bytecode_to_string()


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled message catalog of ``language`` (compiled from its ``.po`` file with
    Babel when first asked for), or no translation when there is none."""
    po = resources.files("oshub").joinpath(f"locale/{language}/LC_MESSAGES/{DOMAIN}.po")
    if not po.is_file():
        return gettext.NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def humanize(value: str) -> str:
    """``local-government`` -> ``local government`` (for values without a label)."""
    return value.replace("-", " ")


def markup_to_text(markup: str) -> str:
    """Text from a rendered template or macro (entities decoded, spaces squeezed)."""
    return " ".join(Markup(markup).unescape().split())


_BYTECODE = MemoryBytecodeCache()
THEME_BYTECODE = MemoryBytecodeCache()
"""The theme's templates compiled once a process (the live preview builds many times)."""


def environment(template_dirs: Sequence[str] = (), language: str = "en") -> Environment:
    """The Jinja environment of the generator's templates: the theme's template folders
    first (``overrides/``), then the package's own; words through the message catalog of
    ``language``; content text escaped. Compiled templates are kept for the process (by
    their source), so a rebuild in the live preview does not compile them again."""
    env = Environment(
        loader=ChoiceLoader(
            [FileSystemLoader(list(template_dirs)), PackageLoader("oshub", "templates")]
        ),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
        auto_reload=False,  # one build, one look at each template
        bytecode_cache=_BYTECODE,
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        markdown=MarkdownText(),
        humanize=humanize,
        html_id=make_slug,
        country_name=lambda code: country_name(code, language),
        language_name=lambda code: language_name(code, language),
    )
    return env


class Renderer:
    """Renders the generator's templates for one build (one language, one set of routes)."""

    def __init__(
        self,
        site: Site,
        routes: Routes,
        *,
        template_dirs: Sequence[str] = (),
        language: str = "en",
        exports: bool = True,
        pages: bool = True,
        cards: dict[Any, Markup] | None = None,
        offline: bool = False,
    ) -> None:
        self.site = site
        self.routes = routes
        self.language = language
        self.pages = pages
        """True when the site has hub, mission and other generated pages."""
        self.exports = exports
        """True when the site publishes the open data and the schemas."""
        self.offline = offline
        """True for the offline copy (read from disk: no scripts that fetch files)."""
        env = environment(template_dirs, language)
        env.globals.update(
            site=site,
            routes=routes,
            settings=site.settings,
            licence=CONTENT_LICENCE,
            sdg=sdg,
            exports=exports,
            pages=pages,
            lang=language,
            card=self.card,
            review_due=partial(is_due, on=review_today()),
        )
        self.env = env
        self._words: Any = None
        self._labels: dict[tuple[str, str], str] = {}
        self._cards: dict[Any, Markup] = {} if cards is None else cards
        self._macros: Any = None

    def page(self, template: str, here: str, **context: Any) -> str:
        """A template rendered for the page at docs path ``here``: ``link(target)`` in it
        gives a relative link from that page to any page or file."""
        link: Callable[[str], str] = lambda target: self.routes.link(target, here)  # noqa: E731
        return self.env.get_template(f"{TEMPLATE_FOLDER}/{template}").render(
            here=here, link=link, **context
        )

    @property
    def words(self) -> Any:
        """The macros of ``oshub/words.html``: titles, descriptions, captions, labels."""
        if self._words is None:
            module = self.env.get_template(f"{TEMPLATE_FOLDER}/words.html").make_module()
            self._words = module
        return self._words

    def word(self, name: str, *args: Any, **kwargs: Any) -> str:
        """One macro of ``words.html`` as plain text (for titles and front matter)."""
        return markup_to_text(str(getattr(self.words, name)(*args, **kwargs)))

    def card(self, macro: str, item: Any, here: str) -> Markup:
        """A macro of ``macros.html`` (a hub card, SDG badges...) for the page ``here``.

        Its links are relative, so what it gives depends only on the item and on how
        deep the page is: it is rendered once for each, and a directory of thousands
        of hubs, showing each hub on many listings, reuses it (the live preview keeps
        them from build to build: the item's value is in the key).
        """
        key = (macro, item, self.routes.url(here).count("/"))
        found = self._cards.get(key)
        if found is None:
            if self._macros is None:
                self._macros = self.env.get_template(f"{TEMPLATE_FOLDER}/macros.html").module
            found = self._cards[key] = Markup(getattr(self._macros, macro)(item, here))
        return found

    def label(self, kind: str, value: str) -> str:
        """The label of a value the schemas allow (``label`` in ``words.html``), cached:
        a directory of thousands of hubs asks for the same few labels again and again."""
        key = (kind, value)
        if key not in self._labels:
            if kind == "sdg":
                self._labels[key] = self.word("sdg_label", sdg(int(value)))
            else:
                self._labels[key] = self.word("label", kind, value)
        return self._labels[key]

    def pin_label(self, hub: Any) -> str:
        """How a hub's pin on a map is named (``pin_label`` in ``words.html``), cached:
        the same pin is drawn on every listing the hub appears on."""
        key = ("pin", hub.slug)
        if key not in self._labels:
            self._labels[key] = self.word("pin_label", hub)
        return self._labels[key]

    def goal(self, number: int) -> str:
        """``SDG 4: Quality Education`` in the build's language (cached)."""
        return self.label("sdg", str(number))

    def country_name(self, code: str) -> str:
        """A country's name in the build's language."""
        return country_name(code, self.language)

    def language_name(self, code: str) -> str:
        """A language's name in the build's language."""
        return language_name(code, self.language)
