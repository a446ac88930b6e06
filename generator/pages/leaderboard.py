"""The leaderboard page and ``data/leaderboard.json``: judge scores per planner, model and task.

Only trajectories with an attached evaluation count (an evaluation with no trajectory was
reported in the build, not counted). Without any evaluation the page says how to add
judge outputs, and the data file has no rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup

from generator import layout
from generator.analysis import charts
from generator.analysis.leaderboard import Comparison, Entry, Score, comparisons, entries, RESAMPLES
from generator.output import jsontext
from generator.pages.fragments import score, table
from generator.pages.rows import Row
from generator.records import ModelInfo
from generator.untrusted.text import html_text as t

TEMPLATE = "leaderboard.md.j2"
METHOD = ("Paired comparison: two planner/model pairs are compared on the papers of one task that both were "
          "evaluated on, by the mean of their per-paper F1 differences. The 95% interval is a percentile "
          f"bootstrap ({RESAMPLES:,} resamples of those papers with replacement, from a fixed seed); an "
          "interval that contains 0 means no clear difference.")


def scores(rows: Sequence[Row]) -> list[Score]:
    return [Score(r.t.planner, r.model.id, r.evaluation.task or r.paper.task, r.paper.id, r.evaluation.precision,
                  r.evaluation.recall, r.evaluation.f1, r.evaluation.ndcg, r.evaluation.cost, r.evaluation.judge)
            for r in rows if r.evaluation is not None]


def board(rows: Sequence[Row]) -> tuple[list[Entry], list[Comparison], list[Score]]:
    """The leaderboard's entries and comparisons (the bootstrap: computed once per process)."""
    s = scores(rows)
    return entries(s), comparisons(s), s


def data(entries_: Sequence[Entry], pairs: Sequence[Comparison], names: Mapping[str, ModelInfo]) -> str:
    """``data/leaderboard.json``: ``rows`` (one per planner, model and task) and ``comparisons``."""
    def name(model: str) -> str:
        return names[model].name if model in names else model

    return jsontext.dumps({
        "rows": [{"planner": e.planner, "model": e.model, "model_name": name(e.model), "task": e.task,
                  "papers": e.papers, "precision": e.precision, "recall": e.recall, "f1": e.f1, "ndcg": e.ndcg,
                  "cost": e.cost, "judges": [{"judge": j, "papers": n} for j, n in e.judges]} for e in entries_],
        "comparisons": [{"task": c.task, "a": {"planner": c.a[0], "model": c.a[1]},
                         "b": {"planner": c.b[0], "model": c.b[1]}, "papers": c.papers, "f1_a": c.f1_a,
                         "f1_b": c.f1_b, "diff": c.diff, "ci_low": c.low, "ci_high": c.high,
                         "clear": c.clear} for c in pairs],
        "method": METHOD,
    }) + "\n"


def context(entries_: Sequence[Entry], pairs: Sequence[Comparison], all_scores: Sequence[Score],
            models: Sequence[ModelInfo]) -> dict:
    to = layout.linker(layout.LEADERBOARD)
    by_id = {m.id: m for m in models}
    several = len({e.planner for e in entries_}) > 1

    def who(planner: str, model: str) -> Markup:
        m = by_id.get(model)
        label = Markup(f'<a href="{to(layout.model_page(m.slug))}">{t(m.name)}</a>') if m else t(model)
        return Markup(f"{label} <small>({t(planner)})</small>") if several else label

    def num(value: float | None) -> Markup:
        key = "" if value is None else f"{value:.6f}"
        return Markup(f'<span data-sort="{key}">{score(value)}</span>')

    tasks = []
    for task in dict.fromkeys(e.task for e in entries_):
        mine = [e for e in entries_ if e.task == task]
        head = [("Model", ""), ("Papers", "tj-num"), ("Precision", "tj-num"), ("Recall", "tj-num"),
                ("F1", "tj-num")] + ([("NDCG", "tj-num")] if any(e.ndcg is not None for e in mine) else [])
        head += [("Judge cost", "tj-num"), ("Judge", "")]
        rows = [[who(e.planner, e.model), e.papers, num(e.precision), num(e.recall), num(e.f1)]
                + ([num(e.ndcg)] if len(head) == 8 else [])
                + [Markup(f'<span data-sort="{e.cost or 0:.6f}">{"—" if e.cost is None else f"${e.cost:.4f}"}</span>'),
                   ", ".join(f"{j} ({n})" if len(e.judges) > 1 else j for j, n in e.judges)] for e in mine]
        pairs_here = [c for c in pairs if c.task == task]
        compared = table(
            [("Higher", ""), ("Lower", ""), ("Papers", "tj-num"), ("F1", "tj-num"),
             ("Difference [95% interval]", "tj-num"), ("Reading", "")],
            [[who(*c.a), who(*c.b), c.papers,
              Markup(f'<span data-sort="{c.f1_a:.6f}">{score(c.f1_a)} vs {score(c.f1_b)}</span>'),
              Markup(f'<span data-sort="{c.diff:.6f}">{c.diff:+.2f}'
                     + ("" if c.low is None else f" [{c.low:+.2f}, {c.high:+.2f}]") + "</span>"),
              Markup('<strong>higher</strong>') if c.clear else
              ("too few papers" if c.low is None else "no clear difference")] for c in pairs_here],
            cls="tj-table tj-sortable") if pairs_here else None
        series = [(f"{by_id[e.model].name if e.model in by_id else e.model}" + (f" ({e.planner})" if several else ""),
                   [s.f1 for s in all_scores if (s.planner, s.model, s.task) == (e.planner, e.model, e.task)])
                  for e in mine]
        slug = "unknown" if task is None else task.lower()
        tasks.append({
            "name": task or "Unknown task", "anchor": f"task-{slug}", "papers": len({s.paper for s in all_scores
                                                                                   if s.task == task}),
            "table": table(head, rows, cls="tj-table tj-sortable"), "pairs": compared, "pairs_anchor": f"pairs-{slug}",
            "chart": Markup(charts.score_rows(series, chart_id=f"f1-{slug}", title=f"F1 per paper, {task or 'unknown task'}")),
        })
    return {"tasks": tasks, "method": METHOD, "data_href": to(layout.LEADERBOARD_JSON),
            "papers_json": to(layout.PAPERS_JSON), "trajectories_json": to(layout.TRAJECTORIES_JSON),
            "evaluated": len(all_scores)}
