#!/bin/bash
# usage: [CHURN=3000/s] [OUT_DIR=/tmp/loginbench] [DB=constellation_loginbench] [LG_JAVA_OPTS=...] \
#        satellite-logins-run.sh JAR LABEL PORT mariadb|h2
# A fresh catalog with 5,000 users (1 PBKDF2 iteration), one satellite server (2 I/O threads),
# then three load-generator runs of 5,000 satellites with 300 files: cold ramp, warm ramp, churn;
# server CPU from /proc/PID/stat around each run.
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
java -Xmx4g -jar $JAR satellite-server $CAT --port $PORT --admin-port 0 --metrics-port 0 --io-threads 2 \
   --connections-per-second-per-address 0 --password-iterations 1 --server-id bench > $OUT/server.txt 2>&1 &
SPID=$!
for i in $(seq 60); do grep -q -i 'ready' $OUT/server.txt && break; sleep 1; done
LG="java ${LG_JAVA_OPTS--XX:TieredStopAtLevel=1} -jar $JAR loadgen satellites --server 127.0.0.1:$PORT --satellites 5000 --files-per-satellite 300 --source-addresses 127.0.0.2-127.0.0.9 --event-loops 2 --universe 50000 --zipf 1.0 --seed 42 --ramp-rate 5000/s"
cpu() { awk '{print $14+$15}' /proc/$SPID/stat; }
stage() { local name=$1; shift; echo "$(uptime)" > $OUT/$name.uptime; local c0=$(cpu); $LG "$@" > $OUT/$name.txt 2>&1; local c1=$(cpu); echo "$name server cpu ticks $((c1-c0)) (clk $(getconf CLK_TCK)) load: $(cat $OUT/$name.uptime | sed 's/.*load/load/') -> $(uptime | sed 's/.*load/load/')" | tee -a $OUT/cpu.txt; }
stage cold --churn 0/s --duration 30s
stage warm --churn 0/s --duration 20s
stage churn --churn ${CHURN:-6000/s} --duration 60s
kill $SPID; wait $SPID
