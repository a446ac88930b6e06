"""Text written by a model, made safe and readable for a page.

Model output is untrusted and is CommonMark-flavoured Markdown (lists straight after a
paragraph, two-space nesting), which Python-Markdown reads differently. So:

- Block text (the reasoning trace) is rendered here with cmark-gfm — the CommonMark
  reference implementation, as the model meant it — then passed through the nh3
  allowlist (:mod:`generator.untrusted.sanitize`); the page embeds the resulting HTML.
- Short inline fields (ablation names, parts, metrics) stay Markdown in the page, with
  HTML tags and link brackets shown as text, so they cannot inject markup or links.
- In both, tags other than a few harmless inline ones (``<sup>``, ``<sub>``, ...) are
  shown as text: a ``<CLS>`` token stays visible, an unclosed ``<div>`` cannot swallow
  the rest of the page.
- Maths (``$...$``, ``$$...$$``, ``\\(...\\)``, ``\\[...\\]``) is taken out of Markdown's
  reach and rendered at build time to MathML (latex2mathml; no script, nothing from other
  hosts), the TeX source kept as its accessible text (``alttext`` and an ``annotation``); a
  formula that does not convert, or is longer than :data:`MAX_TEX`, is shown as its source.

Presentation only: the data files keep the text as written.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from itertools import chain

import cmarkgfm
import latex2mathml.converter
from cmarkgfm.cmark import Options
from markupsafe import Markup

from generator.untrusted.sanitize import sanitize_model_html

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)(?<!`)\1(?!`)", re.S)
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_INLINE_OK = re.compile(r"</?(?:sup|sub|br|b|i|em|strong|u|s|del|ins|mark|small|kbd|var)\s*/?>", re.I)
_MATH = re.compile(r"\$\$.+?\$\$|(?<![\\$\w])\$(?=\S)[^$\n]+?(?<=\S)\$(?![\w$])"
                   # \( \) and \[ \] only around TeX (a backslash, ^, _ or =): a Markdown
                   # export writes a bracket as \[ too
                   r"|\\\((?:(?!\\\))[^\n])*?(?!\\\))[\\^_=](?:(?!\\\))[^\n])*?\\\)"
                   r"|\\\[(?:(?!\\\]).)*?(?!\\\])[\\^_=](?:(?!\\\]).)*?\\\]", re.S)
MAX_TEX = 400
"""Longer formulas are shown as their source (bounds latex2mathml's work and the page's)."""
_HEADING = re.compile(r"<(/?)h([1-6])>")
_PRE = re.compile(r"<pre\b.*?</pre>", re.S)
_BLANK_LINES = re.compile(r"\n\s*\n")
_CMARK_OPTIONS = Options.CMARK_OPT_UNSAFE  # raw HTML passes to nh3, which decides
# a tag of the sanitised HTML (nh3 writes well-formed markup, attribute values double-quoted)
_SANE_TAG = re.compile(r'<(/?)([A-Za-z][A-Za-z0-9]*)(?:\s[^"<>]*(?:"[^"]*"[^"<>]*)*)?/?>')
_VOID = frozenset({"br", "hr", "img", "wbr"})
MAX_DEPTH = 32
"""Elements nested deeper than this in a model's HTML are unwrapped (their text stays): a
hundred thousand nested ``<b>`` would otherwise cost the browser and the search indexer
(Pagefind's work grows with the square of the depth) minutes."""


def block_html(text: str, *, heading_offset: int = 3) -> Markup:
    """Render block Markdown from a model to sanitized HTML (headings demoted), with no blank
    line in it: it is one HTML block of the page."""
    maths: list[str] = []
    open_mark, close_mark = _marks(text) if "$" in text else ("", "")

    def keep(m: re.Match[str]) -> str:
        maths.append(m.group(0))
        return f"{open_mark}{len(maths) - 1}{close_mark}"  # private-use marks: cmark keeps them

    source = escape_html(_MATH.sub(keep, text) if _has_math(text) else text)
    out = cmarkgfm.github_flavored_markdown_to_html(source, options=_CMARK_OPTIONS)
    if maths:
        out = re.sub(f"{open_mark}(\\d+){close_mark}", lambda m: _restore(maths, m), out)
    out = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + heading_offset)}>", out)
    out = cap_depth(sanitize_model_html(out))
    # One HTML block in the page: no blank line may end it early (code keeps its lines).
    out = _PRE.sub(lambda m: m.group(0).replace("\n", "&#10;"), out) if "<pre" in out else out
    return Markup(_BLANK_LINES.sub("\n", out))


def _marks(text: str) -> tuple[str, str]:
    """Two private-use characters the text does not hold: they stand for its maths while
    cmark reads it (a text may hold private-use characters of its own)."""
    free = (c for c in map(chr, chain(range(0xE000, 0xF900), range(0xF0000, 0x10FFFE))) if c not in text)
    return next(free), next(free)


def _restore(maths: list[str], m: re.Match[str]) -> str:
    i = int(m.group(1))
    return _math_html(maths[i]) if i < len(maths) else m.group(0)


def cap_depth(html_text: str, limit: int = MAX_DEPTH) -> str:
    """Sanitised HTML with the elements nested deeper than ``limit`` unwrapped (text kept)."""
    if html_text.count("<") <= 2 * limit:  # (too few tags to nest that deep)
        return html_text
    out: list[str] = []
    stack: list[bool] = []  # for each open element: whether its tags were dropped
    pos = 0
    for m in _SANE_TAG.finditer(html_text):
        closing, name = m.group(1), m.group(2).lower()
        if name in _VOID:
            continue
        if closing:
            keep = not stack.pop() if stack else False
        else:
            keep = len(stack) < limit
            stack.append(not keep)
        if not keep:
            out.append(html_text[pos:m.start()])
            pos = m.end()
    out.append(html_text[pos:])
    return "".join(out)


def _has_math(text: str) -> bool:
    return "$" in text or "\\(" in text or "\\[" in text


_JSON_ESCAPED = str.maketrans({"\t": "\\t", "\f": "\\f", "\b": "\\b", "\r": "\\r"})
_MATH_ROOT = re.compile(r"^<math\b[^>]*>(.*)</math>$", re.S)


@lru_cache(maxsize=4096)
def _math_html(source: str) -> str:
    """A formula with its delimiters as MathML (not yet sanitised: nh3 sees it next), or as
    its escaped source when it is too long or does not convert."""
    if source.startswith("$$") or source.startswith("\\["):
        tex, display = source[2:-2], "block"
    else:
        tex, display = (source[1:-1] if source.startswith("$") else source[2:-2]), "inline"
    # A Markdown export escapes underscores, in maths too; a JSON decoder took "\t", "\f",
    # "\b" and "\r" of \text, \frac, \beta, \rho for control characters.
    tex = tex.replace("\\_", "_").translate(_JSON_ESCAPED).strip()
    fallback = f'<span class="arithmatex">{html.escape(source, quote=False)}</span>'
    if not tex or len(tex) > MAX_TEX:
        return fallback
    try:
        mathml = latex2mathml.converter.convert(tex, display=display)
    except Exception:  # (any error of the converter on any input: one formula, shown as source)
        return fallback
    inner = _MATH_ROOT.match(mathml)
    if inner is None or not inner.group(1):
        return fallback
    body = inner.group(1)
    if not body.startswith("<mrow>") or not body.endswith("</mrow>"):
        body = f"<mrow>{body}</mrow>"
    alt = html.escape(tex, quote=True)
    return (f'<math display="{display}" alttext="{alt}"><semantics>{body}'
            f'<annotation encoding="application/x-tex">{alt}</annotation></semantics></math>')


def inline_html(text: str) -> Markup:
    """One field of model text (an ablated part, a replacement) as HTML: escaped, its maths
    as MathML, sanitised."""
    text = str(text)
    if not _has_math(text):
        return Markup(html.escape(" ".join(text.split()), quote=False))
    pieces, pos = [], 0
    for m in _MATH.finditer(text):
        pieces += [_one_line(text[pos:m.start()]), _math_html(m.group(0))]
        pos = m.end()
    pieces.append(_one_line(text[pos:]))
    return Markup(sanitize_model_html("".join(pieces).strip()))


def _one_line(text: str) -> str:
    """Escaped, whitespace runs as one space (kept at the ends: text around a formula)."""
    return html.escape(re.sub(r"\s+", " ", text), quote=False)


def inline_markdown(text: str) -> str:
    """One line of model text for a Markdown page: tags and link brackets shown as text."""
    line = " ".join(str(text).split())  # (what re.sub(r"\s+", " ", ...).strip() gives, faster)
    return escape_html(line).replace("[", "\\[").replace("]", "\\]")


def escape_html(text: str) -> str:
    """Show raw HTML tags as text, outside code; keep a few harmless inline tags."""
    if "<" not in text:
        return text
    out: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        m = _FENCE.match(line)
        if m:
            marker = m.group(1)[0]
            fence = None if fence == marker else (fence or marker)
        elif not fence and "<" in line:
            line = _escape_outside_code(line)
        out.append(line)
    return "\n".join(out)


def _escape_outside_code(line: str) -> str:
    pieces: list[str] = []
    pos = 0
    for span in _CODE_SPAN.finditer(line):
        pieces.append(_escape_tags(line[pos:span.start()]))
        pieces.append(span.group(0))
        pos = span.end()
    pieces.append(_escape_tags(line[pos:]))
    return "".join(pieces)


def _escape_tags(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        return "<" if _INLINE_OK.match(text, m.start()) else "&lt;"

    return _TAG_START.sub(one, text)
