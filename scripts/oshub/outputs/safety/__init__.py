"""What keeps built pages safe: the HTML sanitiser and the guards run on every page.

May import: ``render`` and the light layers.
"""
