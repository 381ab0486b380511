#!/usr/bin/env python3
"""The writer's _mention_rows alone, 9431682's (each citation read by name and slices) against a variant
that unpacks each citation once (tried in s16-writer, not kept: 0.2 µs a citation), both copied here,
over the citations of a capture (bench/s15_writer_replay.py capture): CPU of `rounds` passes each,
alternating, best of each.

    python bench/s16_writer_mention_rows_micro.py CAPTURE.pickle [rounds]
"""

from __future__ import annotations

import pickle
import sys
import time

from luocdo.store.mention_ident import derived_ident, own_ident
from luocdo.store.mention_key import own_key


def base_rows(self, fid, mentions, own_keys, resolved, idents):
    unresolved = (None, 1)
    resolved_of, ident_of = resolved.get, idents.get
    weights = self._weights
    rows, cited = [], []
    for m, ko in zip(mentions, own_keys, strict=True):
        doc = resolved_of(m.id, unresolved)
        ident = ident_of(m.id)
        at = m.surface_at
        rows.append(
            (
                fid,
                *m[:4],
                *((m.surface, None, None) if at is None else (None, at, len(m.surface))),
                *m[5:19],
                ko,
                *m[20:25],
                *doc,
                own_ident(ident, derived_ident(m.number, m.num_norm, m.symbol, m.year, m.date, m.issuer)),
            )
        )
        cited.append((m.id, m.line, m.relation, m.sentence_no, m.confidence, m.relation_confidence, doc[0]))
        if weights:
            w = weights.get(doc[0])
            if w is not None and ident == w[2]:
                weights[doc[0]] = (w[0], w[1] + 1, w[2])
    return rows, cited


def unpacked_rows(self, fid, mentions, own_keys, resolved, idents):
    unresolved = (None, 1)
    resolved_of, ident_of = resolved.get, idents.get
    weights = self._weights
    rows, cited = [], []
    for (
        mid,
        line,
        start,
        end,
        surface,
        sentence_no,
        type_,
        number,
        num_norm,
        year,
        symbol,
        date,
        date_valid,
        issuer,
        issuer_explicit,
        relation,
        short_form,
        in_footnote,
        name,
        _key,
        resolved_key,
        confidence,
        notes,
        position,
        rel_confidence,
        at,
    ), ko in zip(mentions, own_keys, strict=True):
        doc_id, candidates = resolved_of(mid, unresolved)
        ident = ident_of(mid)
        rows.append(
            (
                fid,
                mid,
                line,
                start,
                end,
                *((surface, None, None) if at is None else (None, at, len(surface))),
                sentence_no,
                type_,
                number,
                num_norm,
                year,
                symbol,
                date,
                date_valid,
                issuer,
                issuer_explicit,
                relation,
                short_form,
                in_footnote,
                name,
                ko,
                resolved_key,
                confidence,
                notes,
                position,
                rel_confidence,
                doc_id,
                candidates,
                own_ident(ident, derived_ident(number, num_norm, symbol, year, date, issuer)),
            )
        )
        cited.append((mid, line, relation, sentence_no, confidence, rel_confidence, doc_id))
        if weights:
            w = weights.get(doc_id)
            if w is not None and ident == w[2]:
                weights[doc_id] = (w[0], w[1] + 1, w[2])
    return rows, cited


def main(pick: str, rounds: int) -> None:
    with open(pick, "rb") as f:
        batches = pickle.load(f)
    files = []
    for b in batches:
        for p in b:
            if hasattr(p, "for_store"):
                r = p.for_store()
                ko = r.cited.own_keys if r.cited is not None else [own_key(m) for m in r.mentions]
                # every citation resolved to a document of its own, its identity the derived one
                res = {m.id: (i, 1) for i, m in enumerate(r.mentions)}
                ids = {
                    m.id: derived_ident(m.number, m.num_norm, m.symbol, m.year, m.date, m.issuer)
                    for m in r.mentions
                }
                files.append((r.mentions, ko, res, ids))

    class S:
        _weights: dict = {}

    s = S()
    new = unpacked_rows
    for fid, (m, ko, res, ids) in enumerate(files):
        assert base_rows(s, fid, m, ko, res, ids) == new(s, fid, m, ko, res, ids)
    best = {"base": [], "tree": []}
    for _ in range(rounds):
        for name, fn in (("base", base_rows), ("tree", new)):
            t = time.process_time()
            for fid, (m, ko, res, ids) in enumerate(files):
                fn(s, fid, m, ko, res, ids)
            best[name].append(time.process_time() - t)
    n = sum(len(f[0]) for f in files)
    for name, ts in best.items():
        print(
            f"{name}: {len(files)} files {n} citations, best {min(ts):.3f} s ({1e6 * min(ts) / n:.2f} µs a citation),"
            f" all {', '.join(f'{t:.3f}' for t in ts)}"
        )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5)
