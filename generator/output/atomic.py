"""Write a file so that no reader ever sees it half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
TMP_PREFIX = ".tmp-"


def atomic_write(path: Path | str, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` (mode 0644), then rename it into place."""
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f"{TMP_PREFIX}{os.getpid()}-{name}")
    try:
        fd = os.open(tmp, _CREATE, 0o644)
    except FileNotFoundError:  # the first file in a new folder
        os.makedirs(folder, exist_ok=True)
        fd = os.open(tmp, _CREATE, 0o644)
    except FileExistsError:  # left by an interrupted run: take a fresh name
        fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=folder)
    try:
        try:
            os.fchmod(fd, 0o644)  # whatever the umask, as a normal file
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
