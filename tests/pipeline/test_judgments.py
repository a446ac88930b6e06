"""Judge outputs: evaluations.json rows and per-paper verdicts, read exactly and reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.config import DEFAULT_MODELS
from generator.pipeline.judgments import judge_folder, read_judgments, read_verdicts
from generator.pipeline.metadata import ModelTable
from generator.records import AUTHOR_TASK, REVIEWER_TASK, SourceFile

MODELS = ModelTable.load(DEFAULT_MODELS)
AUTHOR = "runs/eval/researcher/simple_lm/claude-3.5-sonnet/openai/o3-mini-high"


def file(source: str, data: object) -> SourceFile:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SourceFile(Path("/x") / source, source, raw)


def test_the_folder_says_what_was_judged():
    f = judge_folder(f"{AUTHOR}/evaluations.json")
    assert (f.planner, f.model, f.task, f.judge) == ("lm-planner", "claude-3.5-sonnet", AUTHOR_TASK, "openai/o3-mini-high")
    f = judge_folder("x/eval/reviewer/sweagent/gpt-4o/majority_vote/evaluations.json")
    assert (f.planner, f.task, f.judge) == ("agent-planner", REVIEWER_TASK, "majority_vote")
    assert judge_folder("somewhere/evaluations.json") is None


def test_scores_are_kept_exactly_and_verdicts_attached():
    rows = [{"id": "toy", "true_labels": [True], "pred_labels": [True], "precision": 0.6666666667,
             "recall": 1, "f1_score": 0.8, "ndcg_score": 0.765360637, "cost": 0.0151},
            {"id": "other", "precision": 0.0, "recall": 0.0, "f1_score": 0.0, "cost": None}]
    verdict = b'{"name_in_paper":"Gate Removal","name_in_plan":"Remove Gate"}\n' \
              b'{"name_in_paper":"X","name_in_plan":["A","B"]}\n{"name_in_paper":"Y","name_in_plan":null}'
    result = read_judgments([file(f"{AUTHOR}/evaluations.json", rows)], [file(f"{AUTHOR}/toy.jsonl", verdict)], MODELS)
    assert not result.errors and not result.warnings
    toy, other = result.evaluations
    assert (toy.planner, toy.model, toy.paper, toy.task) == ("lm-planner", "claude-35-sonnet", "toy", AUTHOR_TASK)
    assert (toy.precision, toy.recall, toy.f1, toy.ndcg, toy.cost) == (0.6666666667, 1, 0.8, 0.765360637, 0.0151)
    assert toy.matches == (("Gate Removal", ("Remove Gate",)), ("X", ("A", "B")), ("Y", ()))
    assert toy.verdicts == f"{AUTHOR}/toy.jsonl" and toy.in_review is None
    assert other.cost is None and other.ndcg is None and other.matches is None


def test_reviewer_verdicts_and_empty_files():
    assert read_verdicts(b'{"name_in_plan":"Fixed Gate","appears_in_review":true}\n', None) == (
        None, (("Fixed Gate", True),))
    assert read_verdicts(b"", REVIEWER_TASK) == (None, ())
    assert read_verdicts(b"", AUTHOR_TASK) == ((), None)
    with pytest.raises(ValueError):
        read_verdicts(b'{"name_in_plan": 3, "appears_in_review": true}', None)
    with pytest.raises(ValueError):
        read_verdicts(b'{"name_in_paper":"a","name_in_plan":null}\n{"name_in_plan":"b","appears_in_review":false}', None)


def test_bad_rows_files_and_stray_verdicts_are_reported():
    result = read_judgments(
        [file(f"{AUTHOR}/evaluations.json", [{"id": "a", "precision": "high", "recall": 1, "f1_score": 1},
                                            {"id": "b", "precision": 1, "recall": 1, "f1_score": 1},
                                            {"id": "b", "precision": 0, "recall": 0, "f1_score": 0}]),
         file("loose/evaluations.json", [{"id": "a", "precision": 1, "recall": 1, "f1_score": 1}]),
         file("runs/eval/reviewer/simple_lm/gpt-4o/j/evaluations.json", b"{not json")],
        [file(f"{AUTHOR}/zzz.jsonl", b'{"name_in_paper":"a","name_in_plan":null}'),
         file(f"{AUTHOR}/b.jsonl", b"garbage")], MODELS)
    assert [e.paper for e in result.evaluations] == ["b"]
    assert result.evaluations[0].f1 == 1 and result.evaluations[0].matches is None
    errors = {e.source: e.message for e in result.errors}
    assert "precision is not a number" in errors[f"{AUTHOR}/evaluations.json"]
    assert "does not say which planner" in errors["loose/evaluations.json"]
    assert "not valid JSON" in errors["runs/eval/reviewer/simple_lm/gpt-4o/j/evaluations.json"]
    assert "line 1 is not JSON" in errors[f"{AUTHOR}/b.jsonl"]
    warnings = {w.source: w.message for w in result.warnings}
    assert "scored twice" in warnings[f"{AUTHOR}/evaluations.json"]
    assert "no evaluations.json" in warnings[f"{AUTHOR}/zzz.jsonl"]
