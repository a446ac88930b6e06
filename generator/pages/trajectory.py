"""A trajectory's page: its reasoning, its plan, where it came from, and the way around."""

from __future__ import annotations

from markupsafe import Markup

from generator import layout
from generator.pages.agent_steps import summary_bar, timeline
from generator.pages.fragments import ablation_blocks, action_badge, actions_summary, score, search_filters, verdict
from generator.pages.rows import Row
from generator.untrusted.prose import block_html
from generator.untrusted.text import html_text

TEMPLATE = "trajectory.md.j2"


def context(r: Row, others: list[tuple[str, str]], prev: tuple[str, str] | None,
            nxt: tuple[str, str] | None) -> dict:
    """What a trajectory page shows, ready to print: ``(text, href)`` pairs, HTML fragments.

    (Thousands of these pages: a value looked up or a function called in the template costs
    more than here.)"""
    t, to = r.t, layout.linker(r.page)
    agent = t.origin == "agent-run"
    return {
        "title": f"{r.paper.title} — {r.model.name}" + (" (agent)" if agent else ""), "paper_title": r.paper.title, "model_name": r.model.name,
        "description": (f"{len(t.ablations)}-ablation plan and {len(t.steps)}-step agent run by {r.model.name} "
                        f"for {r.paper.title}" if agent else
                        f"Reasoning trace and {len(t.ablations)}-ablation plan by {r.model.name} for {r.paper.title}"),
        "planner": t.planner, "source": t.source,
        "filters": search_filters([("model", r.model.name), ("planner", t.planner), ("task", r.paper.task or "unknown")]),
        "paper_href": to(r.paper_page), "model_href": to(r.model_page),
        "others": [(name, to(page)) for name, page in others],
        "prev": (prev[0], to(prev[1])) if prev else None, "next": (nxt[0], to(nxt[1])) if nxt else None,
        "reasoning_html": block_html(t.reasoning) if t.reasoning else "",
        "ablation_count": len(t.ablations), "actions": actions_summary(r.action_counts),
        "ablations_html": ablation_blocks(t.ablations, [verdict(m) for m in r.evaluation.marks]
                                          if r.evaluation is not None else ()),
        **judged(r, to),
        "repairs": [s.describe() for s in t.repairs], "warnings": t.warnings,
        "data_href": to(layout.TRAJECTORIES_JSON), "zip_href": to(r.zip),
        # a run folder's trajectory: its figures; an agent's: its steps instead of a reasoning trace
        "agent": agent, "runbar": summary_bar(t), "inputs": t.inputs, "exit_status": t.exit_status,
        "step_count": len(t.steps), "steps_html": timeline(t.steps) if agent else "",
    }


def judged(r: Row, to) -> dict:
    """The score box and the references this plan missed (empty without an evaluation)."""
    e = r.evaluation
    if e is None:
        return {"score": None, "missed": (), "asked": None}
    facts = [("Precision", score(e.precision)), ("Recall", score(e.recall)), ("F1", score(e.f1))]
    facts += [("NDCG", score(e.ndcg))] if e.ndcg is not None else []
    box = "".join(f"<li><strong>{value}</strong> {name}</li>" for name, value in facts)
    cost = f" · judge cost ${e.cost:.4f}" if e.cost is not None else ""
    box = Markup(f'<div class="tj-score" data-pagefind-ignore><ul class="tj-figures">{box}</ul>'
                 f'<p class="tj-source">Judge <code>{html_text(e.judge)}</code> · task {html_text(e.task or "unknown")}'
                 f'{cost} · scores from <code>{html_text(e.source)}</code> · '
                 f'<a href="{to(layout.LEADERBOARD)}">leaderboard</a></p></div>')
    details = {a.name: a for a in r.reference.ablations} if r.reference is not None else {}
    missed = []
    for name in e.missed:
        a = details.get(name)
        part = f'<br><span class="tj-part">{html_text(a.ablated_part)}</span>' if a and a.ablated_part else ""
        missed.append(Markup(f"<li>{action_badge(a.action) + ' ' if a else ''}<strong>{html_text(name)}</strong>{part}</li>"))
    asked = None
    if e.in_review is not None:
        hits = sum(1 for m in e.marks if m is True)
        wanted = r.reference.suggestions if r.reference is not None else None
        asked = (f"{hits} of this plan's {len(r.t.ablations)} proposals are among the ablations the reviews ask for"
                 + (f" ({wanted} in all)." if wanted is not None else "."))
    return {"score": box, "missed": missed, "asked": asked}
