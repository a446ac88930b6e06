"""generator.pages.fragments: ablation fields (maths, mapping-valued replacements)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from generator.pages.fragments import ablation_fields, mapping, structured
from generator.records import Ablation


def test_python_and_json_mappings_become_key_value_tables():
    assert mapping("{'dac_weight': 1.0, 'span_weight': 0.5}") == [("dac_weight", "1.0"), ("span_weight", "0.5")]
    assert mapping('{"lr": 0.001, "opt": "adam", "sched": {"warmup": 10}}') == [
        ("lr", "0.001"), ("opt", "adam"), ("sched", '{"warmup": 10}')]
    for text in ("{a}", "{}", "{1, 2}", "plain", "{'a': __import__('os')}", "{" * 500 + "}" * 500, "[1, 2]"):
        assert mapping(text) is None
    soup = BeautifulSoup(structured("{'<b>k</b>': '$x^2$', 'n': None}"), "html.parser")
    assert [(th.get_text(), td.get_text()) for th, td in zip(soup.find_all("th"), soup.find_all("td"))][1] == ("n", "null")
    assert soup.th.get_text() == "<b>k</b>" and soup.find("b") is None and soup.td.math["alttext"] == "x^2"


def test_ablation_fields_show_maths_and_mappings():
    a = Ablation("A", "Refinement network ($G_{\\text{refine}}$)", "REPLACE",
                 ("{'dac_weight': 1.0, 'span_weight': 0.0}", "plain <i>item</i>"), ("F1",))
    soup = BeautifulSoup(ablation_fields(a), "html.parser")
    dd = soup.find_all("dd")
    assert dd[0].math["alttext"] == "G_{\\text{refine}}"
    assert [li.table is not None for li in dd[1].find_all("li")] == [True, False]
    assert dd[1].find_all("li")[1].get_text() == "plain <i>item</i>"


@given(st.text(alphabet="{}[]'\":,0123456789abc $\\<>", max_size=60))
def test_any_replacement_text_is_escaped_html(text):
    soup = BeautifulSoup(structured(text), "html.parser")
    assert {t.name for t in soup.find_all(True)} <= {"table", "tbody", "tr", "th", "td", "math", "semantics",
                                                    "annotation", "mrow", "mi", "mn", "mo", "mtext", "msub",
                                                    "msup", "msubsup", "mfrac", "mspace", "mstyle", "mover",
                                                    "munder", "msqrt", "mroot", "span", "mtable", "mtr", "mtd"}


def test_search_filters_are_escaped_and_each_value_once():
    from generator.pages.fragments import search_filters

    out = search_filters([("model", "GPT-4o"), ("model", "GPT-4o"), ("model", "<b>x</b>"), ("task", ""),
                          ("planner", "lm-planner")])
    soup = BeautifulSoup(out, "html.parser")
    assert [(s["data-pagefind-filter"], s.get_text()) for s in soup.find_all("span")] == [
        ("model", "GPT-4o"), ("model", "<b>x</b>"), ("planner", "lm-planner")]
    assert soup.find("b") is None
