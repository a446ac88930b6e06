"""generator.analysis.charts: well-formed, accessible, escaped SVG; sizes; a real-browser look at both schemes."""

from __future__ import annotations

import random
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from generator.analysis import charts
from generator.analysis.charts import action_mix, histogram, top_bars
from generator.analysis.coverage import coverage
from generator.analysis.vocabulary import count_metrics, metric_key

from tests.conftest import REPO, corpus_or_skip

NS = "{http://www.w3.org/2000/svg}"
CSS = REPO / "theme_overrides" / "assets" / "stylesheets" / "charts.css"
CHROMIUM = Path("/usr/bin/chromium")
MODELS = [("claude-35-sonnet", "Claude 3.5 Sonnet"), ("gemini-25-flash", "Gemini 2.5 Flash"),
          ("gpt-4o", "GPT-4o"), ("llama-31-405b-instruct", "Llama 3.1 405B Instruct"), ("o3-mini", "o3-mini")]


# -- data and helpers -------------------------------------------------------------------

def mix_rows() -> list[tuple[str, dict[str, int]]]:
    return [("Claude 3.5 Sonnet", {"REMOVE": 128, "REPLACE": 763, "ADD": 2}),
            ("GPT-4o", {"REMOVE": 394, "REPLACE": 901, "ADD": 13}),
            ("Llama 3.1 405B Instruct", {"REMOVE": 326, "REPLACE": 695, "ADD": 41, "MODIFY": 7}),
            ("<script>alert(1)</script>", {"remove": 1, "add": 1}),
            ("Empty model", {})]


def grid(n_papers: int, n_models: int = 5, seed: int = 0):
    rnd = random.Random(seed)
    papers = [(f"paper_{i:05d}", f"Paper {i}: a study of things") for i in range(n_papers)]
    models = MODELS[:n_models] if n_models <= len(MODELS) else [(f"m{i}", f"Model {i}") for i in range(n_models)]
    cells = {(p, m): rnd.choice((1, 2, 2, 2, 3, 4, 5, 5)) for p, _ in papers for m, _ in models if rnd.random() < 0.74}
    return papers, models, cells


def all_charts() -> dict[str, str]:
    papers, models, cells = grid(561)
    small_p, small_m, small_c = grid(14, 3, seed=1)
    small_c[(small_p[0][0], small_m[0][0])] = 0
    metrics = count_metrics(["accuracy"] * 469 + ["Accuracy"] * 285 + ["SSIM"] * 313 + ["FID"] * 308
                            + ["Normalized Discounted Cumulative Gain at 10 (NDCG@10) on the held-out split"] * 120
                            + ["F1 score"] * 132 + ["<b>bold</b> & co"] * 40)
    return {
        "mix": action_mix(mix_rows(), chart_id="mix", title="Actions per model"),
        "hist": histogram({1: 4, 2: 1729, 3: 29, 4: 60, 5: 249, 7: 2}, chart_id="hist",
                          title="Ablations per plan", x_label="Ablations per plan"),
        "top": top_bars(metrics, chart_id="top", title="Most frequent metrics"),
        "cov": coverage(papers, models, cells, chart_id="cov", title="Coverage"),
        "covsmall": coverage(small_p, small_m, small_c, chart_id="covsmall", title="Coverage (detail)",
                             link=lambda p, m: f"../{m}/{p}.md"),
    }


def tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{NS}text")]


def check_common(svg: str, chart_id: str) -> ET.Element:
    root = tree(svg)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == ("group" if root.find(f".//{NS}a") is not None else "img")  # links: not an image
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 \d+(\.\d+)? \d+(\.\d+)?", root.get("viewBox", ""))
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    assert root[0].tag == f"{NS}title" and root[0].get("id") == f"{chart_id}-title" and root[0].text
    assert root[1].tag == f"{NS}desc" and root[1].get("id") == f"{chart_id}-desc" and root[1].text
    lines = svg.split("\n")
    assert all(line.strip() for line in lines), "a blank line would end the Markdown HTML block"
    assert re.fullmatch(r"<svg [^<>]*>", lines[0]), "the open tag must be the first line, alone"
    lowered = svg.lower()
    assert "<script" not in lowered and "<style" not in lowered and "style=" not in lowered
    for el in root.iter():
        assert el.get("fill") is None and el.get("stroke") is None, "colours come from classes"
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert all(i == chart_id or i.startswith(f"{chart_id}-") for i in ids) and len(ids) == len(set(ids))
    return root


# -- structure -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["mix", "hist", "top", "cov", "covsmall"])
def test_every_chart_is_well_formed_and_accessible(name):
    check_common(all_charts()[name], name)


def test_empty_inputs_render_a_no_data_chart():
    for svg in (action_mix([], chart_id="a", title="t"), histogram({}, chart_id="a", title="t", x_label="x"),
                top_bars([], chart_id="a", title="t"), coverage([], MODELS, {}, chart_id="a", title="t")):
        assert "No data" in texts(check_common(svg, "a"))


def test_chart_id_must_be_an_id():
    with pytest.raises(ValueError):
        top_bars([("a", 1)], chart_id='x" onload="y', title="t")


def test_text_is_escaped_and_folded_onto_one_line():
    svg = top_bars([("<script>alert(1)</script>", 3), ("two\n\nlines\x00", 2)], chart_id="e", title="<b>&</b>")
    root = check_common(svg, "e")
    assert "<script>alert(1)</script>" in texts(root)
    assert "two lines" in texts(root)
    assert root[0].text == "<b>&</b>"
    mix = check_common(action_mix(mix_rows(), chart_id="m", title="t"), "m")
    assert "<script>alert(1)</script>" in texts(mix)


# -- action_mix ------------------------------------------------------------------------

def test_action_mix_segments_fill_the_bar_and_are_labelled():
    root = check_common(action_mix(mix_rows(), chart_id="m", title="Actions"), "m")
    rows = [g for g in root.iter(f"{NS}g") if g.get("class") == "tj-row"]
    assert len(rows) == 5
    for g, (label, counts) in zip(rows, mix_rows()):
        track = next(r for r in g.iter(f"{NS}rect") if r.get("class") == "tj-c-track")
        segs = [r for r in g.iter(f"{NS}rect") if "tj-c-seg" in (r.get("class") or "")]
        assert [t.text for t in g.iter(f"{NS}text")][0] == label
        assert f"{sum(counts.values()):,}" in texts(g)
        if counts:
            assert sum(float(s.get("width")) for s in segs) == pytest.approx(float(track.get("width")), abs=0.02)
            x = float(track.get("x"))
            for s in segs:  # contiguous, left to right
                assert float(s.get("x")) == pytest.approx(x, abs=0.011)
                x = float(s.get("x")) + float(s.get("width"))
        else:
            assert not segs and "no ablations" in texts(g)
    claude = rows[0]
    assert [s.get("class").split()[1] for s in claude.iter(f"{NS}rect") if "seg" in (s.get("class") or "")] == [
        "tj-c-remove", "tj-c-replace", "tj-c-add"]
    assert "85% (763)" in texts(claude) and "14% (128)" in texts(claude)
    assert any(s.get("class").endswith("tj-c-other") for s in rows[2].iter(f"{NS}rect"))
    assert {"REMOVE", "REPLACE", "ADD", "other"} <= set(texts(root))  # the legend
    desc = root[1].text
    assert "Claude 3.5 Sonnet: REMOVE 128 (14%), REPLACE 763 (85%), ADD 2 (<1%)." in desc


# -- histogram -------------------------------------------------------------------------

def test_histogram_bars_are_proportional_with_integer_axis_and_values():
    counts = {1: 4, 2: 1729, 3: 29, 5: 249}
    root = check_common(histogram(counts, chart_id="h", title="H", x_label="Ablations per plan"), "h")
    bars = [r for r in root.iter(f"{NS}rect") if r.get("class") == "tj-c-bar"]
    assert len(bars) == 5  # 1..5, with an empty slot for 4
    heights = [float(b.get("height")) for b in bars]
    assert heights[3] == 0
    for h, x in zip(heights, range(1, 6)):
        assert h == pytest.approx(heights[1] * counts.get(x, 0) / 1729, abs=0.02)
    bottoms = {round(float(b.get("y")) + float(b.get("height")), 2) for b in bars}
    assert len(bottoms) == 1
    labels = texts(root)
    assert {"1", "2", "3", "4", "5"} <= set(labels) and {"4", "1,729", "29", "0", "249"} <= set(labels)
    assert "Ablations per plan" in labels
    for g in (g for g in root.iter(f"{NS}g") if g.get("class") == "tj-row"):  # value above its bar
        bar = next(g.iter(f"{NS}rect"))
        value = next(g.iter(f"{NS}text"))
        assert float(value.get("y")) < float(bar.get("y"))


def test_histogram_thins_tick_labels_when_crowded():
    root = check_common(histogram({k: k for k in range(0, 150)}, chart_id="h", title="H", x_label="x"), "h")
    ticks = [t for t in root.iter(f"{NS}text") if t.get("class") == "tj-c-muted" and t.get("text-anchor") == "middle"]
    assert 5 < len(ticks) < 60


def test_histogram_folds_a_long_tail_into_one_bar():
    root = check_common(histogram({2: 10, 5: 3, 10**6: 1, 90: 2}, chart_id="h", title="H", x_label="x"), "h")
    bars = [r for r in root.iter(f"{NS}rect") if r.get("class") == "tj-c-bar"]
    assert len(bars) == charts.MAX_BINS and f"{2 + charts.MAX_BINS - 1}+" in texts(root)
    assert bars[-1].find(f"{NS}title").text.endswith(": 3")


# -- top_bars --------------------------------------------------------------------------

def test_top_bars_truncates_long_labels_and_keeps_the_full_text_in_a_tooltip():
    long = "Normalized Discounted Cumulative Gain at 10 (NDCG@10) on the held-out split"
    root = check_common(top_bars([("accuracy", 754), (long, 120), ("FID", 0)], chart_id="t", title="T"), "t")
    rows = [g for g in root.iter(f"{NS}g") if g.get("class") == "tj-row"]
    assert rows[1].find(f"{NS}title").text == f"{long}: 120"
    shown = [t.text for t in rows[1].iter(f"{NS}text")]
    assert shown[0].endswith("…") and long.startswith(shown[0][:-1]) and shown[1] == "120"
    widths = [float(next(g.iter(f"{NS}rect")).get("width")) for g in rows]
    assert widths[1] == pytest.approx(widths[0] * 120 / 754, abs=0.02) and widths[2] == 0
    assert "754" in texts(root) and "accuracy" in texts(root)


# -- coverage --------------------------------------------------------------------------

def test_coverage_detail_mode_has_titles_links_and_legend():
    papers, models, cells = grid(10, 3, seed=2)
    cells[(papers[0][0], models[0][0])] = 0
    links = {(p, m): (f"../t/{m}/{p}.md" if i % 2 else "javascript:alert(1)") for i, (p, m) in enumerate(cells)}
    svg = coverage(papers, models, cells, chart_id="c", title="C", link=lambda p, m: links[(p, m)])
    root = check_common(svg, "c")
    cell_rects = [r for r in root.iter(f"{NS}rect") if re.fullmatch(r"tj-c-cov\d", r.get("class") or "")
                  and r.find(f"{NS}title") is not None]
    assert len(cell_rects) == len(cells)
    tips = {r.find(f"{NS}title").text for r in cell_rects}
    assert f"{papers[0][1]} — {models[0][1]}: 0 ablations" in tips
    hrefs = [a.get("href") for a in root.iter(f"{NS}a")]
    assert hrefs and all(h.startswith("../t/") for h in hrefs) and "javascript" not in svg
    assert root.get("role") == "group"  # its links are reachable, each named by its cell
    assert all(a.get("aria-label") == a.find(f"{NS}rect/{NS}title").text for a in root.iter(f"{NS}a"))
    assert len(hrefs) == sum(1 for i, _ in enumerate(cells) if i % 2)
    labels = texts(root)
    for _, name in models:
        assert name in labels
    covered = Counter(m for _, m in cells)
    assert f"{covered[models[0][0]]}/10" in labels
    assert {"none", "0", "1", "2", "3–4", "5"} <= set(labels)


def test_coverage_markup_grows_linearly_without_per_cell_titles():
    sizes = {}
    for n in (561, 5610):
        papers, models, cells = grid(n)
        svg = coverage(papers, models, cells, chart_id="c", title="C", link=lambda p, m: f"{p}.md")
        root = check_common(svg, "c")
        assert len(list(root.iter(f"{NS}title"))) == 1 and not list(root.iter(f"{NS}a"))
        assert len(list(root.iter(f"{NS}path"))) <= 4 * len(models)
        sizes[n] = len(svg.encode())
    per_cell = {n: sizes[n] / (n * 5) for n in sizes}
    assert per_cell[5610] < 20 and 0.8 < per_cell[5610] / per_cell[561] < 1.25, sizes


def test_coverage_threshold_is_the_cell_count():
    papers, models, cells = grid(120, 5)  # 600 cells: detail
    assert len(list(tree(coverage(papers, models, cells, chart_id="c", title="C")).iter(f"{NS}title"))) > 1
    papers, models, cells = grid(121, 5)
    assert len(list(tree(coverage(papers, models, cells, chart_id="c", title="C")).iter(f"{NS}title"))) == 1


def test_coverage_runs_cover_exactly_the_present_cells():
    papers, models, cells = grid(300, 5, seed=3)
    root = tree(coverage(papers, models, cells, chart_id="c", title="C"))
    covered = 0
    for path in root.iter(f"{NS}path"):
        covered += sum(int(w) for w in re.findall(r"h(\d+)v", path.get("d")))
    assert covered == len(cells)


# -- metrics ---------------------------------------------------------------------------

def test_metric_key_merges_spellings_of_one_metric():
    assert metric_key("Accuracy") == metric_key("accuracy ") == metric_key(" ACCURACY.") == "accuracy"
    assert metric_key("**FID**") == metric_key("`FID`;") == metric_key("FID score") == "fid"
    assert metric_key("Top-1  Accuracy") == metric_key("Top-1 Accuracy (%)") == metric_key("top1 acc") == "top1 accuracy"
    assert {metric_key(m) for m in ("F1", "F1 score", "F1-score", "F1 Score", "f1_score", "F1 measure")} == {"f1"}
    assert {metric_key(m) for m in ("Perplexity", "perplexity", "PPL")} == {"perplexity"}
    assert {metric_key(m) for m in ("R@1", "Recall@1", "Recall @ 1", "recall at 1")} == {"recall@1"}
    assert {metric_key(m) for m in ("MAE", "Mean Absolute Error", "mean_absolute_error")} == {"mae"}
    assert metric_key(" ... ") == ""


def test_metric_key_keeps_different_metrics_apart():
    for a, b in (("F1", "macro F1"), ("AP", "AP50"), ("Top-1 Accuracy", "Top-5 Accuracy"), ("BLEU", "BLEU-4"),
                 ("ROUGE-L", "ROUGE"), ("Recall@1", "Recall@10"), ("accuracy", "balanced accuracy")):
        assert metric_key(a) != metric_key(b), (a, b)


def test_count_metrics_labels_with_the_most_common_spelling():
    got = count_metrics(["accuracy", "Accuracy", "accuracy ", "FID", "fid.", "FID", "MSE", "", " . "])
    assert got == [("accuracy", 3), ("FID", 3), ("MSE", 1)]


# -- embedding in a page -----------------------------------------------------------------

def _commonmark(svg: str, tagfilter: bool) -> str:
    import cmarkgfm
    from cmarkgfm.cmark import Options

    extensions = ["table", "autolink", "strikethrough"] + (["tagfilter"] if tagfilter else [])
    return cmarkgfm.markdown_to_html_with_extensions(f"Text before.\n\n{svg}\n\nText after.\n",
                                                     options=Options.CMARK_OPT_UNSAFE, extensions=extensions)


def test_charts_pass_through_commonmark_as_html_blocks():
    for name, svg in all_charts().items():
        out = _commonmark(svg, tagfilter=False)
        assert svg in out, name


def test_the_page_renderer_keeps_charts_intact():
    """fastmd must not use GFM's tagfilter, which would escape every <title>."""
    from generator.mkdocs_site.markdown import render_markdown

    for svg in all_charts().values():
        assert svg in render_markdown(f"Text.\n\n{svg}\n\nMore.\n").html


def test_corpus_charts_are_well_formed():
    from generator.pipeline.parse import parse

    root = corpus_or_skip() / "lm-planner"
    files = sorted(root.glob("*/*.md"))
    if not files:
        pytest.skip("no lm-planner trajectories")
    mix: dict[str, Counter[str]] = {}
    per_plan: Counter[int] = Counter()
    metrics: list[str] = []
    cells: dict[tuple[str, str], int] = {}
    for f in files:
        p = parse(f.read_text(encoding="utf-8", errors="replace"), str(f))
        mix.setdefault(p.model, Counter()).update(a.action for a in p.ablations)
        per_plan[len(p.ablations)] += 1
        metrics += [m for a in p.ablations for m in a.metrics]
        cells[(p.paper, p.model)] = len(p.ablations)
    papers = sorted({(p, p.replace("_", " ")) for p, _ in cells})
    models = sorted({(m, m) for _, m in cells})
    out = {"a": action_mix(sorted(mix.items()), chart_id="a", title="Mix"),
           "h": histogram(per_plan, chart_id="h", title="Per plan", x_label="Ablations per plan"),
           "t": top_bars(count_metrics(metrics)[:20], chart_id="t", title="Metrics"),
           "c": coverage(papers, models, cells, chart_id="c", title="Coverage")}
    for cid, svg in out.items():
        check_common(svg, cid)
    assert len(out["c"].encode()) < 150_000


# -- a real browser: both schemes, no clipped or overlapping text, readable contrast --------

def material_css() -> str:
    """Material's own stylesheets when installed, so the page uses its real variables."""
    try:
        import material
    except ImportError:
        return ""
    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    links = [f'<link rel="stylesheet" href="{p.as_uri()}">' for pattern in ("main.*.min.css", "palette.*.min.css")
             for p in sorted(folder.glob(pattern))]
    return "\n".join(links)


FALLBACK_VARS = """
[data-md-color-scheme=default] { --md-default-fg-color: rgba(0,0,0,.87); --md-default-fg-color--light: rgba(0,0,0,.54);
  --md-default-fg-color--lighter: rgba(0,0,0,.32); --md-default-fg-color--lightest: rgba(0,0,0,.07);
  --md-default-bg-color: #fff; --md-accent-fg-color: #526cfe; }
[data-md-color-scheme=slate] { --md-default-fg-color: hsla(232,75%,90%,.82); --md-default-fg-color--light: hsla(232,75%,90%,.56);
  --md-default-fg-color--lighter: hsla(232,75%,90%,.32); --md-default-fg-color--lightest: hsla(232,75%,90%,.12);
  --md-default-bg-color: hsla(232,15%,14%,1); --md-accent-fg-color: #526cfe; }
"""

MEASURE = """() => [...document.querySelectorAll('[data-md-color-scheme]')].map(scheme => ({
  scheme: scheme.dataset.mdColorScheme,
  bg: getComputedStyle(scheme).backgroundColor,
  charts: [...scheme.querySelectorAll('svg.tj-chart')].map(svg => ({
    id: svg.id, vb: svg.viewBox.baseVal.width, vh: svg.viewBox.baseVal.height,
    texts: [...svg.querySelectorAll('text')].map(t => { const b = t.getBBox(); const prev = t.previousElementSibling;
      return {s: t.textContent, cls: t.getAttribute('class') || '', x: b.x, y: b.y, w: b.width, h: b.height,
              fill: getComputedStyle(t).fill,
              under: prev && prev.matches('rect.tj-c-seg') ? getComputedStyle(prev).fill : null}; }),
    marks: [...svg.querySelectorAll('.tj-c-bar, .tj-c-seg, .tj-c-cov1, .tj-c-cov2, .tj-c-cov3, .tj-c-cov4')]
      .slice(0, 40).map(r => ({cls: r.getAttribute('class'), fill: getComputedStyle(r).fill})),
  })),
}))"""


def _rgba(css: str) -> tuple[float, float, float, float]:
    nums = [float(v) for v in re.findall(r"[\d.]+", css)]
    return (nums[0], nums[1], nums[2], nums[3] if len(nums) > 3 else 1.0)


def _over(fg: str, bg: str) -> tuple[float, float, float]:
    r, g, b, a = _rgba(fg)
    br, bgg, bb, _ = _rgba(bg)
    return (r * a + br * (1 - a), g * a + bgg * (1 - a), b * a + bb * (1 - a))


def _contrast(c1: tuple[float, ...], c2: tuple[float, ...]) -> float:
    def lum(c):
        ch = [v / 255 for v in c[:3]]
        ch = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in ch]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]
    hi, lo = sorted((lum(c1), lum(c2)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_charts_in_a_browser_light_and_dark(tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    shutil.copy(CSS, tmp_path / "charts.css")
    body = "\n\n".join(all_charts().values())
    columns = "".join(f'<div data-md-color-scheme="{s}" class="md-typeset" style="background:var(--md-default-bg-color);'
                      f'color:var(--md-default-fg-color);padding:16px;width:760px">\n\n{body}\n\n</div>'
                      for s in ("default", "slate"))
    page_html = (f'<!doctype html><html><head><meta charset="utf-8"><style>{FALLBACK_VARS}</style>{material_css()}'
                 f'<link rel="stylesheet" href="charts.css"></head><body style="margin:0">'
                 f'<div style="display:flex;align-items:flex-start">{columns}</div></body></html>')
    (tmp_path / "charts.html").write_text(page_html, encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1584, "height": 900})
            page.goto((tmp_path / "charts.html").as_uri())
            page.screenshot(path=str(tmp_path / "charts.png"), full_page=True)
            schemes = page.evaluate(MEASURE)
        finally:
            browser.close()
    assert (tmp_path / "charts.png").stat().st_size > 10_000
    assert [s["scheme"] for s in schemes] == ["default", "slate"]
    for scheme in schemes:
        assert len(scheme["charts"]) == 5
        for chart in scheme["charts"]:
            boxes = [t for t in chart["texts"] if t["w"] > 0]
            for t in boxes:  # nothing clipped by the viewBox
                where = f'{scheme["scheme"]} {chart["id"]} {t["s"]!r}'
                assert t["x"] >= -0.5 and t["x"] + t["w"] <= chart["vb"] + 0.5, where
                assert t["y"] >= -0.5 and t["y"] + t["h"] <= chart["vh"] + 0.5, where
                ratio = _contrast(_over(t["fill"], t["under"] or scheme["bg"]), _rgba(t["under"] or scheme["bg"]))
                assert ratio >= 4.5, (where, t["fill"], ratio)
            for i, a in enumerate(boxes):  # no two labels overlap
                for b in boxes[i + 1:]:
                    dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
                    dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
                    assert dx <= 0.5 or dy <= 0.5, (scheme["scheme"], chart["id"], a["s"], b["s"])
            for mark in chart["marks"]:  # bars and segments stand out from the page (WCAG 1.4.11)
                if "cov1" in mark["cls"]:
                    continue
                assert _contrast(_over(mark["fill"], scheme["bg"]), _rgba(scheme["bg"])) >= 3, (scheme["scheme"], mark)


def test_score_rows_bins_scores_and_marks_each_mean():
    from generator.analysis.charts import score_rows

    svg = score_rows([("Model <A>", [0.0, 0.25, 0.25, 1.0]), ("B", [])], chart_id="f1-x", title="F1")
    assert svg.startswith("<svg") and 'id="f1-x"' in svg and "Model &lt;A&gt;" in svg
    assert "per bin 1, 0, 2, 0, 0, 0, 0, 0, 0, 1." in svg  # 1.0 falls in the last bin
    assert "mean 0.38" in svg and svg.count('class="tj-c-mark"') == 1  # the empty series is left out
    assert "No data" in score_rows([], chart_id="f1-y", title="F1")
