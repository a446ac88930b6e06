"""The models: a page per model (its charts and trajectories) and the models index."""

from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from generator import layout
from generator.analysis import charts
from generator.analysis.vocabulary import count_metrics
from generator.pages.fragments import actions_summary, table
from generator.pages.rows import Row
from generator.records import ModelInfo
from generator.untrusted.text import html_text as t

TEMPLATE = "model.md.j2"
INDEX_TEMPLATE = "models_index.md.j2"
INDEX = layout.index_page(layout.MODELS)


def context(m: ModelInfo, mine: list[Row], summary: dict, compared: list[dict] | None = None) -> dict:
    """A model's page; ``compared``: :func:`generator.pages.comparisons.model_sections`."""
    to = layout.linker(layout.model_page(m.slug))
    papers = len({r.paper.id for r in mine})
    rows_table = table(
        [("Paper", ""), ("Task", ""), ("Ablations", "tj-num"), ("Actions", "")],
        [(Markup(f'<a href="{to(r.page)}">{t(r.paper.title)}</a>'), r.paper.task or "—", len(r.t.ablations),
          actions_summary(r.action_counts)) for r in mine])
    return {
        "model": m, "rows": mine, "zips": sorted({to(r.zip) for r in mine}), "table": rows_table,
        "total_ablations": summary["ablations"], "actions": actions_summary(summary["action_counts"]),
        "per_plan_chart": Markup(charts.histogram(
            Counter(len(r.t.ablations) for r in mine), chart_id=f"plan-sizes-{m.slug}",
            title=f"Ablations per plan, {m.name}, all its {papers} papers", x_label="Ablations in the plan")),
        "metrics_chart": Markup(charts.top_bars(
            count_metrics(x for r in mine for a in r.t.ablations for x in a.metrics)[:12],
            chart_id=f"metrics-{m.slug}", title=f"Most frequent metrics, {m.name}, all its {papers} papers")),
        "papers": papers, "compared": compared or [],
    }


def summary_table(summaries: list[dict], page: str, *, papers: bool) -> Markup:
    """The models as a table (the home page's and the models index's)."""
    to = layout.linker(page)
    head = [("Model", ""), ("Trajectories", "tj-num")] + ([("Papers", "tj-num")] if papers else [])
    head += [("Ablations", "tj-num")] + ([("Per plan", "tj-num")] if papers else []) + [("Actions", "")]
    rows = []
    for s in summaries:
        row = [Markup(f'<a href="{to(s["page"])}">{t(s["model"].name)}</a>'), s["trajectories"]]
        row += [s["papers"]] if papers else []
        row += [s["ablations"]] + ([f"{s['ablations'] / (s['trajectories'] or 1):.1f}"] if papers else [])
        rows.append(row + [actions_summary(s["action_counts"])])
    return table(head, rows)


def index_context(summaries: list[dict], rows: list[Row], compared: list[dict] | None = None) -> dict:
    """The models index; ``compared``: :func:`generator.pages.comparisons.index_sections`."""
    return {
        "rows": summaries, "table": summary_table(summaries, INDEX, papers=True),
        "papers": len({r.paper.id for r in rows}), "compared": compared or [],
        "mix_chart": Markup(charts.action_mix([(s["model"].name, dict(s["action_counts"])) for s in summaries],
                                              chart_id="action-mix",
                                              title="Action mix by model, all papers (models cover different papers)")),
        "metrics_chart": Markup(charts.top_bars(
            count_metrics(x for r in rows for a in r.t.ablations for x in a.metrics)[:15],
            chart_id="metrics-all", title="Most frequent metrics, all models, all papers")),
    }
