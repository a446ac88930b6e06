"""Compiled Jinja templates kept between runs (the generator's and the theme's).

Compiling Material's templates and the generator's takes a noticeable time in every worker,
each time a site is built (bench/README.md). Jinja's own file cache (in the temp folder, one per user)
keeps the compiled code; a template whose source changed has a new checksum and is
compiled again, and a cache written by another Python version is ignored. Compiled
templates are also kept in memory, for ``mkdocs serve``'s rebuilds.
"""

from __future__ import annotations

from jinja2 import BytecodeCache, FileSystemBytecodeCache
from jinja2.bccache import Bucket


class CompiledTemplates(BytecodeCache):
    """In memory, then on disk (when Jinja's cache folder is usable)."""

    def __init__(self, directory: str | None = None) -> None:
        self._store: dict[str, bytes] = {}
        try:
            self._disk: FileSystemBytecodeCache | None = FileSystemBytecodeCache(directory)
        except (OSError, RuntimeError):  # no safe folder for it: memory only
            self._disk = None

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)
        elif self._disk is not None:
            try:
                self._disk.load_bytecode(bucket)  # (a stale or foreign file leaves bucket.code None)
            except Exception:  # unreadable (truncated, damaged): compiled again
                bucket.reset()
            if bucket.code is not None:
                self._store[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()
        if self._disk is not None:
            try:
                self._disk.dump_bytecode(bucket)
            except OSError:  # a full or read-only disk: memory only, the build goes on
                self._disk = None
