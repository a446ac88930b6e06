"""Small pieces of page markup shared by several page kinds, made in Python.

Each returns :class:`~markupsafe.Markup`: every input-derived value in it went through
:mod:`generator.untrusted.text`. HTML pieces are one block with no blank line in them;
the ablation blocks are Markdown headings (so every builder puts them in the table of
contents) each followed by one HTML block.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from markupsafe import Markup

from generator.analysis.vocabulary import action_slug
from generator.records import Ablation
from generator.untrusted.prose import inline_html
from generator.untrusted.text import html_text as t
from generator.untrusted.text import markdown_inline, one_line

_NUMBERED = re.compile(r"(?:ablation|study)\s*(\d+)\b", re.I)


@lru_cache(maxsize=256)
def action_badge(action: str) -> Markup:
    """An action as a coloured badge (REMOVE / REPLACE / ADD / anything else)."""
    return Markup(f'<span class="tj-action tj-action--{action_slug(action)}">{t(action or "no action")}</span>')


def actions_summary(counts: Iterable[tuple[str, int]]) -> Markup:
    return Markup(" ".join(f"{action_badge(action)}&nbsp;{n}" for action, n in counts))


def metric_chips(metrics: Iterable[str]) -> Markup:
    return Markup(" ".join(f'<span class="tj-metric">{t(m)}</span>' for m in metrics))


def ablation_fields(a: Ablation) -> Markup:
    """The fields of one ablation as a compact definition list: maths as MathML, a
    replacement that is a mapping (``{'dac_weight': 1.0, ...}``) as a key/value table."""
    out = ['<dl class="tj-fields">', f"<dt>Ablated part</dt>\n<dd>{inline_html(a.ablated_part) or '—'}</dd>"]
    if a.replacement is not None:
        items = "".join(f"<li>{structured(r)}</li>" for r in a.replacement)
        out.append(f"<dt>Replacement</dt>\n<dd>{f'<ul>{items}</ul>' if items else '(none given)'}</dd>")
    out.append(f"<dt>Metrics</dt>\n<dd>{metric_chips(a.metrics) or '—'}</dd>")
    out.append("</dl>")
    return Markup("\n".join(out))


MAX_MAPPING = 2000  # characters: a longer text is not read as a mapping


def mapping(text: str) -> list[tuple[str, str]] | None:
    """The entries of a text that is a flat mapping, a JSON object or a Python dict literal
    (``{'dac_weight': 1.0, 'span_weight': 0.5}``), as (key, value) texts; else None.
    Read with ``json`` or :func:`ast.literal_eval` (literals only: nothing runs)."""
    text = text.strip()
    if not (text.startswith("{") and text.endswith("}")) or len(text) > MAX_MAPPING or ":" not in text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        try:
            value = ast.literal_eval(text)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return None
    if not isinstance(value, dict) or not value:
        return None
    return [(_literal(k), _literal(v)) for k, v in value.items()]


def _literal(value: object) -> str:
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, (bool, int, float)):
        return json.dumps(value)
    try:
        return json.dumps(value, ensure_ascii=False, default=repr)
    except (TypeError, ValueError, RecursionError):
        return repr(value)


def structured(text: str) -> Markup:
    """A replacement item: a small key/value table when it is a mapping, else its text (maths
    as MathML)."""
    entries = mapping(text) if "{" in text else None
    if entries is None:
        return inline_html(text)
    rows = "".join(f'<tr><th scope="row">{t(k)}</th><td>{inline_html(v)}</td></tr>' for k, v in entries)
    return Markup(f'<table class="tj-kv"><tbody>{rows}</tbody></table>')


def search_filters(pairs: Iterable[tuple[str, str]]) -> Markup:
    """Pagefind filters of a page (``model``, ``planner``, ``task``), for a hidden block: the
    search box offers them (``data-pagefind-filter``; each distinct value once)."""
    return Markup("".join(f'<span data-pagefind-filter="{t(name)}">{t(value)}</span>'
                          for name, value in dict.fromkeys(pairs) if value))


def numbered(name: object, index: int) -> str:
    """'Ablation 3' stays as is; any other name gets its position: '3. Remove X' (plain text)."""
    title = one_line(name) or "(untitled)"
    m = _NUMBERED.match(title)
    return title if m and m.group(1) == str(index) else f"{index}. {title}"


def ablation_anchor(index: int) -> str:
    return f"ablation-{index}"


def ablation_blocks(ablations: Iterable[Ablation], verdicts: Sequence[Markup] = ()) -> Markup:
    """A trajectory's ablations: a heading (anchor ``#ablation-<n>``), its badge, the judge's
    verdict on it (``verdicts``, in plan order, when judged) and its fields."""
    marks = list(verdicts)
    return Markup("\n".join(
        f"### {markdown_inline(numbered(a.name, i))} {{#{ablation_anchor(i)}}}\n\n"
        f'<div class="tj-ablation">\n{action_badge(a.action)}'
        f'{" " + marks[i - 1] if i <= len(marks) and marks[i - 1] else ""}\n{ablation_fields(a)}\n</div>\n'
        for i, a in enumerate(ablations, 1)))


def verdict(mark: tuple[str, ...] | bool | None) -> Markup:
    """The judge's verdict on one proposal: matched (with the references it matched) or not
    (author task), asked for by the reviews or not (reviewer task); empty when not judged."""
    if mark is None:
        return Markup("")
    if mark is True:
        return Markup('<span class="tj-verdict tj-verdict--yes">✓ asked for by the reviews</span>')
    if mark is False:
        return Markup('<span class="tj-verdict tj-verdict--no">✗ not in the reviews</span>')
    if mark:
        names = "; ".join(str(t(n)) for n in mark)
        return Markup(f'<span class="tj-verdict tj-verdict--yes">✓ matches the paper’s “{names}”</span>')
    return Markup('<span class="tj-verdict tj-verdict--no">✗ matches no reference ablation</span>')


def score(value: float | None) -> str:
    """A score for people (two decimals; the data files keep the judge's own digits)."""
    return "—" if value is None else f"{value:.2f}"


def table(head: Iterable[tuple[str, str]], rows: Iterable[Iterable[Markup | str | int]], *,
          cls: str = "tj-table", attrs: str = "") -> Markup:
    """An HTML table (one block): ``head`` is (label, class) pairs; cells are Markup or text.

    Plain text cells are escaped; numbers are right-aligned by the column's class."""
    classes = [c for _, c in head]
    thead = "".join(f'<th class="{c}">{t(label)}</th>' if c else f"<th>{t(label)}</th>" for label, c in head)
    body = []
    for row in rows:
        cells = "".join(f'<td class="{c}">{_cell(v)}</td>' if c else f"<td>{_cell(v)}</td>"
                        for v, c in zip(row, classes))
        body.append(f"<tr>{cells}</tr>")
    extra = f" {attrs}" if attrs else ""
    return Markup(f'<table class="{cls}"{extra}>\n<thead><tr>{thead}</tr></thead>\n<tbody>\n'
                  + "\n".join(body) + "\n</tbody>\n</table>")


def _cell(value: Markup | str | int) -> str:
    return str(value) if isinstance(value, Markup) else str(t(value))


def a(href: str, text: object, **attrs: str) -> Markup:
    """A link; ``href`` comes from :mod:`generator.layout` or :mod:`generator.untrusted.urls`."""
    extra = "".join(f' {k.replace("_", "-")}="{t(v)}"' for k, v in attrs.items())
    return Markup(f'<a href="{t(href)}"{extra}>{t(text)}</a>')
