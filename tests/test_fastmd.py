from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils import get_relative_url

from generator.fastmd import relative_url, render_markdown, rewrite_md_links


def test_headings_get_ids_permalinks_and_a_nested_toc():
    r = render_markdown("# Title\n\n## A b\n\n<h3 id=\"ablation-1\">1. X &amp; y</h3>\n\n### Sub\n\n## A b\n")
    assert '<h2 id="a-b">A b<a class="headerlink" href="#a-b"' in r.html
    assert [t.token()["id"] for t in r.toc] == ["a-b", "a-b_1"]
    assert [c.id for c in r.toc[0].children] == ["ablation-1", "sub"]
    assert r.toc[0].children[0].name == "1. X &amp; y"
    assert {"title", "a-b", "a-b_1", "ablation-1", "sub"} <= r.anchors


def test_commonmark_lists_and_tables():
    r = render_markdown("Text:\n- a\n- b\n\n| x | y |\n| --- | ---: |\n| 1 | 2 |\n")
    assert "<ul>" in r.html and "<table>" in r.html and 'align="right"' in r.html


def test_relative_links_and_sources_are_rewritten_others_kept():
    html = render_markdown(
        "[p](../papers/a.md#x) [d](../data/r.json) <a href=\"#top\">t</a> "
        "[e](https://x.org/a.md) [m](mailto:a@b.c) <img src=\"img/x.png\">").html
    out = rewrite_md_links(html, lambda p: f"<{p}>")
    assert 'href="<../papers/a.md>#x"' in out and 'href="<../data/r.json>"' in out
    assert 'src="<img/x.png>"' in out
    assert 'href="#top"' in out and 'href="https://x.org/a.md"' in out and 'href="mailto:a@b.c"' in out


def test_text_that_looks_like_an_attribute_is_not_rewritten():
    html = '<p>&lt;iframe src="<a href="https://e.x/">e</a> and <a class="b" href="x.md">x</a></p>'
    assert rewrite_md_links(html, lambda p: "URL") == (
        '<p>&lt;iframe src="<a href="https://e.x/">e</a> and <a class="b" href="URL">x</a></p>')


def test_headings_with_more_attributes_keep_them_and_get_permalinks():
    r = render_markdown('<h3 id="g-1" data-pagefind-ignore>Group</h3>\n\n<h1 data-pagefind-meta="title:x">T</h1>\n')
    assert '<h3 id="g-1" data-pagefind-ignore>Group<a class="headerlink" href="#g-1"' in r.html
    assert [(t.level, t.id) for t in r.toc] == [(3, "g-1")]
    assert '<h1 data-pagefind-meta="title:x">T</h1>' in r.html  # the page title is left as it is


_segment = st.sampled_from(["a", "b", "papers", "x.md", "y.html", "index.html", ".", "..", ""])


@settings(max_examples=400, deadline=None)
@given(st.lists(_segment, max_size=5).map("/".join), st.lists(_segment, max_size=5).map("/".join))
def test_relative_url_is_mkdocs_get_relative_url(url, other):
    assert relative_url(url, other) == get_relative_url(url, other)
    assert relative_url(url + "/", other + "/") == get_relative_url(url + "/", other + "/")
