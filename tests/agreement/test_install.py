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
    assert any("$.country" in d.loc for d in caught.value.details)
    assert not (tmp_path / "data" / "agreement").exists()


def test_init_enters_the_versions_in_the_ledger_once(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "truce", "init", "--data", str(tmp_path / "d")]
    args = ["--agreement", str(demo_agreement_dir())]
    first = subprocess.run([*cmd, *args], capture_output=True, text=True)
    assert first.returncode == 0 and "(1, 2)" in first.stdout, first.stderr
    again = subprocess.run([*cmd, *args], capture_output=True, text=True)
    assert again.returncode == 0 and "()" in again.stdout
