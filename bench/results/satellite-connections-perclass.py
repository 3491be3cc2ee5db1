# usage: python3 satellite-connections-perclass.py BEFORE.histo AFTER.histo CONNECTIONS
# Per-class difference of two `jmap -histo:live` outputs, in bytes and instances per
# connection, classes over 2 B/connection, and the total.
import sys, re
def load(p):
    d = {}
    for line in open(p):
        m = re.match(r'\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)', line)
        if m:
            d[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return d
b, a, n = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3])
rows = []
for k in set(a) | set(b):
    ia, ba = a.get(k, (0, 0)); ib, bb = b.get(k, (0, 0))
    rows.append(((ba - bb) / n, (ia - ib) / n, k))
rows.sort(reverse=True)
tot = sum(r[0] for r in rows)
for bpc, ipc, k in rows:
    if abs(bpc) >= 2:
        print(f"{bpc:8.1f} B/conn {ipc:7.2f} inst/conn {k}")
print(f"total {tot:.1f} B/conn")
