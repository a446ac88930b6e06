"""The security boundary for text that came from trajectory files: an nh3 allowlist.

A model's Markdown is rendered to HTML (:mod:`generator.untrusted.prose`) and then cleaned
here, so whatever a model wrote — ``<script>``, ``on*=`` handlers, ``javascript:``
URLs, ``<iframe>``, ``<style>``, forms, images that would load from other hosts —
is removed, while text structure (paragraphs, lists, tables, code, links) is kept.
Short fields (names, metrics) never reach HTML unescaped (see ``render``).
"""

from __future__ import annotations

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h4", "h5",
    "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong",
    "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
}
ATTRIBUTES = {
    "a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"},
    "span": {"class"}, "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_CLEANER = nh3.Cleaner(  # built once: nh3.clean() would build it again for every text
    tags=TAGS,
    attributes=ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    clean_content_tags={"script", "style"},
    link_rel="nofollow noopener",
    url_relative="deny",  # a model's relative link points nowhere on this site
    strip_comments=True,
)


def sanitize_model_html(html: str) -> str:
    """HTML rendered from a model's Markdown: structure and links, nothing active."""
    return _CLEANER.clean(html)
