"""Where every generated file lives, and its URL: the one module that knows.

A *path* is a file in the docs folder (``papers/apt/index.md``, ``data/report.json``); its
*URL* is where a builder publishes it, relative to the site root, with directory URLs as
MkDocs and Zensical both make them by default (``papers/apt/``; other files keep their path).

Every generated page is an ``index.md`` in a folder of its own, so that its folder in the
docs and its URL are the same: a relative link in the page's HTML (``../../papers/apt/``)
then means the same thing to every builder — MkDocs leaves links in raw HTML as they are,
Zensical rewrites them as relative to the source file, which here changes nothing. Pages
link with URLs relative to their own (never ``.md`` paths in HTML: MkDocs would leave those
broken). Nothing else in the package builds a path or a URL by hand.
"""

from __future__ import annotations

import hashlib
import posixpath
from functools import lru_cache

HOME = "index.md"
REPORT = "report/index.md"
INTRO = "_intro.md"  # optional hand-written home-page text, inlined into index.md
PAPERS = "papers"
MODELS = "models"
TRAJECTORIES = "trajectories"
ABLATIONS = "ablations"  # the per-ablation index
INDEX_PAGE_SIZE = 1000

TRAJECTORIES_JSON = "data/trajectories.json.gz"
ABLATIONS_CSV = "data/ablations.csv.gz"
REPORT_JSON = "data/report.json"
PAPERS_JSON = "data/papers.json"
LEADERBOARD_JSON = "data/leaderboard.json"
LEADERBOARD = "leaderboard/index.md"

# Theme files the site never loads: Material's own search (lunr and its worker; search is
# Pagefind here) and source maps (more than the theme's other assets together).
UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")

# Names a slug may not take: they are folders or pages of the site itself, or reserved file
# names on Windows.
RESERVED_SLUGS = frozenset({"index", "con", "prn", "aux", "nul", "assets", "search", "data", "pagefind"})


# -- paths ----------------------------------------------------------------------------------------

def trajectory_page(planner_slug: str, model_slug: str, paper_slug: str) -> str:
    return f"{TRAJECTORIES}/{planner_slug}/{model_slug}/{paper_slug}/index.md"


def paper_page(paper_slug: str) -> str:
    return f"{PAPERS}/{paper_slug}/index.md"


def model_page(model_slug: str) -> str:
    return f"{MODELS}/{model_slug}/index.md"


def index_page(kind: str) -> str:
    """The first page of an index (``papers/index.md``); models have one page."""
    return f"{kind}/index.md"


def index_pages(kind: str, rows: int) -> list[str]:
    """``papers/index.md``, ``papers/page-2/index.md``, ... for ``rows`` rows."""
    n = max(1, -(-rows // INDEX_PAGE_SIZE))
    return [index_page(kind)] + [f"{kind}/page-{i}/index.md" for i in range(2, n + 1)]


def facet_data(kind: str) -> str:
    return f"data/index/{kind}.json"


def ablationbench_zip(planner_slug: str, model_slug: str) -> str:
    return f"data/ablationbench/{planner_slug}--{model_slug}.zip"


def is_page(path: str) -> bool:
    """A Markdown page a builder publishes (not a data file, not ``_intro.md``-like)."""
    return path.endswith(".md") and not any(part.startswith((".", "_")) for part in path.split("/"))


# -- URLs -----------------------------------------------------------------------------------------

@lru_cache(maxsize=1 << 16)
def url_of(path: str) -> str:
    """The URL of a docs path, relative to the site root ("" for the home page)."""
    if not path.endswith(".md"):
        return path
    stem = path[: -len(".md")]
    if stem == "index" or stem == "README":
        return ""
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return folder + "/"
    return stem + "/"


def dest_of(path: str) -> str:
    """The built file of a docs path (``papers/apt/index.html``)."""
    url = url_of(path)
    return url + "index.html" if url.endswith("/") or url == "" else url


def search_url(dest: str) -> str:
    """The URL Pagefind gives a built file: from the site root, without ``index.html``."""
    return "/" + (dest[: -len("index.html")] if dest.endswith("index.html") else dest)


@lru_cache(maxsize=1 << 16)
def _parts(url: str) -> tuple[str, ...]:
    url = posixpath.normpath("/" + url)[1:]
    return tuple(url.split("/")) if url else ()


def relative(url: str, from_url: str) -> str:
    """``url`` relative to the page at ``from_url`` (both site-root relative), as MkDocs'
    ``get_relative_url`` gives it."""
    url, from_url = url or "./", from_url or "./"
    dirname, _, basename = from_url.rpartition("/")
    base = _parts(dirname if "." in basename else from_url)
    dest = _parts(url)
    common = 0
    for a, b in zip(base, dest):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(base) - common) + list(dest[common:])) or "."
    return rel + "/" if url.endswith("/") else rel


def link(from_path: str, to_path: str, fragment: str = "") -> str:
    """The href, in the page at ``from_path``, of the file ``to_path`` (both docs paths)."""
    href = relative(url_of(to_path), url_of(from_path))
    return f"{href}#{fragment}" if fragment else href


def linker(from_path: str):
    """``to(path, fragment="")``: :func:`link` from one page (templates call it a lot)."""
    here = url_of(from_path)

    def to(to_path: str, fragment: str = "") -> str:
        href = relative(url_of(to_path), here)
        return f"{href}#{fragment}" if fragment else href

    return to


def root_from(path: str) -> str:
    """The site root, relative to the URL of the page at ``path``."""
    return "../" * url_of(path).count("/") or "./"


def resolve_url(page_url: str, href: str) -> str | None:
    """The site path an href in the page at ``page_url`` leads to (``papers/apt/``), or None
    for a link elsewhere (another host, a scheme, ``#`` alone)."""
    target = href.split("#", 1)[0].split("?", 1)[0]
    if not target or ":" in target.split("/", 1)[0] or target.startswith("//"):
        return None
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    base = page_url if page_url.endswith("/") or page_url == "" else posixpath.dirname(page_url) + "/"
    joined = posixpath.normpath(posixpath.join("/" + base, target))
    return joined.lstrip("/") + ("/" if target.endswith("/") and joined != "/" else "")


def site_url(url: str) -> str:
    """A builder's URL of a file in our form ("" for the home page, not "./")."""
    return "" if url in ("./", ".", "/") else url.lstrip("/")


def unused_theme_file(site_path: str) -> bool:
    return site_path.startswith(UNUSED_THEME_FILES) or (site_path.startswith("assets/") and site_path.endswith(".map"))


def versioned(url: str, data: bytes) -> str:
    """An asset URL with its content hash: a redeploy never pairs new pages with a stale file."""
    return f"{url}?v={hashlib.sha256(data).hexdigest()[:8]}"
