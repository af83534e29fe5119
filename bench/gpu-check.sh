#!/usr/bin/env bash
# GPU check: runs on a GPU machine from the prebuilt bench/target/gpu-check.jar (no network, no Maven).
#   1. environment: libcuda/libnvrtc (ldconfig), nvidia-smi, Java
#   2. parity: BackendParityTest (every backend vs CPU, native slices), CudaRendererTest (CUDA reformats
#      and slabs vs CPU, memory budget/LRU eviction), GL reformats/slabs/VOI/grid-aligned slabs/bricked
#      volumes and MIP pyramid levels vs CPU (Gl*ParityTest, GlBrickedVolumeTest), GlRendererTest,
#      BackendsTest — JUnit console
#   3. timing: ms/frame per mode × backend × volume size (io.radstream.bench.GpuTiming)
# Writes a Markdown report to $OUT/gpu-results.md (or ./gpu-results.md) plus the JUnit XML reports.
# Exit: 0 all ran and no test failed; 1 a test failed; 2 no Java 25 / no jar; 3 libcuda is present but
# the CUDA backend did not start (the reason is in the report).
# Build the jar first, where Maven works: bench/build-gpu-check.sh
set -uo pipefail
cd "$(dirname "$0")/.."
JAR="${GPU_CHECK_JAR:-bench/target/gpu-check.jar}"
# or a classpath: bench/target/benchmarks.jar (built with -Pgpu-check, so it holds the JUnit console)
# plus a jar of render-core's test classes, which saves carrying gpu-check.jar beside benchmarks.jar
CP="${GPU_CHECK_CLASSPATH:-$JAR}"
DEST="${OUT:-.}"
mkdir -p "$DEST"
REPORT="$DEST/gpu-results.md"
LOG="$DEST/gpu-check.log"
: > "$LOG"
say() { echo "$*" | tee -a "$LOG"; }

# ---------------------------------------------------------------- Java 25
JAVA=""
for j in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/temurin-25*/bin/java /usr/lib/jvm/*25*/bin/java /opt/java*/bin/java \
         "${GPU_CHECK_JAVA:-}" "$(command -v java 2>/dev/null)"; do
  [ -n "$j" ] && [ -x "$j" ] || continue
  v=$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  if [ "${v%%.*}" -ge 25 ] 2>/dev/null; then JAVA="$j"; break; fi
done
if [ -z "$JAVA" ]; then say "no Java 25 found (set JAVA_HOME or GPU_CHECK_JAVA)"; exit 2; fi
if [ -z "${GPU_CHECK_CLASSPATH:-}" ] && [ ! -f "$JAR" ]; then say "missing $JAR: build it with bench/build-gpu-check.sh"; exit 2; fi
JOPTS=(--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -Xmx4g -Djava.awt.headless=true)

# ---------------------------------------------------------------- environment
LIBS=$( (ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null) | grep -E 'libcuda\.so|libnvrtc\.so' )
HAVE_CUDA=0
if echo "$LIBS" | grep -q 'libcuda\.so'; then HAVE_CUDA=1; fi
# also outside the ldconfig cache (containers): the renderer searches these too
if [ $HAVE_CUDA = 0 ] && ls /usr/lib/x86_64-linux-gnu/libcuda.so* /usr/lib64/libcuda.so* /usr/local/nvidia/lib64/libcuda.so* >/dev/null 2>&1; then
  HAVE_CUDA=1
fi
NVRTC_FILES=$(ls /usr/local/cuda*/lib*/libnvrtc.so* /usr/local/cuda*/targets/x86_64-linux/lib/libnvrtc.so* \
              /usr/lib/x86_64-linux-gnu/libnvrtc.so* 2>/dev/null | grep -v builtins | tr '\n' ' ')
if command -v nvidia-smi >/dev/null 2>&1; then
  SMI=$(nvidia-smi --query-gpu=name,memory.total,memory.used,driver_version --format=csv,noheader 2>&1)
else
  SMI="nvidia-smi not found"
fi
if [ $HAVE_CUDA = 1 ]; then GPU_LINE="GPU: libcuda found"; else GPU_LINE="no GPU: libcuda not found"; fi
say "$GPU_LINE"
say "nvidia-smi: $SMI"
say "libraries: ${LIBS:-none in the ldconfig cache} ${NVRTC_FILES}"
say "java: $JAVA ($("$JAVA" -version 2>&1 | head -1))"

# ---------------------------------------------------------------- parity tests
say "== parity tests"
JUNIT_OUT="$DEST/junit-output.txt"
timeout "${GPU_CHECK_TEST_TIMEOUT:-300}" "$JAVA" "${JOPTS[@]}" -cp "$CP" org.junit.platform.console.ConsoleLauncher execute \
  --select-class io.radstream.render.BackendParityTest \
  --select-class io.radstream.render.CudaRendererTest \
  --select-class io.radstream.render.cuda.KernelCompileTest \
  --select-class io.radstream.render.CudaVoiParityTest \
  --select-class io.radstream.render.gl.GlRendererTest \
  --select-class io.radstream.render.GlMprParityTest \
  --select-class io.radstream.render.GlVoiParityTest \
  --select-class io.radstream.render.GlGridSlabParityTest \
  --select-class io.radstream.render.GlBrickedVolumeTest \
  --select-class io.radstream.render.GlMipPyramidParityTest \
  --select-class io.radstream.render.BackendsTest \
  --details=tree --disable-banner --disable-ansi-colors --reports-dir "$DEST/junit" > "$JUNIT_OUT" 2>&1
JUNIT_RC=$?
cat "$JUNIT_OUT" >> "$LOG"
summary() { grep -E "^\[ *[0-9]+ tests (successful|failed|skipped|aborted)" "$JUNIT_OUT" | sed 's/[][]//g; s/^ *//' | tr '\n' ';'; }
say "junit exit $JUNIT_RC: $(summary)"
CUDA_STATUS=$(grep -m1 -E '^cuda: |^cuda parity skipped: ' "$JUNIT_OUT" || echo "cuda: (no line from CudaRendererTest)")
AUTO=$(grep -m1 '^auto: ' "$JUNIT_OUT" || true)
say "$CUDA_STATUS"

# ---------------------------------------------------------------- timing
say "== timing"
TIMING="$DEST/timing.md"
QUICK=()
[ $HAVE_CUDA = 1 ] || QUICK=(--quick)
timeout "${GPU_CHECK_TIMING_TIMEOUT:-420}" "$JAVA" "${JOPTS[@]}" -cp "$CP" io.radstream.bench.GpuTiming "${QUICK[@]}" "$TIMING" >> "$LOG" 2>&1
TIMING_RC=$?
[ -s "$TIMING" ] || echo "timing did not finish (exit $TIMING_RC); see gpu-check.log" > "$TIMING"

# ---------------------------------------------------------------- report
{
  echo "# GPU check — $(date -u +%Y-%m-%dT%H:%MZ) on $(hostname)"
  echo
  echo "- $GPU_LINE"
  echo "- nvidia-smi: $SMI"
  echo "- libraries: ${LIBS:-none in the ldconfig cache} ${NVRTC_FILES}" | tr '\t' ' '
  echo "- java: $("$JAVA" -version 2>&1 | head -1)"
  echo "- CUDA backend: ${CUDA_STATUS}"
  [ -n "$AUTO" ] && echo "- automatic selection: ${AUTO#auto: }"
  echo
  echo "## Parity (JUnit, exit $JUNIT_RC)"
  echo
  echo "$(summary)"
  echo
  echo '```'
  grep -E '(✔|✘|↷|■)' "$JUNIT_OUT" | sed 's/^[│ ├└─]*//' | head -80
  grep -E -A3 '(MethodSource|=> )' "$JUNIT_OUT" | grep -E '=> |Assertion|Exception' | head -20
  echo '```'
  echo
  echo "## Timing (ms/frame${QUICK:+, --quick: small volumes, viewports ≤ 512²})"
  echo
  cat "$TIMING"
} > "$REPORT"
echo "report: $REPORT"
cat "$REPORT"

if [ $JUNIT_RC -ne 0 ] && grep -qE '[1-9][0-9]* tests failed' "$JUNIT_OUT"; then exit 1; fi
if [ $JUNIT_RC -ne 0 ]; then exit 1; fi
if [ $HAVE_CUDA = 1 ] && ! grep -q '^cuda: ' "$JUNIT_OUT"; then exit 3; fi
exit 0
