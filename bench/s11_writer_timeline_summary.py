import json
import sys
from pathlib import Path

d = json.loads(Path(sys.argv[1]).read_text())
ev = d["events"]


def span(tag):
    xs = [e for e in ev if e[0] == tag]
    return xs


waits = span("wait")
batches = span("batch")
first_res = min(e[2] for e in waits) if waits else 0
last_res = max(e[2] for e in waits) if waits else 0
wait_total = sum(e[2] - e[1] for e in waits)
print(
    f"first result {first_res:.2f} s, last result {last_res:.2f} s; writer waited {wait_total:.2f} s in {len(waits)} results"
)
print(
    f"batches {len(batches)}: wall {sum(e[2] - e[1] for e in batches):.2f} cpu {sum(e[3] for e in batches):.2f}; last batch ends {max(e[2] for e in batches):.2f}"
)
cm = span("commit")
print(f"commits {len(cm)} cpu {sum(e[3] for e in cm):.2f} wall {sum(e[2] - e[1] for e in cm):.2f}")
for tag in ("start_bulk", "end_bulk", "settle", "exit"):
    for e in span(tag):
        print(f"{tag}: {e[1]:.2f} -> {e[2]:.2f} wall {e[2] - e[1]:.2f} cpu {e[3]:.2f}")
print("writer cpu", round(d["cpu"], 2))
# worker CPU timeline: per 1 s bucket, kids' cpu delta and writer cpu delta
s = d["samples"]
prev = None
rows = []
for t, wc, k in s:
    tot = sum(k.values())
    if prev is None or t - prev[0] >= 1.0 or t == s[-1][0]:
        if prev:
            rows.append((prev[0], t, wc - prev[1], tot - prev[2], len(k)))
        prev = (t, wc, tot)
for a, b, w, kc, n in rows:
    print(f"{a:6.1f}-{b:6.1f} writer {w / (b - a):4.2f} kids {kc / (b - a):4.2f} (procs {n})")
