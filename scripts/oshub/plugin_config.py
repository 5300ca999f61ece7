"""Options of the ``oshub`` MkDocs plugin (``plugins: - oshub: {...}`` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class OshubConfig(Config):  # type: ignore[no-untyped-call]
    """Every feature can be switched off."""

    enabled = opt.Type(bool, default=True)
    """Switch the whole plugin off (a plain MkDocs site remains)."""
    validation = opt.Type(bool, default=True)
    """Validate content before building; errors stop the build."""
    pages = opt.Type(bool, default=True)
    """Generate hub, mission, SDG, board, data and schema pages."""
    exports = opt.Type(bool, default=True)
    """Write the open data exports and publish the schemas."""
    strict = opt.Type(bool, default=False)
    """Content warnings stop the build too."""
