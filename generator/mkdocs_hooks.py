"""The only module that knows MkDocs: hooks wired in mkdocs.yml (`hooks:`).

Kept thin on purpose (Material for MkDocs reaches end of life in 2027; Zensical reads
the same mkdocs.yml): the generator writes plain Markdown, these hooks only adjust
how MkDocs builds it.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.sanitize import sanitize_html
from generator.write import MANIFEST

_generated: set[str] = set()


def on_config(config, **kwargs):
    """Learn which pages the generator wrote (only those carry untrusted text)."""
    _generated.clear()
    try:
        manifest = json.loads((Path(config["docs_dir"]) / MANIFEST).read_text(encoding="utf-8"))
        _generated.update(manifest.get("files", {}))
    except (OSError, ValueError):
        pass
    return config


def on_page_content(html, page, config, files, **kwargs):
    """Sanitize every generated page; hand-written pages are trusted as written."""
    if page.file.src_uri in _generated:
        return sanitize_html(html)
    return html
