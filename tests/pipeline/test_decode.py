"""The decode stage: bytes to one str with LF line ends, or a DecodeError a person can act on."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pipeline.decode import DecodeError, decode, plausibility
from generator.pipeline.fixers import FIXERS, cr_to_lf, crlf_to_lf, decode_with_fallback, replay, strip_bom

TEXT = "# lm-planner/gpt-4o/paper\n\n🧠 Reasoning — α, β and “quotes”.\n"
PROSE = "The model’s “attention” — roughly 5 °C warmer… naïve café, ±2 µm.\n"


def fixers(decoded) -> list[str]:
    return [step.fixer for step in decoded.steps]


def assert_replays(data: bytes) -> None:
    decoded = decode(data)
    assert replay(data, decoded.steps) == decoded.text


# --- the text-level fixers -----------------------------------------------------------------


def test_decoding_steps_are_in_the_one_registry():
    assert {"decode:codec", "decode:legacy-codec", "decode:strip-bom", "decode:crlf", "decode:cr"} <= set(FIXERS)


def test_strip_bom_removes_one_leading_mark_only():
    assert strip_bom("\ufeffa\ufeff") == "a\ufeff"
    assert strip_bom("abc") == "abc"


def test_line_end_fixers():
    assert crlf_to_lf("a\r\nb\r\n") == "a\nb\n"
    assert cr_to_lf("a\rb\r") == "a\nb\n"


def test_fallback_reads_only_the_bad_bytes_in_the_legacy_code_page():
    data = "é ok ".encode() + b"\x93quoted\x94"
    assert decode_with_fallback(data, "windows-1252") == "é ok “quoted”"


def test_plausibility_prefers_the_right_code_page_for_prose():
    assert plausibility(PROSE.encode("cp1252").decode("cp1252")) > plausibility(
        PROSE.encode("cp1252").decode("mac_roman")
    )
    assert plausibility(PROSE.encode("mac_roman").decode("mac_roman")) > plausibility(
        PROSE.encode("mac_roman").decode("cp1252")
    )


# --- clean input ---------------------------------------------------------------------------


def test_clean_utf8_has_no_steps():
    decoded = decode(TEXT.encode())
    assert (decoded.text, decoded.encoding, decoded.steps) == (TEXT, "utf-8", ())


def test_pure_ascii():
    assert decode(b"plain\n").text == "plain\n"


# --- byte-order marks, UTF-16 and UTF-32 ---------------------------------------------------


def test_utf8_bom_is_removed_and_recorded():
    data = codecs.BOM_UTF8 + TEXT.encode()
    decoded = decode(data)
    assert decoded.text == TEXT
    assert decoded.encoding == "utf-8-sig"
    assert fixers(decoded) == ["decode:strip-bom"]
    assert "byte-order mark" in decoded.steps[0].detail
    assert_replays(data)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_with_bom(codec):
    bom = {"utf-16": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}[codec]
    plain = codec if codec.endswith("be") else codec + "-le"
    data = bom + TEXT.encode(plain)
    decoded = decode(data)
    assert decoded.text == TEXT
    assert decoded.encoding == plain
    assert fixers(decoded) == ["decode:codec", "decode:strip-bom"]
    assert_replays(data)


def test_utf16_without_bom_is_recognised_by_its_nul_bytes():
    data = TEXT.encode("utf-16-le")
    decoded = decode(data)
    assert decoded.text == TEXT
    assert decoded.encoding == "utf-16-le"
    assert_replays(data)


def test_broken_utf16_says_so():
    with pytest.raises(DecodeError, match="UTF-16 LE.*re-save it as UTF-8"):
        decode(codecs.BOM_UTF16_LE + "abc".encode("utf-16-le") + b"\x00")


# --- line ends -----------------------------------------------------------------------------


def test_crlf_is_normalised_and_recorded():
    data = TEXT.replace("\n", "\r\n").encode()
    decoded = decode(data)
    assert decoded.text == TEXT
    assert fixers(decoded) == ["decode:crlf"]
    assert "3 CRLF" in decoded.steps[0].detail
    assert_replays(data)


def test_lone_cr_is_normalised_and_recorded():
    data = b"one\rtwo\rthree"
    decoded = decode(data)
    assert decoded.text == "one\ntwo\nthree"
    assert fixers(decoded) == ["decode:cr"]


def test_mixed_line_ends():
    data = b"a\r\nb\rc\nd"
    decoded = decode(data)
    assert decoded.text == "a\nb\nc\nd"
    assert fixers(decoded) == ["decode:crlf", "decode:cr"]
    assert_replays(data)


# --- files that are not UTF-8 --------------------------------------------------------------


def test_windows_1252_file_is_detected_and_decoded():
    data = PROSE.encode("cp1252")
    decoded = decode(data)
    assert decoded.text == PROSE
    assert decoded.encoding == "windows-1252"
    assert [(s.fixer, s.args) for s in decoded.steps] == [("decode:legacy-codec", ("windows-1252",))]
    assert "not UTF-8" in decoded.steps[0].detail and "Windows-1252" in decoded.steps[0].detail
    assert_replays(data)


def test_mac_roman_file_with_cr_line_ends():
    text = PROSE.replace("\n", "\r") + "second line ≤ π\r"
    data = text.encode("mac_roman")
    decoded = decode(data)
    assert decoded.text == text.replace("\r", "\n")
    assert decoded.encoding == "mac_roman"
    assert fixers(decoded) == ["decode:legacy-codec", "decode:cr"]
    assert_replays(data)


def test_utf8_file_with_a_windows_1252_paste():
    data = "α and β — fine\n".encode() + "then “pasted” text\n".encode("cp1252")
    decoded = decode(data)
    assert decoded.text == "α and β — fine\nthen “pasted” text\n"
    assert decoded.encoding == "utf-8"
    assert "some bytes are not valid UTF-8" in decoded.steps[0].detail
    assert_replays(data)


def test_utf8_bom_on_a_windows_1252_file():
    data = codecs.BOM_UTF8 + PROSE.encode("cp1252")
    decoded = decode(data)
    assert decoded.text == PROSE
    assert fixers(decoded) == ["decode:legacy-codec", "decode:strip-bom"]
    assert_replays(data)


# --- not text ------------------------------------------------------------------------------


def test_empty_file():
    with pytest.raises(DecodeError) as err:
        decode(b"")
    assert str(err.value) == "file is empty (0 bytes); expected a trajectory in Markdown"


def test_only_a_bom():
    with pytest.raises(DecodeError, match="only a byte-order mark"):
        decode(codecs.BOM_UTF8)


def test_nul_bytes_in_a_utf8_file():
    with pytest.raises(DecodeError, match=r"NUL bytes \(first at byte 5\).*expected a trajectory"):
        decode(b"hello\x00world, this is not UTF-16")


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "zip archive"),
        (b"\x1f\x8b\x08\x00", "gzip archive"),
    ],
)
def test_binary_formats_are_named(data, what):
    with pytest.raises(DecodeError, match=f"looks like an? {what}.*, not text; expected a trajectory"):
        decode(data)


def test_many_control_bytes_mean_binary():
    with pytest.raises(DecodeError, match="control characters"):
        decode(b"abc\x01\x02\x03\x04\x05def\x06\x07\x08ghi")


def test_a_few_control_bytes_are_tolerated():
    text = "x" * 100 + "\x07" + "\x1b[1m bold\x1b[0m\f\n"
    assert decode(text.encode()).text == text


def test_high_share_of_undecodable_bytes_means_binary():
    with pytest.raises(DecodeError, match="non-ASCII"):
        decode(bytes(range(128, 256)) * 4)


def test_decode_error_is_a_value_error():
    assert issubclass(DecodeError, ValueError)


# --- properties ----------------------------------------------------------------------------

unicode_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"), min_size=1, max_size=200
)


@settings(max_examples=100, deadline=None)
@given(unicode_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]), st.sampled_from(["\n", "\r\n"]))
def test_any_unicode_text_round_trips(text, codec, newline):
    data = text.replace("\n", newline).encode(codec)
    decoded = decode(data)
    assert decoded.text == text
    assert replay(data, decoded.steps) == decoded.text


prose = st.lists(
    st.sampled_from(["the", "model", "’s", "“attention”", "—", "5 °C", "naïve", "café", "±2", "…", "–", "‘x’"]),
    min_size=3,
    max_size=30,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(prose, st.sampled_from(["cp1252", "mac_roman"]))
def test_legacy_prose_is_decoded_in_the_right_code_page(text, codec):
    data = text.encode(codec)
    decoded = decode(data)
    assert decoded.text == text


def test_cr_line_ends_tip_a_close_call_towards_mac_roman():
    data = "bounded by ∞\rnext line\r".encode("mac_roman")
    assert decode(data).text == "bounded by ∞\nnext line\n"
    assert decode("5 °C\nnext\n".encode("cp1252")).text == "5 °C\nnext\n"
