"""The ``hooks:`` entry of mkdocs.yml: MkDocs calls the methods of one plugin object.

MkDocs loads this file once per process (and per configuration path); the object keeps
its state across ``mkdocs serve`` rebuilds. Without this hook the site still builds
correctly, only slower (see generator/mkdocs_site/plugin.py).
"""

from generator.mkdocs_site.plugin import TrajectorySite

site = TrajectorySite()
on_startup, on_shutdown, on_serve = site.on_startup, site.on_shutdown, site.on_serve
on_config, on_files, on_env = site.on_config, site.on_files, site.on_env
on_page_read_source, on_page_markdown = site.on_page_read_source, site.on_page_markdown
on_page_content, on_post_build = site.on_page_content, site.on_post_build
