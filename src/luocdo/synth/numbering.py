"""Numbers of local documents: they grow through the year for each body and series."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

from luocdo.synth.documents import Doc

# numbers used per day of the year (per day of the Party term), by issuer level and series
RATE = {
    ("province", "KH"): 1.0,
    ("district", "KH"): 0.45,
    ("province", "BC"): 1.1,
    ("district", "BC"): 0.9,
    ("province", "CV"): 16.0,
    ("district", "CV"): 6.5,
    ("province", "QĐ"): 8.0,
    ("district", "QĐ"): 9.0,
    ("department", "CV"): 5.5,
    ("central", "CV"): 18.0,
    ("party-province", "TU"): 0.12,
}


def number_documents(local: list[Doc], rng: random.Random) -> None:
    """Give every local document its number, per body and series and year (per Party term for Party bodies)."""
    groups: dict[tuple, list[Doc]] = defaultdict(list)
    for d in local:
        period = (d.date.year - 1) // 5 if d.series == "TU" else d.date.year
        groups[(d.issuer, d.series, period)].append(d)
    for (_, series, _), docs in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])):
        docs.sort(key=lambda x: (x.date, x.seq))
        r = RATE.get((docs[0].level, series), 1.0)
        prev = 0
        for d in docs:
            if series == "TU":
                start = date(2015 + 5 * ((d.date.year - 1 - 2015) // 5) + 1, 1, 1)
                day = (d.date - start).days
            else:
                day = d.date.timetuple().tm_yday
            base = int(r * day) + rng.randint(0, int(r * 3) + 1)
            n = max(prev + 1, base, 1)
            prev = n
            d.number = f"{n:02d}" if n < 10 and rng.random() < 0.7 else str(n)
