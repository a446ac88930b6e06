"""The LM planner's run folders: plan JSONL, completion log, plans.json — every field exact."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.pipeline import recognize
from generator.pipeline.read import read_sources
from generator.pipeline.runs import read_runs
from tests.sample_runs import make_runs


def _read(root: Path):
    return read_runs(recognize.group(read_sources([root]).files))


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("runs") / "runs"
    made = make_runs(root)
    return root, made, _read(root)


def _lm(outcome):
    return [t for t in outcome.trajectories if t.origin == "lm-run"]


def test_every_lm_plan_equals_its_jsonl_and_its_reasoning_the_discussion(runs):
    root, made, outcome = runs
    lm = _lm(outcome)
    assert len(lm) == len(made) and not outcome.errors
    for t in lm:
        folder = root / Path(t.source).parent
        jsonl = (root / t.source).read_text(encoding="utf-8")
        lines = jsonl.split("\n")
        assert [a.line for a in t.ablations] == lines
        for a, line in zip(t.ablations, lines):
            value = json.loads(line)
            assert (a.name, a.ablated_part, a.action, list(a.metrics)) == (
                value["name"], value["ablated_part"], value["action"], value["metrics"])
            assert a.replacement == (None if value["replacement"] is None else tuple(value["replacement"]))
        log = json.loads((folder / f"{t.paper}.json.log").read_text(encoding="utf-8"))
        content = log["choices"][0]["message"]["content"]
        assert t.reasoning == re.search(r"<discussion>(.*?)</discussion>", content, re.S).group(1).strip()
        plans = json.loads((folder / "plans.json").read_text(encoding="utf-8"))
        assert t.cost == plans[t.paper]["cost"]
        assert (t.tokens_sent, t.tokens_received) == (log["usage"]["prompt_tokens"], log["usage"]["completion_tokens"])
        assert t.planner == "lm-planner" and t.model == folder.name
        assert t.task == ("ReviewerAblation" if "/reviewer/" in t.source else "AuthorAblation")
        assert set(t.inputs) == {f"{Path(t.source).parent.as_posix()}/{n}" for n in (f"{t.paper}.json.log", "plans.json")}
        assert not t.warnings and not t.steps and t.exit_status is None


def test_the_reasoning_is_the_samples_own(runs):
    _, made, outcome = runs
    by_key = {(t.model, t.paper): t for t in _lm(outcome)}
    for t in made:
        assert by_key[(t.model, t.paper)].reasoning == t.reasoning
        assert [a.name for a in by_key[(t.model, t.paper)].ablations] == [a.name for a in t.ablations]


def test_a_cut_off_line_keeps_the_others_and_warns(tmp_path):
    folder = tmp_path / "runs/plan/researcher/simple_lm/gpt-4o"
    folder.mkdir(parents=True)
    good = '{"name":"A","ablated_part":"p","action":"REMOVE","replacement":null,"metrics":["acc"]}'
    (folder / "x.jsonl").write_text(good + "\n" + good.replace('"A"', '"B"') + '\n{"name":"C","abl', encoding="utf-8")
    (t,) = _read(tmp_path / "runs").trajectories
    assert [a.name for a in t.ablations] == ["A", "B"]
    assert t.warnings == ("plan line 3 is cut off ('{\"name\":\"C\",\"abl'); skipped, the other lines are kept",
                          )


def test_an_empty_plan_is_a_page_with_a_warning_and_a_plans_entry_without_a_file_is_read(tmp_path):
    folder = tmp_path / "runs/plan/reviewer/simple_lm/o3-mini"
    folder.mkdir(parents=True)
    (folder / "failed.jsonl").write_text("", encoding="utf-8")
    line = '{"name":"A","ablated_part":"p","action":"ADD","replacement":{"width":[64,128]},"metrics":["acc"]}'
    (folder / "plans.json").write_text(json.dumps({"failed": {"predictions": "", "cost": 0.0},
                                                   "orphan": {"predictions": line, "cost": 0.5}}), encoding="utf-8")
    outcome = _read(tmp_path / "runs")
    by_paper = {t.paper: t for t in outcome.trajectories}
    assert by_paper["failed"].ablations == ()
    assert by_paper["failed"].warnings == ("the plan is empty: the model's reply could not be parsed "
                                           "(cost 0.0: every attempt failed)",)
    orphan = by_paper["orphan"]
    assert orphan.source.endswith("plans.json") and orphan.cost == 0.5
    assert orphan.ablations[0].replacement == ("width: [64, 128]",) and orphan.ablations[0].line == line
    assert orphan.warnings == ("no orphan.jsonl beside plans.json: the plan is plans.json's entry",)


def test_a_broken_log_is_an_error_and_the_plan_still_a_page(tmp_path):
    folder = tmp_path / "runs/plan/researcher/simple_lm/gpt-4o"
    folder.mkdir(parents=True)
    (folder / "p.jsonl").write_text('{"name":"A","ablated_part":"p","action":"REMOVE","metrics":[]}', encoding="utf-8")
    (folder / "p.json.log").write_text('{"id": "x", "choices": [{"message": {"content": "<discussion>hi', encoding="utf-8")
    outcome = _read(tmp_path / "runs")
    assert [e.source for e in outcome.errors] == ["plan/researcher/simple_lm/gpt-4o/p.json.log"]
    assert "truncated" in outcome.errors[0].message
    (t,) = outcome.trajectories
    assert len(t.ablations) == 1 and t.reasoning == ""
