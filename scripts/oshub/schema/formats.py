"""The formats the schemas use, checked as the site needs them: real dates, safe web
addresses, e-mail addresses (``format_checker`` gives them to the detailed validator).

Light layer: the standard library, and jsonschema only when a checker is made.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from oshub.core.htmlpolicy import SAFE_SCHEMES

if TYPE_CHECKING:
    from jsonschema import FormatChecker


_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_PLAIN_WEB_ADDRESS = re.compile(
    r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?:/[^\s\x00-\x1f\x7f]*)?"
)
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
)


def is_real_date(value: object) -> bool:
    """True for a ``YYYY-MM-DD`` string naming a real calendar day."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return not isinstance(value, str)  # other types are the type keyword's business
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_safe_url(value: object) -> bool:
    """True for an https, http or mailto address with a host (or address)."""
    if not isinstance(value, str):
        return True
    if _PLAIN_WEB_ADDRESS.fullmatch(value):
        return True  # the common case, decided without parsing
    if _SPACE_OR_CONTROL.search(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    if parts.scheme == "mailto":
        return bool(_EMAIL.fullmatch(parts.path))
    return parts.scheme in SAFE_SCHEMES and bool(parts.hostname)


def is_email(value: object) -> bool:
    """True for a plausible e-mail address."""
    return not isinstance(value, str) or bool(_EMAIL.fullmatch(value))


def format_checker() -> FormatChecker:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date")(is_real_date)
    checker.checks("uri")(is_safe_url)
    checker.checks("email")(is_email)
    return checker
