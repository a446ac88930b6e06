"""Every place where the site relies on an MkDocs, Material or Pagefind internal: one list.

Each entry is a function or constant used by the plugin, and each has a test in
``tests/mkdocs_site/test_compat.py`` that fails *by name* when an upgrade changes what it
relies on. Nothing else in the package touches a private attribute of these tools.

| touchpoint | what we rely on | used by |
| --- | --- | --- |
| ``replace_page_render`` | MkDocs calls ``page.render(config, files)`` once per page after ``on_page_markdown``, and a rendered page is ``page.content``, ``page.toc`` and ``page.present_anchor_ids`` | the fast Markdown path |
| ``rebuild_trigger`` | ``LiveReloadServer._rebuild_cond`` / ``_want_rebuild``, what its own watcher sets | ``generator serve`` |
| ``HOOKS_LOADED_ONCE`` | ``Hooks._load_hook`` is cached: every configuration loaded in a process shares one hook module | ``generator serve`` configures the plugin before MkDocs loads its configuration again |
| ``MATERIAL_PARTIALS`` | our copies of Material's ``partials/header.html`` and ``partials/toc.html`` (Material 9.8.2) | ``theme_overrides/partials/`` |
| ``get_toc`` | ``mkdocs.structure.toc.get_toc(tokens)`` builds a page's TOC from Python-Markdown's tokens | the fast Markdown path, the page shell |
| ``PAGEFIND_SERVICE`` | ``pagefind --service`` speaks base64 JSON messages ending in ``,``; ``pagefind.service.get_executable`` finds the binary of the ``pagefind_bin`` wheel | the streaming search index |
"""

from __future__ import annotations

from typing import Any, Callable

from mkdocs.structure.toc import get_toc

__all__ = ["HOOKS_LOADED_ONCE", "MATERIAL_PARTIALS", "MATERIAL_VERSION", "PAGEFIND_SERVICE", "get_toc",
           "rebuild_trigger", "replace_page_render"]

MATERIAL_VERSION = "9.8.2"
# sha256 of Material's own partials our copies in theme_overrides/partials/ were made from
MATERIAL_PARTIALS = {
    "partials/header.html": "8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f",
    "partials/toc.html": "fde48f583563364b0e0e6865a5ab1e7060ec1826161f69f5cbee653e621b0f84",
}
HOOKS_LOADED_ONCE = True
PAGEFIND_SERVICE = ("--service",)


def replace_page_render(page: Any, render: Callable[[], None]) -> None:
    """Have MkDocs take ``render()`` for this page's Markdown pass (it sets the content, TOC
    and anchors itself): Python-Markdown then never runs on it."""
    page.render = lambda config, files: render()


def rebuild_trigger(server: Any) -> Callable[[], None] | None:
    """A function that asks ``mkdocs serve`` for one rebuild now (what its own file watcher
    does, without its 0.5 s polling), or None if this MkDocs has no such hand-hold."""
    if not (hasattr(server, "_rebuild_cond") and hasattr(server, "_want_rebuild")):
        return None

    def rebuild() -> None:
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    return rebuild
