#!/bin/bash
# usage: [CHURN=3000/s] [DUR=145s] [SNAPS="20 60 100 140"] [OUT_DIR=/tmp/loginbench-cpu] \
#        satellite-logins-client-cpu.sh JAR LABEL PORT SERVER_PID [load generator JVM flags...]
# One churn run of 5,000 satellites x 300 files against a running, warm satellite server (e.g.
# the one satellite-logins-run.sh starts, or any after one warm ramp), and the CPU per login
# of the load generator (user and sys from /proc/PID/stat, and per thread group: event loops,
# driver "java", C2/C1 compilers, GC) and of the server, over windows between the progress
# lines at the SNAPS seconds, so JVM start-up and the ramp stay out of the figures.
JAR=$1; L=$2; PORT=$3; SPID=$4; shift 4
OUT=${OUT_DIR:-/tmp/loginbench-cpu}/$L; rm -rf $OUT; mkdir -p $OUT
SNAPS=${SNAPS:-20 60 100 140}
java "$@" -jar $JAR loadgen satellites --server 127.0.0.1:$PORT --satellites 5000 --files-per-satellite 300 \
  --source-addresses 127.0.0.2-127.0.0.9 --event-loops 2 --universe 50000 --zipf 1.0 --seed 42 --ramp-rate 5000/s \
  --churn ${CHURN:-3000/s} --duration ${DUR:-145s} > $OUT/out.txt 2>&1 &
LPID=$!
ticks() { sed 's/.*) //' $1 | awk '{print $12, $13}'; }  # utime stime, after the (comm) field
threads() { for t in /proc/$LPID/task/*; do echo "$(tr ' ' _ < $t/comm) $(ticks $t/stat)"; done; }
waitfor() { while ! grep -q "^\[ *$1s\]" $OUT/out.txt; do sleep 0.2; kill -0 $LPID 2>/dev/null || return 1; done; }
for s in $SNAPS; do
  waitfor $s || break
  threads > $OUT/thr$s; echo "$(ticks /proc/$LPID/stat) $(ticks /proc/$SPID/stat)" > $OUT/cpu$s
  uptime | sed 's/.*load average: //' > $OUT/up$s
done
wait $LPID
set -- $SNAPS; FIRST=$1; PREV=
for s in $SNAPS; do
  if [ -n "$PREV" ] && [ -f $OUT/cpu$s ]; then WINDOWS="$WINDOWS $PREV:$s"; LAST=$s; fi
  PREV=$s
done
[ -n "$LAST" ] && WINDOWS="$WINDOWS $FIRST:$LAST"
for w in $WINDOWS; do
python3 - $OUT ${w%:*} ${w#*:} $L $(getconf CLK_TCK) <<'PY' | tee -a $OUT/cpu.txt
import sys, re, collections
d, a, b, label, hz = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
n = 0
for line in open(f"{d}/out.txt"):
    m = re.match(r"\[ *(\d+)s\].*logins/s (\d+)", line)
    if m and a < int(m.group(1)) <= b:
        n += int(m.group(2))
ms = 1000.0 / hz / max(n, 1)
ca = list(map(int, open(f"{d}/cpu{a}").read().split())); cb = list(map(int, open(f"{d}/cpu{b}").read().split()))
t = [(y - x) * ms for x, y in zip(ca, cb)]
print(f"{label} s{a}-{b}: logins {n} ({n / (b - a):.0f}/s) load generator {t[0] + t[1]:.3f} ms/login "
      f"(user {t[0]:.3f} sys {t[1]:.3f}) server {t[2] + t[3]:.3f} (user {t[2]:.3f} sys {t[3]:.3f}) | load average "
      f"{open(f'{d}/up{a}').read().strip()} -> {open(f'{d}/up{b}').read().strip()}")
def groups(f):
    g = collections.Counter()
    for line in open(f):
        p = line.split()
        if len(p) == 3:
            name = re.sub(r"[-#0-9]+$", "", p[0]); g[(name, 0)] += int(p[1]); g[(name, 1)] += int(p[2])
    return g
A, B = groups(f"{d}/thr{a}"), groups(f"{d}/thr{b}")
parts = []
for name in {k[0] for k in B}:
    u, s = (B[(name, 0)] - A[(name, 0)]) * ms, (B[(name, 1)] - A[(name, 1)]) * ms
    if u + s >= 0.0005:
        parts.append((u + s, f"{name} {u + s:.3f} (u {u:.3f} s {s:.3f})"))
print("   per thread group, ms/login: " + "; ".join(p[1] for p in sorted(parts, reverse=True)))
PY
done
grep '^summary' $OUT/out.txt
