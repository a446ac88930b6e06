"""Running MkDocs from the generator's command line: ``site`` (build) and ``serve``.

Both do what MkDocs' own commands do — load the configuration, call the plugins'
``on_startup``, build or serve, call ``on_shutdown`` — with our plugin object given what the
command line knows: the search index the generator started (``site``), the sources to watch
(``serve``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from generator.mkdocs_site import plugin as site_plugin
from generator.mkdocs_site.search_feed import Feeder


class SiteBuildError(RuntimeError):
    """MkDocs could not build the site; the message says why (its log has the details)."""


def _log_to_terminal() -> None:
    if not logging.getLogger().handlers and not logging.getLogger("mkdocs").handlers:
        logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")


def build_site(config_file: Path, docs_dir: Path, site_dir: Path | None = None, *, strict: bool = True,
               feeder: Feeder | None = None) -> None:
    """``mkdocs build`` in this process (``python -m generator site``)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _log_to_terminal()
    overrides = {"docs_dir": str(docs_dir), "strict": strict}
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir)
    try:
        config = load_config(str(config_file), **overrides)
        site = site_plugin.find(config)
        if site is not None and feeder is not None:
            site.adopt(feeder)
        elif feeder is not None and feeder.index is not None:
            feeder.index.discard()  # no plugin to take it: `finish` indexes the built site
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (MkDocsException, OSError) as exc:
        raise SiteBuildError(f"mkdocs build failed: {exc}") from exc


def serve(config_file: Path, *, sources: tuple[Path, ...], metadata: tuple[Path, ...], models: Path | None,
          dev_addr: str | None = None) -> None:
    """``mkdocs serve --dirty``, regenerating the docs folder when a source file changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.config import load_config

    _log_to_terminal()
    site = site_plugin.find(load_config(str(config_file)))  # (the same object serve's own loads get)
    if site is None:
        raise SiteBuildError(f"{config_file} has no `hooks: [generator/mkdocs_site/hook.py]`: nothing would "
                             "regenerate the pages; use `mkdocs serve` to preview them as they are")
    site.overrides = {"watch": sources, "metadata": metadata, "models": models}
    mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, build_type="dirty",
                 strict=False)
