#!/bin/bash
# usage: [CHURN=3000/s] [CHURN_RUNS=1] [OUT_DIR=/tmp/loginbench] [DB=constellation_loginbench] \
#        [SERVER_OPTS='-XX:...'] [LG_JAVA_OPTS=...] satellite-logins-run.sh JAR LABEL PORT mariadb|h2
# A fresh catalog with 5,000 users (1 PBKDF2 iteration), one satellite server (2 I/O threads),
# then three load-generator runs of 5,000 satellites with 300 files: cold ramp, warm ramp, churn;
# server CPU (user and system) from /proc/PID/stat around each run.
# LG_JAVA_OPTS: JVM flags of the load generators; default C1 only (-XX:TieredStopAtLevel=1): each
# stage is a new short JVM, and C2 compiling its code cost it about as much CPU per login over
# the first 60 s as its whole steady-state work (2026-11-26, satellite-logins.md).
JAR=$1; L=$2; PORT=${3:-7460}; BE=${4:-mariadb}
OUT=${OUT_DIR:-/tmp/loginbench}/$L; rm -rf $OUT; mkdir -p $OUT
if [ $BE = mariadb ]; then
  DB=${DB:-constellation_loginbench}
  URL="jdbc:mariadb://127.0.0.1:3306/$DB?user=root&password=&sslMode=disable"
  mysql -uroot -e "drop database if exists $DB; create database $DB character set utf8mb4"
  CAT="--catalog-url $URL"
else
  rm -rf /tmp/loginbench-h2; CAT="--data-dir /tmp/loginbench-h2"
fi
java -jar $JAR users add-many $CAT --count 5000 --iterations 1 --password loadtest > $OUT/users.txt 2>&1
java -Xmx4g $SERVER_OPTS -jar $JAR satellite-server $CAT --port $PORT --admin-port 0 --metrics-port 0 --io-threads 2 \
   --connections-per-second-per-address 0 --password-iterations 1 --server-id bench > $OUT/server.txt 2>&1 &
SPID=$!
for i in $(seq 60); do grep -q -i 'ready' $OUT/server.txt && break; sleep 1; done
LG="java ${LG_JAVA_OPTS--XX:TieredStopAtLevel=1} -jar $JAR loadgen satellites --server 127.0.0.1:$PORT --satellites 5000 --files-per-satellite 300 --source-addresses 127.0.0.2-127.0.0.9 --event-loops 2 --universe 50000 --zipf 1.0 --seed 42 --ramp-rate 5000/s"
cpu() { awk '{print $14+$15}' /proc/$SPID/stat; }
sys() { awk '{print $15}' /proc/$SPID/stat; }
# Per-thread ticks (user+sys) by group: event loops, JIT compiler, GC, the rest; the JIT and
# GC share is warm-up and heap growth, not a login's steady cost.
threads() { for t in /proc/$SPID/task/*; do sed -E 's/^([0-9]+) \((.*)\) (.*)$/\1|\2|\3/' $t/stat 2>/dev/null; done |
  awk -F'|' '{split($3,f," "); g="other"; if ($2 ~ /^satellite-bench/) g="loops"; else if ($2 ~ /Compiler/) g="jit";
    else if ($2 ~ /^(GC|G1)/) g="gc"; print $1, g, f[12]+f[13]}'; }
groups() { awk 'NR==FNR{a[$1]=$3; next} {d[$2]+=$3-a[$1]} END{printf "loops %d jit %d gc %d other %d", d["loops"], d["jit"], d["gc"], d["other"]}' $1 $2; }
stage() { local name=$1; shift; echo "$(uptime)" > $OUT/$name.uptime; threads > $OUT/$name.t0; local c0=$(cpu) s0=$(sys); $LG "$@" > $OUT/$name.txt 2>&1; local c1=$(cpu) s1=$(sys); threads > $OUT/$name.t1; echo "$name server cpu ticks $((c1-c0)) (sys $((s1-s0)); $(groups $OUT/$name.t0 $OUT/$name.t1); clk $(getconf CLK_TCK)) load: $(cat $OUT/$name.uptime | sed 's/.*load/load/') -> $(uptime | sed 's/.*load/load/')" | tee -a $OUT/cpu.txt; }
stage cold --churn 0/s --duration 30s
stage warm --churn 0/s --duration 20s
stage churn --churn ${CHURN:-6000/s} --duration 60s
# CHURN_RUNS=2 adds a second churn run on the same server: nearer the steady state, as the
# first still pays for JIT compilation and heap growth.
for i in $(seq 2 ${CHURN_RUNS:-1}); do stage churn$i --churn ${CHURN:-6000/s} --duration 60s; done
kill $SPID; wait $SPID
