"""The vocabulary of ablation plans: actions and metric names, one place for every reader.

- **Actions**: AblationBench's ``REMOVE``, ``REPLACE`` and ``ADD``; anything else a model
  wrote is kept as written (upper-cased) and counted as "other".
- **Metric keys**: the key under which spellings of one metric are counted.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

ACTIONS = ("REMOVE", "REPLACE", "ADD")
OTHER = "other"
_TRAILING = ".,;:!?"
_WRAPPERS = "*_`\"'"


def action_slug(action: str) -> str:
    """A CSS-safe name for an action ('remove', 'replace', 'add', or a slug of another)."""
    slug = re.sub(r"[^a-z0-9]+", "-", (action or "none").lower()).strip("-")
    return slug or "none"


def action_kind(action: str) -> str:
    """The action, or :data:`OTHER` for one AblationBench does not define."""
    return action if action in ACTIONS else OTHER


def action_counts(actions: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """(action, count): the known actions first, in their order, then the others by name."""
    counts = Counter(actions)
    known = [(a, counts.pop(a)) for a in ACTIONS if a in counts]
    return tuple(known + sorted(counts.items()))


@lru_cache(maxsize=65536)
def metric_key(metric: str) -> str:
    """The key metric strings are counted under.

    Merges spellings that differ only by: Unicode compatibility forms (NFKC), letter case,
    runs of whitespace (collapsed; ends stripped), Markdown emphasis or quotes around the
    whole name (``**FID**``, ```FID```, ``"FID"``) and trailing ``. , ; : ! ?``.
    So "Accuracy", "accuracy " and "Accuracy." are one metric, while "Top-1 Accuracy",
    "Top-1 Accuracy (%)", "F1 score" and "F1-score" stay distinct (hyphens, brackets and
    units carry meaning).
    """
    s = " ".join(unicodedata.normalize("NFKC", metric).split()).lower()
    while True:
        stripped = s.rstrip(_TRAILING).strip().strip(_WRAPPERS).strip()
        if stripped == s:
            return s
        s = stripped


def count_metrics(metrics: Iterable[str]) -> list[tuple[str, int]]:
    """(label, count) per :func:`metric_key`, most frequent first (ties by key).

    The label is the key's most common spelling (first seen on a tie), whitespace-folded.
    Metrics with an empty key are dropped.
    """
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for metric in metrics:
        key = metric_key(metric)
        if key:
            counts[key] += 1
            spelled = spellings.get(key)
            if spelled is None:
                spelled = spellings[key] = Counter()
            spelled[" ".join(metric.split())] += 1
    order = sorted(counts, key=lambda k: (-counts[k], k))
    return [(spellings[k].most_common(1)[0][0], counts[k]) for k in order]


