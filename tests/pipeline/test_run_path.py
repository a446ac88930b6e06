"""Task, planner and model from a run folder's path."""

from __future__ import annotations

from generator.pipeline.run_path import RunPath, model_from_id, run_path


def test_the_readme_layout_gives_task_planner_and_model():
    assert run_path("/home/x/runs/plan/researcher/simple_lm/o3-mini-high") == RunPath("lm-planner", "o3-mini-high", "AuthorAblation")
    assert run_path("runs/plan/reviewer/sweagent/gpt-4o") == RunPath("agent-planner", "gpt-4o", "ReviewerAblation")
    assert run_path("runs/author/plan/simple_lm/gpt-4o").task == "AuthorAblation"  # the README's other order


def test_a_folder_without_the_convention_says_nothing_or_what_it_can():
    assert run_path("/tmp/runs/20250101_120000") == RunPath()
    assert run_path("/tmp/reviewer/batch-3") == RunPath(task="ReviewerAblation")
    assert run_path("/tmp/runs/plan/researcher/sweagent") == RunPath("agent-planner", None, "AuthorAblation")


def test_litellm_model_ids_become_model_names():
    assert model_from_id("openrouter/openai/gpt-4o") == "gpt-4o"
    assert model_from_id("gpt-4o") == "gpt-4o"
    assert model_from_id("") is None and model_from_id(None) is None
