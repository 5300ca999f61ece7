"""OSHub Blueprint site generator: load, validate and publish OSHub.Network content."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("oshub")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
