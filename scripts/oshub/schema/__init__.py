"""The open JSON Schemas: finding, loading and applying them, and their versions.

Owns the schema registry, format checks and the messages a schema error becomes
(``registry``) and the run-time part of schema versions (``versions``: which versions
exist and which archived schemas are still published). Recording and bumping versions is
a maintainer's job and lives in ``scripts/tools/schema_versions.py``.

May import: ``oshub.core``, ``oshub.routes``, ``oshub.load``. Light layer.
"""
