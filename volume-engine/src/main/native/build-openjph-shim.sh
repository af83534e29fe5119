#!/bin/sh
# Builds libradstream_openjph.so (radstream_openjph.cpp), by default into
# volume-engine/target/classes/native/linux-x86_64, where the Java side finds it on the class path
# (io.radstream.volume.codec.j2k.OpenJphShim) and from where `package` puts it into the jars. Run it
# before (or after compiling and before packaging) the Maven build; Maven does not run it: the
# offline build has no plugin that executes commands. Optional: without a C++ compiler or the
# OpenJPH headers (Debian: apt-get install g++ libopenjph-dev) it says so and exits 0, and HTJ2K
# frames decode through OpenJPEG as before. `mvn clean` removes the library with the classes.
#   usage: build-openjph-shim.sh [OUT_DIR]
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../../../target/classes/native/linux-x86_64}
cxx=${CXX:-g++}
skip() {
    echo "[openjph-shim] not built ($1): HTJ2K will decode through OpenJPEG. To build it: apt-get install g++ libopenjph-dev"
    exit 0
}
command -v "$cxx" >/dev/null 2>&1 || skip "no C++ compiler '$cxx'"
[ -f /usr/include/openjph/ojph_codestream.h ] || skip "no OpenJPH headers in /usr/include/openjph"
mkdir -p "$out" || skip "cannot create $out"
lib="$out/libradstream_openjph.so"
if [ -f "$lib" ] && [ "$lib" -nt "$here/radstream_openjph.cpp" ] && [ "$lib" -nt "$0" ]; then exit 0; fi
if "$cxx" -O2 -shared -fPIC -o "$lib.tmp" "$here/radstream_openjph.cpp" -lopenjph 2>"$out/openjph-shim-build.log"; then
    mv "$lib.tmp" "$lib"
    rm -f "$out/openjph-shim-build.log"
    echo "[openjph-shim] built $lib"
else
    rm -f "$lib.tmp"
    skip "compiler failed, see $out/openjph-shim-build.log"
fi
