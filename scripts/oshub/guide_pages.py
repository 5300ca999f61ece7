"""What every hand-written guide page shows besides its text: reading time, last
review, licence, how to cite it, the glossary's terms explained on hover, and (in
the business-plans guide) the downloadable templates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from .model import GlossaryTerm

WORDS_PER_MINUTE = 200
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9]+(?:['\u2019-][A-Za-zÀ-ÿ0-9]+)*")
_HEADING = re.compile(r"^# .+$", re.MULTILINE)


def word_count(markdown: str) -> int:
    """Words of prose in Markdown (link targets and markup are not words)."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    text = re.sub(r"^\s*!!!\s+\w+", "", text, flags=re.MULTILINE)
    return len(_WORD.findall(text))


def reading_minutes(markdown: str) -> int:
    """Minutes to read at a calm pace (at least one)."""
    return max(1, round(word_count(markdown) / WORDS_PER_MINUTE))


def _reviewed(meta: Mapping[str, Any]) -> str | None:
    value = meta.get("last_reviewed")
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if value else None


def citation(title: str, url: str, reviewed: str | None) -> str:
    """A citation for a guide page."""
    year = reviewed[:4] if reviewed else str(date.today().year)
    return (
        f"OSHub Blueprint contributors ({year}). *{title}*. In: OSHub Blueprint. "
        f"<{url}>. Licensed under CC BY 4.0."
    )


def decorate(
    markdown: str,
    *,
    title: str,
    url: str,
    meta: Mapping[str, Any],
    glossary: tuple[GlossaryTerm, ...],
    templates_link: str | None,
) -> str:
    """The page's Markdown with the guide's additions."""
    reviewed = _reviewed(meta)
    facts = [f"About {reading_minutes(markdown)} min read"]
    if reviewed:
        facts.append(f"last reviewed {reviewed}")
    facts.append(f"[CC BY 4.0]({LICENCE_URL})")
    line = "*" + " · ".join(facts) + "*\n{: .oshub-guide-meta }\n"
    heading = _HEADING.search(markdown)
    if heading:
        at = heading.end() + 1
        markdown = markdown[:at] + "\n" + line + "\n" + markdown[at:]
    else:
        markdown = line + "\n" + markdown
    extra = []
    if templates_link:
        extra.append(
            '!!! tip "Templates for this guide"\n\n'
            f"    A social business canvas (ODT, CSV) and a hub budget (ODS, CSV): "
            f"[download the templates]({templates_link}).\n"
        )
    extra.append(
        '!!! quote "How to cite this page"\n\n    ' + citation(title, url, reviewed) + "\n"
    )
    abbreviations = "".join(f"*[{t.term}]: {t.definition.replace(']', ')')}\n" for t in glossary)
    return markdown.rstrip() + "\n\n" + "\n".join(extra) + "\n" + abbreviations
