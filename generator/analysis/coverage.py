"""The coverage chart: which model planned for which paper (a grid, papers × models).

Drawn with the building blocks of :mod:`generator.analysis.charts` (same conventions: one
accessible SVG block, colours from classes, ids prefixed by ``chart_id``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from generator.analysis.charts import (
    DETAIL_LIMIT, WIDTH, _SAFE_URL, _el, _empty, _fit, _legend, _n, _svg, _text, _tip, text_width,
)


def _cov_bins(max_n: int) -> list[tuple[int, int, int]]:
    """(low, high, class number 1–4) ranges covering 1..max_n; the top range is always class 4."""
    if max_n < 1:
        return []
    if max_n <= 4:
        ranges = [(k, k) for k in range(1, max_n + 1)]
    else:
        edges = [1 + round(i * max_n / 4) for i in range(5)]
        ranges = [(edges[i], edges[i + 1] - 1) for i in range(4)]
    k = len(ranges)
    return [(lo, hi, int(1 + i * 3 / (k - 1) + 0.5) if k > 1 else 4) for i, (lo, hi) in enumerate(ranges)]


def coverage(papers: Sequence[tuple[str, str]], models: Sequence[tuple[str, str]],
             cells: Mapping[tuple[str, str], int], *, chart_id: str, title: str,
             link: Callable[[str, str], str | None] | None = None,
             detail_limit: int = DETAIL_LIMIT) -> str:
    """Paper × model grid: a row per model, a column per paper (in the given order).

    ``cells[(paper_id, model_id)]`` is the number of ablations of that trajectory; a missing
    key means no trajectory. Present cells are shaded ``tj-c-cov1``..``tj-c-cov4`` by range
    (``tj-c-cov0``: a trajectory with no ablation). Each row ends with "covered/total".
    Up to ``detail_limit`` cells (papers × models), each cell is a ``<rect>`` with a
    ``<title>`` "paper — model: N ablations", wrapped in ``<a href>`` when ``link`` gives
    a URL. Above it, each row is one ``<path>`` per shade with merged runs: a few bytes per
    cell, no tooltips, no links.
    """
    if not papers or not models:
        return _empty(chart_id, "cov", title)
    grid = [[cells.get((pid, mid)) for pid, _ in papers] for mid, _ in models]
    bins = _cov_bins(max((v for row in grid for v in row if v is not None), default=0))
    shade: dict[int, int] = {n: c for lo, hi, c in bins for n in range(lo, hi + 1)}
    label_w = min(max(text_width(name) for _, name in models) + 14, 200)
    count_w = text_width(f"{len(papers):,}/{len(papers):,}") + 12
    sx = min((WIDTH - label_w - count_w) / len(papers), 24.0)
    detail = len(papers) * len(models) <= detail_limit
    gap = 0.12 if sx >= 6 else 0.0
    has_zero = any(v is not None and v <= 0 for row in grid for v in row)
    legend = [("tj-c-track", "none")] + ([("tj-c-cov0", "0")] if has_zero else [])
    legend += [(f"tj-c-cov{c}", str(lo) if lo == hi else f"{lo}–{hi}") for lo, hi, c in bins]
    out = [_text(0, 12, "Ablations:", "tj-c-muted"), *_legend(text_width("Ablations:") + 8, 12, legend)]
    cell_rows, desc, linked = [], [], False
    for r, ((mid, name), row) in enumerate(zip(models, grid)):
        y = 32 + 20 * r
        covered = sum(v is not None for v in row)
        out.append(_text(label_w - 8, y + 8, _fit(name, label_w - 12), None, "end"))
        out.append(_el("rect", x=label_w, y=y, width=sx * len(papers), height=16, cls="tj-c-track"))
        out.append(_text(label_w + sx * len(papers) + 8, y + 8, f"{covered:,}/{len(papers):,}", "tj-c-muted"))
        classes = [None if v is None else shade.get(v, 0) for v in row]
        if detail:
            cells_of_row = _detail_cells(papers, (mid, name), row, classes, 20 * r, gap, link)
            linked = linked or any(c.startswith("<a ") for c in cells_of_row)
            cell_rows += cells_of_row
        else:
            cell_rows += _run_paths(classes, 20 * r)
        ablations = sum(v for v in row if v)
        desc.append(f"{name}: {covered:,} of {len(papers):,} papers, {ablations:,} ablations.")
    out.append(_el("g", "\n".join(cell_rows), transform=f"translate({_n(label_w)} 32) scale({sx:.4f} 1)"))
    bottom = 32 + 20 * len(models)
    out.append(_text(label_w, bottom + 8, f"{len(papers):,} papers →", "tj-c-muted"))
    lead = f"Which of {len(papers):,} papers each of {len(models):,} models has a trajectory for. "
    return _svg(chart_id, "cov", title, lead + " ".join(desc), bottom + 18, out, "group" if linked else "img")


def _detail_cells(papers: Sequence[tuple[str, str]], model: tuple[str, str], row: list[int | None],
                  classes: list[int | None], y: float, gap: float,
                  link: Callable[[str, str], str | None] | None) -> list[str]:
    out = []
    for i, ((pid, ptitle), v, c) in enumerate(zip(papers, row, classes)):
        if v is None:
            continue
        what = f"{ptitle} — {model[1]}: {v:,} ablation{'' if v == 1 else 's'}"
        cell = _el("rect", _tip(what), x=i + gap / 2, y=y, width=1 - gap, height=16, cls=f"tj-c-cov{c}")
        href = link(pid, model[0]) if link else None  # relative, http(s), mailto; never javascript:
        href = href if href and _SAFE_URL.match(href.strip()) else None
        out.append(_el("a", cell, href=href, aria_label=what) if href else cell)
    return out


def _run_paths(classes: list[int | None], y: float) -> list[str]:
    """One ``<path>`` per shade for a row: each run of equal cells is one ``M x y h w v 16 h -w z``."""
    runs: dict[int, list[str]] = {}
    start = 0
    for i in range(1, len(classes) + 1):
        if i == len(classes) or classes[i] != classes[start]:
            c, w = classes[start], i - start
            if c is not None:
                runs.setdefault(c, []).append(f"M{start} {_n(y)}h{w}v16h-{w}z")
            start = i
    return [_el("path", d="".join(d), cls=f"tj-c-cov{c}") for c, d in sorted(runs.items())]
