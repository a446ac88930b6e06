"""Stage 6 — render: the catalog as Markdown pages and data files, in memory.

:func:`plan` returns ``{relative path: Page}``: each page's render key and a function that
renders it, so the build renders only what changed; nothing is written here. Pages come
from the Jinja templates in ``generator/templates``; this module prepares their context.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable, Iterable, Iterator

import jinja2
import orjson
from markupsafe import escape

from . import charts, compare, downloads, indexes, jsontext
from .catalog import slugify
from .jinja_cache import CompiledTemplates
from .modeltext import block_html, inline_markdown
from .model import Ablation, Catalog, ModelInfo, PaperInfo, Trajectory
from .parse import ACTIONS

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("generator", "templates"),
    autoescape=False,  # the output is Markdown; HTML fragments escape with `e`
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
    auto_reload=False,  # the templates do not change during a build: no stat per page
    bytecode_cache=CompiledTemplates(),
)


# characters YAML refuses in a document (those PyYAML's Reader.NON_PRINTABLE matches, listed:
# its negated class takes 7 ms to compile; line breaks are gone with _oneline): a front-matter
# value holding one would make MkDocs drop it all
_YAML_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _oneline(value: object) -> str:
    return " ".join(str(value).split())  # (what re.sub(r"\s+", " ", ...).strip() gives, faster)


def _text(value: object) -> str:
    """One line of input-derived text for Markdown: tags and link brackets shown as text."""
    return inline_markdown(value)


def _code(value: object) -> str:
    text = _oneline(value)
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


@lru_cache(maxsize=256)
def action_badge(action: str) -> str:
    """An action as a coloured badge (REMOVE / REPLACE / ADD / anything else)."""
    return (f'<span class="tj-action tj-action--{slugify(action or "none")}">'
            f"{html.escape(action or 'no action')}</span>")


def actions_summary(counts: Iterable[tuple[str, int]]) -> str:
    return " ".join(f"{action_badge(action)}&nbsp;{n}" for action, n in counts)


def ablation_fields(a: Ablation) -> str:
    """The fields of one ablation as a compact definition list (one HTML block, no blank line)."""
    esc = html.escape
    out = ['<dl class="tj-fields">', f"<dt>Ablated part</dt>\n<dd>{esc(a.ablated_part or '—')}</dd>"]
    if a.replacement is not None:
        items = "".join(f"<li>{esc(r)}</li>" for r in a.replacement)
        out.append(f"<dt>Replacement</dt>\n<dd>{f'<ul>{items}</ul>' if items else '(none given)'}</dd>")
    chips = " ".join(f'<span class="tj-metric">{esc(m)}</span>' for m in a.metrics)
    out.append(f"<dt>Metrics</dt>\n<dd>{chips or '—'}</dd>")
    out.append("</dl>")
    return "\n".join(out)


def ablation_blocks(ablations: Iterable[Ablation]) -> str:
    """A trajectory's ablations: heading (anchor ``#ablation-<n>``), action badge and fields."""
    return "\n".join(
        f'<h3 id="ablation-{i}">{escape(_numbered(a.name, i))}</h3>\n<div class="tj-ablation">\n'
        f"{action_badge(a.action)}\n{ablation_fields(a)}\n</div>\n"
        for i, a in enumerate(ablations, 1))


def _numbered(name: object, index: int) -> str:
    """'Ablation 3' stays as is; any other name gets its position: '3. Remove X' (plain text)."""
    title = _oneline(name) or "(untitled)"
    numbered = _NUMBERED.match(title)
    return title if numbered and numbered.group(1) == str(index) else f"{index}. {title}"


_NUMBERED = re.compile(r"(?:ablation|study)\s*(\d+)\b", re.I)


# (what the templates use: the trajectory and paper pages get their HTML fragments made here)
_env.globals.update(actions_summary=actions_summary)
_env.filters.update(
    # front matter: MkDocs themes print page titles and descriptions without escaping
    yaml=lambda v: jsontext.dumps(html.escape(_YAML_UNPRINTABLE.sub("", _oneline(v)))),
    heading=lambda v: _text(v).rstrip("# ") or "(untitled)",
    cell=lambda v: _text(v).replace("|", "\\|"),
    code=_code,
)


@dataclass(frozen=True)
class Row:
    """One trajectory as a row of an index or overview table."""

    t: Trajectory
    model: ModelInfo
    paper: PaperInfo
    page: str
    model_page: str
    paper_page: str
    action_counts: tuple[tuple[str, int], ...]
    shown: str  # digest of what the row shows of its trajectory, for render keys (see _row)
    plan_shown: str  # the same without the reasoning: for pages that show plans, counts, provenance


@dataclass(frozen=True)
class Page:
    """A page or data file, not yet rendered: ``key`` digests everything it shows."""

    key: str
    make: Callable[[], str | bytes]


def plan(catalog: Catalog, *, site_name: str, intro: str | None = None) -> dict[str, Page]:
    """Every page and data file, keyed so that unchanged ones need not be rendered again."""
    rows = [_row(catalog, t) for t in catalog.trajectories]
    by_model: dict[str, list[Row]] = {}
    by_paper: dict[str, list[Row]] = {}
    for r in rows:
        by_model.setdefault(r.model.id, []).append(r)
        by_paper.setdefault(r.paper.id, []).append(r)

    out: dict[str, Page] = {}
    labels = {id(r): label for same_paper in by_paper.values() for r, label in _labels(same_paper)}
    for model_rows in by_model.values():
        for i, r in enumerate(model_rows):
            prev = model_rows[i - 1] if i > 0 else None
            nxt = model_rows[i + 1] if i + 1 < len(model_rows) else None
            others = [(labels[id(o)], o.page) for o in by_paper[r.paper.id] if o is not r]
            around = ((prev.paper.title, prev.page) if prev else None, (nxt.paper.title, nxt.page) if nxt else None)
            key = _key(r.shown, _shown(r.model), _shown(r.paper), others, around)
            out[r.page] = _lazy(key, "trajectory.md.j2", r.page, partial(_trajectory_context, r, others, *around))
    for paper in catalog.papers:
        page = paper_page(paper)
        rows_here = by_paper[paper.id]
        out[page] = _lazy(_key(_shown(paper), [(r.plan_shown, _shown(r.model)) for r in rows_here]), "paper.md.j2",
                          page, partial(_paper_context, paper, rows_here, page))
    model_rows = [_model_summary(m, by_model[m.id]) for m in catalog.models]
    for m, summary in zip(catalog.models, model_rows):
        page = model_page(m)
        mine = by_model[m.id]
        out[page] = _lazy(_key(_shown(m), [(r.plan_shown, _shown(r.paper)) for r in mine]), "model.md.j2", page,
                          partial(_model_context, m, mine, summary))

    # Indexes, home, report and data show the whole corpus: one key for all of them; only
    # trajectories.json shows the reasoning, so an edit there leaves the others alone.
    everything = _key(site_name, intro, catalog.report, [_shown(m) for m in catalog.models],
                      [_shown(p) for p in catalog.papers], [r.plan_shown for r in rows])
    with_reasoning = _key(everything, [r.shown for r in rows])
    out["models/index.md"] = _lazy(everything, "models_index.md.j2", "models/index.md", lambda: {
        "rows": model_rows,
        "mix_chart": charts.action_mix([(s["model"].name, dict(s["action_counts"])) for s in model_rows],
                                       chart_id="action-mix", title="Action mix by model"),
        "metrics_chart": charts.top_bars(
            charts.count_metrics(x for r in rows for a in r.t.ablations for x in a.metrics)[:15],
            chart_id="metrics-all", title="Most frequent metrics, all models"),
    })
    out.update(_indexes(catalog, rows, everything))
    repaired = [r for r in rows if r.t.repairs]
    stats = {
        "trajectories": len(rows), "papers": len(catalog.papers), "models": len(catalog.models),
        "ablations": sum(len(r.t.ablations) for r in rows), "files": catalog.report.files,
        "errors": len(catalog.report.errors), "duplicates": len(catalog.report.duplicates),
        "repaired": len(repaired),
    }
    home_to = _linker("index.md")
    pages_by_cell = {(r.paper.id, r.model.id): r.page for r in rows}
    out["index.md"] = _lazy(everything, "home.md.j2", "index.md", lambda: {
        "site_name": site_name, "intro": intro, "stats": stats, "model_rows": model_rows,
        "zips": sorted({(r.model.name, r.t.planner, _zip_path(r)) for r in rows}),
        "coverage_chart": charts.coverage(
            [(p.id, p.title) for p in catalog.papers], [(m.id, m.name) for m in catalog.models],
            {(r.paper.id, r.model.id): len(r.t.ablations) for r in rows},
            chart_id="coverage", title="Which model planned for which paper",
            link=lambda paper, model: home_to(pages_by_cell[(paper, model)])
            if (paper, model) in pages_by_cell else None),
    })
    out["report.md"] = _lazy(everything, "report.md.j2", "report.md", {
        "report": catalog.report,
        "repair_kinds": Counter(s.fixer.split(":")[0] for r in repaired for s in r.t.repairs).most_common(),
        "repaired": [{"label": f"{r.paper.title} — {r.model.name}", "page": r.page,
                      "repairs": [s.describe() for s in r.t.repairs]} for r in repaired],
    })
    # the data files' records, made once in a process that renders several of them
    records = lru_cache(maxsize=1)(lambda: [_record(r) for r in rows])
    out[downloads.TRAJECTORIES] = Page(with_reasoning, lambda: downloads.gzipped(_json(records())))
    out["data/report.json"] = Page(everything, lambda: _json(catalog.report.as_dict()))
    out.update(_downloads(rows, records, everything))
    return out


def _downloads(rows: list[Row], records: Callable[[], list[dict]], everything: str) -> dict[str, Page]:
    """CSV, AblationBench zips (JSONL per task) per planner+model."""
    out = {downloads.ABLATIONS: Page(everything, lambda: downloads.gzipped(downloads.ablations_csv(records())))}
    by_run: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_run.setdefault(_zip_path(r), []).append(i)
    for path, members in by_run.items():
        out[path] = Page(_key([(rows[i].plan_shown, _shown(rows[i].paper)) for i in members]),
                         partial(lambda ms: downloads.ablationbench_zip([records()[i] for i in ms]), members))
    return out


def _zip_path(r: Row) -> str:
    planner = r.page.split("/")[1]  # trajectories/<planner slug>/<model slug>/<paper slug>.md
    return downloads.zip_name(planner, r.model.slug)


def _indexes(catalog: Catalog, rows: list[Row], key: str) -> dict[str, Page]:
    """The paginated papers and trajectories indexes and their facet data files."""
    index_rows = [
        indexes.IndexRow(r.paper, r.model, r.page, r.paper_page, len(r.t.ablations), r.action_counts,
                         tuple(m for a in r.t.ablations for m in a.metrics),
                         tuple(a.name for a in r.t.ablations))
        for r in rows
    ]
    out: dict[str, Page] = {}
    grid = len(catalog.models) <= indexes.GRID_MAX_MODELS
    for kind, chunks, template in (
        ("papers", indexes.paper_chunks(catalog, index_rows), "papers_index.md.j2"),
        ("trajectories", indexes.trajectory_chunks(index_rows), "trajectories_index.md.j2"),
    ):
        pages = indexes.pages_of(kind, sum(len(c) for c in chunks))
        total = len(catalog.papers) if kind == "papers" else len(rows)
        for number, (page, chunk) in enumerate(zip(pages, chunks)):
            out[page] = _lazy(key, template, page, {
                "chunk": chunk, "pages": pages, "page_no": number + 1, "total": total, "grid": grid,
                "models": catalog.models, "root": indexes.root_from(page),
                "pager": indexes.pager(pages, number, _linker(page)),
            })
        out[f"data/index/{kind}.json"] = Page(key, partial(indexes.facet_data, kind, catalog, index_rows))
    return out


def _group_html(rows: dict[str, Row], to: Callable[[str], str], group: compare.Group, number: int,
                heading: bool = True) -> str:
    """One group of the paper page's comparison: the models that ablate the same thing.

    Each member has a permalink anchor ``#<model>-<n>`` and links to ``#ablation-<n>`` of
    its trajectory page. One HTML block, no blank line.
    """
    esc = html.escape
    out = []
    if heading:
        out.append(f'<h3 id="group-{number}" data-pagefind-ignore>{esc(group.label)}</h3>')
    # data-pagefind-ignore: search finds this text on the trajectory pages it comes from
    out.append(f'<div class="tj-group" id="group-{number}-members" data-pagefind-ignore>' if heading else
               f'<div class="tj-group tj-group--single" id="group-{number}" data-pagefind-ignore>')
    if heading:
        terms = ", ".join(esc(t) for t in group.shared_terms[:8])
        out.append(f'<p class="tj-agree"><strong>{group.agreement} of {len(rows)} models</strong>'
                   + (f" · shared words: {terms}" if terms else "") + "</p>")
    out.append('<ul class="tj-members">')
    for m in group.members:
        r = rows[m.model]
        a = m.ablation
        chips = " ".join(f'<span class="tj-metric">{esc(x)}</span>' for x in a.metrics)
        replacement = " · ".join(esc(x) for x in a.replacement or ())
        out.append(
            f'<li id="{r.model.slug}-{m.index}"><a href="{to(r.page)}#ablation-{m.index}">'
            f"{esc(r.model.name)}</a> {action_badge(a.action)} <strong>{esc(a.name)}</strong>"
            f'<br><span class="tj-part">{esc(a.ablated_part)}</span>'
            + (f'<br><span class="tj-replacement">Replacement: {replacement}</span>' if replacement else "")
            + (f"<br>{chips}" if chips else "") + "</li>")
    out.append("</ul></div>")
    return "\n".join(out)


def _lazy(key: str, template: str, page: str, context: dict | Callable[[], dict]) -> Page:
    """A page rendered only when needed; a callable context is computed only then too.

    Its template is loaded now, once per name: the worker processes that render the pages
    then share this process's compiled templates instead of each loading them again."""
    _template(template)
    if callable(context):
        return Page(key, lambda: _page(template, page, **context()))
    return Page(key, partial(_page, template, page, **context))


def _trajectory_context(r: Row, others: list[tuple[str, str]], prev: tuple[str, str] | None,
                        nxt: tuple[str, str] | None) -> dict:
    """What a trajectory page shows, ready to print: ``(text, href)`` pairs, HTML fragments.

    (2,000 of these pages: a value looked up or a function called in the template costs
    more than here.)"""
    t, to = r.t, _linker(r.page)
    return {
        "title": f"{r.paper.title} — {r.model.name}", "paper_title": r.paper.title, "model_name": r.model.name,
        "description": f"Reasoning trace and {len(t.ablations)}-ablation plan by {r.model.name} for {r.paper.title}",
        "planner": t.planner, "source": t.source,
        "paper_href": to(r.paper_page), "model_href": to(r.model_page),
        "others": [(name, to(page)) for name, page in others],
        "prev": (prev[0], to(prev[1])) if prev else None, "next": (nxt[0], to(nxt[1])) if nxt else None,
        "reasoning_html": block_html(t.reasoning) if t.reasoning else "",
        "ablation_count": len(t.ablations), "actions": actions_summary(r.action_counts),
        "ablations_html": ablation_blocks(t.ablations),
        "repairs": [s.describe() for s in t.repairs], "warnings": t.warnings,
        "data_href": to(downloads.TRAJECTORIES), "zip_href": to(_zip_path(r)),
    }


def _paper_context(paper: PaperInfo, rows: list[Row], page: str) -> dict:
    groups = compare.align({r.model.id: r.t.ablations for r in rows})
    shared = [g for g in groups if not g.singleton]
    to, by_model = _linker(page), {r.model.id: r for r in rows}
    return {
        "paper": paper, "models": len(rows),
        "overview": [(r.model.name, to(r.model_page), len(r.t.ablations), actions_summary(r.action_counts),
                      to(r.page)) for r in rows],
        # the groups' HTML, numbered in page order: shared first, then those of one model
        "shared": [_group_html(by_model, to, g, n) for n, g in enumerate(shared, 1)],
        "single": [_group_html(by_model, to, g, n, heading=False)
                   for n, g in enumerate((g for g in groups if g.singleton), len(shared) + 1)],
    }


def _model_context(m: ModelInfo, mine: list[Row], summary: dict) -> dict:
    return {
        "model": m, "rows": mine, "zips": sorted({_zip_path(r) for r in mine}),
        "total_ablations": summary["ablations"], "action_counts": summary["action_counts"],
        "per_plan_chart": charts.histogram(
            Counter(len(r.t.ablations) for r in mine), chart_id=f"plan-sizes-{m.slug}",
            title=f"Ablations per plan, {m.name}", x_label="Ablations in the plan"),
        "metrics_chart": charts.top_bars(
            charts.count_metrics(x for r in mine for a in r.t.ablations for x in a.metrics)[:12],
            chart_id=f"metrics-{m.slug}", title=f"Most frequent metrics, {m.name}"),
    }


def _key(*parts: object) -> str:
    """Digest of the parts and of the generator's own code and templates."""
    return _digest((code_version(), parts))


def _digest(value: object) -> str:
    """A digest of ``value``: of its JSON (dataclasses as objects), else of its ``repr``."""
    try:
        data = b"j" + orjson.dumps(value)
    except TypeError:  # (lone surrogates, keys that are not strings, ...)
        data = b"r" + repr(value).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


_shown = lru_cache(maxsize=4096)(_digest)  # of a ModelInfo / PaperInfo, shown by many pages


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the generator package (code, templates, data): a change re-renders all."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent
    for f in sorted(package.rglob("*")):
        if f.is_file() and f.suffix in {".py", ".j2", ".toml"}:
            digest.update(f.relative_to(package).as_posix().encode())
            digest.update(f.read_bytes())
    return digest.hexdigest()


def paper_page(paper: PaperInfo) -> str:
    return f"papers/{paper.slug}.md"


def model_page(model: ModelInfo) -> str:
    return f"models/{model.slug}.md"


def _row(catalog: Catalog, t: Trajectory) -> Row:
    model, paper = catalog.model(t.model), catalog.paper(t.paper)
    page = catalog.pages[t.key]
    # model and paper by id: the keys of pages that show a name or a title include _shown(...)
    plan_shown = _digest((page, t.source, t.planner, t.ablations, t.repairs, t.warnings, model.id, paper.id))
    return Row(t, model, paper, page, model_page(model), paper_page(paper),
               _action_counts(a.action for a in t.ablations), _digest((plan_shown, t.digest)), plan_shown)


def _labels(same_paper: list[Row]) -> Iterator[tuple[Row, str]]:
    """Each row of one paper with its name among them: the model's, plus the planner if several."""
    several = len({r.t.planner for r in same_paper}) > 1
    for r in same_paper:
        yield r, (f"{r.model.name} ({r.t.planner})" if several else r.model.name)


def _action_counts(actions: Iterable[str]) -> tuple[tuple[str, int], ...]:
    counts = Counter(actions)
    known = [(a, counts.pop(a)) for a in ACTIONS if a in counts]
    return tuple(known + sorted(counts.items()))


def _model_summary(model: ModelInfo, rows: list[Row]) -> dict:
    return {
        "model": model, "page": model_page(model), "trajectories": len(rows),
        "papers": len({r.paper.id for r in rows}),
        "ablations": sum(len(r.t.ablations) for r in rows),
        "action_counts": _action_counts(a.action for r in rows for a in r.t.ablations),
    }


def _record(r: Row) -> dict:
    return {
        "planner": r.t.planner, "model": r.model.id, "model_name": r.model.name,
        "paper": r.paper.id, "paper_title": r.paper.title, "task": r.paper.task,
        "source": r.t.source, "page": r.page,
        "repairs": [s.describe() for s in r.t.repairs],
        "warnings": list(r.t.warnings),
        "reasoning": r.t.reasoning,
        "ablations": [a.as_dict() for a in r.t.ablations],
    }


def _json(data: object) -> str:
    return jsontext.dumps(data) + "\n"


def _page(template: str, page: str, **context: object) -> str:
    return _template(template).render(to=_linker(page), **context)


_template = lru_cache(maxsize=None)(_env.get_template)  # (Jinja's own cache takes a lock per call)


def _linker(page: str) -> Callable[[str], str]:
    """``to(target)``: ``target`` relative to the folder of ``page`` (all relative to the output)."""
    base = posixpath.dirname(page).split("/") if "/" in page else []

    def to(target: str) -> str:
        t = target.split("/")
        common, most = 0, min(len(base), len(t) - 1)
        while common < most and base[common] == t[common]:
            common += 1
        return "../" * (len(base) - common) + "/".join(t[common:])

    return to
