"""generator.mkdocs_site.searchable: a page without what Pagefind leaves out, and the same index."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.mkdocs_site.pagefind import EXCLUDE, StreamingIndex
from generator.mkdocs_site.search_feed import prepare
from generator.mkdocs_site.searchable import searchable
from generator import layout
from generator.build import build
from generator.config import BuildConfig
from tests.conftest import REPO, SAMPLES, samples_with_a_page_that_cannot_be_made


def test_ignored_and_excluded_elements_go_nested_ones_whole():
    html = ('<h2 id="x">Plan<a class="headerlink" href="#x">&para;</a></h2>\n'
            '<div class="tj-matrix" data-pagefind-ignore><div><div>deep</div></div> still ignored</div>'
            '<p>kept <span class="a tj-source b">excluded</span> kept too</p>'
            '<details class="tj-plan-reasoning" data-pagefind-ignore><summary>s</summary><details>inner</details>x</details>'
            '<p class="tj-sourced">a class that only starts the same: kept</p>')
    assert searchable(html) == ('<h2 id="x">Plan</h2>\n<p>kept  kept too</p>'
                                '<p class="tj-sourced">a class that only starts the same: kept</p>')


def test_an_ignored_element_holding_filters_or_metadata_stays():
    """(Pagefind still reads the filters and metadata inside an ignored element.)"""
    html = ('<div data-pagefind-ignore hidden><span data-pagefind-meta="title">T</span>'
            '<span data-pagefind-filter="model">M</span></div><p>text</p>')
    assert searchable(html) == html


@pytest.mark.parametrize("html", [
    '<div data-pagefind-ignore>never closed<p>text</p>',  # unbalanced
    '<script>let a = "<div data-pagefind-ignore>"</script><p>x</p>',  # raw text
    '<!-- <div data-pagefind-ignore> --><p>x</p>',  # a comment
    '<p>no mark at all</p>',
])
def test_what_it_cannot_read_with_certainty_is_given_whole(html):
    assert searchable(html) == html


def test_marks_in_text_or_in_other_attributes_are_not_elements():
    html = ('<p>the class tj-source and data-pagefind-ignore in text</p>'
            '<a href="https://x.org/" title="data-pagefind-ignore tj-source &lt;div data-pagefind-ignore&gt;">link</a>'
            '<p data-note="headerlink">kept</p>')
    assert searchable(html) == html


def test_attributes_in_any_quoting_and_case():
    assert searchable("<P CLASS='tj-source'>x</P><p>y</p>") == "<p>y</p>"
    assert searchable("<div class=tj-links>x</div><p>y</p>") == "<p>y</p>"
    assert searchable('<svg class="tj-chart"><g><path d="M0"/></g></svg><p>y</p>') == "<p>y</p>"


@settings(max_examples=200, deadline=None)
@given(st.recursive(
    st.text(alphabet="ab <>&\"'", max_size=6).map(lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")),
    lambda inner: st.tuples(st.sampled_from(["div", "p", "span", "details"]),
                            st.sampled_from(["", ' class="tj-source"', " data-pagefind-ignore", ' class="x"',
                                             ' data-pagefind-filter="m"']),
                            st.lists(inner, max_size=3)).map(lambda t: f"<{t[0]}{t[1]}>{''.join(t[2])}</{t[0]}>"),
    max_leaves=12))
def test_the_text_left_is_the_text_outside_left_out_elements(html):
    """Against a reference reading with Python's HTML parser: the same text remains."""
    assert _indexed_text(searchable(html)) == _indexed_text(html)


def _indexed_text(html: str) -> str:
    """The text Pagefind would index: outside ignored or excluded elements (each such element
    as a whole, whatever it holds)."""
    from html.parser import HTMLParser

    classes = {s[1:] for s in EXCLUDE}

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.stack: list[bool] = []
            self.text: list[str] = []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            out = "data-pagefind-ignore" in a or bool(classes & set((a.get("class") or "").split()))
            self.stack.append(out or (bool(self.stack) and self.stack[-1]))

        def handle_endtag(self, tag):
            if self.stack:
                self.stack.pop()

        def handle_data(self, data):
            if not (self.stack and self.stack[-1]):
                self.text.append(data)

    reader = Reader()
    reader.feed(html)
    reader.close()
    return "".join(reader.text)


def test_pagefind_makes_the_same_index_of_every_sample_page(tmp_path):
    """Each page's fragment (its text, words, filters, metadata and headings) is the same
    whether Pagefind is given the whole page or only what it reads; only text-less anchors
    of left-out elements differ, which Pagefind's search never uses."""
    docs = tmp_path / "site_src"
    build(BuildConfig(sources=(SAMPLES, REPO / "sample_runs" / "runs"), out=docs))
    pages = [p for p in (prepare(f.relative_to(docs).as_posix(), f.read_bytes()) for f in sorted(docs.rglob("*.md")))
             if p is not None]
    assert len(pages) > 20 and sum(p.search != p.rendered.html for p in pages) > 20
    fragments = []
    for name, content in (("whole", lambda p: p.rendered.html), ("searchable", lambda p: p.search)):
        index = StreamingIndex("en")
        for p in pages:
            index.add(p.dest, (p.meta or {}).get("title", ""), content(p))
        index.install(tmp_path / name)
        fragments.append(_fragments(tmp_path / name / "pagefind"))
    whole, read = fragments
    assert whole.keys() == read.keys() and len(whole) == len(pages)
    for url in whole:
        assert _without_textless_anchors(whole[url]) == _without_textless_anchors(read[url]), url
        assert [a for a in read[url]["anchors"] if a["text"].strip()] == [a for a in whole[url]["anchors"] if a["text"].strip()]


def _fragments(folder: Path) -> dict[str, dict]:
    out = {}
    for f in (folder / "fragment").iterdir():
        data = gzip.decompress(f.read_bytes())
        fragment = json.loads(data[data.index(b"{"):])
        out[fragment["url"]] = fragment
    return out


def _without_textless_anchors(fragment: dict) -> dict:
    return {**fragment, "anchors": [a for a in fragment["anchors"] if a["text"].strip()]}


def test_after_a_page_that_could_not_be_made_the_index_has_the_pages_as_they_end(tmp_path, monkeypatch):
    """The report and home pages are made again when a page fails (they list it): the index
    must have their second version, not the first (Pagefind cannot replace a page)."""
    from generator.mkdocs_site.search_feed import Feeder

    src, bad, _ = samples_with_a_page_that_cannot_be_made(tmp_path, monkeypatch)
    feeder = Feeder()
    build(BuildConfig(sources=(src,), out=tmp_path / "site_src"), on_rendered=feeder, prepare=prepare)
    first = feeder.index
    feeder.settle()
    assert feeder.index is not first and feeder.index.fed == {layout.dest_of(p) for p in feeder.known}
    feeder.index.install(tmp_path / "site")
    report = _fragments(tmp_path / "site" / "pagefind")["/report/"]
    assert bad.name in report["content"]
