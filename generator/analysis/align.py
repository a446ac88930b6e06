"""Align several models' ablation plans for one paper: group the ablations by what they ablate.

Pure: no files, no Markdown. :func:`align` takes ``{model id: plan}`` and returns
:class:`Group` objects, most-agreed-upon first; every ablation lands in exactly one group.

Similarity, meant to be explainable to a reader of the paper page:

* **Terms.** ``name`` + ``ablated_part`` are lower-cased and split into words (any run of
  letters/digits; ``self-knowledge`` gives ``self`` and ``knowledge``). Dropped: one-character
  words, pure numbers, a small English stopword list and ablation boilerplate ("ablation",
  "remove", "replace", "effect", "module", "component", ...). The rest is lightly stemmed
  (plural ``-s``/``-es``/``-ies``, ``-ing``, ``-ed``, final ``-e``), so "embeddings",
  "embedded" and "embedding" are one term. An ablation is the *set* of its terms.
* **Weights.** Each term is weighted by its inverse document frequency over *this paper's*
  ablations, ``idf = 1 + ln(N / df)``: the paper's own method name, which every model repeats,
  counts little; "initialization" said by three models out of ten ablations counts a lot.
* **Similarity** of two ablations is the IDF-weighted cosine of their term sets,
  ``sum(w² for shared) / sqrt(sum(w² for A) · sum(w² for B))``, in 0..1: a terse
  "positional encoding" still matches a long "sinusoidal positional encoding added to the
  token embeddings" (cosine is kinder to unequal lengths than Jaccard).
* **Grouping** is average-linkage agglomerative clustering: the two groups whose mean pairwise
  similarity is highest merge, while that mean is at least ``threshold`` (default 0.2).

**One model, one group, as a rule.** Two ablations of the same model share a group only when
they ablate the very same part (identical ``ablated_part`` terms: "remove X" and "replace X",
or an entry repeated by the model). A model that proposes two ablations means two things
("size of the memory bank" and "update rule of the memory bank"); letting them merge also
chained unrelated groups together. On 30 hand-checked papers this rule
raised pairwise precision from 0.76 to 0.91 at about the same recall (0.86 → 0.84).
A group's agreement is its number of distinct models; a *singleton* has one model.

**Bounded work.** Average linkage costs the cube of the number of ablations, and memory
their square (bench/README.md: one hostile file). Above :data:`MAX_ALIGNED` ablations for one
paper (real papers have 20 to 100), :func:`align` groups only ablations with the very same
terms (same name and part words), in linear time; :func:`bounded` says whether a paper's
plans are under the limit, so that the build can warn.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from generator.records import Ablation

__all__ = ["DEFAULT_THRESHOLD", "MAX_ALIGNED", "Group", "Member", "align", "bounded", "similarity", "terms"]

#: Chosen on the AblationBench corpus (5 models, 561 papers); see ``bench/bench_compare.py``.
DEFAULT_THRESHOLD = 0.2
#: A label longer than this is used only when every member's text is longer.
LABEL_MAX = 80
#: Above this many ablations for one paper, only identical ones are grouped (see "Bounded work").
MAX_ALIGNED = 300
UNNAMED = "(unnamed ablation)"


@dataclass(frozen=True)
class Member:
    """One model's ablation placed in a group."""

    model: str  # model id (a key of the plans mapping)
    index: int  # 1-based position in that model's plan: the permalink ``#ablation-N``
    ablation: Ablation


@dataclass(frozen=True)
class Group:
    """Ablations of (roughly) the same thing, by one or more models."""

    label: str  # short human label: the most representative ablated_part (or name)
    members: tuple[Member, ...]  # sorted by model id, then index (see "One model, one group")
    shared_terms: tuple[str, ...]  # words found in two or more members, most shared first
    score: float  # cohesion: mean pairwise similarity of the members, 0..1 (1.0 when alone)

    @property
    def models(self) -> tuple[str, ...]:
        """The distinct model ids in the group, sorted."""
        return tuple(sorted({m.model for m in self.members}))

    @property
    def agreement(self) -> int:
        """How many distinct models proposed an ablation of this."""
        return len(self.models)

    @property
    def singleton(self) -> bool:
        """Only one model proposed this."""
        return self.agreement <= 1


STOPWORDS = frozenset(
    """
    a about above after again against all also an and any are as at be been before being below
    between both but by can could did do does doing down during each either etc few for from
    further had has have having how i if in into is it its itself just more most much neither
    nor not of off on once only or other our out over own per same she should so some such than
    that the their them then there these they this those through to too under until up upon
    us versus very via vs was we were what when where whether which while who whom why will
    with within without would yet you your
    ablate ablated ablating ablation ablations ablative analysis analyze alternative
    alternatives approach based baseline change changes changing component components
    compare comparison contribution contributions different effect effects effectiveness
    entire evaluate evaluating evaluation experiment full general impact importance instead
    investigate kind mechanism method module modules non novel omit original part parts
    performance proposed removal remove removed removing replace replaced replacement replacing
    role sensitivity setting simple specific standard strategy study technique test type
    use used uses using variant variants version vary varying way
    applied apply choice configuration currently fixed learnable learned modification modify
    modifying variation
    """.split()
)

_WORD = re.compile(r"[^\W_]+")


_NOT_INFLECTED = frozenset({"embed", "thing", "string", "bring", "spring", "during"})


def _stem(word: str) -> str:
    """Light suffix stripping: enough to equate plurals and -ing/-ed forms, no more."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "ches", "shes", "xes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        stem = word[: -len(suffix)]
        if (
            word.endswith(suffix)
            and len(stem) >= 3
            and any(c in "aeiouy" for c in stem)
            and not word.endswith("eed")  # speed, seed, need
            and word not in _NOT_INFLECTED
        ):
            word = stem
            if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "sz":
                word = word[:-1]  # embedd -> embed, modell -> model
            break
    if len(word) >= 4 and word.endswith("e"):
        word = word[:-1]  # encode/encoded/encoding -> encod
    return word


@lru_cache(maxsize=65536)
def _term(word: str) -> str:
    """A lower-case word's term, or "" for a word that does not count."""
    if len(word) < 2 or word.isdigit() or word in STOPWORDS:
        return ""
    term = _stem(word)
    return "" if term in STOPWORDS else term


@lru_cache(maxsize=16384)
def _words(text: str) -> tuple[tuple[str, str], ...]:
    """(term, surface word) pairs of a text, in reading order, words that do not count dropped."""
    return tuple((term, word) for word in _WORD.findall(text.lower()) if (term := _term(word)))


def _ablation_words(ablation: Ablation) -> tuple[tuple[str, str], ...]:
    return _words(ablation.name) + _words(ablation.ablated_part)


def terms(ablation: Ablation, *, part_only: bool = False) -> frozenset[str]:
    """The stemmed terms an ablation is compared by: its ``name`` and ``ablated_part``.

    ``part_only``: the ``ablated_part``'s terms alone (the ``name``'s when the part has none).
    """
    if part_only:
        words = _words(ablation.ablated_part) or _words(ablation.name)
    else:
        words = _ablation_words(ablation)
    return frozenset(term for term, _ in words)


def _idf(term_sets: Sequence[frozenset[str]]) -> dict[str, float]:
    df = Counter(t for ts in term_sets for t in ts)
    n = len(term_sets)
    return {t: 1.0 + math.log(n / c) for t, c in df.items()}


def _norms(sets: Sequence[frozenset[str]], w2: Mapping[str, float]) -> list[float]:
    # fsum is exactly rounded: sums do not depend on the sets' iteration order (hash seed)
    return [math.sqrt(math.fsum(w2[t] for t in ts)) for ts in sets]


def _cosine(a: frozenset[str], b: frozenset[str], w2: Mapping[str, float], norm: float) -> float:
    shared = a & b
    if not shared:
        return 0.0
    return min(1.0, math.fsum(w2[t] for t in shared) / norm)


def similarity(a: Ablation, b: Ablation, context: Sequence[Ablation] = ()) -> float:
    """Similarity of two ablations, 0..1; IDF taken over ``context`` (plus ``a`` and ``b``)."""
    sets = [terms(x) for x in (a, b, *context)]
    w2 = {t: w * w for t, w in _idf(sets).items()}
    na, nb = _norms(sets[:2], w2)
    return _cosine(sets[0], sets[1], w2, na * nb) if na and nb else 0.0


def align(
    plans: Mapping[str, Sequence[Ablation]], *, threshold: float = DEFAULT_THRESHOLD
) -> tuple[Group, ...]:
    """Group all models' ablations of one paper by what they ablate.

    ``plans`` maps a model id to its ablation plan, in the plan's order. Groups come most
    models first, then by first appearance (the lowest plan position among the members,
    then model id); groups of a single model come last by construction. The result does
    not depend on the mapping's order. ``threshold`` (0..1) is the least mean similarity at
    which two groups merge; above 1 nothing merges.
    """
    if math.isnan(threshold):
        raise ValueError("threshold is NaN")
    members = [
        Member(model, i, ablation)
        for model in sorted(plans)
        for i, ablation in enumerate(plans[model], start=1)
    ]
    if not members:
        return ()
    sets = [terms(m.ablation) for m in members]
    w2 = {t: w * w for t, w in _idf(sets).items()}
    if len(members) > MAX_ALIGNED:
        groups = _identical(members, sets, w2, threshold)
        groups.sort(key=lambda g: (-g.agreement, min((m.index, m.model) for m in g.members)))
        return tuple(groups)
    norms = _norms(sets, w2)
    n = len(members)
    sim = [[0.0] * n for _ in range(n)]
    for i in range(n):
        sim[i][i] = 1.0
        for j in range(i + 1, n):
            if norms[i] and norms[j]:
                sim[i][j] = sim[j][i] = _cosine(sets[i], sets[j], w2, norms[i] * norms[j])

    # One model's ablations stay apart unless they ablate the very same part (same terms).
    apart = [[False] * n for _ in range(n)]
    start = 0
    for model in sorted(plans):  # (members come model by model)
        stop = start + len(plans[model])
        parts = [terms(m.ablation, part_only=True) for m in members[start:stop]]
        for i, part_i in enumerate(parts, start):
            for j, part_j in enumerate(parts, start):
                apart[i][j] = part_i != part_j or not part_i
        start = stop
    clusters = _cluster(sim, apart, threshold)
    groups = [_group([members[i] for i in c], [sets[i] for i in c], c, sim, w2) for c in clusters]
    groups.sort(key=lambda g: (-g.agreement, min((m.index, m.model) for m in g.members)))
    return tuple(groups)


def bounded(plans: Mapping[str, Sequence[Ablation]]) -> bool:
    """Whether :func:`align` compares every pair of these plans' ablations (else it groups
    only identical ones: see "Bounded work")."""
    return sum(len(plan) for plan in plans.values()) <= MAX_ALIGNED


def _identical(members: list[Member], sets: list[frozenset[str]], w2: Mapping[str, float],
               threshold: float) -> list[Group]:
    """Linear-time grouping: ablations with the same terms and the same part terms (the
    similarity of such a pair is 1, and one model's two ablations may share a group only
    when their parts are the same); ablations without terms stand alone."""
    if threshold > 1.0 + 1e-12:
        return [_group([m], [s], [i], None, w2) for i, (m, s) in enumerate(zip(members, sets))]
    by_key: dict[tuple[frozenset[str], frozenset[str]], list[int]] = {}
    alone: list[int] = []
    for i, (m, s) in enumerate(zip(members, sets)):
        if s:
            by_key.setdefault((s, terms(m.ablation, part_only=True)), []).append(i)
        else:
            alone.append(i)
    clusters = [[i] for i in alone] + list(by_key.values())
    return [_group([members[i] for i in c], [sets[i] for i in c], c, None, w2) for c in clusters]


def _cluster(sim: list[list[float]], apart: list[list[bool]], threshold: float) -> list[list[int]]:
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


def _group(
    members: list[Member],
    sets: list[frozenset[str]],
    indices: list[int],
    sim: list[list[float]] | None,
    w2: Mapping[str, float],
) -> Group:
    """``sim`` None: every pair of members is alike (similarity 1)."""
    size = len(members)
    if size == 1:
        return Group(_text(members[0].ablation) or UNNAMED, tuple(members), (), 1.0)
    if sim is None:
        score = 1.0
    else:
        pairs = [(i, j) for x, i in enumerate(indices) for j in indices[x + 1 :]]
        score = sum(sim[i][j] for i, j in pairs) / len(pairs) if pairs else 1.0

    counts = Counter(t for ts in sets for t in ts)
    shared = sorted((t for t, c in counts.items() if c > 1), key=lambda t: (-counts[t], -w2[t], t))
    surface: dict[str, Counter[str]] = {t: Counter() for t in shared}
    for m in members:
        for term, word in _ablation_words(m.ablation):
            if term in surface:
                surface[term][word] += 1
    shared_words = tuple(min(surface[t].items(), key=lambda kv: (-kv[1], kv[0]))[0] for t in shared)

    # Label: the member most similar to the rest of the group, preferring texts short enough
    # to read as a heading; then the shorter text, then model id and index.
    def rank(x: int) -> tuple[bool, float, int, str, int]:
        i, m = indices[x], members[x]
        text = _text(m.ablation)
        closeness = float(size) if sim is None else sum(sim[i][j] for j in indices)
        return (len(text) > LABEL_MAX, -closeness, len(text), m.model, m.index)

    label = _text(members[min(range(size), key=rank)].ablation) or UNNAMED
    return Group(label, tuple(members), shared_words, round(min(1.0, score), 4))


def _text(ablation: Ablation) -> str:
    """The ablated part, else the name, whitespace collapsed ("" when both are blank)."""
    return " ".join(ablation.ablated_part.split()) or " ".join(ablation.name.split())
