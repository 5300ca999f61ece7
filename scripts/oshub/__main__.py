"""``python -m oshub``."""

from .cli import run

run()
