from bs4 import BeautifulSoup

from generator.untrusted.prose import block_html, escape_html, inline_markdown


def test_commonmark_lists_right_after_a_paragraph_and_two_space_nesting():
    out = block_html("The parts are:\n1. one\n2. two\n   - nested\n")
    assert "<p>The parts are:</p>" in out and "<ol>" in out and "<ul>" in out


def test_unknown_tags_become_text_and_harmless_inline_tags_stay():
    assert escape_html("the <CLS> token and x<sup>2</sup>") == "the &lt;CLS> token and x<sup>2</sup>"
    assert escape_html("<script>alert(1)</script>") == "&lt;script>alert(1)&lt;/script>"
    assert escape_html('<sup onclick="x">a</sup>') == '&lt;sup onclick="x">a</sup>'
    out = block_html("the <CLS> token, x<sup>2</sup>")
    assert "&lt;CLS&gt;" in out and "<sup>2</sup>" in out


def test_html_in_code_is_left_for_markdown_to_escape():
    text = "use `<div>` here\n```\n<script>\n```\nand <div>"
    assert escape_html(text) == "use `<div>` here\n```\n<script>\n```\nand &lt;div>"
    out = block_html(text)
    assert "<code>&lt;div&gt;</code>" in out and "<script>" not in out


def test_unclosed_div_cannot_swallow_what_follows():
    out = block_html("<div>\nunclosed\n\n## Next")
    assert "<h5>Next</h5>" in out and "&lt;div&gt;" in out


def test_active_content_is_removed():
    out = block_html('[x](javascript:alert(1)) ![t](http://tracker.example/p.png) <a href="x" onclick="y">z</a>')
    soup = BeautifulSoup(out, "html.parser")
    assert [t.name for t in soup.find_all(True)] == ["p", "a"]  # the raw <a> is shown as text
    assert soup.a.attrs == {"rel": ["nofollow", "noopener"]}
    assert "tracker" not in out and 'onclick="y"&gt;' in out


def test_math_is_kept_verbatim():
    out = block_html(r"loss $\mathcal{A}_{\text{P}} * x_i$ costs $5 and $6")
    assert r'<span class="arithmatex">$\mathcal{A}_{\text{P}} * x_i$</span>' in out
    assert "costs $5 and $6" in out


def test_headings_are_demoted_below_the_page_outline():
    assert "<h4>Title</h4>" in block_html("# Title")


def test_inline_fields_cannot_link_or_tag():
    assert inline_markdown("[x](javascript:1) <b>ok</b> <img src=x>\nnext") == (
        "\\[x\\](javascript:1) <b>ok</b> &lt;img src=x> next")


def test_block_html_has_no_blank_line_even_with_code():
    out = block_html("Text\n\n```\nline 1\n\nline 3\n```\n\nMore")
    assert "\n\n" not in out and "line 1&#10;&#10;line 3" in out


def test_private_use_characters_around_maths_are_text():
    """The text's own private-use characters are not taken for the marks that stand for maths."""
    out = block_html("Cost $x$ and \ue0005\ue001, $y$ and \ue0000\ue001.")
    assert out.count('<span class="arithmatex">') == 2
    assert "\ue0005\ue001" in out and "\ue0000\ue001" in out
    assert "$x$" in out and "$y$" in out


def test_display_maths_with_blank_lines_stays_one_inert_block():
    out = block_html("Before\n\n$$a\n\n[click](javascript:alert(1))\n\n![i](data:x)\n$$\n\nafter")
    assert "\n\n" not in out
    soup = BeautifulSoup(out, "html.parser")
    assert not soup.find_all(["a", "img"])
    assert "[click](javascript:alert(1))" in soup.select_one("span.arithmatex").get_text()


def test_deep_nesting_is_capped_and_the_text_kept():
    from generator.untrusted.prose import MAX_DEPTH

    out = block_html("<b>" * 100_000 + "deep" + "</b>" * 100_000 + "\n\nnext <i>x</i>")
    soup = BeautifulSoup(out, "html.parser")
    depth = max(len(list(tag.parents)) for tag in soup.find_all(True))
    assert depth <= MAX_DEPTH + 1
    assert "deep" in soup.get_text() and soup.find("i").get_text() == "x"
    assert out.count("<b>") == out.count("</b>")
