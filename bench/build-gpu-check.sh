#!/usr/bin/env bash
# Builds bench/target/gpu-check.jar (render-core + its tests, volume-engine, LWJGL with lwjgl-cuda,
# GpuTiming, JUnit Platform Console Standalone) for bench/gpu-check.sh, which runs it on a GPU
# machine without network or Maven. A reactor package from the repository root; never `mvn install`.
# Add -o once the dependencies are in ~/.m2.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -q package -Pgpu-check -pl bench -am -DskipTests "$@"
ls -l bench/target/gpu-check.jar
