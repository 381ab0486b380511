"""A report's FileRows as they cross from an extraction worker to the writer: plain tuples, lists, dicts
and strings.

Pickle rebuilds a NamedTuple through its class's ``__new__`` (a Python call per citation), a dataclass
through ``__reduce_ex__`` and a pydantic header through its own ``__setstate__``; plain tuples are read
by pickle's C code alone. For 1,000 reports of the synthetic corpus (bench/s14_pipe_pickle.py), pickling
takes 18 ms instead of 31 and unpickling 32 ms instead of 42, plus 8 ms to name the rows again. The
writer's pool threads, which unpickle, run 0.15 s instead of 0.26 s per 2,000 reports
(bench/s14_pipe_thread_profile.py). The writer gives the rows their names again with ``tuple.__new__``
of the NamedTuple, with no Python call per row. It reads the header as a HeaderRow: the fields of
luocdo.model.ReportHeader, which the writer reads by name.
"""

from __future__ import annotations

from luocdo.store.cited import CitedParts
from luocdo.store.file_rows import FileRows, RelationRow
from luocdo.store.header_columns import HeaderRow, field_values
from luocdo.store.mention_row import MentionRow

_new = tuple.__new__


def plain(rows: FileRows) -> tuple:
    """What a worker sends for one report."""
    h, c = rows.header, rows.cited
    return (
        field_values(h),
        rows.header_json,
        rows.source,
        list(map(tuple, rows.mentions)),
        list(map(tuple, rows.relations)),
        rows.sentences,
        rows.warnings,
        None if c is None else (c.idents, c.own_keys, c.conventional),
        rows.blobs,
        rows.blobs_dict,
    )


def file_rows(t: tuple) -> FileRows:
    """The FileRows a worker sent as ``plain``."""
    header, header_json, source, mentions, relations, sentences, warnings, cited, blobs, blobs_dict = t
    return FileRows(
        _new(HeaderRow, header),
        header_json,
        source,
        [_new(MentionRow, m) for m in mentions],
        [_new(RelationRow, r) for r in relations],
        sentences,
        warnings,
        None if cited is None else CitedParts(*cited),
        blobs,
        blobs_dict,
    )
