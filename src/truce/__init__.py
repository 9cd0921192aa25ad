"""Truce: the software a ceasefire monitoring mission runs on."""

__version__ = "0.1.0"
