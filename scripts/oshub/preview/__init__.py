"""The live preview (``oshub serve``): a server that rebuilds what an edit changed.

May import: ``publish`` and every layer below it; not ``cli``.
"""
