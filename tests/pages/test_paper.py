"""generator.pages.paper and rows.paper_record: the groups of a paper page and of data/papers.json."""

from __future__ import annotations

import gzip
import json
import posixpath
import re

from generator.analysis.align import Group, Member, anchors
from generator.records import Ablation


def test_anchors_are_unique_and_never_clash_with_a_members_block():
    a = Ablation("x", "x", "REMOVE", None, ())
    groups = [Group("l", (Member("m", 1, a),), (), 1.0, slug) for slug in ("block-size", "block-size", "", "block-size-members")]
    out = anchors(groups)
    assert out[:3] == ("group-block-size", "group-block-size-2", "group-ablation")
    assert len(set(out)) == 4 and not {f"{x}-members" for x in out} & set(out)


def test_papers_json_groups_place_every_ablation_once_and_match_the_page(sample_site):
    docs, site = sample_site
    papers = json.loads((docs / "data" / "papers.json").read_text())
    trajectories = json.loads(gzip.decompress((docs / "data" / "trajectories.json.gz").read_bytes()))
    plans = {(t["planner"], t["model"], t["paper"]): len(t["ablations"]) for t in trajectories}
    shared = 0
    for p in papers:
        placed = sorted((m["planner"], m["model"], m["ablation"]) for g in p["groups"] for m in g["members"])
        want = sorted((planner, model, i) for (planner, model, paper), n in plans.items() if paper == p["paper"]
                      for i in range(1, n + 1))
        assert placed == want
        ids = [g["id"] for g in p["groups"]]
        assert len(set(ids)) == len(ids) and all(re.fullmatch(r"group-[a-z0-9-]+", i) for i in ids)
        html = (site / posixpath.dirname(p["page"]) / "index.html").read_text()
        for g in p["groups"]:
            assert f'id="{g["id"]}"' in html and g["label"]
            assert g["plans"] == len({(m["planner"], m["model"]) for m in g["members"]})
            if g["plans"] > 1:
                shared += 1
                assert 0 < g["similarity"] <= 1 and f'id="{g["id"]}-members"' in html
                block = html[html.index(f'id="{g["id"]}-members"'):]
                why = block[:block.index("</p>")]
                assert "grouped by" in why and f'similarity {g["similarity"]:.2f}' in why
                for word in g["shared_words"][:8]:
                    assert word in why
    assert shared
