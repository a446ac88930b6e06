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


def test_a_reasoning_edit_renders_its_page_its_paper_and_the_full_data_only(tmp_path):
    """(The paper page shows each plan's reasoning, folded.)"""
    config, source = _setup(tmp_path)
    source.write_bytes(source.read_bytes().replace(b"</div>", b"\nA new sentence.\n</div>", 1))
    result = build(config)
    assert result.rendered == 3
    assert sorted(result.written.written) == ["data/trajectories.json.gz", "papers/apt/index.md",
                                              "trajectories/lm-planner/o3-mini/apt/index.md"]
    assert "A new sentence." in (config.out / "papers/apt/index.md").read_text(encoding="utf-8")


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
