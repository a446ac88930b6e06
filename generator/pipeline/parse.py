"""Stage 4 — parse: heading, reasoning box and ablation plan out of a repaired text.

The published format is Markdown wrapped in two styled HTML boxes::

    # planner/model/paper
    <div ...><h2 ...>🧠 Reasoning Trace</h2> ...markdown... </div>
    <div ...><h2 ...>📋 Ablation Plan</h2>
    ### name
    - **Ablated Part**: ...
    - **Action**: REMOVE | REPLACE | ADD
    - **Replacement**:
      - ...
    - **Metrics**: a, b, c
    </div>

Markdown section headings (``## Reasoning``/``## Ablation Plan``) are accepted as well.
Anything unexpected is a warning; only a text with no identity or no content at all
is an error (:class:`ParseError`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.analysis.vocabulary import ACTIONS
from generator.records import Ablation, Parsed


_STYLE = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.S | re.I)
_STYLE_START = re.compile(r"<style", re.I)
_HEADING = re.compile(r"^#[ \t]+(\S[^\n]*?)[ \t]*$", re.M)
_SECTION = re.compile(
    r"^[ \t]*(?:<h2\b[^>]*>(?P<html>.*?)</h2\s*>|##[ \t]+(?P<md>[^\n]+?))[ \t]*$", re.M | re.I
)
_BOX_OPEN = re.compile(r"^[ \t]*<div\b[^>]*>[ \t]*$", re.I)
_BOX_CLOSE = re.compile(r"(?:\n[ \t]*</div>[ \t]*)+\s*\Z", re.I)
_CLOSE_TAG = re.compile(r"</div>", re.I)
_SECTION_START = re.compile(r"<h2|##", re.I)
_ABLATION = re.compile(r"^###[ \t]+(.+?)[ \t#]*$", re.M)
_FIELD = re.compile(r"^[-*+][ \t]+\*\*(?P<key>[^*\n]+?)\*\*[ \t]*:?[ \t]*(?::[ \t]*)?(?P<value>.*)$")
_ITEM = re.compile(r"^[ \t]+[-*+][ \t]+(?P<value>.*)$")
_LIST_MARK = re.compile(r"[()\[\]{},]")
_FIELDS = {"ablated part": "ablated_part", "action": "action", "replacement": "replacement",
           "replacements": "replacement", "metrics": "metrics", "metric": "metrics"}


class ParseError(ValueError):
    """The text is not a trajectory; the message says what was expected."""


def parse(text: str, source: str = "") -> Parsed:
    """Parse one trajectory; ``source`` (its relative path) is a fallback identity."""
    text = _without_styles(text)
    warnings: list[str] = []
    planner, model, paper = _identity(text, source, warnings)
    reasoning, plan = _sections(text, warnings)
    ablations = _plan(plan, warnings) if plan is not None else ()
    if not reasoning and not ablations:
        raise ParseError(
            "no reasoning trace and no ablation plan found; expected a 'Reasoning Trace' box "
            "and an 'Ablation Plan' box with '### name' blocks"
        )
    return Parsed(planner, model, paper, reasoning, ablations, tuple(warnings))


def _identity(text: str, source: str, warnings: list[str]) -> tuple[str, str, str]:
    match = _HEADING.search(text)
    if match:
        parts = [p.strip() for p in match.group(1).split("/")]
        if len(parts) >= 3 and all(parts[:2]) and parts[2]:
            return parts[0], parts[1], "/".join(parts[2:])
    layout = source.split("/")
    if len(layout) >= 3:
        paper = layout[-1].rsplit(".", 1)[0] if "." in layout[-1] else layout[-1]
        warnings.append(
            "no '# planner/model/paper' heading; identity taken from the path "
            f"{layout[-3]}/{layout[-2]}/{paper}"
        )
        return layout[-3], layout[-2], paper
    found = f"found '{match.group(0).strip()[:80]}'" if match else "found no '# ' heading"
    raise ParseError(
        f"no '# planner/model/paper' heading ({found}); expected a first heading such as "
        "'# lm-planner/gpt-4o/paper-id', or the layout <planner>/<model>/<paper>.md"
    )


def _sections(text: str, warnings: list[str]) -> tuple[str, str | None]:
    """Split the text into (reasoning markdown, plan markdown or None)."""
    marks: list[tuple[str, int, int]] = []
    for m in _section_marks(text):
        title = (m.group("html") or m.group("md") or "").lower()
        kind = "plan" if "plan" in title else "reasoning" if "reason" in title else None
        if kind and kind not in {k for k, _, _ in marks}:
            marks.append((kind, m.start(), m.end()))
    found = {kind: (start, end) for kind, start, end in marks}
    bounds = sorted(found.values())
    bodies: dict[str, str] = {}
    for kind, (start, end) in found.items():
        later = [s for s, _ in bounds if s > start]
        stop = later[0] if later else len(text)
        body = text[end:stop]
        lines = body.rstrip().split("\n")
        if later and lines and _BOX_OPEN.match(lines[-1]):  # the next box's opening <div>
            lines.pop()
        bodies[kind] = _without_box_close("\n".join(lines)).strip("\n")
    reasoning = bodies.get("reasoning", "").strip()
    if "reasoning" not in found:
        warnings.append("no 'Reasoning Trace' section; the page shows the plan only")
    if "plan" not in found:
        warnings.append("no 'Ablation Plan' section; the page shows the reasoning only")
        return reasoning, None
    return reasoning, bodies["plan"]


# The three helpers below give what a plain regex call gives (``_STYLE.sub``,
# ``_SECTION.finditer``, ``_BOX_CLOSE.sub``), but try the full pattern only where a match can
# start: Python's regex engine would try it at every character of the text (half the parse).

def _without_styles(text: str) -> str:
    """``_STYLE.sub("", text)``."""
    out: list[str] = []
    pos = 0
    for start in _STYLE_START.finditer(text):
        if start.start() < pos:  # inside the last style block
            continue
        m = _STYLE.match(text, start.start())
        if m:
            out.append(text[pos:m.start()])
            pos = m.end()
    return "".join(out) + text[pos:] if out else text


def _section_marks(text: str) -> Iterator[re.Match[str]]:
    """``_SECTION.finditer(text)``: its matches start a line, then '<h2' or '##'."""
    pos = 0
    for hint in _SECTION_START.finditer(text):
        at = hint.start()
        if at < pos:
            continue
        line = text.rfind("\n", 0, at) + 1
        if line < pos or text[line:at].strip(" \t"):
            continue
        m = _SECTION.match(text, line)
        if m:
            yield m
            pos = m.end()


def _without_box_close(body: str) -> str:
    """``_BOX_CLOSE.sub("", body)``: a match is closing tags and whitespace up to the end."""
    start = len(body)
    while True:
        start = len(body[:start].rstrip())
        if start >= 6 and _CLOSE_TAG.match(body, start - 6):
            start -= 6
        else:
            break
    return body[:start] + _BOX_CLOSE.sub("", body[start:])


def _plan(plan: str, warnings: list[str]) -> tuple[Ablation, ...]:
    heads = list(_ABLATION.finditer(plan))
    if not heads:
        if plan.strip():
            warnings.append("the ablation plan has text but no '### name' ablation blocks")
        else:
            warnings.append("the ablation plan is empty")
        return ()
    ablations = []
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(plan)
        ablations.append(_ablation(head.group(1).strip(), plan[head.end():end], i + 1, warnings))
    return tuple(ablations)


def _ablation(name: str, body: str, index: int, warnings: list[str]) -> Ablation:
    values: dict[str, list[str]] = {}
    items: dict[str, list[str]] = {}
    current: str | None = None
    for line in body.split("\n"):
        if not line.strip():
            continue
        field = _FIELD.match(line)
        if field:
            key = field.group("key").strip().lower()
            current = _FIELDS.get(key)
            if current is None:
                warnings.append(f"ablation {index} '{name}': unknown field '{field.group('key')}' ignored")
                continue
            values.setdefault(current, []).append(field.group("value").strip())
            continue
        item = _ITEM.match(line)
        if item and current:
            items.setdefault(current, []).append(item.group("value").strip())
        elif current:  # a wrapped continuation of the previous value
            values.setdefault(current, []).append(line.strip())
    missing = [k for k in ("ablated_part", "action", "metrics") if k not in values]
    if missing:
        warnings.append(
            f"ablation {index} '{name}': missing {', '.join(m.replace('_', ' ') for m in missing)}"
            " (the plan may be truncated)"
        )
    action = " ".join(values.get("action", [])).strip().strip("*` ").upper()
    if action and action not in ACTIONS:
        warnings.append(f"ablation {index} '{name}': unexpected action '{action}' (expected REMOVE, REPLACE or ADD)")
    replacement: tuple[str, ...] | None = None
    if "replacement" in values or "replacement" in items:
        inline = [v for v in values.get("replacement", []) if v]
        replacement = tuple(items.get("replacement", [])) or tuple(_split_list(" ".join(inline)))
    metrics = tuple(items.get("metrics", [])) or tuple(_split_list(" ".join(values.get("metrics", []))))
    return Ablation(
        name=name,
        ablated_part=" ".join(values.get("ablated_part", [])).strip(),
        action=action,
        replacement=replacement,
        metrics=metrics,
    )


def _split_list(value: str) -> list[str]:
    """Split 'a, b (c, d), e' on top-level commas (as AblationBench joins metrics)."""
    out: list[str] = []
    depth = 0
    start = 0
    for mark in _LIST_MARK.finditer(value):  # brackets and commas: nothing else counts
        ch = mark.group()
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(value[start:mark.start()])
            start = mark.end()
    out.append(value[start:])
    return [part.strip() for part in out if part.strip()]
