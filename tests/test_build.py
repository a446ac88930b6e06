"""The build: an edit re-renders only the pages that show what changed; how it runs."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

from generator.build import build
from generator.config import BuildConfig
from tests.conftest import SAMPLES


def _setup(tmp_path: Path) -> tuple[BuildConfig, Path]:
    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src)
    config = BuildConfig(sources=(src,), out=tmp_path / "site_src")
    build(config)
    source = next(f for f in sorted(src.iterdir()) if b"# lm-planner/o3-mini/apt" in f.read_bytes())
    return config, source


def test_nothing_changed_renders_and_writes_nothing(tmp_path):
    config, _ = _setup(tmp_path)
    result = build(config)
    assert result.rendered == 0 and not result.written.written and not result.written.removed


def test_a_reasoning_edit_renders_its_page_and_the_full_data_only(tmp_path):
    """(The paper page shows each plan's reasoning by its length only: the text is fetched
    from the trajectory page.)"""
    config, source = _setup(tmp_path)
    text = source.read_bytes()
    start = text.index(b"Reasoning Trace</h2>")
    word = next(w for w in text[start:].split()[3:] if w.isalpha() and len(w) > 3)  # (a word of the reasoning)
    source.write_bytes(text[:start] + text[start:].replace(word, b"Zebra", 1))  # (as many words)
    result = build(config)
    assert sorted(result.written.written) == ["data/trajectories.json.gz", "trajectories/lm-planner/o3-mini/apt/index.md"]
    assert result.rendered == 2
    assert "Zebra" in (config.out / "trajectories/lm-planner/o3-mini/apt/index.md").read_text(encoding="utf-8")
    # a sentence more: the paper page's count of words changes too
    source.write_bytes(source.read_bytes().replace(b"</div>", b"\nA new sentence.\n</div>", 1))
    assert sorted(build(config).written.written) == ["data/trajectories.json.gz", "papers/apt/index.md",
                                                     "trajectories/lm-planner/o3-mini/apt/index.md"]


def test_a_plan_edit_renders_the_pages_that_show_the_plan(tmp_path):
    config, source = _setup(tmp_path)
    text = source.read_bytes()
    assert b"### " in text
    source.write_bytes(text.replace(b"### ", b"### Renamed ", 1))
    written = set(build(config).written.written)
    assert {"trajectories/lm-planner/o3-mini/apt/index.md", "papers/apt/index.md",
            "data/ablations.csv.gz", "data/trajectories.json.gz"} <= written
    # the other trajectories and papers do not show it
    assert not any(p.startswith("trajectories/lm-planner/") and not p.endswith("/apt/index.md") for p in written)
    assert not any(p.startswith("papers/") and p not in ("papers/apt/index.md", "papers/index.md") for p in written)


def test_the_cycle_collector_is_off_during_a_build_and_as_it_was_after(tmp_path):
    config = BuildConfig(out=tmp_path / "site_src")
    seen: list[bool] = []
    build(config, on_rendered=lambda path, _: seen.append(gc.isenabled()))
    assert seen and not any(seen)
    assert gc.isenabled()
    gc.disable()
    try:
        build(BuildConfig(out=tmp_path / "again"))
        assert not gc.isenabled()
    finally:
        gc.enable()


# -- one bad file cannot stop the build -------------------------------------------------------


def test_a_page_that_cannot_be_made_is_an_error_of_its_file_and_the_build_goes_on(tmp_path, monkeypatch):
    """Whatever raises while a page is made (here: the reasoning of one file), that file is an
    error in the report, its page says so (with the anchors other pages link to), every other
    page is made, and the site builds with --strict."""
    import json

    from generator.pages import trajectory
    from tests.conftest import mkdocs_build, samples_with_a_page_that_cannot_be_made

    src, bad, real = samples_with_a_page_that_cannot_be_made(tmp_path, monkeypatch)
    config = BuildConfig(sources=(src,), out=tmp_path / "site_src")
    result = build(config)
    (error,) = result.catalog.report.errors
    assert error.source == bad.name and "internal error while making the page" in error.message
    assert "IndexError" in error.message
    page = (config.out / "trajectories/lm-planner/o3-mini/apt/index.md").read_text(encoding="utf-8")
    assert "could not be made" in page and 'id="ablation-1"' in page
    report = json.loads((config.out / "data" / "report.json").read_text())
    assert [e["source"] for e in report["errors"]] == [bad.name]
    assert bad.name in (config.out / "report" / "index.md").read_text(encoding="utf-8")
    assert "1 errors" in (config.out / "index.md").read_text(encoding="utf-8")
    assert result.catalog.report.trajectories == 5
    mkdocs_build(config.out, tmp_path / "site")  # strict: no dead link, no missing anchor
    again = build(config)  # not cached as if it had worked: made, and reported, again
    assert [e.source for e in again.catalog.report.errors] == [bad.name]
    monkeypatch.setattr(trajectory, "block_html", real)
    fixed = build(config)
    assert not fixed.catalog.report.errors
    assert "could not be made" not in (config.out / "trajectories/lm-planner/o3-mini/apt/index.md").read_text()


def test_a_paper_with_too_many_ablations_to_compare_is_a_warning(tmp_path, monkeypatch):
    from generator.analysis import align

    monkeypatch.setattr(align, "MAX_ALIGNED", 8)  # apt has 5 + 5 ablations
    result = build(BuildConfig(sources=(SAMPLES,), out=tmp_path / "out"))
    warned = [w for w in result.catalog.report.warnings if "groups only identical ones" in w.message]
    assert warned and all("ablations across its plans" in w.message for w in warned)
    assert [w.message.split()[1] for w in warned] == ["'apt'"]
    assert (tmp_path / "out" / "papers" / "apt" / "index.md").is_file()


def test_a_build_in_another_thread_leaves_the_collector_on(tmp_path):
    """(serve's preview builds in a thread: the collector is the whole process's)"""
    import threading

    seen: list[bool] = []
    config = BuildConfig(sources=(SAMPLES,), out=tmp_path / "out")
    worker = threading.Thread(target=build, args=(config,),
                              kwargs={"on_rendered": lambda path, _: seen.append(gc.isenabled())})
    worker.start()
    worker.join()
    assert seen and all(seen) and gc.isenabled()
