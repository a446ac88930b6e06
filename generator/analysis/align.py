"""Align several models' ablation plans for one paper: group the ablations by what they ablate.

Pure: no files, no Markdown. :func:`align` takes ``{model id: plan}`` and returns
:class:`Group` objects, most-agreed-upon first; every ablation lands in exactly one group.
Each group says why it is one (its shared words, its cohesion) and has a slug made of its
content (its most shared words, else its label), the same whatever other papers hold.

Similarity, meant to be explainable to a reader of the paper page:

* **Terms** (:mod:`generator.analysis.terms`): words split at case changes and non-letters
  (``VaryLossWeights`` → vary, loss, weights), Greek letters named (α → alpha), boilerplate
  and stopwords dropped, lightly stemmed; a small vocabulary maps synonyms to one term
  (coefficient, factor, weighting → weight) and abbreviations and their spelled-out forms
  to the same terms ("CNN" and "convolutional neural network" both give ``cnn`` and
  ``network``), including the acronyms the paper's own ablations define ("Hub Labeling (HL)").
* **Weights.** A term counts 1 in the ``ablated_part``, 0.7 in the ``name`` only and 0.35 in
  the ``replacement`` only (weak evidence: "full attention map" vs "diagonal region"),
  times its inverse document frequency over *this paper's* ablations,
  ``idf = 1 + ln(N / df)``: the paper's own method name, which every model repeats, counts
  little. (Metrics are not used: a model tends to list the same metrics for all its ablations.)
* **Similarity** of two ablations is the cosine of their weighted term vectors, 0..1, halved
  for each *aspect* in which they differ: an ablation of a quantity of a part ("number of
  iterations", "skimming rate", "loss weights") is not one of the part itself, and one of a
  part's input ("input to the CNN predictor") is not one of the part ("CNN architecture").
* **Grouping** is average-linkage agglomerative clustering: the two groups whose mean pairwise
  similarity is highest merge, while that mean is at least ``threshold`` (default 0.2); then
  single ablations move to the group they fit best while that raises the sum over grouped
  pairs of ``similarity - threshold`` (a greedy merge may have taken one from its best group).

On 62 papers labelled for it (``tests/data/align_labels.csv``) this gives pairwise precision
0.83 and recall 0.80, where plain word overlap gave 0.75 and 0.80 (``bench/README.md``).

**One model, one group, as a rule.** Two ablations of the same model share a group only when
they ablate the very same part (identical ``ablated_part`` terms: "remove X" and "replace X",
or an entry repeated by the model). A model that proposes two ablations means two things
("size of the memory bank" and "update rule of the memory bank"); letting them merge also
chained unrelated groups together.
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
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from generator.analysis.clustering import cluster, refine
from generator.analysis.terms import collapse, expand, heads, paper_acronyms, phrases, term, words
from generator.records import Ablation

__all__ = ["DEFAULT_THRESHOLD", "MAX_ALIGNED", "Group", "Member", "align", "anchors", "bounded", "similarity",
           "terms"]

#: Chosen on the AblationBench corpus (5 models, 561 papers); see ``bench/bench_compare.py``.
DEFAULT_THRESHOLD = 0.2
#: A label longer than this is used only when every member's text is longer.
LABEL_MAX = 80
#: Above this many ablations for one paper, only identical ones are grouped (see "Bounded work").
MAX_ALIGNED = 300
UNNAMED = "(unnamed ablation)"
_KNOWN = phrases()
_HEADS = heads(_KNOWN)
_STARTS = frozenset(key[0] for key in _KNOWN)


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
    slug: str = ""  # from its content (shared words, else its label's): stable, maybe not unique

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


#: How much a term counts, by the field it is found in (its largest, if in several): the
#: ablated part says what is ablated, the name mostly repeats it, the replacement hints.
FIELD_WEIGHTS = (("p", 1.0), ("n", 0.7), ("r", 0.35))
#: Aspects: words saying that an ablation is of a quantity of a part (its size, number,
#: rate, weight...) or of what goes into it (its input, its source), not of the part itself:
#: "number of iterations of X" is not "X", "input to the CNN" is not "the CNN".
ASPECTS = (
    frozenset(term(w) for w in """
        number size ratio rate threshold length depth dimension weight hyperparameter temperature
        capacity width budget frequency interval steps horizon percentile""".split()),
    frozenset(term(w) for w in "input inputs source sources".split()),
)
#: Similarity is multiplied by this for each aspect one ablation has and the other has not.
ASPECT_PENALTY = 0.5


@dataclass(frozen=True)
class _Words:
    """What one ablation is compared by, in one paper (its abbreviations known)."""

    pairs: tuple[tuple[str, str], ...]  # (term, surface word) of the name, then the part
    label: tuple[tuple[str, str], ...]  # those of the part (of the name when the part has none)
    terms: frozenset[str]  # of the name and the part
    part: frozenset[str]  # of the part (of the name when the part has none)
    vector: dict[str, float]  # term -> the weight of the field it is found in (largest)
    aspect: tuple[bool, ...]  # for each of ASPECTS, whether a term of it is there


def _text_words(text: str, known: Mapping[tuple[str, ...], str], head: Mapping[str, str],
                starts: Collection[str]) -> list[tuple[str, str]]:
    pairs = [(t, word) for word in words(text) for w in expand(word) if (t := term(w))]
    return collapse(pairs, known, head, starts) if pairs else pairs


def _words_of(ablation: Ablation, known: Mapping[tuple[str, ...], str], head: Mapping[str, str],
              starts: Collection[str]) -> _Words:
    name = _text_words(ablation.name, known, head, starts)
    part = _text_words(ablation.ablated_part, known, head, starts)
    replacement = [p for text in ablation.replacement or () for p in _text_words(text, known, head, starts)]
    vector: dict[str, float] = {}
    for field, weight in FIELD_WEIGHTS:
        for t, _ in part if field == "p" else name if field == "n" else replacement:
            if vector.get(t, 0.0) < weight:
                vector[t] = weight
    found = frozenset(t for t, _ in name + part)
    return _Words(tuple(name + part), tuple(part or name), found, frozenset(t for t, _ in part or name), vector,
                  tuple(not found.isdisjoint(a) for a in ASPECTS))


def _paper_words(ablations: Sequence[Ablation]) -> list[_Words]:
    """Each ablation's words, the abbreviations its paper defines ("Hub Labeling (HL)") known."""
    known = phrases(paper_acronyms(text for a in ablations for text in (a.name, a.ablated_part)))
    head, starts = heads(known), {key[0] for key in known}
    cache: dict[Ablation, _Words] = {}
    return [cache[a] if a in cache else cache.setdefault(a, _words_of(a, known, head, starts)) for a in ablations]


def terms(ablation: Ablation, *, part_only: bool = False) -> frozenset[str]:
    """The stemmed terms an ablation is compared by: its ``name`` and ``ablated_part``.

    ``part_only``: the ``ablated_part``'s terms alone (the ``name``'s when the part has none).
    """
    found = _words_of(ablation, _KNOWN, _HEADS, _STARTS)
    return found.part if part_only else found.terms


def _idf(term_sets: Sequence[Iterable[str]]) -> dict[str, float]:
    df = Counter(t for ts in term_sets for t in ts)
    n = len(term_sets)
    return {t: 1.0 + math.log(n / c) for t, c in df.items()}


def _weigh(vectors: Sequence[Mapping[str, float]], idf: Mapping[str, float]) -> list[dict[str, float]]:
    """Each vector's terms weighted field weight × IDF, scaled to unit length (sorted, so
    sums do not depend on hash order)."""
    out = []
    for v in vectors:
        w = {t: v[t] * idf[t] for t in sorted(v)}
        norm = math.sqrt(math.fsum(x * x for x in w.values()))
        out.append({t: x / norm for t, x in w.items()} if norm else {})
    return out


def _similarities(found: Sequence[_Words]) -> list[list[float]]:
    """The similarity of every pair: IDF-weighted cosine of the term vectors, times
    ASPECT_PENALTY for each aspect in which the two differ."""
    vectors = _weigh([f.vector for f in found], _idf([f.vector for f in found]))
    n = len(found)
    sim = [[0.0] * n for _ in range(n)]
    for i in range(n):
        sim[i][i] = 1.0
        a, aspect = vectors[i], found[i].aspect
        for j in range(i + 1, n):
            b = vectors[j]
            shared = sorted(t for t in a if t in b) if len(a) <= len(b) else sorted(t for t in b if t in a)
            if shared:
                differ = sum(x != y for x, y in zip(aspect, found[j].aspect))
                cosine = min(1.0, round(math.fsum(a[t] * b[t] for t in shared), 12))
                sim[i][j] = sim[j][i] = cosine * ASPECT_PENALTY ** differ
    return sim


def similarity(a: Ablation, b: Ablation, context: Sequence[Ablation] = ()) -> float:
    """Similarity of two ablations, 0..1; IDF taken over ``context`` (plus ``a`` and ``b``)."""
    return _similarities(_paper_words([a, b, *context]))[0][1]


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
    found = _paper_words([m.ablation for m in members])
    sets = [f.terms for f in found]
    w2 = {t: w * w for t, w in _idf(sets).items()}
    if len(members) > MAX_ALIGNED:
        groups = _identical(members, found, w2, threshold)
        groups.sort(key=lambda g: (-g.agreement, min((m.index, m.model) for m in g.members)))
        return tuple(groups)
    sim = _similarities(found)
    n = len(members)

    # One model's ablations stay apart unless they ablate the very same part (same terms).
    apart = [[False] * n for _ in range(n)]
    start = 0
    for model in sorted(plans):  # (members come model by model)
        stop = start + len(plans[model])
        for i in range(start, stop):
            for j in range(start, stop):
                apart[i][j] = found[i].part != found[j].part or not found[i].part
        start = stop
    clusters = refine(cluster(sim, apart, threshold), sim, apart, threshold)
    groups = [_group([members[i] for i in c], [found[i] for i in c], c, sim, w2) for c in clusters]
    groups.sort(key=lambda g: (-g.agreement, min((m.index, m.model) for m in g.members)))
    return tuple(groups)


def bounded(plans: Mapping[str, Sequence[Ablation]]) -> bool:
    """Whether :func:`align` compares every pair of these plans' ablations (else it groups
    only identical ones: see "Bounded work")."""
    return sum(len(plan) for plan in plans.values()) <= MAX_ALIGNED


def _identical(members: list[Member], found: list[_Words], w2: Mapping[str, float],
               threshold: float) -> list[Group]:
    """Linear-time grouping: ablations with the same terms and the same part terms (the
    similarity of such a pair is 1, and one model's two ablations may share a group only
    when their parts are the same); ablations without terms stand alone."""
    clusters: list[list[int]] = []
    by_key: dict[tuple[frozenset[str], frozenset[str]], list[int]] = {}
    for i, f in enumerate(found):
        if f.terms and threshold <= 1.0:
            by_key.setdefault((frozenset(f.terms), frozenset(f.part)), []).append(i)
        else:
            clusters.append([i])
    clusters += by_key.values()
    out = []
    for c in clusters:
        # the group as the two members with the shortest texts make it (all alike: each pair's
        # similarity is 1), with every member: no work per pair
        pick = sorted(c, key=lambda i: (len(_text(members[i].ablation)), members[i].model, members[i].index))[:2]
        group = _group([members[i] for i in pick], [found[i] for i in pick], [0, 1][:len(pick)],
                       [[1.0, 1.0], [1.0, 1.0]], w2)
        out.append(replace(group, members=tuple(members[i] for i in c)))
    return out


def _group(
    members: list[Member],
    found: list[_Words],
    indices: list[int],
    sim: list[list[float]],
    w2: Mapping[str, float],
) -> Group:
    size = len(members)
    if size == 1:
        label = _text(members[0].ablation) or UNNAMED
        return Group(label, tuple(members), (), 1.0, _slug(w for _, w in found[0].label) or _slug([label]))
    pairs = [(i, j) for x, i in enumerate(indices) for j in indices[x + 1 :]]
    score = sum(sim[i][j] for i, j in pairs) / len(pairs) if pairs else 1.0

    counts = Counter(t for f in found for t in f.terms)
    shared = sorted((t for t, c in counts.items() if c > 1), key=lambda t: (-counts[t], -w2[t], t))
    surface: dict[str, Counter[str]] = {t: Counter() for t in shared}
    for f in found:
        for term_, word in f.pairs:
            if term_ in surface:
                surface[term_][word.lower()] += 1
    shared_words = tuple(dict.fromkeys(  # (two terms may show as one word: "CNN" for cnn)
        min(surface[t].items(), key=lambda kv: (-kv[1], kv[0]))[0] for t in shared))

    # Label: the member most similar to the rest of the group, preferring texts short enough
    # to read as a heading; then the shorter text, then model id and index.
    def rank(x: int) -> tuple[bool, float, int, str, int]:
        i, m = indices[x], members[x]
        text = _text(m.ablation)
        closeness = sum(sim[i][j] for j in indices)
        return (len(text) > LABEL_MAX, -closeness, len(text), m.model, m.index)

    best = min(range(size), key=rank)
    label = _text(members[best].ablation) or UNNAMED
    # slug: the label's words that the members share, in the label's order ("block-size"),
    # else the shared words, else the label's words
    in_label = list(dict.fromkeys(w.lower() for t, w in found[best].label if t in surface))
    slug = _slug(in_label) or _slug(shared_words) or _slug(w for _, w in found[best].label) or _slug([label])
    return Group(label, tuple(members), shared_words, round(min(1.0, score), 4), slug)


def anchors(groups: Sequence[Group], prefix: str = "group-") -> tuple[str, ...]:
    """Page anchors for groups, in order: ``prefix`` + the group's slug, made unique on the
    page by a number (``group-block-size-2``); ``<anchor>-members`` is never another's anchor."""
    taken: set[str] = set()
    out = []
    for g in groups:
        base = prefix + (g.slug or "ablation")
        anchor, n = base, 1
        while anchor in taken or anchor + "-members" in taken:
            n += 1
            anchor = f"{base}-{n}"
        taken.update((anchor, anchor + "-members"))
        out.append(anchor)
    return tuple(out)


#: A group's slug is made of at most this many words.
SLUG_WORDS = 4


def _slug(words_: Iterable[str]) -> str:
    """Lower-case ASCII words joined by hyphens (at most SLUG_WORDS, 48 characters), "" if none."""
    out: list[str] = []
    for word in words_:
        ascii_ = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii").lower()
        out += [w for w in re.split(r"[^a-z0-9]+", ascii_) if w]
        if len(out) >= SLUG_WORDS:
            break
    return "-".join(out[:SLUG_WORDS])[:48].strip("-")


def _text(ablation: Ablation) -> str:
    """The ablated part, else the name, whitespace collapsed ("" when both are blank)."""
    return " ".join(ablation.ablated_part.split()) or " ".join(ablation.name.split())
