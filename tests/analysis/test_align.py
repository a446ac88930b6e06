"""generator.analysis.align: grouping several models' ablations of one paper by what they ablate."""

from __future__ import annotations

import csv
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.analysis.align import DEFAULT_THRESHOLD, Group, Member, align, similarity, terms
from generator.records import Ablation

from tests.conftest import corpus_or_skip


def ab(part: str, name: str = "", action: str = "REMOVE", metrics: tuple[str, ...] = ("accuracy",)) -> Ablation:
    return Ablation(name=name, ablated_part=part, action=action, replacement=None, metrics=metrics)


def placed(groups: tuple[Group, ...]) -> list[tuple[str, int]]:
    return sorted((m.model, m.index) for g in groups for m in g.members)


def expected(plans: dict[str, list[Ablation]]) -> list[tuple[str, int]]:
    return sorted((model, i) for model, plan in plans.items() for i in range(1, len(plan) + 1))


def group_of(groups: tuple[Group, ...], model: str, index: int) -> Group:
    (group,) = [g for g in groups if any((m.model, m.index) == (model, index) for m in g.members)]
    return group


def check_invariants(plans: dict[str, list[Ablation]], groups: tuple[Group, ...], threshold: float) -> None:
    # every ablation exactly once, as the ablation found at that position
    assert placed(groups) == expected(plans)
    for g in groups:
        for m in g.members:
            assert m.ablation is plans[m.model][m.index - 1]
        assert list(g.members) == sorted(g.members, key=lambda m: (m.model, m.index))
        assert g.members and 0.0 <= g.score <= 1.0
        assert g.label
        if len(g.members) > 1:  # average linkage: the mean of all pairs is at least the threshold
            assert g.score >= threshold - 1e-3
        else:
            assert g.score == 1.0 and g.shared_terms == ()
        # one model's two ablations share a group only when they ablate the same part
        by_model = defaultdict(list)
        for m in g.members:
            by_model[m.model].append(m.ablation)
        for same in by_model.values():
            assert len({terms(a, part_only=True) for a in same}) == 1
    # most models first, singletons last, then first appearance
    keys = [(-g.agreement, min((m.index, m.model) for m in g.members)) for g in groups]
    assert keys == sorted(keys)


# -- terms ------------------------------------------------------------------------------------


def test_terms_drop_boilerplate_numbers_and_inflections():
    assert terms(ab("Embeddings of the input tokens", "Ablation 1: Remove the embedding module")) == {
        "embed", "input", "token"
    }
    assert terms(ab("self-knowledge distillation")) == terms(ab("Self knowledge, distillation"))
    # "knowledge distillation" spelled out is the vocabulary's ``kd``, plus its head word
    assert terms(ab("self-knowledge distillation")) == {"self", "kd", "distill"} == terms(ab("self KD"))
    # plurals, -ing, -ed and a final -e are one term
    assert terms(ab("encoded features")) == terms(ab("Encoding feature")) == terms(ab("encode FEATURE"))
    assert terms(ab("gated units")) == terms(ab("gating unit")) == terms(ab("gate unit"))
    assert terms(ab("", "")) == frozenset()
    assert terms(ab("the effect of removing it", "Ablation 2")) == frozenset()


def test_terms_part_only_falls_back_to_the_name():
    assert terms(ab("dropout layers", "Learning rate"), part_only=True) == {"dropout", "layer"}
    assert terms(ab("", "Learning rate"), part_only=True) == terms(ab("learning rates"))


def test_similarity_is_symmetric_and_bounded():
    a, b = ab("self-knowledge distillation"), ab("Efficient self-knowledge distillation technique")
    assert similarity(a, b) == similarity(b, a)
    assert 0.5 < similarity(a, b) < 1.0
    assert similarity(a, a) == 1.0
    assert similarity(a, ab("tokenizer vocabulary size")) == 0.0
    assert similarity(ab(""), ab("")) == 0.0


# -- align on small hand-made plans ----------------------------------------------------------


def test_identical_parts_group_and_unrelated_parts_do_not():
    plans = {
        "gpt": [ab("dropout layers"), ab("learning rate warmup schedule")],
        "claude": [ab("Dropout layers", "Remove dropout"), ab("tokenizer vocabulary size")],
        "llama": [ab("positional encoding"), ab("dropout layers", "Ablation 2")],
    }
    groups = align(plans)
    check_invariants(plans, groups, DEFAULT_THRESHOLD)
    first = groups[0]
    assert first.models == ("claude", "gpt", "llama") and first.agreement == 3
    assert [(m.model, m.index) for m in first.members] == [("claude", 1), ("gpt", 1), ("llama", 2)]
    assert first.shared_terms[:2] == ("dropout", "layers")
    assert first.label.lower() == "dropout layers"
    assert first.score == 1.0
    assert [g.agreement for g in groups] == [3, 1, 1, 1]
    assert all(g.singleton for g in groups[1:]) and not first.singleton
    # the singletons in order of first appearance: position in the plan, then model id
    assert [(g.members[0].model, g.members[0].index) for g in groups[1:]] == [
        ("llama", 1), ("claude", 2), ("gpt", 2)
    ]


def test_paraphrases_sharing_key_terms_group():
    plans = {
        "a": [ab("self-knowledge distillation", "Without SKD"), ab("learning rate warmup")],
        "b": [ab("Efficient self-knowledge distillation technique"), ab("mixup data augmentation")],
        "c": [ab("the distillation loss from the model's own predictions (self-knowledge)"),
              ab("batch size")],
    }
    groups = align(plans)
    check_invariants(plans, groups, DEFAULT_THRESHOLD)
    assert [(m.model, m.index) for m in groups[0].members] == [("a", 1), ("b", 1), ("c", 1)]
    assert {"self", "distillation"} <= set(groups[0].shared_terms)
    assert groups[0].label == "self-knowledge distillation"
    assert len(groups) == 4 and all(g.singleton for g in groups[1:])


def test_unrelated_parts_stay_apart():
    plans = {
        "a": [ab("attention heads"), ab("contrastive loss temperature")],
        "b": [ab("tokenizer"), ab("graph neural network encoder")],
        "c": [ab("beam search width")],
    }
    groups = align(plans)
    check_invariants(plans, groups, DEFAULT_THRESHOLD)
    assert len(groups) == 5 and all(g.singleton for g in groups)


def test_groups_ordered_by_agreement_then_first_appearance():
    plans = {
        "m1": [ab("beam search width"), ab("dropout rate"), ab("label smoothing")],
        "m2": [ab("label smoothing factor"), ab("dropout rate"), ab("warmup steps")],
        "m3": [ab("dropout rate"), ab("weight decay")],
    }
    groups = align(plans)
    check_invariants(plans, groups, DEFAULT_THRESHOLD)
    assert [(g.agreement, g.label) for g in groups] == [
        (3, "dropout rate"),
        (2, "label smoothing"),  # first seen at m2#1: position 1 beats the singletons' later ones
        (1, "beam search width"),
        (1, "weight decay"),
        (1, "warmup steps"),
    ]


def test_output_is_deterministic_and_independent_of_dict_order():
    plans = {
        "zeta": [ab("dropout layers"), ab("optimizer choice: Adam vs SGD")],
        "alpha": [ab("Adam optimizer"), ab("dropout layer")],
        "mid": [ab("dropout"), ab("weight decay")],
    }
    first = align(plans)
    assert align(plans) == first
    assert align(dict(reversed(list(plans.items())))) == first
    assert align({k: tuple(v) for k, v in plans.items()}) == first
    # ties are broken by model id then index: members are listed in that order
    assert [(m.model, m.index) for m in first[0].members] == [("alpha", 2), ("mid", 1), ("zeta", 1)]


def test_a_models_near_identical_ablations_share_one_group():
    """Same model, same part ("remove X" and "replace X"): one group, counted as one model."""
    plans = {
        "a": [ab("dropout layers", "Remove dropout"),
              ab("Dropout layers", "Replace dropout with stochastic depth", action="REPLACE")],
        "b": [ab("dropout layers")],
        "c": [ab("Gradient clipping"), ab("gradient clipping")],  # a repeated entry
    }
    groups = align(plans)
    check_invariants(plans, groups, DEFAULT_THRESHOLD)
    dropout = group_of(groups, "a", 1)
    assert [(m.model, m.index) for m in dropout.members] == [("a", 1), ("a", 2), ("b", 1)]
    assert dropout.agreement == 2 and dropout.models == ("a", "b")
    repeated = group_of(groups, "c", 1)
    assert [(m.model, m.index) for m in repeated.members] == [("c", 1), ("c", 2)]
    assert repeated.singleton  # one model, even with two members
    assert groups.index(repeated) == len(groups) - 1


def test_a_models_related_but_different_ablations_stay_apart():
    """One model's "size of X" and "update rule of X" are two things, even if they look alike."""
    plans = {
        "a": [ab("size of the memory bank"), ab("update rule of the memory bank")],
        "b": [ab("momentum update rule for the memory bank")],
        "c": [ab("memory bank size K")],
    }
    groups = align(plans)
    check_invariants(plans, groups, DEFAULT_THRESHOLD)
    assert group_of(groups, "a", 1) is not group_of(groups, "a", 2)
    assert [(m.model, m.index) for m in group_of(groups, "b", 1).members] == [("a", 2), ("b", 1)]
    assert [(m.model, m.index) for m in group_of(groups, "c", 1).members] == [("a", 1), ("c", 1)]


def test_empty_plans():
    assert align({}) == ()
    assert align({"a": [], "b": ()}) == ()
    groups = align({"a": [], "b": [ab("dropout")]})
    assert len(groups) == 1 and groups[0].members == (Member("b", 1, ab("dropout")),)
    assert groups[0].singleton and groups[0].score == 1.0 and groups[0].label == "dropout"


def test_empty_ablated_part_uses_the_name_and_empty_ablations_stand_alone():
    plans = {
        "a": [ab("", "Dropout rate"), ab("", "")],
        "b": [ab("dropout rate"), ab("  ", "Ablation 3")],
        "c": [ab("", "")],
    }
    groups = align(plans)
    check_invariants(plans, groups, DEFAULT_THRESHOLD)
    assert [(m.model, m.index) for m in groups[0].members] == [("a", 1), ("b", 1)]
    assert groups[0].label.lower() == "dropout rate"
    rest = groups[1:]
    assert len(rest) == 3 and all(len(g.members) == 1 for g in rest)  # nothing to compare by
    assert {g.label for g in rest} == {"(unnamed ablation)", "Ablation 3"}


def test_threshold_bounds():
    plans = {"a": [ab("dropout")], "b": [ab("dropout")], "c": [ab("dropout layers")]}
    assert len(align(plans, threshold=1.01)) == 3
    assert len(align(plans, threshold=0.3)) == 1
    assert len(align(plans, threshold=0.6)) == 2  # "dropout" and "dropout layers" are 0.43 alike
    with pytest.raises(ValueError):
        align(plans, threshold=float("nan"))


def test_action_and_metrics_travel_with_the_member():
    x = Ablation("Swap optimizer", "optimizer", "REPLACE", ("SGD", "Adafactor"), ("accuracy", "loss"))
    groups = align({"a": [x], "b": [ab("optimizer")]})
    member = group_of(groups, "a", 1).members[0]
    assert member.ablation.action == "REPLACE" and member.ablation.metrics == ("accuracy", "loss")
    assert member.ablation.replacement == ("SGD", "Adafactor")


# -- properties ------------------------------------------------------------------------------

WORDS = ["dropout", "attention", "heads", "encoder", "layer", "loss", "contrastive", "rate",
         "the", "ablation", "remove", "of", "self-knowledge", "distillation", "embeddings", "Ω", "2"]
TEXT = st.lists(st.sampled_from(WORDS), max_size=5).map(" ".join)
ABLATION = st.builds(ab, TEXT, TEXT)
PLANS = st.dictionaries(
    st.sampled_from(["gpt-4o", "o3-mini", "claude", "llama", "gemini", "a"]),
    st.lists(ABLATION, max_size=6),
    max_size=5,
)


@settings(max_examples=100, deadline=None)
@given(PLANS, st.randoms(use_true_random=False), st.sampled_from([DEFAULT_THRESHOLD, 0.0, 0.5, 1.0]))
def test_every_ablation_once_and_dict_order_does_not_matter(plans, rnd, threshold):
    groups = align(plans, threshold=threshold)
    check_invariants(plans, groups, threshold)
    items = list(plans.items())
    rnd.shuffle(items)
    assert align(dict(items), threshold=threshold) == groups


# -- the real corpus (skipped when ../shared is absent) --------------------------------------


@pytest.fixture(scope="module")
def corpus_plans() -> dict[str, dict[str, tuple[Ablation, ...]]]:
    from generator.pipeline.parse import ParseError, parse

    root = corpus_or_skip() / "lm-planner"
    papers: dict[str, dict[str, tuple[Ablation, ...]]] = defaultdict(dict)
    for path in sorted(root.glob("*/*.md")):
        try:
            parsed = parse(path.read_text(encoding="utf-8", errors="replace"),
                           path.relative_to(root.parent).as_posix())
        except ParseError:
            continue
        papers[parsed.paper][parsed.model] = parsed.ablations
    if not papers:
        pytest.skip("no lm-planner trajectories in ../shared/corpus")
    return dict(papers)


@pytest.mark.corpus
def test_corpus_every_ablation_placed_once_and_fast(corpus_plans):
    plans = list(corpus_plans.values())
    start = time.perf_counter()
    results = [align(p) for p in plans]
    elapsed = time.perf_counter() - start
    for p, groups in zip(plans, results):
        check_invariants(p, groups, DEFAULT_THRESHOLD)
    # about 0.2 s on a laptop (bench/bench_compare.py); generous for slow CI machines
    assert elapsed < 2.0, f"aligning {len(plans)} papers took {elapsed:.2f} s"


@pytest.mark.corpus
def test_corpus_groups_look_like_agreement(corpus_plans):
    full = [p for p in corpus_plans.values() if len(p) >= 5]
    assert full
    groups = [g for p in full for g in align(p)]
    n = sum(len(g.members) for g in groups)
    shared = sum(len(g.members) for g in groups if not g.singleton)
    # models do agree on much, but not on everything
    assert 0.5 < shared / n < 0.95
    agreement = Counter(g.agreement for g in groups)
    assert agreement[5] > 0 and agreement[2] > agreement[5]
    # nearly every paper with five models has something that three of them agree on
    papers_with_3 = sum(1 for p in full if any(g.agreement >= 3 for g in align(p)))
    assert papers_with_3 / len(full) > 0.8


@pytest.mark.corpus
def test_corpus_order_independence(corpus_plans):
    for paper in sorted(corpus_plans)[::20]:
        plans = corpus_plans[paper]
        assert align(dict(reversed(list(plans.items())))) == align(plans)


# -- bounded work ----------------------------------------------------------------------------


def test_above_the_limit_only_identical_ablations_group_and_every_one_is_placed():
    from generator.analysis.align import MAX_ALIGNED, bounded

    n = MAX_ALIGNED + 200
    plans = {
        "a": [ab(f"dropout layer {i % 3}", f"Ablation {i}") for i in range(n // 2)],
        "b": [ab("dropout layer 1"), ab(""), ab("positional encoding")] * (n // 6),
    }
    assert not bounded(plans) and bounded({"a": plans["a"][:10], "b": plans["b"][:10]})
    groups = align(plans)
    check_invariants(plans, groups, DEFAULT_THRESHOLD)
    # "dropout layer 0/1/2": numbers are not terms, so all of a's are alike; b's identical ones join
    dropout = group_of(groups, "a", 1)
    assert dropout.models == ("a", "b") and dropout.score == 1.0 and dropout.label == "dropout layer 0"
    assert len(dropout.members) == n // 2 + n // 6
    assert group_of(groups, "b", 2).members == (Member("b", 2, plans["b"][1]),)  # no terms: alone
    assert len(group_of(groups, "b", 3).members) == n // 6  # one model's identical entries
    assert align(dict(reversed(list(plans.items())))) == groups


def test_a_hundred_thousand_similar_ablations_are_grouped_without_pairwise_work():
    plans = {"a": [ab("dropout in the encoder block", f"Remove dropout {i}") for i in range(100_000)]}
    (group,) = align(plans)
    assert len(group.members) == 100_000 and group.agreement == 1


# -- the labelled set (tests/data/align_labels.csv; skipped when the corpus is absent) ------

LABELS = Path(__file__).resolve().parent.parent / "data" / "align_labels.csv"


def pairwise(labels: dict[str, dict[tuple[str, int], str]],
             plans: dict[str, dict[str, tuple[Ablation, ...]]]) -> tuple[float, float, int, int]:
    """Pairwise precision and recall of :func:`align` against the labels: over every pair of
    labelled ablations of one paper, "grouped together" against "labelled together"."""
    both = predicted = labelled = 0
    for paper, truth in labels.items():
        groups = align(plans[paper])
        found = {(m.model, m.index): g for g, group in enumerate(groups) for m in group.members}
        keys = sorted(k for k in truth if k in found)
        for x, a in enumerate(keys):
            for b in keys[x + 1:]:
                same, grouped = truth[a] == truth[b], found[a] == found[b]
                both += same and grouped
                predicted += grouped
                labelled += same
    return both / max(predicted, 1), both / max(labelled, 1), predicted, labelled


@pytest.mark.corpus
def test_corpus_labelled_pairs_precision_and_recall(capsys):
    from generator.pipeline.parse import ParseError, parse

    root = corpus_or_skip() / "lm-planner"
    labels: dict[str, dict[tuple[str, int], str]] = defaultdict(dict)
    with LABELS.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            labels[row["paper"]][(row["model"], int(row["ablation"]))] = row["group"]
    plans: dict[str, dict[str, tuple[Ablation, ...]]] = defaultdict(dict)
    for paper in labels:
        for path in sorted(root.glob(f"*/{paper}.md")):
            try:
                parsed = parse(path.read_text(encoding="utf-8"), path.relative_to(root.parent).as_posix())
            except ParseError:
                continue
            plans[paper][path.parent.name] = parsed.ablations  # (labels name models by folder)
    labels = {p: t for p, t in labels.items() if p in plans}
    if len(labels) < 60:
        pytest.skip("the labelled papers are not all in ../shared/corpus")
    precision, recall, predicted, labelled = pairwise(labels, plans)
    with capsys.disabled():
        print(f"\nalign on {len(labels)} labelled papers: pairwise precision {precision:.3f} "
              f"({predicted} pairs grouped), recall {recall:.3f} ({labelled} pairs labelled)")
    # measured 0.830 / 0.804 (bench/README.md); a drop below these floors is a regression
    assert precision >= 0.80 and recall >= 0.77


def test_pairwise_counts_pairs_of_one_paper():
    plans = {"p": {"a": (ab("dropout layers"), ab("beam search width")), "b": (ab("dropout layers"),),
                   "c": (ab("beam search"),)}}
    truth = {"p": {("a", 1): "d", ("b", 1): "d", ("a", 2): "beam", ("c", 1): "beam"}}
    assert pairwise(truth, plans) == (1.0, 1.0, 2, 2)
    wrong = {"p": {("a", 1): "d", ("b", 1): "x", ("a", 2): "beam", ("c", 1): "beam"}}
    assert pairwise(wrong, plans) == (0.5, 1.0, 2, 1)


def test_greek_letters_camel_case_and_synonyms_group_loss_weights():
    plans = {
        "a": [ab("joint training objective with the auxiliary loss", "RemoveAuxLoss"),
              ab("Hyperparameters alpha and beta of the joint loss", "VaryLossWeights")],
        "b": [ab("joint training objective"), ab("harmony coefficient and balance factor")],
        "c": [ab("the joint objective combining both losses"),
              ab("weighting factors (harmony coefficient α and balance factor β) of the loss")],
    }
    groups = align(plans)
    check_invariants(plans, groups, DEFAULT_THRESHOLD)
    weights = group_of(groups, "a", 2)
    assert [(m.model, m.index) for m in weights.members] == [("a", 2), ("b", 2), ("c", 2)]
    assert {"alpha", "beta", "harmony", "balance"} <= set(weights.shared_terms)
    assert group_of(groups, "a", 1) is group_of(groups, "b", 1) is group_of(groups, "c", 1)


def test_a_quantity_or_an_input_of_a_part_is_not_the_part():
    plans = {
        "a": [ab("CNN predictor architecture", "CNN Architecture"), ab("LVLM-guided image editing")],
        "b": [ab("Input to the CNN predictor", "CNNInput"), ab("number of iterations of LVLM-guided editing")],
        "c": [ab("the convolutional neural network predictor"), ab("input representation of the predictor")],
    }
    groups = align(plans)
    check_invariants(plans, groups, DEFAULT_THRESHOLD)
    assert [(m.model, m.index) for m in group_of(groups, "a", 1).members] == [("a", 1), ("c", 1)]
    assert [(m.model, m.index) for m in group_of(groups, "b", 1).members] == [("b", 1), ("c", 2)]
    # a quantity of a part is about half as alike to it as the same words without the quantity
    editing = ab("LVLM-guided image editing")
    assert similarity(editing, ab("number of iterations of LVLM-guided editing")) < 0.6 * similarity(
        editing, ab("iterations of LVLM-guided editing"))


def test_slugs_come_from_the_groups_content():
    plans = {"a": [ab("Block size k"), ab("layer-wise progressive skimming")],
             "b": [ab("block size"), ab("Attention Region")], "c": [ab("size of each block")]}
    groups = align(plans)
    sizes = group_of(groups, "a", 1)
    assert sorted(sizes.slug.split("-")) == ["block", "size"]
    assert group_of(groups, "a", 2).slug == "layer-wise-progressive-skimming"
    assert group_of(groups, "b", 2).slug == "attention-region"
    # another paper's plans do not change this paper's groups or slugs
    align({"x": [ab("block size")], "y": [ab("dropout")]})
    assert align(plans) == groups
    assert all(g.slug and len(g.slug) <= 48 for g in align({"a": [ab("Ω ∑"), ab("", "")], "b": [ab("ü" * 90)]}))
