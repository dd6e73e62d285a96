"""Werkplek: a static, offline-first PWA for werkplekleren, built from YAML content."""

__version__ = "0.1.0"
