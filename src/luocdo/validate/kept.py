"""The findings kept in the store (luocdo.store.findings), re-checked where the writes since the last
check changed something: the files written or removed (the rules about one citation), the numbers their
citations and documents carry (the rules that compare the citations of a number, and the pairs of
numbers of V003), the documents created, changed or removed (V008's edges). Everything is checked again
after a catalog import, with another reference catalog or luocdo version, or with `--full`.

The ingest only marks (triggers of schema.sql, inside its transactions); the re-check runs when the
findings are next read (`validate`, `show`, the xlsx export, the web), in one write transaction."""

from __future__ import annotations

import json
import sqlite3
import time
from collections import OrderedDict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from luocdo.store import Store, StoreError, stamps
from luocdo.store import findings as kept
from luocdo.store.wal_fold import emptied_wal
from luocdo.validate import parallel
from luocdo.validate.rules import RULES, Finding, Msg, View, run_all

# above this share of the store's files to re-check, checking everything is quicker
FULL_ABOVE = 0.25


@dataclass
class Refreshed:
    full: bool
    files: int = 0
    numbers: int = 0
    documents: int = 0
    findings: int = 0
    seconds: float = 0.0


def batched(items: Iterable, n: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, n)):
        yield chunk


def _changed(store: Store, d: kept.Dirty, skip: Collection[str] = ()) -> Iterator[Finding]:
    """The findings of what the dirty keys name (of everything when `d.everything`), computed on the
    store as it is now, rule by rule (but the rules `skip`, run elsewhere)."""
    if d.everything:
        whole = View(store, keeping=True)
        for code, (_name, fn) in RULES.items():
            if code not in skip:
                yield from fn(whole)
        return
    numbers = set(d.numbers)
    by_file = View(store, files=d.files, keeping=True)
    by_number = View(store, numbers=numbers, docs=d.docs, keeping=True)
    by_edge = View(store, files=d.files, docs=d.docs, keeping=True)
    for code, (_name, fn) in RULES.items():
        if code in kept.FILE_CODES or code == kept.PAIR_CODE:
            if d.files:
                yield from fn(by_file)
        elif code == kept.EDGE_CODE:
            if d.files or d.docs:
                yield from fn(by_edge)
        elif numbers or (d.docs and code in kept.DOC_CODES):
            yield from fn(by_number)


def refresh(store: Store, *, full: bool = False, parallel_above: int | None = None) -> Refreshed:
    """Re-check what changed (everything with `full`) and keep the findings, in one write transaction
    of `store` (opened for writing). A whole check of a store of more than `parallel_above` files
    (default `parallel.PARALLEL_ABOVE_FILES`) runs on two cores (luocdo.validate.parallel)."""
    started = time.monotonic()
    with parallel.cleaned_on_sigterm():
        return _refresh(store, full, parallel_above, started)


def _refresh(store: Store, full: bool, parallel_above: int | None, started: float) -> Refreshed:
    db = store.db
    helper: parallel.Helper | None = None
    try:
        with store._immediate(writes=stamps.FINDINGS):  # the facts stay as they are
            kept.create(db)  # a store opened before they were kept, by a luocdo that did not keep them
            d = kept.dirty(db)
            if not full and not d.everything:
                n_files = db.execute("SELECT count(*) FROM files").fetchone()[0]
                full = len(d.files) > FULL_ABOVE * max(n_files, 1)
            if full:
                d = kept.Dirty(True, frozenset(), frozenset(), frozenset())
            d = kept.with_cited(db, d)
            if d.everything:
                parallel.mapped(db)
            kept.remove(db, d)
            if d.everything and parallel.worth_it(db, above=parallel_above):
                helper = parallel.Helper(store.path, parallel.HELPER_CODES)
            skip = parallel.HELPER_CODES if helper is not None else ()
            n = 0
            said = kept.Said(db)
            for chunk in batched(_changed(store, d, skip), 5000):  # kept as they come, not all held in memory
                n += kept.insert(db, chunk, said)
            if helper is not None:
                copied = helper.join(db)
                if copied is None:  # the helper failed: its rules here
                    others = [c for c in RULES if c not in parallel.HELPER_CODES]
                    for chunk in batched(_changed(store, d, others), 5000):
                        copied = (copied or 0) + kept.insert(db, chunk, said)
                n += copied or 0
            kept.settled(db)
    finally:
        if helper is not None:
            helper.close(db)
    return Refreshed(d.everything, len(d.files), len(d.numbers), len(d.docs), n, time.monotonic() - started)


def _refreshed(store: Store, *, full: bool) -> bool:
    """refresh() through `store`, or through a write connection of its own when `store` was opened
    read-only. False when the store cannot be written."""
    # the findings are derived: a store that cannot take them (read-only, disk full, a size limit) is
    # answered all the same, from the rules
    if not store.readonly:
        try:
            refresh(store, full=full)
        except sqlite3.Error:
            return False
        return True
    try:
        writer = Store(store.path, create=True)
    except StoreError:
        return False
    try:
        refresh(writer, full=full)
        # the reader stays open, so closing the writer does not checkpoint: without this the check's commit
        # (and those of an ingest that closed while this command read) stayed in the -wal only, and a copy
        # of the store file alone was an older store with its findings marked stale
        emptied_wal(writer.db)
    except sqlite3.Error:
        return False
    finally:
        writer.close()
    return True


def is_current(store: Store) -> bool:
    """The kept findings need no re-check (read without writing)."""
    return kept.is_current(store.db)


def current(store: Store) -> bool:
    """Bring the kept findings of `store` up to date. False when they cannot be kept (a store that
    cannot be written): the caller computes them instead."""
    if kept.is_current(store.db):
        return True
    return _refreshed(store, full=False) and kept.is_current(store.db)


def recheck_all(store: Store) -> bool:
    """`validate --full`: every finding computed again and kept (False: the store cannot be written;
    the findings are then computed when read)."""
    return _refreshed(store, full=True)


def counts(
    store: Store,
    codes: list[str] | None = None,
    severities: list[str] | None = None,
    doc=None,
) -> dict[tuple[str, str], int] | None:
    """How many findings `findings` gives, per (severity, code), counted in the store; None when the
    kept findings are not current (a store that cannot keep them)."""
    if not kept.is_current(store.db):
        return None
    about = (doc["id"], doc["num_norm"]) if doc is not None else None
    return kept.counts(store.db, codes, severities, about)


def findings(
    store: Store,
    codes: list[str] | None = None,
    severities: list[str] | None = None,
    doc=None,
) -> Iterator:
    """The store's findings (of `codes`, of `severities`; `doc`, a documents row: about it and the
    citations of its number), read from those kept (re-checked first), streamed in the order of
    `run_all`; computed by the rules when the store cannot keep them."""
    if not current(store):
        found = run_all(store, codes, doc_ids={doc["id"]} if doc is not None else None)
        yield from (f for f in found if not severities or f.severity in severities)
        return
    yield from read(store, codes, severities, about_doc(doc))


def about_doc(doc) -> tuple[int, str | None] | None:
    """What the kept findings of a document are looked up by (its id and number)."""
    return (doc["id"], doc["num_norm"]) if doc is not None else None


def read(
    store: Store,
    codes: list[str] | None = None,
    severities: list[str] | None = None,
    about: tuple[int, str | None] | None = None,
    *,
    start: tuple | None = None,
    stop: tuple | None = None,
) -> Iterator[Finding]:
    """The kept findings (current: see `current`), from the place `start` on, before `stop`."""
    db = store.db
    chosen = kept.rows(db, codes, severities, about, start=start, stop=stop, numbered=True)
    # many findings say the same words (V010's 263,000 at 200k: two texts): each text read and put
    # into words once (the last 4,096 kept, by their number)
    said: OrderedDict[int, Msg] = OrderedDict()

    def msg(text_id: int) -> Msg:
        m = said.get(text_id)
        if m is None:
            m = said[text_id] = Msg.from_json(json.loads(kept.said(db, text_id)))
            if len(said) > 4096:
                said.popitem(last=False)
        return m

    # the texts and the evidence are read by further statements, after the rows' own may have finished (a
    # last chunk): one read transaction keeps them all in the rows' snapshot, whatever another process
    # re-checks and renumbers meanwhile
    began = not db.in_transaction
    if began:
        db.execute("BEGIN")
    try:
        for chunk in batched(chosen, 2000):  # evidence read a chunk at a time
            for r, evidence in zip(
                chunk, kept.evidence_many(db, [r["evidence"] for r in chunk]), strict=True
            ):
                yield Finding(r["code"], r["severity"], r["document"], msg(r["why"]), msg(r["fix"]), evidence)
    finally:
        if began and db.in_transaction:
            db.execute("COMMIT")
