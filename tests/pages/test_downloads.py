import csv
import gzip
import io
import json
import zipfile

from hypothesis import given, strategies as st

from generator.pages.downloads import (CSV_FIELDS, ablationbench_zip, ablations_csv, gzipped, plans_json,
                                 suggestion_line)

A1 = {"name": "Remove A", "ablated_part": "module A", "action": "REMOVE", "replacement": None, "metrics": ["acc"]}
A2 = {"name": "Swap B", "ablated_part": "loss, B", "action": "REPLACE", "replacement": ["L1", "L2"],
      "metrics": ["acc", "F1 (macro)"]}
REC = [
    {"planner": "p", "model": "m", "model_name": "M", "paper": "x", "paper_title": "X", "task": None,
     "page": "trajectories/p/m/x/", "ablations": [A1, A2]},
    {"planner": "p", "model": "m", "model_name": "M", "paper": "a/b", "paper_title": "AB", "task": "T",
     "page": "trajectories/p/m/a-b/", "ablations": []},
    {"planner": "p", "model": "m", "model_name": "M", "paper": "a_b", "paper_title": "A_B", "task": "T",
     "page": "trajectories/p/m/a-b-2/", "ablations": [A1]},
]


def test_zip_is_ablationbench_layout_and_round_trips():
    data = ablationbench_zip(REC)
    zf = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(zf.namelist())
    assert names == ["a_b.jsonl", "a_b_.jsonl", "plans.json", "x.jsonl"]  # no folders, no clash
    lines = zf.read("x.jsonl").decode().splitlines()
    assert [json.loads(line) for line in lines] == [A1, A2]
    assert list(json.loads(lines[0])) == ["name", "ablated_part", "action", "replacement", "metrics"]
    plans = json.loads(zf.read("plans.json"))
    assert plans["x"]["predictions"] == "\n".join(lines) and plans["x"]["cost"] == 0.0
    assert plans["a/b"]["predictions"] == ""
    assert ablationbench_zip(list(reversed(REC))) == data  # deterministic bytes


def test_csv_has_one_row_per_ablation():
    rows = list(csv.DictReader(io.StringIO(ablations_csv(REC))))
    assert len(rows) == 3
    assert rows[1]["replacement"] == "L1 | L2" and rows[1]["metrics"] == "acc | F1 (macro)"
    assert rows[1]["ablated_part"] == "loss, B" and rows[0]["replacement"] == ""


def test_gzipped_is_deterministic_and_lossless():
    text = "planner,model\nlm-planner,o3-mini — ü\n"
    assert gzipped(text) == gzipped(text)
    assert gzip.decompress(gzipped(text)).decode("utf-8") == text


@given(st.dictionaries(st.text(), st.text()))
def test_plans_json_is_what_json_writes_with_indent_4(plans):
    expected = json.dumps({k: {"predictions": v, "cost": 0.0} for k, v in plans.items()},
                          ensure_ascii=False, indent=4)
    assert plans_json(plans) == expected


@given(st.builds(dict, name=st.text(), ablated_part=st.text(), action=st.text(),
                 replacement=st.none() | st.lists(st.text()), metrics=st.lists(st.text())))
def test_suggestion_line_is_what_json_writes(ablation):
    assert suggestion_line(ablation) == json.dumps(ablation, ensure_ascii=False, separators=(",", ":"))


def test_csv_rows_hold_every_field_in_order():
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")  # the reference
    writer.writeheader()
    for r in REC:
        for i, a in enumerate(r["ablations"], 1):
            writer.writerow({**{k: r[k] for k in CSV_FIELDS if k in r}, "index": i,
                             **{k: a[k] for k in ("name", "ablated_part", "action")},
                             "replacement": " | ".join(a["replacement"] or ()),
                             "metrics": " | ".join(a["metrics"])})
    assert ablations_csv(REC) == out.getvalue()


def test_csv_cells_are_never_formulas():
    evil = {"name": '=HYPERLINK("https://evil.example","x")', "ablated_part": "+1+cmd|' /C calc'!A0",
            "action": "-2+3", "replacement": ["@SUM(A1)"], "metrics": ["\t=1", "acc"]}
    rec = [{**REC[0], "paper_title": "=1+1", "model_name": "@x", "ablations": [evil, A1]}]
    rows = list(csv.reader(io.StringIO(ablations_csv(rec))))
    for row in rows[1:]:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", cell
    first = dict(zip(CSV_FIELDS, rows[1]))
    assert first["name"] == '\'=HYPERLINK("https://evil.example","x")'  # the text itself is kept
    assert first["paper_title"] == "'=1+1" and first["replacement"] == "'@SUM(A1)" and first["index"] == "1"
    assert dict(zip(CSV_FIELDS, rows[2]))["name"] == "Remove A"  # ordinary text unchanged
