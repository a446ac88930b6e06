"""End to end: the bundled samples → generator → `mkdocs build --strict` → HTML checks."""

from __future__ import annotations

import csv
import gzip
import io
import json
import posixpath
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from bs4 import BeautifulSoup

MOJIBAKE = ("ðŸ", "üß", "üì", "Œ±", "Œ≤", "Î“", "â€", "‚Ä", "Ã©", "Â ")


def html_pages(site: Path) -> dict[str, Path]:
    """URL path (relative to the site root, '' for home) -> file."""
    out = {}
    for f in site.rglob("*.html"):
        rel = f.relative_to(site).as_posix()
        out[rel[: -len("index.html")] if rel.endswith("index.html") else rel] = f
    return out


def links(page_url: str, html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    base = posixpath.dirname(page_url.rstrip("/") + "/x")
    out = []
    for a in soup.select("article a[href]"):
        href, _ = urldefrag(a["href"])
        if not href or urlsplit(href).scheme:
            continue
        out.append(posixpath.normpath(posixpath.join(base, href)).lstrip("./"))
    return out


def test_every_seed_is_a_clean_page(sample_site):
    docs, site = sample_site
    data = json.loads(gzip.decompress((docs / "data" / "trajectories.json.gz").read_bytes()))
    assert len(data) == 5
    assert {d["model"] for d in data} == {"o3-mini", "claude-35-sonnet", "llama-31-405b-instruct"}
    assert all(d["repairs"] for d in data), "every seed carries mojibake and must say what was repaired"
    generated = json.loads((docs / ".generated.json").read_text(encoding="utf-8"))["files"]
    for page in (p for p in generated if p.endswith(".md")):
        html = site / (page[: -len(".md")] + ".html")
        text = html.read_text(encoding="utf-8")
        f = html
        for bad in MOJIBAKE:
            assert bad not in text, f"{bad!r} left in {f.relative_to(site)}"
    page = (site / "trajectories/lm-planner/o3-mini/blockskim/index.html").read_text(encoding="utf-8")
    assert "harmony coefficient α and balance factor β" in page
    assert "Block‐Skim" in page  # U+2010 HYPHEN, damaged as ‚Äê in the seed
    claude = site / "trajectories/lm-planner/claude-35-sonnet"
    reformer = next(claude.glob("reformer*/index.html")).read_text(encoding="utf-8")
    assert "Γ-blocks" in reformer


def test_cross_links_resolve_and_everything_is_within_three_clicks(sample_site):
    _, site = sample_site
    pages = html_pages(site)
    files = {f.relative_to(site).as_posix() for f in site.rglob("*") if f.is_file()}
    graph = {}
    for url, f in pages.items():
        targets = links(url, f.read_text(encoding="utf-8"))
        for t in targets:
            assert t in pages or t + "/" in pages or t in files, f"dead link {t!r} on {url or 'home'}"
        graph[url] = [t if t in pages else t + "/" for t in targets]
    depth = {"": 0}
    queue = deque([""])
    while queue:
        u = queue.popleft()
        for v in graph.get(u, []):
            if v in pages and v not in depth:
                depth[v] = depth[u] + 1
                queue.append(v)
    trajectories = [u for u in pages if u.startswith("trajectories/lm-planner/")]
    assert len(trajectories) == 5
    for u in trajectories:
        assert depth.get(u, 99) <= 3, f"{u} is {depth.get(u)} clicks from home"


def test_trajectory_page_links_paper_model_and_other_models(sample_site):
    _, site = sample_site
    url = "trajectories/lm-planner/o3-mini/apt/"
    out = set(links(url, (site / url / "index.html").read_text(encoding="utf-8")))
    assert {"papers/apt", "models/o3-mini", "trajectories/lm-planner/llama-31-405b-instruct/apt"} <= out
    # previous/next paper of the same model
    assert any(t.startswith("trajectories/lm-planner/o3-mini/") and t != url.rstrip("/") for t in out)


def test_paper_page_lists_every_ablation_once(sample_site):
    """The comparison holds every model's every ablation (with replacements) exactly once."""
    _, site = sample_site
    soup = BeautifulSoup((site / "papers/apt/index.html").read_text(encoding="utf-8"), "html.parser")
    entries = soup.select("article .tj-group .tj-members > li")
    by_model = {}
    for li in entries:
        by_model.setdefault(li.a.get_text(strip=True), []).append(li["id"])
    assert set(by_model) == {"Llama 3.1 405B Instruct", "o3-mini"}
    for model, ids in by_model.items():
        slug = ids[0].rsplit("-", 1)[0]
        traj = next(site.glob(f"trajectories/*/{slug}/apt/index.html"))
        n = len(BeautifulSoup(traj.read_text(encoding="utf-8"), "html.parser").select("h3[id^=ablation-]"))
        assert sorted(ids) == sorted(f"{slug}-{i}" for i in range(1, n + 1)), model
    assert soup.select(".tj-action--remove") and soup.select(".tj-action--add")
    assert soup.select(".tj-replacement")
    assert not soup.select(".tabbed-set")  # the plans are not repeated in tabs any more


def test_search_index_holds_reasoning_text(sample_site):
    """The Pagefind index (gzip fragments: 'pagefind_dcd' + JSON) has the reasoning text."""
    _, site = sample_site
    fragments = {}
    for f in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        record = json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd"):])
        fragments[record["url"]] = record
    page = fragments["/trajectories/lm-planner/o3-mini/blockskim/"]
    assert "harmony coefficient α" in page["content"]
    assert page["meta"]["title"] == "blockskim — o3-mini"
    assert any("ratio‑preserving" in r["content"] for r in fragments.values())  # U+2011, repaired
    assert not any(u.startswith("/404") for u in fragments)
    # the paper page is found by its title; its comparison repeats plan text, which search
    # finds on the trajectory pages instead (one result per plan, not two)
    paper = fragments["/papers/blockskim/"]
    assert paper["meta"]["title"].startswith("blockskim")
    first = BeautifulSoup((site / "trajectories/lm-planner/o3-mini/blockskim/index.html").read_text(
        encoding="utf-8"), "html.parser").select_one("h3[id=ablation-1]").get_text().rstrip("¶")
    name = first.split(". ", 1)[-1].split(": ", 1)[-1]
    assert name in page["content"] and name not in paper["content"]


def test_no_request_to_other_hosts(sample_site):
    _, site = sample_site
    for f in site.rglob("*.html"):
        soup = BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.select("link[href], script[src], img[src], iframe[src], source[src]"):
            url = tag.get("href") or tag.get("src")
            # (data: URLs are no request: the 404 page's favicon without site_url is one)
            assert urlsplit(url).scheme in ("", "data") and not url.startswith("//"), f"{url} in {f}"
    css = "".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


def test_data_files_are_published(sample_site):
    docs, site = sample_site
    report = json.loads((site / "data" / "report.json").read_text(encoding="utf-8"))
    assert report["files"] == 5 and report["trajectories"] == 5
    assert report["errors"] == [] and report["duplicates"] == []
    records = json.loads(gzip.decompress((site / "data" / "trajectories.json.gz").read_bytes()))
    keys = {"planner", "model", "model_name", "paper", "paper_title", "task", "source", "page",
            "repairs", "reasoning", "ablations"}
    for r in records:
        assert keys <= r.keys()
        assert r["page"].endswith("/") and (site / r["page"] / "index.html").is_file()  # a URL, not a .md path
        assert "<div" not in r["reasoning"] and "Reasoning Trace" not in r["reasoning"]
        for a in r["ablations"]:
            assert set(a) == {"name", "ablated_part", "action", "replacement", "metrics", "metric_keys"}
            assert len(a["metric_keys"]) == len(a["metrics"])
            assert a["action"] in {"REMOVE", "REPLACE", "ADD"}
    rows = list(csv.DictReader(io.StringIO(gzip.decompress((site / "data" / "ablations.csv.gz").read_bytes()).decode())))
    assert rows and all((site / row["page"] / "index.html").is_file() for row in rows)
