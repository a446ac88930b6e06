"""Fast page rendering: CommonMark (cmark-gfm) with heading ids, permalinks and a TOC.

Generated pages are written as CommonMark plus HTML blocks, so they can be rendered
here in a fraction of a millisecond instead of going through Python-Markdown (which
dominated build time). Model text inside them was already sanitized when rendered
(:mod:`generator.modeltext`), so raw HTML is passed through.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache

import cmarkgfm
from cmarkgfm.cmark import Options

# a heading cmark wrote, or one of ours with an id (and perhaps more attributes after it)
_HEADING = re.compile(r'<h([1-6])(?: id="([^"]*)"((?: [a-z-]+(?:="[^"]*")?)*))?>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")
_ID = re.compile(r'\sid="([^"]+)"')
# a relative link or source inside a tag (no scheme, not '#...' or '/...'): resolved against
# the page's file. Text that merely looks like an attribute (`&lt;a href="x"`) is not a tag.
_HREF = re.compile(
    r'(<[A-Za-z][^<>]*?\s(?:href|src)=")(?![A-Za-z][A-Za-z0-9+.-]*:|#|/)([^"#?<>]+)((?:[#?][^"]*)?")'
)


@dataclass
class TocEntry:
    level: int
    id: str
    name: str  # HTML
    children: list["TocEntry"] = field(default_factory=list)

    def token(self) -> dict:
        return {"level": self.level, "id": self.id, "name": self.name,
                "children": [c.token() for c in self.children]}


@dataclass(frozen=True)
class RenderedPage:
    html: str
    toc: tuple[TocEntry, ...]
    anchors: frozenset[str]


def render_markdown(text: str, toc_depth: int = 3) -> RenderedPage:
    # GFM without its tagfilter: pages are our own markup (SVG charts keep their <title>);
    # model text inside them was sanitized before it got here.
    out = cmarkgfm.markdown_to_html_with_extensions(
        text, options=Options.CMARK_OPT_UNSAFE, extensions=["table", "strikethrough", "autolink"])
    used: set[str] = set(_ID.findall(out))
    toc: list[TocEntry] = []
    stack: list[TocEntry] = []

    def heading(m: re.Match[str]) -> str:
        level, given, attrs, inner = int(m.group(1)), m.group(2), m.group(3), m.group(4)
        name = html.unescape(_TAG.sub("", inner)).strip()
        hid = given or _unique(_slug(name), used)
        used.add(hid)
        if 2 <= level <= toc_depth:
            entry = TocEntry(level, hid, html.escape(name, quote=False))
            while stack and stack[-1].level >= level:
                stack.pop()
            (stack[-1].children if stack else toc).append(entry)
            stack.append(entry)
        link = f'<a class="headerlink" href="#{hid}" title="Permanent link">&para;</a>'
        return f'<h{level} id="{hid}"{attrs or ""}>{inner}{link}</h{level}>'

    out = _HEADING.sub(heading, out)
    return RenderedPage(out, tuple(toc), frozenset(used))


def rewrite_md_links(page_html: str, url_for) -> str:
    """Replace each relative href/src (``x.md``, ``data/x.json``) by ``url_for(path)``; fragment kept."""
    return _HREF.sub(lambda m: m.group(1) + url_for(m.group(2)) + m.group(3), page_html)


def relative_url(url: str, other: str) -> str:
    """``url`` relative to the page at ``other`` (both site-root relative): exactly MkDocs'
    ``get_relative_url``, with each URL's parts worked out once (a site has ~35,000 links)."""
    dirname, _, basename = other.rpartition("/")
    base = _url_parts(dirname if "." in basename else other)
    dest = _url_parts(url)
    common = 0
    for a, b in zip(base, dest):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(base) - common) + list(dest[common:])) or "."
    return rel + "/" if url.endswith("/") else rel


@lru_cache(maxsize=1 << 16)
def _url_parts(path: str) -> tuple[str, ...]:
    path = posixpath.normpath(path if path.startswith("/") else "/" + path)[1:]  # as MkDocs' _norm_parts
    return tuple(path.split("/")) if path else ()


def _slug(text: str) -> str:
    s = re.sub(r"[^\w\s-]", "", text.lower(), flags=re.UNICODE)
    return re.sub(r"[\s-]+", "-", s).strip("-") or "section"


def _unique(slug: str, used: set[str]) -> str:
    if slug not in used:
        return slug
    n = 1
    while f"{slug}_{n}" in used:
        n += 1
    return f"{slug}_{n}"
