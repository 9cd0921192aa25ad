"""Worker processes that never outlive the process that started them.

A pool's workers are killed by the kernel the moment their parent dies, even by SIGKILL
(Linux ``prctl(PR_SET_PDEATHSIG, SIGKILL)``, set in the pool initializer): a killed ingest or
fuse leaves no worker behind still reading, computing or holding memory. Elsewhere the
initializer only checks that the parent is still the one that started the pool.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

__all__ = ["die_with_parent"]

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """Pool initializer (``initargs=(os.getpid(),)``): die when the parent process dies."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)
