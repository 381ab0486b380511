"""Who implements what: provinces that issued a plan for a central document, and districts that implemented
it directly, through the provincial plan (via), only "based on" it, or not at all."""

from __future__ import annotations

import random
from datetime import date, timedelta

from luocdo.synth.bodies import Body
from luocdo.synth.central import Central
from luocdo.synth.local_documents import LocalDocuments


def assign_modes(
    rng: random.Random,
    centrals: list[Central],
    provinces: list[Body],
    districts: list[Body],
    local: LocalDocuments,
) -> None:
    """Fill each body's modes and plans (its own document for each central document it implements)."""
    for pb in provinces:
        for c in centrals:
            if rng.random() < 0.62:
                lag = rng.randint(20, 150)
                d = c.doc.date + timedelta(days=lag)
                if c.key == "26/CT-TTg" and rng.random() < 0.4:
                    d = date(2019, rng.randint(1, 6), rng.randint(1, 28))  # giai đoạn 2019 - 2020
                pb.modes[c.key] = "plan"
                pb.plans[c.key] = local.plan(pb, d, f"về {c.plan_subject} trên địa bàn {pb.unit}")
            else:
                pb.modes[c.key] = "none"
    for db in districts:
        pb = db.prov_body
        for c in centrals:
            P = pb.plans.get(c.key)
            r = rng.random()
            if P is not None:
                mode = "direct" if r < 0.3 else "via" if r < 0.75 else "based" if r < 0.82 else "none"
            else:
                mode = "direct" if r < 0.45 else "based" if r < 0.53 else "none"
            start = (P.date if mode == "via" else c.doc.date) + timedelta(days=rng.randint(8, 120))
            if mode != "none" and start > date(2024, 9, 30):
                mode = "none"
            db.modes[c.key] = mode
            if mode == "none":
                continue
            subj = f"về {c.plan_subject} {'trên địa bàn ' + db.unit if rng.random() < 0.6 else ''}".strip()
            if mode == "based" or rng.random() < 0.15:
                db.plans[c.key] = local.letter(db, start, f"về việc {c.plan_subject}")
            else:
                db.plans[c.key] = local.plan(db, start, subj)
