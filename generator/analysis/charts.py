"""Charts as accessible, self-contained SVG strings, rendered at build time.

Pure functions: data in, one SVG string out. No scripts, no styles, no colours in the
markup: every colour comes from a ``tj-c-*`` class in
``theme_overrides/assets/stylesheets/charts.css``, which maps them onto Material's CSS
variables (and its own light/dark palettes), so the default and the ``slate`` schemes
both read well. Text is ``currentColor``.

Embedding: each chart is one HTML block with no blank line in it, whose first line is the
``<svg ...>`` open tag alone, so a CommonMark renderer passes it through as raw HTML when
it starts a Markdown block (blank line before it). The renderer must not apply GFM's
*tagfilter* extension, which escapes ``<title>``.

Every chart has ``role="img"``, a ``<title>`` and a ``<desc>`` (the data in words, for
screen readers) named by ``aria-labelledby``, ids prefixed by ``chart_id``, a ``viewBox``
and ``width="100%"``. All text from the data is escaped and folded onto one line.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from generator.analysis.vocabulary import ACTIONS

__all__ = ["DETAIL_LIMIT", "action_mix", "histogram", "score_rows", "text_width", "top_bars"]

WIDTH = 800  # viewBox width; about 1:1 in Material's content column
FONT = 14  # font size in viewBox units: 12 px when the chart is 686 px wide (site.css keeps it so)
# coverage.coverage(): per-cell <title> tooltips and links only up to this many cells (papers x
# models). Beyond it a column is too narrow to point at (561 papers leave ~1.1 units each)
# and tooltips would cost ~150 bytes a cell; cells then become one <path> per row and shade.
DETAIL_LIMIT = 600
MAX_BINS = 40  # histogram(): keys from min + MAX_BINS - 1 up share one "N+" bar

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SAFE_URL = re.compile(r"(?:https?:|mailto:|[^:]*(?:[/?#]|\Z))", re.I)


# -- markup helpers ----------------------------------------------------------------------

def _t(value: object) -> str:
    """Text as XML content or attribute value: XML-legal, one line, escaped."""
    return html.escape(" ".join(_NOT_XML.sub("", str(value)).split()))


def _n(x: float) -> str:
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def _el(tag: str, body: str | None = None, **attrs: object) -> str:
    """``<tag a="v">body</tag>``; ``cls`` is ``class``, ``_`` in names is ``-``, None skipped."""
    parts = [tag]
    for key, value in attrs.items():
        if value is None:
            continue
        name = "class" if key == "cls" else key.replace("_", "-")
        text = _n(value) if isinstance(value, (int, float)) else _t(value)
        parts.append(f'{name}="{text}"')
    head = " ".join(parts)
    return f"<{head}/>" if body is None else f"<{head}>{body}</{tag}>"


def _text(x: float, y: float, s: str, cls: str | None = None, anchor: str | None = None) -> str:
    return _el("text", _t(s), x=x, y=y, dy=".35em", cls=cls, text_anchor=anchor)


def _tip(s: str) -> str:
    return f"<title>{_t(s)}</title>"


def _svg(chart_id: str, kind: str, title: str, desc: str, height: float, rows: Iterable[str],
         role: str = "img") -> str:
    """``role``: "img", or "group" for a chart with links in it (an image's content is not
    reachable: its links would be controls nested in an image)."""
    if not _ID.match(chart_id):
        raise ValueError(f"chart_id must match [A-Za-z][A-Za-z0-9_-]*: {chart_id!r}")
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart_id}" class="tj-chart tj-chart--{kind}" '
        f'role="{role}" aria-labelledby="{chart_id}-title {chart_id}-desc" width="100%" '
        f'viewBox="0 0 {WIDTH} {_n(height)}" font-size="{FONT}">'
    )
    lines = [head, f'<title id="{chart_id}-title">{_t(title)}</title>',
             f'<desc id="{chart_id}-desc">{_t(desc)}</desc>', *rows, "</svg>"]
    return "\n".join(line for line in lines if line)


def _empty(chart_id: str, kind: str, title: str) -> str:
    return _svg(chart_id, kind, title, "No data.", 40, [_text(WIDTH / 2, 20, "No data", "tj-c-muted", "middle")])


def _char_width(ch: str) -> float:
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    return 0.32 if ch in "fijlrtI.,:;'!|()[] " else 0.9 if ch in "mwMW@%—" else 0.66 if ch.isupper() else 0.56


def text_width(s: str, size: float = FONT) -> float:
    """A generous estimate of the rendered width of ``s`` in a sans-serif system font."""
    return size * sum(_char_width(ch) for ch in s)


def _fit(s: str, width: float, size: float = FONT) -> str:
    """``s``, or its longest prefix plus an ellipsis, that fits in ``width``."""
    s = " ".join(s.split())
    if text_width(s, size) <= width:
        return s
    budget, used = width - text_width("…", size), 0.0
    for i, ch in enumerate(s):
        used += size * _char_width(ch)
        if used > budget:
            return s[:i].rstrip() + "…"
    return s


def _pct(part: int, total: int) -> str:
    p = 100 * part / total
    return "<1%" if 0 < p < 1 else ">99%" if 99 < p < 100 else f"{p:.0f}%"


def _legend(x: float, y: float, items: Sequence[tuple[str, str]]) -> list[str]:
    """Swatches (class, label) left to right from (x, y)."""
    rows: list[str] = []
    for cls, label in items:
        rows.append(_el("rect", x=x, y=y - 6, width=12, height=12, rx=2, cls=f"tj-c-swatch {cls}"))
        rows.append(_text(x + 17, y, label))
        x += 17 + text_width(label) + 16
    return rows


# -- charts ----------------------------------------------------------------------------

def action_mix(rows: Sequence[tuple[str, Mapping[str, int]]], *, chart_id: str, title: str) -> str:
    """One 100%-stacked horizontal bar per (label, {action: count}): REMOVE, REPLACE, ADD, other.

    Actions outside :data:`ACTIONS` (compared upper-cased) are summed into one "Other" segment.
    Segments are labelled with their share (and count, where it fits) and carry a tooltip.
    """
    if not rows:
        return _empty(chart_id, "mix", title)
    data = [(label, _action_counts(counts)) for label, counts in rows]
    totals = [sum(c.values()) for _, c in data]
    kinds = [a for a in (*ACTIONS, "Other") if any(c[a] for _, c in data)] or list(ACTIONS)
    label_w = min(max(text_width(label) for label, _ in data) + 14, 240)
    total_w = text_width(f"{max(totals):,}") + 14
    bar_x, bar_w = label_w, WIDTH - label_w - total_w
    out = _legend(label_w, 12, [(f"tj-c-{a.lower()}", a if a in ACTIONS else "other") for a in kinds])
    out.append(_text(WIDTH, 12, "total", "tj-c-muted", "end"))
    desc = []
    for i, ((label, counts), total) in enumerate(zip(data, totals)):
        y = 32 + 30 * i
        row = [_text(label_w - 8, y + 11, _fit(label, label_w - 12), None, "end"),
               _el("rect", x=bar_x, y=y, width=bar_w, height=22, cls="tj-c-track"),
               _text(WIDTH, y + 11, f"{total:,}", "tj-c-muted", "end")]
        if not total:
            row.append(_text(bar_x + 8, y + 11, "no ablations", "tj-c-muted"))
        parts, edges = [], _segments(bar_w, [counts[a] for a in kinds])
        for action, (x0, x1) in zip(kinds, edges):
            n, x0, x1 = counts[action], bar_x + x0, bar_x + x1
            if not n:
                continue
            cls = f"tj-c-{action.lower()}"
            tip = f"{label} — {action}: {n:,} of {total:,} ({_pct(n, total)})"
            row.append(_el("rect", _tip(tip), x=x0, y=y, width=x1 - x0, height=22, cls=f"tj-c-seg {cls}"))
            for caption in (f"{_pct(n, total)} ({n:,})", _pct(n, total)):
                if text_width(caption) + 8 <= x1 - x0:
                    row.append(_text((x0 + x1) / 2, y + 11, caption, "tj-c-onbar", "middle"))
                    break
            parts.append(f"{action} {n:,} ({_pct(n, total)})")
        out.append(_el("g", "\n".join(row), cls="tj-row"))
        desc.append(f"{label}: {', '.join(parts) if parts else 'no ablations'}.")
    return _svg(chart_id, "mix", title, "Share of each action. " + " ".join(desc), 38 + 30 * len(data), out)


def _segments(width: float, counts: Sequence[int], least: float = 3.0) -> list[tuple[float, float]]:
    """(start, end) of each count's segment; they tile ``width`` exactly.

    A non-zero count gets at least ``least`` units (taken from the widest segment) so that
    a 0.2% sliver stays visible next to the 1-unit separators.
    """
    total = sum(counts)
    if not total:
        return [(0.0, 0.0)] * len(counts)
    raw = [width * n / total for n in counts]
    widths = [max(w, least) if n else 0.0 for w, n in zip(raw, counts)]
    widest = max(range(len(widths)), key=widths.__getitem__)
    widths[widest] -= sum(widths) - width
    edges, x = [], 0.0
    for w in widths:
        edges.append((round(x, 2), round(x + w, 2)))
        x += w
    return edges


def _action_counts(counts: Mapping[str, int]) -> Counter[str]:
    out: Counter[str] = Counter()
    for action, n in counts.items():
        name = action.strip().upper()
        out[name if name in ACTIONS else "Other"] += max(int(n), 0)
    return out


def _ticks(vmax: int) -> list[int]:
    """0 and round steps (1, 2 or 5 × 10^k) up to the first at or above ``vmax``; 3–5 steps."""
    if vmax <= 0:
        return [0, 1]
    raw = vmax / 4
    mag = 10 ** math.floor(math.log10(raw))
    step = max(1, int(next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)))
    return list(range(0, math.ceil(vmax / step) * step + 1, step))


def histogram(counts: Mapping[int, int], *, chart_id: str, title: str, x_label: str,
              y_label: str = "Plans") -> str:
    """Vertical bars: x = each integer from the smallest to the largest key, y = its count.

    Keys with no entry between them get an empty slot, so the x axis is a true integer axis;
    beyond :data:`MAX_BINS` slots the tail is one "N+" bar. Counts are written above the bars
    (where they fit) and in the description.
    """
    data = {int(k): max(int(v), 0) for k, v in counts.items()}
    if not data:
        return _empty(chart_id, "hist", title)
    xs = list(range(min(data), min(max(data), min(data) + MAX_BINS - 1) + 1))
    name = {x: str(x) for x in xs}
    if max(data) > xs[-1]:
        name[xs[-1]] = f"{xs[-1]}+"
        data = {k: v for k, v in data.items() if k < xs[-1]} | {xs[-1]: sum(v for k, v in data.items() if k >= xs[-1])}
    ticks = _ticks(max(data.values()))
    top, left, plot_h, plot_y = ticks[-1], 14 + text_width(f"{ticks[-1]:,}"), 200, 28
    slot = (WIDTH - left - 4) / len(xs)
    label_every = max(1, math.ceil(text_width(name[xs[-1]]) * 1.6 / slot))
    base = plot_y + plot_h
    out = [_text(0, 10, y_label, "tj-c-muted")]
    for t in ticks:
        y = base - plot_h * t / top
        out.append(_el("line", x1=left, x2=WIDTH, y1=y, y2=y, cls="tj-c-grid" if t else "tj-c-axis"))
        out.append(_text(left - 6, y, f"{t:,}", "tj-c-muted", "end"))
    for i, x in enumerate(xs):
        v, cx = data.get(x, 0), left + slot * (i + 0.5)
        h = plot_h * v / top
        tip = f"{x_label}: {name[x]} — {y_label}: {v:,}"
        bw = min(slot * 0.7, 72)
        bar = _el("rect", _tip(tip), x=cx - bw / 2, y=base - h, width=bw, height=h, cls="tj-c-bar")
        value = f"{v:,}"
        label = _text(cx, base - h - 9, value, None, "middle") if text_width(value) <= slot else ""
        tick = _text(cx, base + 14, name[x], "tj-c-muted", "middle") if (len(xs) - 1 - i) % label_every == 0 else ""
        out.append(_el("g", "\n".join(r for r in (bar, label, tick) if r), cls="tj-row"))
    out.append(_text(left + (WIDTH - left) / 2, base + 36, x_label, None, "middle"))
    desc = f"{x_label} (x) against {y_label.lower()} (y): " + ", ".join(
        f"{name[x]}: {data[x]:,}" for x in xs if x in data) + "."
    return _svg(chart_id, "hist", title, desc, base + 48, out)


def top_bars(items: Sequence[tuple[str, int]], *, chart_id: str, title: str) -> str:
    """Horizontal bars in the given order: label (truncated with "…"), bar, count.

    Each row has a tooltip with the full label and count.
    """
    data = [(" ".join(str(label).split()), max(int(n), 0)) for label, n in items]
    if not data:
        return _empty(chart_id, "top", title)
    vmax = max(n for _, n in data) or 1
    label_w = min(max(text_width(label) for label, _ in data) + 12, WIDTH * 0.4)
    count_w = text_width(f"{vmax:,}") + 10
    bar_w = WIDTH - label_w - count_w
    out = []
    for i, (label, n) in enumerate(data):
        y, w = 4 + 24 * i, bar_w * n / vmax
        out.append(_el("g", "\n".join([
            _tip(f"{label}: {n:,}"),
            _text(label_w - 8, y + 8, _fit(label, label_w - 12), None, "end"),
            _el("rect", x=label_w, y=y, width=w, height=16, rx=2, cls="tj-c-bar"),
            _text(label_w + w + 6, y + 8, f"{n:,}", "tj-c-muted"),
        ]), cls="tj-row"))
    desc = "; ".join(f"{label}: {n:,}" for label, n in data) + "."
    return _svg(chart_id, "top", title, desc, 8 + 24 * len(data), out)


def score_rows(series: Sequence[tuple[str, Sequence[float]]], *, chart_id: str, title: str,
               bins: int = 10) -> str:
    """Score distributions, one small histogram per row: scores in [0, 1] in ``bins`` equal
    bins (1.0 in the last), bar heights relative to the row's fullest bin, the row's mean
    marked (``tj-c-mark``); each bar has a tooltip with its count."""
    data = [(" ".join(str(name).split()), [min(max(float(v), 0.0), 1.0) for v in values]) for name, values in series]
    data = [(name, values) for name, values in data if values]
    if not data:
        return _empty(chart_id, "scores", title)
    label_w = min(max(text_width(name) for name, _ in data) + 14, 260)
    note_w = text_width("n = 0000, mean 0.00") + 8
    plot_w, row_h, slot = WIDTH - label_w - note_w, 44, (WIDTH - label_w - note_w) / bins
    out, desc = [], []
    for r, (name, values) in enumerate(data):
        y = 8 + row_h * r
        counts = Counter(min(int(v * bins), bins - 1) for v in values)
        top, mean = max(counts.values()), math.fsum(values) / len(values)
        out.append(_text(label_w - 8, y + 16, _fit(name, label_w - 12), None, "end"))
        out.append(_el("line", x1=label_w, x2=label_w + plot_w, y1=y + 32, y2=y + 32, cls="tj-c-axis"))
        for b in range(bins):
            n = counts.get(b, 0)
            h = 30 * n / top
            tip = f"{name}: {n:,} of {len(values):,} between {b / bins:.1f} and {(b + 1) / bins:.1f}"
            out.append(_el("rect", _tip(tip), x=label_w + slot * b + 1, y=y + 32 - h, width=slot - 2,
                           height=max(h, 0.5), cls="tj-c-bar" if n else "tj-c-track"))
        mx = label_w + plot_w * mean
        out.append(_el("line", _tip(f"{name}: mean {mean:.2f}"), x1=mx, x2=mx, y1=y, y2=y + 34, cls="tj-c-mark"))
        out.append(_text(label_w + plot_w + 8, y + 16, f"n = {len(values):,}, mean {mean:.2f}", "tj-c-muted"))
        desc.append(f"{name}: {len(values):,} scores, mean {mean:.2f}; per bin " + ", ".join(
            str(counts.get(b, 0)) for b in range(bins)) + ".")
    base = 8 + row_h * len(data)
    for i in range(0, bins + 1, max(1, bins // 5)):
        out.append(_text(label_w + slot * i, base + 4, f"{i / bins:.1f}", "tj-c-muted", "middle"))
    lead = f"Distribution of scores from 0 to 1 in {bins} bins, one row each. "
    return _svg(chart_id, "scores", title, lead + " ".join(desc), base + 16, out)
