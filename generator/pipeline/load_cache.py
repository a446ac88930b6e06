"""A cache of loaded trajectories (decode → repair → parse), keyed by file content.

Stored in the output folder's ``.cache/`` (MkDocs ignores dot-folders) as a
:class:`~generator.output.cache_file.CacheFile`: JSON, valid only for the same generator
code (``pages.plan.code_version``); unused entries are dropped on save.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.output.cache_file import CacheFile
from generator.records import Ablation, RepairStep, Trajectory

CACHE_FILE = Path(".cache") / "loaded.json"


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class LoadCache:
    """``get``/``put`` by (source, content digest); ``save`` keeps what this run used."""

    def __init__(self, out: Path, version: str):
        self.path = out / CACHE_FILE
        self.hits = 0
        self._file = CacheFile(self.path, version)

    def get(self, source: str, digest: str) -> Trajectory | str | None:
        """A cached trajectory, a cached error message, or None."""
        key = f"{digest}:{source}"
        entry = self._file.get(key)
        if entry is None:
            return None
        try:  # (the cache is data on disk: an entry that is not what this code wrote is a miss)
            value = entry["error"] if "error" in entry else _trajectory(entry)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        if not isinstance(value, (str, Trajectory)):
            return None
        self._file.put(key, entry)
        self.hits += 1
        return value

    def put(self, source: str, digest: str, value: Trajectory | str) -> None:
        self._file.put(f"{digest}:{source}", {"error": value} if isinstance(value, str) else _record(value))

    def save(self) -> None:
        """Keep what this run used (a cache that cannot be written is only a slower next run)."""
        self._file.save()


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
