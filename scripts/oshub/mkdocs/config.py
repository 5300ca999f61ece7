"""Options of the ``oshub`` MkDocs plugin (``plugins: - oshub: {...}`` in mkdocs.yml).

Every option, on or off, gives a whole site: what is switched off is not linked to.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config, ValidationError


class _Processes(opt.Type[int]):
    """A number of processes: 0 (one a core) or more."""

    def __init__(self) -> None:
        super().__init__(int, default=0)

    def run_validation(self, value: Any) -> int:
        """A whole number from 0 to 64, else a configuration error naming the range."""
        number = super().run_validation(value)
        if isinstance(number, bool) or not 0 <= number <= 64:
            raise ValidationError(f"a number of processes from 0 (one a core) to 64, not {value!r}")
        return number


class OshubConfig(Config):  # type: ignore[no-untyped-call]
    """Every feature can be switched off."""

    enabled = opt.Type(bool, default=True)
    """Off: a plain MkDocs site of the hand-written pages (still sanitised and guarded;
    navigation entries and links to generated pages are dropped)."""
    validation = opt.Type(bool, default=True)
    """Validate content before building; errors stop the build. Off: problems are not
    reported, and files that do not fit their schema are left out, with a warning."""
    pages = opt.Type(bool, default=True)
    """Generate hub, mission, SDG, directory, board, data, schema and tool pages."""
    exports = opt.Type(bool, default=True)
    """Write the open data exports and publish the schemas."""
    pdf = opt.Type(bool, default=True)
    """Print the guides and the whole Blueprint as PDF into ``/downloads/`` (a few
    seconds an area; printed books are cached by content). The live preview leaves it
    off unless started with ``oshub serve --pdf``."""
    pdf_jobs = _Processes()
    """How many books are printed side by side, each in its own process (0: one a
    core; 1: one after another, in the build's own process)."""
    offline = opt.Type(bool, default=False)
    """Build the offline copy: pages that work opened from disk (``file://``): no
    directory URLs, the theme's search without a server, no version selector, the
    version in the header, the directory's filters as pre-built pages only."""
    offline_zip = opt.Type(str, default="")
    """A built offline copy (a zip file, relative to the project's folder) to publish in
    ``downloads/`` (with or without ``pdf``) and list on the downloads page (which the
    PDFs' build makes); empty: none."""
    strict = opt.Type(bool, default=False)
    """Content warnings stop the build too (so does MkDocs' own ``strict: true``)."""
