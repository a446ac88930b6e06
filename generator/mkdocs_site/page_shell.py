"""The theme's page shell, rendered once per folder and filled in per page.

A generated trajectory, paper or model page is outside the nav, so everything the theme
draws around its content (head, header, navigation, footer, scripts) is the same for
every page in one folder: the relative links to the nav pages and assets are the same
strings. Only the title, description, canonical URL, table of contents and content
differ. So the theme's ``main.html`` is rendered once per folder with a stand-in page
whose fields are unique slot markers, and each page is that shell with its own values
put in the slots. The table of contents is still rendered by the theme's own
``partials/toc.html`` for each page.

``tests/mkdocs_site/test_page_shell.py`` builds sites both ways and checks every page is
byte for byte what the theme alone renders (``extra: trajectories: page_shell: false`` in
mkdocs.yml turns the shell off; ``bench/README.md`` says what it saves).
"""

from __future__ import annotations

import copy
import hashlib
import posixpath
import re
from typing import Any, Callable

from markupsafe import Markup, escape

_SLOT = "tjslot7c1e{}x"
TITLE, DESCRIPTION, CANONICAL, SKIP, TOC, CONTENT = (
    _SLOT.format(n) for n in ("title", "description", "canonical", "skip", "toc", "content"))
# pages whose front matter holds anything else (hide:, status:, ...) go through the theme
SIMPLE_META = frozenset({"title", "description", "template"})
TEMPLATE = "tj_page.html"  # theme_overrides/tj_page.html: {{ tj_fill() }}


def fill(context: dict[str, Any], render: Callable[[str, dict[str, Any]], str],
         shells: dict[tuple, str], stand_in_toc: Callable[[list[dict]], Any],
         shared: dict[str, str] | None = None) -> str:
    """The page of ``context`` as the theme's ``main.html`` renders it.

    Pages in the nav (their nav entry is highlighted) and pages with other front matter
    are simply rendered by the theme.

    ``render(template, context)`` renders a theme template; ``shells`` caches shells
    across pages of one build; ``stand_in_toc(tokens)`` makes a TOC (MkDocs' ``get_toc``);
    ``shared``, if given, gets the files that the shell's icons and inline scripts were
    moved to (see :func:`share_icons`, :func:`share_scripts`), to be written into the site.
    """
    page = context["page"]
    meta = page.meta or {}
    content = page.content or ""
    title = meta.get("title")
    if (page in context["nav"].pages or not set(meta) <= SIMPLE_META or not isinstance(title, str)
            or not isinstance(meta.get("description", ""), str) or "<h1" not in content):
        return render("main.html", context)
    key = (posixpath.dirname(page.url.rstrip("/")), "description" in meta,
           page.canonical_url is not None, bool(page.toc))
    shell = shells.get(key)
    if shell is None:
        shell = compact(render("main.html", {**context, "page": _stand_in(page, stand_in_toc)}))
        if shared is not None:
            shell = share_scripts(share_icons(shell, context["base_url"], shared), context["base_url"], shared)
        shells[key] = shell
    parts = {
        TITLE: title,
        DESCRIPTION: meta.get("description", ""),
        CANONICAL: page.canonical_url or "",
        SKIP: next(iter(page.toc)).id if page.toc else "",
        TOC: _toc(page, context, render, shells, stand_in_toc),
        "<h1" + CONTENT: content,  # last: nothing is replaced inside the content
    }
    out = shell
    for slot, value in parts.items():
        out = out.replace(slot, value)
    return out


_WS = re.compile(r"\s*\n\s*")
_PRE = re.compile(r"<(pre|textarea)\b", re.I)


def compact(html: str) -> str:
    """The theme's indentation dropped: each run of whitespace holding a line break becomes
    one line break, which renders the same (HTML collapses whitespace; scripts keep their
    line breaks). Left as is if there is preformatted text, where whitespace shows."""
    return html if _PRE.search(html) else _WS.sub("\n", html)


ICONS = "assets/images/icons"  # where share_icons' files go, in the site
_SVG = re.compile(r'<svg xmlns="http://www\.w3\.org/2000/svg" viewBox="([^"<>]+)">((?:(?!</?svg)[^\0])*)</svg>')


def share_icons(html: str, base_url: str, icons: dict[str, str]) -> str:
    """Each inline icon becomes a reference to one small file holding it.

    The theme inlines its icons (logo, menu, light/dark toggles, search, close: ~3 kB) in
    every page; 2,600 pages repeat them 2,600 times. ``<svg><use href="…#i"/></svg>`` draws
    the same icon (it inherits ``fill: currentColor``) from a file named by its content,
    so a cached copy is never stale. ``icons`` gets ``{file path: SVG document}``.
    """
    def use(m: re.Match[str]) -> str:
        view_box, body = m.group(1), m.group(2)
        name = hashlib.sha256(f"{view_box}\n{body}".encode()).hexdigest()[:12] + ".svg"
        icons[f"{ICONS}/{name}"] = (f'<svg xmlns="http://www.w3.org/2000/svg"><symbol id="i" viewBox="{view_box}">'
                       f"{body}</symbol></svg>\n")
        return f'<svg viewBox="{view_box}"><use href="{base_url}/{ICONS}/{name}#i"/></svg>'

    return _SVG.sub(use, html)


SCRIPTS = "assets/javascripts/shared"
_SCRIPT = re.compile(r"<script>((?:(?!</script>)[^\0])+)</script>")


def share_scripts(html: str, base_url: str, files: dict[str, str]) -> str:
    """Each inline script that is the same on every page becomes a file named by its content.

    Loaded the same way (a plain ``<script src>`` runs at the same point, blocking, as the
    inline one did) and cached across pages. Scripts that mention the page's base URL are
    page-specific and stay inline. ``files`` gets ``{file path: script}``.
    """
    def share(m: re.Match[str]) -> str:
        code = m.group(1)
        if base_url in code or "tjslot" in code:
            return m.group(0)
        name = f"{SCRIPTS}/{hashlib.sha256(code.encode()).hexdigest()[:12]}.js"
        files[name] = code + "\n"
        return f'<script src="{base_url}/{name}"></script>'

    return _SCRIPT.sub(share, html)


def _stand_in(page: Any, stand_in_toc: Callable[[str], Any]) -> Any:
    """A copy of ``page`` whose page-specific fields are slot markers."""
    other = copy.copy(page)
    other.meta = {"title": TITLE}
    if "description" in page.meta:
        other.meta["description"] = DESCRIPTION
    other.title = TITLE
    other.content = "<h1" + CONTENT  # the theme adds its own <h1> unless the content has one
    if page.canonical_url is not None:
        other.canonical_url = CANONICAL
    other.toc = stand_in_toc([{"level": 2, "id": SKIP, "name": "", "children": []}]) if page.toc else []
    other.tj_toc = TOC  # read by theme_overrides/partials/toc.html
    return other


def _toc(page: Any, context: dict[str, Any], render: Callable[[str, dict[str, Any]], str],
         shells: dict[tuple, str], stand_in_toc: Callable[[list[dict]], Any]) -> str:
    """The page's table of contents: the theme's, rendered once per shape and filled in."""
    entries: list[Any] = []
    shape = _shape(page.toc, entries)
    key = ("toc", shape)
    html = shells.get(key)
    if html is None:
        counter = iter(range(len(entries)))
        other = copy.copy(page)
        other.toc = stand_in_toc(_slot_tokens(shape, counter))
        html = shells[key] = compact(render("partials/toc.html", {**context, "page": other}))
    for n, entry in enumerate(entries):
        html = html.replace(_SLOT.format(f"i{n}"), entry.id)
        title = _SLOT.format(f"t{n}")
        # the title as written, then (entries with children) as an aria-label: striptags | e
        html = html.replace(title, entry.title, 1)
        if entry.children:
            html = html.replace(title, str(escape(Markup(entry.title).striptags())))
    return html


def _shape(toc: Any, entries: list[Any]) -> tuple:
    """The TOC's structure (levels, nesting); ``entries`` gets its entries in document order."""
    out = []
    for entry in toc:
        entries.append(entry)
        out.append((entry.level, _shape(entry.children, entries)))
    return tuple(out)


def _slot_tokens(shape: tuple, counter) -> list[dict]:
    tokens = []
    for level, children in shape:
        n = next(counter)
        tokens.append({"level": level, "id": _SLOT.format(f"i{n}"), "name": _SLOT.format(f"t{n}"),
                       "children": _slot_tokens(children, counter)})
    return tokens
