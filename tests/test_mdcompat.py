import markdown

from generator.mdcompat import commonmark_lists


def html(text):
    return markdown.markdown(commonmark_lists(text))


def test_list_right_after_a_paragraph_becomes_a_list():
    assert "<ol>" in html("The parts are:\n1. one\n2. two\n")
    assert "<ul>" in html("Parts:\n- a\n- b")


def test_two_space_nesting_becomes_nested_list():
    out = html("- top\n  - child\n  - child 2\n- next")
    assert out.count("<ul>") == 2


def test_code_fences_are_left_alone():
    text = "Code:\n```\nx:\n- not a list\n```\n"
    assert commonmark_lists(text) == text


def test_plain_text_unchanged():
    text = "One paragraph.\n\nAnother with a - dash and 1. number inside."
    assert commonmark_lists(text) == text
