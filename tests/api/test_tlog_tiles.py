"""C2SP tlog-tiles under /ledger/, followed as a witness would with Go's sumdb/tlog client.

The witness (``witness/main.go``) uses golang.org/x/mod/sumdb/tlog and note, independent of
Truce's own ledger code: it verifies the checkpoint's signature, reads tiles through
``tlog.TileHashReader`` (which checks each against the checkpoint's root), recomputes the
root and proves every entry of the first bundle. A tampered tile must fail the check.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import Server
from truce.ledger.checkpoint import Checkpoint, parse_note

WITNESS = Path(__file__).with_name("witness") / "main.go"


@pytest.fixture(scope="module")
def witness(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("go") is None:
        pytest.skip("Go is not installed (Debian golang-go, golang-golang-x-mod-dev)")
    out = tmp_path_factory.mktemp("witness") / "witness"
    env = {**os.environ, "GO111MODULE": "off", "GOPATH": "/usr/share/gocode"}
    env["GOCACHE"] = str(out.parent / "gocache")
    subprocess.run(["go", "build", "-o", str(out), str(WITNESS)], env=env, check=True)
    return out


def _key(server: Server) -> Path:
    return server.data / "keys" / "mission.pub"


def test_witness_follows_the_tiles(server: Server, witness: Path) -> None:
    run = subprocess.run(
        [str(witness), "-url", server.url, "-key", str(_key(server))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    size = Checkpoint.parse(parse_note(httpx.get(f"{server.url}/ledger/checkpoint").text).text)
    assert run.stdout.strip() == f"ok {size.size}"


def test_a_tampered_tile_fails(server: Server, witness: Path) -> None:
    run = subprocess.run(
        [str(witness), "-url", server.url, "-key", str(_key(server)), "-tamper"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert "inconsistent tile" in run.stderr


def test_tiles_headers_and_layout(server: Server) -> None:
    with server.client() as c:
        cp = c.get("/ledger/checkpoint")
        assert cp.headers["content-type"] == "text/plain; charset=utf-8"
        assert "immutable" not in cp.headers.get("cache-control", "")
        size = Checkpoint.parse(parse_note(cp.text).text).size
        width = min(size, 256)
        path = "000" if width == 256 else f"000.p/{width}"
        tile = c.get(f"/ledger/tile/0/{path}")
        assert tile.status_code == 200 and len(tile.content) == 32 * width
        assert tile.headers["content-type"] == "application/octet-stream"
        assert "immutable" in tile.headers["cache-control"]
        bundle = c.get(f"/ledger/tile/entries/{path}").content
        hashes, pos = [], 0
        while pos < len(bundle):
            n = int.from_bytes(bundle[pos : pos + 2], "big")
            hashes.append(hashlib.sha256(b"\x00" + bundle[pos + 2 : pos + 2 + n]).digest())
            pos += 2 + n
        assert b"".join(hashes) == tile.content


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("tile/0/x999/999", 404),  # beyond the tree
        ("tile/0/1", 400),  # not zero-padded
        ("tile/00/000", 400),  # leading zero in the level
        ("tile/64/000", 400),  # level above 63
        ("tile/0/000.p/0", 400),  # empty partial tile
        ("tile/0/000.p/256", 400),
        ("tile/0/x000/001", 400),  # a leading zero element
        ("tile/entries/x999/999", 404),
    ],
)
def test_bad_tile_paths(server: Server, path: str, status: int) -> None:
    response = httpx.get(f"{server.url}/ledger/{path}")
    assert response.status_code == status
    assert set(response.json()) == {"error"}
