"""Each trajectory as the pages see it: a :class:`Row`, with what every page needs of it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

import orjson

from generator import layout
from generator.analysis import grouping
from generator.analysis.vocabulary import action_counts, metric_key
from generator.records import AUTHOR_TASK, Ablation, Catalog, Evaluation, ModelInfo, PaperInfo, Reference, Trajectory


@dataclass(frozen=True)
class Row:
    """One trajectory as a row of an index or overview table."""

    t: Trajectory
    model: ModelInfo
    paper: PaperInfo
    page: str
    model_page: str
    paper_page: str
    zip: str  # the AblationBench download of its planner and model
    action_counts: tuple[tuple[str, int], ...]
    shown: str  # digest of what the row shows of its trajectory, for render keys (see row())
    plan_shown: str  # the same without the reasoning: for pages that show plans, counts, provenance
    evaluation: Evaluation | None = None  # the judge's verdict on this plan, if any
    reference: Reference | None = None  # the paper's ground truth, if a dataset lists it


def row(catalog: Catalog, t: Trajectory) -> Row:
    model, paper = catalog.model(t.model), catalog.paper(t.paper)
    page = catalog.pages[t.key]
    # model and paper by id: the keys of pages that show a name or a title include shown(...)
    evaluation, reference = catalog.evaluations.get(t.key), catalog.references.get(t.paper)
    plan_shown = digest((page, t.source, t.planner, t.origin, t.ablations, t.repairs, t.warnings, model.id, paper.id)
                        + ((evaluation, reference) if evaluation or reference else ()))
    # (a run's steps are in its digest; its figures are not)
    run = (t.inputs, t.exit_status, t.cost, t.tokens_sent, t.tokens_received, t.api_calls)
    return Row(t, model, paper, page, layout.model_page(model.slug), layout.paper_page(paper.slug),
               layout.ablationbench_zip(catalog.planner_slugs[t.planner], model.slug),
               action_counts(a.action for a in t.ablations), digest((plan_shown, t.digest, run)), plan_shown,
               evaluation, reference)


def labels(same_paper: list[Row]) -> Iterator[tuple[Row, str]]:
    """Each row of one paper with its name among them: the model's, plus the planner if several."""
    several = len({r.t.planner for r in same_paper}) > 1
    for r in same_paper:
        yield r, (f"{r.model.name} ({r.t.planner})" if several else r.model.name)


def model_summary(model: ModelInfo, rows: list[Row]) -> dict:
    return {
        "model": model, "page": layout.model_page(model.slug), "trajectories": len(rows),
        "papers": len({r.paper.id for r in rows}),
        "ablations": sum(len(r.t.ablations) for r in rows),
        "action_counts": action_counts(a.action for r in rows for a in r.t.ablations),
    }


def record(r: Row) -> dict:
    """A trajectory as ``data/trajectories.json.gz`` publishes it (``page``: its page's URL,
    relative to the site root, as the site serves it).

    ``evaluation``: None, or the judge's scores exactly as it wrote them; each ablation of a
    plan whose verdict names it has ``reference`` (author task: the reference ablations it
    was matched to, ``[]`` when unmatched) or ``in_review`` (reviewer task: true/false)."""
    e = r.evaluation
    ablations = [{**a.as_dict(), "metric_keys": [metric_key(m) for m in a.metrics]} for a in r.t.ablations]
    if e is not None:
        key = "reference" if e.matches is not None else "in_review"
        for a, mark in zip(ablations, e.marks):
            if mark is not None:
                a[key] = list(mark) if key == "reference" else mark
    return {
        "planner": r.t.planner, "model": r.model.id, "model_name": r.model.name,
        "paper": r.paper.id, "paper_title": r.paper.title, "task": r.paper.task,
        "source": r.t.source, "page": layout.url_of(r.page),
        "repairs": [s.describe() for s in r.t.repairs],
        "warnings": list(r.t.warnings),
        "reasoning": r.t.reasoning,
        "ablations": ablations,
        **_run_fields(r.t),
        "evaluation": evaluation_record(e) if e is not None else None,
    }


def evaluation_record(e: Evaluation) -> dict:
    return {"precision": e.precision, "recall": e.recall, "f1": e.f1, "ndcg": e.ndcg, "cost": e.cost,
            "source": e.source, "judge": e.judge, "task": e.task, "verdicts": e.verdicts,
            "missed": list(e.missed) if e.matches is not None else None}


def paper_record(paper: PaperInfo, rows: list[Row], aligned: Mapping[str, grouping.Aligned] | None = None) -> dict:
    """A paper as ``data/papers.json`` publishes it: its ground truth, who was judged, and
    its ablations grouped by what they ablate (``groups``: ``id``, the group's anchor on the
    paper page; ``label``; ``plans``, how many plans (models) proposed it; ``shared_words``;
    ``similarity``; ``members`` as ``{planner, model, ablation}``, ``ablation`` the 1-based
    index in that plan)."""
    ref = rows[0].reference if rows else None
    return {
        "paper": paper.id, "title": paper.title, "task": paper.task, "page": layout.paper_page(paper.slug),
        "references": [a.as_dict() for a in ref.ablations] if ref is not None and ref.task == AUTHOR_TASK else [],
        "reviews": len(ref.reviews) if ref is not None else None,
        "num_ablation_suggestions": ref.suggestions if ref is not None else None,
        "dataset": ref.source if ref is not None else None,
        "trajectories": [{"planner": r.t.planner, "model": r.model.id, "page": r.page,
                          "f1": r.evaluation.f1 if r.evaluation is not None else None} for r in rows],
        "groups": groups_record(rows, aligned),
    }


def paper_plans(catalog: Catalog) -> dict[str, dict[str, tuple[Ablation, ...]]]:
    """Each paper's plans as its rows see them: {paper id: {page: ablations}}, in row order."""
    out: dict[str, dict[str, tuple[Ablation, ...]]] = {}
    for t in catalog.trajectories:
        out.setdefault(catalog.paper(t.paper).id, {})[catalog.pages[t.key]] = t.ablations
    return out


def paper_groups(rows: list[Row], aligned: Mapping[str, grouping.Aligned] | None = None) -> grouping.Aligned:
    """A paper's groups, in page order (shared by several plans first), with their anchors:
    what its page shows and ``data/papers.json`` publishes (one member per plan: a model may
    have planned for the paper as an LM and as an agent). From ``aligned`` (the build's
    align stage) when it has the paper, else aligned here."""
    if aligned is not None and rows and rows[0].paper.id in aligned:
        return aligned[rows[0].paper.id]
    return _groups(tuple((r.page, r.t.ablations) for r in rows))


@lru_cache(maxsize=1024)
def _groups(plans: tuple[tuple[str, tuple], ...]) -> grouping.Aligned:
    # (without the build's align stage: a process that renders data/papers.json and paper pages aligns each once)
    return grouping.groups_of(dict(plans))


def groups_record(rows: list[Row], aligned: Mapping[str, grouping.Aligned] | None = None) -> list[dict]:
    by_page = {r.page: r for r in rows}
    return [{"id": anchor, "label": g.label, "plans": g.agreement, "shared_words": list(g.shared_terms),
             "similarity": g.score,
             "members": [{"planner": by_page[m.model].t.planner, "model": by_page[m.model].model.id,
                          "ablation": m.index} for m in g.members]}
            for g, anchor in paper_groups(rows, aligned)]


def _run_fields(t: Trajectory) -> dict:
    """What a run folder adds to a record: cost and tokens; an agent's exit status and steps."""
    if t.origin == "markdown":
        return {}
    out: dict = {"cost": t.cost, "tokens_sent": t.tokens_sent, "tokens_received": t.tokens_received}
    if t.origin == "agent-run":
        out.update(exit_status=t.exit_status, api_calls=t.api_calls, steps=[
            {"thought": s.thought, "action": s.action, "observation": s.observation,
             "execution_time": s.execution_time} for s in t.steps])
    return out


def digest(value: object) -> str:
    """A digest of ``value``: of its JSON (dataclasses as objects), else of its ``repr``."""
    try:
        data = b"j" + orjson.dumps(value)
    except TypeError:  # (lone surrogates, keys that are not strings, ...)
        data = b"r" + repr(value).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


shown = lru_cache(maxsize=4096)(digest)  # of a ModelInfo / PaperInfo, shown by many pages
