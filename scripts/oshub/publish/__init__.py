"""Putting a site where readers get it: the atomic build, the offline copy, the PDFs,
releases.

Owns the build into ``site/`` swapped in whole (``build``, ``swap``), the offline zip
(``offline``), the PDFs of validated content (``pdf``), versioned releases on
``gh-pages`` (``release``, ``release_root``, ``gitpages``, ``constraints``).

May import: ``mkdocs`` and every layer below it; not ``contrib``, ``preview`` or ``cli``.
"""
