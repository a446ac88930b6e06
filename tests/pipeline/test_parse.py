import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pipeline import parse as parse_module
from generator.pipeline.parse import ParseError, parse

BOX = '<div style="x" class="trajectory-box">\n<h2 style="y">{title}</h2>\n\n{body}\n</div>\n'


def doc(heading="# lm-planner/gpt-4o/some_paper", reasoning="I thought.", plan=None):
    plan = plan if plan is not None else (
        "### Remove A\n- **Ablated Part**: module A\n- **Action**: REMOVE\n"
        "- **Metrics**: accuracy, F1 (macro, micro), latency\n\n"
        "### Swap B\n- **Ablated Part**: loss B\n- **Action**: REPLACE\n- **Replacement**: \n"
        "  - L1\n  - L2\n- **Metrics**: accuracy\n"
    )
    parts = ["<style>\n.x { color: red }\n</style>\n", heading, ""]
    if reasoning is not None:
        parts.append(BOX.format(title="🧠 Reasoning Trace", body=reasoning))
    if plan is not False:
        parts.append(BOX.format(title="📋 Ablation Plan", body=plan))
    return "\n".join(parts)


def test_identity_reasoning_and_plan():
    p = parse(doc())
    assert (p.planner, p.model, p.paper) == ("lm-planner", "gpt-4o", "some_paper")
    assert p.reasoning == "I thought."
    assert [a.name for a in p.ablations] == ["Remove A", "Swap B"]
    remove, swap = p.ablations
    assert remove.action == "REMOVE" and remove.replacement is None
    assert remove.metrics == ("accuracy", "F1 (macro, micro)", "latency")
    assert swap.replacement == ("L1", "L2") and swap.metrics == ("accuracy",)
    assert p.warnings == ()


def test_reasoning_keeps_markdown_and_inner_html_lines():
    text = "First line.\n\n1. **bold** item\n2. $\\alpha$ item\n\n<b>inline html</b> stays"
    p = parse(doc(reasoning=text))
    assert p.reasoning == text


def test_markdown_section_headings_are_accepted():
    text = ("# p/m/x\n\n## Reasoning\n\nWhy.\n\n## Ablation Plan\n\n### A\n- **Ablated Part**: a\n"
            "- **Action**: add\n- **Replacement**: one, two\n- **Metrics**: m\n")
    p = parse(text)
    assert p.reasoning == "Why."
    assert p.ablations[0].action == "ADD"
    assert p.ablations[0].replacement == ("one", "two")


def test_wrapped_values_continue_the_field():
    plan = "### A\n- **Ablated Part**: first half\n  second half\n- **Action**: REMOVE\n- **Metrics**: m\n"
    assert parse(doc(plan=plan)).ablations[0].ablated_part == "first half second half"


def test_truncated_plan_is_salvaged_with_a_warning():
    plan = "### A\n- **Ablated Part**: a\n- **Action**: REMOVE\n- **Metrics**: m\n\n### B\n- **Ablated Part**: cut of"
    p = parse(doc(plan=plan))
    assert [a.name for a in p.ablations] == ["A", "B"]
    assert any("'B': missing action, metrics" in w for w in p.warnings)


def test_unknown_action_is_kept_and_warned():
    plan = "### A\n- **Ablated Part**: a\n- **Action**: Modify\n- **Metrics**: m\n"
    p = parse(doc(plan=plan))
    assert p.ablations[0].action == "MODIFY"
    assert any("unexpected action 'MODIFY'" in w for w in p.warnings)


def test_missing_plan_is_a_warning_not_an_error():
    p = parse(doc(plan=False))
    assert p.ablations == () and p.reasoning == "I thought."
    assert any("no 'Ablation Plan'" in w for w in p.warnings)


def test_missing_reasoning_is_a_warning():
    p = parse(doc(reasoning=None))
    assert len(p.ablations) == 2 and p.reasoning == ""
    assert any("no 'Reasoning Trace'" in w for w in p.warnings)


def test_no_content_is_an_error():
    with pytest.raises(ParseError, match="no reasoning trace and no ablation plan"):
        parse("# a/b/c\n\nnothing here\n")


def test_no_heading_falls_back_to_layout_path():
    p = parse(doc(heading=""), "lm-planner/gpt-4o/paper_x.md")
    assert (p.planner, p.model, p.paper) == ("lm-planner", "gpt-4o", "paper_x")
    assert any("identity taken from the path" in w for w in p.warnings)


def test_no_heading_and_flat_path_is_an_error_naming_what_was_expected():
    with pytest.raises(ParseError, match="planner/model/paper"):
        parse(doc(heading="# Just a title"), "file.md")


def test_paper_with_slashes_keeps_the_rest():
    p = parse(doc(heading="# p/m/a/b/c"))
    assert p.paper == "a/b/c"


def test_empty_plan_warns():
    p = parse(doc(plan=""))
    assert p.ablations == ()
    assert any("plan is empty" in w for w in p.warnings)


# The parser finds style blocks, section headings and box ends without running its regexes
# at every character; what it finds must be exactly what the regexes find.
_PIECES = st.sampled_from([
    "\n", " ", "\t", "\r", "\x85", "\xa0", "\u2028", "x", "é", "#", "##", "### ", "## ", "<h2>", "<H2 id='a'>",
    "</h2>", "</h2\n>", "Reasoning", "Plan", "<div>", "<div class='b'>", "</div>", "</DIV>", "</dıv>",
    "<style>", "<STYLE media=x>", "<styles>", "</style>", "</style >", "<",
])
_TEXTS = st.lists(_PIECES, max_size=30).map("".join)


@settings(max_examples=500)
@given(_TEXTS)
def test_fast_scans_match_the_regexes(text):
    p = parse_module
    assert p._without_styles(text) == p._STYLE.sub("", text)
    assert [m.span() for m in p._section_marks(text)] == [m.span() for m in p._SECTION.finditer(text)]
    assert p._without_box_close(text) == p._BOX_CLOSE.sub("", text)


def test_metric_lists_split_on_top_level_commas_only():
    split = parse_module._split_list
    assert split("a, b,, c ,") == ["a", "b", "c"]
    assert split("F1 (macro, micro), acc [a, b], {x, y}") == ["F1 (macro, micro)", "acc [a, b]", "{x, y}"]
    assert split("a), b") == ["a)", "b"]


@given(st.text(alphabet="ab ,()[]{}", max_size=30))
def test_metric_lists_split_like_a_character_scan(value):
    out, depth, start = [], 0, 0
    for i, ch in enumerate(value):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            out.append(value[start:i])
            start = i + 1
    out.append(value[start:])
    assert parse_module._split_list(value) == [p.strip() for p in out if p.strip()]
