"""The *repair* stage: undo mojibake — UTF-8 read through a one-byte code page (Mac Roman,
Windows-1252, Latin-1) — and never change clean text.

1. **Document.** The whole text is one such reading, maybe twice over, maybe through two code
   pages: ``text.encode(E).decode("utf-8")``, repeated while it applies.
2. **Segments.** Any maximal run of characters whose bytes in E are well-formed UTF-8 is a
   candidate, judged SURE (three or more characters, or a pair such as ``Î±`` that genuine text
   does not contain), LIKELY (a pair that may be genuine, ``√π``: undone only when sure damage
   from the same code page turns up elsewhere in the document) or DOUBTFUL (a lone character of
   a script the text does not use, ``“é`` as Cyrillic: never undone alone). Where readings in
   two code pages overlap, one is chosen by plausibility.
3. **ftfy**, set to fix encodings only, for lines that still look damaged.

This module holds the stage, :func:`repair`, layer by layer. Every change is a
:class:`RepairStep` naming a pure function in :data:`generator.pipeline.fixers.FIXERS`
(``undo-mojibake``, ``undo-mojibake-spans``, ``restore-emoji-lead``, ``ftfy``);
:func:`generator.pipeline.fixers.replay` re-applies a trail.
How damage is recognised and judged (the code pages, the candidates, their levels and the
plausibility ranking) is in :mod:`generator.pipeline.mojibake`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import TYPE_CHECKING

from generator.pipeline.fixers import ftfy_lines, replay, undo_document
from generator.records import Repaired, RepairStep
from generator.pipeline.mojibake import (
    EMOJI,
    ENCODINGS,
    FAMILY,
    KINDS,
    LATIN,
    MAC,
    WIN,
    Candidate,
    find_candidates,
    residue,
    select,
    suspect,
)

if TYPE_CHECKING:  # (at run time ftfy is imported when a text first needs it)
    import ftfy

NAMES = {WIN: "Windows-1252", LATIN: "Latin-1", MAC: "Mac Roman", EMOJI: "Mac Roman"}
MAX_ROUNDS = 3

# ftfy's encoding fixes only. Off: all that alters clean text, and restore_byte_a0, which would
# read 'Ã ' (a genuine Ã and a space) as 'à'; layer 2 already decodes inconsistent UTF-8.
_FTFY_OFF = "unescape_html remove_terminal_escapes restore_byte_a0 decode_inconsistent_utf8 \
fix_latin_ligatures fix_character_width uncurl_quotes fix_line_breaks remove_control_chars"


@lru_cache(maxsize=1)
def _ftfy_config() -> ftfy.TextFixerConfig:
    import ftfy

    return ftfy.TextFixerConfig(normalization=None, **dict.fromkeys(_FTFY_OFF.split(), False))


def mojibake(text: str, encoding: str) -> str:
    """The damage this module undoes: UTF-8 bytes read as *encoding* (tests, benchmarks)."""
    return text.encode("utf-8").decode(encoding)


# --- layer 1: the whole document --------------------------------------------------------------


def _document_encoding(text: str) -> str | None:
    """The code page whose round trip undoes the whole text, if the segment judge agrees: it
    picks damage from that code page only and declines none ('“école” ‚Äù' is not whole)."""
    chosen, declined = select(text, find_candidates(text))
    families = {FAMILY[c.kind] for c in chosen}
    if len(families) != 1 or any(FAMILY[c.kind] in families for c in declined):
        return None
    for encoding in ENCODINGS:
        if FAMILY[encoding] in families:
            try:
                undo_document(text, encoding)
                return encoding
            except UnicodeError:
                continue
    return None


def _repair_document(text: str) -> tuple[str, list[RepairStep]]:
    steps = []
    for _ in range(MAX_ROUNDS):
        encoding = _document_encoding(text)
        if encoding is None:
            break
        text = undo_document(text, encoding)
        detail = f"undid UTF-8 read as {NAMES[encoding]} (whole document)"
        steps.append(RepairStep("undo-mojibake", (encoding,), detail))
    return text, steps


# --- layer 2: segments ------------------------------------------------------------------------


def _lines(text: str, positions: list[int]) -> set[int]:
    """The (0-based) line numbers of *positions* in *text*."""
    newlines = [m.start() for m in re.finditer("\n", text)] if positions else []
    return {bisect_left(newlines, pos) for pos in positions}


def _apply(text: str, chosen: list[Candidate]) -> tuple[str, list[RepairStep]]:
    """Undo the chosen runs, one step per kind, each step's spans in the coordinates of the
    text it applies to."""
    original = text
    shifts: list[tuple[int, int]] = []  # (start in this round's text, change in length)
    steps = []
    for kind in KINDS:
        group = sorted((c for c in chosen if c.kind == kind), key=lambda c: c.start)
        if not group:
            continue
        offsets = [sum(d for s, d in shifts if s < c.start) for c in group]
        spans = ",".join(f"{c.start + o}-{c.end + o}" for c, o in zip(group, offsets))
        lines = len(_lines(original, [c.start for c in group]))
        detail = (
            f"undid UTF-8 read as {NAMES[kind]}{' (emoji that lost their first character)' * (kind == EMOJI)}"
            f" in {lines} line{'s' * (lines != 1)} ({len(group)} place{'s' * (len(group) != 1)},"
            f" e.g. {group[0].run!r} → {group[0].fixed!r})"
        )
        args = (spans,) if kind == EMOJI else (kind, spans)
        steps.append(RepairStep("restore-emoji-lead" if kind == EMOJI else "undo-mojibake-spans", args, detail))
        text = replay(text, steps[-1:])
        shifts += [(c.start, len(c.fixed) - len(c.run)) for c in group]
    return text, steps


def _repair_segments(text: str) -> tuple[str, list[RepairStep], set[int]]:
    """The text, the steps, and the lines holding look-alikes that were left alone."""
    steps: list[RepairStep] = []
    lookalikes: set[int] = set()
    for _ in range(MAX_ROUNDS):
        if not suspect(text):
            break
        chosen, declined = select(text, find_candidates(text))
        lookalikes = _lines(text, [c.start for c in declined])
        if not chosen:
            break
        text, applied = _apply(text, chosen)
        steps += applied
    return text, steps, lookalikes


# --- layer 3: ftfy, encodings only ------------------------------------------------------------


def _ftfy_plan(row: str) -> tuple[str, ...] | None:
    import ftfy

    fixed, explanation = ftfy.fix_and_explain(row, _ftfy_config())
    if fixed == row or not explanation:
        return None
    plan = tuple(f"{op}:{arg}" for op, arg in explanation)
    return plan if ftfy_lines(row, "0", *plan) == fixed else None


def _repair_with_ftfy(text: str, skip: set[int]) -> tuple[str, list[RepairStep]]:
    """ftfy on each line that still looks damaged, except lines with look-alikes left alone."""
    plans: dict[tuple[str, ...], list[int]] = {}
    for index, row in enumerate(text.split("\n") if residue(text) else []):
        plan = _ftfy_plan(row) if index not in skip and residue(row) else None
        if plan:
            plans.setdefault(plan, []).append(index)
    steps = []
    for plan, rows in plans.items():
        lines = ",".join(map(str, rows))
        detail = f"ftfy fixed {len(rows)} line{'s' * (len(rows) != 1)} ({', '.join(plan)})"
        steps.append(RepairStep("ftfy", (lines, *plan), detail))
        text = ftfy_lines(text, lines, *plan)
    return text, steps


# --- the stage --------------------------------------------------------------------------------


def repair(text: str) -> Repaired:
    """Undo mojibake in *text*; clean text comes back unchanged, and cheaply."""
    if text.isascii() or not residue(text):
        return Repaired(text)
    text, steps = _repair_document(text)
    text, segment_steps, lookalike_lines = _repair_segments(text)
    text, ftfy_steps = _repair_with_ftfy(text, lookalike_lines)
    return Repaired(text, tuple(steps + segment_steps + ftfy_steps))
