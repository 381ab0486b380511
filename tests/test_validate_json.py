"""validate's JSON writer (luocdo.validate.report) writes what json.dumps(indent=2) writes, for a
finding's shape and for anything else a row may hold."""

from __future__ import annotations

import io
import json
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.validate.report import finding_row, write_finding_items, write_json_items

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


scalar_or_odd = st.one_of(text, st.none(), st.integers(), st.booleans(), st.floats(allow_nan=False))
finding_objects = st.builds(
    SimpleNamespace,
    code=st.one_of(text, scalar_or_odd),
    severity=text,
    document=st.one_of(text, st.none(), st.integers()),
    explanation=st.one_of(text, st.sampled_from(["Văn bản chưa được xác minh", "a\nb"])),
    suggestion=scalar_or_odd,
    evidence=st.one_of(
        st.lists(
            st.one_of(
                st.fixed_dictionaries(
                    {
                        "file": st.one_of(st.none(), text, st.sampled_from(["a/b.md", "x\\y"])),
                        "line": st.one_of(st.integers(), st.none(), st.booleans(), text),
                        "sentence": st.one_of(text, st.none(), st.integers()),
                    }
                ),
                st.fixed_dictionaries({"line": st.integers(), "file": text, "sentence": text}),
                st.dictionaries(text, anything, max_size=3),
                anything,
            ),
            max_size=5,
        ),
        st.tuples(anything),
    ),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(finding_objects, max_size=4), st.booleans())
def test_findings_written_as_their_rows(found, first):
    """The findings' own writer (one expression per usual finding) writes what the rows' writer does."""
    fast, rows = io.StringIO(), io.StringIO()
    assert write_finding_items(found, fast, first=first) == write_json_items(
        map(finding_row, found), rows, first=first
    )
    assert fast.getvalue() == rows.getvalue()
