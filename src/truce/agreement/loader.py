"""Loading an agreement folder.

Layout: a folder with ``agreement.yaml`` and the GeoJSON layers it names is one version; its
amendments (or earlier versions) are further complete version folders under ``versions/<n>/``.

* :func:`load_agreement` validates everything first
  (:func:`truce.agreement.validate.validate_and_parse`) and raises
  :class:`~truce.errors.InvalidInput` listing every problem with its file and path: for a
  folder given by hand (``truce agreement validate``, ``truce init --agreement``).
* :func:`load_installed` loads the mission's installed copy without validating it again: it was
  validated when it was installed (:mod:`truce.agreement.install`), and the install manifest's
  SHA-256 of every file shows that nothing changed since.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from importlib import resources
from pathlib import Path

from truce.agreement._cache import Cache, StaleCache
from truce.agreement._read import (
    DOC_FILE,
    VERSIONS_DIR,
    FileProblem,
    parse_version,
    read_json_file,
    read_version,
    read_yaml,
    version_folders,
)
from truce.agreement.install import (
    EAGER_BYTES,
    check_listing,
    check_manifest,
    manifest_versions,
    read_manifest,
    verify_files,
)
from truce.agreement.models import Agreement
from truce.agreement.spatial import SpatialIndex, use_cache
from truce.agreement.validate import validate_and_parse
from truce.agreement.versions import AgreementHistory, LazyVersions
from truce.errors import ErrorDetail, InvalidInput

_log = logging.getLogger(__name__)

__all__ = [
    "DOC_FILE",
    "VERSIONS_DIR",
    "default_agreement_dir",
    "demo_agreement_dir",
    "load_agreement",
    "load_default",
    "load_installed",
    "parse_version",
    "read_json",
    "read_yaml",
    "version_folders",
]


def demo_agreement_dir() -> Path:
    """The demo agreement shipped with Truce."""
    return Path(str(resources.files("truce") / "data" / "agreements" / "demo"))


def default_agreement_dir(data_dir: Path | None) -> Path:
    """The mission's installed agreement (``<data>/agreement``) if there is one, else the demo."""
    if data_dir is not None and (data_dir / "agreement" / DOC_FILE).is_file():
        return data_dir / "agreement"
    return demo_agreement_dir()


def load_default(data_dir: Path | None) -> AgreementHistory:
    """The mission's installed agreement (:func:`load_installed`), else the shipped demo
    (parsed without validating it: the test suite validates it)."""
    folder = default_agreement_dir(data_dir)
    if folder != demo_agreement_dir():
        return load_installed(folder)
    return AgreementHistory.of([parse_version(f) for f in version_folders(folder)])


def read_json(path: Path) -> object:
    return read_json_file(path, path.name)


def load_agreement(path: Path) -> AgreementHistory:
    """Validate and load an agreement folder with all its versions.

    Raises :class:`~truce.errors.NotFound` if there is no ``agreement.yaml`` and
    :class:`~truce.errors.InvalidInput` (one detail per problem) if it does not validate.
    """
    problems, versions = validate_and_parse(path)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidInput(
            f"agreement folder {path} has {len(errors)} problem(s)",
            details=[ErrorDetail(loc=(p.location,), msg=p.message) for p in errors],
            hint=f"run: truce agreement validate {path}",
        )
    return AgreementHistory.of(versions)


def load_installed(folder: Path, *, registered: dict[int, str] | None = None) -> AgreementHistory:
    """The mission's installed agreement, trusted without validating it again.

    Checks the SHA-256 of every file against the install manifest (written by
    :func:`truce.agreement.install.install_agreement` after validation) and, when
    ``registered`` (version -> canonical hash, as the ledger holds them) is given, that the
    manifest's version hashes are those. A copy installed before manifests existed is
    validated as :func:`load_agreement` does. Raises :class:`~truce.errors.VerificationError`
    naming the added, removed or changed file, :class:`~truce.errors.NotFound` when nothing is
    installed there.
    """
    if not (folder / DOC_FILE).is_file():
        check_manifest(folder)  # raises NotFound
    manifest = read_manifest(folder)
    lazy = manifest is not None and "sizes" in manifest and "effective" in manifest
    if manifest is None or not lazy:
        if not check_manifest(folder, registered=registered):
            return load_agreement(folder)  # installed before manifests: validate as before
    else:
        check_listing(folder, manifest, registered=registered)
    manifest = manifest or {}
    digests = manifest_versions(folder) or {}
    caches = {int(k): str(v) for k, v in (manifest.get("indexes") or {}).items()}
    files: dict[str, str] = manifest.get("files") or {}

    def open_cache(number: int) -> Cache:
        if number not in caches:
            raise StaleCache(f"version {number} has no index cache")
        name = caches[number]
        hashes = {k[len(name) + 1 :]: v for k, v in files.items() if k.startswith(f"{name}/")}
        return Cache(folder / name, version=number, digest=digests.get(number, ""), hashes=hashes)

    def parse() -> list[Agreement]:
        if lazy:  # the layers were not hashed on loading: check them before reading them
            big = [n for n, size in manifest["sizes"].items() if size > EAGER_BYTES]
            verify_files(folder, manifest, [n for n in big if not n.startswith(".truce-index")])
        versions = []
        for version_folder in version_folders(folder):
            rel = "" if version_folder == folder else f"{version_folder.relative_to(folder)}/"
            raw, problems = read_version(version_folder, rel)
            if problems:
                p: FileProblem = problems[0]
                raise InvalidInput(f"installed agreement: {p}", hint="install it again")
            version = parse_version(raw)
            if version.version in caches:
                use_cache(version, partial(open_cache, version.version))
            versions.append(version)
        return versions

    if not lazy:  # an installation older than lazy loading
        return AgreementHistory.of(parse(), digests=digests)

    def index(number: int, agreement: Callable[[], Agreement]) -> SpatialIndex:
        try:
            return SpatialIndex.from_cache(open_cache(number), agreement)
        except StaleCache as exc:  # another format: build from the verified GeoJSON
            _log.warning("%s; building the index from the agreement's files", exc)
            return SpatialIndex(agreement())

    versions = LazyVersions(
        agreement_id=str(manifest["agreement"]),
        effective={
            int(k): datetime.fromisoformat(str(v)) for k, v in manifest["effective"].items()
        },
        load=parse,
        index=index if caches else None,
    )
    return AgreementHistory(digests=digests, lazy=versions)
