"""An agent's steps on its page: folded observations, text never HTML, permalinks."""

from __future__ import annotations

from generator.pages.agent_steps import FOLDED_CHARS, HEAD_LINES, TAIL_LINES, fold, observation_html, summary_bar, timeline
from generator.records import AgentStep, Trajectory


def test_a_long_output_shows_head_and_tail_and_folds_the_rest():
    text = "\n".join(f"line {i}" for i in range(6000))
    head, middle, tail = fold(text)
    assert head.split("\n") == [f"line {i}" for i in range(HEAD_LINES)]
    assert tail.split("\n") == [f"line {i}" for i in range(6000 - TAIL_LINES, 6000)]
    assert "\n".join([head, middle, tail]) == text
    html = observation_html(text)
    assert "<details><summary>5,982 more lines" in html and "\n" not in html.split("\n", 1)[1]
    assert "line 5999" in html  # the tail


def test_a_huge_output_puts_a_bounded_part_on_the_page():
    text = "\n".join(f"line {i:06d} " + "x" * 60 for i in range(100_000))
    html = observation_html(text)
    assert len(html) < FOLDED_CHARS + 10_000 and "more characters, not shown here" in html


def test_a_long_single_line_is_folded_by_characters():
    head, middle, tail = fold("x" * 100_000)
    assert len(head) + len(middle) + len(tail) == 100_000 and middle


def test_observations_and_actions_are_text():
    step = AgentStep(thought="<script>alert(1)</script> **bold**", action="echo '<b>'\n\nls",
                     observation="<img src=x onerror=alert(1)>\n\n</div>", execution_time=1.5)
    html = str(timeline([step]))
    heading, block = html.split("\n\n", 1)
    assert "<script>" not in html and "<img" not in html and "\n\n" not in block  # one HTML block
    assert "&lt;img src=x onerror=alert(1)&gt;&#10;&#10;&lt;/div&gt;" in html
    assert "echo &#39;&lt;b&gt;&#39;&#10;&#10;ls" in html
    assert heading == "### Step 1 · echo &#39;&#60;b&#62;&#39; {#step-1}"
    assert "<strong>bold</strong>" in html  # the thought is model Markdown, sanitised


def test_the_summary_bar_says_what_the_run_recorded():
    t = Trajectory(source="s", planner="agent-planner", model="m", paper="p", reasoning="", ablations=(),
                   origin="agent-run", steps=(AgentStep("", "", ""),) * 3, exit_status="submitted (exit_cost)",
                   cost=0.5, tokens_sent=12000, tokens_received=340, api_calls=3)
    bar = str(summary_bar(t))
    for text in ("submitted (exit_cost)", "<strong>3</strong>", "$0.5000", "12,000 sent · 340 received"):
        assert text in bar
    assert str(summary_bar(Trajectory("s", "lm-planner", "m", "p", "", ()))) == ""
