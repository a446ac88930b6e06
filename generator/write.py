"""Stage 7 — write: put the rendered files into the output folder, safely.

- The generator owns only the files listed in its manifest (``.generated.json`` in the
  output folder; MkDocs ignores dot-files). A file that exists but is not in the manifest
  was written by hand: it is never overwritten, and the clash is reported.
- Files whose content did not change are not rewritten (their mtime stays, so
  ``mkdocs serve`` rebuilds little); files generated last time but not this time are removed.
  The manifest also records each file's render key (see ``render.plan``): a page whose key
  is unchanged and whose file is intact is passed as :data:`KEEP` and not even rendered.
- Every file is written to a temporary name and renamed into place, and the manifest
  lists the union of old and new files while writing, so an interrupted run leaves no
  half-written file and the next run cleans up exactly as a clean run would.
- No path may leave the output folder (checked after resolving symlinks).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .model import Issue

MANIFEST = ".generated.json"


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()
"""Content placeholder: keep the file as the last run wrote it (see :func:`known_keys`)."""


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
    for rel, entry in _load_manifest(Path(root)).items():
        if entry.get("key") and _same_size(os.path.join(root, rel), entry.get("size", -1)):
            keys[rel] = entry["key"]
    return keys


def write_output(out: Path, files: Mapping[str, str | bytes | _Keep],
                 keys: Mapping[str, str] | None = None) -> WriteResult:
    """Make ``out`` hold exactly ``files`` (plus any hand-written files).

    ``keys`` records each file's render key in the manifest; a file given as :data:`KEEP`
    stays as it is (it must have been written by the last run).
    """
    out.mkdir(parents=True, exist_ok=True)
    root = out.resolve()
    old = _load_manifest(root)
    keys = keys or {}
    payload = {rel: content if content is KEEP else _bytes(content) for rel, content in files.items()}
    safe_dirs: dict[Path, bool] = {}
    # A file kept as it is needs no path work: it was written (and checked) by the last run.
    targets = {rel: _target(root, rel, safe_dirs) for rel, data in payload.items() if data is not KEEP}

    skipped = []
    for rel, path in targets.items():
        if rel not in old and path.exists():
            skipped.append(Issue(rel, f"{out / rel} is a hand-written file; the generated page was "
                                      "not written (move or rename the hand-written file)"))
    skip = {s.source for s in skipped}
    new = {}
    for rel, data in payload.items():
        if rel in skip:
            continue
        if data is KEEP:
            if rel not in old:
                raise ValueError(f"{rel}: KEEP given for a file the last run did not write")
            new[rel] = {**old[rel], "key": keys.get(rel, old[rel].get("key"))}
        else:
            new[rel] = {"digest": _digest(data), "size": len(data), "key": keys.get(rel)}
    changed = [rel for rel in targets if rel not in skip and not (
        old.get(rel, {}).get("digest") == new[rel]["digest"] and _same_size(targets[rel], len(payload[rel])))]
    stale = sorted(set(old) - set(new) - skip)

    if changed or stale:
        _save_manifest(root, {**old, **new})  # while writing, own both generations
    for rel in changed:
        _atomic_write(targets[rel], payload[rel])
    removed = []
    for rel in stale:
        path = _target(root, rel)
        try:
            path.unlink()
            removed.append(rel)
        except FileNotFoundError:
            pass
        _prune_empty(path.parent, root)
    _save_manifest(root, new)
    return WriteResult(tuple(changed), len(new) - len(changed), tuple(removed), tuple(skipped))


def _target(root: Path, rel: str, safe_dirs: dict[Path, bool] | None = None) -> Path:
    """The file for ``rel`` under ``root``; ``safe_dirs`` memoizes checked folders."""
    parts = rel.split("/")
    if not rel or rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in rel:
        raise UnsafePath(f"refusing to write {rel!r}: not a plain relative path")
    path = root.joinpath(*parts)
    folder = path.parent
    safe = safe_dirs.get(folder) if safe_dirs is not None else None
    if safe is None:
        real = folder.resolve() if folder.exists() else folder
        safe = real == root or root in real.parents
        if safe_dirs is not None:
            safe_dirs[folder] = safe
    if not safe:
        raise UnsafePath(f"refusing to write {rel!r}: it would land outside {root}")
    return path


def _bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _same_size(path: Path | str, size: int) -> bool:
    try:
        return os.stat(path).st_size == size
    except OSError:
        return False


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _load_manifest(root: Path) -> dict[str, dict]:
    """{path: {"digest", "size", "key"}}; an unreadable manifest owns nothing."""
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        files = data.get("files", {})
        if not isinstance(files, dict):
            return {}
        return {str(k): (v if isinstance(v, dict) else {"digest": str(v)}) for k, v in files.items()}
    except (OSError, ValueError, AttributeError):
        return {}


def _save_manifest(root: Path, files: Mapping[str, dict]) -> None:
    data = {"generator": "trajectory-site", "version": 2, "files": dict(sorted(files.items()))}
    payload = (json.dumps(data, separators=(",", ":")) + "\n").encode("utf-8")
    path = root / MANIFEST
    if not (path.exists() and path.read_bytes() == payload):
        _atomic_write(path, payload)


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
