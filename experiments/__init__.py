"""Measured studies whose results are in the docs; run from the repository root."""
