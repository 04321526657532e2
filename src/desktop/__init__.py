"""Elkaar: offline desktop application for Dutch municipalities."""

__version__ = "0.1.0"
