"""Open data (JSON, CSV, GeoJSON) and the Blueprint's templates (CSV, OpenDocument).

May import: ``render`` and the light layers.
"""
