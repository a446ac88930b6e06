"""The docs folder the generator writes builds correctly without our hook: with MkDocs alone
(Python-Markdown renders every page) and with Zensical; `python -m generator finish` then
adds search and checks every link of the built files."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from generator.mkdocs_site.finish import finish
from tests.conftest import REPO, SAMPLES

ZENSICAL = Path(sys.executable).parent / "zensical"


def project(root: Path, docs: Path) -> Path:
    """A project folder: the docs, the theme overrides, mkdocs.yml without the `hooks:` entry."""
    root.mkdir()
    shutil.copytree(docs, root / "docs")
    shutil.copytree(REPO / "theme_overrides", root / "theme_overrides")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", config).replace("docs_dir: site_src", "docs_dir: docs")
    assert "hook.py" not in config
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    from generator.build import build
    from generator.config import BuildConfig

    docs = tmp_path_factory.mktemp("portable") / "site_src"
    build(BuildConfig(sources=(SAMPLES,), out=docs))
    shutil.copy(REPO / "site_src" / "about.md", docs / "about.md")
    return docs


def build_with(builder: str, root: Path) -> Path:
    if builder == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", "mkdocs.yml"]
    else:
        if not ZENSICAL.is_file():
            pytest.skip("zensical is not installed (pip install zensical)")
        command = [str(ZENSICAL), "build", "--clean", "-f", "mkdocs.yml"]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True,
                          env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "site"


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_a_plain_builder_makes_a_correct_site_and_finish_completes_it(builder, docs, tmp_path):
    site = build_with(builder, project(tmp_path / builder, docs))
    done = finish(site)
    assert done.broken == [] and done.links > 300 and done.pages >= 17
    assert done.pages_indexed >= 17 and (site / "pagefind" / "pagefind.js").is_file()
    assert not (site / "assets" / "javascripts" / "lunr").exists()
    trajectories = sorted((site / "trajectories").rglob("index.html"))
    assert len(trajectories) == 6  # the index and the five trajectories
    for page in trajectories[1:]:
        html = page.read_text(encoding="utf-8")
        headings = re.findall(r'<h3 id="(ablation-\d+)"', html)
        assert headings, page
        toc = html[html.index('md-nav--secondary'):]
        for anchor in headings:
            assert f'href="#{anchor}"' in toc, (page, anchor)  # every ablation in the table of contents
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        article = html[html.find("<article"):html.find("</article>")]
        assert not re.search(r"^\s*\|.*\|\s*$", article, re.M), f"a table left as text in {page}"
        ids = Counter(re.findall(r'\sid="([^"]+)"', html))
        assert not [i for i, n in ids.items() if n > 1], f"ids used twice in {page}"
    for stylesheet in ("trajectories.css", "facets.css", "charts.css"):
        assert re.search(rf'assets/stylesheets/{stylesheet}\?v=[0-9a-f]{{8}}"',
                         (site / "index.html").read_text(encoding="utf-8"))


def test_finish_reports_a_broken_link(docs, tmp_path):
    site = build_with("mkdocs", project(tmp_path / "b", docs))
    page = site / "papers" / "apt" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", '<a href="../nowhere/">x</a></article>'),
                    encoding="utf-8")
    done = finish(site, index=False)
    assert [(b.page, b.href) for b in done.broken] == [("papers/apt/index.html", "../nowhere/")]
    cli = subprocess.run([sys.executable, "-m", "generator", "finish", str(site)], cwd=REPO,
                         capture_output=True, text=True)
    assert cli.returncode == 1 and "1 broken" in cli.stdout and "../nowhere/" in cli.stdout
