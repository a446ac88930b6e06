"""The models compared on the papers they share, split by task: the models index's sections
and each model page's table (:mod:`generator.analysis.comparison` computes the figures)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup

from generator import layout
from generator.analysis import compare_charts
from generator.analysis.comparison import Comparison, Plan, Split, compare
from generator.pages.fragments import actions_summary, table
from generator.pages.rows import Row
from generator.pipeline.catalog import slugify
from generator.records import ModelInfo
from generator.untrusted.text import html_text as t

TOP_METRICS = 6  # metric keys in a comparison's metrics table


def comparisons(rows: Sequence[Row], models: Sequence[ModelInfo]) -> list[Comparison]:
    return compare((Plan(r.model.id, r.t.planner, r.paper.id, r.paper.task, r.t.ablations) for r in rows),
                   [m.id for m in models])


def anchor(c: Comparison, s: Split | None = None, several: bool = False) -> str:
    base = "shared" + (f"-{slugify(c.planner)}" if several else "")
    return f"{base}-{slugify(s.task)}" if s is not None else base


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


def split_table(s: Split, names: dict[str, ModelInfo], to: Callable[..., str], here: str | None = None) -> Markup:
    """Per model on the split's papers: plans, ablations per plan, actions, share of plans
    using each of the most used metric keys. ``here``: a model id whose row is marked."""
    metrics = s.top_metrics[:TOP_METRICS]
    head = [("Model", ""), ("Plans", "tj-num"), ("Per plan", "tj-num"), ("Actions", "")]
    head += [(label, "tj-num") for _, label in metrics]
    body = []
    for f in s.figures:
        m = names[f.model]
        name = (Markup(f"<strong>{t(m.name)}</strong> (this model)") if f.model == here
                else Markup(f'<a href="{to(layout.model_page(m.slug))}">{t(m.name)}</a>'))
        body.append([name, f.plans, f"{f.per_plan:.2f}", actions_summary(f.actions)]
                    + [_pct(f.metric_plans.get(key, 0), f.plans) for key, _ in metrics])
    return Markup(f'<div class="tj-cmp-scroll">{table(head, body, cls="tj-table tj-cmp-table")}</div>')


def index_sections(cs: Sequence[Comparison], models: Sequence[ModelInfo], page: str) -> list[dict]:
    """The models index's comparison: per planner, per task, a table and two charts."""
    to = layout.linker(page)
    names = {m.id: m for m in models}
    several = len(cs) > 1
    out = []
    for c in cs:
        covered = ", ".join(f"{names[m].name} {c.papers[m]:,}" for m in c.models)
        splits = []
        for s in c.splits:
            label = f"{s.task} papers" if s.task != "unknown" else "papers of unknown task"
            ident = anchor(c, s, several)
            splits.append({
                "task": s.task, "papers": len(s.papers), "anchor": ident, "table": split_table(s, names, to),
                "mix": Markup(compare_charts.mix([(names[f.model].name, dict(f.actions)) for f in s.figures],
                                                 chart_id=f"mix-{ident}",
                                                 title=f"Action mix on the {len(s.papers):,} shared {label}")),
                "per_plan": Markup(compare_charts.bars([(names[f.model].name, f.per_plan, f"{f.per_plan:.2f}")
                                                        for f in s.figures], chart_id=f"per-plan-{ident}",
                                                       title=f"Ablations per plan on the {len(s.papers):,} shared {label}")),
            })
        out.append({"planner": c.planner, "several": several, "anchor": anchor(c, None, several),
                    "models": len(c.models), "shared": len(c.shared), "covered": covered, "splits": splits})
    return out


def model_sections(cs: Sequence[Comparison], models: Sequence[ModelInfo], model: ModelInfo, page: str) -> list[dict]:
    """A model page's comparison: each planner's shared papers that include this model."""
    to = layout.linker(page)
    names = {m.id: m for m in models}
    several = len(cs) > 1
    return [{"planner": c.planner, "several": several, "models": len(c.models), "shared": len(c.shared),
             "own": c.papers[model.id], "href": to(layout.index_page(layout.MODELS), anchor(c, None, several)),
             "splits": [{"task": s.task, "papers": len(s.papers), "table": split_table(s, names, to, here=model.id)}
                        for s in c.splits]}
            for c in cs if model.id in c.models]
