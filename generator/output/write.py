"""Stage 7 — write: put the rendered files into the output folder, safely.

- The generator owns only the files listed in its manifest (``.generated.json`` in the
  output folder; MkDocs ignores dot-files). A file that exists but is not in the manifest
  was written by hand: it is never overwritten, and the clash is reported.
- Files whose content did not change are not rewritten (their mtime stays, so
  ``mkdocs serve`` rebuilds little): a file the last run wrote is compared with its new
  content, byte for byte, when the sizes agree (no digest to compute for every file: a first
  build compares nothing). Files generated last time but not this time are removed.
  The manifest also records each file's render key (see ``render.plan``): a page whose key
  is unchanged and whose file is intact is passed as :data:`KEEP` and not even rendered.
- A run is :func:`begin` (check the paths, own them), :func:`put` for each file (in any
  process: the build's workers write the pages they render, so the pages need not travel
  back to the parent), then :func:`finish` (record, remove stale files).
  :func:`write_output` does all three; a content given to it may be a
  :class:`~concurrent.futures.Future`: files are written as their contents arrive.
- Every file is written to a temporary name and renamed into place, and while writing the
  manifest owns every file this run may write (those it may rewrite marked as unknown), so
  an interrupted run leaves no half-written file and the next run cleans up exactly as a
  clean run would.
- No path may leave the output folder (checked after resolving symlinks).
"""

from __future__ import annotations

import os
from concurrent.futures import Future, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Mapping


from generator.output import manifest
from generator.output.atomic import atomic_write
from generator.records import Issue



class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()
"""Content placeholder: keep the file as the last run wrote it (see :func:`known_keys`)."""

Content = str | bytes | _Keep | Future
"""A file's text or bytes, :data:`KEEP`, or a future of the text or bytes."""

_UNKNOWN: dict = {"size": -1}  # manifest entry of a file being (re)written


class UnsafePath(ValueError):
    """A generated path that would land outside the output folder."""


@dataclass(frozen=True)
class WriteResult:
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]
    skipped: tuple[Issue, ...]  # hand-written files that were left alone


def known_keys(out: Path) -> dict[str, str]:
    """Render keys of the files the last run wrote that are still intact on disk."""
    root = str(out.resolve())
    keys = {}
    for rel, entry in manifest.load(Path(root)).items():
        if entry.get("key") and _same_size(os.path.join(root, rel), entry.get("size", -1)):
            keys[rel] = entry["key"]
    return keys


@dataclass(frozen=True)
class Written:
    """What became of one file: its size, and whether it was (re)written."""
    size: int
    changed: bool


@dataclass(frozen=True)
class Session:
    """One run's writes into an output folder, between :func:`begin` and :func:`finish`.

    Made before the work starts; :func:`put` may then run in forked worker processes (each
    file is written by one of them), and :func:`finish` takes what they report.
    """

    root: str
    old: Mapping[str, dict]  # the last run's manifest
    targets: Mapping[str, str]  # file on disk of each path this run may write
    skipped: tuple[Issue, ...]  # hand-written files in the way (never written)


def begin(out: Path, paths: Iterable[str], keep: Iterable[str] = ()) -> Session:
    """Prepare to write ``paths`` into ``out``, the files in ``keep`` staying as they are.

    Checks every path, finds hand-written files in the way, and saves a manifest that owns
    every file this run may write, before any is written.
    """
    out.mkdir(parents=True, exist_ok=True)
    root = out.resolve()
    old = manifest.load(root)
    for rel in keep:
        if rel not in old:
            raise ValueError(f"{rel}: KEEP given for a file the last run did not write")
    safe_dirs: dict[str, bool] = {}
    # A file kept as it is needs no path work: it was written (and checked) by the last run.
    targets = {rel: _target(root, rel, safe_dirs) for rel in paths}
    listings: dict[str, frozenset[str]] = {}
    skipped = tuple(
        Issue(rel, f"{out / rel} is a hand-written file; the generated page was "
                   "not written (move or rename the hand-written file)")
        for rel, path in targets.items() if rel not in old and _exists(path, listings)
    )
    for s in skipped:
        del targets[s.source]
    if targets:  # some file may be (re)written: own it first
        manifest.save(root, {**old, **{rel: _UNKNOWN for rel in targets}})
    return Session(str(root), old, targets, skipped)


def put(session: Session, rel: str, content: str | bytes) -> Written | None:
    """Write ``rel`` unless the file already holds ``content``; ``None`` if it is skipped
    (a hand-written file is in the way). Safe to call from forked worker processes."""
    path = session.targets.get(rel)
    if path is None:
        if any(s.source == rel for s in session.skipped):
            return None
        raise ValueError(f"{rel}: not one of the paths this run was begun with")
    data = _bytes(content)
    if rel in session.old and _holds(path, data):
        return Written(len(data), False)
    atomic_write(path, data)
    return Written(len(data), True)


def extend(session: Session, paths: Iterable[str]) -> Session:
    """The session, also allowed to write ``paths`` (files it was to keep as they are: the
    manifest owns them already)."""
    root = Path(session.root)
    more = {rel: _target(root, rel) for rel in paths if rel not in session.targets}
    for rel in more:
        if rel not in session.old:
            raise ValueError(f"{rel}: not a file of the last run nor of this one")
    return Session(session.root, session.old, {**session.targets, **more}, session.skipped)


Outcome = Written | _Keep | None
"""What :func:`finish` is told of a file: :func:`put`'s answer, or :data:`KEEP`."""


def finish(session: Session, files: Mapping[str, Outcome],
           keys: Mapping[str, str] | None = None) -> WriteResult:
    """Record what :func:`put` did for each file (or :data:`KEEP`), remove the files of
    the last run that this one did not make, and save the manifest."""
    keys = keys or {}
    root = Path(session.root)
    new: dict[str, dict] = {}
    for rel, done in files.items():
        if done is KEEP:
            old = session.old[rel]
            new[rel] = {**old, "key": keys.get(rel, old.get("key"))}
        elif isinstance(done, Written):
            new[rel] = {"size": done.size, "key": keys.get(rel)}
    removed = []
    for rel in sorted(set(session.old) - set(files)):
        path = _target(root, rel)
        try:
            os.unlink(path)
            removed.append(rel)
        except FileNotFoundError:
            pass
        _prune_empty(Path(path).parent, root)
    manifest.save(root, new)
    written = tuple(rel for rel, done in files.items() if isinstance(done, Written) and done.changed)
    return WriteResult(written, len(new) - len(written), tuple(removed), session.skipped)


def write_output(out: Path, files: Mapping[str, Content],
                 keys: Mapping[str, str] | None = None) -> WriteResult:
    """Make ``out`` hold exactly ``files`` (plus any hand-written files).

    ``keys`` records each file's render key in the manifest; a file given as :data:`KEEP`
    stays as it is (it must have been written by the last run). Files whose content is a
    future are written in the order their futures complete.
    """
    session = begin(out, [rel for rel, content in files.items() if content is not KEEP],
                    keep=[rel for rel, content in files.items() if content is KEEP])
    skip = {s.source for s in session.skipped}
    done: dict[str, Outcome] = {rel: None for rel in files}  # (in the given order)
    for rel, content in _as_they_come(files, skip):
        done[rel] = content if content is KEEP else put(session, rel, content)
    return finish(session, done, keys)


def _as_they_come(files: Mapping[str, Content],
                  skip: set[str]) -> Iterator[tuple[str, str | bytes | _Keep]]:
    """(path, content) of each file not skipped: contents at hand first, then futures as they
    complete (a page still rendering does not hold up those done after it)."""
    pending: dict[Future, list[str]] = {}
    for rel, content in files.items():
        if rel in skip:
            continue
        if isinstance(content, Future):
            pending.setdefault(content, []).append(rel)
        else:
            yield rel, content
    for future in as_completed(pending):
        for rel in pending[future]:
            yield rel, future.result()


def _target(root: Path | str, rel: str, safe_dirs: dict[str, bool] | None = None) -> str:
    """The file for ``rel`` under ``root``; ``safe_dirs`` memoizes checked folders."""
    parts = rel.split("/")
    if not rel or rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in rel:
        raise UnsafePath(f"refusing to write {rel!r}: not a plain relative path")
    folder = os.path.join(root, *parts[:-1])
    if not _inside(str(root), folder, {} if safe_dirs is None else safe_dirs):
        raise UnsafePath(f"refusing to write {rel!r}: it would land outside {root}")
    return os.path.join(folder, parts[-1])


def _inside(root: str, folder: str, safe_dirs: dict[str, bool]) -> bool:
    """Whether ``folder`` (``root`` joined with plain names) is inside ``root`` once every
    symlink on the way is followed: a folder is, if its parent is and it is not a symlink
    leading elsewhere. (One ``lstat`` per new folder: a whole resolve per page folder cost a
    build a quarter of a second before its first page.)"""
    safe = safe_dirs.get(folder)
    if safe is not None:
        return safe
    if folder == root:
        return True
    parent = os.path.dirname(folder)
    safe = parent != folder and _inside(root, parent, safe_dirs)
    if safe and os.path.islink(folder):
        real = Path(folder).resolve()
        safe = real == Path(root) or Path(root) in real.parents
    safe_dirs[folder] = safe
    return safe


def _exists(path: str, listings: dict[str, frozenset[str]]) -> bool:
    """``os.path.exists(path)``, with one listing per folder instead of a lookup per file."""
    folder, name = os.path.split(path)
    names = listings.get(folder)
    if names is None:
        try:
            names = listings[folder] = frozenset(os.listdir(folder))
        except OSError:  # no such folder (yet)
            names = listings[folder] = frozenset()
    return name in names and os.path.exists(path)


def _bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def _holds(path: str, data: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``data``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        if os.fstat(fd).st_size != len(data):
            return False
        chunks, left = [], len(data)
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                return False
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks) == data
    finally:
        os.close(fd)


def _same_size(path: Path | str, size: int) -> bool:
    try:
        return os.stat(path).st_size == size
    except OSError:
        return False








def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
