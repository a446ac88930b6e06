"""Fast page rendering: CommonMark (cmark-gfm) with heading ids, permalinks and a TOC.

Generated pages are written as CommonMark plus HTML blocks, so they can be rendered
here in a fraction of a millisecond instead of going through Python-Markdown (which
dominated build time). Model text inside them was already sanitized when rendered
(:mod:`generator.untrusted.prose`), so raw HTML is passed through.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import cmarkgfm
from cmarkgfm.cmark import Options

# a heading cmark wrote, or one of ours with an id (and perhaps more attributes after it)
_HEADING = re.compile(r'<h([1-6])(?: id="([^"]*)"((?: [a-z-]+(?:="[^"]*")?)*))?>(.*?)</h\1>', re.S)
# attr_list's id at the end of a Markdown heading: `### Name {#ablation-1}`
_ATTR_ID = re.compile(r"\s*\{:?\s*#([A-Za-z][\w-]*)((?:\s+\.[A-Za-z][\w-]*)*)\s*\}\s*$")
_TAG = re.compile(r"<[^>]+>")
_ID = re.compile(r' id="([^"]+)"')  # (attributes are one space apart in cmark's and our HTML)
# a link or source: ` href="…"` or ` src="…"` (found by their literal start, which is fast),
# inside a tag: text that merely looks like an attribute (`&lt;a href="x"`) is not one
_LINK = re.compile(r' (?:href|src)="([^"<>]*)"')


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
    links: tuple[str, ...] = ()  # every href and src, for the link check


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
        attr = _ATTR_ID.search(inner) if not given else None
        if attr:
            given, inner = attr.group(1), inner[:attr.start()]
            if attr.group(2):
                attrs = f' class="{" ".join(c.lstrip(".") for c in attr.group(2).split())}"' + (attrs or "")
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
    return RenderedPage(out, tuple(toc), frozenset(used), _links(out))


def _links(page_html: str) -> tuple[str, ...]:
    """Every href and src in a tag of the page (not in its text)."""
    return tuple(m.group(1) for m in _LINK.finditer(page_html)
                 if page_html.rfind("<", 0, m.start()) > page_html.rfind(">", 0, m.start()))


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
