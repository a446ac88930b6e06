"""Clustering of a similarity matrix, for :mod:`generator.analysis.align`: average-linkage
agglomeration, then a refinement pass. Pure functions on indices 0..n-1; deterministic."""

from __future__ import annotations

import math


def refine(clusters: list[list[int]], sim: list[list[float]], apart: list[list[bool]],
            threshold: float, passes: int = 8) -> list[list[int]]:
    """Move single ablations between groups while that raises the sum, over pairs in one
    group, of ``similarity - threshold`` (the agglomeration is greedy: an early merge can
    take an ablation from the group it fits best). Never into a group that holds a pair
    marked ``apart`` with it; in index order, so the result is deterministic."""
    if threshold > 1.0:
        return clusters
    where = {i: k for k, c in enumerate(clusters) for i in c}
    groups = {k: set(c) for k, c in enumerate(clusters)}
    fresh = len(clusters)
    for _ in range(passes):
        moved = False
        for i in sorted(where):
            home = where[i]
            stay = math.fsum(sim[i][j] - threshold for j in groups[home] if j != i)
            best, target = 1e-9, None
            for k in sorted(groups):
                if k == home or not groups[k] or any(apart[i][j] for j in groups[k]):
                    continue
                gain = math.fsum(sim[i][j] - threshold for j in groups[k]) - stay
                if gain > best:
                    best, target = gain, k
            if target is None and len(groups[home]) > 1 and -stay > best:
                target, fresh = fresh, fresh + 1
                groups[target] = set()
            if target is not None:
                groups[home].discard(i)
                groups[target].add(i)
                where[i] = target
                moved = True
        if not moved:
            break
    return [sorted(g) for _, g in sorted(groups.items()) if g]


def cluster(sim: list[list[float]], apart: list[list[bool]], threshold: float) -> list[list[int]]:
    """Average-linkage agglomeration of indices 0..n-1 (in canonical order).

    Two clusters merge when their mean pairwise similarity is the highest of all pairs and at
    least ``threshold``; ties go to the pair that comes first. Clusters holding a pair marked
    ``apart`` never merge.
    """
    n = len(sim)
    eps = 1e-12
    # A mean of similarities all below the threshold is below it too: an index with no
    # similarity reaching the threshold stays alone, and is left out of the search.
    least = threshold - eps
    alive = [
        i for i, (sims, aparts) in enumerate(zip(sim, apart))
        if any(s >= least and not a for j, (s, a) in enumerate(zip(sims, aparts)) if j != i)
    ]
    members = {i: [i] for i in range(n)}
    # link[a][b]: the sum of similarities between clusters a and b; -inf when they cannot merge
    link = [[-math.inf if a else s for s, a in zip(sims, aparts)] for sims, aparts in zip(sim, apart)]
    while len(alive) > 1:
        best, pair = -math.inf, None
        sizes = [len(members[k]) for k in alive]
        for x, a in enumerate(alive):
            size_a, row = sizes[x], link[a]
            for y in range(x + 1, len(alive)):
                mean = row[alive[y]] / (size_a * sizes[y])
                if mean > best + eps:
                    best, pair = mean, (a, alive[y])
        if pair is None or best < threshold - eps:
            break
        a, b = pair
        members[a].extend(members.pop(b))
        alive.remove(b)
        row_a, row_b = link[a], link[b]
        for k in alive:
            row_a[k] += row_b[k]
            link[k][a] = row_a[k]
    return [sorted(c) for c in members.values()]
