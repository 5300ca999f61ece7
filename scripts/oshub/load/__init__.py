"""Reading content files into plain data that remembers where each value came from.

Owns text files read safely (``textfile``), YAML with a position for every value and the
``Document``/``Pointer`` types (``yamlload``), front matter (``frontmatter``) and the tool
markers written in guide pages (``tool_markers``).

May import: ``oshub.core``, ``oshub.routes``. Light layer.
"""
