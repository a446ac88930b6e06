"""Input-derived text on its way into a page: it stays text, whatever it holds.

A page is Markdown whose body is HTML blocks, so a value is safe only if neither reading
can make anything of it:

- :func:`html_text` — text inside an HTML block or attribute: escaped (``<>&"'``) and on one
  line (a blank line would end the HTML block and hand the rest to Markdown).
- :func:`markdown_inline` — text in a Markdown construct (a heading): also every ASCII
  punctuation character as a numeric character reference, so no emphasis, link, image,
  code span, HTML tag, attribute list or heading marker can come out of it, in CommonMark
  (cmark) and in Python-Markdown alike. Both show the same characters.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# characters that end or start a Markdown construct, or that HTML reads: written as &#N;
_ACTIVE = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_INERT = str.maketrans({c: f"&#{ord(c)};" for c in _ACTIVE})
# control characters (but tab and newline, folded by one_line) and bidi overrides: shown as
# nothing (they cannot be in a page's text: XML refuses the first, the second reorder it)
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def one_line(value: object) -> str:
    """The text with every run of whitespace (line breaks too) one space, and no controls."""
    text = str(value)
    # (most text is already so: printable — no control, format or line-break character, no
    # space but U+0020 — without a double or an outer space)
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(_INVISIBLE.sub("", text).split())


def html_text(value: object) -> Markup:
    """One line of text for an HTML block or attribute value."""
    return escape(one_line(value))


def markdown_inline(value: object) -> str:
    """One line of text for a Markdown heading: inert for Markdown and HTML."""
    return one_line(value).translate(_INERT)
