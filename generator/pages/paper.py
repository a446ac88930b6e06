"""A paper's page: every model's plan for it, the ablations grouped by what they ablate."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from generator import layout
from generator.analysis import align
from generator.pages.fragments import action_badge, actions_summary, metric_chips, table
from generator.pages.rows import Row
from generator.pipeline.catalog import slugify
from generator.pipeline.run_path import LM_PLANNER
from generator.records import PaperInfo
from generator.untrusted.text import html_text as t
from generator.untrusted.text import markdown_inline
from generator.untrusted.urls import safe_url

TEMPLATE = "paper.md.j2"


def context(paper: PaperInfo, rows: list[Row], page: str) -> dict:
    # one member per plan: a model may have planned for the paper as an LM and as an agent
    groups = align.align({r.page: r.t.ablations for r in rows})
    shared = [g for g in groups if not g.singleton]
    to, by_model = layout.linker(page), {r.page: r for r in rows}
    several = len({r.t.planner for r in rows}) > 1
    overview = table(
        [("Model", "")] + ([("Planner", "")] if several else []) + [("Ablations", "tj-num"), ("Actions", ""),
                                                                   ("Trajectory", "")],
        [(Markup(f'<a href="{to(r.model_page)}">{t(r.model.name)}</a>'), *((r.t.planner,) if several else ()),
          len(r.t.ablations), actions_summary(r.action_counts),
          Markup(f'<a href="{to(r.page)}">{"agent run &amp; plan" if r.t.origin == "agent-run" else "reasoning &amp; plan"}</a>'))
         for r in rows])
    return {
        "paper": paper, "models": len(rows), "paper_url": safe_url(paper.url), "overview": overview,
        # the groups' markup, numbered in page order: shared first, then those of one model
        "shared": [group_html(by_model, to, g, n) for n, g in enumerate(shared, 1)],
        "single": [group_html(by_model, to, g, n, heading=False)
                   for n, g in enumerate((g for g in groups if g.singleton), len(shared) + 1)],
    }


def group_html(rows: dict[str, Row], to: Callable[..., str], group: align.Group, number: int,
               heading: bool = True) -> Markup:
    """One group of the paper page's comparison: the models that ablate the same thing.

    A Markdown heading (in the table of contents, not in search: the text is on the
    trajectory pages it comes from), then one HTML block: each member has a permalink anchor
    ``#<model>-<n>`` (``#<planner>-<model>-<n>`` for a planner other than the LM planner)
    and links to ``#ablation-<n>`` of its trajectory page."""
    out = []
    several = len({r.t.planner for r in rows.values()}) > 1
    if heading:
        out.append(f"### {markdown_inline(group.label)} {{#group-{number} .tj-noindex}}\n")
        out.append(f'<div class="tj-group" id="group-{number}-members" data-pagefind-ignore>')
        terms = ", ".join(str(t(w)) for w in group.shared_terms[:8])
        out.append(f'<p class="tj-agree"><strong>{group.agreement} of {len(rows)} {"plans" if several else "models"}</strong>'
                   + (f" · shared words: {terms}" if terms else "") + "</p>")
    else:
        out.append(f'<div class="tj-group tj-group--single" id="group-{number}" data-pagefind-ignore>')
    out.append('<ul class="tj-members">')
    for m in group.members:
        r = rows[m.model]
        a = m.ablation
        chips = metric_chips(a.metrics)
        replacement = " · ".join(str(t(x)) for x in a.replacement or ())
        out.append(
            f'<li id="{_member_id(r, m.index)}"><a href="{to(r.page, f"ablation-{m.index}")}">'
            f"{t(r.model.name)}{f' ({t(r.t.planner)})' if several else ''}</a> {action_badge(a.action)} <strong>{t(a.name)}</strong>"
            f'<br><span class="tj-part">{t(a.ablated_part)}</span>'
            + (f'<br><span class="tj-replacement">Replacement: {replacement}</span>' if replacement else "")
            + (f"<br>{chips}" if chips else "") + "</li>")
    out.append("</ul></div>")
    return Markup("\n".join(out))


def _member_id(r: Row, index: int) -> str:
    prefix = "" if r.t.planner == LM_PLANNER else f"{slugify(r.t.planner)}-"
    return f"{prefix}{r.model.slug}-{index}"
