"""A hostile folder — trajectory text, file and folder names, paper metadata, a model table,
all written by an attacker — builds into a site (with MkDocs and our hook) in which no page
runs, loads or redirects to anything that did not come from the theme or the project; every
input file is accounted for. Property-based: hypothesis writes the hostile values."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main

from .conftest import mkdocs_build

# -- what an attacker writes ----------------------------------------------------------------

SCRIPTS = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>', "'><iframe src=javascript:alert(1)>", "<base href=//evil.example/>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>", '<a style="background:url(javascript:alert(1))">s</a>',
    '<div style="background-image: url(//evil.example/t.png)">x</div>', "<style>@import url(//evil.example)</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', "<![CDATA[<script>alert(1)</script>]]>",
    "<a href=javascript:alert(1) onclick=alert(1)>x</a>", "<svg><a xlink:href=javascript:alert(1)><text>x</text></a></svg>",
    "<form action=javascript:alert(1)><button>go</button></form>", "<details open ontoggle=alert(1)>",
]
URLS = ["javascript:alert(document.domain)", " JaVaScRiPt:alert(1)", "\tjavascript:alert(1)", "java\nscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(1)", "DATA:image/svg+xml,<svg onload=alert(1)>",
        "www.example.com/paper.pdf", "//evil.example/x", "javascript&colon;alert(1)", "%6Aavascript:alert(1)"]
MARKDOWN = [
    "[x](javascript:alert(1))", "[x]( javascript:alert(1) )", "![i](javascript:alert(1))", "[x](<javascript:alert(1)>)",
    "[x](java&#115;cript:alert(1))", "[x](javascript:%61%6c%65%72%74(1))", "[x][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>", "![i](data:image/png;base64,AAAA)", "[x](vbscript:msgbox(1))",
    "\n\n<script>alert(1)</script>\n\n", "\n\n[x](javascript:alert(1))\n\n", "\n\n<img src=x onerror=alert(1)>\n",
    "{: onclick=alert(1) }", "{#x onclick=alert(1)}", "# heading {: onclick=alert(1)}", "\n# h\n\n> q\n- l\n1. n\n",
    '<div markdown="1">[x](javascript:alert(1))</div>', "*a* _b_ `c` \\ [", "$$a\n\n[click](javascript:alert(1))\n\n$$",
    "Cost $x$ and \ue0005\ue001.", "$[x](javascript:alert(1))$", "`<script>alert(1)</script>`",
]
CONTROLS = ["\x1b[31m", "\x1b]8;;http://evil.example\x07", "\x7f", "\x85", "\u202e", "\u2066", "\u200f", "\r",
            "\x0c", "\ue000", "\ue001", "\uf8ff", "\U000f0000", "\ufeff", "\u2028"]
PAYLOADS = SCRIPTS + URLS + MARKDOWN
_BINARY = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")

hostile_text = st.lists(st.one_of(st.sampled_from(PAYLOADS), st.sampled_from(CONTROLS),
                                  st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)),
                        min_size=1, max_size=4).map("".join)
# one line, no '/': what a heading field or a file name can hold
hostile_name = hostile_text.map(lambda s: re.sub(r"[/\x00\n\r]", "_", s).strip() or "x")


# -- writing the hostile folder -----------------------------------------------------------------


def trajectory(planner: str, model: str, paper: str, reasoning: str, ablations: list[dict]) -> str:
    plan = "".join(
        f"### {a['name']}\n- **Ablated Part**: {a['part']}\n- **Action**: {a['action']}\n"
        + (f"- **Replacement**:\n  - {a['replacement']}\n" if a.get("replacement") else "")
        + f"- **Metrics**: {a['metrics']}\n\n" for a in ablations)
    return (f"# {planner}/{model}/{paper}\n\n<div class=\"trajectory-box\">\n<h2>🧠 Reasoning Trace</h2>\n\n"
            f"{reasoning}\n</div>\n\n<div class=\"trajectory-box\">\n<h2>📋 Ablation Plan</h2>\n\n{plan}</div>\n")


def toml_string(value: str) -> str:
    return '"' + "".join(c if c.isprintable() and c not in '"\\' and c.isascii() else f"\\u{ord(c):04x}"
                         if ord(c) < 0x10000 else f"\\U{ord(c):08x}" for c in value) + '"'


def write_folder(root: Path, values: list[str], names: list[str]) -> tuple[Path, Path, Path, Path]:
    """The hostile SOURCE folder, metadata CSV and JSON and model table; values are cycled."""
    pick = (values[i % len(values)] for i in range(10_000))
    src = root / "in"
    src.mkdir()
    papers, models = [], []
    for i, name in enumerate(names):
        model, paper = f"m{i % 3}{next(pick)}", f"p{i % 4}{next(pick)}"
        one_line = [re.sub(r"[\n\r/]", " ", _BINARY.sub("", v)) for v in (model, paper)]
        models.append(one_line[0].strip())
        papers.append(one_line[1].strip())
        text = trajectory(f"planner{next(pick)}".replace("/", " ").replace("\n", " "), *one_line, next(pick),
                          [{"name": next(pick), "part": next(pick), "action": next(pick),
                            "replacement": next(pick), "metrics": next(pick)} for _ in range(2)])
        folder = src / f"d{i % 2}{name}"[:120]
        folder.mkdir(exist_ok=True)
        (folder / f"{i}{name}.md"[:120]).write_text(text, encoding="utf-8", errors="surrogatepass")
    # a file name that is not UTF-8, hidden files, a FIFO, a file in a hidden folder
    with open(os.path.join(os.fsencode(src), b"bad\xff\xfename\x1b[31m.md"), "wb") as f:
        f.write(trajectory("p", "m-bytes", "bytes-paper", "text", [{"name": "n", "part": "p", "action": "REMOVE",
                                                                    "metrics": "acc"}]).encode())
    (src / ".hidden.md").write_text("# p/m/hidden\n")
    (src / ".git").mkdir()
    (src / ".git" / "HEAD").write_text("ref")
    os.mkfifo(src / "pipe.md")
    meta_csv, meta_json, table = root / "tasks.csv", root / "meta.json", root / "models.toml"
    # (a metadata file full of C0 controls is not text: an error of its own, tested in test_cli)
    meta = (_BINARY.sub("", v) for v in pick)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["paper", "title", "url", "task"])
    for p in papers:
        writer.writerow([p, next(meta), next(meta), next(meta)])
    for url in URLS:
        writer.writerow([papers[0], next(meta), url, next(meta)])
    meta_csv.write_text(out.getvalue(), encoding="utf-8", errors="surrogatepass")
    meta_json.write_text(json.dumps({p: {"title": next(meta), "url": next(meta), "task": next(meta)}
                                     for p in papers[::2]}), encoding="utf-8")
    table.write_text("".join(
        f"[models.{toml_string(m)}]\nname = {toml_string(next(pick))}\n"
        f"aliases = [{toml_string(f'alias{i}{next(pick)}')}]\n\n" for i, m in enumerate(dict.fromkeys(models))),
        encoding="utf-8")
    return src, meta_csv, meta_json, table


# -- the scan --------------------------------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "cite", "ping",
                  "xlink:href", "srcset", "codebase", "longdesc", "manifest", "icon"}
FORBIDDEN_TAGS = {"base", "iframe", "frame", "frameset", "object", "embed", "applet", "portal",
                  "animate", "set", "foreignobject", "noscript", "template"}
_ACTIVE_SCHEME = re.compile(r"^(?:javascript|data|vbscript|file):", re.I)
_WHITESPACE = re.compile(r"[\x00-\x20\x7f]+")
_SCOPE = re.compile(r'new URL\("[./]*",location\)')


def theme_scripts(site: Path) -> set[str]:
    """The inline scripts of a site built from benign input (the theme's), page depth removed."""
    return {_SCOPE.sub("", s.get_text()) for f in site.rglob("*.html")
            for s in BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser").find_all("script")
            if not s.get("src")}


def ours(site: Path, page: Path, url: str, folder: str) -> bool:
    """Whether ``url`` (in ``page``) is a file of the site's ``folder``."""
    path = unquote(url.split("?")[0].split("#")[0])
    target = ((site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)).resolve()
    return target.is_file() and target.is_relative_to((site / folder).resolve())


def active_content(site: Path, allowed_inline: set[str]) -> list[str]:
    """Every script, handler, active URL, frame, base, refresh or style URL in the site's
    HTML files that the theme or the project did not put there."""
    found = []
    for f in sorted(site.rglob("*.html")):
        page = f.relative_to(site).as_posix()
        soup = BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(True):
            name = tag.name.lower()
            if name in FORBIDDEN_TAGS:
                found.append(f"{page}: <{name}>")
            if name == "meta" and "refresh" in str(tag.get("http-equiv", "")).lower():
                found.append(f"{page}: meta refresh")
            if name == "use" and not ours(site, f, tag.get("href", ""), "assets/images"):
                found.append(f"{page}: <use href={tag.get('href')!r}>")
            if name == "script":
                src = tag.get("src")
                if src is not None:
                    if not ours(site, f, src, "assets/javascripts"):
                        found.append(f"{page}: <script src={src!r}>")
                elif tag.get("type") != "application/json" and _SCOPE.sub("", tag.get_text()) not in allowed_inline:
                    found.append(f"{page}: inline <script> {tag.get_text()[:60]!r}")
            if name == "style" and re.search(r"url\(|@import|expression\(", tag.get_text(), re.I):
                found.append(f"{page}: <style> with a URL")
            for attr, value in tag.attrs.items():
                value = " ".join(value) if isinstance(value, list) else str(value)
                if attr.lower().startswith("on"):
                    found.append(f"{page}: <{name} {attr}=...>")
                if attr.lower() in URL_ATTRIBUTES and _ACTIVE_SCHEME.match(_WHITESPACE.sub("", unquote(value))):
                    found.append(f"{page}: <{name} {attr}={value[:60]!r}>")
                if attr.lower() in {"src", "srcset", "data", "poster"} and re.match(r"\s*(?:[a-z]+:)?//", value, re.I):
                    found.append(f"{page}: loads {value[:60]!r} from another host")
                if attr.lower() == "style" and re.search(r"url\(|expression\(|@import", value, re.I):
                    found.append(f"{page}: style attribute with a URL")
    return found


def accounted(docs: Path) -> tuple[dict, set[str]]:
    report = json.loads((docs / "data" / "report.json").read_text(encoding="utf-8"))
    import gzip

    pages = {r["source"] for r in json.loads(gzip.decompress((docs / "data" / "trajectories.json.gz").read_bytes()))}
    return report, pages


def build_without_hook(docs: Path, site: Path) -> None:
    """MkDocs alone (Python-Markdown renders the pages): the pages must be as inert there."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from .conftest import REPO

    cfg = load_config(str(REPO / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site), strict=False, hooks=[])
    assert not cfg["hooks"]
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()


def check_site(root: Path, values: list[str], names: list[str], allowed_inline: set[str], capsys) -> Path:
    src, meta_csv, meta_json, table = write_folder(root, values, names)
    docs, site = root / "out" / "site_src", root / "out" / "site"
    started = time.perf_counter()
    status = main(["build", str(src), "--out", str(docs), "--metadata", str(meta_csv), "--metadata", str(meta_json),
                   "--models", str(table)])
    err = capsys.readouterr().err
    assert status == 0, err
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", err)  # nothing raw on the terminal
    mkdocs_build(docs, site)
    assert time.perf_counter() - started < 60
    assert from_input(active_content(site, allowed_inline), allowed_inline) == []
    # every input file is a page, a duplicate, a skipped entry or an error, once
    report, pages = accounted(docs)
    listed = [*pages, *(d["source"] for d in report["duplicates"]), *(e["source"] for e in report["errors"]),
              *(s["source"] for s in report["skipped"])]
    assert len(listed) == len(set(listed)) == report["files"]
    assert {"bad\\xff\\xfename\x1b[31m.md", ".hidden.md", ".git", "pipe.md"} <= set(listed)
    assert report["files"] == len(names) + 4
    assert not any("internal error" in e["error"] for e in report["errors"]), report["errors"]
    # the URLs that are not absolute http(s) were dropped, each with a warning
    dropped = [w for w in report["warnings"] if "dropped: not an absolute" in w["warning"]]
    assert len(dropped) >= len(URLS)
    return docs


class Allowed(set):
    """The theme's inline scripts, and what the scan finds in a site built from benign input
    (the project's own: e.g. the 404 page's data: icon), page by page."""

    project: set[str] = set()


@pytest.fixture(scope="module")
def allowed_inline(sample_site) -> Allowed:
    allowed = Allowed(theme_scripts(sample_site[1]))
    allowed.project = set(active_content(sample_site[1], allowed))
    return allowed


def from_input(found: list[str], allowed: Allowed) -> list[str]:
    return [f for f in found if f not in allowed.project]


def test_every_case_at_once(tmp_path, allowed_inline, capsys):
    """Each payload at least once in every place a value can go."""
    values = PAYLOADS + CONTROLS
    names = [re.sub(r"[/\x00\n\r]", "_", p)[:60] for p in SCRIPTS + MARKDOWN[:8]]
    docs = check_site(tmp_path, values, names, allowed_inline, capsys)
    _, pages = accounted(docs)
    assert len(pages) >= len(names) // 2  # (most files are pages: the payloads reached the templates)
    shown = "".join(BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser").get_text()
                    for f in (tmp_path / "out" / "site" / "trajectories").rglob("*.html"))
    assert "<script>alert(1)</script>" in shown and "[x](javascript:alert(1))" in shown  # shown, as text
    build_without_hook(docs, tmp_path / "plain")
    assert len(list((tmp_path / "plain").rglob("*.html"))) > len(names)
    assert from_input(active_content(tmp_path / "plain", allowed_inline), allowed_inline) == []


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow, HealthCheck.data_too_large])
@given(values=st.lists(hostile_text, min_size=5, max_size=30),
       names=st.lists(hostile_name, min_size=1, max_size=6, unique_by=lambda s: s.lower()[:60]))
def test_hostile_folders(tmp_path_factory, allowed_inline, capsys, values, names):
    names = [n[:60] for n in names]
    if len({n.lower() for n in names}) < len(names):
        return
    check_site(tmp_path_factory.mktemp("hostile"), values, names, allowed_inline, capsys)


def test_the_scan_finds_what_it_looks_for(tmp_path, allowed_inline):
    """The scan is not blind: each kind of active content in a page is found."""
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "assets" / "javascripts" / "ok.js").write_text("")
    cases = ['<script src="assets/javascripts/ok.js"></script>', "<script>alert(1)</script>",
             '<script src="https://evil.example/x.js"></script>', '<img src="x" onerror="alert(1)">',
             '<a href=" javascript:alert(1)">x</a>', '<a href="data:text/html,x">x</a>', "<base href='//e/'>",
             "<iframe></iframe>", '<meta http-equiv="Refresh" content="0;url=//e">', "<object></object>",
             "<embed>", '<p style="background:url(x)">x</p>', '<img src="//evil.example/x.png">']
    for i, case in enumerate(cases):
        (tmp_path / f"{i}.html").write_text(f"<html><body>{case}</body></html>")
    found = active_content(tmp_path, allowed_inline)
    assert {f.split(":")[0] for f in found} == {f"{i}.html" for i in range(1, len(cases))}
    # what the project itself puts in pages (allowed in hostile builds) is the 404 page's only
    assert {f.split(":")[0] for f in allowed_inline.project} <= {"404.html"}
