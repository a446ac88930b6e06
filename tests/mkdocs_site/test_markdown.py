from generator.mkdocs_site.markdown import render_markdown


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


def test_links_and_sources_are_listed_for_the_link_check():
    r = render_markdown(
        "[p](../papers/a/#x) [d](../data/r.json) <a href=\"#top\">t</a> "
        "[e](https://x.org/a.md) <img src=\"img/x.png\">\n\n<p>&lt;iframe src=\"no\"&gt;</p>\n")
    assert set(r.links) == {"../papers/a/#x", "../data/r.json", "#top", "https://x.org/a.md", "img/x.png"}


def test_attribute_lists_on_headings_give_ids_and_classes():
    r = render_markdown("## Plan {#plan}\n\n### 1&#46; A &#42;b&#42; {#ablation-1 .tj-noindex}\n")
    assert '<h2 id="plan">Plan<a class="headerlink" href="#plan"' in r.html
    assert '<h3 id="ablation-1" class="tj-noindex">1. A *b*<a class="headerlink"' in r.html
    assert [(t.id, [c.id for c in t.children]) for t in r.toc] == [("plan", ["ablation-1"])]
    assert r.toc[0].children[0].name == "1. A *b*"


def test_headings_with_more_attributes_keep_them_and_get_permalinks():
    r = render_markdown('<h3 id="g-1" data-pagefind-ignore>Group</h3>\n\n<h1 data-pagefind-meta="title:x">T</h1>\n')
    assert '<h3 id="g-1" data-pagefind-ignore>Group<a class="headerlink" href="#g-1"' in r.html
    assert [(t.level, t.id) for t in r.toc] == [(3, "g-1")]
    assert '<h1 data-pagefind-meta="title:x">T</h1>' in r.html  # the page title is left as it is
