"""Stage 1 — read: find every input file under the SOURCE folders and load its bytes.

Files of any name and extension are taken, found recursively. Hidden files and
folders (names starting with '.'), FIFOs, sockets and devices are not read and are
reported as skipped, and so is the output folder when it lies inside a SOURCE (the
generator never reads its own output). Symlinked folders are followed once (a loop is
reported, not followed again), and anything that cannot be read becomes an
:class:`~generator.records.Issue` naming the file and the reason.

A file's ``source`` (its name in reports and on pages) is always valid Unicode: bytes of a
file name that are not UTF-8 are written as ``\\xNN``.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from generator.records import Issue, SourceFile

MAX_FILE_BYTES = 16 * 1024 * 1024
"""Larger files are not read (an error says so): the largest real trajectory is ~100 KB, and
a file of this size already costs seconds to parse, render and index (bench/README.md)."""
# (O_NONBLOCK: a file swapped for a FIFO after it was listed cannot block the build)
_READ = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


class SourceNotFound(FileNotFoundError):
    """A SOURCE argument that does not exist (the CLI turns this into an exit code)."""


class SourceIsOutput(ValueError):
    """A SOURCE inside the output folder: the generator would read its own pages back."""


@dataclass(frozen=True)
class ReadResult:
    files: tuple[SourceFile, ...]
    errors: tuple[Issue, ...]
    skipped: tuple[Issue, ...] = ()  # entries not read: hidden, not a regular file, the output folder


def read_sources(roots: Sequence[Path], exclude: Sequence[Path] = ()) -> ReadResult:
    """Read every file under ``roots`` (folders or single files), in a stable order.

    ``exclude``: folders never read (the output folder), even when reached through a
    symlink; a root inside one of them raises :class:`SourceIsOutput`.
    """
    check_sources(roots, exclude)
    excluded = _identities(exclude)
    files: list[SourceFile] = []
    errors: list[Issue] = []
    skipped: list[Issue] = []
    for root in roots:
        root = root.absolute()  # (so every path found below it is absolute)
        if root.is_file():
            _read_one(root, display_name(os.fsencode(root.name)), files, errors, skipped)
            continue
        for path, source, problem, skip in _walk(root, excluded):
            if skip:
                skipped.append(Issue(source, skip))
            elif problem:
                errors.append(Issue(source, problem))
            else:
                _read_one(path, source, files, errors, skipped)
    return ReadResult(tuple(files), tuple(errors), tuple(skipped))


def check_sources(roots: Sequence[Path], exclude: Sequence[Path] = ()) -> None:
    """Raise :class:`SourceNotFound` or :class:`SourceIsOutput` for SOURCE arguments that
    cannot be read (before anything is written)."""
    missing = [str(r) for r in roots if not r.exists()]
    if missing:
        raise SourceNotFound(
            "source not found: " + ", ".join(missing) + " (give a folder of trajectory files)"
        )
    for root in roots:
        inside = next((x for x in exclude if _within(root, x)), None)
        if inside is not None:
            raise SourceIsOutput(f"{root}: this SOURCE is inside the output folder {inside}; the generator "
                                 "would read its own pages back (give another --out or another SOURCE)")


def display_name(raw: bytes) -> str:
    """A file name's bytes as text: UTF-8, with any other byte written ``\\xNN``."""
    return raw.decode("utf-8", "backslashreplace")


def _identities(folders: Sequence[Path]) -> set[tuple[int, int]]:
    out = set()
    for folder in folders:
        try:
            st = folder.stat()
        except OSError:
            continue
        out.add((st.st_dev, st.st_ino))
    return out


def _within(path: Path, folder: Path) -> bool:
    try:
        real, top = path.resolve(), folder.resolve()
    except OSError:
        return False
    return real == top or top in real.parents


def _read_one(path: Path, source: str, files: list[SourceFile], errors: list[Issue],
              skipped: list[Issue]) -> None:
    # (os-level calls: one lookup of the path, and none of the buffered file object's
    # extra system calls; this is a tenth of a second on a corpus of 2,000 files)
    try:
        fd = os.open(path, _READ)
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                skipped.append(Issue(source, f"{_kind(st.st_mode)}, not a regular file: not read"))
                return
            size = st.st_size
            if size > MAX_FILE_BYTES:
                errors.append(
                    Issue(source, f"file is {size / 2**20:.0f} MiB; files over {MAX_FILE_BYTES // 2**20} MiB "
                          "are not read (is this really a trajectory? split it, or leave it out of SOURCE)")
                )
                return
            data = _read_all(fd, size)
        finally:
            os.close(fd)
    except OSError as exc:
        errors.append(Issue(source, f"cannot read file: {exc.strerror or exc} (check its permissions)"))
        return
    files.append(SourceFile(path=path, source=source, data=data))


def _read_all(fd: int, size: int) -> bytes:
    """Everything up to the end of the file (which may have grown since ``fstat``)."""
    chunks = []
    while chunk := os.read(fd, max(size + 1, 1 << 16)):
        chunks.append(chunk)
    return b"".join(chunks)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _walk(root: Path, excluded: set[tuple[int, int]]):
    """Yield ``(path, source, problem, skip)`` for entries under ``root``, sorted, loop-safe:
    a file to read (both None), an error (``problem``) or an entry not read (``skip``)."""
    seen: set[tuple[int, int]] = set()

    def visit(folder: Path, prefix: str):
        try:
            st = folder.stat()
        except OSError as exc:
            yield folder, prefix.rstrip("/") or folder.name, f"cannot open folder: {exc.strerror}", None
            return
        ident = (st.st_dev, st.st_ino)
        if ident in excluded:
            yield folder, prefix.rstrip("/") or folder.name, None, \
                "the output folder (or a link to it): the generator does not read its own pages"
            return
        if ident in seen:
            yield folder, prefix.rstrip("/"), "symlink loop: this folder was already read, skipped", None
            return
        seen.add(ident)
        try:
            entries = sorted(os.scandir(os.fsencode(folder)), key=lambda e: e.name)
        except OSError as exc:
            yield folder, prefix.rstrip("/") or folder.name, f"cannot list folder: {exc.strerror}", None
            return
        for entry in entries:
            source = prefix + display_name(entry.name)
            path = Path(os.fsdecode(entry.path))
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                is_file = entry.is_file(follow_symlinks=True)
            except OSError as exc:
                yield path, source, f"cannot inspect: {exc.strerror}", None
                continue
            if entry.name.startswith(b"."):
                what = "hidden folder" if is_dir else "hidden file"
                yield path, source, None, f"{what} (its name starts with '.'): not read"
            elif is_dir:
                yield from visit(path, source + "/")
            elif is_file:
                yield path, source, None, None
            elif entry.is_symlink():
                yield path, source, "broken or looping symlink: its target does not exist", None
            else:
                try:
                    mode = entry.stat(follow_symlinks=True).st_mode
                except OSError as exc:
                    yield path, source, f"cannot inspect: {exc.strerror}", None
                    continue
                yield path, source, None, f"{_kind(mode)}, not a regular file: not read"

    yield from visit(root, "")
