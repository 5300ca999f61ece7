"""``python -m oshub``."""

from oshub.cli.main import run

run()
