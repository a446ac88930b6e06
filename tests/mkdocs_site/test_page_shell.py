"""The page shell (generator/shell.py) gives every page what the theme alone renders."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.mkdocs_site.page_shell import ICONS, SCRIPTS, compact
from tests.conftest import SAMPLES, mkdocs_build

TRICKY = """# lm-planner/{model}/{paper}

## Reasoning Trace
<div class="reasoning">
Text with <b>tags</b> & "quotes", `code`, and
```
a fenced   block
   with indentation
```
</div>

## Ablation Plan
{plan}
"""
ABLATION = """### {name}
- **Ablated Part**: part {n}
- **Action**: REMOVE
- **Metrics**: accuracy
"""


def _normalized(html: str) -> str:
    """Whitespace runs with a line break outside <pre> as one line break (what compact() does)."""
    parts = re.split(r"(<pre\b.*?</pre>)", html, flags=re.S)
    return "".join(p if i % 2 else re.sub(r"\s*\n\s*", "\n", p) for i, p in enumerate(parts))


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    from generator.build import build
    from generator.config import BuildConfig

    root = tmp_path_factory.mktemp("shell")
    src = root / "src"
    shutil.copytree(SAMPLES, src)
    plans = {"one": 1, "many": 7, "none": 0}
    for paper, n in plans.items():
        plan = "".join(ABLATION.format(name=f"Drop <x> & 'y' {i}", n=i) for i in range(1, n + 1))
        text = TRICKY.format(model="o3-mini", paper=f"tricky-{paper} & <b>bold</b>", plan=plan)
        (src / f"tricky-{paper}.md").write_text(text, encoding="utf-8")
    docs = root / "site_src"
    docs.mkdir()
    build(BuildConfig(sources=(src,), out=docs))
    fast, full = root / "fast", root / "full"
    mkdocs_build(docs, fast)
    mkdocs_build(docs, full, options={"page_shell": False})
    return fast, full


def _inline_shared(html: str, site: Path) -> str:
    """Shared icons and scripts put back inline, from their files in the site."""
    def inline(m: re.Match[str]) -> str:
        svg = (site / ICONS / m.group(2)).read_text(encoding="utf-8")
        body = re.fullmatch(r'<svg xmlns="http://www.w3.org/2000/svg"><symbol id="i" viewBox="[^"]+">'
                            r"(.*)</symbol></svg>\n", svg, re.S).group(1)
        return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{m.group(1)}">{body}</svg>'

    html = re.sub(r'<svg viewBox="([^"]+)"><use href="[./]*/?' + ICONS + r'/([0-9a-f]+\.svg)#i"/></svg>',
                  inline, html)
    return re.sub(r'<script src="[./]*/?(' + SCRIPTS + r'/[0-9a-f]+\.js)"></script>',
                  lambda m: f"<script>{(site / m.group(1)).read_text(encoding='utf-8')[:-1]}</script>", html)


def test_every_page_is_what_the_theme_renders(two_builds):
    """Byte for byte, once indentation is dropped and shared icons and scripts are put back inline."""
    fast, full = two_builds
    pages = sorted(p.relative_to(full) for p in full.rglob("*.html"))
    assert len(pages) > 20
    assert pages == sorted(p.relative_to(fast) for p in fast.rglob("*.html"))
    for page in pages:
        assert _normalized(_inline_shared((fast / page).read_text(encoding="utf-8"), fast)) == \
            _normalized((full / page).read_text(encoding="utf-8")), page


def test_shell_was_used_for_generated_pages_only(two_builds):
    fast, full = two_builds
    indented = re.compile(r"\n[ \t]+<")
    trajectory = next(fast.glob("trajectories/*/o3-mini/tricky-many*/index.html"))
    assert not indented.search(trajectory.read_text(encoding="utf-8").split("<article")[0])
    assert indented.search((full / trajectory.relative_to(fast)).read_text(encoding="utf-8"))
    # nav pages (their entry is highlighted) are rendered by the theme as usual
    assert indented.search((fast / "papers" / "index.html").read_text(encoding="utf-8"))
    # the fenced block inside the content kept its whitespace
    pre = BeautifulSoup(trajectory.read_text(encoding="utf-8"), "html.parser").find("pre")
    assert "a fenced   block\n   with indentation" in pre.get_text()


def test_compact_keeps_preformatted_text():
    assert compact("<p>\n    a\n  </p>\n\n<div>") == "<p>\na\n</p>\n<div>"
    kept = "<pre>\n  x\n</pre>\n   <p>"
    assert compact(kept) == kept


def test_icons_and_scripts_are_shared_files(two_builds):
    fast, full = two_builds
    page = next(fast.glob("trajectories/*/o3-mini/tricky-one*/index.html")).read_text(encoding="utf-8")
    assert "<path" not in page.split("<article")[0]  # no inline icon left in the shell
    refs = set(re.findall(ICONS + r"/([0-9a-f]+\.svg)#i", page))
    assert len(refs) >= 5 and all((fast / ICONS / name).is_file() for name in refs)
    assert "<path" in (full / "papers" / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(SCRIPTS + r"/[0-9a-f]+\.js", page)
    assert scripts and all((fast / s).is_file() for s in scripts)
    assert "var palette" not in page  # Material's palette script, now a shared file
