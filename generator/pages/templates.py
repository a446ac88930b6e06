"""The Jinja environment of the page templates (``generator/pages/templates/*.md.j2``).

Autoescaping is on: a value printed with ``{{ x }}`` is HTML-escaped unless it is
:class:`~markupsafe.Markup` (HTML fragments made by :mod:`generator.pages.fragments` and
:mod:`generator.untrusted`), so a forgotten filter shows text, never runs it. The pages are
Markdown whose body is HTML blocks; the few Markdown constructs (headings, front matter)
get their own filters, which make any text inert there:

- ``heading``: one line of text for a Markdown heading (no emphasis, link, HTML or
  attribute list can come out of it; :func:`generator.untrusted.text.markdown_inline`);
- ``yaml``: a front-matter value (a JSON string YAML reads back as the same text).
"""

from __future__ import annotations

import re
from functools import lru_cache

import jinja2
from markupsafe import Markup

from generator.output import jsontext
from generator.pages.jinja_cache import CompiledTemplates
from generator.untrusted.text import markdown_inline, one_line

# characters YAML refuses in a document (those PyYAML's Reader.NON_PRINTABLE matches, listed:
# its negated class is slow to compile; line breaks are gone with one_line): a front-matter
# value holding one would make MkDocs drop it all
_YAML_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def yaml_value(value: object) -> Markup:
    """A front-matter value: themes print page titles and descriptions without escaping, so
    the text is HTML-escaped here, then written as a JSON string (which YAML reads)."""
    from markupsafe import escape

    return Markup(jsontext.dumps(str(escape(_YAML_UNPRINTABLE.sub("", one_line(value))))))


def heading(value: object) -> Markup:
    return Markup(markdown_inline(value).rstrip("# ") or "(untitled)")


def _one_line(value: object) -> object:
    """Every printed text on one line (a blank line would end the HTML block it is in);
    Markup (fragments made to measure) and numbers as they are."""
    return value if isinstance(value, (Markup, int, float)) or value is None else one_line(value)


@lru_cache(maxsize=2)
def environment(bytecode_cache: bool = True) -> jinja2.Environment:
    """The environment (one per process and setting; templates compiled once)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.pages", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # the templates do not change during a build: no stat per page
        bytecode_cache=CompiledTemplates() if bytecode_cache else None,
        finalize=_one_line,
        # Markdown attribute lists ('## Plan {#plan}') are text here: Jinja comments are {## ##}
        comment_start_string="{##", comment_end_string="##}",
    )
    env.filters.update(yaml=yaml_value, heading=heading)
    return env


@lru_cache(maxsize=None)
def template(name: str, bytecode_cache: bool = True) -> jinja2.Template:
    """A compiled template (Jinja's own cache takes a lock per call)."""
    return environment(bytecode_cache).get_template(name)
