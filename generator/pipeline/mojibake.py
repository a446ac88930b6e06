"""How the repair stage (:mod:`generator.pipeline.repair`) tells mojibake from genuine text: the code
pages, the segments that may be damage, and the judgement of each. Nothing here changes a text
or records a step.

- **Code pages.** ``WIN``, ``LATIN`` and ``MAC``, plus ``EMOJI`` for Mac Roman damage of an emoji
  that lost its first character (together ``KINDS``); their families (``FAMILY``); the readings
  that undo one run (:func:`undo`, :func:`restore_emoji_lead`); and the patterns, built from
  each code page, of runs whose bytes are well-formed UTF-8.
- **Candidates.** :func:`find_candidates` finds every maximal run in each code page, trims
  doubtful ends off a run with a sure part, and judges what is left SURE, LIKELY or DOUBTFUL
  (``_level``: three or more characters are sure; a pair is judged by the characters it reads
  as and by its neighbours).
- **Choice.** :func:`select` ranks overlapping readings by plausibility (``_ranking``) and keeps
  the sure ones, and the likely ones that unambiguous sure damage from the same family of code
  pages vouches for.
- **Cheap tests.** :func:`suspect` and :func:`residue` rule out nearly all clean text.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

WIN, LATIN, MAC = "sloppy-windows-1252", "latin-1", "mac_roman"
ENCODINGS = (WIN, LATIN, MAC)  # also the order of preference on a tie
EMOJI = "emoji-lead"  # Mac Roman damage of an emoji that has lost its first character
KINDS = (*ENCODINGS, EMOJI)
# Latin-1 and Windows-1252 agree on 0xA0-0xFF: damage by one is evidence for the other.
FAMILY = {WIN: WIN, LATIN: WIN, MAC: MAC, EMOJI: MAC}
SURE, LIKELY, DOUBTFUL = 2, 1, 0

# Pairs that genuine text contains too: Mac Roman dashes, quotes, guillemets and NBSP before an
# accented letter or a maths symbol ('“école”', '–∞'); a maths operator before a maths symbol
# ('√π', '≈∞') unless inside a word ('Schr√∂dinger'); a letter squared ('Ã²', 'Å²').
_MAC_PUNCT_LEADS = "–—“”‘’«»…‹›\xa0"
_MAC_MATH_LEADS = "√≈∆÷"
_MATH_FOLLOWERS = "π∞Ω∂∑∏∫±≤≥≠µ"
_SUPERSCRIPTS = "²³¹"
# Non-ASCII characters common in genuine English technical text, next to damage or not.
_EVERYDAY = frozenset("’‘“”–—…•·°±×÷€£©®™§¶\xa0«»²³¹µ≤≥≈≠∞√π∑∫∂Ω∆")
_SCRIPT_ALIASES = {"GREEK": "LATIN", "HIRAGANA": "CJK", "KATAKANA": "CJK"}  # 'xπ' is maths
_SCRIPT_NAMES = frozenset("LATIN CYRILLIC ARMENIAN HEBREW ARABIC SYRIAC THAANA NKO HANGUL CJK".split())


def _sloppy_codec(name: str) -> codecs.CodecInfo | None:
    """ftfy's "sloppy-windows-1252" codec, ftfy imported when a text is first repaired: most
    corpora need no repair, and importing ftfy is a noticeable part of every run's start."""
    if name.lower().replace("-", "_").replace(" ", "_") != "sloppy_windows_1252":
        return None
    from ftfy.bad_codecs import search_function

    return search_function(name)


codecs.register(_sloppy_codec)


# --- reading a run back -----------------------------------------------------------------------


def undo(text: str, encoding: str) -> str:
    """Undo UTF-8 read as *encoding*: the bytes of *text* in *encoding*, decoded as UTF-8."""
    return text.encode(encoding).decode("utf-8")


def restore_emoji_lead(run: str) -> str:
    """Undo Mac Roman damage of an emoji that lost its first character (U+F8FF): 'üìã'."""
    return (b"\xf0" + run.encode(MAC)).decode("utf-8")


# --- what mojibake looks like ----------------------------------------------------------------


def _chars(encoding: str, lo: int, hi: int) -> str:
    if encoding == WIN:  # what the codec reads, without importing ftfy for these tables
        return "".join(_sloppy_char(b) for b in range(lo, hi + 1))
    return bytes(range(lo, hi + 1)).decode(encoding)


def _sloppy_char(byte: int) -> str:
    """A byte from 0x80 up in "sloppy-windows-1252": Windows-1252, its five unassigned bytes
    read as Latin-1 (the codec also reads 0x1A as U+FFFD; no table here uses ASCII)."""
    try:
        return bytes((byte,)).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def _cls(encoding: str, *ranges: tuple[int, int]) -> str:
    return "[" + "".join(re.escape(_chars(encoding, lo, hi)) for lo, hi in ranges) + "]"


def _sequence_pattern(encoding: str) -> str:
    """Characters whose bytes in *encoding* are one well-formed, non-ASCII UTF-8 sequence."""
    c = _cls(encoding, (0x80, 0xBF))
    return "|".join((
        _cls(encoding, (0xC2, 0xDF)) + c,
        _cls(encoding, (0xE0, 0xE0)) + _cls(encoding, (0xA0, 0xBF)) + c,
        _cls(encoding, (0xE1, 0xEC), (0xEE, 0xEF)) + c * 2,
        _cls(encoding, (0xED, 0xED)) + _cls(encoding, (0x80, 0x9F)) + c,
        _cls(encoding, (0xF0, 0xF0)) + _cls(encoding, (0x90, 0xBF)) + c * 2,
        _cls(encoding, (0xF1, 0xF3)) + c * 3,
        _cls(encoding, (0xF4, 0xF4)) + _cls(encoding, (0x80, 0x8F)) + c * 2,
    ))


@lru_cache(maxsize=None)
def _sequences(kind: str) -> re.Pattern[str]:
    """One UTF-8 sequence read in *kind* (compiled when first needed: a text needs repair)."""
    return re.compile(_sequence_pattern(kind))


@lru_cache(maxsize=None)
def _run_pattern(kind: str) -> re.Pattern[str]:
    """A run of such sequences, or for EMOJI a Mac Roman emoji tail."""
    if kind == EMOJI:
        return re.compile("(?<!\uf8ff)ü" + _cls(MAC, (0x80, 0xBF)) * 2)
    return re.compile(f"(?:{_sequence_pattern(kind)})+")


# Where a run may start: one character class each, which the regex engine scans fast.
_STARTS = {e: re.compile(_cls(e, (0xC2, 0xF4)) + _cls(e, (0x80, 0xBF))) for e in ENCODINGS}
_STARTS[EMOJI] = re.compile("ü")
_FIXES: dict[str, Callable[[str], str]] = {e: lambda run, e=e: undo(run, e) for e in ENCODINGS}
_FIXES[EMOJI] = restore_emoji_lead
_REPERTOIRE = {e: frozenset(_chars(e, 0x80, 0xFF)) for e in ENCODINGS}
_REPERTOIRE[EMOJI] = _REPERTOIRE[MAC]
_CODE_PAGE_CHARS = frozenset().union(*_REPERTOIRE.values())
# Cheap tests that rule out nearly all clean text, one character class each so the regex engine
# scans fast: a lead character followed by a continuation character in some code page; a Mac
# Roman emoji tail; C1 controls (for ftfy, the repair's layer 3).
_LEADS = "".join(sorted({ch for e in ENCODINGS for ch in _chars(e, 0xC2, 0xF4)}))
_CONTS = "".join(sorted({ch for e in ENCODINGS for ch in _chars(e, 0x80, 0xBF)}))
_PAIR = re.compile(f"[{re.escape(_LEADS)}][{re.escape(_CONTS)}]")
_ORPHAN = re.compile("ü" + _cls(MAC, (0x80, 0xBF)))
_C1 = re.compile("[\x80-\x9f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def suspect(text: str) -> bool:
    """Might *text* hold mojibake? False for nearly all clean text, and found fast."""
    return bool(_PAIR.search(text) or _ORPHAN.search(text))


def residue(text: str) -> bool:
    """Might *text* hold damage for ftfy: what :func:`suspect` looks for, or a C1 control."""
    return suspect(text) or bool(_C1.search(text))


# --- judging one candidate --------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A run that may be mojibake: where it is, what it reads as once undone, and how sure."""

    start: int
    end: int
    kind: str  # an encoding, or EMOJI
    run: str
    fixed: str
    level: int  # SURE, LIKELY or DOUBTFUL


def _sane(ch: str) -> bool:
    """Could *ch* have been in the original? Not an unassigned BMP or private-use code point
    (but Mac Roman's Apple logo, which the inner layer of double damage contains)."""
    category = unicodedata.category(ch)
    if category == "Co":
        return ch == "\uf8ff"
    return category != "Cs" and (category != "Cn" or ord(ch) > 0xFFFF)


def _rare(ch: str, prev: str) -> bool:
    """A character (of a two-byte sequence) that English technical prose rarely contains: C1
    controls, Latin Extended-B but 'ƒ', IPA, Greek numerals and Coptic, Cyrillic beyond the basic
    block, Armenian, Hebrew, Arabic, Syriac, Thaana, NKo; a combining mark with no letter."""
    cp = ord(ch)
    if 0x300 <= cp < 0x370:
        return not prev.isalpha()
    if 0x370 <= cp < 0x400:  # Greek: the letters and the symbol forms (ϑ ϕ ϖ ϰ ϱ ϵ)
        return not (0x386 <= cp <= 0x3D6 or 0x3F0 <= cp <= 0x3F5)
    return cp < 0xA0 or (0x180 <= cp < 0x2B0 and ch != "ƒ") or cp >= 0x460


def _oddity(fixed: str) -> int:
    """Rare characters in a reading; not C1 controls, the inner layer of double damage."""
    return sum(0xA0 <= ord(ch) < 0x800 and _rare(ch, prev) for prev, ch in zip(" " + fixed, fixed))


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    """The writing system of a letter ('CYRILLIC', 'CJK'; Greek counts as Latin), else ''."""
    if not ch.isalpha():
        return ""
    name = unicodedata.name(ch, "").split(" ", 1)[0]
    name = _SCRIPT_ALIASES.get(name, name)
    return name if name in _SCRIPT_NAMES else ""


def _latin_letter(ch: str) -> bool:
    return ch.isalpha() and ord(ch) < 0x250


def _level(kind: str, run: str, fixed: str, prev: str, nxt: str) -> int:
    """SURE, LIKELY or DOUBTFUL that *run*, between *prev* and *nxt*, is mojibake."""
    if len(run) > 2:
        return SURE  # three or more characters, or several sequences in a row
    lead, cont = run
    if _script(fixed) not in ("", "LATIN") and _script(fixed) in (_script(prev), _script(nxt)):
        return SURE  # a Cyrillic letter inside a Cyrillic word
    if _rare(fixed, prev) or (kind == MAC and lead in _MAC_PUNCT_LEADS):
        return DOUBTFUL
    if kind == MAC and lead in _MAC_MATH_LEADS and cont in _MATH_FOLLOWERS:
        return SURE if prev.isalpha() else LIKELY
    if kind != MAC and cont in _SUPERSCRIPTS and _latin_letter(fixed):
        return SURE if _latin_letter(prev) or _latin_letter(nxt) else LIKELY  # 'Ã³ptimo'
    return SURE


def _judge(kind: str, text: str, start: int, end: int) -> Candidate | None:
    run = text[start:end]
    fixed = _FIXES[kind](run)
    prev, nxt = text[start - 1 : start], text[end : end + 1]
    if not all(map(_sane, fixed)):
        return None
    alone = not prev.isalnum() and (nxt.isspace() or not nxt)
    if kind == EMOJI and not (0x1F000 <= ord(fixed) < 0x1FB00 and alone):
        return None  # a lead-less emoji tail is believed only as a token: '<h2>üìã Plan'
    return Candidate(start, end, kind, run, fixed, _level(kind, run, fixed, prev, nxt))


def _trim(kind: str, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split off (as spans of their own) the ends of a run that are doubtful alone when the rest
    has a sure part: in '“é√ü' only '√ü' (ß) is damage. Each sequence is judged between its
    neighbours' readings, so the letters of a damaged Cyrillic word vouch for each other."""
    spans = [m.span() for m in _sequences(kind).finditer(text, start, end)] if kind != EMOJI else []
    if len(spans) < 2:
        return [(start, end)]
    fixed = [_FIXES[kind](text[s:e]) for s, e in spans]
    prevs = [text[start - 1 : start]] + [f[-1] for f in fixed[:-1]]
    nexts = [f[0] for f in fixed[1:]] + [text[end : end + 1]]
    levels = [_level(kind, text[s:e], f, p, n) for (s, e), f, p, n in zip(spans, fixed, prevs, nexts)]
    if SURE not in levels:
        return [(start, end)]
    # a code-page character may be the inner layer of double damage: keep it
    keep = [i for i, lv in enumerate(levels) if lv != DOUBTFUL or fixed[i] in _CODE_PAGE_CHARS]
    lo, hi = keep[0], keep[-1]
    return [(spans[lo][0], spans[hi][1]), *spans[:lo], *spans[hi + 1 :]]


def _runs(kind: str, text: str) -> Iterator[tuple[int, int]]:
    """The spans of ``_run_pattern(kind)`` in *text* (``finditer``, but found fast)."""
    find, match, pos = _STARTS[kind].search, _run_pattern(kind).match, 0
    while hit := find(text, pos):
        run = match(text, hit.start())
        pos = run.end() if run else hit.start() + 1
        if run:
            yield run.span()


def find_candidates(text: str) -> list[Candidate]:
    """Every run in *text* that may be mojibake, in each kind, judged; readings may overlap."""
    found = []
    for kind in KINDS:
        for span in _runs(kind, text):
            for start, end in _trim(kind, text, *span):
                candidate = _judge(kind, text, start, end)
                if candidate is not None:
                    found.append(candidate)
    return found


# --- choosing among overlapping readings ------------------------------------------------------


def _groups(candidates: list[Candidate]) -> list[list[Candidate]]:
    """The candidates in groups of readings that overlap one another, by position."""
    groups: list[list[Candidate]] = []
    end = -1
    for c in sorted(candidates, key=lambda c: c.start):
        if c.start >= end:
            groups.append([])
        groups[-1].append(c)
        end = max(end, c.end)
    return groups


def _ranking(
    text: str, candidates: list[Candidate], evidence: Counter[str]
) -> Callable[[Candidate, str], tuple[int, ...]]:
    """The order in which overlapping readings are preferred (the best first, after sorting
    in reverse); *rest* is the part of the group outside the reading."""
    covered = bytearray(len(text))
    for c in candidates:
        covered[c.start : c.end] = b"\x01" * len(c.run)
    scripts = {"", "LATIN"} | {_script(m[0]) for m in _NON_ASCII.finditer(text) if not covered[m.start()]}

    def clash(ch: str, pos: int) -> bool:  # against a neighbour that is not itself suspect
        if not 0 <= pos < len(text) or covered[pos]:
            return False
        return "" != _script(ch) != _script(text[pos]) != ""

    def rank(c: Candidate, rest: str) -> tuple[int, ...]:
        # itself sure damage: the outer layer of double damage, whose reading is not final
        outer = len(c.fixed) > 1 and any(inner.level == SURE for inner in find_candidates(c.fixed))
        return (
            c.level,
            -_oddity(c.fixed),  # fewer rare characters
            outer,
            0 if outer else -(clash(c.fixed[0], c.start - 1) + clash(c.fixed[-1], c.end)),  # 'Ã䧧a'
            -sum(ch in _REPERTOIRE[c.kind] and ch not in _EVERYDAY for ch in rest),
            # ^ leaves less of its own code page unexplained (everyday punctuation aside)
            len(c.fixed),  # explains more UTF-8 sequences (one character each)
            -(len(c.fixed) == 1 and _script(c.fixed) not in scripts),  # no lone stranger: 'Î£Ω'→'룽'
            evidence[FAMILY[c.kind]],  # the code page with more unambiguous damage
            len(c.run),
            -KINDS.index(c.kind),
        )

    return rank


def select(text: str, candidates: list[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
    """Non-overlapping candidates to undo — the sure ones, and the likely ones of a code-page
    family that unambiguous sure damage elsewhere in the document vouches for — and the
    candidates declined."""
    groups = _groups(candidates)
    evidence = Counter(  # sure damage that no other code page could explain
        FAMILY[g[0].kind] for g in groups if len({FAMILY[c.kind] for c in g}) == 1 and g[0].level == SURE
    )
    overlapping = [g for g in groups if len(g) > 1]
    if overlapping:
        rank = _ranking(text, candidates, evidence)
        for group in overlapping:
            start, end = group[0].start, max(c.end for c in group)
            group.sort(key=lambda c, s=start, e=end: rank(c, text[s : c.start] + text[c.end : e]), reverse=True)
    chosen, declined = [], []
    for group in groups:
        taken: list[Candidate] = []
        for c in group:
            if any(c.start < t.end and t.start < c.end for t in taken):
                continue
            if c.level == SURE or (c.level == LIKELY and evidence[FAMILY[c.kind]] > 0):
                taken.append(c)
                chosen.append(c)
            else:
                declined.append(c)
    return chosen, declined
