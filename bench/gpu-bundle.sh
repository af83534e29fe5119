#!/usr/bin/env bash
# Prepares everything a bare GPU machine without network needs for bench/gpu-device-run.sh, in
# folders .gitignore keeps out of git (.gpu/, .gl/):
#   bench/target/benchmarks.jar  the server, the CLI, LoadTool, GpuTiming and the JUnit console (-Pgpu-check)
#   .gpu/render-core-tests.jar   render-core's test classes (the CUDA/GL parity tests)
#   .gpu/jre.tar.xz              a jlink'd Java 25 runtime (about 23 MB; the machine has no JDK)
#   .gl/*.deb                    libglvnd's EGL/GL loaders (the machine has the NVIDIA driver, not the loaders)
# Together about 62 MB, under the device tool's 64 MiB. Then, with the device tool:
#   run  command: bash bench/gpu-device-run.sh   carry: [".gl", ".gpu", "bench/target/benchmarks.jar"]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
bash bench/build-gpu-check.sh "$@"
mkdir -p .gpu .gl
"$JAVA_HOME/bin/jar" cf .gpu/render-core-tests.jar -C render-core/target/test-classes .
if [ ! -f .gpu/jre.tar.xz ]; then
  tmp=$(mktemp -d)
  "$JAVA_HOME/bin/jlink" --add-modules java.base,java.desktop,java.sql,java.net.http,jdk.httpserver,jdk.incubator.vector,jdk.jfr,jdk.management,jdk.unsupported,java.xml,java.logging,java.management,java.naming,jdk.zipfs,jdk.crypto.ec \
    --strip-debug --no-header-files --no-man-pages --output "$tmp/jre"
  tar -C "$tmp" -cf - jre | xz -T2 -6 > .gpu/jre.tar.xz
  rm -rf "$tmp"
fi
if ! ls .gl/libegl1_*.deb >/dev/null 2>&1; then
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  mkdir -p /tmp/amd64/partial
  apt-get $o update >/dev/null
  (cd .gl && apt-get $o download libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
fi
du -ch .gpu .gl bench/target/benchmarks.jar | tail -1
