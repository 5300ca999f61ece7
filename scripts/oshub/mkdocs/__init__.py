"""The adapter to MkDocs and Material: the plugin's hooks, its options, theme fixes.

The only place that imports MkDocs. May import: ``outputs``, ``render`` and the light layers.
"""
