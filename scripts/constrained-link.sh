#!/usr/bin/env bash
# Constrained-link bench: server in one network namespace, headless clients in another, joined by
# a veth pair. The kernel's tbf qdisc limits the rate in both directions; this sandbox's kernel has
# no netem (CONFIG_NET_SCH_NETEM is off: "Specified qdisc kind is unknown"), so the delay is added
# by LinkBench's in-process proxy in the client namespace. Needs root (ip netns). Cleans up on exit.
#
#   scripts/constrained-link.sh [SECONDS] [RUNS]      (after ./mvnw -q -o package -DskipTests -pl bench -am)
# Environment: PROFILES="label:mbit:rtt_ms ..." (default 50/40, 5/80, 1/100), NOTSENT_LOWAT (bytes,
# sets net.ipv4.tcp_notsent_lowat in the server namespace).
set -euo pipefail
SECONDS_PER_RUN=${1:-5}
RUNS=${2:-3}
cd "$(dirname "$0")/.."
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
JAR=bench/target/benchmarks.jar
PROFILES=${PROFILES:-"50mbit-40ms:50:40 5mbit-80ms:5:80 1mbit-100ms:1:100"}
SRV=rs-srv-$$ CLI=rs-cli-$$ VS=rsvs$$ VC=rsvc$$
KEY=$(mktemp)
SERVER_PID=

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  ip netns del "$SRV" 2>/dev/null || true
  ip netns del "$CLI" 2>/dev/null || true
  rm -f "$KEY"
}
trap cleanup EXIT INT TERM

ip netns add "$SRV"
ip netns add "$CLI"
ip link add "$VS" type veth peer name "$VC"
ip link set "$VS" netns "$SRV"
ip link set "$VC" netns "$CLI"
ip -n "$SRV" addr add 10.77.0.1/24 dev "$VS"
ip -n "$CLI" addr add 10.77.0.2/24 dev "$VC"
for ns in "$SRV" "$CLI"; do ip -n "$ns" link set lo up; done
ip -n "$SRV" link set "$VS" up
ip -n "$CLI" link set "$VC" up
if [ -n "${NOTSENT_LOWAT:-}" ]; then ip netns exec "$SRV" sysctl -qw net.ipv4.tcp_notsent_lowat="$NOTSENT_LOWAT"; fi

ip netns exec "$SRV" "$JAVA" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp "$JAR" io.radstream.bench.LinkBench \
  serve 10.77.0.1 8080 "$KEY" >/tmp/rs-link-server-$$.log 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do [ -s "$KEY" ] && break; sleep 0.5; done
[ -s "$KEY" ] || { echo "server did not start; see /tmp/rs-link-server-$$.log" >&2; exit 1; }
STUDY=$(cat "$KEY")

echo "| link (tbf rate, proxy RTT) | TTFI ms | interactive fps | Mbit/s | input-to-frame p50 ms | mean frame width px |"
echo "|---|---|---|---|---|---|"
for prof in $PROFILES; do
  IFS=: read -r label mbit rtt <<<"$prof"
  # tbf both ways; burst = 10 ms of data (at least 2 MTU), queue up to 200 ms
  for pair in "$SRV:$VS" "$CLI:$VC"; do
    ns=${pair%%:*} dev=${pair##*:}
    burst=$(( mbit * 1000000 / 8 / 100 )); [ "$burst" -lt 3200 ] && burst=3200
    tc -n "$ns" qdisc replace dev "$dev" root tbf rate "${mbit}mbit" burst "$burst" latency 200ms
  done
  ip netns exec "$CLI" "$JAVA" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp "$JAR" io.radstream.bench.LinkBench \
    run 10.77.0.1 8080 "$STUDY" "$label" "$rtt" 0 "$SECONDS_PER_RUN" "$RUNS" 2>>/tmp/rs-link-client-$$.log | grep -v "^#" || echo "| $label | failed: see /tmp/rs-link-client-$$.log |"
done
