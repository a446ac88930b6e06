"""The papers and trajectories indexes: paginated static tables plus facet data.

Each index is a plain table that works without JavaScript, split into pages of at most
``PAGE_SIZE`` rows so no page grows without bound, plus one compact JSON file
(``data/index/<kind>.json``) that ``facets.js`` filters in the browser (by model, task,
action, metric and free text, state kept in the URL). Row size is linear in what a row
shows: with many models, a paper's row lists only the models that planned for it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable, Sequence

from markupsafe import Markup

from generator import layout
from generator.output import jsontext
from generator.analysis.vocabulary import ACTIONS, OTHER, action_kind, metric_key
from generator.pipeline.run_path import LM_PLANNER
from generator.records import Catalog, ModelInfo, PaperInfo

GRID_MAX_MODELS = 8  # up to this many models, the papers index has one column per model


@dataclass(frozen=True)
class IndexRow:
    """One trajectory as the indexes see it (built by render from its rows)."""

    paper: PaperInfo
    model: ModelInfo
    page: str  # the trajectory page (.md path)
    paper_page: str
    ablations: int
    actions: tuple[tuple[str, int], ...]
    metrics: tuple[str, ...]
    names: tuple[str, ...]
    f1: float | None = None  # the judge's F1, when evaluated
    matched: int = 0  # proposals the judge matched (author) or found in the reviews (reviewer)
    unmatched: int = 0  # proposals the judge judged and did not
    planner: str = LM_PLANNER
    ablation_metrics: tuple[tuple[str, ...], ...] = ()  # each ablation's metrics, in plan order
    ablation_actions: tuple[str, ...] = ()  # each ablation's action, in plan order


def paper_chunks(catalog: Catalog, rows: Sequence[IndexRow]) -> list[list[dict]]:
    """Papers index rows (one per paper), split into pages."""
    by_paper: dict[str, list[IndexRow]] = {}
    for r in rows:
        by_paper.setdefault(r.paper.id, []).append(r)
    grid = len(catalog.models) <= GRID_MAX_MODELS
    out = []
    for paper in catalog.papers:
        here: dict[str, list[IndexRow]] = {}
        for r in sorted(by_paper[paper.id], key=lambda r: (r.planner != LM_PLANNER, r.planner)):
            here.setdefault(r.model.id, []).append(r)
        present = [r for m in catalog.models for r in here.get(m.id, ())]
        out.append({
            "paper": paper, "page": present[0].paper_page, "rows": present,
            "cells": [here.get(m.id, []) for m in catalog.models] if grid else None,
            "ablations": sum(r.ablations for r in present),
        })
    return _chunks(out)


def trajectory_chunks(rows: Sequence[IndexRow]) -> list[list[IndexRow]]:
    ordered = sorted(rows, key=lambda r: (r.paper.title.casefold(), r.paper.id, r.model.name.casefold(), r.planner))
    return _chunks(ordered)


def _chunks(items: list) -> list[list]:
    size = layout.INDEX_PAGE_SIZE
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def facet_data(kind: str, catalog: Catalog, rows: Sequence[IndexRow]) -> str:
    """Compact JSON for facets.js: vocabularies once, rows as small arrays of indices.

    URLs are relative to the site root. Row fields: ``t`` title, ``u`` URL, ``m`` model
    indices (one per trajectory), ``p`` planner indices (the same order), ``k`` task index
    (-1: none), ``n`` ablations, ``a`` counts of REMOVE/REPLACE/ADD/other, ``x`` metric keys
    joined by '|', ``s`` ablation names, ``b`` each ablation as ``[action index, its metric
    keys joined by '|']`` (trajectories: ``[action index, keys, name]``, in plan order: the
    facets match action and metric on one ablation, and say which); papers rows also ``w``
    trajectory URLs and ``v`` ablations per trajectory, in the order of ``m``.
    When any trajectory was judged (``scores`` true), rows also have ``f``: the judged F1s
    (one per judged trajectory) and ``g``: [matched, unmatched] proposals.
    """
    models = {m.id: i for i, m in enumerate(catalog.models)}
    planners = sorted({r.planner for r in rows}, key=lambda p: (p != LM_PLANNER, p))
    planner_index = {p: i for i, p in enumerate(planners)}
    kinds = [*ACTIONS, OTHER]
    tasks = sorted({p.task for p in catalog.papers if p.task})
    task_index = {t: i for i, t in enumerate(tasks)}
    metric_counts = Counter(metric_key(m) for r in rows for m in r.metrics)
    scores = any(r.f1 is not None for r in rows)
    groups: list[tuple[str, str, PaperInfo, list[IndexRow]]]
    if kind == "papers":
        by_paper: dict[str, list[IndexRow]] = {}
        for r in rows:
            by_paper.setdefault(r.paper.id, []).append(r)
        groups = [(p.title, layout.url_of(by_paper[p.id][0].paper_page), p, by_paper[p.id]) for p in catalog.papers]
    else:
        groups = [(r.paper.title, layout.url_of(r.page), r.paper, [r])
                  for chunk in trajectory_chunks(rows) for r in chunk]
    out_rows = []
    for title, url, paper, members in groups:
        members = sorted(members, key=lambda r: (models[r.model.id], planner_index[r.planner]))
        counts = Counter()
        for r in members:
            for action, n in r.actions:
                counts[action_kind(action)] += n
        out_rows.append({
            "t": title, "u": url,
            "m": [models[r.model.id] for r in members],
            "p": [planner_index[r.planner] for r in members],
            "k": task_index.get(paper.task, -1) if paper.task else -1,
            "n": sum(r.ablations for r in members),
            "a": [counts[a] for a in (*ACTIONS, OTHER)],
            "x": "|".join(sorted({metric_key(m) for r in members for m in r.metrics})),
            "s": " · ".join(n for r in members for n in r.names),
            "b": [[kinds.index(action_kind(a)), "|".join(sorted({metric_key(m) for m in ms})), *((name,) if kind != "papers" else ())]
                  for r in members for a, ms, name in zip(r.ablation_actions, r.ablation_metrics, r.names)],
        })
        if scores:
            out_rows[-1]["f"] = [r.f1 for r in members if r.f1 is not None]
            out_rows[-1]["g"] = [sum(r.matched for r in members), sum(r.unmatched for r in members)]
        if kind == "papers":  # (members are in the order of "m")
            out_rows[-1]["w"] = [layout.url_of(r.page) for r in members]
            out_rows[-1]["v"] = [r.ablations for r in members]
    data = {
        "kind": kind,
        "models": [m.name for m in catalog.models],
        "planners": planners,
        "tasks": tasks,
        "actions": kinds,
        "metrics": [m for m, c in metric_counts.most_common() if c >= 3],
        "rows": out_rows,
    }
    if scores:
        data["scores"] = True
    return jsontext.dumps(data) + "\n"


def pager(pages: list[str], current: int, to: Callable[[str], str], label: str = "Index pages") -> str:
    """'Page 1 2 3' links for a paginated index (empty when there is one page); ``label``
    names the landmark (each of a page's two pagers needs its own)."""
    if len(pages) < 2:
        return ""
    links = [f"<strong>{i + 1}</strong>" if i == current else f'<a href="{to(p)}">{i + 1}</a>'
             for i, p in enumerate(pages)]
    return Markup(f'<nav class="tj-pager" aria-label="{label}">Page {" ".join(links)}</nav>')


def _planner_tag(planner: str) -> str:
    """A planner's short name in a grid cell: 'lm', 'agent' (the id without '-planner')."""
    return planner.removesuffix("-planner") or planner


def context(kind: str, pages: list[str], number: int, chunk: list, *, total: int,
            models: Sequence[ModelInfo], grid: bool, scores: bool = False) -> dict:
    """What page ``number`` (0-based) of an index shows, links ready-made."""
    from generator.pages.fragments import actions_summary

    page = pages[number]
    to = layout.linker(page)
    if kind == "papers":
        several = len({r.planner for p in chunk for r in p["rows"]}) > 1 or any(
            r.planner != LM_PLANNER for p in chunk for r in p["rows"])
        shown = [{"paper": p["paper"], "href": to(p["page"]), "ablations": p["ablations"],
                  "rows": [{"model": r.model, "href": to(r.page), "planner": _planner_tag(r.planner) if several else ""}
                           for r in p["rows"]],
                  "cells": [[{"model": c.model, "ablations": c.ablations, "href": to(c.page), "planner": c.planner,
                              "tag": _planner_tag(c.planner) if several else ""} for c in cell] for cell in p["cells"]]
                  if p["cells"] is not None else None} for p in chunk]
    else:
        shown = [{"paper": r.paper, "model": r.model, "planner": r.planner, "href": to(r.page), "ablations": r.ablations,
                  "actions": actions_summary(r.actions), "f1": "—" if r.f1 is None else f"{r.f1:.2f}"} for r in chunk]
    return {
        "chunk": shown, "pages": len(pages), "page_no": number + 1, "total": total, "grid": grid, "scores": scores,
        "models": models, "root": layout.root_from(page), "facets": layout.facet_data(kind),
        "pager": pager(pages, number, to), "pager_end": pager(pages, number, to, "Index pages (end)"),
        "data_href": to(layout.facet_data(kind)), "trajectories_href": to(layout.TRAJECTORIES_JSON)
        if kind == "trajectories" else to(layout.index_page(layout.TRAJECTORIES)),
    }
