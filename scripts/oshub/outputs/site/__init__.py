"""Generated pages of the site: directory, maps, hub, mission and SDG pages, guide extras.

May import: ``oshub.outputs.exports``, ``oshub.outputs.safety``, ``render`` and the light layers.
"""
