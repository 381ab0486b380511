"""The ground truth (truth.json): per file, the report's identity, what it cites and the relations it
states; per central document, the bodies the texts show implementing it, and those the world has but no
text states ("unstated")."""

from __future__ import annotations

from collections import defaultdict, deque

from luocdo.synth.bodies import Body
from luocdo.synth.central import Central
from luocdo.synth.documents import Doc
from luocdo.synth.page import Page
from luocdo.synth.planning import REPORT, Spec

GENERATOR = "luocdo.synth 1"
IMPLEMENTING = ("implements", "reports_on")


class Truth:
    """Gathered file by file as the files are written."""

    def __init__(self) -> None:
        self.files: dict[str, dict] = {}
        self.stated: set[tuple[str, str, str]] = set()  # implements / reports_on links the texts state
        self.docs: dict[str, Doc] = {}

    def add(self, name: str, spec: Spec, page: Page) -> None:
        own, body = spec.own, spec.body
        for k, c in page.cited.items():
            if c["relation"] in IMPLEMENTING:
                self.stated.add((own.key, c["relation"], k))
        for a, r, b in page.rels:
            if r in IMPLEMENTING:
                self.stated.add((a, r, b))
        self.docs.update(page.docs)
        self.docs[own.key] = own
        self.files[name] = {
            "document": {
                **own.record(),
                "province": body.province,
                "district": body.short if body.level == "district" else None,
                "place": body.short,
                "title": page.title,
                "kind": "plan" if spec.kind != REPORT else "report",
            },
            "cited": list(page.cited.values()),
            "named": page.named,
            "relations": [{"from": a, "relation": r, "to": b} for a, r, b in page.rels],
        }

    def as_dict(self, seed: int, reports: int, centrals: list[Central], bodies: list[Body]) -> dict:
        return {
            "generator": GENERATOR,
            "seed": seed,
            "reports": reports,
            "central": [{**c.doc.record(), "key": c.key} for c in centrals],
            "files": self.files,
            "implementers": implementers(centrals, self.stated, self.docs, bodies),
            "bodies": [
                {"body": b.name, "level": b.level, "province": b.province, "modes": b.modes} for b in bodies
            ],
        }


def implementers(centrals: list[Central], stated: set, docs: dict[str, Doc], bodies: list[Body]) -> dict:
    """Per central document, the bodies whose documents reach it by stated links (at most 6 hops):
    directly (one hop), or through which documents at one hop."""
    into: dict[str, list[str]] = defaultdict(list)
    for a, _, b in sorted(stated):
        into[b].append(a)
    out = {}
    for c in centrals:
        target = c.doc.key
        depth = {target: 0}
        first_hop: dict[str, set[str]] = defaultdict(set)  # doc -> documents at depth 1 on its paths
        q = deque([target])
        while q:
            x = q.popleft()
            if depth[x] >= 6:
                continue
            for a in into.get(x, ()):
                if a not in depth:
                    depth[a] = depth[x] + 1
                    q.append(a)
                if depth[a] == depth[x] + 1:
                    first_hop[a] |= {a} if x == target else first_hop[x]
        found: dict[str, dict] = {}
        for k, dep in depth.items():
            if dep == 0 or k not in docs:
                continue
            d = docs[k]
            e = found.setdefault(
                d.issuer,
                {
                    "body": d.issuer,
                    "level": d.level,
                    "province": d.province,
                    "direct": False,
                    "via": set(),
                },
            )
            e["direct"] = e["direct"] or dep == 1
            if dep > 1:
                e["via"] |= first_hop[k]
        rows = []
        for e in sorted(found.values(), key=lambda e: (not e["direct"], e["body"])):
            e["via"] = [] if e["direct"] else sorted(e["via"])
            rows.append(e)
        shown = {e["body"] for e in rows}
        unstated = [
            {"body": b.name, "mode": b.modes[c.key]}
            for b in bodies
            if b.modes.get(c.key) in ("direct", "via", "plan") and b.name not in shown
        ]
        out[c.key] = {"document": target, "bodies": rows, "unstated": unstated}
    return out
