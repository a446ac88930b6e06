"""Leaderboard means and paired bootstrap comparisons."""

from __future__ import annotations

from generator.analysis.leaderboard import Score, bootstrap_interval, comparisons, entries


def s(model: str, paper: str, f1: float, planner: str = "lm-planner", task: str = "A", **kw) -> Score:
    return Score(planner, model, task, paper, kw.pop("precision", f1), kw.pop("recall", f1), f1, **kw)


def test_means_are_exact_macro_averages_per_planner_model_and_task():
    rows = entries([s("m", "p1", 0.5, precision=1.0, recall=0.25, ndcg=0.5, cost=0.1),
                    s("m", "p2", 0.25, precision=0.5, recall=0.5, cost=0.3, judge="j"),
                    s("m", "p3", 0.0, precision=0.0, recall=0.0),
                    s("m", "p1", 1.0, task="B")])
    a, b = rows
    assert (a.task, a.papers, a.precision, a.recall, a.f1) == ("A", 3, 0.5, 0.25, 0.25)
    assert a.ndcg == 0.5 and a.cost == 0.2  # over the papers that have one
    assert a.judges == (("", 2), ("j", 1))
    assert (b.task, b.papers, b.f1) == ("B", 1, 1.0)


def test_comparisons_use_shared_papers_only_and_orient_the_higher_first():
    scores = [s("x", "p1", 0.2), s("x", "p2", 0.4), s("x", "p3", 0.9),
              s("y", "p1", 0.6), s("y", "p2", 0.8), s("y", "p4", 0.0),
              s("x", "p1", 0.3, planner="agent-planner"), s("z", "p1", 0.3, planner="agent-planner")]
    pairs = {(c.a, c.b): c for c in comparisons(scores, resamples=500)}
    xy = pairs[(("lm-planner", "y"), ("lm-planner", "x"))]
    assert xy.papers == 2 and abs(xy.diff - 0.4) < 1e-12 and abs(xy.f1_a - 0.7) < 1e-12
    assert xy.low is not None and abs(xy.low - 0.4) < 1e-9 and abs(xy.high - 0.4) < 1e-9 and xy.clear
    # the same model under two planners is compared; different planner and model is not
    assert (("agent-planner", "x"), ("lm-planner", "x")) in pairs
    assert not any({c.a, c.b} == {("lm-planner", "y"), ("agent-planner", "z")} for c in pairs.values())
    # one shared paper: no interval
    one = pairs[(("agent-planner", "x"), ("agent-planner", "z"))]
    assert one.papers == 1 and one.low is None and not one.clear


def test_the_bootstrap_is_deterministic_and_sane():
    diffs = [0.1, -0.2, 0.05, 0.3, -0.1, 0.0, 0.2, -0.05]
    first = bootstrap_interval(diffs, seed="a|b", resamples=2000)
    assert first == bootstrap_interval(diffs, seed="a|b", resamples=2000)
    low, high = first
    mean = sum(diffs) / len(diffs)
    assert low < mean < high and min(diffs) <= low and high <= max(diffs)
    assert bootstrap_interval([0.0] * 30, seed="same", resamples=2000) == (0.0, 0.0)


def test_identical_models_are_no_clear_difference():
    f1 = [0.1, 0.5, 0.3, 0.9, 0.0, 0.7]
    scores = [s("a", f"p{i}", v) for i, v in enumerate(f1)] + [s("b", f"p{i}", v) for i, v in enumerate(f1)]
    [c] = comparisons(scores, resamples=1000)
    assert c.diff == 0 and c.low <= 0 <= c.high and not c.clear
