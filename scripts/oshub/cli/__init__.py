"""The ``oshub`` command: arguments, commands and their reporters.

The top layer: may import everything. Site-layer modules are imported inside the
commands that need them, so ``oshub validate`` runs on the base install.
"""
