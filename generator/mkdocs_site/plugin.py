"""The MkDocs side of the generator: one plugin object, its state on it, its handlers in
lifecycle order.

MkDocs loads ``generator/mkdocs_site/hook.py`` (the ``hooks:`` entry of ``mkdocs.yml``),
which makes one :class:`TrajectorySite` and hands MkDocs its ``on_*`` methods. The object
is an *accelerator*: the pages the generator writes into ``docs_dir`` are a plain MkDocs
docs_dir that any builder renders correctly (MkDocs without this hook, Zensical), and
``python -m generator finish SITE_DIR`` completes such a site (search, assets, link check).
With the hook, the same work happens in this process, faster:

- Pages the generator wrote (listed in its manifest) are rendered by
  :mod:`generator.mkdocs_site.markdown` (cmark) instead of Python-Markdown, and their links
  are checked here, so ``--strict`` still fails on a dead one.
- Generated pages outside the nav get the theme's page shell rendered once per folder and
  filled in (:mod:`generator.mkdocs_site.page_shell`).
- Pagefind indexes each page's content as soon as it is rendered, in its own process
  (:mod:`generator.mkdocs_site.pagefind`); with ``python -m generator site`` it started on
  the generator's pages before MkDocs ran (:meth:`TrajectorySite.adopt`).
- Theme files the site never loads are left out; our asset URLs carry a content hash.
- ``python -m generator serve`` watches the sources and regenerates ``docs_dir``
  (:mod:`generator.mkdocs_site.preview`); a plain ``mkdocs build`` never regenerates it.

Every use of an MkDocs or Material internal goes through :mod:`generator.mkdocs_site.compat`.
"""

from __future__ import annotations

import logging
import posixpath
import re
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from mkdocs.exceptions import PluginError

from generator import layout
from generator.mkdocs_site import compat, page_shell
from generator.mkdocs_site.compat import get_toc
from generator.mkdocs_site.markdown import RenderedPage, render_markdown
from generator.mkdocs_site.options import OptionsError, SiteOptions
from generator.mkdocs_site.pagefind import SearchIndexError, StreamingIndex
from generator.mkdocs_site.search_feed import Feeder, Known, plain_body
from generator.mkdocs_site.searchable import searchable
from generator.output import manifest
from generator.pages.jinja_cache import CompiledTemplates

log = logging.getLogger("mkdocs.plugins.trajectories")
notice = logging.getLogger("generator.site")  # warnings that are no fault of the pages (--strict ignores them)
# a relative link to a Markdown file, in Markdown or HTML: `](x.md#a)`, `href="x.md"`
_MD_LINK = re.compile(r'(\]\(|href=")(?![A-Za-z][A-Za-z0-9+.-]*:|/|#)([^)"#\s]+\.md)(#[^)"\s]*)?([)"])')


@dataclass
class _Build:
    """What one build knows; made anew in ``on_config``."""

    generated: frozenset[str] = frozenset()  # docs paths the generator owns (its manifest)
    expected: set[str] = field(default_factory=set)  # this build's pages (site paths)
    fed: set[str] = field(default_factory=set)  # pages the search index has
    index: StreamingIndex | None = None
    known: dict[str, Known] = field(default_factory=dict)  # pages the generator rendered in memory
    ahead: dict[str, Known] = field(default_factory=dict)  # read from memory, not yet rendered
    shells: dict[tuple, str] = field(default_factory=dict)  # page shells and TOC shapes
    shared: dict[str, str] = field(default_factory=dict)  # site path -> text (the shells' icons, scripts)
    urls: frozenset[str] = frozenset()  # the URL of every file (layout.site_url)
    src_urls: dict[str, str] = field(default_factory=dict)  # src_uri -> URL, for '.md' links


class TrajectorySite:
    """The MkDocs plugin object (see the module's docstring)."""

    def __init__(self) -> None:
        self.options = SiteOptions()
        self.overrides: dict[str, Any] = {}  # options set by the command line (serve)
        self.serving = False
        self.build = _Build()
        self._adopted: Feeder | None = None  # `python -m generator site`: the generator's pages
        self._search_docs: dict[str, tuple[str, str]] = {}  # dest -> (title, content), across serve rebuilds
        self._compiled: CompiledTemplates | None = None
        self._preview: Any = None

    # -- hand-over from `python -m generator site` ----------------------------------------------

    def adopt(self, feeder: Feeder) -> None:
        """Take the search index the generator started and the pages it rendered."""
        self._adopted = feeder

    # -- lifecycle, in order ------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        if self._preview is not None:
            self._preview.stop()
            self._preview = None
        if self.build.index is not None:
            self.build.index.discard()
        self.build = _Build()

    def on_config(self, config):
        try:
            self.options = replace(SiteOptions.from_extra(config["extra"]), **self.overrides)
        except OptionsError as exc:
            raise PluginError(str(exc)) from exc
        if not self.serving:  # a dirty serve rebuild re-renders only changed pages: keep the others
            self._search_docs.clear()
        self.build = _Build(generated=frozenset(manifest.owned(Path(config["docs_dir"]))))
        _fingerprint(config)
        return config

    def on_files(self, files, config):
        b = self.build
        b.generated = frozenset(manifest.owned(Path(config["docs_dir"])))  # the generator may have run since
        self._start_search_index(config, files)
        docs = Path(config["docs_dir"]).resolve()
        for file in list(files):
            if layout.unused_theme_file(file.src_uri) and file.abs_src_path \
                    and not Path(file.abs_src_path).resolve().is_relative_to(docs):
                files.remove(file)
        b.src_urls = {f.src_uri: layout.site_url(f.url) for f in files}
        b.urls = frozenset(b.src_urls.values())
        return files

    def on_env(self, env, config, files):
        if self.options.bytecode_cache:
            if self._compiled is None:
                self._compiled = CompiledTemplates()
            env.bytecode_cache = self._compiled  # the theme's templates: compiled once, not once per build
        env.globals["tj_fill"] = self._fill
        b = self.build
        if b.index is not None and self.serving and not b.fed and (Path(config["site_dir"]) / "pagefind").is_dir():
            b.index.discard()  # a `serve` rebuild that re-rendered no page: the index stands
            b.index = None
        elif b.index is not None:  # a dirty `serve` rebuild: the pages it did not re-render too
            for dest, (title, content) in self._search_docs.items():
                if dest not in b.fed:
                    b.index.add(dest, title, searchable(content))
            # every page's content is known: Pagefind writes the index while MkDocs renders the theme
            b.index.finish(Path(config["site_dir"]))
        return env

    def on_page_read_source(self, page, config):
        """A page `python -m generator site` has just generated and rendered comes from memory
        (its front matter is set in ``on_page_markdown``: MkDocs need not parse it)."""
        src = page.file.src_uri
        known = self.build.known.pop(src, None) if src in self.build.generated else None
        if known is None:
            return None
        self.build.ahead[src] = known
        return known.body if plain_body(known) else None

    def on_page_markdown(self, markdown, page, config, files):
        """Render generated pages here (MkDocs' own Markdown pass is skipped for them)."""
        src = page.file.src_uri
        if src not in self.build.generated:
            return markdown
        known = self.build.ahead.pop(src, None)
        if known is not None and plain_body(known):  # read from memory: its front matter is this
            page.meta = dict(known.meta)
        rendered = known.rendered if known is not None and known.body == markdown else render_markdown(markdown)
        if any(link.split("#", 1)[0].endswith(".md") for link in rendered.links):  # a hand-written intro's
            rendered = render_markdown(_MD_LINK.sub(lambda m: self._md_link(page, m), markdown))
        self._check_links(page, rendered)
        compat.replace_page_render(page, lambda: _set_rendered(page, rendered))
        if not page.meta.get("template") and self.options.page_shell:
            page.meta["template"] = page_shell.TEMPLATE
        return markdown

    def on_page_content(self, html, page, config, files):
        """Hand the page's content to the search index (Pagefind works on it in its own process)."""
        b = self.build
        dest = page.file.dest_uri
        self._search_docs[dest] = (page.title or "", html)
        if b.index is not None and dest not in b.fed:  # pages the generator gave the index already are in it
            b.index.add(dest, page.title or "", searchable(html))
            b.fed.add(dest)
            if b.expected <= b.fed:  # the last one (with `generator site`, often the first hand-written page)
                b.index.finish(Path(config["site_dir"]))
        return html

    def on_post_build(self, config):
        """Write the shells' shared files and install the search index (a failure is an error:
        the search box needs it). Under `mkdocs serve` the index is installed when ready,
        without holding up the browser's reload."""
        site = Path(config["site_dir"])
        for name, text in self.build.shared.items():
            path = site / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if not config["site_url"]:
            _drop_sitemap(site)
        index, self.build.index = self.build.index, None
        if index is None:
            return
        if self.serving:
            threading.Thread(target=_install, args=(index, site), daemon=True).start()
        else:
            _install(index, site)

    def on_serve(self, server, config, builder):
        """Under ``python -m generator serve``: regenerate on change (generator.mkdocs_site.preview)."""
        if not self.options.watch:
            return server
        from generator.mkdocs_site.preview import Preview

        rebuild = compat.rebuild_trigger(server)
        if rebuild is not None:  # the preview watches docs_dir itself and ignores the generator's own writes
            server.unwatch(config["docs_dir"])
        self._preview = Preview(self.options.watch, self.options.metadata, Path(config["docs_dir"]),
                                rebuild or (lambda: None), models=self.options.models,
                                site_dir=Path(config["site_dir"]))
        self._preview.start(watch_docs=rebuild is not None)
        return server

    # -- helpers -------------------------------------------------------------------------------------

    def _start_search_index(self, config, files) -> None:
        """Start Pagefind for this build (pages are fed to it as they are rendered)."""
        b = self.build
        pages = {f.dest_uri for f in files.documentation_pages()}
        for dest in [d for d in self._search_docs if d not in pages]:  # pages gone since the last build
            del self._search_docs[dest]
        b.expected = pages
        lang = config["theme"]["language"] or "en"
        adopted, self._adopted = self._adopted, None
        if adopted is not None and adopted.index is not None and adopted.index.lang == lang \
                and config["use_directory_urls"]:
            adopted.index.start()
            b.index, b.known = adopted.index, adopted.known
            b.fed.update(adopted.index.fed)
            return
        if adopted is not None and adopted.index is not None:
            adopted.index.discard()
        try:
            b.index = StreamingIndex(lang=lang)
        except SearchIndexError as exc:
            log.error("%s", exc)

    def _check_links(self, page, rendered: RenderedPage) -> None:
        """Every link of a generated page leads to a file of this build (``--strict`` fails
        on a dead one, as for a Markdown link)."""
        urls = self.build.urls
        here = layout.site_url(page.file.url)
        for target in rendered.links:
            path = layout.resolve_url(here, target)
            if path is not None and path not in urls:
                log.warning("Doc file '%s' contains a link '%s', but the target is not found "
                            "among the documentation files.", page.file.src_uri, target)

    def _md_link(self, page, m: re.Match[str]) -> str:
        """A Markdown link to a docs file, as its URL (what MkDocs does for Markdown links)."""
        target, fragment = m.group(2), m.group(3) or ""
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), target))
        url = self.build.src_urls.get(path)
        if url is None:
            return m.group(0)
        return f"{m.group(1)}{layout.relative(url, layout.site_url(page.file.url))}{fragment}{m.group(4)}"

    @pass_context
    def _fill(self, context) -> str:
        """Template helper (theme_overrides/tj_page.html): a generated page in its folder's shell."""
        env = context.environment

        def render(template: str, ctx: dict) -> str:
            return env.get_template("tj_toc.html" if template == "partials/toc.html" else template).render(ctx)

        return page_shell.fill(context.get_all(), render, self.build.shells, get_toc, self.build.shared)


def _set_rendered(page, rendered: RenderedPage) -> None:
    """What ``Page.render`` sets, from the page rendered by cmark."""
    page.content = rendered.html
    page.toc = get_toc([t.token() for t in rendered.toc])
    page.present_anchor_ids = set(rendered.anchors)


def _drop_sitemap(site: Path) -> None:
    """Without ``site_url`` a sitemap cannot list absolute URLs: leave it out, and say so (on
    a logger of ours, not MkDocs': a local build without SITE_URL is no --strict failure)."""
    dropped = [name for name in ("sitemap.xml", "sitemap.xml.gz") if (site / name).is_file()]
    for name in dropped:
        (site / name).unlink()
    if dropped:
        notice.warning("sitemap.xml not written: site_url is not set (set SITE_URL to the address "
                       "the site is published at, e.g. https://you.github.io/repository/)")


def _install(index: StreamingIndex, site: Path) -> None:
    try:
        log.info("Search index: %s", index.install(site))
    except SearchIndexError as exc:
        log.error("%s", exc)


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
            versioned = layout.versioned(path, source.read_bytes())
            if isinstance(entry, str):
                config[key][i] = versioned
            else:
                entry.path = versioned


def find(config) -> TrajectorySite | None:
    """The plugin object of a loaded MkDocs configuration (its hook), if it has one."""
    for plugin in config["plugins"].values():
        site = getattr(plugin, "site", None)
        if isinstance(site, TrajectorySite):
            return site
    return None

