"""Property tests: random prose damaged in every way the repair stage claims to undo.

The generated text is *prose-like* — words of one script each, maths written as tokens
(``x≤y``, ``√n``, ``n²``), emoji and punctuation attached to words — because that is what a
trajectory contains. Two non-ASCII symbols written back to back (``√π``, ``×²``) are genuinely
ambiguous with mojibake; ``test_lookalikes_in_clean_text_are_kept`` covers those separately.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.pipeline.fixers import replay
from generator.pipeline.repair import LATIN, MAC, WIN, mojibake, repair

# REPAIR_EXAMPLES=5000 for a longer hunt; the default keeps the suite fast.
EXAMPLES = int(os.environ.get("REPAIR_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ENCODINGS = (MAC, WIN, LATIN)

ASCII = "abcdefghijklmnopqrstuvwxyz"
# 'œ' only in real words (WORDS): Mac Roman 'œ' (0xCF) before an accented letter reads as Greek.
ACCENTED = "éèêëàâäåçñöüïîíóòúùûøæß"
# Accented letters that start words. Excluded: those whose Mac Roman damage ('√∂', '√±', ...)
# is also a genuine '√' before a maths symbol, and so needs evidence when nothing else is damaged.
INITIAL = "éèêàâäåçüîôûæÉÖÜÅÇ"
GREEK = "αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΦΨΩϕϵ"
CYRILLIC = "абвгдежзиклмнопрстуфхцчшщыэюя"
CJK = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年ひらがなカタカナ"
EMOJI = ["🧠", "📋", "✅", "🚀", "🔬", "👍", "✔", "❌", "⚠️", "🧪", "🤖"]
# '÷' is left out: its Mac Roman damage '√∑' is also a genuine square root of a sum (see AMBIGUOUS).
MATH = "≤≥∞∑√π±×²³°≈→∈∇∂∫µ·‖ℓ∝−"
PUNCT = ["’s", "’", "“{}”", "‘{}’", "{}…", "{}—", "{} –", "{}‐based", "({})", "{}‑free"]


def _word(alphabet: str, size: int = 6) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=2, max_size=size)


latin_word = st.builds(
    lambda first, rest, vowel: first + rest + vowel,
    st.sampled_from(ASCII + ASCII.upper() + INITIAL),
    st.text(ASCII * 3 + ACCENTED, max_size=8),
    st.sampled_from("aeiouy"),  # real words have an unaccented letter somewhere
)
math_token = st.builds(
    lambda a, op, b: a + op + b,
    st.sampled_from(["x", "n", "2", "a", "10", "", "(k"]),
    st.sampled_from(MATH),
    st.sampled_from(["y", "1", "", " ", "b)", "n"]),
)
WORDS = ["cœur", "Œuvre", "naïve", "Schrödinger", "Gödel", "Erdős", "Łukasz", "façade", "Ångström", "Dvořák"]
plain_token = st.one_of(
    st.sampled_from(WORDS),
    latin_word,
    latin_word,
    _word(ASCII, 10),
    _word(GREEK, 3),
    _word(CYRILLIC),
    _word(CJK, 4),
    st.sampled_from(EMOJI),
    math_token,
)
token = st.one_of(
    plain_token,
    st.builds(lambda w, p: p.format(w) if "{}" in p else w + p, plain_token, st.sampled_from(PUNCT)),
)
line = st.builds(
    lambda prefix, words: prefix + " ".join(words),
    st.sampled_from(["", "- ", "### ", "**Action**: ", "  - ", "<h2>"]),
    st.lists(token, min_size=1, max_size=12),
)
document = st.lists(line, min_size=1, max_size=8).map("\n".join)
damage = st.lists(st.sampled_from(ENCODINGS), min_size=1, max_size=2)  # once, twice, or mixed


def damaged(text: str, encodings: list[str]) -> str:
    for encoding in encodings:
        text = mojibake(text, encoding)
    return text


def assert_repairs(original: str, broken: str) -> None:
    result = repair(broken)
    assert result.text == original
    assert replay(broken, result.steps) == result.text
    assert (broken != original) == bool(result.steps)


@SETTINGS
@given(document, damage)
def test_whole_document_damage_is_undone(text, encodings):
    assert_repairs(text, damaged(text, encodings))


@SETTINGS
@given(document, damage, st.data())
def test_damage_to_some_lines_is_undone(text, encodings, data):
    lines = text.split("\n")
    hit = data.draw(st.sets(st.integers(0, len(lines) - 1), min_size=1))
    broken = "\n".join(damaged(l, encodings) if i in hit else l for i, l in enumerate(lines))
    assert_repairs(text, broken)


@SETTINGS
@given(document, damage, st.data())
def test_damage_to_part_of_a_line_is_undone(text, encodings, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assume(not text[start:end].isascii())
    broken = text[:start] + damaged(text[start:end], encodings) + text[end:]
    assert_repairs(text, broken)


@SETTINGS
@given(document, st.sampled_from(ENCODINGS), st.data())
def test_damage_to_single_characters_is_undone(text, encoding, data):
    """Only a few non-ASCII characters damaged, each on its own (an emoji, a Greek letter)."""
    spots = [i for i, ch in enumerate(text) if not ch.isascii()]
    assume(spots)
    hit = data.draw(st.sets(st.sampled_from(spots), min_size=1, max_size=3))
    broken = "".join(mojibake(ch, encoding) if i in hit else ch for i, ch in enumerate(text))
    assert_repairs(text, broken)


@SETTINGS
@given(document, document, damage)
def test_one_paragraph_damaged_the_other_clean(clean, hurt, encodings):
    text = clean + "\n\n" + hurt
    assert_repairs(text, clean + "\n\n" + damaged(hurt, encodings))


@SETTINGS
@given(document)
def test_clean_text_is_unchanged(text):
    result = repair(text)
    assert result.text == text
    assert result.steps == ()


LOOKALIKES = ["Ã", "Î", "â", "Â", "€", "Ã,", "(Î)", "€5", "â-", "Â:"]
AMBIGUOUS = ["√π", "2√π", "2√∑y", "×²", "n×²", "(–∞, ∞)", "“école”", "5 Å²", "Ã² ", "≈π", "x —é"]


@SETTINGS
@given(document, st.lists(st.sampled_from(LOOKALIKES + AMBIGUOUS), min_size=1, max_size=6), st.randoms())
def test_lookalikes_in_clean_text_are_kept(text, extras, rnd):
    words = text.split(" ")
    for extra in extras:
        words.insert(rnd.randrange(len(words) + 1), extra)
    clean = " ".join(words)
    result = repair(clean)
    assert result.text == clean
    assert result.steps == ()


@SETTINGS
@given(document, document, damage, st.lists(st.sampled_from(LOOKALIKES), min_size=1, max_size=4))
def test_lookalike_letters_survive_next_to_damaged_text(clean, hurt, encodings, extras):
    """'Ã', 'Î', 'â', 'Â', '€' followed by a space or ASCII are never part of mojibake, even in
    a document that other damage shows to be broken."""
    clean = clean + " " + " ".join(extras)
    assert_repairs(clean + "\n" + hurt, clean + "\n" + damaged(hurt, encodings))
