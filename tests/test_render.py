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


def test_ablation_headings_are_numbered_unless_their_name_says_their_number():
    cases = {("Ablation 3", 3): "Ablation 3", ("study 3: no memory", 3): "study 3: no memory",
             ("Ablation 3", 2): "2. Ablation 3", ("Ablation 12", 1): "1. Ablation 12",
             ("Ablation 01", 1): "1. Ablation 01", ("Ablation 1a", 1): "1. Ablation 1a",
             ("ABLATION\t4 — x", 4): "ABLATION 4 — x", ("  Remove   the\nencoder ", 2): "2. Remove the encoder",
             ("", 5): "5. (untitled)", ("Ablation ٣", 3): "3. Ablation ٣"}
    for (name, index), shown in cases.items():
        assert render._numbered(name, index) == shown, (name, index)
