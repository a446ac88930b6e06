"""Every change the pipeline makes to an input file, by name: one registry, one replay.

As in ftfy, each kind of change is one small pure function, and a
:class:`~generator.records.RepairStep` names it (``fixer``) with the arguments that redo it
(``args``). Two kinds of fixer:

- **codecs** turn the file's bytes into text (``decode:codec``, ``decode:legacy-codec``);
- **text fixers** change text: byte-order mark and line ends (:mod:`~generator.pipeline.decode`),
  mojibake undone (:mod:`~generator.pipeline.repair`).

:func:`replay` re-applies a trail: from bytes, the trail's codec first (UTF-8 when it has
none), then each text step in order; from text, the text steps. A step whose name is not in
:data:`FIXERS` is a ``ValueError``.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Sequence

from generator.pipeline.mojibake import restore_emoji_lead, undo
from generator.records import RepairStep

LEGACY_CODECS = ("windows-1252", "mac_roman")  # in order of preference on a tie


# --- codecs: bytes to text ---------------------------------------------------------------------

def decode_codec(data: bytes, codec: str) -> str:
    """The whole file in one codec (UTF-8, UTF-16, UTF-32)."""
    return data.decode(codec)


def _fallback_handler(codec: str) -> Callable[[UnicodeDecodeError], tuple[str, int]]:
    def handle(err: UnicodeDecodeError) -> tuple[str, int]:
        return err.object[err.start : err.end].decode(codec), err.end

    return handle


for _codec in LEGACY_CODECS:
    codecs.register_error(f"trajectory-{_codec}", _fallback_handler(_codec))


def decode_with_fallback(data: bytes, codec: str) -> str:
    """UTF-8 where the bytes are valid UTF-8, *codec* (a legacy code page) for every byte that is not."""
    return data.decode("utf-8", errors=f"trajectory-{codec}")


# --- text fixers: decoding -----------------------------------------------------------------------

def strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def crlf_to_lf(text: str) -> str:
    return text.replace("\r\n", "\n")


def cr_to_lf(text: str) -> str:
    return text.replace("\r", "\n")


# --- text fixers: mojibake -----------------------------------------------------------------------

def undo_document(text: str, encoding: str) -> str:
    """Undo UTF-8 read as *encoding*, for the whole text."""
    return undo(text, encoding)


def _replace_spans(text: str, spans: str, fix: Callable[[str], str]) -> str:
    out, pos = [], 0
    for span in spans.split(","):
        start, end = map(int, span.split("-"))
        out += (text[pos:start], fix(text[start:end]))
        pos = end
    return "".join(out) + text[pos:]


def undo_spans(text: str, encoding: str, spans: str) -> str:
    """Undo UTF-8 read as *encoding* in the spans ``"start-end,start-end"`` (sorted, disjoint)."""
    return _replace_spans(text, spans, lambda run: undo_document(run, encoding))


def restore_emoji_spans(text: str, spans: str) -> str:
    """:func:`~generator.pipeline.mojibake.restore_emoji_lead` in the spans ``"start-end,..."``."""
    return _replace_spans(text, spans, restore_emoji_lead)


def ftfy_lines(text: str, lines: str, *plan: str) -> str:
    """Apply an ftfy plan (``"encode:latin-1"``, ``"decode:utf-8"``, ...) to the listed lines."""
    import ftfy  # (here, not at the top: most corpora need no repair)

    rows = text.split("\n")
    ops = [tuple(op.split(":", 1)) for op in plan]
    for index in map(int, lines.split(",")):
        rows[index] = ftfy.apply_plan(rows[index], ops)
    return "\n".join(rows)


# --- the registry ----------------------------------------------------------------------------------

CODECS = frozenset({"decode:codec", "decode:legacy-codec"})
FIXERS: dict[str, Callable[..., str]] = {
    "decode:codec": decode_codec,
    "decode:legacy-codec": decode_with_fallback,
    "decode:strip-bom": strip_bom,
    "decode:crlf": crlf_to_lf,
    "decode:cr": cr_to_lf,
    "undo-mojibake": undo_document,
    "undo-mojibake-spans": undo_spans,
    "restore-emoji-lead": restore_emoji_spans,
    "ftfy": ftfy_lines,
}


def replay(data: bytes | str, steps: Sequence[RepairStep]) -> str:
    """Redo a trail of steps on the bytes of a file (or on text, its text steps)."""
    unknown = [step.fixer for step in steps if step.fixer not in FIXERS]
    if unknown:
        raise ValueError(f"unknown fixer {unknown[0]!r} (known: {', '.join(sorted(FIXERS))})")
    if isinstance(data, bytes):
        codec = next((s for s in steps if s.fixer in CODECS), RepairStep("decode:codec", ("utf-8",)))
        text = FIXERS[codec.fixer](data, *codec.args)
    else:
        text = data
    for step in steps:
        if step.fixer not in CODECS:
            text = FIXERS[step.fixer](text, *step.args)
    return text
