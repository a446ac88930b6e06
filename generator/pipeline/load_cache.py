"""A cache of loaded trajectories (decode → repair → parse), keyed by file content.

Stored as JSON (not pickle: the output folder is data, never code) in the output
folder's ``.cache/`` (MkDocs ignores dot-folders). Entries are valid only for the same
generator code (``render.code_version``); unused entries are dropped on save.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import orjson

from generator.output import jsontext
from generator.records import Ablation, RepairStep, Trajectory
from generator.output.atomic import atomic_write

CACHE_FILE = Path(".cache") / "loaded.json"


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class LoadCache:
    """``get``/``put`` by (source, content digest); ``save`` keeps what this run used."""

    def __init__(self, out: Path, version: str):
        self.path = out / CACHE_FILE
        self.version = version
        self.hits = 0
        self._old: dict[str, dict] = {}
        self._new: dict[str, dict] = {}
        try:
            data = _loads(self.path.read_bytes())
            if data.get("version") == version and isinstance(data.get("entries"), dict):
                self._old = data["entries"]
        except (OSError, ValueError, AttributeError):
            pass

    def get(self, source: str, digest: str) -> Trajectory | str | None:
        """A cached trajectory, a cached error message, or None."""
        key = f"{digest}:{source}"
        entry = self._old.get(key)
        if entry is None:
            return None
        try:  # (the cache is data on disk: an entry that is not what this code wrote is a miss)
            value = entry["error"] if "error" in entry else _trajectory(entry)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        if not isinstance(value, (str, Trajectory)):
            return None
        self._new[key] = entry
        self.hits += 1
        return value

    def put(self, source: str, digest: str, value: Trajectory | str) -> None:
        key = f"{digest}:{source}"
        self._new[key] = {"error": value} if isinstance(value, str) else _record(value)

    def save(self) -> None:
        """Keep what this run used (a cache that cannot be written is only a slower next run)."""
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


def _record(t: Trajectory) -> dict:
    return {
        "source": t.source, "planner": t.planner, "model": t.model, "paper": t.paper,
        "reasoning": t.reasoning, "digest": t.digest, "warnings": list(t.warnings),
        "repairs": [[s.fixer, list(s.args), s.detail] for s in t.repairs],
        "ablations": [[a.name, a.ablated_part, a.action,
                       None if a.replacement is None else list(a.replacement), list(a.metrics)]
                      for a in t.ablations],
    }


def _trajectory(d: dict) -> Trajectory:
    return Trajectory(
        source=d["source"], planner=d["planner"], model=d["model"], paper=d["paper"],
        reasoning=d["reasoning"], digest=d["digest"], warnings=tuple(d["warnings"]),
        repairs=tuple(RepairStep(f, tuple(a), detail) for f, a, detail in d["repairs"]),
        ablations=tuple(Ablation(n, p, act, None if r is None else tuple(r), tuple(m))
                        for n, p, act, r, m in d["ablations"]),
    )
