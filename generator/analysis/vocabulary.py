"""The vocabulary of ablation plans: actions and metric names, one place for every reader.

- **Actions**: AblationBench's ``REMOVE``, ``REPLACE`` and ``ADD``; anything else a model
  wrote is kept as written (upper-cased) and counted as "other".
- **Metric keys**: the key under which spellings of one metric are counted and filtered
  (:func:`metric_key`); published as ``metric_keys`` beside each ablation's metrics.
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


# a trailing unit or direction in brackets ("(%)", "(↑)", "[dB]", "(lower is better)"), or bare
_UNIT = re.compile(r"\s*(?:[(\[]\s*(?:%|‰|↑|↓|s|sec|secs|seconds|ms|min|h|hours|mb|gb|db|x|"
                   r"(?:higher|lower) is better)\s*[)\]]|%|↑|↓)$")
_SEPARATORS = re.compile(r"[-_/\s]+")
_AT = re.compile(r"\s*@\s*")
_AT_WORDS = re.compile(r"\b(recall|precision|hits|pass|ndcg|r|p|acc|accuracy) at (\d+)\b")
_DIGITS_AFTER_WORD = re.compile(r"\b([a-z]+) (\d+)\b")
# spellings of one metric (after the rules above): their key
METRIC_ALIASES = {
    "acc": "accuracy", "f1 measure": "f1", "f measure": "f1", "ppl": "perplexity",
    "mean absolute error": "mae", "mean squared error": "mse", "mean square error": "mse",
    "root mean squared error": "rmse", "root mean square error": "rmse",
    "auc roc": "auroc", "roc auc": "auroc", "area under the roc curve": "auroc", "auc of roc": "auroc",
    "aupr": "auprc", "pr auc": "auprc", "auc pr": "auprc",
    "negative log likelihood": "nll", "word error rate": "wer", "character error rate": "cer",
    "intersection over union": "iou", "mean iou": "miou", "mean intersection over union": "miou",
    "peak signal to noise ratio": "psnr", "structural similarity": "ssim", "structural similarity index": "ssim",
    "frechet inception distance": "fid", "fréchet inception distance": "fid", "inception": "is",
    "average precision": "ap", "mean average precision": "map",
    "top1 acc": "top1 accuracy", "top5 acc": "top5 accuracy", "r": "recall", "p": "precision",
    "bleu4": "bleu4", "rougel": "rouge l",
}


@lru_cache(maxsize=65536)
def metric_key(metric: str) -> str:
    """The key under which the spellings of one metric are counted, filtered and charted.

    Case, Unicode compatibility forms, whitespace, hyphens, underscores, Markdown emphasis or
    quotes around the name, trailing punctuation, a trailing unit or direction ("(%)", "↑") and
    a trailing "score" do not matter; "@k" is written one way (``recall@10`` for "Recall @ 10",
    "R@10", "recall at 10"); a number after a word is joined to it ("Top-1" → ``top1``); and
    common aliases are one key (:data:`METRIC_ALIASES`: "ACC" → ``accuracy``, "F1 score" → ``f1``,
    "Mean Absolute Error" → ``mae``). Different metrics stay apart: "F1" and "macro F1",
    "AP" and "AP50", "Top-1" and "Top-5". The text on pages is always the model's own.
    """
    s = " ".join(unicodedata.normalize("NFKC", metric).split()).lower()
    while True:
        stripped = _UNIT.sub("", s.rstrip(_TRAILING).strip().strip(_WRAPPERS).strip())
        if stripped == s:
            break
        s = stripped
    s = _AT.sub("@", _SEPARATORS.sub(" ", s).strip())
    s = _AT_WORDS.sub(r"\1@\2", s)
    s = _DIGITS_AFTER_WORD.sub(r"\1\2", s)
    words = s.split(" ")
    if len(words) > 1 and words[-1] == "score":
        s = " ".join(words[:-1])
    head, at, k = s.partition("@")
    head = METRIC_ALIASES.get(head, head)
    return f"{head}@{k}" if at else head


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


