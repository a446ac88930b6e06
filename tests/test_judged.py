"""End to end: the samples plus the bundled SYNTHETIC judged example (examples/judged) →
generator → `mkdocs build --strict`; the data and pages say exactly what the judge files say."""

from __future__ import annotations

import gzip
import json
import math
import posixpath
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.conftest import REPO, SAMPLES, mkdocs_build

EXAMPLE = REPO / "examples" / "judged"
PLANNERS = {"simple_lm": "lm-planner", "sweagent": "agent-planner"}


@pytest.fixture(scope="module")
def judged_site(tmp_path_factory) -> tuple[Path, Path]:
    from generator.build import build
    from generator.config import BuildConfig

    root = tmp_path_factory.mktemp("judged-site")
    docs = root / "site_src"
    docs.mkdir()
    build(BuildConfig(sources=(SAMPLES, EXAMPLE), out=docs))
    mkdocs_build(docs, root / "site")
    return docs, root / "site"


def judge_files() -> list[tuple[str, str, str, str, Path]]:
    """(task folder, planner, model, judge, evaluations.json) of the example."""
    out = []
    for f in sorted((EXAMPLE / "runs" / "eval").rglob("evaluations.json")):
        task, planner, model, *judge = f.parent.relative_to(EXAMPLE / "runs" / "eval").parts
        out.append((task, PLANNERS[planner], model, "/".join(judge), f))
    return out


def records(docs: Path) -> dict[tuple[str, str, str], dict]:
    data = json.loads(gzip.decompress((docs / "data" / "trajectories.json.gz").read_bytes()))
    return {(r["planner"], r["model"], r["paper"]): r for r in data}


def test_every_score_in_the_data_is_the_judge_files(judged_site):
    docs, _ = judged_site
    recs = records(docs)
    attached = 0
    for _, planner, model, judge, f in judge_files():
        for row in json.loads(f.read_text()):
            rec = recs.get((planner, model, row["id"]))
            if rec is None or rec["evaluation"]["source"] != f.relative_to(EXAMPLE).as_posix():
                continue
            e = rec["evaluation"]
            assert (e["precision"], e["recall"], e["f1"], e["ndcg"], e["cost"]) == (
                row["precision"], row["recall"], row["f1_score"], row.get("ndcg_score"), row["cost"])
            assert e["judge"] == judge
            attached += 1
    assert attached == 4  # two plans per paper, the majority vote's
    assert sum(r["evaluation"] is not None for r in recs.values()) == 4
    assert all(r["evaluation"]["judge"] == "majority_vote" for r in recs.values() if r["evaluation"])


def test_every_per_ablation_mark_is_the_match_map(judged_site):
    docs, _ = judged_site
    checked = 0
    for rec in records(docs).values():
        e = rec["evaluation"]
        if e is None:
            assert all("reference" not in a and "in_review" not in a for a in rec["ablations"])
            continue
        lines = [json.loads(x) for x in (EXAMPLE / e["verdicts"]).read_text().splitlines() if x.strip()]
        for a in rec["ablations"]:
            if "name_in_paper" in lines[0]:
                want = [x["name_in_paper"] for x in lines
                        if a["name"] in ([x["name_in_plan"]] if isinstance(x["name_in_plan"], str) else x["name_in_plan"] or [])]
                assert a["reference"] == want and "in_review" not in a
            else:
                assert a["in_review"] == next(x["appears_in_review"] for x in lines if x["name_in_plan"] == a["name"])
            checked += 1
        if "name_in_paper" in lines[0]:
            assert e["missed"] == [x["name_in_paper"] for x in lines
                                   if not any(x["name_in_paper"] in a["reference"] for a in rec["ablations"])]
    assert checked >= 10


def test_paper_pages_list_the_reference_ablations_and_the_dataset_title(judged_site):
    docs, site = judged_site
    papers = {p["paper"]: p for p in json.loads((docs / "data" / "papers.json").read_text())}
    table = pq.read_table(EXAMPLE / "datasets" / "researcher-ablation-bench.parquet").to_pylist()
    author = [r for r in table if r["id"] in papers]
    assert author
    for row in author:
        refs = json.loads(row["ablations_in_paper"])
        p = papers[row["id"]]
        assert p["title"] == row["paper_title"] and p["task"] == "AuthorAblation"
        assert [r["name"] for r in p["references"]] == [r["name"] for r in refs]
        html = (site / posixpath.dirname(p["page"]) / "index.html").read_text()
        assert 'id="references"' in html
        for n, ref in enumerate(refs, 1):
            assert f'id="reference-{n}"' in html
            assert json.dumps(ref["name"], ensure_ascii=False)[1:-1].replace("&", "&amp;") in html
    reviewer = [json.loads(x) for x in (EXAMPLE / "datasets" / "reviewer-ablation-bench.jsonl").read_text().splitlines()]
    for row in reviewer:
        p = papers[row["id"]]
        assert p["task"] == "ReviewerAblation" and p["num_ablation_suggestions"] == row["num_ablation_suggestions"]
        assert 'id="reviews"' in (site / posixpath.dirname(p["page"]) / "index.html").read_text()


def test_leaderboard_means_are_exact_and_orphans_are_reported_not_counted(judged_site):
    docs, site = judged_site
    board = json.loads((docs / "data" / "leaderboard.json").read_text())
    recs = [r for r in records(docs).values() if r["evaluation"]]
    for row in board["rows"]:
        mine = [r["evaluation"] for r in recs if (r["planner"], r["model"], r["evaluation"]["task"])
                == (row["planner"], row["model"], row["task"])]
        assert row["papers"] == len(mine) > 0
        for key in ("precision", "recall", "f1"):
            assert row[key] == math.fsum(e[key] for e in mine) / len(mine)
    assert sum(row["papers"] for row in board["rows"]) == len(recs)
    assert not any(row["planner"] == "agent-planner" for row in board["rows"])
    report = json.loads((docs / "data" / "report.json").read_text())
    orphans = [w for w in report["warnings"] if "no trajectory" in w["warning"]]
    assert {w["source"].split("/")[3] for w in orphans if w["source"].startswith("runs/")} == {"sweagent"}
    assert any(w["source"].startswith("datasets/") for w in orphans)
    assert report["errors"] == []
    assert (site / "leaderboard" / "index.html").is_file()


def test_trajectory_pages_show_the_score_and_the_verdicts(judged_site):
    docs, site = judged_site
    for rec in records(docs).values():
        html = (site / posixpath.dirname(rec["page"]) / "index.html").read_text()
        if rec["evaluation"] is None:
            assert "tj-score" not in html and "tj-verdict" not in html
            continue
        assert 'id="score"' in html and f"{rec['evaluation']['f1']:.2f}" in html
        assert html.count("tj-verdict--") >= len(rec["ablations"])
        if rec["evaluation"]["missed"]:
            assert 'id="missed"' in html


def test_without_evaluations_nothing_is_judged(sample_site):
    docs, site = sample_site
    assert all(r["evaluation"] is None for r in records(docs).values())
    assert json.loads((docs / "data" / "leaderboard.json").read_text())["rows"] == []
    for page in site.rglob("index.html"):
        text = page.read_text()
        assert "tj-score" not in text and "tj-verdict" not in text and 'id="references"' not in text
    assert "No judge verdicts in this build" in (site / "leaderboard" / "index.html").read_text()
    assert "scores" not in json.loads((docs / "data" / "index" / "trajectories.json").read_text())


def test_the_example_is_what_its_script_makes(tmp_path):
    import subprocess
    import sys

    subprocess.run([sys.executable, str(REPO / "scripts" / "make_sample_judgments.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    made = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    kept = sorted(p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*") if p.is_file())
    assert made == kept
    for name in made:
        if name.endswith(".parquet"):
            assert pq.read_table(tmp_path / name).to_pylist() == pq.read_table(EXAMPLE / name).to_pylist()
        else:
            assert (tmp_path / name).read_bytes() == (EXAMPLE / name).read_bytes(), name
    shutil.rmtree(tmp_path)


def test_both_planners_judged_with_the_sample_run_folder(tmp_path):
    """With the bundled run folder (issue 17) beside the judged example, the agent-planner
    verdicts find their trajectory: both planners and both tasks on the leaderboard, the
    scores exactly the judge files', and the site builds with --strict."""
    from generator.build import build
    from generator.config import BuildConfig

    docs = tmp_path / "site_src"
    docs.mkdir()
    result = build(BuildConfig(sources=(SAMPLES, REPO / "sample_runs" / "runs", EXAMPLE), out=docs))
    assert not result.catalog.report.errors
    board = json.loads((docs / "data" / "leaderboard.json").read_text())
    assert {r["planner"] for r in board["rows"]} == {"lm-planner", "agent-planner"}
    assert {r["task"] for r in board["rows"]} == {"AuthorAblation", "ReviewerAblation"}
    recs = records(docs)
    judged = [(planner, model, row, f) for _, planner, model, _, f in judge_files() if planner == "agent-planner"
              for row in json.loads(f.read_text()) if (planner, model, row["id"]) in recs]
    assert judged, "an agent-planner verdict of the example has a trajectory in the run folder"
    for planner, model, row, f in judged:
        e = recs[(planner, model, row["id"])]["evaluation"]
        if e["source"] == f.relative_to(EXAMPLE).as_posix():
            assert (e["precision"], e["recall"], e["f1"]) == (row["precision"], row["recall"], row["f1_score"])
    mkdocs_build(docs, tmp_path / "site")
