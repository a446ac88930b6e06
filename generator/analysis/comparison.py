"""Models compared on the papers they share, task by task. Pure: plans in, figures out.

Models cover different papers (in the AblationBench corpus GPT-4o planned for 561, three
others for 362 each) and the two tasks ask for different plans (up to 5 ablations for
AuthorAblation, 2 for ReviewerAblation): a figure over each model's own papers compares
different things. :func:`compare` keeps, for one planner, the papers that *every* model
planned with it, splits them by task (``unknown`` for papers without one) and computes each
model's figures on exactly those papers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.analysis.vocabulary import action_counts, count_metrics, metric_key
from generator.records import Ablation

UNKNOWN_TASK = "unknown"


@dataclass(frozen=True)
class Plan:
    """One trajectory as the comparison sees it."""

    model: str  # model id
    planner: str
    paper: str  # paper id
    task: str | None
    ablations: tuple[Ablation, ...]


@dataclass(frozen=True)
class Figures:
    """One model's figures on a set of papers."""

    model: str
    plans: int
    ablations: int
    actions: tuple[tuple[str, int], ...]  # (action, count), as vocabulary.action_counts
    metric_plans: dict[str, int]  # metric key -> plans with an ablation measured by it

    @property
    def per_plan(self) -> float:
        return self.ablations / self.plans if self.plans else 0.0


@dataclass(frozen=True)
class Split:
    """The papers of one task that every model planned, and each model's figures on them."""

    task: str  # a task name, or UNKNOWN_TASK
    papers: tuple[str, ...]  # paper ids, sorted
    figures: tuple[Figures, ...]  # in the order of the models given
    top_metrics: tuple[tuple[str, str], ...]  # (key, most common spelling): the most used keys


@dataclass(frozen=True)
class Comparison:
    """One planner's models on the papers they all planned."""

    planner: str
    models: tuple[str, ...]
    papers: dict[str, int]  # model id -> papers it planned with this planner (all of them)
    shared: tuple[str, ...]  # paper ids every model planned, sorted
    splits: tuple[Split, ...]  # by task: the known tasks by name, then UNKNOWN_TASK


def compare(plans: Iterable[Plan], models: Sequence[str], *, top: int = 8) -> list[Comparison]:
    """One :class:`Comparison` per planner (sorted), over the ``models`` (ids, in display order)
    that planned with it; a planner used by fewer than two models is left out."""
    by_planner: dict[str, dict[str, dict[str, Plan]]] = {}
    for p in plans:
        by_planner.setdefault(p.planner, {}).setdefault(p.model, {})[p.paper] = p
    out = []
    for planner in sorted(by_planner):
        mine = by_planner[planner]
        here = tuple(m for m in models if m in mine)
        if len(here) < 2:
            continue
        shared = set.intersection(*(set(mine[m]) for m in here))
        tasks: dict[str, list[str]] = {}
        for paper in sorted(shared):
            tasks.setdefault(mine[here[0]][paper].task or UNKNOWN_TASK, []).append(paper)
        order = sorted(tasks, key=lambda k: (k == UNKNOWN_TASK, k))
        splits = tuple(_split(task, tasks[task], [[mine[m][p] for p in tasks[task]] for m in here], here, top)
                       for task in order)
        out.append(Comparison(planner, here, {m: len(mine[m]) for m in here}, tuple(sorted(shared)), splits))
    return out


def _split(task: str, papers: list[str], per_model: list[list[Plan]], models: Sequence[str], top: int) -> Split:
    figures = []
    for model, plans in zip(models, per_model):
        ablations = [a for p in plans for a in p.ablations]
        keys: Counter[str] = Counter()
        for p in plans:
            keys.update({metric_key(m) for a in p.ablations for m in a.metrics} - {""})
        figures.append(Figures(model, len(plans), len(ablations), action_counts(a.action for a in ablations), dict(keys)))
    spelled = count_metrics(m for plans in per_model for p in plans for a in p.ablations for m in a.metrics)
    return Split(task, tuple(papers), tuple(figures), tuple((metric_key(label), label) for label, _ in spelled[:top]))
