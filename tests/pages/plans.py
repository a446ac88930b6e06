"""Small catalogs for the page tests: plans made to measure, through the real catalog."""

from __future__ import annotations

from generator.config import DEFAULT_MODELS
from generator.pages.rows import Row, row
from generator.pipeline.attach import attach
from generator.pipeline.catalog import build_catalog
from generator.pipeline.metadata import ModelTable
from generator.records import Ablation, Catalog, Evaluation, PaperInfo, Reference, Trajectory

MODELS = ModelTable.load(DEFAULT_MODELS)


def ablation(name: str, part: str = "", action: str = "REMOVE", metrics: tuple[str, ...] = ("accuracy",)) -> Ablation:
    return Ablation(name, part or f"the {name.lower()}", action, None, metrics)


def plan(model: str, paper: str, *ablations: Ablation, planner: str = "lm-planner",
         reasoning: str = "Because.") -> Trajectory:
    return Trajectory(f"{planner}/{model}/{paper}.md", planner, model, paper, reasoning, tuple(ablations))


def catalog(*plans: Trajectory, tasks: dict[str, str] | None = None, evaluations: list[Evaluation] = (),
            references: dict[str, Reference] | None = None) -> Catalog:
    meta = {p: PaperInfo(p, p, task=task) for p, task in (tasks or {}).items()}
    cat = build_catalog(list(plans), MODELS, meta, files=len(plans))
    return attach(cat, list(evaluations), references or {}) if evaluations or references else cat


def rows(cat: Catalog) -> list[Row]:
    return [row(cat, t) for t in cat.trajectories]
