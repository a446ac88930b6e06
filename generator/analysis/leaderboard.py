"""The leaderboard: mean judge scores per planner, model and task, and paired comparisons.

Means are macro averages over the papers a (planner, model) was evaluated on, as the
benchmark reports them (``math.fsum``: exact to the last bit for a given set of values).
Two models are compared only on the papers both were evaluated on (for the same task):
the mean of the per-paper F1 differences, with a 95% percentile bootstrap confidence
interval (papers resampled with replacement, :data:`RESAMPLES` times, from a random stream
seeded by the pair's names: the same inputs give the same interval, whatever else is in the
build). A gap whose interval contains 0 is reported as no clear difference.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

RESAMPLES = 5_000
LEVEL = 0.95
SEED = "ablation-leaderboard-v1"


@dataclass(frozen=True)
class Score:
    """One evaluated trajectory."""

    planner: str
    model: str
    task: str | None
    paper: str
    precision: float
    recall: float
    f1: float
    ndcg: float | None = None
    cost: float | None = None
    judge: str = ""


@dataclass(frozen=True)
class Entry:
    """One row of the leaderboard: a planner and model on one task."""

    planner: str
    model: str
    task: str | None
    papers: int
    precision: float
    recall: float
    f1: float
    ndcg: float | None  # mean over the papers whose judge gave one (None: none did)
    cost: float | None  # mean judge cost over the papers with a cost
    judges: tuple[tuple[str, int], ...]  # (judge, papers) behind the means


@dataclass(frozen=True)
class Comparison:
    """Two (planner, model)s on the papers of one task both were evaluated on; ``a`` has the
    higher mean F1 there (``diff`` = mean of F1(a) − F1(b) over those papers, ≥ 0)."""

    task: str | None
    a: tuple[str, str]  # (planner, model)
    b: tuple[str, str]
    papers: int
    f1_a: float
    f1_b: float
    diff: float
    low: float | None  # the 95% interval of diff (None: fewer than 2 shared papers)
    high: float | None

    @property
    def clear(self) -> bool:
        """Whether the interval excludes 0 (then ``a`` is better on these papers)."""
        return self.low is not None and self.low > 0


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def entries(scores: Iterable[Score]) -> list[Entry]:
    """One entry per (planner, model, task), by task then mean F1 (highest first)."""
    groups: dict[tuple[str, str, str | None], list[Score]] = {}
    for s in scores:
        groups.setdefault((s.planner, s.model, s.task), []).append(s)
    out = []
    for (planner, model, task), group in groups.items():
        ndcg = [s.ndcg for s in group if s.ndcg is not None]
        cost = [s.cost for s in group if s.cost is not None]
        judges: dict[str, int] = {}
        for s in group:
            judges[s.judge] = judges.get(s.judge, 0) + 1
        out.append(Entry(planner, model, task, len(group), _mean([s.precision for s in group]),
                         _mean([s.recall for s in group]), _mean([s.f1 for s in group]),
                         _mean(ndcg) if ndcg else None, _mean(cost) if cost else None,
                         tuple(sorted(judges.items(), key=lambda j: (-j[1], j[0])))))
    out.sort(key=lambda e: (e.task or "~", -e.f1, e.model, e.planner))
    return out


def comparisons(scores: Iterable[Score], resamples: int = RESAMPLES) -> list[Comparison]:
    """Every pair of models under the same planner, and every model under two planners, per
    task, on their shared papers."""
    f1: dict[tuple[str | None, str, str], dict[str, float]] = {}
    for s in scores:
        f1.setdefault((s.task, s.planner, s.model), {})[s.paper] = s.f1
    out = []
    for x, y in combinations(sorted(f1, key=lambda k: (k[0] or "~", k[1], k[2])), 2):
        if x[0] != y[0] or (x[1] != y[1] and x[2] != y[2]):
            continue  # another task; or both the planner and the model differ
        shared = sorted(set(f1[x]) & set(f1[y]))
        if not shared:
            continue
        diffs = [f1[x][p] - f1[y][p] for p in shared]
        if math.fsum(diffs) < 0:
            x, y, diffs = y, x, [-d for d in diffs]
        low, high = bootstrap_interval(diffs, seed=f"{x[0]}|{min(x[1:], y[1:])}|{max(x[1:], y[1:])}",
                                       resamples=resamples)
        out.append(Comparison(x[0], x[1:], y[1:], len(shared), _mean([f1[x][p] for p in shared]),
                              _mean([f1[y][p] for p in shared]), _mean(diffs), low, high))
    out.sort(key=lambda c: (c.task or "~", c.a[0] != c.b[0], -c.diff, c.a, c.b))
    return out


def bootstrap_interval(diffs: Sequence[float], *, seed: str, resamples: int = RESAMPLES,
                       level: float = LEVEL) -> tuple[float | None, float | None]:
    """The percentile bootstrap interval of the mean of ``diffs`` (None, None: under 2 values)."""
    if len(diffs) < 2:
        return None, None
    import numpy as np  # (only when there are scores to compare)

    values = np.asarray(diffs, dtype=np.float64)
    digest = hashlib.blake2b(f"{SEED}|{seed}".encode("utf-8", "surrogatepass"), digest_size=8).digest()
    rng = np.random.Generator(np.random.PCG64(int.from_bytes(digest, "big")))
    n, means, chunk = len(values), [], max(1, 2_000_000 // len(values))
    for start in range(0, resamples, chunk):
        picks = rng.integers(0, n, size=(min(chunk, resamples - start), n))
        means.append(values[picks].mean(axis=1))
    boot = np.concatenate(means)
    tail = (1 - level) / 2
    low, high = np.quantile(boot, [tail, 1 - tail])
    return float(low), float(high)
