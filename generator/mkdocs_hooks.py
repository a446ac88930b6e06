"""The only module that knows MkDocs: hooks wired in mkdocs.yml (`hooks:`).

Kept thin on purpose (Material for MkDocs reaches end of life in 2027; Zensical reads
the same mkdocs.yml):

- Pages the generator wrote (listed in its manifest) are CommonMark and are rendered by
  :mod:`generator.fastmd` instead of Python-Markdown; their relative links are turned
  into URLs and checked here, so ``--strict`` still fails on a dead link. Hand-written
  pages go through MkDocs as usual.
- Pagefind indexes the pages' content (:mod:`generator.search_index`) in the background
  while MkDocs renders the theme; the index lands in ``site/pagefind/`` at the end.
- ``make serve`` sets ``TRAJECTORY_SOURCES`` (and ``TRAJECTORY_METADATA``): then, and only
  under ``mkdocs serve``, those folders are watched and regenerated (incrementally) before
  each rebuild. A plain ``mkdocs build`` never regenerates ``docs_dir``.
- Our stylesheet and script URLs carry a content hash, so a redeploy never pairs new
  pages with a stale cached asset.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import posixpath
import threading
from pathlib import Path

from mkdocs.structure.toc import get_toc

from generator.fastmd import render_markdown, rewrite_md_links
from generator.search_index import BackgroundIndex, SearchIndexError
from generator.write import MANIFEST

log = logging.getLogger("mkdocs.plugins.trajectories")
_generated: set[str] = set()
_rendered: dict[str, object] = {}
_serving = False
_search_docs: dict[str, tuple[str, str]] = {}  # dest path -> (title, content); kept across serve rebuilds
_search: list[BackgroundIndex] = []


_memo: dict[str, object] = {}


def _tj_memo(key: str, render):
    """Template helper: render a page-independent fragment once per key (see theme_overrides)."""
    if key not in _memo:
        _memo[key] = render()
    return _memo[key]


def on_env(env, config, files, **kwargs):
    """Every page's content exists now: index it while MkDocs renders the theme around it."""
    _memo.clear()
    env.globals["tj_memo"] = _tj_memo
    _search.append(BackgroundIndex(_search_docs, lang=config["theme"]["language"] or "en"))
    return env


def on_startup(command, dirty, **kwargs):
    global _serving
    _serving = command == "serve"


def _watched_sources() -> tuple[list[Path], list[Path]]:
    split = lambda name: [Path(p) for p in os.environ.get(name, "").split(os.pathsep) if p]
    return split("TRAJECTORY_SOURCES"), split("TRAJECTORY_METADATA")


def on_serve(server, config, builder, **kwargs):
    for path in _watched_sources()[0]:
        server.watch(str(path))
    return server


def on_pre_build(config, **kwargs):
    """Under `mkdocs serve` with TRAJECTORY_SOURCES set: regenerate what changed."""
    sources, metadata = _watched_sources()
    if not (_serving and sources):
        return
    from generator.build import build
    from generator.config import BuildConfig

    result = build(BuildConfig(sources=tuple(sources), out=Path(config["docs_dir"]),
                               metadata=tuple(metadata)))
    log.info("Regenerated %s: %d files written, %d removed in %.2f s", config["docs_dir"],
             len(result.written.written), len(result.written.removed), result.seconds)


def on_config(config, **kwargs):
    """Learn which pages the generator wrote."""
    if not _serving:  # a dirty serve rebuild re-renders only changed pages: keep the others
        _search_docs.clear()
    _load_manifest(config)
    _fingerprint(config)
    return config


def _load_manifest(config) -> None:
    _generated.clear()
    try:
        manifest = json.loads((Path(config["docs_dir"]) / MANIFEST).read_text(encoding="utf-8"))
        _generated.update(manifest.get("files", {}))
    except (OSError, ValueError):
        pass


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


def on_files(files, config, **kwargs):
    _load_manifest(config)  # the generator may have run since on_config (serve)
    return files


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
    if entry is not None:
        html, rendered = entry
        page.toc = get_toc([t.token() for t in rendered.toc])
        page.present_anchor_ids = set(rendered.anchors)
    _search_docs[page.file.dest_uri] = (page.title or "", html)
    return html


def on_post_build(config, **kwargs):
    """Install the search index (a failure is an error: the search box needs it).

    Under `mkdocs serve` it is installed when ready, without holding up the browser reload.
    """
    site = Path(config["site_dir"])
    while _search:
        index = _search.pop()
        if _serving:
            threading.Thread(target=_install, args=(index, site), daemon=True).start()
        else:
            _install(index, site)


def _install(index: BackgroundIndex, site: Path) -> None:
    try:
        log.info("Search index: %s", index.install(site))
    except SearchIndexError as exc:
        log.error("%s", exc)
