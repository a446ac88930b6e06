"""generator.analysis.terms: the words ablations are compared by."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.analysis.terms import collapse, heads, paper_acronyms, phrases, stem, term, words


def test_words_split_case_changes_and_name_greek_letters():
    assert words("Ablation_VaryLossWeights") == ("ablation", "vary", "loss", "weights")
    assert words("CNNInput") == ("cnn", "input")
    assert words("harmony coefficient α and balance factor β") == (
        "harmony", "coefficient", "alpha", "and", "balance", "factor", "beta")
    assert words("self-knowledge") == ("self", "knowledge")
    assert words("BERT") == ("bert",) and words("ResNet50") == ("res", "net50")
    assert words("") == ()


def test_stems_join_inflections_and_derivations():
    assert stem("optimizer") == stem("optimization") == stem("optimisation") == stem("optimizers")
    assert stem("predictor") == stem("prediction") == stem("predicted")
    assert stem("estimator") == stem("estimation") == stem("estimate")
    assert stem("normalisation") == stem("normalization") == stem("normalized")
    assert stem("gate") == stem("gated") == stem("gating")
    assert stem("rate") != stem("ratio") and stem("speed") == "speed"


def test_term_drops_boilerplate_and_numbers():
    assert term("ablation") == term("remove") == term("the") == term("42") == term("x") == ""
    assert term("dropout") == "dropout"


def pairs(text: str, known=None) -> list[tuple[str, str]]:
    known = phrases() if known is None else known
    return collapse([(t, w) for w in words(text) if (t := term(w))], known, heads(known))


def test_abbreviations_and_their_spelled_out_forms_share_terms():
    known = phrases()
    cnn = {t for t, _ in pairs("CNN predictor", known)}
    spelled = {t for t, _ in pairs("convolutional neural network predictor", known)}
    assert cnn == spelled == {"cnn", "network", "predict"}
    assert {t for t, _ in pairs("learning rate")} == {t for t, _ in pairs("LR")} == {"lr", term("rate")}
    # a word that only stems to an abbreviation is not it
    assert "network" not in {t for t, _ in pairs("gated units")}


def test_paper_acronyms_are_read_from_parenthesised_initials():
    found = paper_acronyms([
        "Hub Labeling (HL) technique", "Batch Normalization Simulation (BNSim)",
        "the first term (used here) and a Global Information Interaction Module (GIIM)",
        "random text (XYZ) and (A)", "Number of Proxy Tokens (NPT-2)",
    ])
    assert found["hl"] == ("hub", "labeling")
    assert found["bnsim"] == ("batch", "normalization", "simulation")
    assert found["giim"] == ("global", "information", "interaction", "module")
    assert "xyz" not in found and "used" not in found and "a" not in found
    known = phrases(found)
    assert {t for t, _ in pairs("HL", known)} == {t for t, _ in pairs("hub labeling", known)}


@given(st.text(max_size=200))
def test_any_text_gives_lower_case_words_and_terms(text):
    for w in words(text):
        assert w and w == w.lower()
    for t, _ in pairs(text):
        assert t and t == t.lower()
    paper_acronyms([text])
