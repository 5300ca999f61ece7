"""Names of countries and languages in any language, from Babel's CLDR data: the one
source for pages, maps and open data (validation messages, on the light layer without
Babel, use ``geo.message_name``)."""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError


@cache
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


def country_name(code: str, language: str = "en") -> str:
    """A country's short name in ``language`` (CLDR), the code itself when unknown."""
    return str(_locale(language).territories.get(code.upper(), code))


def language_name(code: str, language: str = "en") -> str:
    """A language's name in ``language`` (CLDR), the code itself when unknown."""
    locale = _locale(language)
    name = locale.languages.get(code.replace("-", "_")) or locale.languages.get(code.split("-")[0])
    return str(name or code)
