"""Helping contributors: issue forms, an issue turned into a pull request, new files, reviews.

Owns the issue forms (``issue_forms``, ``issue_body``, ``from_issue``), new content files
(``scaffold``), content due for review (``review``) and the check of external links
(``external_links``).

May import: the light layers (and ``render``/``outputs`` where a page is shown); not
``publish``, ``preview`` or ``cli``.
"""
