"""The ground floor: problems, the project's layout, the rules every reader of a file obeys.

Owns the problem value (``problems``), where things live in a project and its switches
(``project``), the one rule for symbolic links (``symlinks``), text helpers that every
layer needs (``text`` for slugs, Markdown as plain text and cutting text to a length;
``unicode_text``, ``lookalike``, ``csvsafe``), the HTML policy shared by
checks and outputs (``htmlpolicy``) and the reference data shipped in the package (``geo``
for countries, ``sdgs`` for the Goals).

May import: the standard library and the base install's dependencies only; nothing else
of ``oshub``. Light layer.
"""
