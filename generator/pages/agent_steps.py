"""An agent's run on its trajectory page: the summary bar and the timeline of steps.

Each step is a Markdown heading (``### Step 3 · <action> {#step-3}``: in the table of
contents, a permalink in every builder) followed by one HTML block: the thought (model
Markdown, through the sanitiser), the action as code, the observation as text — never
HTML — folded when long: its head and tail are shown, the rest is behind a ``<details>``,
so a 6,000-line ``cat`` makes a few lines of page. Code keeps its line breaks as ``&#10;``:
no blank line may end the HTML block early.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

from generator.records import AgentStep, Trajectory
from generator.untrusted.prose import block_html
from generator.untrusted.text import html_text as t
from generator.untrusted.text import markdown_inline, one_line

HEAD_LINES = 12  # an observation longer than HEAD_LINES + TAIL_LINES + FOLD_SLACK lines is folded
TAIL_LINES = 6
FOLD_SLACK = 4
HEAD_CHARS = 2000  # ... and so is one longer than this many characters (a long single line)
TAIL_CHARS = 800
HEADING_CHARS = 60  # of the action, in the step's heading
# At most this much of the folded part is on the page (a real run cats whole papers: 100 kB per
# output, hundreds of runs); the rest is in data/trajectories.json.gz.
FOLDED_CHARS = 20_000
# control characters but tab and newline (XML refuses them), bidi overrides (they reorder text)
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def step_anchor(number: int) -> str:
    return f"step-{number}"


def summary_bar(t_: Trajectory) -> Markup:
    """Exit status, steps, cost, tokens and API calls of a run ("" for an exported page)."""
    items: list[tuple[str, str]] = []
    if t_.origin == "agent-run":
        items.append(("Exit status", t_.exit_status or "unknown"))
        items.append(("Steps", f"{len(t_.steps):,}"))
    if t_.cost is not None:
        items.append(("Cost", f"${t_.cost:,.4f}"))
    if t_.tokens_sent is not None or t_.tokens_received is not None:
        items.append(("Tokens", f"{_count(t_.tokens_sent)} sent · {_count(t_.tokens_received)} received"))
    if t_.api_calls is not None:
        items.append(("API calls", f"{t_.api_calls:,}"))
    if not items:
        return Markup("")
    cells = "".join(f'<li><span class="tj-runbar-label">{t(label)}</span> <strong>{t(value)}</strong></li>'
                    for label, value in items)
    return Markup(f'<ul class="tj-runbar">{cells}</ul>')


def timeline(steps: Iterable[AgentStep]) -> Markup:
    """Every step: a heading with its permalink anchor, then one HTML block."""
    return Markup("\n".join(_step(n, s) for n, s in enumerate(steps, 1)))


def _step(n: int, s: AgentStep) -> str:
    first = one_line(s.action.strip().split("\n", 1)[0]) if s.action.strip() else ""
    if len(first) > HEADING_CHARS:
        first = first[:HEADING_CHARS - 1] + "…"
    title = f"Step {n} · {first}" if first else f"Step {n}"
    out = [f'<div class="tj-step" id="{step_anchor(n)}-body">']
    if s.thought.strip():
        out.append(f'<div class="tj-step-thought">{block_html(s.thought)}</div>')
    if s.action.strip():
        out.append(f'<p class="tj-step-label">Action</p>\n<pre class="tj-step-action"><code>{_code(s.action)}</code></pre>')
    else:
        out.append('<p class="tj-step-label">Action</p>\n<p class="tj-step-none">(none: the reply gave no command)</p>')
    out.append(observation_html(s.observation))
    if s.execution_time is not None:
        out.append(f'<p class="tj-step-meta">{s.execution_time:.2f} s</p>')
    out.append("</div>")
    return f"### {markdown_inline(title)} {{#{step_anchor(n)}}}\n\n" + "\n".join(out) + "\n"


def observation_html(text: str) -> str:
    """The observation as text; folded (head, ``<details>`` with the rest, tail) when long."""
    label = '<p class="tj-step-label">Observation</p>'
    if not text:
        return f'{label}\n<p class="tj-step-none">(empty)</p>'
    head, middle, tail = fold(text)
    if not middle:
        return f'{label}\n<pre class="tj-observation"><code>{_code(text)}</code></pre>'
    hidden = middle.count("\n") + 1
    shown, left = middle[:FOLDED_CHARS], len(middle) - FOLDED_CHARS
    more = (f'<p class="tj-step-none">… {left:,} more characters, not shown here: the whole output is in '
            "the JSON download of every trajectory.</p>") if left > 0 else ""
    return (f'{label}\n<div class="tj-observation tj-folded">'
            f'<pre><code>{_code(head)}</code></pre>'
            f'<details><summary>{hidden:,} more line{"s" if hidden != 1 else ""} '
            f'({len(middle):,} characters)</summary><pre><code>{_code(shown)}</code></pre>{more}</details>'
            f'<pre><code>{_code(tail)}</code></pre></div>')


def fold(text: str) -> tuple[str, str, str]:
    """(head, middle, tail) of a long text, cut at line breaks where there are enough, else
    at characters; ``middle`` is "" when the text is short enough to show whole."""
    lines = text.split("\n")
    if len(lines) > HEAD_LINES + TAIL_LINES + FOLD_SLACK:
        head, middle, tail = lines[:HEAD_LINES], lines[HEAD_LINES:-TAIL_LINES], lines[-TAIL_LINES:]
        if len("\n".join(head)) + len("\n".join(tail)) <= HEAD_CHARS + TAIL_CHARS:
            return "\n".join(head), "\n".join(middle), "\n".join(tail)
    if len(text) > HEAD_CHARS + TAIL_CHARS + 200:
        return text[:HEAD_CHARS], text[HEAD_CHARS:-TAIL_CHARS], text[-TAIL_CHARS:]
    return text, "", ""


def _code(text: str) -> str:
    """Text for a ``<pre>``: escaped, controls dropped, line breaks as ``&#10;``."""
    return str(escape(_INVISIBLE.sub("", text))).replace("\n", "&#10;")


def _count(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"
