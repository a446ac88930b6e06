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

# a tag, its attributes quoted or not ("<" and ">" may be inside quotes)
_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'=<>/`]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(/?)>""")
_ATTRIBUTE = re.compile(r"""\s+([^\s"'=<>/`]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
# what may mark an element as left out (a quick test before the tags are read)
_MARKED = re.compile(r"data-pagefind-ignore|\b(?:" + "|".join(map(re.escape, sorted(CLASSES))) + r")\b")
# what this does not read: raw text elements, comments, CDATA
_UNREAD = re.compile(r"<(?:script|style|textarea|title|xmp|plaintext|noscript|iframe|noembed|noframes)\b|<!", re.I)


def searchable(html: str) -> str:
    """``html`` without the elements Pagefind leaves out (those holding filters or metadata,
    which it still reads, stay); ``html`` itself when it cannot be read with certainty."""
    if not _MARKED.search(html) or _UNREAD.search(html):
        return html
    out: list[str] = []
    kept = 0  # html[kept:...] is still to be copied
    name, depth, start = "", 0, 0  # the left-out element being skipped (depth 0: none)
    for tag in _TAG.finditer(html):
        closing, tag_name, attributes, self_closing = tag.groups()
        tag_name = tag_name.lower()
        if not depth:
            if not closing and not self_closing and _left_out(attributes):
                name, depth, start = tag_name, 1, tag.start()
        elif tag_name == name and not self_closing:
            depth += -1 if closing else 1
            if not depth and "data-pagefind-" not in html[html.index(">", start) + 1:tag.start()]:
                out.append(html[kept:start])
                kept = tag.end()
    if depth:
        return html
    out.append(html[kept:])
    return "".join(out)


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
