import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.output.jsontext import dumps


def reference(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


_DATA = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(_DATA)
def test_same_text_as_json(obj):
    assert dumps(obj) == reference(obj)


@pytest.mark.parametrize("obj", [
    "\ud800 lone surrogate", 2**70, {1: "int key"}, ("a", ("b",)), "\x00\x1f\x7f\u2028\U0001f600",
])
def test_what_orjson_refuses_or_writes_differently_goes_to_json(obj):
    assert dumps(obj) == reference(obj)
