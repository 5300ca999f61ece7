"""Printed books: every guide area and the whole Blueprint, and the engine that prints them.

May import: ``oshub.outputs.safety``, ``render`` and the light layers.
"""
