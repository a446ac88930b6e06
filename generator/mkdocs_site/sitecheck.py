"""A link check of a built site, file by file: every link, stylesheet, script and image of
every page leads to a file of the site (and an anchor in it, when the link has one).

MkDocs' ``--strict`` sees only Markdown links; the pages hold raw HTML, so this reads the
built files themselves, whichever builder made them.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from generator import layout

_REF = re.compile(r'<(?:a|link|script|img|source|use|image)\b[^<>]*?\s(?:href|src|xlink:href)="([^"<>]*)"', re.I)
_ID = re.compile(r'\s(?:id|name)="([^"<>]+)"')
# the parts of a page that are data, not markup: no link in them is followed
_OPAQUE = re.compile(r"<(script|style|pre|code|textarea)\b.*?</\1\s*>", re.S | re.I)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Broken:
    page: str  # the built file holding the link, relative to the site
    href: str
    reason: str


@dataclass
class Checked:
    pages: int = 0
    links: int = 0
    broken: list[Broken] = field(default_factory=list)


def html_files(site: Path) -> list[str]:
    """Every HTML file of the site (relative, '/'-separated), the search index's aside."""
    out = []
    for folder, subfolders, names in os.walk(site):
        rel = os.path.relpath(folder, site).replace(os.sep, "/")
        subfolders[:] = [d for d in subfolders if not (rel == "." and d == "pagefind")]
        out += [name if rel == "." else f"{rel}/{name}" for name in names if name.endswith(".html")]
    return sorted(out)


def check(site: Path, *, skip: tuple[str, ...] = ("404.html",)) -> Checked:
    """Check every link of every page of ``site``. ``skip``: pages whose links are absolute
    on purpose (the 404 page is served at any depth)."""
    site = Path(site)
    pages = html_files(site)
    ids: dict[str, frozenset[str]] = {}
    result = Checked(pages=len(pages))

    def anchors(path: str) -> frozenset[str]:
        if path not in ids:
            text = (site / path).read_text(encoding="utf-8", errors="replace")
            ids[path] = frozenset(html.unescape(i) for i in _ID.findall(text))
        return ids[path]

    for page in pages:
        if page in skip:
            continue
        text = (site / page).read_text(encoding="utf-8", errors="replace")
        here = page[: -len("index.html")] if page.endswith("index.html") else page
        markup = _OPAQUE.sub("", text)
        own_ids = None
        for raw in _REF.findall(markup):
            href = html.unescape(raw)
            result.links += 1
            if not href or href.startswith("//") or _SCHEME.match(href):
                continue
            target, _, fragment = href.partition("#")
            if not target:  # '#x' on this page
                own_ids = own_ids if own_ids is not None else anchors(page)
                if fragment and unquote(fragment) not in own_ids:
                    result.broken.append(Broken(page, href, "no such anchor on this page"))
                continue
            path = layout.resolve_url(here, unquote(target))
            if path is None:
                continue
            file = _file_of(site, path)
            if file is None:
                result.broken.append(Broken(page, href, "no such file"))
            elif fragment and file.endswith(".html") and unquote(fragment) not in anchors(file):
                result.broken.append(Broken(page, href, f"no anchor #{fragment} in {file}"))
    return result


def _file_of(site: Path, path: str) -> str | None:
    """The file a site path is served from ('papers/x/' -> 'papers/x/index.html'), if any."""
    clean = posixpath.normpath("/" + path).lstrip("/") if path else ""
    for candidate in ((clean + "/index.html").lstrip("/") if path.endswith("/") or not clean else clean,
                      f"{clean}/index.html"):
        if (site / candidate).is_file():
            return candidate
    return None
