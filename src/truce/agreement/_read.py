"""Reading an agreement version folder: strict YAML and JSON, safe layer paths, parsing.

Nothing here validates across files (see :mod:`truce.agreement.validate`); it turns files into
data or raises :class:`FileProblem` with the file, the JSON path and the reason:

* YAML is read with a safe loader that refuses duplicate keys (YAML 1.2 §3.2.1.1 says keys are
  unique; PyYAML keeps the last one silently) and documents nested more than
  :data:`MAX_DEPTH` deep or larger than :data:`MAX_NODES` values (aliases are counted each
  time they are used, so an alias bomb is refused too);
* JSON nested too deeply is refused instead of raising ``RecursionError``;
* a layer's file name must be a relative path inside the version folder (no ``..``, no
  absolute path, no symbolic link out of it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from truce.agreement.models import (
    Agreement,
    AgreementDoc,
    ControlledArea,
    Feature,
    HoldingArea,
    LineFeature,
    RegionArea,
    Site,
    Zone,
)
from truce.errors import NotFound

DOC_FILE = "agreement.yaml"
VERSIONS_DIR = "versions"
#: Deepest nesting accepted in ``agreement.yaml`` and in a layer (GeoJSON needs about 8).
MAX_DEPTH = 40
#: Most values (scalars, lists, mappings) in one file, counting each use of a YAML alias.
MAX_NODES = 20_000_000

#: Layer role -> feature model.
LAYER_MODELS: dict[str, type[Feature]] = {
    "contact_line": LineFeature,
    "controlled_areas": ControlledArea,
    "regions": RegionArea,
    "zones": Zone,
    "holding_areas": HoldingArea,
    "sites": Site,
}
#: Layer file names when ``layers`` does not say.
DEFAULT_LAYER_FILES: dict[str, str] = {role: f"{role}.geojson" for role in LAYER_MODELS}
#: Layers every version must have.
REQUIRED_LAYERS = ("contact_line", "controlled_areas", "regions")


class FileProblem(Exception):
    """A file that cannot be read as data: ``path`` is a JSON path ("" for the whole file)."""

    def __init__(self, file: str, path: str, message: str) -> None:
        super().__init__(f"{file}: {path}: {message}" if path else f"{file}: {message}")
        self.file, self.path, self.message = file, path, message


def version_folders(path: Path) -> list[Path]:
    """The version folders of an agreement folder: itself and ``versions/*``."""
    if not (path / DOC_FILE).is_file():
        raise NotFound(f"no {DOC_FILE} in {path}", hint="give the folder of an agreement")
    extra = sorted(p for p in (path / VERSIONS_DIR).glob("*") if (p / DOC_FILE).is_file())
    return [path, *extra]


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML loader that refuses duplicate keys."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"duplicate key {key!r} (first at line {seen[key].start_mark.line + 1})",
                        key_node.start_mark,
                    )
                seen[key] = key_node
            except TypeError:  # an unhashable key: let PyYAML report it
                break
        return super().construct_mapping(node, deep=deep)


def _check_shape(data: Any, file: str) -> None:
    """Refuse data nested deeper than MAX_DEPTH or larger than MAX_NODES (iteratively)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    nodes = 0
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if depth > MAX_DEPTH:
            raise FileProblem(file, "", f"nested more than {MAX_DEPTH} levels deep")
        if nodes > MAX_NODES:
            raise FileProblem(file, "", f"more than {MAX_NODES:,} values")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            first = value[0] if value else None
            if isinstance(first, list) and first and not isinstance(first[0], (list, dict)):
                # a list of positions (or of short lists of scalars): counted, not walked;
                # a deeper value among them is found by the coordinate checks
                nodes += len(value) * (len(first) + 1)
                continue
            stack.extend((v, depth + 1) for v in value)


def read_yaml_file(path: Path, name: str = DOC_FILE) -> Any:
    """Strict YAML (see the module docstring); raises :class:`FileProblem`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FileProblem(name, "", f"cannot read: {exc}") from exc
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise FileProblem(name, "", f"not valid YAML: {exc}") from exc
    except RecursionError as exc:
        raise FileProblem(name, "", f"nested more than {MAX_DEPTH} levels deep") from exc
    _check_shape(data, name)
    return data


def read_json_file(path: Path, name: str) -> Any:
    """JSON, refusing deep nesting; raises :class:`FileProblem`."""
    try:
        data = json.loads(path.read_bytes())
    except OSError as exc:
        raise FileProblem(name, "", f"cannot read: {exc}") from exc
    except ValueError as exc:
        raise FileProblem(name, "", f"not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise FileProblem(name, "", f"nested more than {MAX_DEPTH} levels deep") from exc
    _check_shape(data, name)
    return data


def read_yaml(path: Path) -> Any:
    """``agreement.yaml`` as data (kept for callers of the old loader API)."""
    return read_yaml_file(path, path.name)


def layer_file(folder: Path, name: str, *, doc_name: str, role: str) -> Path:
    """The layer file ``name`` inside ``folder``; raises :class:`FileProblem` when the name
    leaves the folder (absolute, ``..``, or a symbolic link pointing out of it)."""
    where = f"$.layers.{role}"
    pure = PurePosixPath(name.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or (pure.parts and ":" in pure.parts[0]):
        raise FileProblem(doc_name, where, f"layer file {name!r} must be a path inside the folder")
    target = folder / Path(*pure.parts)
    try:
        inside = target.resolve().is_relative_to(folder.resolve())
    except OSError:
        inside = False
    if not inside:
        raise FileProblem(doc_name, where, f"layer file {name!r} leads outside the folder")
    if not target.is_file():
        raise FileProblem(doc_name, where, f"layer file {name} does not exist")
    return target


@dataclass
class RawVersion:
    """One version folder read as data: the document and each present layer's data."""

    folder: Path
    rel: str  # "" for the top folder, "versions/1/" for an amendment
    doc: Any
    files: dict[str, str] = field(default_factory=dict)  # role -> file name
    layers: dict[str, Any] = field(default_factory=dict)  # role -> parsed GeoJSON


def layer_names(doc: Any) -> dict[str, str | None]:
    """Role -> file name (``None``: no such layer) from ``doc['layers']`` and the defaults."""
    given = doc.get("layers") if isinstance(doc, dict) else None
    names: dict[str, Any] = {**DEFAULT_LAYER_FILES, **(given if isinstance(given, dict) else {})}
    return {role: names.get(role) if isinstance(names.get(role), str) else None for role in names}


def read_version(folder: Path, rel: str = "") -> tuple[RawVersion, list[FileProblem]]:
    """Read a version folder's files; every unreadable file is one :class:`FileProblem`."""
    problems: list[FileProblem] = []
    doc_name = f"{rel}{DOC_FILE}"
    try:
        doc = read_yaml_file(folder / DOC_FILE, doc_name)
    except FileProblem as exc:
        return RawVersion(folder, rel, None), [exc]
    raw = RawVersion(folder, rel, doc)
    for role, name in layer_names(doc).items():
        if role not in LAYER_MODELS or name is None:
            continue
        try:
            path = layer_file(folder, name, doc_name=doc_name, role=role)
            raw.layers[role] = read_json_file(path, f"{rel}{name}")
            raw.files[role] = name
        except FileProblem as exc:
            if role in REQUIRED_LAYERS or "does not exist" not in exc.message or _named(doc, role):
                problems.append(exc)
    return raw, problems


def _named(doc: Any, role: str) -> bool:
    layers = doc.get("layers") if isinstance(doc, dict) else None
    return isinstance(layers, dict) and isinstance(layers.get(role), str)


def known_properties(model: type[Feature]) -> frozenset[str]:
    return frozenset(n for n in model.model_fields if n != "geometry")


def _features(data: Any, model: type[Feature]) -> tuple[Any, ...]:
    keep = known_properties(model)
    return tuple(
        model.model_validate(
            {
                **{k: v for k, v in (f.get("properties") or {}).items() if k in keep},
                "geometry": f["geometry"],
            }
        )
        for f in data["features"]
    )


def parse_version(raw: RawVersion | Path) -> Agreement:
    """One version as an :class:`Agreement` (no cross-file checks; see validate).

    Unknown feature properties (a KML export's ``fill``, ``styleUrl``, …) are ignored here;
    validation warns about them. Raises pydantic's ``ValidationError`` or
    :class:`FileProblem`.
    """
    if isinstance(raw, Path):
        raw, problems = read_version(raw)
        if problems:
            raise problems[0]
    doc = AgreementDoc.model_validate(raw.doc)
    parts = {role: _features(data, LAYER_MODELS[role]) for role, data in raw.layers.items()}
    return Agreement(
        doc=doc,
        contact_line=parts.get("contact_line", ()),
        controlled_areas=parts.get("controlled_areas", ()),
        regions=parts.get("regions", ()),
        zones=parts.get("zones", ()),
        holding_areas=parts.get("holding_areas", ()),
        sites=parts.get("sites", ()),
    )
