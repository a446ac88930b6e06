"""A paper's plans side by side: the paper page's matrix and each plan's reasoning.

Rows are what is ablated — the paper's reference ablations first when a dataset gives them
(cells: the proposals the judge matched to each), then the groups of
:func:`generator.analysis.align.align` (shared groups first, then those of one plan) —
columns are the plans (model, and planner when the paper has several), and a cell is each
proposal of that plan in that row as a compact badge (action, short name) linking to
``#ablation-N`` on its trajectory page. A plan with nothing in a row has a visibly empty
cell ("—") whose text for screen readers says so.

One HTML block (no blank line): a scrolling box holding the table, its first column sticky
(``comparison.css``), so a phone scrolls the matrix and not the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from markupsafe import Markup

from generator.analysis import align
from generator.pages.fragments import action_badge
from generator.pages.rows import Row
from generator.records import AUTHOR_TASK, Ablation
from generator.untrusted.text import html_text as t
from generator.untrusted.text import one_line

SHORT_NAME = 60  # characters of a name shown in a cell (the whole name is its tooltip)
# a name that says nothing of what is ablated: "Ablation 3", "Study C", "Experiment 2:"
_GENERIC = re.compile(r"(?:(?:ablation|study|experiment)\s*)+(?:(?:no\.?|#)?\s*[\w.]{1,3})?\s*[:.)\-–—]?", re.I)
_NUMBERED_PREFIX = re.compile(r"(?:ablation|study|experiment)(?:\s*(?:no\.?|#)?\s*[\w.]{1,3}\s*[:.)\-–—]\s*|_(?=\S))", re.I)


def short_name(a: Ablation, limit: int = SHORT_NAME) -> str:
    """A proposal's name for a matrix cell: "Ablation 3: Remove X" is "Remove X"; a name that
    says nothing ("Ablation C") gives way to the ablated part; at most ``limit`` characters."""
    name = one_line(a.name)
    if _GENERIC.fullmatch(name):
        name = ""
    else:
        name = _NUMBERED_PREFIX.sub("", name, count=1) if _NUMBERED_PREFIX.match(name) else name
    name = name or one_line(a.ablated_part) or one_line(a.name) or "(untitled)"
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def plan_label(r: Row, several: bool) -> str:
    return f"{r.model.name} ({r.t.planner})" if several else r.model.name


def reasoning_id(member_prefix: str) -> str:
    return f"reasoning-{member_prefix}"


def _cell(r: Row, to: Callable[..., str], index: int, label: str) -> str:
    a = r.t.ablations[index - 1]
    marks = r.evaluation.marks if r.evaluation is not None else ()
    mark = marks[index - 1] if len(marks) >= index else None
    judged = ""
    if mark is not None:
        yes = mark is True or (mark is not False and bool(mark))
        judged = (f'<span class="tj-cell-mark tj-cell-mark--{"yes" if yes else "no"}" '
                  f'title="{"matched by the judge" if yes else "not matched by the judge"}">{"✓" if yes else "✗"}</span>')
    return (f'<a class="tj-cell" href="{to(r.page, f"ablation-{index}")}" title="{t(label)}, ablation {index}: {t(one_line(a.name))}">'
            f'{action_badge(a.action)} <span class="tj-cell-name">{t(short_name(a))}</span></a>{judged}')


def _gap(text: str) -> str:
    return f'<span class="tj-gap" aria-hidden="true">—</span><span class="tj-sr">{t(text)}</span>'


def matrix(rows: Sequence[Row], groups: Sequence[tuple[align.Group, str]], to: Callable[..., str],
           prefixes: dict[str, str], reference=None) -> Markup:
    """The matrix of one paper (``rows``: its plans; ``groups``: ``align`` of them keyed by
    page, each with its anchor on the page; ``prefixes``: each plan page's member-id prefix,
    for its reasoning's anchor)."""
    several = len({r.t.planner for r in rows}) > 1
    labels = [plan_label(r, several) for r in rows]
    head = ['<th scope="col" class="tj-matrix-corner">What is ablated</th>']
    for r, label in zip(rows, labels):
        planner = f'<br><small>{t(r.t.planner)}</small>' if several else ""
        head.append(f'<th scope="col"><a href="{to(r.page)}">{t(r.model.name)}</a>{planner}'
                    f'<br><small>{len(r.t.ablations)} proposed · <a href="#{reasoning_id(prefixes[r.page])}">'
                    f'{"run" if r.t.origin == "agent-run" else "reasoning"}</a></small></th>')
    body: list[str] = []
    width = len(rows) + 1
    if reference is not None and reference.task == AUTHOR_TASK and reference.ablations:
        body.append(f'<tr class="tj-matrix-sep"><th colspan="{width}" scope="colgroup">The paper’s own ablations '
                    "(ground truth): the proposals the judge matched to each</th></tr>")
        for n, a in enumerate(reference.ablations, 1):
            cells = []
            for r, label in zip(rows, labels):
                e = r.evaluation
                if e is None or e.matches is None:
                    cells.append('<td class="tj-empty"><span class="tj-gap">not judged</span></td>')
                    continue
                hits = [i for i, mark in enumerate(e.marks, 1) if mark and mark is not True and a.name in mark]
                cells.append("<td>" + " ".join(_cell(r, to, i, label) for i in hits) + "</td>" if hits else
                             f'<td class="tj-empty">{_gap(f"missed by {label}")}</td>')
            body.append(f'<tr class="tj-matrix-ref"><th scope="row"><a href="#reference-{n}">{t(short_name(a, 90))}</a>'
                        f'<br><small>the paper’s</small></th>{"".join(cells)}</tr>')
    shared = [(g, anchor) for g, anchor in groups if not g.singleton]
    single = [(g, anchor) for g, anchor in groups if g.singleton]
    if body and (shared or single):
        body.append(f'<tr class="tj-matrix-sep"><th colspan="{width}" scope="colgroup">Every proposal, grouped by what it ablates</th></tr>')
    for number, (g, anchor) in enumerate([*shared, *single], 1):
        if number == len(shared) + 1 and shared:
            body.append(f'<tr class="tj-matrix-sep"><th colspan="{width}" scope="colgroup">Proposed by one '
                        f'{"plan" if several else "model"} only</th></tr>')
        mine: dict[str, list[int]] = {}
        for m in g.members:
            mine.setdefault(m.model, []).append(m.index)
        cells = []
        for r, label in zip(rows, labels):
            indices = mine.get(r.page)
            cells.append("<td>" + " ".join(_cell(r, to, i, label) for i in indices) + "</td>" if indices else
                         f'<td class="tj-empty">{_gap(f"not proposed by {label}")}</td>')
        agree = f"<br><small>{g.agreement} of {len(rows)}</small>" if not g.singleton else ""
        body.append(f'<tr><th scope="row"><a href="#{anchor}">{t(short_name(_as_ablation(g.label), 90))}</a>{agree}</th>'
                    + "".join(cells) + "</tr>")
    if len(body) == 0:
        return Markup("")
    caption = (f"{len(rows)} plans side by side: a row per thing ablated, a column per plan; "
               "— where a plan proposed nothing for it.")
    return Markup(f'<div class="tj-matrix-scroll" role="region" aria-label="Plans side by side" tabindex="0" data-pagefind-ignore>'
                  f'<table class="tj-matrix"><caption class="tj-sr">{t(caption)}</caption>'
                  f'<thead><tr>{"".join(head)}</tr></thead><tbody>' + "".join(body) + "</tbody></table></div>")


def _as_ablation(label: str) -> Ablation:
    return Ablation(name=label, ablated_part=label, action="", replacement=None, metrics=())


def reasoning_size(r: Row) -> int:
    """All a paper page shows of a plan's reasoning: its length (an agent's steps, else words)."""
    return len(r.t.steps) if r.t.origin == "agent-run" else len(r.t.reasoning.split())


def reasonings(rows: Sequence[Row], to: Callable[..., str], prefixes: dict[str, str]) -> list[Markup]:
    """Each plan's reasoning, folded (``<details>``), not indexed for search (its trajectory
    page is).

    The text itself is on the trajectory page only: opening the fold fetches it from there
    (``site.js``: the page's ``.tj-reasoning`` block, already sanitised), so that the paper
    page does not carry a second copy of every plan's reasoning (a quarter of the site's
    paper pages on the real corpus). Without JavaScript, or where the page cannot be
    fetched, the fold holds a link to the reasoning on its trajectory page."""
    several = len({r.t.planner for r in rows}) > 1
    out = []
    for r in rows:
        label = plan_label(r, several)
        anchor = reasoning_id(prefixes[r.page])
        if r.t.origin == "agent-run":
            summary = f"{t(label)}: the agent’s run ({reasoning_size(r)} steps)"
            inner = (f'<p>An agent planned this: its {len(r.t.steps)} steps (thoughts, commands, outputs) are on '
                     f'<a href="{to(r.page, "run")}">its trajectory page</a>.</p>')
        elif r.t.reasoning:
            summary = f"{t(label)}: reasoning trace ({reasoning_size(r):,} words)"
            inner = (f'<div class="tj-reasoning" data-tj-from="{to(r.page)}">'
                     f'<p><a href="{to(r.page, "reasoning")}">Read the reasoning on its trajectory page</a>.</p></div>'
                     f'<p class="tj-source"><a href="{to(r.page)}">The whole trajectory</a> (reasoning and plan)</p>')
        else:
            summary = f"{t(label)}: no reasoning trace"
            inner = f'<p>This file has no reasoning section. <a href="{to(r.page)}">Its trajectory page</a>.</p>'
        out.append(Markup(f'<details class="tj-plan-reasoning" id="{anchor}" data-pagefind-ignore>'
                          f"<summary>{summary}</summary>\n{inner}</details>"))
    return out
