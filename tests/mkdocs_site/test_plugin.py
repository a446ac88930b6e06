"""The plugin object: found in a loaded configuration, its state made anew for each build."""

from __future__ import annotations

from mkdocs.config import load_config

from generator.mkdocs_site import plugin
from generator.mkdocs_site.options import OptionsError, SiteOptions
from tests.conftest import REPO

import pytest


def test_the_hook_in_mkdocs_yml_gives_one_plugin_object_per_process():
    a = plugin.find(load_config(str(REPO / "mkdocs.yml")))
    b = plugin.find(load_config(str(REPO / "mkdocs.yml")))
    assert isinstance(a, plugin.TrajectorySite) and a is b  # (serve's configuration reloads share it)


def test_each_build_starts_from_a_clean_state(tmp_path):
    config = load_config(str(REPO / "mkdocs.yml"), docs_dir=str(tmp_path))
    site = plugin.find(config)
    site.build.shells["x"] = "stale"
    site.on_config(config)
    assert site.build.shells == {} and site.build.generated == frozenset()


def test_options_come_from_extra_and_are_checked():
    assert SiteOptions.from_extra({"trajectories": {"page_shell": False}}).page_shell is False
    assert SiteOptions.from_extra({}) == SiteOptions()
    with pytest.raises(OptionsError, match="page_shel"):
        SiteOptions.from_extra({"trajectories": {"page_shel": False}})
    with pytest.raises(OptionsError, match="true or false"):
        SiteOptions.from_extra({"trajectories": {"bytecode_cache": "no"}})
