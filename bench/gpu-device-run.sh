#!/usr/bin/env bash
# Runs on the GPU machine (as root, no network) from what bench/gpu-bundle.sh prepared: unpacks the
# GL loaders and the Java runtime, then bench/gpu-check.sh (CUDA/GL parity tests, ms/frame table)
# and bench/gpu-server-check.sh (CLI renders vs CPU, /api/status, LoadTool). Results under $OUT.
set -uo pipefail
cd "$(dirname "$0")/.."
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
tar -C /tmp -xJf .gpu/jre.tar.xz 2>/dev/null || python3 -c "import tarfile; tarfile.open('.gpu/jre.tar.xz').extractall('/tmp')"
export GPU_CHECK_JAVA=/tmp/jre/bin/java
export GPU_CHECK_CLASSPATH=bench/target/benchmarks.jar:.gpu/render-core-tests.jar
export GPU_CHECK_TEST_TIMEOUT=${GPU_CHECK_TEST_TIMEOUT:-240} GPU_CHECK_TIMING_TIMEOUT=${GPU_CHECK_TIMING_TIMEOUT:-240}
vendor=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
[ -f $vendor ] && export __EGL_VENDOR_LIBRARY_FILENAMES=$vendor
bash bench/gpu-check.sh; rc=$?
[ "${GPU_SERVER_CHECK:-1}" = 1 ] && bash bench/gpu-server-check.sh
if [ -n "${OUT:-}" ] && [ -d "$OUT/junit" ]; then (cd "$OUT" && tar czf junit.tgz junit && rm -rf junit); fi
echo "gpu-check exit $rc"
exit $rc
