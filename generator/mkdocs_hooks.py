"""The only module that knows MkDocs: hooks wired in mkdocs.yml (`hooks:`).

Kept thin on purpose (Material for MkDocs reaches end of life in 2027; Zensical reads
the same mkdocs.yml):

- Pages the generator wrote (listed in its manifest) are CommonMark and are rendered by
  :mod:`generator.fastmd` instead of Python-Markdown; their relative links are turned
  into URLs and checked here, so ``--strict`` still fails on a dead link. Hand-written
  pages go through MkDocs as usual.
- After the build, Pagefind indexes the site (:mod:`generator.search_index`).
- Our stylesheet and script URLs carry a content hash, so a redeploy never pairs new
  pages with a stale cached asset.
"""

from __future__ import annotations

import hashlib
import json
import logging
import posixpath
from pathlib import Path

from mkdocs.structure.toc import get_toc

from generator.fastmd import render_markdown, rewrite_md_links
from generator.search_index import SearchIndexError, build_search_index
from generator.write import MANIFEST

log = logging.getLogger("mkdocs.plugins.trajectories")
_generated: set[str] = set()
_rendered: dict[str, object] = {}


def on_config(config, **kwargs):
    """Learn which pages the generator wrote."""
    _generated.clear()
    try:
        manifest = json.loads((Path(config["docs_dir"]) / MANIFEST).read_text(encoding="utf-8"))
        _generated.update(manifest.get("files", {}))
    except (OSError, ValueError):
        pass
    _fingerprint(config)
    return config


def _fingerprint(config) -> None:
    """Append ?v=<content hash> to our own extra_css / extra_javascript URLs."""
    roots = [Path(config["docs_dir"]), *(Path(d) for d in config["theme"].dirs)]
    for key in ("extra_css", "extra_javascript"):
        for i, entry in enumerate(config[key]):
            path = str(entry)
            if "?" in path or "://" in path or path.startswith("/"):
                continue
            source = next((r / path for r in roots if (r / path).is_file()), None)
            if source is None:
                continue
            digest = hashlib.sha256(source.read_bytes()).hexdigest()[:8]
            if isinstance(entry, str):
                config[key][i] = f"{path}?v={digest}"
            else:
                entry.path = f"{path}?v={digest}"


def on_page_markdown(markdown, page, config, files, **kwargs):
    """Render generated pages here; hand Python-Markdown an empty string for them."""
    src = page.file.src_uri
    if src not in _generated:
        return markdown
    rendered = render_markdown(markdown, toc_depth=3)

    def url_for(target: str) -> str:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(src), target))
        file = files.get_file_from_path(path)
        if file is None:
            log.warning("Doc file '%s' contains a link '%s', but the target is not found "
                        "among the documentation files.", src, target)
            return target
        return file.url_relative_to(page.file)

    _rendered[src] = (rewrite_md_links(rendered.html, url_for), rendered)
    return ""


def on_page_content(html, page, config, files, **kwargs):
    entry = _rendered.pop(page.file.src_uri, None)
    if entry is None:
        return html
    content, rendered = entry
    page.toc = get_toc([t.token() for t in rendered.toc])
    page.present_anchor_ids = set(rendered.anchors)
    return content


def on_post_build(config, **kwargs):
    """Index the built site for search (a failure is an error: the search box needs it)."""
    try:
        summary = build_search_index(Path(config["site_dir"]))
    except SearchIndexError as exc:
        log.error("%s", exc)
        return
    log.info("Search index: %s", summary)
