#!/usr/bin/env bash
# Runs every Radstream test. Installs what the tests need first (Debian packages: DICOM peers and
# reference tools, Chromium for browser tests), so it works on a fresh Debian machine as root.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash scripts/install-test-deps.sh
source scripts/java-home.sh
sh volume-engine/src/main/native/build-openjph-shim.sh # optional OpenJPH HTJ2K shim (docs/decisions.md)
./mvnw -B -ntp verify "$@"
