"""A file of entries kept between builds in the output folder's ``.cache/``.

JSON, not pickle: the output folder is data, never code. Entries are valid for the same
``version`` (the generator's code) only; :meth:`CacheFile.save` keeps the entries this build
used or made and drops the others. A file that cannot be read is an empty cache, one that
cannot be written only a slower next build. What an entry holds, and whether an entry read
back still fits, is the caller's: :mod:`generator.pipeline.load_cache` (loaded files) and
:mod:`generator.analysis.grouping` (each paper's groups).
"""

from __future__ import annotations

import json
from pathlib import Path

import orjson

from generator.output import jsontext
from generator.output.atomic import atomic_write


class CacheFile:
    """``get`` an entry of the last build; ``put`` one this build uses; ``save``."""

    def __init__(self, path: Path, version: str):
        self.path = path
        self.version = version
        self._old: dict[str, object] = {}
        self._new: dict[str, object] = {}
        try:
            data = _loads(path.read_bytes())
            if data.get("version") == version and isinstance(data.get("entries"), dict):
                self._old = data["entries"]
        except (OSError, ValueError, AttributeError):
            pass

    def get(self, key: str) -> object | None:
        """The last build's entry (kept only if ``put`` again), or None."""
        return self._old.get(key)

    def put(self, key: str, entry: object) -> None:
        self._new[key] = entry

    def save(self) -> None:
        """Keep what this build used or made (nothing is written when that is what is there)."""
        if self._new == self._old and self.path.exists():
            return
        data = {"version": self.version, "entries": self._new}
        try:
            payload = jsontext.dumps(data).encode("utf-8")
        except (TypeError, ValueError):  # (text no JSON encoder takes: lone surrogates)
            payload = json.dumps(data, ensure_ascii=True).encode("ascii")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, payload)
        except OSError:
            pass


def _loads(data: bytes) -> object:
    try:
        return orjson.loads(data)
    except ValueError:  # (orjson refuses escaped lone surrogates, which json reads back)
        return json.loads(data)
