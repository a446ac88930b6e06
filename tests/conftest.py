"""Shared fixtures: paths, the bundled samples, and a site built once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "ablationbench" / "trajectories"
TASKS = SHARED / "corpus" / "ablationbench" / "tasks.csv"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# CI runs property tests on a fixed sequence of examples (a red CI must be reproducible);
# locally every run explores new examples.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def corpus_or_skip() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


def mkdocs_build(docs_dir: Path, site_dir: Path, options: dict | None = None) -> None:
    """Build with the project's mkdocs.yml, strict, into ``site_dir``, as ``mkdocs build``
    does (the plugins' startup and shutdown around it); ``options``: the plugin's
    (``extra: trajectories:``).

    The hand-written pages the nav names (about.md) are copied in when missing.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    for page in ("about.md",):
        if not (docs_dir / page).exists():
            (docs_dir / page).write_bytes((REPO / "site_src" / page).read_bytes())

    cfg = load_config(str(REPO / "mkdocs.yml"), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True)
    if options is not None:
        cfg["extra"]["trajectories"] = options
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()


def samples_with_a_page_that_cannot_be_made(tmp_path: Path, monkeypatch) -> tuple[Path, Path, object]:
    """(sources, the bad file, the real renderer): a copy of the samples in which one file's
    reasoning makes rendering its page raise (a bug no input should reach)."""
    import shutil

    from generator.pages import trajectory

    real = trajectory.block_html

    def fragile(text, **kwargs):
        if "poison-marker" in text:
            raise IndexError("list index out of range")
        return real(text, **kwargs)

    monkeypatch.setattr(trajectory, "block_html", fragile)
    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src)
    bad = next(f for f in sorted(src.iterdir()) if b"# lm-planner/o3-mini/apt" in f.read_bytes())
    bad.write_bytes(bad.read_bytes().replace(b"</div>", b"\npoison-marker\n</div>", 1))
    return src, bad, real


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> tuple[Path, Path]:
    """(docs_dir, site_dir): the bundled samples generated and built with --strict."""
    from generator.build import build
    from generator.config import BuildConfig

    root = tmp_path_factory.mktemp("sample-site")
    docs = root / "site_src"
    docs.mkdir()
    build(BuildConfig(sources=(SAMPLES,), out=docs))
    mkdocs_build(docs, root / "site")
    return docs, root / "site"
