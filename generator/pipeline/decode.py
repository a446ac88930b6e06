"""The *decode* stage: bytes on disk to one clean ``str`` with ``\\n`` line ends.

Clean UTF-8 (the normal case) costs one ``bytes.decode``. Everything else that
changes the text — a byte-order mark, CRLF or CR line ends, a UTF-16/32 file,
bytes that are not UTF-8 at all — is recorded as a :class:`RepairStep`, so a
reader can see what was done and :func:`generator.pipeline.fixers.replay` can do it again.

Input that is not text raises :class:`DecodeError` with a message that says
what is wrong and what was expected.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from generator.pipeline.fixers import LEGACY_CODECS, cr_to_lf, crlf_to_lf, decode_with_fallback, strip_bom
from generator.records import Decoded, RepairStep

EXPECTED = "expected a trajectory in Markdown (UTF-8 text)"

# (byte-order mark, codec that keeps the mark as U+FEFF, name for people); UTF-32 first:
# its little-endian mark starts with the UTF-16 one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (or a .docx/.xlsx file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

# C0 controls that have no business in Markdown (tab, LF, FF, CR and ESC are tolerated).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_MAX_CONTROL_SHARE = 0.05
_HIGH_BYTES = bytes(range(0x80, 0x100))
# Prose in a Latin code page has few bytes >= 0x80; Cyrillic, Greek or CJK text has mostly those.
_MAX_LEGACY_HIGH_SHARE = 0.5
_MIN_SIZE_FOR_SHARE = 64

# A valid non-ASCII UTF-8 sequence (no overlongs, no surrogates).
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)

_LEGACY_NAMES = {"windows-1252": "Windows-1252", "mac_roman": "Mac Roman"}
_EVERYDAY = set("“”‘’–—…•°±×")  # in English prose
_JOINERS = set("’‘–—-·×")  # may stand between two letters
_SYMBOLS = set("‚„÷·§¶©®™€£¢¥«»‹›\xa0≤≥≈≠∞√∑∏∫∂∆πΩµ²³¹¼½¾")


class DecodeError(ValueError):
    """The input is not text this tool can read; the message says why and what was expected."""


# --- legacy code pages -------------------------------------------------------------------------


def _char_score(ch: str, prev: str, nxt: str) -> int:
    """How plausible one non-ASCII character is in English technical prose, given its neighbours."""
    if prev.isalpha() and nxt.isalpha() and not ch.isalpha() and ch not in _JOINERS:
        return -2  # 'na•ve': a symbol inside a word where a letter belongs
    if ch in _EVERYDAY:
        return 3
    if ch in _SYMBOLS:
        return 1
    if ch.isalpha():
        if ch.isupper() and prev.islower():
            return -2  # 'cafŽ': a capital inside a word
        if not (prev.isalpha() or nxt.isalpha()):
            return -2  # ' ñ ': a lone accented letter where a dash belongs
        return 1
    return -3 if unicodedata.category(ch).startswith("C") else -1


def plausibility(text: str) -> int:
    return sum(
        _char_score(m.group(), text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1])
        for m in re.finditer(r"[^\x00-\x7f]", text)
    )


def _guess_legacy(data: bytes) -> tuple[str, str]:
    """Pick the code page whose reading of the non-UTF-8 bytes looks most like prose; a tie
    goes to Windows-1252, unless the lines end in CR alone, as on a classic Mac."""
    classic_mac = b"\r" in data and b"\n" not in data
    best: tuple[int, str, str] | None = None
    for codec in LEGACY_CODECS:
        try:
            text = decode_with_fallback(data, codec)
        except UnicodeDecodeError:
            continue  # e.g. byte 0x81 is undefined in Windows-1252
        score = plausibility(text) + (5 if classic_mac and codec == "mac_roman" else 0)
        if best is None or score > best[0]:
            best = (score, codec, text)
    assert best is not None  # Mac Roman defines every byte
    return best[1], best[2]


def _first_invalid_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.start
    return 0


def _decode_legacy(data: bytes) -> tuple[str, str, RepairStep]:
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    if len(data) >= _MIN_SIZE_FOR_SHARE and high > _MAX_LEGACY_HIGH_SHARE * len(data):
        raise DecodeError(
            f"file is not valid UTF-8 and {high * 100 // len(data)}% of its bytes are non-ASCII; "
            f"this looks like binary data or an unsupported encoding; {EXPECTED}"
        )
    first = _first_invalid_utf8(data)
    codec, text = _guess_legacy(data)
    name = _LEGACY_NAMES[codec]
    if _UTF8_MULTI.search(data):
        encoding = "utf-8"
        detail = (
            f"some bytes are not valid UTF-8 (first: 0x{data[first]:02X} at byte {first}); "
            f"read those as {name} and the rest as UTF-8"
        )
    else:
        encoding = codec
        detail = f"file is not UTF-8 (byte 0x{data[first]:02X} at byte {first}); decoded it as {name}"
    return text, encoding, RepairStep("decode:legacy-codec", (codec,), detail)


# --- binary detection ----------------------------------------------------------------------------


def _reject_magic(data: bytes) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DecodeError(f"file looks like {what}, not text; {EXPECTED}")


def _reject_controls(data: bytes) -> None:
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(data) and controls > 1:
        raise DecodeError(
            f"file looks like binary data: {controls} of its {len(data)} bytes are control "
            f"characters; {EXPECTED}"
        )


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: mostly-ASCII text has NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if odd > len(data) // 8 and even == 0:
        return "utf-16-le"
    if even > len(data) // 8 and odd == 0:
        return "utf-16-be"
    return None


def _decode_unicode(data: bytes, codec: str, what: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise DecodeError(
            f"file looks like {what} but is not valid {what} (byte {err.start}: {err.reason}); "
            f"{EXPECTED} — re-save it as UTF-8"
        ) from None


# --- the stage -----------------------------------------------------------------------------------


def _decode_bytes(data: bytes) -> tuple[str, str, list[RepairStep]]:
    _reject_magic(data)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            strip = RepairStep("decode:strip-bom", (), f"removed the {name} byte-order mark")
            if codec == "utf-8":
                text, encoding, steps = _decode_8bit(data)
                return strip_bom(text), ("utf-8-sig" if encoding == "utf-8" else encoding), [*steps, strip]
            text = strip_bom(_decode_unicode(data, codec, name))
            return text, codec, [RepairStep("decode:codec", (codec,), f"decoded {name}"), strip]
    if b"\x00" in data:
        codec = _sniff_utf16(data)
        if codec is None:
            raise DecodeError(
                f"file contains NUL bytes (first at byte {data.index(0)}) and is not UTF-16 text; "
                f"this looks like binary data; {EXPECTED}"
            )
        detail = f"no byte-order mark, but the NUL bytes say {codec.upper()}; decoded it as such"
        text = _decode_unicode(data, codec, codec.upper())
        return text, codec, [RepairStep("decode:codec", (codec,), detail)]
    return _decode_8bit(data)


def _decode_8bit(data: bytes) -> tuple[str, str, list[RepairStep]]:
    """UTF-8 (one ``bytes.decode`` when clean), else a legacy code page for the bad bytes."""
    _reject_controls(data)
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        text, encoding, step = _decode_legacy(data)
        return text, encoding, [step]


def _newline_steps(text: str) -> tuple[str, list[RepairStep]]:
    if "\r" not in text:
        return text, []
    steps = []
    crlf = text.count("\r\n")
    if crlf:
        text = crlf_to_lf(text)
        steps.append(RepairStep("decode:crlf", (), f"converted {crlf} CRLF line end(s) to LF"))
    lone = text.count("\r")
    if lone:
        text = cr_to_lf(text)
        steps.append(RepairStep("decode:cr", (), f"converted {lone} CR (classic Mac) line end(s) to LF"))
    return text, steps


def decode(data: bytes) -> Decoded:
    """Decode one input file; raise :class:`DecodeError` if it is not text."""
    if not data:
        raise DecodeError("file is empty (0 bytes); expected a trajectory in Markdown")
    text, encoding, steps = _decode_bytes(data)
    if not text:
        raise DecodeError("file holds only a byte-order mark (no text); expected a trajectory in Markdown")
    text, newline_steps = _newline_steps(text)
    return Decoded(text, encoding, tuple(steps + newline_steps))
