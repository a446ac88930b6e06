"""Evaluations and references tied to trajectories: marks, missed references, reports."""

from __future__ import annotations

from generator.config import DEFAULT_MODELS
from generator.pipeline.attach import attach, paper_meta
from generator.pipeline.catalog import build_catalog
from generator.pipeline.metadata import ModelTable
from generator.records import (AUTHOR_TASK, REVIEWER_TASK, Ablation, Evaluation, PaperInfo, Reference,
                               Trajectory)

MODELS = ModelTable.load(DEFAULT_MODELS)


def ablation(name: str) -> Ablation:
    return Ablation(name, f"part of {name}", "REMOVE", None, ("acc",))


def trajectory(model: str, paper: str, *names: str) -> Trajectory:
    return Trajectory(f"{model}/{paper}.md", "lm-planner", model, paper, "why", tuple(ablation(n) for n in names))


def evaluation(model: str, paper: str, judge: str = "majority_vote", **kw) -> Evaluation:
    base = dict(planner="lm-planner", model=model, paper=paper, task=None, judge=judge, precision=0.5, recall=0.5,
                f1=0.5, source=f"eval/{model}/{judge}/evaluations.json")
    return Evaluation(**{**base, **kw})


def catalog(*trajectories: Trajectory):
    return build_catalog(list(trajectories), MODELS, {}, files=len(trajectories))


def test_author_marks_follow_the_match_map_and_missed_references_keep_the_dataset_order():
    cat = catalog(trajectory("gpt-4o", "p", "Remove Gate", "Extra", "  remove   GATE 2 "))
    ref = Reference("p", AUTHOR_TASK, "P", ablations=(ablation("Gate"), ablation("Temp"), ablation("Bias")))
    e = evaluation("gpt-4o", "p", matches=(("Gate", ("Remove Gate", "Remove gate 2")), ("Temp", ("Remove Gate",)),
                                           ("Bias", ())))
    out = attach(cat, [e], {"p": ref})
    got = out.evaluations[("lm-planner", "gpt-4o", "p")]
    # exact names first, then case- and space-insensitive ones
    assert got.marks == (("Gate", "Temp"), (), ("Gate",))
    assert got.missed == ("Bias",) and got.task is None
    assert out.references == {"p": ref}
    assert not out.report.warnings


def test_a_verdict_naming_an_ablation_the_plan_lacks_is_warned():
    cat = catalog(trajectory("gpt-4o", "p", "A", "B"))
    e = evaluation("gpt-4o", "p", verdicts="eval/p.jsonl", in_review=(("A", True), ("Ghost", True)))
    out = attach(cat, [e], {})
    assert out.evaluations[("lm-planner", "gpt-4o", "p")].marks == (True, None)
    [w] = out.report.warnings
    assert w.source == "eval/p.jsonl" and "'Ghost'" in w.message and "does not have" in w.message


def test_orphan_evaluations_and_dataset_rows_are_warned_not_shown():
    cat = catalog(trajectory("gpt-4o", "p", "A"))
    out = attach(cat, [evaluation("o3-mini", "p"), evaluation("gpt-4o", "q")],
                 {"q": Reference("q", AUTHOR_TASK, source="d.parquet")})
    assert out.evaluations == {} and out.references == {}
    messages = {w.source: w.message for w in out.report.warnings}
    assert "no trajectory" in messages["eval/o3-mini/majority_vote/evaluations.json"]
    assert "'q'" in messages["eval/gpt-4o/majority_vote/evaluations.json"]
    assert "1 dataset row with no trajectory" in messages["d.parquet"]


def test_one_judge_per_trajectory_the_majority_vote_first_the_other_a_duplicate():
    cat = catalog(trajectory("gpt-4o", "p", "A"))
    single = evaluation("gpt-4o", "p", judge="openai/gpt-4o", f1=0.9)
    majority = evaluation("gpt-4o", "p", f1=0.1)
    out = attach(cat, [single, majority], {})
    assert out.evaluations[("lm-planner", "gpt-4o", "p")].f1 == 0.1
    [d] = out.report.duplicates
    assert d.source == single.source and d.kept == majority.source


def test_the_dataset_title_and_task_win():
    meta = {"p": PaperInfo("p", "From metadata", task=REVIEWER_TASK)}
    refs = {"p": Reference("p", AUTHOR_TASK, "From the dataset", source="d.jsonl")}
    merged, warnings = paper_meta(meta, refs, [evaluation("gpt-4o", "q", task=REVIEWER_TASK)])
    assert merged["p"].title == "From the dataset" and merged["p"].task == AUTHOR_TASK
    assert merged["q"].task == REVIEWER_TASK
    assert [w.source for w in warnings] == ["d.jsonl"]
