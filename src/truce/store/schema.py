"""Imports every table module so that ``tables.metadata`` is complete."""

from __future__ import annotations

import importlib
import pkgutil

import truce.store as _store_pkg

for _info in pkgutil.iter_modules(_store_pkg.__path__):
    if _info.name.endswith("_tables"):
        importlib.import_module(f"truce.store.{_info.name}")
