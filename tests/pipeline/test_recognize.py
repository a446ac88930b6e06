"""Each input file is given one kind, from its name and the shape of its content."""

from __future__ import annotations

from pathlib import Path

from generator.pipeline.recognize import Kind, classify
from generator.records import SourceFile


def kind(source: str, data: str = "") -> Kind:
    return classify(SourceFile(Path("/x") / source, source, data.encode()))


PLAN_LINE = '{"name":"a","ablated_part":"b","action":"REMOVE","replacement":null,"metrics":["m"]}'


def test_markdown_pages_of_any_name_stay_markdown():
    for name in ("a.md", "000_x.txt", "paper", "notes.markdown"):
        assert kind(f"lm-planner/gpt-4o/{name}", "# lm-planner/gpt-4o/p\n") is Kind.MARKDOWN


def test_run_folders_files_by_name_and_shape():
    assert kind("runs/plan/researcher/simple_lm/gpt-4o/p.jsonl", PLAN_LINE) is Kind.LM_PLAN
    assert kind("runs/plan/researcher/simple_lm/gpt-4o/p.jsonl", "") is Kind.LM_PLAN  # an unparsed reply
    assert kind("runs/plan/researcher/simple_lm/gpt-4o/p.json.log", "{}") is Kind.LM_LOG
    assert kind("runs/plan/researcher/simple_lm/gpt-4o/plans.json", "{}") is Kind.RUN_PLANS
    assert kind("runs/plan/x/sweagent/m/p/p.traj", "{}") is Kind.AGENT_TRAJECTORY
    assert kind("runs/plan/x/sweagent/m/preds.json", "{}") is Kind.AGENT_PREDICTIONS
    assert kind("runs/plan/x/sweagent/m/p/p.debug.log", "") is Kind.BOOKKEEPING


def test_judge_and_dataset_files_by_shape():
    assert kind("runs/eval/researcher/simple_lm/m/j/evaluations.json", "[]") is Kind.JUDGE_EVALUATIONS
    assert kind("out/p.jsonl", '{"name_in_paper": "a", "name_in_plan": null}') is Kind.JUDGE_MATCHES
    assert kind("out/p.jsonl", '{"name_in_plan": "a", "appears_in_review": true}') is Kind.JUDGE_MATCHES
    assert kind("runs/eval/x/p.json.log", "{}") is Kind.JUDGE_LOG
    assert kind("data/researcher.jsonl", '{"id": "p", "paper_title": "T", "ablations_in_paper": "[]"}') is Kind.DATASET
    assert kind("data/researcher.json", '[{"id": "p", "paper_title": "T"}]') is Kind.DATASET
    assert kind("data/researcher-test.parquet") is Kind.DATASET
    assert kind("data/scores.json", '[{"id": "p", "f1_score": 0.5, "precision": 1, "recall": 0.3}]') \
        is Kind.JUDGE_EVALUATIONS
    assert kind("x/other.json", '{"a": 1}') is Kind.UNKNOWN_DATA
