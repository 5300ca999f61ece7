"""When content is due for review: a year and a day after its ``last_reviewed`` date.

Hubs, missions and guide pages carry ``last_reviewed``. One is **due for review** once
more than a year has passed since that date (reviewed on 2025-03-01: due from
2026-03-02). The site marks due pages; ``oshub review`` lists them.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

TODAY_VARIABLE = "SOURCE_DATE_EPOCH"
"""When set (reproducible builds), "today" is that moment's date, in UTC."""


def today() -> date:
    """Today's date, or the date of ``SOURCE_DATE_EPOCH`` when it is set."""
    epoch = os.environ.get(TODAY_VARIABLE, "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def anniversary(day: date) -> date:
    """The same day a year later (29 February: 1 March)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return date(day.year + 1, 3, 1)


def due_since(last_reviewed: object) -> date | None:
    """The first day a review is due: the day after the review's first anniversary.
    None when ``last_reviewed`` is not a date (validation reports it)."""
    try:
        reviewed = date.fromisoformat(str(last_reviewed))
    except ValueError:
        return None
    return date.fromordinal(anniversary(reviewed).toordinal() + 1)


def is_due(last_reviewed: object, on: date) -> bool:
    """True when ``last_reviewed`` is more than 12 months before ``on`` (or missing)."""
    if not last_reviewed:
        return True
    first = due_since(last_reviewed)
    return first is not None and on >= first
