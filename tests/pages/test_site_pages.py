"""The home page (intro, coverage in words and as a table) and the build report's list of
papers with no title or task, on the samples built with and without metadata."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from generator import layout
from generator.build import build
from generator.config import BuildConfig
from generator.pages.site_pages import BENCHMARK_LINKS, coverage_table, coverage_text
from generator.pages.rows import row

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _build(tmp_path: Path, metadata: str | None = None, intro: str | None = None):
    out = tmp_path / "site_src"
    out.mkdir()
    meta = ()
    if metadata is not None:
        (tmp_path / "papers.csv").write_text(metadata, encoding="utf-8")
        meta = (tmp_path / "papers.csv",)
    if intro is not None:
        (out / layout.INTRO).write_text(intro, encoding="utf-8")
    catalog = build(BuildConfig(sources=(SAMPLES,), out=out, metadata=meta)).catalog
    return catalog, out


@pytest.fixture(scope="module")
def with_tasks(tmp_path_factory):
    """The samples with a task for one paper and a title for another."""
    return _build(tmp_path_factory.mktemp("meta"), "paper,title,task\nblockskim,Block-Skim,AuthorAblation\n"
                  "apt,,ReviewerAblation\n")


def test_home_intro_explains_and_links_to_the_benchmark(with_tasks):
    _, out = with_tasks
    home = (out / layout.HOME).read_text(encoding="utf-8")
    for url in BENCHMARK_LINKS.values():
        assert f'href="{url}"' in home
    assert "AuthorAblation" in home and "ReviewerAblation" in home and "<em>trajectory</em>" in home
    assert "<code>lm-planner</code>" in home  # the planners of the data


def test_a_hand_written_intro_replaces_the_default(tmp_path):
    _, out = _build(tmp_path, intro="Our own words about [the papers](papers/index.md).")
    home = (out / layout.HOME).read_text(encoding="utf-8")
    assert "Our own words" in home and BENCHMARK_LINKS["paper"] not in home


def test_coverage_table_counts_papers_per_model_and_task(with_tasks):
    catalog, out = with_tasks
    html = str(coverage_table(catalog, [row(catalog, t) for t in catalog.trajectories]))
    head = re.findall(r"<th[^>]*>([^<]*)</th>", html)
    assert head == ["Model", "AuthorAblation", "ReviewerAblation", "No task", "Papers"]
    body = [re.findall(r"<td[^>]*>(?:<strong>)?([^<]*)", tr) for tr in re.findall(r"<tr>(.*?)</tr>", html)[1:]]
    for m in catalog.models:
        tasks = Counter(catalog.paper(t.paper).task for t in catalog.trajectories if t.model == m.id)
        expected = [m.name, tasks["AuthorAblation"], tasks["ReviewerAblation"], tasks[None], sum(tasks.values())]
        assert [m.name, *map(int, next(b for b in body if b[0] == m.name)[1:])] == expected
    papers = Counter(p.task for p in catalog.papers)
    assert body[-1] == ["All papers", str(papers["AuthorAblation"]), str(papers["ReviewerAblation"]),
                        str(papers[None]), str(len(catalog.papers))]
    assert html in (out / layout.HOME).read_text(encoding="utf-8")


def test_coverage_text_names_each_model_and_its_share(with_tasks):
    catalog, _ = with_tasks
    rows = [row(catalog, t) for t in catalog.trajectories]
    text = coverage_text(catalog, rows)
    covered = Counter(t.model for t in catalog.trajectories)
    assert text.startswith("Not every model planned for every paper: ")
    for m in catalog.models:
        n = covered[m.id]
        amount = f"all {len(catalog.papers)}" if n == len(catalog.papers) else str(n)
        assert re.search(rf"{re.escape(m.name)}(,| and| has| have| for)[^;]*\b{amount}\b", text), (m.name, text)
    assert f"{sum(1 for p in catalog.papers if p.task)} papers have a benchmark task" in text


def test_report_lists_papers_without_title_or_task_and_how_to_supply_them(with_tasks, tmp_path):
    catalog, out = with_tasks
    report = (out / layout.REPORT).read_text(encoding="utf-8")
    section = report.split("## Paper metadata", 1)[1].split("\n## ", 1)[0]
    assert "--metadata" in section
    untitled = [p for p in catalog.papers if p.title == p.id]
    no_task = [p for p in catalog.papers if not p.task]
    assert untitled and no_task  # the samples have both: the test means something
    assert f"Papers titled by their id ({len(untitled)})" in section
    assert f"Papers with no benchmark task ({len(no_task)})" in section
    for p in untitled + no_task:
        assert f'href="../{layout.url_of(layout.paper_page(p.slug))}"' in section
    assert "Block-Skim" not in section  # titled and tasked by the metadata

    _, full = _build(tmp_path, "paper,title,task\n" + "".join(
        f"{p.id},Title of {p.id},AuthorAblation\n" for p in catalog.papers))
    report = (full / layout.REPORT).read_text(encoding="utf-8")
    assert "Every paper has a title and a benchmark task." in report
