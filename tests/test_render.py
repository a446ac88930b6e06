"""The render stage's own helpers (whole pages are checked through the build: test_build.py)."""

from __future__ import annotations

from yaml.reader import Reader

from generator import render


def test_front_matter_drops_exactly_the_characters_yaml_refuses():
    everything = "".join(map(chr, range(0x110000)))
    assert render._YAML_UNPRINTABLE.findall(everything) == Reader.NON_PRINTABLE.findall(everything)


def test_front_matter_values_are_one_printable_line():
    yaml = render._env.filters["yaml"]
    assert yaml("A\x00 title\n with\ttabs \ufffe<b>") == '"A title with tabs &lt;b&gt;"'
