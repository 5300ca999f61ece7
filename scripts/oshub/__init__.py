"""OSHub Blueprint site generator: load, validate and publish OSHub.Network content."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """``oshub.__version__``, read from the installed package's metadata when asked for
    (importing the metadata machinery costs every command a noticeable start-up)."""
    if name != "__version__":
        raise AttributeError(name)
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("oshub")
    except PackageNotFoundError:  # running from a source tree without installing
        return "0.0.0+source"
