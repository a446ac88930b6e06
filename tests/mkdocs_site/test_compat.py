"""One test per internal of MkDocs, Material or Pagefind the site relies on
(generator/mkdocs_site/compat.py): each fails by name when an upgrade changes it."""

from __future__ import annotations

import hashlib
import inspect
import threading
from pathlib import Path

import material
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import config_options, load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.pages import Page

from generator.mkdocs_site import compat
from generator.mkdocs_site.pagefind import StreamingIndex
from tests.conftest import REPO


def test_replace_page_render_mkdocs_calls_page_render_after_on_page_markdown():
    source = inspect.getsource(mkdocs_build._populate_page)
    assert source.index("on_page_markdown") < source.index("page.render(config, files)") \
        < source.index("on_page_content")
    assert list(inspect.signature(Page.render).parameters) == ["self", "config", "files"]
    render = inspect.getsource(Page.render)
    for attribute in ("self.content", "self.toc", "self.present_anchor_ids"):
        assert attribute in render, f"Page.render no longer sets {attribute}"


def test_rebuild_trigger_live_reload_server_has_the_condition_its_watcher_sets():
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(REPO))
    try:
        assert isinstance(server._rebuild_cond, threading.Condition)
        assert server._want_rebuild is False
        compat.rebuild_trigger(server)()
        assert server._want_rebuild is True
        assert "_want_rebuild" in inspect.getsource(LiveReloadServer)
    finally:
        server.server_close()


def test_hooks_loaded_once_hook_modules_are_cached_per_process():
    assert hasattr(config_options.Hooks._load_hook, "cache_info")
    a = load_config(str(REPO / "mkdocs.yml"))["hooks"]
    b = load_config(str(REPO / "mkdocs.yml"))["hooks"]
    assert list(a.values()) == list(b.values())


def test_material_partials_our_copies_were_made_from_these_partials():
    templates = Path(material.__file__).parent / "templates"
    for name, digest in compat.MATERIAL_PARTIALS.items():
        assert hashlib.sha256((templates / name).read_bytes()).hexdigest() == digest, (
            f"Material {material.__version__} changed {name} (our copy is from {compat.MATERIAL_VERSION}): "
            f"compare theme_overrides/{name} with it, then update compat.MATERIAL_PARTIALS")


def test_get_toc_builds_a_toc_from_tokens():
    toc = compat.get_toc([{"level": 2, "id": "a", "name": "A", "children": [
        {"level": 3, "id": "b", "name": "B", "children": []}]}])
    (entry,) = list(toc)
    assert (entry.id, entry.title, entry.level, [c.id for c in entry.children]) == ("a", "A", 2, ["b"])


def test_pagefind_service_answers_the_protocol(tmp_path):
    index = StreamingIndex()
    index.add("x/index.html", "X", "<h1>X</h1><p>hello world</p>")
    assert "1 pages" in index.install(tmp_path)
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()
