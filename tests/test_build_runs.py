"""End to end: Markdown exports and run folders of both planners, with broken files, in one
strict build; the published records are exact and every problem is reported."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest

from generator.build import build
from generator.config import BuildConfig
from generator.mkdocs_site.finish import finish
from tests.conftest import SAMPLES, mkdocs_build
from tests.sample_runs import make_runs


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("runs-site")
    shutil.copytree(SAMPLES, root / "src" / "exports")
    made = make_runs(root / "src" / "runs", broken=True)
    docs = root / "site_src"
    result = build(BuildConfig(sources=(root / "src" / "exports", root / "src" / "runs"), out=docs))
    mkdocs_build(docs, root / "site")
    return root, made, result


def test_the_report_names_each_broken_file_and_each_duplicate(built):
    root, made, result = built
    report = result.catalog.report
    errors = {e.source.rsplit("/", 1)[-1]: e.message for e in report.errors}
    assert any(name.endswith(".traj") and "truncated" in msg for name, msg in errors.items())
    assert "README.md" not in errors and len(report.errors) == 1
    warnings = [w.message for w in report.warnings]
    assert any(m.startswith("plan line") and "cut off" in m for m in warnings)
    assert any("beside plans.json" in m for m in warnings)  # the entry with no file of its own
    assert any("does not apply" in m for m in warnings)
    assert any(m.startswith("the agent submitted no plan") for m in warnings)
    # each Markdown sample is the same trajectory as its LM run: one page, one duplicate
    assert sorted(d.source for d in report.duplicates) == sorted(f.name for f in SAMPLES.iterdir())
    assert all(d.kept.startswith("plan/") and "/simple_lm/" in d.kept for d in report.duplicates)
    assert not [s for s in report.skipped if "/plan/" in s.source and s.source.endswith((".jsonl", ".traj", ".json.log"))]


def test_the_published_records_are_the_runs(built):
    root, made, result = built
    records = json.loads(gzip.decompress((root / "site_src" / "data" / "trajectories.json.gz").read_bytes()))
    planners = {r["planner"] for r in records}
    assert planners == {"lm-planner", "agent-planner"}
    for r in records:
        assert r["task"] in ("AuthorAblation", "ReviewerAblation")
        source = root / "src" / "runs" / r["source"]
        if r["planner"] == "agent-planner" and r["source"].endswith(".traj"):
            traj = json.loads(source.read_text(encoding="utf-8"))
            assert r["steps"] == [{k: s[k] for k in ("thought", "action", "observation", "execution_time")}
                                  for s in traj["trajectory"]]
            assert (r["exit_status"], r["cost"], r["api_calls"]) == (
                traj["info"]["exit_status"], traj["info"]["model_stats"]["instance_cost"],
                traj["info"]["model_stats"]["api_calls"])
        elif r["source"].endswith(".jsonl") and r["planner"] == "lm-planner":
            lines = [line for line in source.read_text(encoding="utf-8").split("\n") if line.strip()]
            complete = [line for line in lines if line.endswith("}")]
            assert [a["line"] for a in r["ablations"]] == complete
            assert "steps" not in r and r["cost"] is not None
    lm = {(r["model"], r["paper"]): r for r in records if r["planner"] == "lm-planner"}
    for t in made:
        assert lm[(t.model, t.paper)]["reasoning"] == t.reasoning


def test_agent_pages_are_built_with_steps_and_permalinks(built):
    root, made, result = built
    pages = sorted((root / "site" / "trajectories" / "agent-planner").glob("*/*/index.html"))
    assert pages
    html = max((p.read_text(encoding="utf-8") for p in pages), key=len)
    assert 'id="step-1"' in html and 'class="tj-runbar"' in html and "<details>" in html
    nothing = [p for p in pages if "No plan submitted" in p.read_text(encoding="utf-8")]
    # the run that submitted nothing, and the one whose diff does not apply
    assert sorted(p.parent.name for p in nothing)[0] == "bad-diff-paper" and len(nothing) == 2
    assert "exit_cost" in nothing[1].read_text(encoding="utf-8")
    paper = (root / "site" / "papers" / "apt" / "index.html").read_text(encoding="utf-8")
    assert "agent-planner" in paper and "lm-planner" in paper


def test_every_link_of_the_site_resolves(built):
    root, _, _ = built
    done = finish(root / "site", index=False)
    assert done.links > 0 and done.broken == []
