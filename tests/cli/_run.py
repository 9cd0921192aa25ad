"""Run the real ``truce`` entry point (:func:`truce.cli.main`) in this process, as a pipe sees
it: standard output and error are not terminals, so tables come out as TSV."""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass

from truce.cli import main


@dataclass(frozen=True)
class Done:
    returncode: int
    stdout: str
    stderr: str


def truce(*args: str, stdin: str | None = None) -> Done:
    out, err = io.StringIO(), io.StringIO()
    argv, saved_in = sys.argv, sys.stdin
    sys.argv = ["truce", *args]
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    code: int | str | None = 0
    try:
        with redirect_stdout(out), redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code
    finally:
        sys.argv, sys.stdin = argv, saved_in
    return Done(code if isinstance(code, int) else 1, out.getvalue(), err.getvalue())
