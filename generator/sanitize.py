"""The security boundary for text that came from trajectory files: an nh3 allowlist.

Applied to the HTML of every generated page after Markdown rendering (see
``mkdocs_hooks``), so whatever a model wrote — ``<script>``, ``on*=`` handlers,
``javascript:`` URLs, ``<iframe>``, ``<style>``, forms — is removed, while the markup
that Markdown and Material produce (tables, admonitions, tabs, anchors) is kept.
"""

from __future__ import annotations

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark",
    "nav", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
}
ATTRIBUTES = {
    "*": {"class", "id", "title"},
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height"},
    "input": {"name", "checked"},  # content tabs are radio inputs (type forced below)
    "label": {"for"},
    "div": {"data-tabs"},
    "details": {"open"},
    "th": {"style", "colspan", "rowspan"},
    "td": {"style", "colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# What a model's rendered Markdown may contain: text structure only — no images (they
# would load from other hosts), no inputs, no ids (they could clash with the page's).
MODEL_TAGS = TAGS - {"img", "input", "label", "nav", "details", "summary", "h1", "h2", "h3"}
MODEL_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"},
                    "span": {"class"}, "code": {"class"}}


def sanitize_model_html(html: str) -> str:
    """HTML rendered from a model's Markdown: structure and links, nothing active."""
    return nh3.clean(
        html,
        tags=MODEL_TAGS,
        attributes=MODEL_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style"},
        link_rel="nofollow noopener",
        strip_comments=True,
    )


def sanitize_html(html: str) -> str:
    """Keep only allowlisted tags, attributes, URL schemes and CSS (text-align)."""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style"},
        filter_style_properties={"text-align"},
        set_tag_attribute_values={"input": {"type": "radio"}},
        link_rel=None,
        strip_comments=True,
    )
