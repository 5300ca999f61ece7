"""Data files shipped with the package (country outlines)."""
