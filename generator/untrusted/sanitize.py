"""The security boundary for text that came from trajectory files: an nh3 allowlist.

A model's Markdown is rendered to HTML (:mod:`generator.untrusted.prose`) and then cleaned
here, so whatever a model wrote — ``<script>``, ``on*=`` handlers, ``javascript:``
URLs, ``<iframe>``, ``<style>``, forms, images that would load from other hosts —
is removed, while text structure (paragraphs, lists, tables, code, links) is kept.
Short fields (names, metrics) never reach HTML unescaped (see ``render``).

MathML (rendered from a model's TeX by :mod:`generator.untrusted.prose`) passes as
presentation elements with their layout attributes only: no ``href``, ``src``, ``style``,
``class``, event handler, ``xlink:*`` or ``<maction>``/``<semantics>`` encodings other than
an annotation's text.
"""

from __future__ import annotations

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h4", "h5",
    "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong",
    "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
}
#: MathML Core presentation elements, and ``semantics``/``annotation`` (the TeX source).
MATH_TAGS = {
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup",
    "msubsup", "mfrac", "msqrt", "mroot", "mstyle", "mtable", "mtr", "mtd", "mover", "munder",
    "munderover", "mpadded", "mphantom", "menclose", "merror", "mmultiscripts", "mprescripts", "none",
}
_LAYOUT = {"displaystyle", "scriptlevel", "mathvariant"}
MATH_ATTRIBUTES = {
    "math": {"display", "alttext"} | _LAYOUT, "annotation": {"encoding"},
    "mo": {"stretchy", "fence", "separator", "lspace", "rspace", "form", "largeop", "movablelimits",
           "accent", "minsize", "maxsize", "symmetric"} | _LAYOUT,
    "mi": _LAYOUT, "mn": _LAYOUT, "mtext": _LAYOUT, "mstyle": _LAYOUT, "mrow": _LAYOUT,
    "mfrac": {"linethickness"} | _LAYOUT, "mspace": {"width", "height", "depth"},
    "mpadded": {"width", "height", "depth", "lspace", "voffset"}, "menclose": {"notation"},
    "mover": {"accent"}, "munder": {"accentunder"}, "munderover": {"accent", "accentunder"},
    "mtable": {"columnalign", "rowalign", "columnspacing", "rowspacing", "columnlines", "rowlines", "frame"}
              | _LAYOUT,
    "mtr": {"columnalign", "rowalign"}, "mtd": {"columnalign", "rowalign", "columnspan", "rowspan"},
}
TAGS |= MATH_TAGS
ATTRIBUTES = {
    "a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"},
    "span": {"class"}, "code": {"class"}, **MATH_ATTRIBUTES,
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
