"""The MkDocs hook's own shortcuts give MkDocs exactly what it would have found itself."""

from __future__ import annotations

import jinja2
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from generator import mkdocs_hooks
from tests.conftest import REPO


def test_the_theme_listing_without_dot_folders_finds_the_same_static_files():
    config = load_config(str(REPO / "mkdocs.yml"))
    before = Files([])
    before.add_files_from_theme(config.theme.get_env(), config)
    mkdocs_hooks._list_theme_without_dot_folders(config.theme)
    env = config.theme.get_env()
    after = Files([])
    after.add_files_from_theme(env, config)
    assert sorted(f.src_uri for f in after) == sorted(f.src_uri for f in before)
    assert any(f.src_uri.endswith(".js") for f in after)  # (the theme's scripts, not nothing)
    every = jinja2.FileSystemLoader(config.theme.dirs).list_templates()
    assert env.loader.list_templates() == [n for n in every if not n.startswith(".") and "/." not in n]
    assert env.get_template("main.html") is not None  # templates load as before
