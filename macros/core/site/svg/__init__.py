"""Diagrams drawn at build time as inline SVG: no script runs in the reader's browser."""
