"""Running Python as on a base install (`pip install oshub`): the site stack missing."""

from __future__ import annotations

SITE_STACK = ("mkdocs", "material", "jinja2", "markdown", "odf", "nh3", "babel", "PIL", "pypdf")
"""Import names of the [site] extra that a base install lacks."""
BLOCK = (
    "import sys\n"
    f"for name in {SITE_STACK!r}:\n"
    "    sys.modules[name] = None  # import fails as if it were not installed\n"
)
"""Python lines that make every import of the site stack fail, as if not installed."""
