"""Installing an agreement into a mission: validated, copied, entered in the ledger once."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from truce.agreement import demo_agreement_dir
from truce.agreement.install import install_agreement
from truce.errors import Conflict, InvalidInput


def test_install_is_idempotent_and_refuses_another_agreement(tmp_path: Path) -> None:
    target = install_agreement(demo_agreement_dir(), tmp_path)
    assert (target / "agreement.yaml").is_file()
    assert install_agreement(demo_agreement_dir(), tmp_path) == target
    other = tmp_path / "other"
    shutil.copytree(demo_agreement_dir(), other)
    for doc in other.rglob("agreement.yaml"):
        text = doc.read_text(encoding="utf-8")
        doc.write_text(text.replace("id: demo-minsk", "id: other"), encoding="utf-8")
    with pytest.raises(Conflict):
        install_agreement(other, tmp_path)
    assert install_agreement(other, tmp_path, replace=True) == target


def test_an_invalid_folder_is_refused_with_every_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(demo_agreement_dir(), bad)
    text = (bad / "agreement.yaml").read_text(encoding="utf-8")
    (bad / "agreement.yaml").write_text(text.replace("country: UA", "country: Ukraine"), "utf-8")
    with pytest.raises(InvalidInput) as caught:
        install_agreement(bad, tmp_path / "data")
    assert any("$.country" in d.path for d in caught.value.details)
    assert not (tmp_path / "data" / "agreement").exists()


def test_init_enters_the_versions_in_the_ledger_once(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "truce", "init", "--data", str(tmp_path / "d")]
    args = ["--agreement", str(demo_agreement_dir())]
    first = subprocess.run([*cmd, *args], capture_output=True, text=True)
    assert first.returncode == 0 and "(1, 2)" in first.stdout, first.stderr
    again = subprocess.run([*cmd, *args], capture_output=True, text=True)
    assert again.returncode == 0 and "()" in again.stdout


def test_the_installed_copy_loads_without_validating_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from truce.agreement import load_agreement, load_installed, loader
    from truce.agreement.versions import version_hash

    target = install_agreement(demo_agreement_dir(), tmp_path)
    expected = [version_hash(a) for a in load_agreement(demo_agreement_dir())]

    def no_validation(path: Path) -> None:
        raise AssertionError("load_installed validated the installed copy again")

    monkeypatch.setattr(loader, "validate_and_parse", no_validation)
    history = load_installed(target)
    assert [version_hash(a) for a in history] == expected
    registered = dict(zip((a.version for a in history), expected, strict=True))
    assert load_installed(target, registered=registered).latest.version == 2


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda t: (t / "zones.geojson").write_text("{}", "utf-8"), "zones.geojson was changed"),
        (lambda t: (t / "sites.geojson").unlink(), "sites.geojson was removed"),
        (
            lambda t: shutil.copytree(t / "versions" / "1", t / "versions" / "3"),
            "versions/3/agreement.yaml was added",
        ),
    ],
    ids=["changed", "removed", "added"],
)
def test_a_change_to_the_installed_copy_is_named(
    tmp_path: Path, tamper: object, message: str
) -> None:
    from truce.agreement import load_installed
    from truce.errors import VerificationError

    target = install_agreement(demo_agreement_dir(), tmp_path)
    tamper(target)  # type: ignore[operator]
    with pytest.raises(VerificationError) as caught:
        load_installed(target)
    assert message in caught.value.message


def test_an_installed_version_that_differs_from_the_ledger_is_refused(tmp_path: Path) -> None:
    from truce.agreement import load_installed
    from truce.errors import VerificationError

    target = install_agreement(demo_agreement_dir(), tmp_path)
    with pytest.raises(VerificationError, match="version 2 differs from the version in the ledger"):
        load_installed(target, registered={2: "0" * 64})


def test_an_installation_without_manifest_is_validated_as_before(tmp_path: Path) -> None:
    from truce.agreement import load_installed
    from truce.agreement.install import MANIFEST

    target = install_agreement(demo_agreement_dir(), tmp_path)
    (target / MANIFEST).unlink()
    assert load_installed(target).latest.version == 2
    assert install_agreement(demo_agreement_dir(), tmp_path) == target  # writes the manifest
    assert (target / MANIFEST).is_file()
