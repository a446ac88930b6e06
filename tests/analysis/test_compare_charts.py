"""Comparison charts: a visible title, legible text, the data in words, escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from generator.analysis import compare_charts as cc

NS = "{http://www.w3.org/2000/svg}"


def _svg(markup: str) -> ET.Element:
    return ET.fromstring(markup)


@pytest.mark.parametrize("make", [
    lambda: cc.mix([("A <b>", {"REMOVE": 3, "REPLACE": 1}), ("B", {"ADD": 2, "weird": 1})], chart_id="m", title="Mix & more"),
    lambda: cc.bars([("A <b>", 4.5, "4.50"), ("B", 2.0, "2.00")], chart_id="b", title="Per plan & more"),
    lambda: cc.mix([], chart_id="e", title="Empty"),
    lambda: cc.bars([], chart_id="e2", title="Empty"),
])
def test_title_visible_text_legible_at_the_minimum_width(make):
    markup = make()
    svg = _svg(markup)  # well-formed XML: everything escaped
    title = svg.find(f"{NS}title").text
    texts = svg.iter(f"{NS}text")
    first = next(texts)
    assert first.text == title and first.get("font-weight") == "700"  # the title, drawn
    width = float(svg.get("viewBox").split()[2])
    sizes = [float(t.get("font-size") or svg.get("font-size")) for t in svg.iter(f"{NS}text")]
    assert min(sizes) * cc.MIN_PX / width >= 12  # >= 12 px wherever the chart is >= MIN_PX wide
    assert "\n\n" not in markup and svg.get("role") == "img"


def test_data_in_words_and_shares():
    markup = cc.mix([("A", {"REMOVE": 3, "REPLACE": 1})], chart_id="m", title="t")
    desc = _svg(markup).find(f"{NS}desc").text
    assert "REMOVE 3 (75%)" in desc and "REPLACE 1 (25%)" in desc
    assert re.search(r">75%<", markup)


def test_bad_chart_ids_are_refused():
    with pytest.raises(ValueError):
        cc.bars([("a", 1, "1")], chart_id='x" onload="y', title="t")
