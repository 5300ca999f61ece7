"""How a command hands the plan it made to the MkDocs adapter: for the length of one
``with handing(plan):``, the adapter renders that plan instead of making its own.

A context variable, not an attribute of the plugin or an environment variable: it is
set and reset by the command that owns the plan, and seen only inside its ``with``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from oshub.plan.plan import BuildPlan

_HANDED: ContextVar[BuildPlan | None] = ContextVar("oshub_handed_plan", default=None)


@contextmanager
def handing(plan: BuildPlan) -> Iterator[BuildPlan]:
    """Within the block, MkDocs builds render ``plan``."""
    token = _HANDED.set(plan)
    try:
        yield plan
    finally:
        _HANDED.reset(token)


def handed() -> BuildPlan | None:
    """The plan a command handed over for this build, or None (``mkdocs build``)."""
    return _HANDED.get()
