"""The agent planner's run folders (SWE-agent 1.0.1 and 1.1.0): steps, exit status, cost exact."""

from __future__ import annotations

import json
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
    root = tmp_path_factory.mktemp("agent") / "runs"
    make_runs(root, agent_steps=6)
    return root, _read(root)


def _agents(outcome):
    return [t for t in outcome.trajectories if t.origin == "agent-run"]


def test_steps_exit_status_cost_and_tokens_are_the_trajs(runs):
    root, outcome = runs
    agents = _agents(outcome)
    versions = set()
    for t in agents:
        traj = json.loads((root / t.source).read_text(encoding="utf-8"))
        versions.add(traj["info"]["swe_agent_version"])
        assert [(s.thought, s.action, s.observation, s.execution_time) for s in t.steps] == [
            (s["thought"], s["action"], s["observation"], s["execution_time"]) for s in traj["trajectory"]]
        stats = traj["info"]["model_stats"]
        assert (t.exit_status, t.cost, t.tokens_sent, t.tokens_received, t.api_calls) == (
            traj["info"]["exit_status"], stats["instance_cost"], stats["tokens_sent"], stats["tokens_received"],
            stats["api_calls"])
        assert t.planner == "agent-planner" and t.model == Path(t.source).parts[-3]
        jsonl = (root / Path(t.source).parent.parent / f"{t.paper}.jsonl").read_text(encoding="utf-8")
        assert [a.line for a in t.ablations] == [line for line in jsonl.split("\n") if line.strip()]
    assert versions == {"1.0.1", "1.1.0"}
    assert {t.exit_status for t in agents} == {"submitted", "submitted (exit_cost)", "exit_cost"}


def test_a_run_that_submitted_nothing_is_a_trajectory_with_a_warning(runs):
    _, outcome = runs
    (nothing,) = [t for t in _agents(outcome) if t.exit_status == "exit_cost"]
    assert nothing.ablations == () and nothing.steps
    assert nothing.warnings == ("the agent submitted no plan (exit status 'exit_cost')",)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "runs/plan/reviewer/sweagent/claude-35-sonnet"
    folder.mkdir(parents=True)
    return folder


def _traj(submission: str | None, status: str, steps: list[dict], query_key: str = "query") -> str:
    return json.dumps({
        "trajectory": [{**s, query_key: [{}], "state": {}, "extra_info": {}} for s in steps], "history": [],
        "info": {"swe_agent_version": "1.1.0", "submission": submission, "exit_status": status,
                 "model_stats": {"instance_cost": 1.25, "tokens_sent": 100, "tokens_received": 7, "api_calls": 3}},
        "replay_config": json.dumps({"agent": {"model": {"name": "openrouter/anthropic/claude-3.5-sonnet"}}}),
        "environment": "p"})


LINE = '{"name": "Remove X", "ablated_part": "X", "action": "REMOVE", "metrics": ["F1"]}'
STEP = {"thought": "Read it.", "action": "cat a.tex", "observation": "<b>not html</b>", "execution_time": 0.5,
        "response": "Read it."}


def test_an_autosubmitted_diff_without_a_jsonl_is_applied(tmp_path):
    folder = _folder(tmp_path)
    diff = ("diff --git a/ablations_plan.jsonl b/ablations_plan.jsonl\nnew file mode 100644\n--- /dev/null\n"
            f"+++ b/ablations_plan.jsonl\n@@ -0,0 +1,2 @@\n+{LINE}\n+{LINE}\n")
    (folder / "p").mkdir()
    (folder / "p" / "p.traj").write_text(_traj(diff, "submitted (exit_cost)", [STEP], "messages"), encoding="utf-8")
    (t,) = _read(tmp_path / "runs").trajectories
    assert [a.line for a in t.ablations] == [LINE]
    assert t.steps[0].observation == "<b>not html</b>" and t.cost == 1.25 and t.task == "ReviewerAblation"
    assert t.warnings[0].startswith("no AblationBench plan file (<paper>.jsonl): the plan is the .traj's submission")


def test_a_diff_that_does_not_apply_is_a_warning_and_the_steps_still_a_page(tmp_path):
    folder = _folder(tmp_path)
    diff = f"diff --git a/ablations_plan.jsonl b/ablations_plan.jsonl\n--- /dev/null\n+++ b/ablations_plan.jsonl\n@@ -0,0 +1,3 @@\n+{LINE}\n"
    (folder / "p").mkdir()
    (folder / "p" / "p.traj").write_text(_traj(diff, "submitted (exit_context)", [STEP]), encoding="utf-8")
    (t,) = _read(tmp_path / "runs").trajectories
    assert t.ablations == () and len(t.steps) == 1
    assert any("does not apply" in w and "cut off" in w for w in t.warnings)


def test_a_truncated_traj_is_an_error_and_its_jsonl_still_a_page(tmp_path):
    folder = _folder(tmp_path)
    (folder / "p").mkdir()
    text = _traj(LINE, "submitted", [STEP])
    (folder / "p" / "p.traj").write_text(text[: len(text) // 2], encoding="utf-8")
    (folder / "p.jsonl").write_text(LINE + "\n", encoding="utf-8")
    outcome = _read(tmp_path / "runs")
    assert [e.source for e in outcome.errors] == ["plan/reviewer/sweagent/claude-35-sonnet/p/p.traj"]
    assert "truncated" in outcome.errors[0].message
    (t,) = outcome.trajectories
    assert [a.line for a in t.ablations] == [LINE] and t.steps == () and t.source.endswith("p.jsonl")


def test_the_model_comes_from_the_replay_config_outside_the_readme_layout(tmp_path):
    folder = tmp_path / "runs" / "20250101_120000" / "p"
    folder.mkdir(parents=True)
    (folder / "p.traj").write_text(_traj(LINE, "submitted", [STEP]), encoding="utf-8")
    (t,) = _read(tmp_path / "runs").trajectories
    assert (t.planner, t.model, t.task) == ("agent-planner", "claude-3.5-sonnet", None)
