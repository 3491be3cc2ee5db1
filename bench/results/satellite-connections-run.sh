#!/bin/bash
# usage: satellite-connections-run.sh JAR LABEL PORT PER_PROCESS [OUT_DIR]
# Heap per idle logged-in satellite: one satellite server (-Xms1g -Xmx1g, epoll, MariaDB
# catalog h_ch_heapbench), 200 warm-up satellites (prefix w, from 127.0.0.4), a live
# histogram, then 2 x PER_PROCESS satellites (prefixes a and b, from 127.0.0.2 and
# 127.0.0.3) with empty share lists, a second live histogram once all are online;
# (after - before) / (2 x PER_PROCESS) is the figure. Writes OUT_DIR/LABEL/*.
JAR=$1; L=$2; PORT=$3; N=$4
OUT=${5:-/tmp/connbench}/$L; rm -rf $OUT; mkdir -p $OUT
DB=h_ch_heapbench
mysql -uroot -e "drop database if exists $DB; create database $DB character set utf8mb4"
export CONSTELLATION_CATALOG_URL="jdbc:mariadb://127.0.0.1:3306/$DB?sslMode=disable" \
       CONSTELLATION_CATALOG_USER=root CONSTELLATION_CATALOG_PASSWORD=
for p in w:200 a:$N b:$N; do
  java -jar $JAR users add-many --prefix ${p%%:*} --count ${p##*:} --iterations 1 > $OUT/users-${p%%:*}.txt 2>&1
done
java -Xms1g -Xmx1g -jar $JAR satellite-server --port $PORT --admin-port 0 --metrics-port 0 \
     --connections-per-second-per-address 0 --max-connections 19500 --heartbeat PT600S \
     --password-iterations 1 > $OUT/server.txt 2>&1 &
SPID=$!
for i in $(seq 120); do grep -q 'ready' $OUT/server.txt && break; sleep 1; done
METRICS=$(grep -o 'metrics http://[^ ,]*' $OUT/server.txt | head -1 | cut -d' ' -f2)
online() { curl -s $METRICS | awk '/^constellation_satellites_online/ {printf "%d", $2}'; }
await_online() { for i in $(seq 600); do [ "$(online)" -ge $1 ] 2>/dev/null && return 0; sleep 1; done; return 1; }
live() { jcmd $SPID GC.run > /dev/null; jmap -histo:live $SPID > $OUT/$1.histo; tail -1 $OUT/$1.histo | awk '{print $3}'; }
LG="java -Xmx1g -jar $JAR loadgen satellites --server 127.0.0.1:$PORT --files-per-satellite 0 --event-loops 1"
$LG --satellites 200 --users-prefix w --source-addresses 127.0.0.4 --duration 900s --ramp-rate 200 > $OUT/lg-w.txt 2>&1 &
WPID=$!
await_online 200 || echo "warm-up did not come online" | tee -a $OUT/result.txt
sleep 5
BEFORE=$(live before)
C0=$(awk '{print $14+$15}' /proc/$SPID/stat)
for p in a:127.0.0.2 b:127.0.0.3; do
  $LG --satellites $N --users-prefix ${p%%:*} --source-addresses ${p##*:} --duration 600s --ramp-rate 600 \
      > $OUT/lg-${p%%:*}.txt 2>&1 &
done
await_online $((200 + 2 * N)) || echo "not all came online: $(online)" | tee -a $OUT/result.txt
C1=$(awk '{print $14+$15}' /proc/$SPID/stat)
sleep 5
ONLINE=$(online)
AFTER=$(live after)
RSS=$(awk '/VmRSS/ {print $2}' /proc/$SPID/status)
{
  echo "label $L per-process $N online $ONLINE (warm-up 200 included)"
  echo "live heap before $BEFORE after $AFTER"
  echo "bytes per satellite $(( (AFTER - BEFORE) / (ONLINE - 200) ))"
  echo "rss kB $RSS; server cpu ticks during the ramp $((C1 - C0)) (clk $(getconf CLK_TCK))"
  echo "load: $(uptime)"
} | tee -a $OUT/result.txt
kill $(jobs -p) 2>/dev/null; wait 2>/dev/null
