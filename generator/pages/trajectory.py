"""A trajectory's page: its reasoning, its plan, where it came from, and the way around."""

from __future__ import annotations

from generator import layout
from generator.pages.agent_steps import summary_bar, timeline
from generator.pages.fragments import ablation_blocks, actions_summary
from generator.pages.rows import Row
from generator.untrusted.prose import block_html

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
        "paper_href": to(r.paper_page), "model_href": to(r.model_page),
        "others": [(name, to(page)) for name, page in others],
        "prev": (prev[0], to(prev[1])) if prev else None, "next": (nxt[0], to(nxt[1])) if nxt else None,
        "reasoning_html": block_html(t.reasoning) if t.reasoning else "",
        "ablation_count": len(t.ablations), "actions": actions_summary(r.action_counts),
        "ablations_html": ablation_blocks(t.ablations),
        "repairs": [s.describe() for s in t.repairs], "warnings": t.warnings,
        "data_href": to(layout.TRAJECTORIES_JSON), "zip_href": to(r.zip),
        # a run folder's trajectory: its figures; an agent's: its steps instead of a reasoning trace
        "agent": agent, "runbar": summary_bar(t), "inputs": t.inputs, "exit_status": t.exit_status,
        "step_count": len(t.steps), "steps_html": timeline(t.steps) if agent else "",
    }
