"""Anchored convex interpolation study of issue 21; see README.md."""
