"""A paper's page: every model's plan for it, the ablations grouped by what they ablate."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from markupsafe import Markup

from generator import layout
from generator.analysis import align, grouping
from generator.pages import matrix
from generator.pages.fragments import action_badge, actions_summary, metric_chips, score, search_filters, table, verdict
from generator.pages.rows import Row, labels, paper_groups
from generator.pipeline.catalog import slugify
from generator.pipeline.run_path import LM_PLANNER
from generator.records import AUTHOR_TASK, PaperInfo
from generator.untrusted.prose import inline_html
from generator.untrusted.text import html_text as t
from generator.untrusted.text import markdown_inline
from generator.untrusted.urls import safe_url

TEMPLATE = "paper.md.j2"


def context(paper: PaperInfo, rows: list[Row], page: str,
            aligned: Mapping[str, grouping.Aligned] | None = None) -> dict:
    # one member per plan: a model may have planned for the paper as an LM and as an agent
    groups = paper_groups(rows, aligned)  # (in page order, anchored)
    to, by_model = layout.linker(page), {r.page: r for r in rows}
    several = len({r.t.planner for r in rows}) > 1
    scored = any(r.evaluation is not None for r in rows)
    overview = table(
        [("Model", "")] + ([("Planner", "")] if several else []) + [("Ablations", "tj-num"), ("Actions", ""),
                                                                   ("Trajectory", "")]
        + ([("Precision", "tj-num"), ("Recall", "tj-num"), ("F1", "tj-num")] if scored else []),
        [(Markup(f'<a href="{to(r.model_page)}">{t(r.model.name)}</a>'), *((r.t.planner,) if several else ()),
          len(r.t.ablations), actions_summary(r.action_counts),
          Markup(f'<a href="{to(r.page)}">{"agent run &amp; plan" if r.t.origin == "agent-run" else "reasoning &amp; plan"}</a>'))
         + ((score(r.evaluation.precision), score(r.evaluation.recall), score(r.evaluation.f1))
            if r.evaluation is not None else ("not judged", "", "") if scored else ())
         for r in rows])
    ref = next((r.reference for r in rows if r.reference is not None), None)
    prefixes = {r.page: plan_prefix(r) for r in rows}
    return {
        "matrix": matrix.matrix(rows, groups, to, prefixes, ref) if len(rows) > 1 else "",
        "reasonings": matrix.reasonings(rows, to, prefixes),
        "paper": paper, "models": len(rows),
        "filters": search_filters([("model", r.model.name) for r in rows] + [("planner", r.t.planner) for r in rows]
                                  + [("task", paper.task or "unknown")]), "paper_url": safe_url(paper.url), "overview": overview,
        "references": reference_blocks(ref, rows, to) if ref is not None and ref.task == AUTHOR_TASK else [],
        "reviews": review_block(ref, rows, to) if ref is not None and ref.task != AUTHOR_TASK else None,
        # the groups' markup in page order (shared first, then those of one model), each
        # anchored by its content (``#group-block-size``): the same while the paper's plans are
        "shared": [group_html(by_model, to, g, a) for g, a in groups if not g.singleton],
        "single": [group_html(by_model, to, g, a, heading=False) for g, a in groups if g.singleton],
    }


def group_html(rows: dict[str, Row], to: Callable[..., str], group: align.Group, anchor: str,
               heading: bool = True) -> Markup:
    """One group of the paper page's comparison: the models that ablate the same thing.

    A Markdown heading (in the table of contents, not in search: the text is on the
    trajectory pages it comes from), then one HTML block: each member has a permalink anchor
    ``#<model>-<n>`` (``#<planner>-<model>-<n>`` for a planner other than the LM planner)
    and links to ``#ablation-<n>`` of its trajectory page. ``anchor``: the group's id on
    the page (:func:`generator.analysis.align.anchors`). A shared group says why it is one:
    the words its members share and how alike they are."""
    out = []
    several = len({r.t.planner for r in rows.values()}) > 1
    if heading:
        out.append(f"### {markdown_inline(group.label)} {{#{anchor} .tj-noindex}}\n")
        out.append(f'<div class="tj-group" id="{anchor}-members" data-pagefind-ignore>')
        out.append(f'<p class="tj-agree"><strong>{group.agreement} of {len(rows)} {"plans" if several else "models"}</strong>'
                   + f" · {why_grouped(group)}</p>")
    else:
        out.append(f'<div class="tj-group tj-group--single" id="{anchor}" data-pagefind-ignore>')
    out.append('<ul class="tj-members">')
    for m in group.members:
        r = rows[m.model]
        a = m.ablation
        chips = metric_chips(a.metrics)
        marks = r.evaluation.marks if r.evaluation is not None else ()
        mark = marks[m.index - 1] if len(marks) >= m.index else None
        replacement = " · ".join(str(inline_html(x)) for x in a.replacement or ())  # (maths as MathML)
        out.append(
            f'<li id="{_member_id(r, m.index)}"><a href="{to(r.page, f"ablation-{m.index}")}">'
            f"{t(r.model.name)}{f' ({t(r.t.planner)})' if several else ''}</a> {action_badge(a.action)} <strong>{t(a.name)}</strong>"
            + (f" {verdict(mark)}" if mark is not None else "")
            + f'<br><span class="tj-part">{inline_html(a.ablated_part)}</span>'
            + (f'<br><span class="tj-replacement">Replacement: {replacement}</span>' if replacement else "")
            + (f"<br>{chips}" if chips else "") + "</li>")
    out.append("</ul></div>")
    return Markup("\n".join(out))


def plan_prefix(r: Row) -> str:
    """A plan's name in the page's ids: the model's slug, after the planner's unless the LM planner."""
    return ("" if r.t.planner == LM_PLANNER else f"{slugify(r.t.planner)}-") + r.model.slug


def why_grouped(group: align.Group) -> Markup:
    """Why a group is one: the words its members share, and how alike they are (0..1)."""
    words = ", ".join(str(t(w)) for w in group.shared_terms[:8])
    alike = f'<span title="mean word similarity of the members, 0 to 1">similarity {group.score:.2f}</span>'
    return Markup(f"grouped by the words they share: {words} · {alike}" if words else f"grouped by their replacements · {alike}")


def _member_id(r: Row, index: int) -> str:
    return f"{plan_prefix(r)}-{index}"


def reference_blocks(ref, rows: list[Row], to: Callable[..., str]) -> list[dict]:
    """Each reference ablation (the dataset's order) with, per model, the proposals the judge
    matched to it (links), a visible gap when none did, or "not judged"."""
    named = list(labels(rows))
    out = []
    for n, a in enumerate(ref.ablations, 1):
        items = []
        for r, label in named:
            e = r.evaluation
            if e is None or e.matches is None:
                cell = '<span class="tj-verdict tj-verdict--none">not judged</span>'
            else:
                hits = [i for i, mark in enumerate(e.marks, 1) if mark and a.name in mark]
                cell = " · ".join(f'<a href="{to(r.page, f"ablation-{i}")}">✓ {t(r.t.ablations[i - 1].name)}</a>'
                                  for i in hits) or '<span class="tj-verdict tj-verdict--no">✗ missed</span>'
            items.append(f'<li><a href="{to(r.page)}">{t(label)}</a>: {cell}</li>')
        chips = metric_chips(a.metrics)
        html = (f'<div class="tj-reference" id="reference-{n}-models">{action_badge(a.action)} '
                f'<span class="tj-part">{inline_html(a.ablated_part)}</span>' + (f"<br>{chips}" if chips else "")
                + '<ul class="tj-ref-models">' + "".join(items) + "</ul></div>")
        out.append({"name": a.name, "anchor": f"reference-{n}", "html": Markup(html)})
    return out


def review_block(ref, rows: list[Row], to: Callable[..., str]) -> Markup:
    """Reviewer task: per model, which of its proposals the reviews asked for; the reviews."""
    wanted = (f"The reviews ask for {ref.suggestions} missing ablation{'s' if ref.suggestions != 1 else ''}."
              if ref.suggestions is not None else "")
    items = []
    for r, label in labels(rows):
        e = r.evaluation
        if e is None or e.in_review is None:
            cell = '<span class="tj-verdict tj-verdict--none">not judged</span>'
        else:
            hits = [i for i, mark in enumerate(e.marks, 1) if mark is True]
            cell = " · ".join(f'<a href="{to(r.page, f"ablation-{i}")}">✓ {t(r.t.ablations[i - 1].name)}</a>'
                              for i in hits) or '<span class="tj-verdict tj-verdict--no">✗ none of its proposals</span>'
            cell += f" <small>({len(hits)} of {len(r.t.ablations)})</small>"
        items.append(f'<li><a href="{to(r.page)}">{t(label)}</a>: {cell}</li>')
    reviews = "".join(f"<p><strong>Review {i}.</strong> " + "<br>".join(str(t(p)) for p in text.split("\n") if p.strip())
                      + "</p>" for i, text in enumerate(ref.reviews, 1))
    return Markup(f'<div class="tj-reviews"><p>{t(wanted)} Proposals the judge found in the reviews:</p>'
                  f'<ul class="tj-ref-models">{"".join(items)}</ul>'
                  + (f"<details><summary>The {len(ref.reviews)} reviews</summary>{reviews}</details>" if reviews else "")
                  + "</div>")
