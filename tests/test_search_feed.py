"""`python -m generator site`: one process, the search index fed while generating."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

from generator.search_feed import dest_of
from tests.conftest import REPO, SAMPLES, mkdocs_build


def fragments(site: Path) -> dict[str, tuple]:
    out = {}
    for f in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        record = json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd"):])
        out[record["url"]] = (record["meta"].get("title"), record["content"])
    return out


def test_dest_of_matches_mkdocs_directory_urls():
    assert dest_of("index.md") == "index.html"
    assert dest_of("papers/index.md") == "papers/index.html"
    assert dest_of("papers/apt.md") == "papers/apt/index.html"
    assert dest_of("trajectories/p/m/x.md") == "trajectories/p/m/x/index.html"


def test_site_command_gives_the_same_site_and_search_as_two_steps(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for docs in (one / "site_src", two / "site_src"):
        docs.mkdir(parents=True)
        shutil.copy(REPO / "site_src" / "about.md", docs / "about.md")
    done = subprocess.run([sys.executable, "-m", "generator", "site", str(SAMPLES), "--out", str(one / "site_src"),
                           "--site-dir", str(one / "site"), "--config", str(REPO / "mkdocs.yml"), "-q"],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "5 files → 5 trajectories" in done.stdout
    subprocess.run([sys.executable, "-m", "generator", "build", str(SAMPLES), "--out", str(two / "site_src"), "-q"],
                   cwd=REPO, check=True, capture_output=True)
    mkdocs_build(two / "site_src", two / "site")
    a, b = fragments(one / "site"), fragments(two / "site")
    assert len(a) > 10 and a == b  # every page indexed once, with the same title and text
    pages = sorted(p.relative_to(one / "site") for p in (one / "site").rglob("*.html"))
    assert pages == sorted(p.relative_to(two / "site") for p in (two / "site").rglob("*.html"))
    for page in pages:
        assert (one / "site" / page).read_bytes() == (two / "site" / page).read_bytes(), page


def test_site_command_reports_a_missing_config(tmp_path):
    done = subprocess.run([sys.executable, "-m", "generator", "site", str(SAMPLES), "--out", str(tmp_path / "d"),
                           "--config", str(tmp_path / "nope.yml")], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 2 and "MkDocs configuration not found" in done.stderr
