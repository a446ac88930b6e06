"""Every page and data file of a catalog, planned: what it depends on, and how to make it.

:func:`plan` returns ``{docs path: Page}``. A page's ``key`` digests everything it shows
(and the generator's own code), so the build renders only the pages whose key changed;
``make`` renders it. Nothing is rendered or written here. Each page kind prepares its own
context (:mod:`~generator.pages.trajectory`, :mod:`~generator.pages.paper`,
:mod:`~generator.pages.models`, :mod:`~generator.pages.indexes`,
:mod:`~generator.pages.site_pages`); the data files come from :mod:`~generator.pages.downloads`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

from generator import layout
from generator.analysis import grouping
from generator.output import jsontext
from generator.pages import (ablations, comparisons, downloads, indexes, leaderboard, matrix, models, paper, site_pages,
                             trajectory)
from generator.pages.rows import Row, digest, labels, model_summary, paper_record, record, row, shown
from generator.pages.templates import template
from generator.records import Catalog


@dataclass(frozen=True)
class Page:
    """A page or data file, not yet rendered: ``key`` digests everything it shows."""

    key: str
    make: Callable[[], str | bytes]


def plan(catalog: Catalog, *, site_name: str, intro: str | None = None, bytecode_cache: bool = True,
         aligned: Mapping[str, grouping.Aligned] | None = None) -> dict[str, Page]:
    """Every page and data file, keyed so that unchanged ones need not be rendered again.

    ``aligned``: each paper's groups (by paper id), when the build aligned them beforehand;
    a paper it lacks is aligned where its page is rendered."""
    rows = [row(catalog, t) for t in catalog.trajectories]
    by_model: dict[str, list[Row]] = {}
    by_paper: dict[str, list[Row]] = {}
    for r in rows:
        by_model.setdefault(r.model.id, []).append(r)
        by_paper.setdefault(r.paper.id, []).append(r)

    def lazy(key: str, name: str, context: dict | Callable[[], dict]) -> Page:
        """A page rendered only when needed; a callable context is computed only then too.

        Its template is loaded now, once per name: the worker processes that render the
        pages then share this process's compiled templates."""
        compiled = template(name, bytecode_cache)
        if callable(context):
            return Page(key, lambda: compiled.render(**context()))
        return Page(key, partial(compiled.render, **context))

    out: dict[str, Page] = {}
    names = {id(r): label for same_paper in by_paper.values() for r, label in labels(same_paper)}
    for model_rows in by_model.values():
        for i, r in enumerate(model_rows):
            prev = model_rows[i - 1] if i > 0 else None
            nxt = model_rows[i + 1] if i + 1 < len(model_rows) else None
            others = [(names[id(o)], o.page) for o in by_paper[r.paper.id] if o is not r]
            around = ((prev.paper.title, prev.page) if prev else None, (nxt.paper.title, nxt.page) if nxt else None)
            key = _key(r.shown, shown(r.model), shown(r.paper), others, around)
            out[r.page] = lazy(key, trajectory.TEMPLATE, partial(trajectory.context, r, others, *around))
    for p in catalog.papers:
        page, here = layout.paper_page(p.slug), by_paper[p.id]
        # (of a plan's reasoning, the page shows its length only)
        out[page] = lazy(_key(shown(p), [(r.plan_shown, shown(r.model), matrix.reasoning_size(r)) for r in here]),
                         paper.TEMPLATE,
                         partial(paper.context, p, here, page, aligned))
    # Indexes, home, report and data show the whole corpus: one key for all of them; only
    # trajectories.json shows the reasoning, so an edit there leaves the others alone.
    everything = _key(site_name, intro, catalog.report, [shown(m) for m in catalog.models],
                      [shown(p) for p in catalog.papers], [r.plan_shown for r in rows])
    with_reasoning = _key(everything, [r.shown for r in rows])
    summaries = [model_summary(m, by_model[m.id]) for m in catalog.models]
    compared = lru_cache(maxsize=1)(lambda: comparisons.comparisons(rows, catalog.models))  # (once per process)
    for m, summary in zip(catalog.models, summaries):
        mine, page = by_model[m.id], layout.model_page(m.slug)
        # (a model page compares the model with the others on their shared papers: it shows all plans)
        out[page] = lazy(everything, models.TEMPLATE, partial(
            lambda m, mine, summary, page: models.context(
                m, mine, summary, comparisons.model_sections(compared(), catalog.models, m, page)), m, mine, summary, page))
    out[models.INDEX] = lazy(everything, models.INDEX_TEMPLATE, lambda: models.index_context(
        summaries, rows, comparisons.index_sections(compared(), catalog.models, models.INDEX)))
    out.update(_indexes(catalog, rows, everything, lazy))
    out[layout.HOME] = lazy(everything, site_pages.HOME_TEMPLATE,
                            lambda: site_pages.home_context(catalog, rows, summaries, site_name, intro))
    out[layout.REPORT] = lazy(everything, site_pages.REPORT_TEMPLATE, lambda: site_pages.report_context(catalog, rows))
    # the data files' records, made once in a process that renders several of them
    records = lru_cache(maxsize=1)(lambda: [record(r) for r in rows])
    out[layout.TRAJECTORIES_JSON] = Page(with_reasoning, lambda: downloads.gzipped(_json(records())))
    out[layout.REPORT_JSON] = Page(everything, lambda: _json(catalog.report.as_dict()))
    out[layout.PAPERS_JSON] = Page(everything, lambda: _json([paper_record(p, by_paper[p.id], aligned)
                                                                   for p in catalog.papers]))
    board = lru_cache(maxsize=1)(lambda: leaderboard.board(rows))  # (the bootstrap: once per process)
    out[layout.LEADERBOARD_JSON] = Page(everything, lambda: leaderboard.data(*board()[:2], {m.id: m for m in catalog.models}))
    out[layout.LEADERBOARD] = lazy(everything, leaderboard.TEMPLATE,
                                   lambda: leaderboard.context(*board(), catalog.models))
    out[layout.ABLATIONS_CSV] = Page(everything, lambda: downloads.gzipped(downloads.ablations_csv(records())))
    by_zip: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_zip.setdefault(r.zip, []).append(i)
    for path, members in by_zip.items():
        out[path] = Page(_key([(rows[i].plan_shown, shown(rows[i].paper)) for i in members]),
                         partial(lambda ms: downloads.ablationbench_zip([records()[i] for i in ms]), members))
    return out


def _indexes(catalog: Catalog, rows: list[Row], key: str, lazy) -> dict[str, Page]:
    """The paginated papers and trajectories indexes and their facet data files."""
    index_rows = [
        indexes.IndexRow(r.paper, r.model, r.page, r.paper_page, len(r.t.ablations), r.action_counts,
                         tuple(m for a in r.t.ablations for m in a.metrics),
                         tuple(a.name for a in r.t.ablations), *_judged(r), planner=r.t.planner,
                         ablation_metrics=tuple(a.metrics for a in r.t.ablations),
                         ablation_actions=tuple(a.action for a in r.t.ablations))
        for r in rows
    ]
    out: dict[str, Page] = {}
    grid = len(catalog.models) <= indexes.GRID_MAX_MODELS
    for kind, chunks, name in (
        (layout.PAPERS, indexes.paper_chunks(catalog, index_rows), "papers_index.md.j2"),
        (layout.TRAJECTORIES, indexes.trajectory_chunks(index_rows), "trajectories_index.md.j2"),
    ):
        pages = layout.index_pages(kind, sum(len(c) for c in chunks))
        total = len(catalog.papers) if kind == layout.PAPERS else len(rows)
        for number, (page, chunk) in enumerate(zip(pages, chunks)):
            out[page] = lazy(key, name, partial(indexes.context, kind, pages, number, chunk, total=total,
                                                models=catalog.models, grid=grid, scores=bool(catalog.evaluations)))
        out[layout.facet_data(kind)] = Page(key, partial(indexes.facet_data, kind, catalog, index_rows))
    # the per-ablation index: its pages and its data
    items = ablations.items(rows)
    chunks = ablations.chunks(items)
    pages = layout.index_pages(ablations.KIND, len(items))
    scored = any(i.verdict >= 0 for i in items)
    figures = dict(total=len(items), papers=len({r.paper.id for r in rows}), models=len({r.model.id for r in rows}),
                   scored=scored)
    for number, (page, chunk) in enumerate(zip(pages, chunks)):
        out[page] = lazy(key, ablations.TEMPLATE, partial(ablations.context, pages, number, chunk, **figures))
    out[layout.facet_data(ablations.KIND)] = Page(key, partial(ablations.data, items, rows))
    return out


def _judged(r: Row) -> tuple[float | None, int, int]:
    """(F1, matched, unmatched proposals) of a row, for the indexes' facets."""
    e = r.evaluation
    if e is None:
        return None, 0, 0
    return e.f1, sum(1 for m in e.marks if m), sum(1 for m in e.marks if m is not None and not m)


def _key(*parts: object) -> str:
    """Digest of the parts and of the generator's own code and templates."""
    return digest((code_version(), parts))


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the generator package (code, templates, data): a change re-renders all."""
    h = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parents[1]
    for f in sorted(package.rglob("*")):
        if f.is_file() and f.suffix in {".py", ".j2", ".toml"}:
            h.update(f.relative_to(package).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def _json(data: object) -> str:
    return jsontext.dumps(data) + "\n"
