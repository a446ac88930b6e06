"""generator.analysis.grouping: each paper's groups, aligned once, sent between processes and
kept between builds in a compact form."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.analysis import align, grouping
from generator.build import build
from generator.config import BuildConfig
from generator.records import Ablation

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def ab(part: str, name: str = "", replacement: tuple[str, ...] | None = None) -> Ablation:
    return Ablation(name=name, ablated_part=part, action="REMOVE", replacement=replacement, metrics=("accuracy",))


PLANS = {
    "trajectories/a/p/index.md": (ab("the gating network", "No gate"), ab("learning rate warmup"), ab("dropout")),
    "trajectories/b/p/index.md": (ab("gating network", "Remove gating"), ab("warmup schedule", "No warmup")),
    "trajectories/c/p/index.md": (ab("batch size", replacement=("64", "128")),),
}


def test_shared_groups_come_first_each_with_an_anchor():
    aligned = grouping.groups_of(PLANS)
    groups = [g for g, _ in aligned]
    shared = [g.singleton for g in groups]
    assert shared == sorted(shared)  # (False, the shared ones, first)
    assert sorted((m.model, m.index) for g in groups for m in g.members) == sorted(
        (plan, i) for plan, ablations in PLANS.items() for i in range(1, len(ablations) + 1))
    assert [a for _, a in aligned] == list(align.anchors(groups))


def test_encoded_groups_decode_to_the_same_groups_with_the_plans_own_ablations():
    aligned = grouping.groups_of(PLANS)
    again = grouping.decode(grouping.encode(aligned), PLANS)
    assert again == aligned
    for g, _ in again:
        for m in g.members:
            assert m.ablation is PLANS[m.model][m.index - 1]


@pytest.mark.parametrize("damage", [
    lambda data: [[*data[0][:1], [["trajectories/z/p/index.md", 1]], *data[0][2:]]],  # an unknown plan
    lambda data: [[*data[0][:1], [["trajectories/a/p/index.md", 9]], *data[0][2:]]],  # past its end
    lambda data: [data[0][:3]],  # fields missing
    lambda data: {"not": "a list of groups"},
])
def test_groups_that_do_not_fit_the_plans_are_refused(damage):
    with pytest.raises(ValueError):
        grouping.decode(damage(grouping.encode(grouping.groups_of(PLANS))), PLANS)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from("abcd"), st.lists(st.text(min_size=0, max_size=30), max_size=5), max_size=4))
def test_any_plans_round_trip(raw):
    plans = {f"trajectories/{k}/p/index.md": tuple(ab(text, name=text[::-1]) for text in parts) for k, parts in raw.items()}
    aligned = grouping.groups_of(plans)
    assert grouping.decode(grouping.encode(aligned), plans) == aligned


def test_the_digest_follows_the_plans_and_their_order():
    key = grouping.digest(PLANS)
    assert key == grouping.digest(dict(PLANS))
    assert key != grouping.digest(dict(reversed(PLANS.items())))
    changed = dict(PLANS, **{"trajectories/c/p/index.md": (ab("batch size", replacement=("64",)),)})
    assert key != grouping.digest(changed)


def test_the_cache_keeps_what_a_build_used_for_the_same_code_only(tmp_path):
    encoded = grouping.encode(grouping.groups_of(PLANS))
    cache = grouping.GroupCache(tmp_path, "v1")
    assert cache.get("k", PLANS) is None
    cache.put("k", encoded)
    cache.save()
    assert grouping.GroupCache(tmp_path, "v1").get("k", PLANS) == grouping.decode(encoded, PLANS)
    assert grouping.GroupCache(tmp_path, "v2").get("k", PLANS) is None  # (other code: other groups)
    # an entry that no longer fits its plans is a miss, not a crash
    fewer = {plan: ablations[:1] for plan, ablations in PLANS.items()}
    assert grouping.GroupCache(tmp_path, "v1").get("k", fewer) is None
    (tmp_path / grouping.CACHE_FILE).write_text("{ damaged", encoding="utf-8")
    assert grouping.GroupCache(tmp_path, "v1").get("k", PLANS) is None


def test_a_build_aligns_each_paper_once_and_only_changed_papers_again(tmp_path, monkeypatch):
    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src)
    config = BuildConfig(sources=(src,), out=tmp_path / "site_src")
    aligned: list[tuple[str, ...]] = []
    real = align.align

    def counting(plans, **kw):
        aligned.append(tuple(plans))
        return real(plans, **kw)

    monkeypatch.setattr(align, "align", counting)
    build(config)
    assert aligned and len(aligned) == len(set(aligned))  # (the paper page and papers.json: one alignment)
    papers = len(aligned)
    aligned.clear()
    build(config)
    assert aligned == []  # nothing changed: every paper's groups from the cache
    source = next(f for f in sorted(src.iterdir()) if b"# lm-planner/o3-mini/apt" in f.read_bytes())
    source.write_bytes(source.read_bytes().replace(b"### ", b"### Renamed ", 1))
    build(config)
    assert len(aligned) == 1 and any("/apt/" in plan for plan in aligned[0]) and papers > 1
