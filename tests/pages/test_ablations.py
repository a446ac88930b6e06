"""The per-ablation index: its rows, its data and its static pages (paginated, no JavaScript)."""

from __future__ import annotations

import json
import re

from generator import layout
from generator.pages import ablations, plan as planning
from generator.records import AUTHOR_TASK, Evaluation
from tests.pages.plans import ablation, catalog, plan, rows


def _catalog():
    e = Evaluation("lm-planner", "gpt-4o", "p", AUTHOR_TASK, "majority_vote", 0.5, 0.5, 0.5,
                   matches=(("Ref", ("Remove gate",)),))
    return catalog(
        plan("gpt-4o", "p", ablation("Remove gate", metrics=("FID",)), ablation("Swap", action="REPLACE", metrics=("F1-score",))),
        plan("o3-mini", "p", ablation("Gate off", metrics=("fid",))),
        plan("o3-mini", "q", ablation("<b>Q</b>", action="tweak", metrics=())),
        plan("gpt-4o", "q", ablation("Agent's", metrics=("Motion fidelity",)), planner="agent-planner"),
        tasks={"p": AUTHOR_TASK}, evaluations=[e])


def test_one_item_per_ablation_with_its_verdict():
    items = ablations.items(rows(_catalog()))
    assert len(items) == 5
    assert [(i.row.paper.id, i.index) for i in items][:3] == [("p", 1), ("p", 2), ("p", 1)]
    assert [i.verdict for i in items if i.row.model.id == "gpt-4o" and i.row.paper.id == "p"] == [1, 0]
    assert {i.verdict for i in items if i.row.model.id == "o3-mini"} == {-1}


def test_data_names_each_row_its_plan_paper_and_metric_keys():
    here = rows(_catalog())
    data = json.loads(ablations.data(ablations.items(here), here))
    assert data["kind"] == "ablations" and data["scores"] is True
    assert data["planners"] == ["agent-planner", "lm-planner"] and data["actions"][-1] == "other"
    assert len(data["rows"]) == 5
    for plan_i, n, action, kind, name, part, metrics, keys, verdict in data["rows"]:
        paper_i, model_i, planner_i, url = data["plans"][plan_i]
        r = next(r for r in here if layout.url_of(r.page) == url)
        a = r.t.ablations[n - 1]
        assert (a.name, a.ablated_part, a.action, tuple(metrics)) == (name, part, action, a.metrics)
        assert data["models"][model_i] == r.model.name and data["planners"][planner_i] == r.t.planner
        assert data["papers"][paper_i][4] == r.paper.id
    by_name = {row[4]: row for row in data["rows"]}
    assert by_name["Swap"][7] == ["f1"] and by_name["<b>Q</b>"][3] == 3  # "tweak" is other
    # which models planned each paper: what "papers every selected model planned" needs
    assert {p[4]: p[3] for p in data["papers"]} == {"p": [0, 1], "q": [0, 1]}
    assert data["aliases"]["acc"] == "accuracy"


def test_static_pages_are_paginated_with_plain_links(monkeypatch):
    monkeypatch.setattr(layout, "INDEX_PAGE_SIZE", 2)
    cat = _catalog()
    pages = planning.plan(cat, site_name="t", bytecode_cache=False)
    mine = sorted(p for p in pages if p.startswith("ablations/"))
    assert mine == ["ablations/index.md", "ablations/page-2/index.md", "ablations/page-3/index.md"]
    seen = []
    for path in mine:
        text = pages[path].make()
        body = text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        seen += re.findall(r"<tr>", body)
        assert len(re.findall(r"<tr>", body)) <= 2
        pager = re.search(r'<nav class="tj-pager"[^>]*>(.*?)</nav>', text).group(1)
        links = re.findall(r'<a href="([^"]+)">', pager)
        assert len(links) == 2  # the other two pages, plain links
        for href in links:
            assert layout.resolve_url(layout.url_of(path), href) in {layout.url_of(p) for p in mine}
        assert "<b>Q</b>" not in text  # escaped
        assert "\n\n" not in body
    assert len(seen) == 5
    assert "data/index/ablations.json" in pages


def test_trajectory_facets_list_each_ablation_and_the_papers_grid_every_planner():
    cat = _catalog()
    pages = planning.plan(cat, site_name="t", bytecode_cache=False)
    traj = json.loads(pages[layout.facet_data(layout.TRAJECTORIES)].make())
    assert traj["planners"] == ["lm-planner", "agent-planner"]
    row = next(r for r in traj["rows"] if r["t"] == "p" and traj["models"][r["m"][0]] == "GPT-4o")
    assert row["b"] == [[0, "fid", "Remove gate"], [1, "f1", "Swap"]] and row["p"] == [0]
    papers = json.loads(pages[layout.facet_data(layout.PAPERS)].make())
    q = next(r for r in papers["rows"] if r["t"] == "q")
    assert len(q["m"]) == len(q["p"]) == len(q["w"]) == 2 and sorted(q["p"]) == [0, 1]
    index = pages[layout.index_page(layout.PAPERS)].make()
    assert "<small>agent</small>" in index
