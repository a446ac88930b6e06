"""The per-ablation index: one row per proposed ablation, as static pages and as facet data.

Static pages (``ablations/index.md``, ``ablations/page-2/index.md``, …; at most
``layout.INDEX_PAGE_SIZE`` rows each, linked by a plain pager) are the whole index without
JavaScript. ``data/index/ablations.json`` is what ``ablations.js`` filters, sorts and
exports in the browser (format in :func:`data`). Facets there are *per ablation*: an
ablation is kept only when it passes every filter itself (``metric=fid&action=REMOVE``
keeps the ablations that are both, never a plan with one of each).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from generator import layout
from generator.analysis.vocabulary import ACTIONS, METRIC_ALIASES, OTHER, action_kind, count_metrics, metric_key
from generator.output import jsontext
from generator.pages.fragments import action_badge
from generator.pages.rows import Row
from generator.records import Ablation
from generator.untrusted.text import html_text as t

TEMPLATE = "ablations_index.md.j2"
KIND = layout.ABLATIONS


@dataclass(frozen=True)
class Item:
    """One proposed ablation: its plan (a row), its 1-based place in the plan, its verdict."""

    row: Row
    index: int
    ablation: Ablation
    verdict: int  # 1: matched / asked for by the reviews, 0: judged and not, -1: not judged


def items(rows: Sequence[Row]) -> list[Item]:
    """Every ablation of every plan, by paper title, model, planner, then plan order."""
    ordered = sorted(rows, key=lambda r: (r.paper.title.casefold(), r.paper.id, r.model.name.casefold(), r.t.planner))
    out = []
    for r in ordered:
        marks = r.evaluation.marks if r.evaluation is not None else ()
        for i, a in enumerate(r.t.ablations, 1):
            mark = marks[i - 1] if len(marks) >= i else None
            out.append(Item(r, i, a, -1 if mark is None else int(mark is True or (mark is not False and bool(mark)))))
    return out


def chunks(all_items: list[Item]) -> list[list[Item]]:
    size = layout.INDEX_PAGE_SIZE
    return [all_items[i:i + size] for i in range(0, len(all_items), size)] or [[]]


VERDICT_TEXT = {1: "✓ matched", 0: "✗ unmatched", -1: "—"}


def _html_row(item: Item, to: Callable[..., str], scored: bool) -> Markup:
    r, a = item.row, item.ablation
    cells = [
        f'<td><a href="{to(r.paper_page)}">{t(r.paper.title)}</a></td>',
        f"<td>{t(r.model.name)}</td>", f"<td>{t(r.t.planner)}</td>",
        f"<td>{action_badge(a.action)}</td>",
        f'<td><a href="{to(r.page, f"ablation-{item.index}")}">{t(a.name or "(untitled)")}</a></td>',
        f'<td class="tj-abl-part">{t(a.ablated_part)}</td>',
        f'<td class="tj-abl-metrics">{" · ".join(str(t(m)) for m in a.metrics)}</td>',
    ]
    if scored:
        cells.append(f"<td>{VERDICT_TEXT[item.verdict]}</td>")
    return Markup("<tr>" + "".join(cells) + "</tr>")


def context(pages: list[str], number: int, chunk: list[Item], *, total: int, papers: int, models: int,
            scored: bool) -> dict:
    """What page ``number`` (0-based) of the index shows, rows ready-made."""
    from generator.pages.indexes import pager

    page = pages[number]
    to = layout.linker(page)
    return {
        "rows": [_html_row(i, to, scored) for i in chunk], "total": total, "papers": papers, "models": models,
        "shown": len(chunk), "pages": len(pages), "page_no": number + 1, "scored": scored,
        "pager": pager(pages, number, to), "root": layout.root_from(page), "data": layout.facet_data(KIND),
        "data_href": to(layout.facet_data(KIND)), "csv_href": to(layout.ABLATIONS_CSV),
    }


def data(all_items: Sequence[Item], rows: Sequence[Row]) -> str:
    """Compact JSON for ``ablations.js`` (URLs relative to the site root).

    ``models``, ``planners``, ``tasks``, ``actions`` (REMOVE, REPLACE, ADD, other): names.
    ``papers``: ``[title, paper page URL, task index (-1: none), [model indices that planned
    it], paper id]``. ``plans``: ``[paper index, model index, planner index, trajectory URL]``.
    ``rows``: one per ablation, ``[plan index, n (1-based, for #ablation-n), action as
    written, action index, name, ablated part, [metrics as written], [metric keys],
    verdict (1 matched, 0 unmatched, -1 not judged)]``. ``metrics``: ``[key, most common
    spelling, count]`` of keys used at least twice, most used first; ``aliases``: the metric
    aliases of :data:`~generator.analysis.vocabulary.METRIC_ALIASES` (spelling → key).
    ``scores``: true when any ablation was judged.
    """
    models = sorted({r.model.id: r.model for r in rows}.values(), key=lambda m: m.name.casefold())
    model_index = {m.id: i for i, m in enumerate(models)}
    planners = sorted({r.t.planner for r in rows})
    planner_index = {p: i for i, p in enumerate(planners)}
    tasks = sorted({r.paper.task for r in rows if r.paper.task})
    task_index = {k: i for i, k in enumerate(tasks)}
    paper_index: dict[str, int] = {}
    papers: list[list] = []
    plan_index: dict[str, int] = {}
    plans: list[list] = []
    for item in all_items:
        r = item.row
        if r.page in plan_index:
            continue
        if r.paper.id not in paper_index:
            paper_index[r.paper.id] = len(papers)
            papers.append([r.paper.title, layout.url_of(r.paper_page), task_index.get(r.paper.task or "", -1), set(),
                           r.paper.id])
        papers[paper_index[r.paper.id]][3].add(model_index[r.model.id])
        plan_index[r.page] = len(plans)
        plans.append([paper_index[r.paper.id], model_index[r.model.id], planner_index[r.t.planner], layout.url_of(r.page)])
    for p in papers:
        p[3] = sorted(p[3])
    kinds = [*ACTIONS, OTHER]
    out_rows = []
    for item in all_items:
        a = item.ablation
        out_rows.append([plan_index[item.row.page], item.index, a.action, kinds.index(action_kind(a.action)),
                         a.name, a.ablated_part, list(a.metrics), [metric_key(m) for m in a.metrics], item.verdict])
    counts = count_metrics(m for item in all_items for m in item.ablation.metrics)
    out = {
        "kind": KIND, "models": [m.name for m in models], "planners": planners, "tasks": tasks, "actions": kinds,
        "papers": papers, "plans": plans, "rows": out_rows,
        "metrics": [[metric_key(label), label, n] for label, n in counts if n >= 2],
        "aliases": METRIC_ALIASES,
    }
    if any(item.verdict >= 0 for item in all_items):
        out["scores"] = True
    return jsontext.dumps(out) + "\n"
