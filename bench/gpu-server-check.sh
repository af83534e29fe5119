#!/usr/bin/env bash
# Server end to end on a GPU machine, from the prebuilt bench/target/benchmarks.jar (no network, no Maven):
#   1. `radstream render` of a CTA phantom and a DBT phantom in every CLI mode on cpu, cuda and gl:
#      each GPU image compared byte for byte with the CPU's (same PNG encoder, so same pixels = same file)
#   2. `radstream serve --backend auto`: the start-up log line and GET /api/status (backend, device, memory)
#   3. LoadTool: N protocol clients scrolling and windowing against a server that chose its backend itself
# Writes $OUT/server-check.md (or ./server-check.md). Java: GPU_CHECK_JAVA, else java on the PATH.
# Build the jar first, where Maven works: bench/build-gpu-check.sh (builds benchmarks.jar too).
set -uo pipefail
cd "$(dirname "$0")/.."
JAVA="${GPU_CHECK_JAVA:-java}"
CP="${GPU_CHECK_CLASSPATH:-bench/target/benchmarks.jar}"
DEST="${OUT:-.}"
mkdir -p "$DEST"
REPORT="$DEST/server-check.md"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
J=("$JAVA" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -Xmx8g -Djava.awt.headless=true -cp "$CP")
rs() { "${J[@]}" io.radstream.server.cli.Radstream "$@"; }
http() { python3 -c 'import sys,urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' "$1"; }

{
  echo "# Server check — $(date -u +%Y-%m-%dT%H:%MZ) on $(hostname)"
  echo
  echo "## radstream render: GPU backends against the CPU (byte-identical PNG = identical pixels)"
  echo
  echo "| study | mode | cuda | gl |"
  echo "|---|---|---|---|"
} > "$REPORT"

rs phantom --kind cta --out "$WORK/cta" --slices 300 > "$WORK/phantom.log" 2>&1 || { echo "phantom cta failed: $(tail -3 "$WORK/phantom.log")" >> "$REPORT"; }
rs phantom --kind dbt --out "$WORK/dbt" --rows 1229 --columns 945 --frames 24 >> "$WORK/phantom.log" 2>&1 || { echo "phantom dbt failed" >> "$REPORT"; }

compare() { # study name args...
  local study=$1 name=$2; shift 2
  local cells=()
  rs render "$WORK/$study" "$@" --backend cpu --out "$WORK/$name-cpu.png" > "$WORK/$name-cpu.log" 2>&1 \
    || { echo "| $study | $name | cpu failed: $(grep -m1 -E "^radstream|Exception|rror" "$WORK/$name-cpu.log" | cut -c1-200) | |" >> "$REPORT"; return; }
  for b in cuda gl; do
    if rs render "$WORK/$study" "$@" --backend $b --out "$WORK/$name-$b.png" > "$WORK/$name-$b.log" 2>&1; then
      if cmp -s "$WORK/$name-cpu.png" "$WORK/$name-$b.png"; then cells+=("identical")
      else cells+=("DIFFERS ($(cmp -l "$WORK/$name-cpu.png" "$WORK/$name-$b.png" 2>/dev/null | wc -l) bytes)"); fi
    else
      cells+=("failed: $(grep -m1 -E "^radstream|Exception|rror" "$WORK/$name-$b.log" | cut -c1-200)")
    fi
  done
  echo "| $study | $name $* | ${cells[0]} | ${cells[1]} |" >> "$REPORT"
}
compare cta slice --mode slice --index 150
compare cta slice-window --mode slice --index 40 --window 300,600
compare cta mpr-coronal --mode mpr --plane coronal --size 1024x1024
compare cta mpr-sagittal-slab --mode mpr --plane sagittal --slab 6
compare cta mip-axial --mode mip --plane axial --slab 30 --size 1024x1024
compare cta mip-coronal-full --mode mip --plane coronal --slab 400
compare cta minip-coronal --mode minip --plane coronal --slab 10
compare cta avg-sagittal --mode avg --plane sagittal --slab 15
compare dbt/DBT000001.dcm dbt-slice --mode slice --index 12
compare dbt/DBT000001.dcm dbt-slab --mode dbt --slab 10 --size 945x1229

# ---------------------------------------------------------------- serve, /api/status
echo >> "$REPORT"
echo "## radstream serve --backend auto" >> "$REPORT"
rs import --data "$WORK/data" "$WORK/cta" > "$WORK/import.log" 2>&1
rs serve --data "$WORK/data" --port 18080 --bind 127.0.0.1 --backend auto > "$WORK/serve.log" 2>&1 &
SERVER=$!
for i in $(seq 1 60); do http http://127.0.0.1:18080/healthz > /dev/null 2>&1 && break; sleep 0.5; done
{
  echo
  echo '```'
  grep -iE 'backend|cuda|render' "$WORK/serve.log" | head -5
  echo '```'
  echo
  echo "GET /api/status:"
  echo '```'
  http http://127.0.0.1:18080/api/status 2>&1 | head -c 2000
  echo
  echo '```'
} >> "$REPORT"
kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null

# ---------------------------------------------------------------- load
{
  echo
  echo "## LoadTool (4 s per row, 1024² viewport, backend chosen automatically)"
  echo
  timeout "${GPU_LOAD_TIMEOUT:-120}" "${J[@]}" io.radstream.bench.LoadTool 4 1024 ${GPU_LOAD_CLIENTS:-1 8 16} 2>&1 | grep -E '^\|' || echo "LoadTool did not finish"
} >> "$REPORT"
cat "$REPORT"
