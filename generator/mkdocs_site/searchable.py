"""What of a page the search index reads: its content without the parts Pagefind leaves out.

Pagefind leaves out every element marked ``data-pagefind-ignore`` and every element matching
the index's ``exclude_selectors`` (:data:`generator.mkdocs_site.pagefind.EXCLUDE`), but it
still parses them, and on the real corpus they are two thirds of the content it is given
(the paper pages' matrices, the headings' permalinks, the provenance lines...): removing
them beforehand, in the worker processes that render the pages, saves Pagefind — the longest
single task of a build — about a fifth of its time (bench/README.md). The index is the same:
each page's text, words, filters, metadata and headings (test_searchable.py compares the
indexes); only ids of left-out elements with no text are no longer listed as anchors, which
Pagefind's search never uses (its sub-results come from headings with text).

Anything this does not read with certainty (a script, a comment, an unbalanced element)
is given to Pagefind whole, which then leaves the parts out itself.
"""

from __future__ import annotations

import re

from generator.mkdocs_site.pagefind import EXCLUDE

CLASSES = frozenset(selector[1:] for selector in EXCLUDE)
assert all(s.startswith(".") and re.fullmatch(r"[\w-]+", s[1:]) for s in EXCLUDE), "only class selectors are read here"

# What may mark an element as left out: each place one is found is then read as the
# attribute of a tag or not. (Every serialiser of the pages' HTML — cmark, nh3, the
# templates' autoescape — writes "<" and ">" inside attribute values as "&lt;" and "&gt;":
# a "<" always starts a tag.)
_MARKS = ("data-pagefind-ignore", *sorted(CLASSES))
# the permalink of a heading, as generator.mkdocs_site.markdown writes it (most marks are
# these: they go in one pass)
_PERMALINK = re.compile(r'<a class="headerlink" href="#[^"<>]*" title="Permanent link">&para;</a>')
_TAG = re.compile(r"""<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'=<>/`]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(/?)>""")
_ATTRIBUTE = re.compile(r"""\s+([^\s"'=<>/`]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
# what this does not read: raw text elements, comments, CDATA
_UNREAD = re.compile(r"<(?:[sS][cC][rR][iI][pP][tT]|[sS][tT][yY][lL][eE]|[tT][eE][xX][tT][aA]|[xX][mM][pP]|[pP][lL][aA][iI][nN]"
                     r"|[nN][oO][sSeEfF]|[iI][fF][rR][aA][mM][eE]|!)")
_SAME: dict[str, re.Pattern[str]] = {}  # tag name -> its opening and closing tags


def searchable(html: str) -> str:
    """``html`` without the elements Pagefind leaves out (those holding filters or metadata,
    which it still reads, stay); when it cannot be read with certainty, ``html`` itself
    (at most without the headings' permalinks)."""
    if _UNREAD.search(html):
        return html
    html = _PERMALINK.sub("", html)
    out: list[str] = []
    kept = 0  # html[kept:...] is still to be copied
    pos = 0  # html[:pos] is read
    for mark in _marks(html):
        if mark < pos:
            continue
        start = html.rfind("<", kept, mark)
        tag = _TAG.match(html, start) if start >= 0 else None
        if tag is None or tag.end() <= mark or tag.group(3) or not _left_out(tag.group(2)):
            continue  # (text, or another attribute's value)
        end = _end_of(html, tag.group(1).lower(), tag.end())
        if end is None:
            return html  # (unbalanced: Pagefind reads it as it will)
        if "data-pagefind-" not in html[tag.end():end]:
            out.append(html[kept:start])
            kept = end
        pos = end
    out.append(html[kept:])
    return "".join(out)


def _marks(html: str) -> list[int]:
    """Where a mark of :data:`_MARKS` is found, in order (str.find: faster than a regex)."""
    found = []
    for mark in _MARKS:
        at = html.find(mark)
        while at >= 0:
            found.append(at)
            at = html.find(mark, at + len(mark))
    found.sort()
    return found


def _end_of(html: str, name: str, pos: int) -> int | None:
    """Where the element ``name`` opened just before ``pos`` ends (after its closing tag)."""
    same = _SAME.get(name)
    if same is None:
        same = _SAME.setdefault(name, re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*?(/?)>", re.I))
    depth = 1
    for tag in same.finditer(html, pos):
        if tag.group(2):  # (self-closing: no content)
            continue
        depth += -1 if tag.group(1) else 1
        if not depth:
            return tag.end()
    return None


def _left_out(attributes: str) -> bool:
    if not attributes:
        return False
    for attribute in _ATTRIBUTE.finditer(attributes):
        name = attribute.group(1).lower()
        if name == "data-pagefind-ignore":
            return True
        if name == "class":
            value = next((v for v in attribute.group(2, 3, 4) if v is not None), "")
            if not CLASSES.isdisjoint(value.split()):
                return True
    return False
