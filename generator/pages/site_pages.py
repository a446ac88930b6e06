"""The pages about the whole site: the home page and the build report."""

from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from generator import layout
from generator.analysis import charts
from generator.pages.fragments import table
from generator.pages.models import summary_table
from generator.pages.rows import Row
from generator.records import Catalog
from generator.untrusted.text import html_text

HOME_TEMPLATE = "home.md.j2"
REPORT_TEMPLATE = "report.md.j2"


def home_context(catalog: Catalog, rows: list[Row], summaries: list[dict], site_name: str,
                 intro: str | None) -> dict:
    to = layout.linker(layout.HOME)
    pages_by_cell = {(r.paper.id, r.model.id): r.page for r in rows}
    repaired = sum(1 for r in rows if r.t.repairs)
    zips = sorted({(r.model.name, r.t.planner, r.zip) for r in rows})
    return {
        "site_name": site_name, "intro": Markup(intro) if intro else None, "to": to,
        "stats": {
            "trajectories": len(rows), "papers": len(catalog.papers), "models": len(catalog.models),
            "ablations": sum(len(r.t.ablations) for r in rows), "files": catalog.report.files,
            "errors": len(catalog.report.errors), "duplicates": len(catalog.report.duplicates),
            "repaired": repaired,
        },
        "models_table": summary_table(summaries, layout.HOME, papers=False),
        "zips": zips, "several_planners": len({planner for _, planner, _ in zips}) > 1,
        "papers_index": layout.index_page(layout.PAPERS), "models_index": layout.index_page(layout.MODELS),
        "trajectories_json": layout.TRAJECTORIES_JSON, "ablations_csv": layout.ABLATIONS_CSV,
        "report_json": layout.REPORT_JSON, "report_page": layout.REPORT,
        "coverage_chart": Markup(charts.coverage(
            [(p.id, p.title) for p in catalog.papers], [(m.id, m.name) for m in catalog.models],
            {(r.paper.id, r.model.id): len(r.t.ablations) for r in rows},
            chart_id="coverage-chart", title="Which model planned for which paper",
            link=lambda paper, model: to(pages_by_cell[(paper, model)]) if (paper, model) in pages_by_cell else None)),
    }


def report_context(catalog: Catalog, rows: list[Row]) -> dict:
    report = catalog.report
    repaired = [r for r in rows if r.t.repairs]
    kinds = Counter(s.fixer.split(":")[0] for r in repaired for s in r.t.repairs).most_common()

    def code(value: str) -> Markup:
        return Markup(f"<code>{html_text(value)}</code>")

    return {
        "report": report, "to": layout.linker(layout.REPORT), "report_json": layout.REPORT_JSON,
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
