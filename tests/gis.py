"""GDAL's own view of a GeoJSON file: ``ogrinfo`` (gdal-bin), as QGIS would open it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path


def ogr_fields(path: Path) -> dict[str, str]:
    """Field name -> OGR type (``Integer``, ``Real``, ``DateTime``, ``String``, ...)."""
    exe = shutil.which("ogrinfo")
    assert exe is not None, "ogrinfo (Debian gdal-bin) is required by the GIS tests"
    out = subprocess.run(
        [exe, "-ro", "-al", "-so", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "using driver `GeoJSON' successful" in out, out
    return dict(re.findall(r"^(\w+): (\w+(?:\(\w+\))?) \(", out, flags=re.MULTILINE))


def ogr_geometry(path: Path) -> str:
    exe = shutil.which("ogrinfo")
    assert exe is not None
    out = subprocess.run(
        [exe, "-ro", "-al", "-so", str(path)], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"^Geometry: (.+)$", out, flags=re.MULTILINE)
    assert match is not None, out
    return match.group(1)
