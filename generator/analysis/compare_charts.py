"""Charts for comparisons: each with its title visible at the top and text that stays legible.

Same conventions as :mod:`generator.analysis.charts` (self-contained SVG, ``role="img"``,
``<title>`` and ``<desc>``, colours from ``tj-c-*`` classes, text escaped, one HTML block)
but drawn on a narrower canvas with larger type: ``VIEW_W`` units wide at ``FONT`` units, so
that text is at least 12 px wherever the chart is at least ``MIN_PX`` pixels wide
(``comparison.css`` keeps it so: below that width the chart scrolls in its figure).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from generator.analysis.charts import _ID, _action_counts, _el, _fit, _segments, _t, _text, _tip, text_width
from generator.analysis.vocabulary import ACTIONS

__all__ = ["FONT", "MIN_PX", "VIEW_W", "mix", "bars"]

VIEW_W = 640  # viewBox width
FONT = 14  # every text (the title: TITLE_FONT)
TITLE_FONT = 15
MIN_PX = 560  # at this rendered width and above, FONT is at least 12 px (14 * 560 / 640 = 12.25)
_TOP = 30  # room for the visible title


def _svg(chart_id: str, kind: str, title: str, desc: str, height: float, rows: Sequence[str]) -> str:
    if not _ID.match(chart_id):
        raise ValueError(f"chart_id must match [A-Za-z][A-Za-z0-9_-]*: {chart_id!r}")
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" id="{_t(chart_id)}" class="tj-chart tj-chart--{kind} tj-chart--cmp" '
            f'role="img" aria-labelledby="{_t(chart_id)}-title {_t(chart_id)}-desc" width="100%" '
            f'viewBox="0 0 {VIEW_W} {height:g}" font-size="{FONT}">')
    heading = _el("text", _t(title), x=0, y=16, cls="tj-c-title", font_weight="700", font_size=TITLE_FONT)
    return "\n".join([head, f'<title id="{_t(chart_id)}-title">{_t(title)}</title>',
                      f'<desc id="{_t(chart_id)}-desc">{_t(desc)}</desc>', heading, *rows, "</svg>"])


def _label_width(labels: Sequence[str]) -> float:
    return min(max(text_width(label, FONT) for label in labels) + 14, VIEW_W * 0.32)


def mix(rows: Sequence[tuple[str, Mapping[str, int]]], *, chart_id: str, title: str) -> str:
    """A 100%-stacked bar of the actions (REMOVE, REPLACE, ADD, other) per (label, counts)."""
    if not rows:
        return _svg(chart_id, "mix", title, "No data.", _TOP + 24, [_text(0, _TOP + 10, "No data", "tj-c-muted")])
    data = [(label, _action_counts(counts)) for label, counts in rows]
    kinds = [a for a in (*ACTIONS, "Other") if any(c[a] for _, c in data)] or list(ACTIONS)
    label_w = _label_width([label for label, _ in data])
    bar_x, bar_w = label_w, VIEW_W - label_w
    out, x = [], bar_x
    for a in kinds:  # legend
        name = a if a in ACTIONS else "other"
        out.append(_el("rect", x=x, y=_TOP, width=12, height=12, rx=2, cls=f"tj-c-swatch tj-c-{a.lower()}"))
        out.append(_text(x + 17, _TOP + 6, name))
        x += 17 + text_width(name, FONT) + 16
    desc = []
    for i, (label, counts) in enumerate(data):
        y = _TOP + 22 + 32 * i
        total = sum(counts.values())
        row = [_text(label_w - 8, y + 12, _fit(label, label_w - 12, FONT), None, "end"),
               _el("rect", x=bar_x, y=y, width=bar_w, height=24, cls="tj-c-track")]
        parts = []
        for action, (x0, x1) in zip(kinds, _segments(bar_w, [counts[a] for a in kinds])):
            n = counts[action]
            if not n:
                continue
            share = f"{100 * n / total:.0f}%"
            row.append(_el("rect", _tip(f"{label} — {action}: {n:,} of {total:,} ({share})"), x=bar_x + x0, y=y,
                           width=x1 - x0, height=24, cls=f"tj-c-seg tj-c-{action.lower()}"))
            if text_width(share, FONT) + 8 <= x1 - x0:
                row.append(_text(bar_x + (x0 + x1) / 2, y + 12, share, "tj-c-onbar", "middle"))
            parts.append(f"{action} {n:,} ({share})")
        out.append(_el("g", "\n".join(row), cls="tj-row"))
        desc.append(f"{label}: {', '.join(parts) or 'no ablations'}.")
    return _svg(chart_id, "mix", title, "Share of each action. " + " ".join(desc), _TOP + 28 + 32 * len(data), out)


def bars(items: Sequence[tuple[str, float, str]], *, chart_id: str, title: str) -> str:
    """Horizontal bars: (label, value, the value as written beside the bar), in order."""
    if not items:
        return _svg(chart_id, "bars", title, "No data.", _TOP + 24, [_text(0, _TOP + 10, "No data", "tj-c-muted")])
    label_w = _label_width([label for label, _, _ in items])
    note_w = max(text_width(text, FONT) for _, _, text in items) + 10
    vmax = max(value for _, value, _ in items) or 1.0
    bar_w = VIEW_W - label_w - note_w
    out = []
    for i, (label, value, text) in enumerate(items):
        y, w = _TOP + 4 + 30 * i, bar_w * max(value, 0.0) / vmax
        out.append(_el("g", "\n".join([
            _tip(f"{label}: {text}"),
            _text(label_w - 8, y + 11, _fit(label, label_w - 12, FONT), None, "end"),
            _el("rect", x=label_w, y=y, width=w, height=22, rx=2, cls="tj-c-bar"),
            _text(label_w + w + 6, y + 11, text, "tj-c-muted"),
        ]), cls="tj-row"))
    desc = "; ".join(f"{label}: {text}" for label, _, text in items) + "."
    return _svg(chart_id, "bars", title, desc, _TOP + 8 + 30 * len(items), out)
