"""The open JSON Schemas: finding, loading and applying them, and their versions.

Owns the schema registry (``registry``: finding, loading, checking and bundling the
schemas, a compiled fast path for valid files), the formats they use (``formats``: real
dates, safe web addresses, e-mail), the messages a schema error becomes (``messages``:
the value's position, the real mistake of a ``oneOf``, a hint) and the run-time part of
schema versions (``versions``: which versions exist and which archived schemas are still
published). Recording and bumping versions is a maintainer's job and lives in
``scripts/tools/schema_versions.py``.

May import: ``oshub.core``, ``oshub.routes``, ``oshub.load``. Light layer.
"""
