"""The repair stage: undo mojibake, never change clean text, explain every change."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import ftfy
import pytest

from generator.pipeline.decode import decode
from generator.pipeline.fixers import FIXERS, ftfy_lines, replay, restore_emoji_spans, undo_document, undo_spans
from generator.pipeline.repair import LATIN, MAC, WIN, mojibake, repair
from generator.pipeline import mojibake as mojibake_module
from generator.records import RepairStep
from generator.pipeline.mojibake import restore_emoji_lead

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
CORPUS = SHARED / "corpus" / "ablationbench" / "trajectories"


def repaired(broken: str) -> str:
    """Repair, check that the trail replays and names registered fixers, return the text."""
    result = repair(broken)
    assert replay(broken, result.steps) == result.text
    assert all(step.fixer in FIXERS and step.detail for step in result.steps)
    return result.text


# --- fixers --------------------------------------------------------------------------------


def test_mojibake_and_undo_document_are_inverses():
    for encoding in (MAC, WIN, LATIN):
        assert undo_document(mojibake("α — 🧠", encoding), encoding) == "α — 🧠"
    assert mojibake("🧠", MAC) == "\uf8ffüß†"
    assert mojibake("🧠", WIN) == "ðŸ§\xa0"
    assert mojibake("—", LATIN) == "â\x80\x94"


def test_undo_spans_touches_only_the_spans():
    text = "Ã© stays, " + mojibake("é", WIN) + " goes"
    assert undo_spans(text, WIN, "10-12") == "Ã© stays, é goes"
    assert undo_spans("Î±Î²", WIN, "0-2,2-4") == "αβ"


def test_restore_emoji_lead():
    assert restore_emoji_lead("üìã") == "📋"
    assert restore_emoji_spans("<h2>üìã Plan</h2>", "4-7") == "<h2>📋 Plan</h2>"


def test_ftfy_lines_applies_a_plan_to_listed_lines_only():
    text = "a \x93b\x94\nc \x93d\x94"
    plan = ("encode:latin-1", "decode:windows-1252")
    assert ftfy_lines(text, "1", *plan) == "a \x93b\x94\nc “d”"


def test_replay_by_name_and_unknown_names_fail():
    steps = [RepairStep("undo-mojibake", (MAC,)), RepairStep("undo-mojibake-spans", (WIN, "0-2"))]
    assert replay("Ã©", steps[1:]) == "é"
    assert replay(mojibake("Ã©", MAC), steps) == "é"
    with pytest.raises(ValueError, match="no-such-fixer"):
        replay("x", [RepairStep("no-such-fixer")])


def test_one_replay_redoes_decoding_and_repair_from_the_bytes():
    from generator.build import load_trajectory
    from generator.records import SourceFile

    text = "# lm-planner/gpt-4o/p\r\n\r\n## Reasoning\r\n\r\nAn “α” ü and more.\r\n"
    data = mojibake(text, MAC).encode("mac_roman").replace(b"\r\n", b"\r")
    data = b"\xef\xbb\xbf" + mojibake(text, WIN).encode("utf-8")
    t = load_trajectory(SourceFile(None, "x.md", data))
    assert [s.fixer for s in t.repairs][:2] == ["decode:strip-bom", "decode:crlf"]
    assert replay(data, t.repairs) == text.replace("\r\n", "\n")


# --- what gets repaired ----------------------------------------------------------------------

EXAMPLES = [
    ("\uf8ffüß† Reasoning", "🧠 Reasoning"),  # Mac Roman
    ("ðŸ§\xa0 Reasoning", "🧠 Reasoning"),  # Windows-1252, NBSP kept
    ("harmony coefficient Œ±", "harmony coefficient α"),
    ("Î“-blocks", "Γ-blocks"),
    ("Block‚Äê Skim", "Block‐ Skim"),
    ("<h2>üìã Ablation Plan</h2>", "<h2>📋 Ablation Plan</h2>"),  # the Apple logo was lost
    ("bounded by ‚àû", "bounded by ∞"),
    ("temperature Ï„ = 0.5", "temperature τ = 0.5"),
    ("the â„“1 norm", "the ℓ1 norm"),
    ("a 5Ã… threshold", "a 5Å threshold"),
    ("cafÃ© and naÃ¯ve", "café and naïve"),
    ("Schr√∂dinger", "Schrödinger"),
    ("3Ã—3 grid", "3×3 grid"),
    ("Ã³ptimo", "óptimo"),
    ("Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "привет"),
    ("it\u00e2\x80\x99s", "it’s"),  # Latin-1: C1 controls
]


@pytest.mark.parametrize(("broken", "expected"), EXAMPLES)
def test_short_damaged_sequences(broken, expected):
    assert repaired(broken) == expected


@pytest.mark.parametrize("encodings", [[MAC, MAC], [WIN, WIN], [LATIN, LATIN], [WIN, MAC], [MAC, WIN], [LATIN, MAC]])
def test_double_and_mixed_damage(encodings):
    text = "## 🧠 Plan — α, β ≤ γ; naïve “café”\n- **Metrics**: F1, Å, μ"
    broken = text
    for encoding in encodings:
        broken = mojibake(broken, encoding)
    assert repaired(broken) == text


def test_whole_document_step_says_so():
    result = repair(mojibake("🧠 α and β", MAC))
    assert [s.detail for s in result.steps] == ["undid UTF-8 read as Mac Roman (whole document)"]


def test_partial_damage_step_counts_lines():
    lines = ["clean α line 🧠", mojibake("broken “one” — here", WIN), "clean", mojibake("and β", WIN)]
    result = repair("\n".join(lines))
    assert result.text.split("\n") == ["clean α line 🧠", "broken “one” — here", "clean", "and β"]
    (step,) = result.steps
    assert step.fixer == "undo-mojibake-spans"
    assert step.detail.startswith("undid UTF-8 read as Windows-1252 in 2 lines (4 places")


def test_damage_in_the_middle_of_a_line():
    line = "keep “this” — " + mojibake("fix “this” — ", MAC) + "keep 🧠"
    assert repaired(line) == "keep “this” — fix “this” — keep 🧠"


OVERLAPS = [
    # (original, damaged): where two code pages read overlapping runs, the right one wins
    ("ΓΣπ", "Γ" + mojibake("Σ", WIN) + "π"),  # not Mac Roman 'Î£π' (Hangul)
    ("Éßßa", mojibake("É", WIN) + "ßßa"),  # not Mac Roman '‰ßß' (CJK between Latin letters)
    ("な大", mojibake("な大", MAC)),  # not Windows-1252 'Å™Â§' inside it
    ("π’s", mojibake("π", MAC) + "’s"),  # not Windows-1252 'Ä’'
    ("Ångström", mojibake(mojibake("Ångström", WIN), MAC)),  # the outer layer first
    ("が出が", "が" + mojibake(mojibake("出が", MAC), MAC)),  # the outer layer, though it is Latin
    ("が了な’s", "が" + mojibake(mojibake("了な", WIN), WIN) + "’s"),  # ... and whole, not in part
    ("x срр… y", mojibake("x срр… y", MAC)),  # a Cyrillic word, not Windows-1252 'ŗėĂĶ
    ("`πϕ` and ’ – —", mojibake("`πϕ`", MAC) + mojibake(" and ’ – —", WIN)),  # two code pages
]


@pytest.mark.parametrize(("original", "broken"), OVERLAPS)
def test_overlapping_readings(original, broken):
    assert repaired(broken) == original


# --- what is left alone --------------------------------------------------------------------

LOOKALIKES = [
    "prior for the cost matrix Ã, selects questions",
    "the truncation threshold Î (S_I <= ϵ)",
    "voilà â la carte, Â: €5 or € 5",
    "2√π ≈ 3.54 and √π",
    "area n×² where ×² denotes",
    "the interval (–∞, ∞)",
    "a “école” quote, x —é",
    "5 Å² and Ã² alone",
    "2√∑y",
    "Füße, Grüße, Straße",
    "βˆϕ and qˆ(x,a), A†y, D¯b, γ˜",
    "Ã Â â Î € alone",
]


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalikes_in_clean_text_are_unchanged(text):
    result = repair(text)
    assert (result.text, result.steps) == (text, ())


def test_ambiguous_pair_is_repaired_when_the_document_shows_the_same_damage():
    assert repaired("x √π y") == "x √π y"
    assert repaired(mojibake("ù and ≤", MAC)) == "ù and ≤"
    assert repaired("x √π y\n" + mojibake("a ≤ b", MAC)) == "x ù y\na ≤ b"


def test_ftfy_would_change_a_lookalike_but_repair_does_not():
    line = "area m ×² here"
    assert ftfy.fix_text(line) != line  # ftfy reads it as Hebrew
    assert repaired(line) == line


def test_clean_text_costs_nothing():
    assert repair("plain ASCII").steps == ()
    text = "🧠 Reasoning — α, β, γ; “quotes” ‘single’ … naïve"
    assert repair(text).text is text


def test_ftfy_is_imported_only_when_a_text_needs_repair():
    # (in a fresh interpreter: this one has imported ftfy already)
    script = """if True:
        import sys
        from generator.pipeline.repair import repair, mojibake, WIN
        clean = "🧠 Reasoning — α, β; “quotes” … naïve"
        assert repair(clean).text is clean and "ftfy" not in sys.modules
        assert repair(mojibake(clean, WIN)).text == clean and "ftfy" in sys.modules
        assert repair("Price \\x80 5").text == "Price € 5"
    """
    subprocess.run([sys.executable, "-c", script], check=True, cwd=Path(__file__).resolve().parents[2])


def test_code_page_tables_read_windows_1252_as_ftfys_codec_does():
    high = bytes(range(0x80, 0x100))
    assert mojibake_module._chars(WIN, 0x80, 0xFF) == high.decode("sloppy-windows-1252")
    assert mojibake_module._chars(WIN, 0x80, 0xFF) != high.decode("cp1252", errors="replace")


# --- layer 3: ftfy for what remains -----------------------------------------------------------


def test_ftfy_fixes_stray_c1_controls():
    result = repair("Price \x80 5 and \x93quoted\x94")
    assert result.text == "Price € 5 and “quoted”"
    assert [s.fixer for s in result.steps] == ["ftfy"]
    assert replay("Price \x80 5 and \x93quoted\x94", result.steps) == result.text


def test_ftfy_marks_lossy_mojibake():
    assert repaired("doesnâ€?t work") == "doesn\ufffdt work"


# --- the seeds (../shared) -----------------------------------------------------------------

MOJIBAKE_MARKS = ("ðŸ", "üß", "üì", "Œ", "Î“", "â€", "‚Ä", "\uf8ff")


@pytest.mark.skipif(not SEEDS, reason="../shared/seeds is not present")
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_is_fully_repaired(path):
    data = path.read_bytes()
    decoded = decode(data)
    result = repair(decoded.text)
    assert replay(decoded.text, result.steps) == result.text
    assert result.steps, "every seed carries mojibake"
    assert not any(mark in result.text for mark in MOJIBAKE_MARKS)
    assert "🧠 Reasoning Trace" in result.text and "📋 Ablation Plan" in result.text
    assert not re.search(r"[\x80-\x9f]", result.text)


@pytest.mark.skipif(not SEEDS, reason="../shared/seeds is not present")
def test_seeds_have_their_greek_and_dashes_back():
    text = "".join(repair(decode(p.read_bytes()).text).text for p in SEEDS)
    for ch in "αβΓ‐–‑":
        assert ch in text


# --- the real corpus (../shared) -----------------------------------------------------------


def corpus_texts() -> list[tuple[Path, str]]:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return [(p, p.read_bytes().decode("utf-8")) for p in sorted(CORPUS.rglob("*.md"))]


@pytest.mark.corpus
def test_clean_corpus_is_unchanged():
    texts = corpus_texts()
    altered = [p.name for p, t in texts if repair(decode(t.encode()).text).text != t]
    assert len(texts) > 2000
    assert altered == []


@pytest.mark.corpus
@pytest.mark.parametrize("encodings", [[MAC], [WIN], [LATIN], [MAC, MAC], [WIN, MAC], [MAC, LATIN]])
def test_corpus_sample_damaged_and_repaired(encodings):
    sample = corpus_texts()[::40]
    for path, text in sample:
        broken = text
        for encoding in encodings:
            broken = mojibake(broken, encoding)
        assert repaired(broken) == text, path.name
