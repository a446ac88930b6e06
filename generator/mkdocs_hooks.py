"""The only module that knows MkDocs: hooks wired in mkdocs.yml (`hooks:`).

Kept thin on purpose (Material for MkDocs reaches end of life in 2027; Zensical reads
the same mkdocs.yml):

- Pages the generator wrote (listed in its manifest) are CommonMark and are rendered by
  :mod:`generator.fastmd` instead of Python-Markdown; their relative links are turned
  into URLs and checked here, so ``--strict`` still fails on a dead link (MkDocs' own
  Markdown pass is skipped for them). Hand-written pages go through MkDocs as usual.
- Generated pages outside the nav get the theme's page shell rendered once per folder and
  filled in (:mod:`generator.shell`); its icons and inline scripts become shared files.
- Pagefind indexes each page's content as soon as it is rendered, in its own process
  (:mod:`generator.search_index`); the index lands in ``site/pagefind/`` at the end.
- Theme files the site never loads (Material's lunr search, source maps) are left out, and
  the theme's static files are found without walking its 14,000 icons.
- With ``python -m generator site``, pages the generator has just rendered come from memory
  (:mod:`generator.search_feed`): MkDocs neither reads, parses nor renders them again.
- ``make serve`` sets ``TRAJECTORY_SOURCES`` (and ``TRAJECTORY_METADATA``): then, and only
  under ``mkdocs serve``, those folders are watched and ``docs_dir`` is regenerated
  (incrementally) as soon as they change, then rebuilt (:mod:`generator.preview`). A
  plain ``mkdocs build`` never regenerates ``docs_dir``.
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

from jinja2 import FileSystemLoader, pass_context
from mkdocs.structure.toc import get_toc

from generator import shell
from generator.jinja_cache import CompiledTemplates
from generator.fastmd import relative_url, render_markdown, rewrite_md_links
from generator.search_feed import Known, plain_body, take
from generator.search_index import SearchIndexError, StreamingIndex, take_early
from generator.write import MANIFEST

log = logging.getLogger("mkdocs.plugins.trajectories")
_generated: set[str] = set()
_serving = False
_search_docs: dict[str, tuple[str, str]] = {}  # dest path -> (title, content); kept across serve rebuilds
_search: list[StreamingIndex] = []  # this build's index, fed each page as it is rendered
_fed: set[str] = set()
_expected: set[str] = set()  # this build's pages: once all are fed, Pagefind can write the index


_compiled = CompiledTemplates()  # the theme's templates: compiled once, not once per build


def on_env(env, config, files, **kwargs):
    env.bytecode_cache = _compiled
    _shells.clear()
    env.globals["tj_fill"] = _tj_fill
    if _search and _serving and not _fed and (Path(config["site_dir"]) / "pagefind").is_dir():
        _search.pop().discard()  # a `serve` rebuild that re-rendered no page: the index stands
    elif _search:  # a dirty `serve` rebuild: the pages it did not re-render are indexed too
        for dest, (title, content) in _search_docs.items():
            if dest not in _fed:
                _search[-1].add(dest, title, content)
        # every page's content is known: Pagefind writes the index while MkDocs renders the theme
        _search[-1].finish(Path(config["site_dir"]))
    return env


_shells: dict[tuple, str] = {}
_shared: dict[str, str] = {}  # site path -> text: the shells' icons and scripts (generator/shell.py)


@pass_context
def _tj_fill(context) -> str:
    """Template helper (theme_overrides/tj_page.html): a generated page in its folder's shell."""
    env = context.environment

    def render(template: str, ctx: dict) -> str:
        return env.get_template("tj_toc.html" if template == "partials/toc.html" else template).render(ctx)

    return shell.fill(context.get_all(), render, _shells, get_toc, _shared)


def on_startup(command, dirty, **kwargs):
    global _serving
    _serving = command == "serve"


def _watched_sources() -> tuple[list[Path], list[Path]]:
    split = lambda name: [Path(p) for p in os.environ.get(name, "").split(os.pathsep) if p]
    return split("TRAJECTORY_SOURCES"), split("TRAJECTORY_METADATA")


def on_serve(server, config, builder, **kwargs):
    """Under `make serve` (TRAJECTORY_SOURCES set): regenerate on change (generator.preview)."""
    sources, metadata = _watched_sources()
    if not sources:
        return server
    from generator.preview import Preview

    fast = hasattr(server, "_rebuild_cond") and hasattr(server, "_want_rebuild")

    def rebuild() -> None:  # what MkDocs' own watcher does on a change, without its 0.5 s polling
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    if fast:  # the preview watches docs_dir itself and ignores the generator's own writes
        server.unwatch(config["docs_dir"])
    Preview(sources, metadata, Path(config["docs_dir"]), rebuild if fast else (lambda: None)).start(watch_docs=fast)
    return server


def on_config(config, **kwargs):
    """Learn which pages the generator wrote."""
    if not _serving:  # a dirty serve rebuild re-renders only changed pages: keep the others
        _search_docs.clear()
    _load_manifest(config)
    _fingerprint(config)
    _list_theme_without_dot_folders(config["theme"])
    return config


class _ThemeLoader(FileSystemLoader):
    """The theme's loader, listing no dot folder or file (MkDocs drops them by name when it
    looks for the theme's static files: Material's 14,300 icons under ``.icons/``; walking
    and filtering them took 0.15 s per build). Loading templates is unchanged."""

    def list_templates(self) -> list[str]:
        found = set()
        for root in self.searchpath:
            for folder, subfolders, names in os.walk(root, followlinks=self.followlinks):
                subfolders[:] = [d for d in subfolders if not d.startswith(".")]
                rel = os.path.relpath(folder, root).replace(os.sep, "/")
                for name in names:
                    if not name.startswith("."):
                        found.add(name if rel == "." else f"{rel}/{name}")
        return sorted(found)


def _list_theme_without_dot_folders(theme) -> None:
    get_env = theme.get_env

    def env():
        made = get_env()
        if type(made.loader) is FileSystemLoader:
            loader = made.loader
            made.loader = _ThemeLoader(loader.searchpath, loader.encoding, loader.followlinks)
        return made

    theme.get_env = env


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


# Theme files the site never loads: Material's own search (lunr and its worker; search is
# Pagefind here) and source maps (~2.4 MB together, more than the theme's other assets).
UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")


def on_files(files, config, **kwargs):
    _urls.clear()
    _file_urls.clear()
    _ahead.clear()
    _load_manifest(config)  # the generator may have run since on_config (serve)
    _start_search_index(config, files)
    docs = Path(config["docs_dir"]).resolve()
    for file in list(files):
        unused = file.src_uri.startswith(UNUSED_THEME_FILES) or (
            file.src_uri.startswith("assets/") and file.src_uri.endswith(".map"))
        if unused and file.abs_src_path and not Path(file.abs_src_path).resolve().is_relative_to(docs):
            files.remove(file)
    return files


def _start_search_index(config, files) -> None:
    """Start Pagefind for this build (pages are fed to it as they are rendered)."""
    pages = {f.dest_uri for f in files.documentation_pages()}
    for dest in [d for d in _search_docs if d not in pages]:  # pages gone since the last build
        del _search_docs[dest]
    _expected.clear()
    _expected.update(pages)
    _fed.clear()
    lang = config["theme"]["language"] or "en"
    early = take_early()  # started by `python -m generator site` on the generator's pages
    if early is not None and early.lang == lang and config["use_directory_urls"]:
        _search.append(early)
        _fed.update(early.fed)
        return
    if early is not None:
        early.discard()
    try:
        _search.append(StreamingIndex(lang=lang))
    except SearchIndexError as exc:
        log.error("%s", exc)


def on_page_read_source(page, config, **kwargs):
    """A page `python -m generator site` has just generated and rendered comes from memory
    (its front matter is set in ``on_page_markdown``: MkDocs need not parse it)."""
    src = page.file.src_uri
    if src not in _generated or (known := take(src)) is None:
        return None
    _ahead[src] = known
    return known.body if plain_body(known) else None


_ahead: dict[str, Known] = {}  # src_uri -> the page as the generator had it (read_source to markdown)


def on_page_markdown(markdown, page, config, files, **kwargs):
    """Render generated pages here (MkDocs' own Markdown pass is skipped for them)."""
    src = page.file.src_uri
    if src not in _generated:
        return markdown
    known = _ahead.pop(src, None)
    if known is not None and plain_body(known):  # read from memory: its front matter is this
        page.meta = dict(known.meta)
    if known is not None and known.body == markdown:
        rendered = known.rendered
    else:
        rendered = render_markdown(markdown, toc_depth=3)
    folder = posixpath.dirname(page.url.rstrip("/"))
    src_dir = posixpath.dirname(src)
    if not _file_urls:  # once per build: every file's URL by its path (links are looked up here)
        _file_urls.update((f.src_uri, f.url) for f in files)

    def url_for(target: str) -> str:
        key = (folder, src_dir, target)
        url = _urls.get(key)
        if url is None:
            path = posixpath.normpath(posixpath.join(src_dir, target))
            dest = _file_urls.get(path)
            if dest is None:
                log.warning("Doc file '%s' contains a link '%s', but the target is not found "
                            "among the documentation files.", src, target)
                return target
            url = relative_url(dest, page.url)
            if not dest.startswith(page.url):  # same answer for every page in this folder
                _urls[key] = url
        return url

    content = rewrite_md_links(rendered.html, url_for)
    page.render = lambda config, files: _set_rendered(page, content, rendered)
    if not page.meta.get("template"):
        page.meta["template"] = shell.TEMPLATE
    return markdown


_urls: dict[tuple[str, str, str], str] = {}  # (page folder, page's source folder, link) -> URL
_file_urls: dict[str, str] = {}  # src_uri -> URL, this build's files


def _set_rendered(page, content: str, rendered) -> None:
    """What ``Page.render`` sets, from the page rendered by fastmd."""
    page.content = content
    page.toc = get_toc([t.token() for t in rendered.toc])
    page.present_anchor_ids = set(rendered.anchors)


def on_page_content(html, page, config, files, **kwargs):
    """Hand the page's content to the search index (Pagefind works on it in its own process)."""
    dest = page.file.dest_uri
    _search_docs[dest] = entry = (page.title or "", html)
    if _search and dest not in _fed:  # pages the generator gave the index already are in it
        _search[-1].add(dest, *entry)
        _fed.add(dest)
        if _expected <= _fed:  # the last one (with `generator site`, often the first hand-written page)
            _search[-1].finish(Path(config["site_dir"]))
    return html


def on_post_build(config, **kwargs):
    """Install the search index (a failure is an error: the search box needs it).

    Under `mkdocs serve` it is installed when ready, without holding up the browser reload.
    """
    site = Path(config["site_dir"])
    for name, text in _shared.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    while _search:
        index = _search.pop()
        if _serving:
            threading.Thread(target=_install, args=(index, site), daemon=True).start()
        else:
            _install(index, site)


def _install(index: StreamingIndex, site: Path) -> None:
    try:
        log.info("Search index: %s", index.install(site))
    except SearchIndexError as exc:
        log.error("%s", exc)


class SiteBuildError(RuntimeError):
    """MkDocs could not build the site; the message says why (its log has the details)."""


def build_site(config_file: Path, docs_dir: Path, site_dir: Path | None = None, strict: bool = True) -> None:
    """``mkdocs build`` in this process (``python -m generator site``)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if not logging.getLogger().handlers and not logging.getLogger("mkdocs").handlers:
        logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    overrides = {"docs_dir": str(docs_dir), "strict": strict}
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir)
    try:
        build(load_config(str(config_file), **overrides))
    except (MkDocsException, OSError) as exc:
        raise SiteBuildError(f"mkdocs build failed: {exc}") from exc
