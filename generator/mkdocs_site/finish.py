"""``python -m generator finish SITE_DIR``: complete a site that any builder made.

The docs folder the generator writes builds correctly with MkDocs alone or with Zensical,
but only our MkDocs hook does the last steps in the same process. This does them on the
built files instead, the same way:

1. **Search**: the Pagefind index over each page's ``<article>``, with the same fields and
   exclusions as the hook's (:mod:`generator.mkdocs_site.pagefind`).
2. **Unused theme files** removed (Material's lunr search and its worker, source maps), and
   a sitemap that lists no page (what ``theme_overrides/sitemap.xml`` writes without
   ``site_url``: a sitemap needs absolute URLs).
3. **Content hashes** on the URLs of stylesheets and scripts that have none in their name,
   so a redeploy never pairs new pages with a stale cached file.
4. **A link check** of every page (:mod:`generator.mkdocs_site.sitecheck`); broken links
   are listed and make the command fail.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator import layout
from generator.mkdocs_site import sitecheck
from generator.mkdocs_site.pagefind import SearchIndexError, StreamingIndex
from generator.mkdocs_site.searchable import searchable

_ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.S | re.I)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)
_ASSET = re.compile(r'(<(?:link|script)\b[^<>]*?\s(?:href|src)=")([^"?#<>:]+\.(?:css|js))(")', re.I)
_HASHED = re.compile(r"\.[0-9a-f]{8,}\.(?:min\.)?(?:css|js)$")
_SEARCH_INDEXES = ("search/search_index.json",)  # builders' own indexes: the site searches with Pagefind


class FinishError(RuntimeError):
    """The site cannot be finished (no such folder, Pagefind failed); the message says why."""


@dataclass
class Finished:
    pages_indexed: int = 0
    removed: list[str] = field(default_factory=list)
    versioned: int = 0
    links: int = 0
    pages: int = 0
    broken: list[sitecheck.Broken] = field(default_factory=list)
    search: str = ""

    def summary(self) -> str:
        lines = [f"search: {self.search}",
                 f"theme files removed: {len(self.removed)}; asset URLs versioned: {self.versioned}"]
        if "sitemap.xml" in self.removed:
            lines.append("sitemap.xml removed: it lists no page (build with site_url, SITE_URL, for one)")
        lines.append(f"link check: {self.pages} pages, {self.links} links, {len(self.broken)} broken")
        lines += [f"  broken: {b.page}: {b.href} ({b.reason})" for b in self.broken[:50]]
        if len(self.broken) > 50:
            lines.append(f"  ... and {len(self.broken) - 50} more")
        return "\n".join(lines)


def finish(site_dir: Path, *, lang: str = "en", index: bool = True) -> Finished:
    site = Path(site_dir)
    if not (site / "index.html").is_file():
        raise FinishError(f"{site} has no index.html: build the site first (mkdocs build, or zensical build)")
    done = Finished()
    done.removed = _prune(site)
    done.versioned = _version_assets(site)
    if index:
        done.search, done.pages_indexed = _index(site, lang)
    checked = sitecheck.check(site)
    done.pages, done.links, done.broken = checked.pages, checked.links, checked.broken
    return done


def _pages(site: Path) -> list[str]:
    return [p for p in sitecheck.html_files(site) if p != "404.html"]


def _index(site: Path, lang: str) -> tuple[str, int]:
    try:
        index = StreamingIndex(lang=lang)
    except SearchIndexError as exc:
        raise FinishError(str(exc)) from exc
    site_name = _site_name(site)
    count = 0
    for page in _pages(site):
        text = (site / page).read_text(encoding="utf-8", errors="replace")
        article = _ARTICLE.search(text)
        if article is None:
            continue
        index.add(page, _page_title(text, site_name), searchable(article.group(1)))
        count += 1
    try:
        return index.install(site), count
    except SearchIndexError as exc:
        raise FinishError(str(exc)) from exc


def _site_name(site: Path) -> str:
    """The site's name: the home page's title."""
    text = (site / "index.html").read_text(encoding="utf-8", errors="replace")
    m = _TITLE.search(text)
    return html.unescape(m.group(1)).strip() if m else ""


def _page_title(text: str, site_name: str) -> str:
    """A page's own title: its ``<title>`` without the site's name the theme adds."""
    m = _TITLE.search(text)
    title = html.unescape(m.group(1)).strip() if m else ""
    for sep in (" - ", " – ", " — ", " | "):
        if site_name and title.endswith(sep + site_name):
            return title[: -len(sep + site_name)]
    return title


def _prune(site: Path) -> list[str]:
    """Remove theme files no page loads (and a builder's own search index)."""
    removed = []
    for folder, _, names in os.walk(site):
        rel = os.path.relpath(folder, site).replace(os.sep, "/")
        for name in names:
            path = name if rel == "." else f"{rel}/{name}"
            if layout.unused_theme_file(path) or path in _SEARCH_INDEXES:
                (site / path).unlink()
                removed.append(path)
    if (site / "sitemap.xml").is_file() and b"<loc>" not in (site / "sitemap.xml").read_bytes():
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            if (site / name).is_file():
                (site / name).unlink()
                removed.append(name)
    for folder in sorted({str(Path(p).parent) for p in removed}, key=len, reverse=True):
        try:
            (site / folder).rmdir()  # when it is empty now
        except OSError:
            pass
    return removed


def _version_assets(site: Path) -> int:
    """Add ``?v=<hash>`` to each local stylesheet or script URL without a hash in its name."""
    digests: dict[str, str | None] = {}
    count = 0
    for page in sitecheck.html_files(site):
        path = site / page
        text = path.read_text(encoding="utf-8")
        here = page[: -len("index.html")] if page.endswith("index.html") else page

        def version(m: re.Match[str]) -> str:
            nonlocal count
            url = m.group(2)
            if _HASHED.search(url) or url.startswith("/"):
                return m.group(0)
            target = layout.resolve_url(here, url)
            if target not in digests:
                file = site / target if target else None
                digests[target] = (hashlib.sha256(file.read_bytes()).hexdigest()[:8]
                                   if file is not None and file.is_file() else None)
            if digests[target] is None:
                return m.group(0)
            count += 1
            return f"{m.group(1)}{url}?v={digests[target]}{m.group(3)}"

        new = _ASSET.sub(version, text)
        if new != text:
            path.write_text(new, encoding="utf-8")
    return count
