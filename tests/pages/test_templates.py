"""The page templates' environment and the fragments made for them (whole pages are checked
through the build: test_build.py, test_site.py)."""

from __future__ import annotations

from markupsafe import Markup
from yaml.reader import Reader

from generator.pages import templates
from generator.pages.fragments import numbered


def test_front_matter_drops_exactly_the_characters_yaml_refuses():
    everything = "".join(map(chr, range(0x110000)))
    assert templates._YAML_UNPRINTABLE.findall(everything) == Reader.NON_PRINTABLE.findall(everything)


def test_front_matter_values_are_one_printable_line():
    assert templates.yaml_value("A\x00 title\n with\ttabs \ufffe<b>") == '"A title with tabs &lt;b&gt;"'


def test_templates_escape_what_they_print_and_keep_it_on_one_line():
    env = templates.environment()
    page = env.from_string("<p>{{ x }}</p>\n<p>{{ y }}</p>\n")
    out = page.render(x="<script>a</script>\n\n[x](javascript:1)", y=Markup("<b>kept</b>"))
    assert out == "<p>&lt;script&gt;a&lt;/script&gt; [x](javascript:1)</p>\n<p><b>kept</b></p>\n"


def test_headings_are_inert_markdown():
    env = templates.environment()
    out = env.from_string("### {{ x | heading }} {#a}").render(x="*a* [l](javascript:x) <b> {#b} #")
    assert "*" not in out.split("{#a}")[0] and "[" not in out and "<b>" not in out and "{#b}" not in out


def test_ablation_headings_are_numbered_unless_their_name_says_their_number():
    cases = {("Ablation 3", 3): "Ablation 3", ("study 3: no memory", 3): "study 3: no memory",
             ("Ablation 3", 2): "2. Ablation 3", ("Ablation 12", 1): "1. Ablation 12",
             ("Ablation 01", 1): "1. Ablation 01", ("Ablation 1a", 1): "1. Ablation 1a",
             ("ABLATION\t4 — x", 4): "ABLATION 4 — x", ("  Remove   the\nencoder ", 2): "2. Remove the encoder",
             ("", 5): "5. (untitled)", ("Ablation ٣", 3): "3. Ablation ٣"}
    for (name, index), shown in cases.items():
        assert numbered(name, index) == shown, (name, index)
