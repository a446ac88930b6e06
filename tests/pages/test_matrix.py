"""The paper page's matrix (a row per thing ablated, a column per plan) and folded reasonings."""

from __future__ import annotations

import re

from generator import layout
from generator.analysis import align
from generator.pages import matrix, paper
from generator.records import AUTHOR_TASK, Evaluation, Reference
from tests.pages.plans import ablation, catalog, plan, rows


def _page(*plans, **kw):
    cat = catalog(*plans, **kw)
    here = rows(cat)
    page = layout.paper_page(cat.papers[0].slug)
    return here, paper.context(cat.papers[0], here, page)


def _cells(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1]
    return [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr) for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body)]


def test_short_names_drop_what_says_nothing():
    cases = {("Ablation 1: Remove Adaptive Pruning", "x"): "Remove Adaptive Pruning",
             ("Ablation C", "joint training objective"): "joint training objective",
             ("Ablation_RemoveBlockSkimLoss", "x"): "RemoveBlockSkimLoss",
             ("Ablation Study 3:", "the gate"): "the gate", ("", "the gate"): "the gate",
             ("Ablation on Dual-Path Blocks", "x"): "Ablation on Dual-Path Blocks",
             ("Study  2 - Warmup", "x"): "Warmup"}
    for (name, part), want in cases.items():
        assert matrix.short_name(ablation(name, part)) == want, name
    long = matrix.short_name(ablation("w" * 200))
    assert len(long) == matrix.SHORT_NAME and long.endswith("…")


def test_a_column_per_plan_a_row_per_group_and_visible_gaps():
    here, ctx = _page(plan("gpt-4o", "p", ablation("Remove gate", "the gating unit"), ablation("Remove memory bank")),
                      plan("o3-mini", "p", ablation("No gate", "gating unit")))
    html = str(ctx["matrix"])
    head = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html)
    assert len(head) == 1 + len(here)
    assert [re.sub(r"<.*", "", re.sub(r"^<a [^>]*>", "", h)) for h in head[1:]] == [r.model.name for r in here]
    body = _cells(html)
    groups = align.align({r.page: r.t.ablations for r in here})
    # one row per group, plus the separator before the groups of one plan
    assert len([r for r in body if len(r) == 1 + len(here)]) == len(groups) == 2
    shared = body[0]
    assert '<a href="#group-' in shared[0] and all("tj-cell" in c for c in shared[1:])
    gpt = next(r for r in here if r.model.id == "gpt-4o")
    assert f'href="../../{layout.url_of(gpt.page)}#ablation-1"' in shared[1 + here.index(gpt)]
    single = body[-1]
    o3 = next(r for r in here if r.model.id == "o3-mini")
    gap = single[1 + here.index(o3)]
    assert "—" in gap and f"not proposed by {o3.model.name}" in gap
    assert "\n\n" not in html and html.count('class="tj-cell"') == 3  # every proposal once


def test_reference_ablations_come_first_with_the_judges_matches():
    ref = Reference("p", AUTHOR_TASK, "P", ablations=(ablation("Gate"), ablation("Warmup")))
    e = Evaluation("lm-planner", "gpt-4o", "p", AUTHOR_TASK, "majority_vote", 0.5, 0.5, 0.5,
                   matches=(("Gate", ("Remove gate",)), ("Warmup", ())))
    here, ctx = _page(plan("gpt-4o", "p", ablation("Remove gate"), ablation("Other")),
                      plan("o3-mini", "p", ablation("No gate")), references={"p": ref}, evaluations=[e])
    body = _cells(str(ctx["matrix"]))
    assert "own ablations" in body[0][0]
    gpt = next(i for i, r in enumerate(here) if r.model.id == "gpt-4o")
    o3 = next(i for i, r in enumerate(here) if r.model.id == "o3-mini")
    gate, warmup = body[1], body[2]
    assert "#reference-1" in gate[0] and "#ablation-1" in gate[1 + gpt] and "✓" in gate[1 + gpt]
    assert "missed by GPT-4o" in warmup[1 + gpt]
    assert "not judged" in gate[1 + o3]


def test_planners_are_named_when_a_paper_has_both():
    here, ctx = _page(plan("gpt-4o", "p", ablation("A")), plan("gpt-4o", "p", ablation("A"), planner="agent-planner"))
    html = str(ctx["matrix"])
    assert "<small>agent-planner</small>" in html and "<small>lm-planner</small>" in html
    ids = [b.split('id="', 1)[1].split('"', 1)[0] for b in map(str, ctx["reasonings"])]
    assert sorted(ids) == ["reasoning-agent-planner-gpt-4o", "reasoning-gpt-4o"]
    assert all(f'href="#{i}"' in html for i in ids)  # each column leads to its reasoning


def test_reasonings_are_folded_not_indexed_and_not_copied():
    here, ctx = _page(plan("gpt-4o", "p", ablation("A"), reasoning="First **this**.\n\n<script>x()</script>"),
                      plan("o3-mini", "p", ablation("B"), reasoning=""))
    blocks = [str(b) for b in ctx["reasonings"]]
    assert all(b.startswith('<details class="tj-plan-reasoning"') and "data-pagefind-ignore" in b for b in blocks)
    gpt = blocks[[r.model.id for r in here].index("gpt-4o")]
    page = here[[r.model.id for r in here].index("gpt-4o")].page
    # the text stays on the trajectory page: the fold says where to fetch it and links to it
    assert "this" not in gpt and "<script>" not in gpt and "\n\n" not in gpt
    assert "(3 words)" in gpt
    assert f'data-tj-from="../../{page.removesuffix("index.md")}"' in gpt
    assert f'href="../../{page.removesuffix("index.md")}#reasoning"' in gpt
    assert "no reasoning trace" in blocks[[r.model.id for r in here].index("o3-mini")]


def test_one_plan_has_no_matrix_and_text_is_escaped():
    _, ctx = _page(plan("gpt-4o", "p", ablation("<b>x</b>")))
    assert ctx["matrix"] == ""
    _, ctx = _page(plan("gpt-4o", "p", ablation("<img src=x onerror=alert(1)>")), plan("o3-mini", "p", ablation("y")))
    assert "<img" not in str(ctx["matrix"]) and "&lt;img" in str(ctx["matrix"])
