"""Each paper's groups as its page and ``data/papers.json`` show them: aligned once per build.

:func:`groups_of` orders a paper's groups (shared by several plans first) and anchors them.
Two outputs need them — the paper's page and ``data/papers.json`` — and the worker
processes that render those are different ones, so the build aligns every paper once
beforehand (:func:`generator.build`'s "align" stage, on every core) and hands the result to
the pages. What travels between processes, and what :class:`GroupCache` keeps between
builds, is :func:`encode`'s compact form: each member as (plan, position), never the
ablation itself, which :func:`decode` takes from the plans again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import orjson

from generator.analysis import align
from generator.output.cache_file import CacheFile
from generator.records import Ablation

#: A paper's groups in page order, each with its anchor on the page.
Aligned = tuple[tuple[align.Group, str], ...]
#: A paper's plans: each plan's id (its page) with its ablations, in the order of the rows.
Plans = Mapping[str, Sequence[Ablation]]

CACHE_FILE = Path(".cache") / "groups.json"


def groups_of(plans: Plans) -> Aligned:
    """The paper's groups in page order (shared by several plans first), with their anchors."""
    groups = align.align(plans)
    ordered = [g for g in groups if not g.singleton] + [g for g in groups if g.singleton]
    return tuple(zip(ordered, align.anchors(ordered)))


def encode(aligned: Aligned) -> list:
    """``aligned`` as plain data (JSON and pickle alike): members as [plan, position]."""
    return [[g.label, [[m.model, m.index] for m in g.members], list(g.shared_terms), g.score, g.slug, anchor]
            for g, anchor in aligned]


def decode(data: list, plans: Plans) -> Aligned:
    """What :func:`encode` made, with each member's ablation taken from ``plans`` again.

    Raises ``ValueError`` if ``data`` does not fit ``plans`` (a stale or damaged cache)."""
    try:
        return tuple((align.Group(label, tuple(align.Member(plan, index, plans[plan][index - 1])
                                               for plan, index in members),
                                  tuple(shared), float(score), slug), anchor)
                     for label, members, shared, score, slug, anchor in data)
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise ValueError(f"groups that do not fit the plans ({exc})") from exc


def digest(plans: Plans) -> str:
    """What the groups of ``plans`` depend on: the plans' ids and ablations, in order."""
    data = [[plan, [[a.name, a.ablated_part, a.action, a.replacement, a.metrics] for a in ablations]]
            for plan, ablations in plans.items()]
    try:
        raw = orjson.dumps(data)
    except TypeError:  # (text orjson refuses: lone surrogates)
        raw = repr(data).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


class GroupCache:
    """Encoded groups by :func:`digest` of the plans, kept between builds in the output
    folder's ``.cache/`` (a :class:`~generator.output.cache_file.CacheFile`), valid for the
    same code ``version`` only; ``save`` keeps what this build used."""

    def __init__(self, out: Path, version: str):
        self._file = CacheFile(out / CACHE_FILE, version)

    def get(self, key: str, plans: Plans) -> Aligned | None:
        entry = self._file.get(key)
        if entry is None:
            return None
        try:
            aligned = decode(entry, plans)
        except ValueError:
            return None
        self._file.put(key, entry)
        return aligned

    def put(self, key: str, encoded: list) -> None:
        self._file.put(key, encoded)

    def save(self) -> None:
        """Write what this build used (a cache that cannot be written is a slower next build)."""
        self._file.save()
