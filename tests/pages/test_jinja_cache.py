"""Compiled templates are kept between runs, and never used once their source changed."""

from __future__ import annotations

import jinja2

from generator.pages.jinja_cache import CompiledTemplates


def env_for(templates, cache_dir) -> tuple[jinja2.Environment, list[str]]:
    compiled: list[str] = []

    class Counting(jinja2.Environment):
        def _compile(self, source, filename):
            compiled.append(filename)
            return super()._compile(source, filename)

    env = Counting(loader=jinja2.FileSystemLoader(str(templates)),
                   bytecode_cache=CompiledTemplates(str(cache_dir)), auto_reload=False)
    return env, compiled


def test_a_template_is_compiled_once_across_runs_and_again_when_changed(tmp_path):
    templates, cache = tmp_path / "t", tmp_path / "cache"
    templates.mkdir()
    cache.mkdir()
    (templates / "page.html").write_text("Hello {{ name }}!")

    first, compiled = env_for(templates, cache)
    assert first.get_template("page.html").render(name="a") == "Hello a!" and len(compiled) == 1

    second, compiled = env_for(templates, cache)  # another run: from the disk cache
    assert second.get_template("page.html").render(name="b") == "Hello b!" and compiled == []

    (templates / "page.html").write_text("Bye {{ name }}.")
    third, compiled = env_for(templates, cache)
    assert third.get_template("page.html").render(name="c") == "Bye c." and len(compiled) == 1


def test_an_unusable_cache_folder_leaves_the_memory_cache(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    templates = tmp_path / "t"
    templates.mkdir()
    (templates / "x.html").write_text("{{ 1 + 1 }}")
    env, compiled = env_for(templates, blocker / "cache")
    assert env.get_template("x.html").render() == "2"
    env.cache.clear()  # Jinja's own cache gone: the bytecode comes from memory
    assert env.get_template("x.html").render() == "2" and len(compiled) == 1


def test_a_damaged_cache_file_is_compiled_again(tmp_path):
    templates, cache = tmp_path / "t", tmp_path / "cache"
    templates.mkdir()
    cache.mkdir()
    (templates / "p.html").write_text("{{ 'ok' }}")
    env_for(templates, cache)[0].get_template("p.html")
    for f in cache.iterdir():
        f.write_bytes(f.read_bytes()[:40])  # truncated mid-way
    env, compiled = env_for(templates, cache)
    assert env.get_template("p.html").render() == "ok" and len(compiled) == 1
