"""generator.layout: every page's path and URL, and links between them, as builders make them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils import get_relative_url

from generator import layout


def test_urls_are_directory_urls():
    assert layout.url_of("index.md") == ""
    assert layout.url_of("papers/index.md") == "papers/"
    assert layout.url_of("papers/apt.md") == "papers/apt/"
    assert layout.url_of("data/report.json") == "data/report.json"
    assert layout.dest_of("index.md") == "index.html"
    assert layout.dest_of("papers/index.md") == "papers/index.html"
    assert layout.dest_of("papers/apt.md") == "papers/apt/index.html"
    assert layout.dest_of("trajectories/p/m/x.md") == "trajectories/p/m/x/index.html"
    assert layout.search_url("papers/apt/index.html") == "/papers/apt/"


def test_links_between_pages_are_relative_to_their_urls():
    assert layout.link("trajectories/p/m/x.md", "papers/apt.md", "ablation-2") == "../../../../papers/apt/#ablation-2"
    assert layout.link("index.md", "papers/index.md") == "papers/"
    assert layout.link("papers/index.md", "index.md") == "../"
    assert layout.link("papers/apt.md", "data/trajectories.json.gz") == "../../data/trajectories.json.gz"
    assert layout.link("index.md", "index.md") == "./"
    assert layout.root_from("trajectories/p/m/x.md") == "../../../../"
    assert layout.root_from("index.md") == "./"


def test_resolve_url_is_the_inverse_of_link():
    for here, there in [("trajectories/p/m/x.md", "papers/apt.md"), ("index.md", "papers/index.md"),
                        ("papers/index.md", "index.md"), ("papers/a.md", "data/report.json")]:
        href = layout.link(here, there, "f")
        assert layout.resolve_url(layout.url_of(here), href) == layout.url_of(there)
    assert layout.resolve_url("papers/", "https://x.org/") is None
    assert layout.resolve_url("papers/", "#top") is None
    assert layout.resolve_url("papers/", "mailto:a@b.c") is None


_segment = st.sampled_from(["a", "b", "papers", "x.md", "y.html", "index.html", ".", "..", ""])


@settings(max_examples=400, deadline=None)
@given(st.lists(_segment, max_size=5).map("/".join), st.lists(_segment, max_size=5).map("/".join))
def test_relative_is_mkdocs_get_relative_url(url, other):
    if not url or not other or url.startswith("/") or other.startswith("/"):
        return  # (our URLs are relative to the site root; our home page is "", MkDocs' "./")
    assert layout.relative(url, other) == get_relative_url(url, other)
    assert layout.relative(url + "/", other + "/") == get_relative_url(url + "/", other + "/")
