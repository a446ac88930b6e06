"""One writer at a time: a lock on the output folder.

A build holds ``.lock`` in the output folder (an ``flock``, released by the kernel when the
process ends, however it ends) from before it writes anything until it is done. A second
build on the same folder waits for it (saying so), up to :data:`WAIT` seconds, then stops
with :class:`OutputBusy`. The file also records whether the last build finished: after
one that was killed, the next one removes the temporary files it left (``.tmp-*``).
"""

from __future__ import annotations

import errno
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.output.atomic import TMP_PREFIX

LOCK = ".lock"
WAIT = 120.0  # seconds a build waits for another one on the same output folder
_POLL = 0.1
_RUNNING = b"running "
_DONE = b"done\n"


class OutputError(RuntimeError):
    """The output folder cannot be written; the message names it and says what to do."""


class OutputBusy(OutputError):
    """Another build is writing the output folder."""


@contextmanager
def locked(out: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the output folder's lock (made if missing); clean up after a killed build.
    While another build holds it, this says so on stderr and waits (``WAIT`` seconds by default)."""
    import fcntl

    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write to the output folder ({exc.strerror or exc}); "
                          "fix its permissions or give another --out") from exc
    try:
        deadline = time.monotonic() + (WAIT if wait is None else wait)
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise OutputError(f"{out}: cannot lock the output folder ({exc.strerror})") from exc
            holder = _holder(fd)
            if time.monotonic() >= deadline:
                raise OutputBusy(f"{out}: another build{holder} is writing this output folder; "
                                 "wait for it to end, or give another --out")
            if not told:
                print(f"{out}: waiting for another build{holder} writing this folder to end", file=sys.stderr)
                told = True
            time.sleep(_POLL)
        if os.pread(fd, len(_RUNNING), 0) == _RUNNING:  # the last build did not finish
            sweep(out)
        before = os.fstat(fd)
        _state(fd, _RUNNING + f"{os.getpid()}\n".encode())
        yield
        _state(fd, _DONE)
        try:  # a build that changed nothing leaves every file as it was, this one too
            os.utime(fd, ns=(before.st_atime_ns, before.st_mtime_ns))
        except OSError:
            pass
    finally:
        os.close(fd)  # (releases the lock)


def sweep(out: Path) -> list[str]:
    """Remove the temporary files an interrupted build left in ``out``; return their paths."""
    removed = []
    for folder, dirs, files in os.walk(out):
        for name in files:
            if name.startswith(TMP_PREFIX):
                path = os.path.join(folder, name)
                try:
                    os.unlink(path)
                    removed.append(os.path.relpath(path, out))
                except OSError:
                    pass
    return removed


def _holder(fd: int) -> str:
    text = os.pread(fd, 64, 0)
    if text.startswith(_RUNNING):
        pid = text[len(_RUNNING):].strip()
        if pid.isdigit():
            return f" (pid {int(pid)})"
    return ""


def _state(fd: int, text: bytes) -> None:
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, text, 0)
    except OSError:
        pass
