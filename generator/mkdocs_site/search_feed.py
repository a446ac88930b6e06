"""`python -m generator site`: the search index starts on the pages while they are generated.

Pagefind's indexing (bench/README.md) is the longest single task of a
full build, so it must start as early as possible. When the generator and MkDocs run in one
process, each page is also rendered to HTML where it is generated (:func:`prepare`, in the
generator's worker processes, with :mod:`generator.mkdocs_site.markdown` as the MkDocs hook would,
and what Pagefind would leave out of it removed: :mod:`generator.mkdocs_site.searchable`) and
handed to Pagefind as soon as it arrives (:class:`Feeder`), so Pagefind works on the other
core while the generator writes and MkDocs renders. The plugin (:meth:`TrajectorySite.adopt
<generator.mkdocs_site.plugin.TrajectorySite.adopt>`) then adds only the pages it was not
given (hand-written ones) and installs the index. What was rendered here is kept in the
feeder (``known``), so that the plugin neither reads nor renders those pages again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from generator import layout
from generator.mkdocs_site.markdown import RenderedPage, render_markdown
from generator.mkdocs_site.pagefind import SearchIndexError, StreamingIndex
from generator.mkdocs_site.searchable import searchable

# MkDocs' front matter block (mkdocs.utils.meta): the body is what follows, without leading newlines
_FRONT = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
# front matter as the generator writes it: each line `key: "JSON string"`
_SIMPLE = re.compile(r'([a-z_]+):[ \t]*("(?:[^"\\\n]|\\.)*")[ \t]*\n')
# ...that YAML reads as JSON does: no character YAML refuses or takes for a line break
# (it folds those), no escaped surrogate (YAML does not pair them)
_NOT_JSON_AS_YAML = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
                               r"|\\u[dD][89a-fA-F]")


@dataclass(frozen=True)
class Prepared:
    """A generated page, ready for the search index and the MkDocs hook."""
    path: str  # its file in docs_dir
    dest: str  # its file in the site
    body: str  # the Markdown MkDocs will see, after the front matter
    meta: dict[str, str] | None  # its front matter, when simple (else None: MkDocs parses it)
    rendered: RenderedPage
    search: str  # what the search index reads of it (:func:`~generator.mkdocs_site.searchable.searchable`)


@dataclass(frozen=True)
class Known:
    """A page as :class:`Feeder` had it, for the MkDocs hook."""
    body: str
    meta: dict[str, str] | None
    rendered: RenderedPage


def prepare(path: str, data: bytes) -> Prepared | None:
    """The page at ``path`` (docs path) rendered for search; ``None`` if not a page.

    Runs in the generator's workers, so that the rendering is spread over every core."""
    if not layout.is_page(path):
        return None
    text = data.decode("utf-8")
    body, meta = split_front_matter(text)
    rendered = render_markdown(body)
    return Prepared(path, layout.dest_of(path), body, meta, rendered, searchable(rendered.html))


class Feeder:
    """``on_rendered`` for :func:`generator.build.build`: each prepared page goes to Pagefind.

    Pagefind's process starts at once; the MkDocs plugin takes its index over. The threads
    that talk to it start with the first page, which comes back from the worker processes
    once they have all been forked (no thread may run while they are).
    """

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.known: dict[str, Known] = {}  # docs path -> the page as rendered here
        self._again = False  # a page was made a second time
        try:
            self.index: StreamingIndex | None = StreamingIndex(lang, start=False)
        except SearchIndexError:
            self.index = None  # the plugin starts its own index and reports the error

    def __call__(self, path: str, prepared: Prepared | None) -> None:
        if prepared is None or self.index is None:
            return
        self.index.start()
        again = prepared.path in self.known
        self.known[prepared.path] = Known(prepared.body, prepared.meta, prepared.rendered)
        if again:  # (made again: Pagefind keeps what it had first; see settle)
            self._again = True
            return
        self.index.add(prepared.dest, _title(prepared.meta), prepared.search)

    def settle(self) -> None:
        """Call when the generator is done. If it made a page twice (a page that could not be
        made changes the report, and the pages that show it are made again), the index is
        started again with every page as it is now: Pagefind cannot replace a page."""
        if not self._again or self.index is None:
            return
        self.index.discard()
        self._again = False
        try:
            self.index = StreamingIndex(self.lang)
        except SearchIndexError:
            self.index = None
            return
        for path, known in self.known.items():
            self.index.add(layout.dest_of(path), _title(known.meta), searchable(known.rendered.html))


def _title(meta: dict[str, str] | None) -> str:
    return (meta or {}).get("title", "")


def plain_body(known: Known) -> bool:
    """Whether MkDocs, given ``known.body`` as the page's source, finds no front matter in it
    and so sees the same page as from the file (if ``known.meta`` is set afterwards)."""
    return known.meta is not None and known.body[:1] in ("<", "#")


def split_front_matter(text: str) -> tuple[str, dict[str, str] | None]:
    """(body, meta) as MkDocs splits them, when the front matter is simple ``key: "string"``
    lines (what the generator writes); else (text's body, None) and MkDocs parses it."""
    m = _FRONT.match(text)
    if not m:
        return text, None
    body = text[m.end():].lstrip("\n")
    meta: dict[str, str] = {}
    block = m.group(1)
    pos = 0
    while pos < len(block):
        line = _SIMPLE.match(block, pos)
        if line is None or _NOT_JSON_AS_YAML.search(line.group(2)):
            return body, None
        try:
            value = json.loads(line.group(2))
        except ValueError:
            return body, None
        meta[line.group(1)] = value
        pos = line.end()
    return body, meta
