"""Models compared on the papers they all planned, split by task."""

from __future__ import annotations

from generator.analysis.comparison import UNKNOWN_TASK, Plan, compare
from generator.records import Ablation


def a(action: str = "REMOVE", *metrics: str) -> Ablation:
    return Ablation("x", "y", action, None, metrics)


def test_only_papers_every_model_planned_count_split_by_task():
    plans = [
        Plan("m1", "lm", "p1", "AuthorAblation", (a("REMOVE", "F1"), a("REPLACE", "F1-score", "BLEU"))),
        Plan("m2", "lm", "p1", "AuthorAblation", (a("ADD", "f1 score"),)),
        Plan("m1", "lm", "p2", "ReviewerAblation", (a(), a())),
        Plan("m2", "lm", "p2", "ReviewerAblation", (a(),)),
        Plan("m1", "lm", "p3", None, (a(),)),
        Plan("m2", "lm", "p3", None, (a(), a(), a())),
        Plan("m1", "lm", "only-m1", "AuthorAblation", (a(),) * 9),  # not shared: not counted
    ]
    [c] = compare(plans, ["m2", "m1"])
    assert c.models == ("m2", "m1") and c.shared == ("p1", "p2", "p3")
    assert c.papers == {"m1": 4, "m2": 3}
    assert [s.task for s in c.splits] == ["AuthorAblation", "ReviewerAblation", UNKNOWN_TASK]
    author = c.splits[0]
    m2, m1 = author.figures
    assert (m1.model, m1.plans, m1.ablations, m1.per_plan) == ("m1", 1, 2, 2.0)
    assert m1.actions == (("REMOVE", 1), ("REPLACE", 1)) and m2.actions == (("ADD", 1),)
    # metric keys, counted once per plan: "F1" and "F1-score" in one plan are one key
    assert m1.metric_plans == {"f1": 1, "bleu": 1} and m2.metric_plans == {"f1": 1}
    assert author.top_metrics[0][0] == "f1"
    assert [f.per_plan for f in c.splits[2].figures] == [3.0, 1.0]


def test_each_planner_on_its_own_and_a_lone_model_is_not_compared():
    plans = [Plan("m1", "agent", "p", None, (a(),)), Plan("m1", "lm", "p", None, (a(),)),
             Plan("m2", "lm", "p", None, (a(),)), Plan("m2", "lm", "q", None, (a(),))]
    [c] = compare(plans, ["m1", "m2"])
    assert c.planner == "lm" and c.shared == ("p",)
    assert compare([], ["m1"]) == []


def test_no_shared_paper_gives_no_split():
    [c] = compare([Plan("m1", "lm", "p", None, (a(),)), Plan("m2", "lm", "q", None, (a(),))], ["m1", "m2"])
    assert c.shared == () and c.splits == ()
