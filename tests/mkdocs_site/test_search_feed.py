"""`python -m generator site`: one process, the search index fed while generating."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator.mkdocs_site import search_feed
from generator.pages.templates import yaml_value
from generator.mkdocs_site.markdown import render_markdown
from generator.output.jsontext import dumps
from generator.mkdocs_site.searchable import searchable
from generator.mkdocs_site.search_feed import Feeder, plain_body, prepare, split_front_matter
from tests.conftest import REPO, SAMPLES, mkdocs_build


def fragments(site: Path) -> dict[str, tuple]:
    out = {}
    for f in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        record = json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd"):])
        out[record["url"]] = (record["meta"].get("title"), record["content"])
    return out


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


@settings(max_examples=400, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40), st.text(max_size=60))
def test_front_matter_read_here_is_what_mkdocs_reads(title, body):
    text = f"---\ntitle: {dumps(title)}\ndescription: {dumps(title + ' x')}\n---\n\n{body}"
    ours = split_front_matter(text)
    if ours[1] is not None:  # (else MkDocs parses it: the page is read from its file)
        assert ours == get_data(text)
    as_generated = yaml_value(title)  # what the page templates write
    ours = split_front_matter(f"---\ntitle: {as_generated}\n---\n{body}")
    assert ours[1] is not None and ours == get_data(f"---\ntitle: {as_generated}\n---\n{body}")


def test_other_front_matter_is_left_to_mkdocs():
    assert split_front_matter("---\ntitle: Models\nhide:\n  - toc\n---\n# M\n") == ("# M\n", None)
    assert split_front_matter("---\ntitle: Build report\n---\n# R\n")[1] is None  # a plain YAML scalar
    assert split_front_matter("# No front matter\n") == ("# No front matter\n", None)


def test_prepare_renders_pages_only():
    page = "---\ntitle: \"A — b\"\n---\n\n<h1>A</h1>\n\n## Part\n"
    prepared = prepare("trajectories/p/m/x.md", page.encode())
    assert prepared.dest == "trajectories/p/m/x/index.html" and prepared.meta == {"title": "A — b"}
    assert prepared.body == "<h1>A</h1>\n\n## Part\n"
    assert prepared.rendered == render_markdown("<h1>A</h1>\n\n## Part\n")
    assert prepared.search == searchable(prepared.rendered.html) and "headerlink" not in prepared.search
    assert prepare("data/x.json", b"{}") is None and prepare("_intro.md", page.encode()) is None


def test_the_feeder_hands_pages_to_the_index_and_keeps_them_for_the_hook(monkeypatch):
    class Index:
        def __init__(self):
            self.added, self.started = [], 0

        def start(self):
            self.started += 1

        def add(self, dest, title, html):
            self.added.append((dest, title, html))

    index = Index()
    monkeypatch.setattr(search_feed, "StreamingIndex", lambda lang, start: index)
    feeder = Feeder()
    assert index.started == 0  # no thread before the first page: the workers may still fork
    page = "---\ntitle: \"T\"\n---\n\n<h1>T</h1>\n"
    feeder("papers/t.md", prepare("papers/t.md", page.encode()))
    feeder("data/t.json", None)
    # (given without what the index leaves out: the heading's permalink)
    assert index.started == 1 and index.added == [("papers/t/index.html", "T", '<h1 id="t">T</h1>\n')]
    assert 'class="headerlink"' in render_markdown("<h1>T</h1>\n").html
    known = feeder.known["papers/t.md"]
    assert known.body == "<h1>T</h1>\n" and known.meta == {"title": "T"} and plain_body(known)
