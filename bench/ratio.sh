#!/bin/sh
# Ed25519: our domain-separated verify against Bouncy Castle's raw verify, in alternating short
# JMH runs, so that load from other processes on a shared machine hits both alike. Prints each
# round's throughputs and the median of the per-round ratios (ours / raw). Build first:
#   mvn -B -pl bench -am package -DskipTests
# Usage: bench/ratio.sh [rounds]   (JAVA_HOME picks the JDK)
set -eu
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR="$(dirname "$0")/target/bench.jar"
ROUNDS="${1:-5}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

score() { # benchmark name -> ops/s
    "$JAVA" -jar "$JAR" "Ed25519Bench\\.$1\$" -f 1 -wi 2 -i 3 -w 1s -r 1s -rf csv -rff "$TMP/r.csv" >/dev/null
    awk -F, 'NR == 2 { printf "%.0f", $5 }' "$TMP/r.csv"
}

i=1
while [ "$i" -le "$ROUNDS" ]; do
    raw=$(score bouncyCastleRawVerify)
    ours=$(score bourseVerify)
    ratio=$(awk -v a="$ours" -v b="$raw" 'BEGIN { printf "%.3f", a / b }')
    echo "round $i: bouncyCastleRawVerify $raw ops/s, bourseVerify $ours ops/s, ratio $ratio"
    echo "$ratio" >> "$TMP/ratios"
    i=$((i + 1))
done
sort -n "$TMP/ratios" | awk '{ r[NR] = $1 } END { m = (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2;
    printf "median ratio bourseVerify / bouncyCastleRawVerify over %d rounds: %.3f\n", NR, m }'
