"""`python -m generator site`: the search index starts on the generator's pages at once.

Pagefind's indexing (~5 s of one core on the real corpus) is the longest single task of a
full build. When the generator and MkDocs run in one process, the generator hands each page
it renders to Pagefind (rendered with :mod:`generator.fastmd`, as the MkDocs hook would),
so Pagefind works on the other core while MkDocs reads and renders them; the hook then adds
only the pages it was not given (hand-written ones) and installs the index.
The rendered HTML is kept for the hook, which so renders each page once.
"""

from __future__ import annotations

import json
import posixpath
import re

from .fastmd import remember_render
from .search_index import StreamingIndex

# MkDocs' front matter block (mkdocs.utils.meta): the body is what follows, without leading newlines
_FRONT = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
_TITLE = re.compile(r"^title:[ \t]*(.+?)[ \t]*$", re.M)


def feed(index: StreamingIndex, path: str, text: object) -> bool:
    """Give ``index`` the page the generator just rendered at ``path`` (docs path), if a page."""
    if not path.endswith(".md") or _hidden(path):
        return False
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    if not isinstance(text, str):
        return False
    body, title = text, ""
    if m := _FRONT.match(text):
        body = text[m.end():].lstrip("\n")
        if t := _TITLE.search(m.group(1)):
            title = _yaml_string(t.group(1))
    index.add(dest_of(path), title, remember_render(body).html)
    return True


def dest_of(path: str) -> str:
    """The page's file in the site, as MkDocs writes it with ``use_directory_urls``."""
    stem = path[: -len(".md")]
    if posixpath.basename(stem) in ("index", "README"):
        return posixpath.join(posixpath.dirname(stem), "index.html")
    return f"{stem}/index.html"


def _yaml_string(value: str) -> str:
    """The generator writes titles as JSON strings (valid YAML); anything else is kept as is."""
    try:
        loaded = json.loads(value)
    except ValueError:
        return value
    return loaded if isinstance(loaded, str) else value


def _hidden(path: str) -> bool:
    return any(part.startswith((".", "_")) for part in path.split("/"))
