"""The pages about the whole site: the home page and the build report.

The home page opens with a short text on AblationBench (what it is, its tasks, what a
trajectory holds) with links to the benchmark's paper and code (:data:`BENCHMARK_LINKS`);
a hand-written ``_intro.md`` in the docs folder replaces that text (``layout.INTRO``).
"""

from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from generator import layout
from generator.analysis import coverage
from generator.pages.fragments import table
from generator.pages.models import summary_table
from generator.pages.rows import Row
from generator.records import Catalog
from generator.untrusted.text import html_text

HOME_TEMPLATE = "home.md.j2"
REPORT_TEMPLATE = "report.md.j2"
# The benchmark the trajectories come from (the home page's default intro links to them).
BENCHMARK_LINKS = {
    "paper": "https://arxiv.org/abs/2507.08038",
    "code": "https://github.com/ai-scientist-bench/ablation-bench",
}


def home_context(catalog: Catalog, rows: list[Row], summaries: list[dict], site_name: str,
                 intro: str | None) -> dict:
    to = layout.linker(layout.HOME)
    pages_by_cell = {(r.paper.id, r.model.id): r.page for r in rows}
    repaired = sum(1 for r in rows if r.t.repairs)
    zips = sorted({(r.model.name, r.t.planner, r.zip) for r in rows})
    return {
        "site_name": site_name, "intro": Markup(intro) if intro else None, "to": to,
        "links": BENCHMARK_LINKS, "planners": sorted({r.t.planner for r in rows}),
        "coverage_text": coverage_text(catalog, rows), "coverage_table": coverage_table(catalog, rows),
        "stats": {
            "trajectories": len(rows), "papers": len(catalog.papers), "models": len(catalog.models),
            "ablations": sum(len(r.t.ablations) for r in rows), "files": catalog.report.files,
            "errors": len(catalog.report.errors), "duplicates": len(catalog.report.duplicates),
            "repaired": repaired,
            # trajectories per planner, when there are several: "1,348 agent-planner, 2,071 lm-planner"
            "planners": sorted(Counter(r.t.planner for r in rows).items()),
        },
        "models_table": summary_table(summaries, layout.HOME, papers=False),
        "zips": zips, "several_planners": len({planner for _, planner, _ in zips}) > 1,
        "papers_index": layout.index_page(layout.PAPERS), "models_index": layout.index_page(layout.MODELS),
        "trajectories_json": layout.TRAJECTORIES_JSON, "ablations_csv": layout.ABLATIONS_CSV,
        "report_json": layout.REPORT_JSON, "report_page": layout.REPORT,
        "coverage_chart": Markup(coverage.coverage(
            [(p.id, p.title) for p in catalog.papers], [(m.id, m.name) for m in catalog.models],
            {(r.paper.id, r.model.id): len(r.t.ablations) for r in rows},
            chart_id="coverage-chart", title="Which model planned for which paper",
            link=lambda paper, model: to(pages_by_cell[(paper, model)]) if (paper, model) in pages_by_cell else None)),
    }


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def coverage_text(catalog: Catalog, rows: list[Row]) -> str:
    """Which models planned for how many papers, in a sentence or two (plain text)."""
    total = len(catalog.papers)
    covered: dict[str, set[str]] = {m.id: set() for m in catalog.models}
    for r in rows:
        covered[r.model.id].add(r.paper.id)
    with_task = {p.id for p in catalog.papers if p.task}
    by_count: dict[int, list] = {}
    for m in catalog.models:
        by_count.setdefault(len(covered[m.id]), []).append(m)
    parts = []
    for n, models in sorted(by_count.items(), reverse=True):
        names = _names([m.name for m in models])
        amount = f"all {total}" if n == total else str(n)
        if not parts:
            verb = "has" if len(models) == 1 else "have"
            parts.append(f"{names} {verb} trajectories for {amount} papers")
        else:
            parts.append(f"{names} for {amount}")
        if 0 < len(with_task) < total and all(covered[m.id] == with_task for m in models):
            parts[-1] += ", exactly the papers with a benchmark task"
    lead = ("Every model planned for every paper" if by_count.keys() == {total}
            else "Not every model planned for every paper")
    text = f"{lead}: {'; '.join(parts)}."
    if with_task and len(with_task) < total:
        text += (f" {len(with_task)} papers have a benchmark task in the metadata, {total - len(with_task)} "
                 "have none (the build report lists them).")
    return text


def coverage_table(catalog: Catalog, rows: list[Row]) -> Markup:
    """Papers per model and benchmark task: the coverage chart's numbers, readable anywhere."""
    tasks = sorted({p.task for p in catalog.papers if p.task})
    none = any(not p.task for p in catalog.papers)
    columns = [*tasks, *([None] if none else [])]
    counts: dict[str, Counter] = {m.id: Counter() for m in catalog.models}
    for r in rows:
        counts[r.model.id][r.paper.task or None] += 1
    everyone = Counter(p.task or None for p in catalog.papers)
    head = [("Model", "")] + [(c or "No task", "tj-num") for c in columns] + [("Papers", "tj-num")]
    body = [[m.name, *(counts[m.id][c] for c in columns), sum(counts[m.id].values())] for m in catalog.models]
    body.append([Markup("<strong>All papers</strong>"), *(everyone[c] for c in columns), len(catalog.papers)])
    return table(head, body)


def untitled(catalog: Catalog) -> list:
    """Papers titled by their id: no title in the metadata, and none to be read from the id."""
    return [p for p in catalog.papers if p.title == p.id]


def report_context(catalog: Catalog, rows: list[Row]) -> dict:
    report = catalog.report
    repaired = [r for r in rows if r.t.repairs]
    kinds = Counter(s.fixer.split(":")[0] for r in repaired for s in r.t.repairs).most_common()

    def code(value: str) -> Markup:
        return Markup(f"<code>{html_text(value)}</code>")

    return {
        "report": report, "to": layout.linker(layout.REPORT), "report_json": layout.REPORT_JSON,
        "untitled": [(p, layout.paper_page(p.slug)) for p in untitled(catalog)],
        "no_task": [(p, layout.paper_page(p.slug)) for p in catalog.papers if not p.task],
        "repair_kinds": kinds,
        "repaired": [{"label": f"{r.paper.title} — {r.model.name}", "page": r.page,
                      "repairs": [s.describe() for s in r.t.repairs]} for r in repaired],
        "errors_table": table([("File", ""), ("What is wrong", "")],
                              [(code(e.source), e.message) for e in report.errors]),
        "duplicates_table": table([("File", ""), ("Kept instead", ""), ("Why", "")],
                                  [(code(d.source), code(d.kept), d.reason) for d in report.duplicates]),
        "repairs_table": table([("Repair", ""), ("Trajectories", "tj-num")], kinds),
        "skipped_table": table([("File", ""), ("What it is, and why it was not read", "")],
                               [(code(s.source), s.message) for s in report.skipped]),
        "warnings_table": table([("File", ""), ("Warning", "")],
                                [(code(w.source), w.message) for w in report.warnings]),
    }
