"""validate's JSON writer (luocdo.validate.report) writes what json.dumps(indent=2) writes, for a
finding's shape and for anything else a row may hold."""

from __future__ import annotations

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.validate.report import write_json_items

text = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)  # any character: escapes, U+2028
scalar = st.one_of(st.none(), text, st.integers(), st.booleans(), st.floats(allow_nan=False))
anything = st.recursive(
    scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(text, inner, max_size=3)),
    max_leaves=8,
)
evidence = st.lists(
    st.one_of(
        st.fixed_dictionaries({"file": st.one_of(st.none(), text), "line": st.integers(), "sentence": text}),
        st.dictionaries(text, anything, max_size=3),
        anything,
    ),
    max_size=3,
)
finding = st.one_of(
    st.fixed_dictionaries(
        {
            "code": text,
            "severity": text,
            "document": text,
            "explanation": text,
            "suggestion": text,
            "evidence": evidence,
        }
    ),
    st.dictionaries(text, st.one_of(anything, evidence), max_size=4),
    anything,
)


@settings(max_examples=400, deadline=None)
@given(st.lists(finding, max_size=3))
def test_the_written_list_is_json_dumps_with_indent_2(rows):
    out = io.StringIO()
    wrote = write_json_items(rows, out, first=True)
    out.write("\n]\n" if wrote else "[]\n")
    assert out.getvalue() == json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n"
