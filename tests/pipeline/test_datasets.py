"""Benchmark dataset rows (Parquet, JSON, JSONL) → references, with every problem reported."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from generator.pipeline.datasets import dataset_task, read_datasets
from generator.records import AUTHOR_TASK, REVIEWER_TASK, SourceFile

REFS = [{"name": "Gate Removal", "ablated_part": "the gate", "action": "remove", "metrics": ["Top-1"]},
        {"name": "Gate Temperature", "ablated_part": "temperature", "action": "REPLACE",
         "replacement": [0.1, "1.0", {"a": 1}], "metrics": "Top-1"}]
AUTHOR_ROW = {"id": "toy", "paper_title": "Toy Paper", "paper_abstract": "abs", "ablations_in_paper": json.dumps(REFS)}
REVIEWER_ROW = {"id": "Toy_Review", "paper_title": "Toy Review", "paper_abstract": "abs",
                "review_text": json.dumps(["first review", "second"]), "num_ablation_suggestions": 2}


def file(source: str, data: bytes) -> SourceFile:
    return SourceFile(Path("/x") / source, source, data)


def parquet(rows: list[dict]) -> bytes:
    out = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), out)
    return out.getvalue()


def jsonl(rows: list[dict]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in rows).encode()


def test_parquet_author_rows_become_references_in_dataset_order():
    result = read_datasets([file("d/researcher.parquet", parquet([AUTHOR_ROW]))])
    assert not result.errors and not result.warnings
    ref = result.references["toy"]
    assert ref.task == AUTHOR_TASK and ref.title == "Toy Paper" and ref.source == "d/researcher.parquet"
    assert [a.name for a in ref.ablations] == ["Gate Removal", "Gate Temperature"]
    assert ref.ablations[0].action == "REMOVE" and ref.ablations[0].replacement is None
    assert ref.ablations[1].replacement == ("0.1", "1.0", '{"a":1}')
    assert ref.ablations[1].metrics == ("Top-1",)


def test_jsonl_and_json_reviewer_rows():
    for name, data in (("r.jsonl", jsonl([REVIEWER_ROW])), ("r.json", json.dumps([REVIEWER_ROW]).encode())):
        ref = read_datasets([file(name, data)]).references["Toy_Review"]
        assert ref.task == REVIEWER_TASK and ref.reviews == ("first review", "second") and ref.suggestions == 2
        assert ref.ablations == ()


def test_a_json_export_may_hold_lists_instead_of_json_strings():
    row = {**AUTHOR_ROW, "ablations_in_paper": REFS}
    ref = read_datasets([file("a.jsonl", jsonl([row]))]).references["toy"]
    assert [a.name for a in ref.ablations] == ["Gate Removal", "Gate Temperature"]


def test_the_same_rows_twice_are_a_duplicate_and_different_rows_a_warning():
    same = read_datasets([file("a.parquet", parquet([AUTHOR_ROW])), file("b.jsonl", jsonl([AUTHOR_ROW]))])
    assert len(same.duplicates) == 1 and same.duplicates[0].source == "b.jsonl"
    assert same.duplicates[0].kept == "a.parquet" and not same.warnings
    other = read_datasets([file("a.parquet", parquet([AUTHOR_ROW])),
                           file("b.jsonl", jsonl([{**AUTHOR_ROW, "paper_title": "Other"}]))])
    assert other.references["toy"].title == "Toy Paper"
    assert [w.source for w in other.warnings] == ["b.jsonl"] and "different content" in other.warnings[0].message


def test_bad_files_and_rows_are_reported():
    result = read_datasets([
        file("broken.parquet", b"PAR1 not really"),
        file("broken.jsonl", b'{"id": "x", "paper_title": "t"}\nnot json\n'),
        file("rows.jsonl", jsonl([{"paper_title": "no id"},
                                  {**AUTHOR_ROW, "ablations_in_paper": "[{\"action\": \"ADD\"}]"},
                                  {**REVIEWER_ROW, "id": "r2", "num_ablation_suggestions": "two"}])),
    ])
    assert {e.source for e in result.errors} == {"broken.parquet", "broken.jsonl"}
    messages = [w.message for w in result.warnings]
    assert any("row 1: no paper id" in m for m in messages)
    assert any("reference ablation 1 has no name" in m for m in messages)
    assert any("num_ablation_suggestions is not a count" in m for m in messages)
    assert result.references["toy"].ablations == ()


def test_task_from_columns_else_from_name():
    assert dataset_task("x.jsonl", [AUTHOR_ROW]) == AUTHOR_TASK
    assert dataset_task("x.jsonl", [REVIEWER_ROW]) == REVIEWER_TASK
    assert dataset_task("reviewer-ablation-bench.jsonl", [{"id": "a", "paper_title": "t"}]) == REVIEWER_TASK
    assert dataset_task("plain.jsonl", [{"id": "a", "paper_title": "t"}]) is None
