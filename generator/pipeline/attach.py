"""Tie judge verdicts and ground truth to the catalog's trajectories.

An evaluation belongs to the trajectory with its (planner, model, paper), whatever file
that trajectory came from. Several judges may have judged the same plan: one is shown per
trajectory (the majority vote first, as the benchmark's leaderboard does, then the judge
with the most evaluations, then by name); the others are reported as duplicates. What
cannot be tied is reported, never dropped in silence: an evaluation with no trajectory, a
dataset row with no trajectory, a verdict naming an ablation the plan does not have.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from generator.records import (AUTHOR_TASK, Catalog, Duplicate, Evaluation, Issue, PaperInfo, Reference,
                               Trajectory)

_SHOWN = 5  # names listed in one warning before "…"


def paper_meta(meta: Mapping[str, PaperInfo], references: Mapping[str, Reference],
               evaluations: Iterable[Evaluation]) -> tuple[dict[str, PaperInfo], list[Issue]]:
    """The paper metadata with each paper's title and task from the benchmark's own files.

    The dataset's ``paper_title`` wins over the metadata files; the task follows from the
    dataset that lists the paper, else from the judge folders that scored it, else from the
    metadata. A disagreement is a warning."""
    out = dict(meta)
    warnings: list[Issue] = []
    judged: dict[str, tuple[str, str]] = {}
    for e in evaluations:
        if e.task:
            judged.setdefault(e.paper, (e.task, e.source))
    for paper in sorted(set(references) | set(judged)):
        old = out.get(paper) or PaperInfo(paper, "")
        ref = references.get(paper)
        task, source = (ref.task, ref.source) if ref is not None and ref.task else judged.get(paper, (None, ""))
        if task and old.task and old.task != task:
            warnings.append(Issue(source, f"paper {paper!r} is {task} here but {old.task} in the paper metadata; "
                                  f"{task} is shown"))
        if ref is not None and ref.task and paper in judged and judged[paper][0] != ref.task:
            warnings.append(Issue(judged[paper][1], f"paper {paper!r} is judged as {judged[paper][0]} but the "
                                  f"dataset {ref.source} lists it as {ref.task}"))
        out[paper] = replace(old, title=(ref.title if ref is not None and ref.title else old.title),
                             task=task or old.task)
    return out, warnings


def attach(catalog: Catalog, evaluations: Sequence[Evaluation], references: Mapping[str, Reference], *,
           errors: Iterable[Issue] = (), warnings: Iterable[Issue] = (),
           duplicates: Iterable[Duplicate] = ()) -> Catalog:
    """The catalog with its trajectories' evaluations and its papers' references."""
    warned = list(warnings)
    dups = list(duplicates)
    trajectories = {t.key: t for t in catalog.trajectories}
    papers = {p.id: p for p in catalog.papers}
    chosen = _choose(evaluations, trajectories, warned, dups)
    attached = {}
    for key, e in chosen.items():
        task = e.task or papers[e.paper].task
        attached[key] = _marked(replace(e, task=task), trajectories[key], references.get(e.paper), warned)
    kept_refs = {p: r for p, r in references.items() if p in papers}
    orphans: dict[str, list[str]] = {}
    for paper, ref in references.items():
        if paper not in papers:
            orphans.setdefault(ref.source, []).append(paper)
    for source, names in orphans.items():
        warned.append(Issue(source, f"{_count(names, 'dataset row')} with no trajectory (reported, not shown): "
                        + _names(names)))
    report = catalog.report
    report = replace(
        report,
        errors=tuple(sorted((*report.errors, *errors), key=lambda i: i.source)),
        warnings=tuple(sorted((*report.warnings, *warned), key=lambda i: i.source)),
        duplicates=tuple(sorted((*report.duplicates, *dups), key=lambda d: d.source)),
    )
    return replace(catalog, report=report, evaluations=attached, references=kept_refs)


def _choose(evaluations: Sequence[Evaluation], trajectories: Mapping[tuple[str, str, str], Trajectory],
            warned: list[Issue], dups: list[Duplicate]) -> dict[tuple[str, str, str], Evaluation]:
    """One evaluation per trajectory; orphans and the other judges' evaluations reported."""
    size = Counter(e.judge for e in evaluations)
    rank = {j: i for i, j in enumerate(sorted(size, key=lambda j: ("majority" not in j.lower(), -size[j], j)))}
    by_key: dict[tuple[str, str, str], list[Evaluation]] = {}
    orphans: dict[str, list[Evaluation]] = {}
    for e in evaluations:
        if e.key in trajectories:
            by_key.setdefault(e.key, []).append(e)
        else:
            orphans.setdefault(e.source, []).append(e)
    for source, lost in orphans.items():
        warned.append(Issue(source, f"{_count(lost, 'evaluation')} of {lost[0].planner} / {lost[0].model} with no "
                            "trajectory (reported, not counted): " + _names([e.paper for e in lost])))
    chosen: dict[tuple[str, str, str], Evaluation] = {}
    shadowed: dict[tuple[str, str], int] = {}
    for key, group in by_key.items():
        group.sort(key=lambda e: (rank[e.judge], e.source))
        chosen[key] = group[0]
        for other in group[1:]:
            pair = (other.source, group[0].source)
            shadowed[pair] = shadowed.get(pair, 0) + 1
    for (source, kept), n in sorted(shadowed.items()):
        dups.append(Duplicate(source, kept, f"{_count(range(n), 'evaluation')} of plans another judge also scored; "
                              "one judge is shown per trajectory (the majority vote first)"))
    return chosen


def _marked(e: Evaluation, t: Trajectory, ref: Reference | None, warned: list[Issue]) -> Evaluation:
    """``e`` with its per-ablation marks and missed references, from its verdicts."""
    if e.matches is None and e.in_review is None:
        return e
    exact: dict[str, list[int]] = {}
    loose: dict[str, list[int]] = {}
    for i, a in enumerate(t.ablations):
        exact.setdefault(a.name, []).append(i)
        loose.setdefault(_fold(a.name), []).append(i)
    unknown: list[str] = []

    def find(name: str) -> list[int]:
        found = exact.get(name) or loose.get(_fold(name))
        if not found:
            unknown.append(name)
        return found or []

    marks: list = [None] * len(t.ablations)
    missed: tuple[str, ...] = ()
    if e.matches is not None:
        marks = [[] for _ in t.ablations]
        matched: set[str] = set()
        for paper_name, names in e.matches:
            for name in names:
                for i in find(name):
                    matched.add(paper_name)
                    if paper_name not in marks[i]:
                        marks[i].append(paper_name)
        order = [a.name for a in ref.ablations] if ref is not None and ref.task == AUTHOR_TASK else []
        order += [p for p, _ in e.matches if p not in order]
        missed = tuple(p for p in dict.fromkeys(order) if p not in matched)
        marks = [tuple(m) for m in marks]
    else:
        for name, flag in e.in_review or ():
            for i in find(name):
                marks[i] = flag or bool(marks[i])
    if unknown:
        warned.append(Issue(e.verdicts or e.source, f"the judge names {_count(unknown, 'ablation')} the plan of "
                            f"{t.source} does not have: " + _names(unknown)))
    return replace(e, marks=tuple(marks), missed=missed)


def _fold(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _count(items: Iterable, noun: str) -> str:
    n = len(list(items))
    return f"{n} {noun}{'s' if n != 1 else ''}"


def _names(names: Sequence[str]) -> str:
    shown = ", ".join(repr(n) for n in list(dict.fromkeys(names))[:_SHOWN])
    return shown + (", …" if len(set(names)) > _SHOWN else "")
